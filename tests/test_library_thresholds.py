"""Hand-derived thresholds of the model library, checked against the solvers.

Each case names a game file, a parameter, the threshold derived by hand in the game's
description, and what the solver must find just below and just above it (the other
parameters at their baselines). The solvers know nothing of the thresholds, so a wrong
derivation or a wrong payoff fails here.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from convenience.solvers import solve
from convenience.spec import load_game

GAMES = Path(__file__).resolve().parents[1] / "games"
EPS = Fraction(1, 100)


def _pure_equilibria(path: str, values: dict) -> set[tuple[str, ...]]:
    """Names of the pure equilibria, and a marker when a mixed one exists."""
    game = load_game(GAMES / path).at(values)
    result = solve(game)
    out = set()
    for eq in result.equilibria:
        if eq.is_pure:
            out.add(tuple(s[i] for s, i in zip(game.strategies, eq.pure_indices)))
        else:
            out.add(("mixed",))
    return out


# (file, parameter, threshold, equilibria just below, equilibria just above)
NORMAL_FORM_CASES = [
    # Russia intervenes while r + c * (1 - r) < q, i.e. c < (q - r) / (1 - r) = (19/20 - 1/5) / (4/5)
    ("intervention.yaml", "c", Fraction(15, 16), {("Intervene", "StayIn")}, {("StayOut", "StayIn")}),
    # with Russia in, Iran stays in while K < A + (min(1, r + d) - r) * V = 3 + 0.3 * 8
    ("intervention.yaml", "K", Fraction(27, 5), {("Intervene", "StayIn")}, {("Intervene", "ScaleDown")}),
    # the alliance is self-enforcing only when G <= E - D (with S = 0 so Iran's side holds)
    ("alliance.yaml", "G", Fraction(1), "alliance-with-S0", "no-alliance-with-S0"),
    # the counterweight is the only outcome while x < w - p; between w - p and w a second
    # equilibrium appears (a pressuring Russia that Damascus does not lean on)
    ("patrons.yaml", "x", Fraction(2), {("Dictate", "Correct", "LeanRussia")},
     {("Dictate", "Correct", "LeanRussia"), ("Dictate", "Pressure", "LeanIran"), ("mixed",)}),
    # above x = w, Damascus no longer leans on a correct Russia
    ("patrons.yaml", "x", Fraction(3), {("Dictate", "Correct", "LeanRussia"), ("Dictate", "Pressure", "LeanIran"),
                                        ("mixed",)}, {("Dictate", "Pressure", "LeanIran")}),
    # Iran pursues its projects under a Russian presence while beta < 1 - F / V_I; above, a cycle
    ("post-war.yaml", "beta", Fraction(5, 6), {("Stay", "Pursue")}, {("mixed",)}),
    # under Gulf arming Russia prefers a partial drawdown to full strength while e < (C + q_A) / 2
    ("second-afghanistan.yaml", "e", Fraction(11, 4), {("Arm", "Partial")}, {("Arm", "Persist")}),
    # and withdraws once its stake falls below e + (C + q_A) / 2 (the partial drawdown being the better stay)
    ("second-afghanistan.yaml", "S", Fraction(19, 4), {("Arm", "Withdraw")}, {("Arm", "Partial")}),
]


@pytest.mark.parametrize("path, name, threshold, below, above", NORMAL_FORM_CASES,
                         ids=[f"{c[0]}:{c[1]}={c[2]}" for c in NORMAL_FORM_CASES])
def test_normal_form_threshold(path, name, threshold, below, above):
    if below == "alliance-with-S0":
        found_below = _pure_equilibria(path, {name: threshold - EPS, "S": 0})
        found_above = _pure_equilibria(path, {name: threshold + EPS, "S": 0})
        assert ("Alliance", "Alliance") in found_below
        assert ("Alliance", "Alliance") not in found_above
        assert ("Coordinate", "Coordinate") in found_above
        return
    assert _pure_equilibria(path, {name: threshold - EPS}) == below
    assert _pure_equilibria(path, {name: threshold + EPS}) == above


def test_convergence_needs_kappa_above_cost():
    """(Federation, Converge, Converge) is an equilibrium while c_I <= kappa_I = 2."""
    assert ("Federation", "Converge", "Converge") in _pure_equilibria("federation.yaml", {"c_I": 2 - EPS})
    assert ("Federation", "Converge", "Converge") not in _pure_equilibria("federation.yaml", {"c_I": 2 + EPS})


# -- trees: follow the subgame-perfect play found by the solver ------------------------------

def _spe_paths(path: str, values: dict, chance: list[str] | None = None) -> set[tuple[str, ...]]:
    """The action sequences of every subgame-perfect equilibrium (at a chance move, the first of
    ``chance`` that is one of its outcomes)."""
    from convenience.extensive.subgames import subgame_perfect
    from convenience.extensive.tree import CHANCE, TERMINAL

    tree = load_game(GAMES / path).at(values)
    paths = set()
    for strategy in subgame_perfect(tree)[0]:
        v, played, outcomes = 0, [], list(chance or [])
        while int(tree.mover[v]) != TERMINAL:
            actions = tree.actions_at(v)
            if int(tree.mover[v]) == CHANCE:
                a = next(actions.index(o) for o in outcomes if o in actions)
            else:
                h = int(tree.infoset[v])
                probs = list(strategy[int(tree.action_offset[h]):int(tree.action_offset[h + 1])])
                assert max(probs) == 1, "pure play expected on the path"
                a = probs.index(1)
            played.append(actions[a])
            v = int(tree.first_child[v]) + a
        paths.add(tuple(played))
    return paths


TREE_CASES = [
    # with Moscow rebuffing Iran's mediation, Turkey tolerates the dual approach while g_D < tau_T;
    # then Iran muzzles its critics
    ("turkey.yaml", "g_D", Fraction(4), None, {("Dual", "Engage", "Rebuff")}, {("Muzzle", "Engage", "Rebuff")}),
    # Russia restrains Iran while rho < v + e_R
    ("israel-restraint.yaml", "rho", Fraction(4), None, {("Restrain", "Refrain")},
     {("CloseEyes", "Provoke", "Retaliate")}),
    # the strict rule deters a transfer while h < (d - f) * g + f * p_C - d * max(p_C - e_T, 0)
    # = 1/2 * 4 + 3/10 * 1 - 0
    ("s300.yaml", "h", Fraction(23, 10), ["NoReport", "Unreported"], {("Strict", "Keep", "NoReport")},
     {("Strict", "Transfer", "Unreported")}),
    # Russia defers the Assad question now while the wartime risk s exceeds one postponement's cost w
    ("assad.yaml", "s", Fraction(1), None, {("Press", "RedLine")}, {("Defer", "Press", "RedLine")}),
    # and puts it point-blank later while p * T - F_R > -w, i.e. T > (F_R - w) / p = 2
    ("assad.yaml", "T", Fraction(2), None, {("Defer", "Defer")}, {("Defer", "Press", "RedLine")}),
    # Iran holds its red line while (1 - p) * A_I > F_I, i.e. A_I > 6; below it concedes when pressed
    ("assad.yaml", "A_I", Fraction(6), None, {("Defer", "Press", "Concede")}, {("Defer", "Press", "RedLine")}),
    # an objection deters Israel exactly when x > sigma * A - s = 2 (seen after Russia objects)
    ("israel-strikes.yaml", "x", Fraction(2), None, {("CloseEyes", "Arm", "Strike")}, {("CloseEyes", "Arm", "Strike")}),
    # Russia closes its eyes while t < O = 4; above, it objects and the objection deters
    ("israel-strikes.yaml", "t", Fraction(4), None, {("CloseEyes", "Arm", "Strike")}, {("Object", "Arm", "Hold")}),
]


@pytest.mark.parametrize("path, name, threshold, chance, below, above", TREE_CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in TREE_CASES])
def test_tree_threshold(path, name, threshold, chance, below, above):
    assert _spe_paths(path, {name: threshold - EPS}, chance) == below
    assert _spe_paths(path, {name: threshold + EPS}, chance) == above


def _spe_actions(path: str, values: dict, node: str) -> set[str]:
    """The action each subgame-perfect equilibrium plays at the node named (or reached by) ``node``."""
    from convenience.extensive.subgames import subgame_perfect

    tree = load_game(GAMES / path).at(values)
    named = {name: int(v) for v, name in tree.names.items()}
    v = named[node] if node in named else next(v for v in range(tree.n_nodes) if tree.path_label(v) == node)
    h = int(tree.infoset[v])
    found = set()
    for strategy in subgame_perfect(tree)[0]:
        probs = list(strategy[int(tree.action_offset[h]):int(tree.action_offset[h + 1])])
        found.add(tree.actions_at(v)[probs.index(1)])
    return found


def test_objection_deters_exactly_above_the_hand_derived_risk():
    """Israel holds after a Russian objection exactly when x > sigma * A - s (= 2 at the baseline):
    with no deterrent the objection changes nothing, so the claim tests deterrence."""
    assert _spe_actions("israel-strikes.yaml", {"x": 2 + EPS}, "Object/Arm") == {"Hold"}
    assert _spe_actions("israel-strikes.yaml", {"x": 2 - EPS}, "Object/Arm") == {"Strike"}
    assert _spe_actions("israel-strikes.yaml", {"x": 0}, "Object/Arm") == {"Strike"}


def test_strict_rule_pays_while_fake_reports_cost_less_than_the_transfer_it_deters():
    """With the transfer deterred, Russia keeps the strict rule exactly when f * k < r + X, k =
    V + c_P being what a (protested) suspension costs it; at f = 1/2, V = 0, r = 0: X > 3/2."""
    values = {"f": Fraction(1, 2), "d": 1, "h": Fraction(1, 2), "V": 0, "r": 0}
    assert _spe_paths("s300.yaml", {**values, "X": Fraction(3, 2) + EPS}, ["NoReport"]) == {
        ("Strict", "Keep", "NoReport")}
    assert _spe_actions("s300.yaml", {**values, "X": Fraction(3, 2) - EPS}, "rule") == {"Lenient"}


def test_guarantee_to_israel_against_fake_reports_when_iran_would_keep_the_systems():
    """With an Iran that would not pass the systems on (h < 0) the strict rule only acts on
    fakes: Russia keeps it while r > f * (V + c_P) = 3/10 * 6 = 9/5; with r = 1, while
    c_P < 1 / (3/10) - V = 1/3."""
    values = {"h": -1}
    assert _spe_actions("s300.yaml", {**values, "r": Fraction(9, 5) + EPS}, "rule") == {"Strict"}
    assert _spe_actions("s300.yaml", {**values, "r": Fraction(9, 5) - EPS}, "rule") == {"Lenient"}
    values = {"h": -1, "r": 1}
    assert _spe_actions("s300.yaml", {**values, "c_P": Fraction(1, 3) - EPS}, "rule") == {"Strict"}
    assert _spe_actions("s300.yaml", {**values, "c_P": Fraction(1, 3) + EPS}, "rule") == {"Lenient"}


def test_contract_against_israel_when_the_rule_does_not_deter():
    """An Iran valuing the transfer above 2.3 passes the systems on under either rule; Russia
    is strict while d * (X - k) + r > 0, k = V (+ c_P if a guilty Iran protests, p_C > e_T).
    With r = 0, X = 4: V < 4; with a guilty Iran protesting (e_T = 0) and V = 1: c_P < 3."""
    values = {"h": 5, "r": 0, "X": 4}
    assert _spe_actions("s300.yaml", {**values, "V": 4 - EPS}, "rule") == {"Strict"}
    assert _spe_actions("s300.yaml", {**values, "V": 4 + EPS}, "rule") == {"Lenient"}
    values = {"h": 5, "r": 0, "X": 4, "V": 1, "e_T": 0}
    assert _spe_actions("s300.yaml", values, "suspended after a transfer") == {"Protest"}
    assert _spe_actions("s300.yaml", {**values, "c_P": 3 - EPS}, "rule") == {"Strict"}
    assert _spe_actions("s300.yaml", {**values, "c_P": 3 + EPS}, "rule") == {"Lenient"}


def test_wrongly_suspended_iran_protests_only_while_protest_pays():
    assert _spe_actions("s300.yaml", {"p_C": EPS}, "suspended wrongly") == {"Protest"}
    assert _spe_actions("s300.yaml", {"p_C": -EPS}, "suspended wrongly") == {"Silent"}
    # a guilty Iran protests only while the vindication outweighs the evidence it risks
    assert _spe_actions("s300.yaml", {"e_T": 1 - EPS}, "suspended after a transfer") == {"Protest"}
    assert _spe_actions("s300.yaml", {"e_T": 1 + EPS}, "suspended after a transfer") == {"Silent"}


def test_certain_collapse_makes_the_ranking_the_whole_condition():
    """With q = 1 (collapse "a matter of time") Russia intervenes for every c below 1: the
    decision then restates the article's ranking, and only doubt about q can overturn it."""
    assert _pure_equilibria("intervention.yaml", {"q": 1, "c": 1 - EPS}) == {("Intervene", "StayIn")}


