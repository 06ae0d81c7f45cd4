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

from convenience.spec import load_game
from convenience.solvers import solve

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
    # Russia intervenes while c < q - r = 9/10 - 1/5
    ("intervention.yaml", "c", Fraction(7, 10), {("Intervene", "StayIn")}, {("StayOut", "StayIn")}),
    # with Russia in, Iran stays in while K < A + (min(1, r + d) - r) * V = 3 + 0.3 * 8
    ("intervention.yaml", "K", Fraction(27, 5), {("Intervene", "StayIn")}, {("Intervene", "ScaleDown")}),
    # the alliance is self-enforcing only when G <= E - D (with S = 0 so Iran's side holds)
    ("alliance.yaml", "G", Fraction(1), "alliance-with-S0", "no-alliance-with-S0"),
    # Russia defers while the cost of delay w < F_R; above it pressing meets Iran's red line
    ("assad.yaml", "w", Fraction(6), {("Defer", "RedLine")}, {("Press", "RedLine")}),
    # Russia tolerates Israeli strikes while t < O; above, objecting deters strikes it would
    # then rather tolerate: no pure equilibrium, only a mixed one
    ("israel-strikes.yaml", "t", Fraction(4), {("CloseEyes", "Arm", "Strike")}, {("mixed",)}),
    # the counterweight is the only outcome while x < w - p; between w - p and w a second
    # equilibrium appears (a pressuring Russia that Damascus does not lean on)
    ("patrons.yaml", "x", Fraction(2), {("Dictate", "Correct", "LeanRussia")},
     {("Dictate", "Correct", "LeanRussia"), ("Dictate", "Pressure", "LeanIran"), ("mixed",)}),
    # above x = w, Damascus no longer leans on a correct Russia
    ("patrons.yaml", "x", Fraction(3), {("Dictate", "Correct", "LeanRussia"), ("Dictate", "Pressure", "LeanIran"),
                                        ("mixed",)}, {("Dictate", "Pressure", "LeanIran")}),
    # Iran pursues its projects under a Russian presence while beta < 1 - F / V_I; above, a cycle
    ("post-war.yaml", "beta", Fraction(5, 6), {("Stay", "Pursue")}, {("mixed",)}),
    # Russia persists under Gulf arming while q_A < S - c
    ("second-afghanistan.yaml", "q_A", Fraction(3), {("Arm", "Persist")}, {("Arm", "Drawdown")}),
    # pragmatists speak out once w > c_P / G_P (the IRGC only above c_G / G_G = 1/3)
    ("iran-domestic.yaml", "w", Fraction(1, 4), {("BackRussia", "Defer", "Defer")},
     {("BackRussia", "Challenge", "Defer")}),
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


def test_mediation_stops_being_the_only_equilibrium_at_g_minus_i():
    """Russia's mediation is dominant while m < G - i_R = 3; above, backing Iran is an equilibrium."""
    below = _pure_equilibria("saudi-iran.yaml", {"m": Fraction(3) - EPS})
    above = _pure_equilibria("saudi-iran.yaml", {"m": Fraction(3) + EPS})
    assert below == {("Mediate", "Accept", "Accept")}
    assert ("Mediate", "Accept", "Accept") in above
    assert ("BackIran", "Refuse", "Refuse") in above


def test_convergence_needs_kappa_above_cost():
    """(Federation, Converge, Converge) is an equilibrium while c_I <= kappa_I = 2."""
    assert ("Federation", "Converge", "Converge") in _pure_equilibria("federation.yaml", {"c_I": 2 - EPS})
    assert ("Federation", "Converge", "Converge") not in _pure_equilibria("federation.yaml", {"c_I": 2 + EPS})


# -- trees: follow the subgame-perfect play found by the solver ------------------------------

def _spe_paths(path: str, values: dict, chance: list[str] | None = None) -> set[tuple[str, ...]]:
    """The action sequences of every subgame-perfect equilibrium (chance outcomes as given)."""
    from convenience.extensive.subgames import subgame_perfect
    from convenience.extensive.tree import CHANCE, TERMINAL

    tree = load_game(GAMES / path).at(values)
    paths = set()
    for strategy in subgame_perfect(tree)[0]:
        v, played, outcomes = 0, [], list(chance or [])
        while int(tree.mover[v]) != TERMINAL:
            actions = tree.actions_at(v)
            if int(tree.mover[v]) == CHANCE:
                a = actions.index(outcomes.pop(0))
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
    # Turkey tolerates the dual approach while g_D < tau_T + m_T; then Iran muzzles its critics
    ("turkey.yaml", "g_D", Fraction(5), None, {("Dual", "Engage")}, {("Muzzle", "Engage")}),
    # Russia restrains Iran while rho < v + e_R
    ("israel-restraint.yaml", "rho", Fraction(4), None, {("Restrain", "Refrain")},
     {("CloseEyes", "Provoke", "Retaliate")}),
    # Russia suspends the S-300 once theta > (V + s_C) / (X - s_T + V + s_C)
    ("s300.yaml", "theta", Fraction(5, 14), ["Transferred"], {("Transferred", "Deliver")},
     {("Transferred", "Suspend", "Silent")}),
]


@pytest.mark.parametrize("path, name, threshold, chance, below, above", TREE_CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in TREE_CASES])
def test_tree_threshold(path, name, threshold, chance, below, above):
    assert _spe_paths(path, {name: threshold - EPS}, chance) == below
    assert _spe_paths(path, {name: threshold + EPS}, chance) == above


def test_trust_needs_delta_above_two_thirds():
    """Grim trigger sustains (Commit, Loyal) exactly when delta >= (T_R - R_R) / (T_R - P_R)."""
    from convenience.repeated.solve import analyse_repeated

    game = load_game(GAMES / "mistrust.yaml")
    assert analyse_repeated(game, {"delta": Fraction(2, 3) - EPS}).sustained is False
    assert analyse_repeated(game, {"delta": Fraction(2, 3) + EPS}).sustained is True
    assert analyse_repeated(game).critical_discount == Fraction(2, 3)