def _belief_reliable(rho, e_r, e_o):
    """Iran's belief that Russia is reliable after two defections and one loyal episode."""
    reliable = rho * e_r ** 2 * (1 - e_r)
    return reliable / (reliable + (1 - rho) * e_o ** 2 * (1 - e_o))


def test_iran_commits_after_an_offer_only_above_five_sevenths():
    """After Washington's offer Iran commits exactly when its belief mu exceeds
    (h + S_I) / (R_I + S_I) = 5/7. With e_R = e_O the record says nothing and mu = rho, so the
    threshold is crossed by the prior itself (the US offer needs (1 - mu) * A_US > o: o = 0)."""
    assert _belief_reliable(Fraction(1, 2), Fraction(1, 5), Fraction(4, 5)) == Fraction(1, 5)
    flat = {"e_R": Fraction(1, 2), "e_O": Fraction(1, 2), "o": 0}
    below = _spe_paths("mistrust.yaml", {**flat, "rho": Fraction(5, 7) - EPS}, ["Opportunist"])
    above = _spe_paths("mistrust.yaml", {**flat, "rho": Fraction(5, 7) + EPS}, ["Opportunist"])
    assert below == {("Offer", "Opportunist", "Hedge", "Deal")}
    assert above == {("Offer", "Opportunist", "Commit", "Deal")}


def test_iran_commits_without_an_offer_in_the_one_equilibrium():
    """Without Washington's offer Russia has nothing to betray Iran for, so Iran commits
    (R_I > h); that branch is a subgame of its own, so the equilibrium is unique, and it is
    the game's only one at the baseline. With the dialogue too costly (o above
    (1 - mu) * A_US = 12/5) Washington stays out and that commitment is what happens."""
    from convenience.extensive.subgames import subgame_perfect

    tree = load_game(GAMES / "mistrust.yaml").at({})
    assert len(subgame_perfect(tree)[0]) == 1
    assert _spe_actions("mistrust.yaml", {}, "Iran without an offer") == {"Commit"}
    assert _spe_actions("mistrust.yaml", {"R_I": 1}, "Iran without an offer") == {"Hedge"}
    assert _spe_paths("mistrust.yaml", {"o": Fraction(12, 5) + EPS}) == {("NoOffer", "Commit")}
    assert _spe_paths("mistrust.yaml", {"o": Fraction(12, 5) - EPS}, ["Opportunist"]) == {
        ("Offer", "Opportunist", "Hedge", "Deal")}


def test_mediation_threshold_with_and_without_acceptance():
    """Russia offers mediation while m < b/2 * (sides accepting) + min(G - i_R, J): 3 when both
    refuse, 5 when both accept; above it backing Iran is the better of the alternatives."""
    refused = {"a_I": -1, "a_S": -1}
    assert _spe_actions("saudi-iran.yaml", {**refused, "m": 3 - EPS}, "response") == {"Mediate"}
    assert _spe_actions("saudi-iran.yaml", {**refused, "m": 3 + EPS}, "response") == {"BackIran"}
    assert _spe_actions("saudi-iran.yaml", {"m": 5 - EPS}, "response") == {"Mediate"}
    assert _spe_actions("saudi-iran.yaml", {"m": 5 + EPS}, "response") == {"BackIran"}


def test_figurehead_fear_turns_iran_from_converging_to_resisting():
    """Facing federation and a converging Turkey, Iran converges rather than resists while
    c_R > c_I + f_I (= 3 at the baseline); a larger figurehead fear f_I lowers that bar."""
    profile = ("Federation", "Converge", "Converge")
    assert profile in _pure_equilibria("federation.yaml", {"c_R": 3 + EPS})
    assert profile not in _pure_equilibria("federation.yaml", {"c_R": 3 - EPS})
    assert profile not in _pure_equilibria("federation.yaml", {"f_I": 4 + EPS})


def test_pragmatists_retreat_when_pressing_costs_more_than_it_can_win():
    """After an unpopular reception the pragmatists become discreet while w * G_P < c_U (1.2);
    they speak out at first while c_0 < m_P * (w * G_P - c_Po) = 0.35."""
    retreat = ("BackRussia", "Unpopular", "Challenge", "Discreet")
    assert _spe_paths("iran-domestic.yaml", {"c_U": Fraction(6, 5) + EPS}, ["Unpopular"]) == {retreat}
    assert _spe_paths("iran-domestic.yaml", {"c_U": Fraction(6, 5) - EPS}, ["Unpopular"]) == {
        ("BackRussia", "Unpopular", "Challenge", "Press")}
    assert _spe_paths("iran-domestic.yaml", {"c_0": Fraction(7, 20) - EPS}, ["Unpopular"]) == {retreat}
    assert _spe_paths("iran-domestic.yaml", {"c_0": Fraction(7, 20) + EPS}, ["Unpopular"]) == {
        ("BackRussia", "Unpopular", "Defer")}


def test_moscow_accepting_the_mediation_raises_turkeys_tolerance():
    """Russia takes Iran's good offices after a dual approach while k_R > f_R (= 2); then Turkey
    tolerates the dual approach up to g_D < tau_T + m_T = 5 instead of 4."""
    assert _spe_actions("turkey.yaml", {"k_R": 2 + EPS}, "offer after a dual approach") == {"Accept"}
    assert _spe_actions("turkey.yaml", {"k_R": 2 - EPS}, "offer after a dual approach") == {"Rebuff"}
    accepted = {"k_R": 3, "n_R": 0}
    assert _spe_paths("turkey.yaml", {**accepted, "g_D": Fraction(9, 2)}) == {("Dual", "Engage", "Accept")}
    assert _spe_paths("turkey.yaml", {"g_D": Fraction(9, 2)}) == {("Muzzle", "Engage", "Rebuff")}


NEW_DILEMMA_CASES = [
    # Russia acts alone while consulting costs more than the reassurance it will owe (c > r = 1)
    ("uncoordinated-moves.yaml", "c", Fraction(1), {("Consult",)}, {("ActAlone", "Endorse", "Reassure")}),
    # and reassures an endorsing Iran while r < t_R = 2 (above: it ignores Tehran, which still endorses)
    ("uncoordinated-moves.yaml", "r", Fraction(2), {("ActAlone", "Endorse", "Reassure")},
     {("ActAlone", "Endorse", "Ignore")}),
    # Moscow brings Iran to the table exactly when the sponsors would squeeze it alone (q_S > c_S = 2)
    ("diplomatic-track.yaml", "q_S", Fraction(2), {("Alone", "Compromise")}, {("Include", "Support", "Compromise")}),
]


@pytest.mark.parametrize("path, name, threshold, below, above", NEW_DILEMMA_CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in NEW_DILEMMA_CASES])
def test_new_dilemma_threshold(path, name, threshold, below, above):
    assert _spe_paths(path, {name: threshold - EPS}) == below
    assert _spe_paths(path, {name: threshold + EPS}) == above


def test_division_of_spheres_is_what_lets_iran_entrench():
    """In a divided Syria Iran entrenches while b_I > z = 2 (Israel striking); beside Russian
    forces it holds back while b_I - z < r_I, i.e. r_I > 1."""
    assert _spe_actions("north-south.yaml", {"b_I": 2 + EPS}, "Iran in a divided Syria") == {"Entrench"}
    assert _spe_actions("north-south.yaml", {"b_I": 2 - EPS}, "Iran in a divided Syria") == {"Hold"}
    assert _spe_actions("north-south.yaml", {"r_I": 1 + EPS}, "Iran beside Russian forces") == {"Hold"}
    assert _spe_actions("north-south.yaml", {"r_I": 1 - EPS}, "Iran beside Russian forces") == {"Entrench"}
