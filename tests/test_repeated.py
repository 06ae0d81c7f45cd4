"""Repeated games: grim-trigger thresholds, minmax values, finite repetition.

Expected values come from the textbook formulas worked by hand (Prisoner's Dilemma
``delta* = (T - R)/(T - P)``), and the algorithms are cross-checked against independent brute
force: the interval of sustaining discount factors against direct comparison of discounted
sums, the mixed minmax against a grid of punisher mixtures, and the two-period backward
induction against an enumeration of every two-period pure subgame-perfect strategy profile.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convenience.repeated.game import RepeatedGame
from convenience.repeated.solve import analyse_repeated, solve_repeated
from convenience.repeated.finite import finite_repetition
from convenience.repeated.grim import incentive_interval, stage_equilibria
from convenience.repeated.minmax import minmax_values
from convenience.normal_form import NormalFormGame


def pd(T=5, R=3, P=1, S=0) -> NormalFormGame:
    return NormalFormGame.from_arrays([[R, S], [T, P]], [[R, T], [S, P]], players=["Row", "Column"],
                                      strategies=[["C", "D"], ["C", "D"]])


def trust() -> NormalFormGame:
    """Investor (Trust/Keep) and Trustee (Honor/Abuse); Abuse dominates, (Keep, Abuse) is the
    unique stage equilibrium; the investor is tempted to Keep less than the trustee to Abuse."""
    return NormalFormGame.from_arrays([[2, -1], [3, 0]], [[2, 4], [-1, 0]], players=["Investor", "Trustee"],
                                      strategies=[["Trust", "Keep"], ["Honor", "Abuse"]])


def two_equilibria() -> NormalFormGame:
    """M and F are stage equilibria (4,4) and (1,1); R is the non-equilibrium target (3,3)."""
    a = [[4, 0, 5], [0, 1, 0], [3, 0, 3]]
    return NormalFormGame.from_arrays(a, np.array(a, dtype=object).T.tolist(), players=["A", "B"],
                                      strategies=[["M", "F", "R"], ["M", "F", "R"]])


# -- infinite horizon -----------------------------------------------------------------------
@pytest.mark.parametrize("payoffs, expected", [
    ((5, 3, 1, 0), F(1, 2)),
    ((4, 3, 1, 0), F(1, 3)),
    ((10, 6, 2, 0), F(1, 2)),
    ((7, 5, 0, -2), F(2, 7)),
], ids=["5-3-1", "4-3-1", "10-6-2", "7-5-0"])
def test_prisoners_dilemma_critical_discount(payoffs, expected):
    T, R, P, S = payoffs
    result = analyse_repeated(RepeatedGame(pd(T, R, P, S), F(9, 10), target=(0, 0)))
    assert result.critical_discount == expected == F(T - R, T - P)
    assert isinstance(result.critical_discount, F)
    assert result.binding == ("Row", "Column")
    assert result.sustainable and result.sustained and result.subgame_perfect
    assert all(c.deviation == "D" for c in result.conditions)


def test_sustained_depends_on_the_games_discount():
    below = analyse_repeated(RepeatedGame(pd(), F(49, 100), target=(0, 0)))
    at = analyse_repeated(RepeatedGame(pd(), F(1, 2), target=(0, 0)))
    assert below.sustained is False and at.sustained is True
    assert analyse_repeated(RepeatedGame(pd(), None, target=(0, 0))).sustained is None


def test_trust_game_asymmetric_conditions_name_the_binding_player():
    result = analyse_repeated(RepeatedGame(trust(), F(2, 5), target=(0, 0)))
    investor, trustee = result.conditions
    assert (investor.target_payoff, investor.deviation_payoff, investor.punishment_payoff) == (2, 3, 0)
    assert investor.low == F(1, 3) and investor.deviation == "Keep"
    assert trustee.low == F(1, 2) and trustee.deviation == "Abuse"
    assert result.critical_discount == F(1, 2)
    assert result.binding == ("Trustee",)
    assert result.sustained is False  # 2/5 deters the investor but not the trustee
    assert "binding: Trustee" in result.label()


def test_target_below_minmax_is_not_sustainable_for_any_discount():
    # (C, D) in the Prisoner's Dilemma leaves Row the sucker's payoff 0 < minmax 1
    for punishment in ("nash", "minmax"):
        result = analyse_repeated(RepeatedGame(pd(), F(99, 100), target=(0, 1), punishment=punishment))
        assert not result.sustainable and result.critical_discount is None
        assert result.individually_rational == (False, True)
        assert result.sustained is False
        assert "not sustainable" in result.label()
        assert any("minmax" in n and "Row" in n for n in result.notes)


def test_player_without_temptation_needs_no_patience():
    result = analyse_repeated(RepeatedGame(pd(), F(1, 2), target=(1, 1)))
    assert all(c.deviation is None and c.low == 0 for c in result.conditions)
    assert result.critical_discount == 0 and result.binding == ()


def test_named_punishment_that_is_not_a_stage_equilibrium_is_flagged():
    result = analyse_repeated(RepeatedGame(pd(), F(1, 2), target=(0, 0), punishment=(0, 1)))
    assert result.subgame_perfect is False
    assert any("not subgame perfect" in n for n in result.notes)


def test_minmax_punishment_lowers_the_threshold_but_is_not_credible():
    """Column's X holds Row to -1 (its stage-equilibrium payoff is 1) but X is dominated."""
    game = NormalFormGame.from_arrays([[3, 0, -2], [5, 1, -1]], [[3, 4, -3], [0, 1, -3]], players=["Row", "Col"],
                                      strategies=[["C", "D"], ["C", "D", "X"]])
    nash = analyse_repeated(RepeatedGame(game, None, target=(0, 0)))
    harsh = analyse_repeated(RepeatedGame(game, None, target=(0, 0), punishment="minmax"))
    assert nash.critical_discount == F(5 - 3, 5 - 1) and nash.binding == ("Row",)
    assert nash.subgame_perfect
    assert [p.payoff for p in harsh.punishments] == [-1, 1]
    assert harsh.punishments[0].label == "Row: D; Col: X"
    assert harsh.critical_discount == F(1, 3) and harsh.binding == ("Row", "Col")
    assert harsh.subgame_perfect is False
    assert any("not subgame perfect" in n for n in harsh.notes)


@given(c=st.integers(-5, 5), d=st.integers(-5, 5), p=st.integers(-5, 5))
@settings(max_examples=200, deadline=None)
def test_incentive_interval_matches_discounted_sums(c, d, p):
    """delta is in the interval iff c/(1-delta) >= d + delta p/(1-delta), checked on a grid."""
    _, low, high, ok = incentive_interval(F(c), F(d), F(p))
    grid = [F(k, 40) for k in range(40)] + ([low] if ok else []) + ([high] if ok and high is not None else [])
    for delta in grid:
        direct = F(c) / (1 - delta) >= F(d) + delta * F(p) / (1 - delta)
        inside = ok and low <= delta and (high is None or delta <= high)
        assert direct == inside, (delta, low, high, ok)


@given(st.lists(st.integers(-4, 6), min_size=8, max_size=8), st.integers(0, 1), st.integers(0, 1))
@settings(max_examples=60, deadline=None)
def test_critical_discount_is_the_least_sustaining_discount(values, r, c):
    a = np.array(values[:4], dtype=object).reshape(2, 2)
    b = np.array(values[4:], dtype=object).reshape(2, 2)
    game = NormalFormGame.from_arrays(a, b)
    result = analyse_repeated(RepeatedGame(game, None, target=(r, c)))
    if not result.sustainable:
        return
    crit = result.critical_discount
    for cond, pun in zip(result.conditions, result.punishments):
        delta = crit
        assert cond.target_payoff / (1 - delta) >= cond.deviation_payoff + delta * pun.payoff / (1 - delta)
    if crit > 0:
        delta = crit - F(1, 10**6)
        assert any(cond.target_payoff / (1 - delta) < cond.deviation_payoff + delta * cond.punishment_payoff /
                   (1 - delta) for cond in result.conditions)
    for pun in result.punishments:  # Nash reversion: every punishment is a verified stage equilibrium
        assert pun.credible and game.regret(pun.profile) == 0


# -- minmax ---------------------------------------------------------------------------------
def test_matching_pennies_mixed_minmax_is_exact():
    game = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    for mm in minmax_values(game):
        assert mm.pure_value == 1
        assert mm.mixed_value == 0 and isinstance(mm.mixed_value, F) and mm.mixed_exact
        assert list(mm.mixed_punisher) == [F(1, 2), F(1, 2)]


@given(st.lists(st.integers(-5, 5), min_size=9, max_size=9))
@settings(max_examples=40, deadline=None)
def test_mixed_minmax_against_grid_of_punishers(values):
    a = np.array(values, dtype=object).reshape(3, 3)
    game = NormalFormGame.from_arrays(a, -a)
    mm = minmax_values(game)[0]
    grid = [np.array([F(i, 12), F(j, 12), F(12 - i - j, 12)], dtype=object)
            for i in range(13) for j in range(13 - i)]
    best_on_grid = min(max(a[s] @ y for s in range(3)) for y in grid)
    assert mm.mixed_value <= best_on_grid <= mm.pure_value
    if mm.mixed_exact:
        assert max(a[s] @ mm.mixed_punisher for s in range(3)) == mm.mixed_value
        assert min(mm.maximin_strategy @ a[:, j] for j in range(3)) == mm.mixed_value


def test_three_player_minmax_is_pure():
    game = NormalFormGame.from_arrays(*(np.arange(8).reshape(2, 2, 2) * k for k in (1, 2, 3)))
    result = analyse_repeated(RepeatedGame(game, None, target=(1, 1, 1)))
    assert all(m.mixed_value is None for m in result.minmax)
    assert any("three or more players" in n for n in result.notes)


# -- finite horizon -------------------------------------------------------------------------
@pytest.mark.parametrize("horizon", [1, 2, 3, 5])
def test_finite_prisoners_dilemma_defects_every_period(horizon):
    result = analyse_repeated(RepeatedGame(pd(), None, horizon=horizon, target=(0, 0)))
    f = result.finite
    assert f.path == ("Row: D; Column: D",) * horizon
    assert f.unique and f.target_periods == ()
    assert f.payoffs == (horizon, horizon)


def test_two_stage_equilibria_sustain_cooperation_in_period_one_of_two():
    result = analyse_repeated(RepeatedGame(two_equilibria(), None, horizon=2, target=(2, 2)))
    f = result.finite
    assert f.target_periods == (1,)
    assert f.path[0] == "A: R; B: R"
    assert f.path[1] == "A: M; B: M"  # the carrot
    equilibria = stage_equilibria(two_equilibria()).equilibria
    stick = min(equilibria, key=lambda e: e.payoffs[0])  # the mixed equilibrium, worse than (F, F)
    assert stick.payoffs[0] == F(4, 5) and not stick.is_pure
    assert all(f"then ({stick.label()})" in t for t in f.threats)  # the stick
    assert f.payoffs == (7, 7)


def _brute_force_two_period(game: NormalFormGame, delta: F):
    """Every first-period pure profile sustainable with second-period play a stage equilibrium
    chosen by the first-period outcome (enumerating all such continuation maps)."""
    eqs = [e for e in stage_equilibria(game).equilibria if e.is_pure]
    profiles = list(np.ndindex(*game.shape))
    found = set()
    for first in profiles:
        for plan in itertools.product(range(len(eqs)), repeat=len(profiles)):
            cont = {a: eqs[k].payoffs for a, k in zip(profiles, plan)}
            ok = True
            for i in range(game.n_players):
                on = game.payoffs[(i, *first)] + delta * cont[first][i]
                for s in range(game.shape[i]):
                    dev = list(first)
                    dev[i] = s
                    if game.payoffs[(i, *dev)] + delta * cont[tuple(dev)][i] > on:
                        ok = False
            if ok:
                found.add(first)
                break
    return found


@pytest.mark.parametrize("delta", [F(1), F(1, 3)])
def test_two_period_backward_induction_matches_brute_force(delta):
    game = two_equilibria()
    eqs = [e for e in stage_equilibria(game).equilibria if e.is_pure]
    for target in np.ndindex(*game.shape):
        f = finite_repetition(game, 2, eqs, delta, target)
        assert (1 in f.target_periods) == (target in _brute_force_two_period(game, delta)), target


def test_solve_repeated_wraps_the_analysis():
    result = solve_repeated(RepeatedGame(trust(), F(3, 5), target=(0, 0)))
    assert result.method == "repeated-grim-trigger"
    assert [e.label() for e in result.equilibria] == ["Investor: Keep; Trustee: Abuse"]
    assert all(e.regret == 0 for e in result.equilibria)
    assert result.extra["repeated"].critical_discount == F(1, 2)
    assert any("critical discount factor 1/2" in n for n in result.notes)
    finite = solve_repeated(RepeatedGame(pd(), None, horizon=2, target=(0, 0)))
    assert finite.method == "repeated-finite"


def test_float_game_gives_float_thresholds():
    game = NormalFormGame.from_arrays([[3.0, 0.0], [5.5, 1.0]], [[3.0, 5.5], [0.0, 1.0]])
    result = analyse_repeated(RepeatedGame(game, 0.9, target=(0, 0)))
    assert result.critical_discount == pytest.approx(2.5 / 4.5)
    assert result.sustained is True


def test_markdown_and_dict_carry_the_verdict():
    result = analyse_repeated(RepeatedGame(trust(), F(3, 5), target=(0, 0)))
    text = result._repr_markdown_()
    assert "| Trustee | 2 | Abuse (4) | 0 | delta >= 1/2 | 1/2 |" in text
    assert "Critical discount factor: **1/2**" in text
    data = result.to_dict()
    assert data["critical_discount"] == "1/2" and data["binding"] == ["Trustee"]
    assert data["conditions"][0]["low"] == "1/3"


def battle_of_the_sexes() -> NormalFormGame:
    return NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=["A", "B"],
                                      strategies=[["O", "F"], ["O", "F"]])


@pytest.mark.parametrize("stage, horizon", [(pd(), 2), (pd(), 3), (battle_of_the_sexes(), 2)],
                         ids=["pd-2", "pd-3", "bos-2"])
def test_backward_induction_agrees_with_the_unrolled_tree(stage, horizon):
    """The tree engine solves the unrolled repeated game subgame by subgame; every payoff vector
    found here is one of its subgame-perfect payoffs, and every one of its equilibria with pure
    first-period play is found here."""
    from convenience.extensive import solve_tree
    from convenience.repeated.finite import subgame_perfect_payoffs
    from convenience.repeated.tree import repeated_tree

    tree = repeated_tree(stage, horizon)
    solved = solve_tree(tree, "subgame", cap=5000)
    assert not any("first 5000" in n for n in solved.notes)
    offsets = tree.action_offset
    first = [h for h, info in enumerate(tree.infosets) if "period 1," in info.label]
    all_tree = {tuple(e.payoffs) for e in solved.equilibria}
    pure_first = {tuple(e.payoffs) for e in solved.equilibria
                  if all(all(p in (0, 1) for p in e.strategy[offsets[h]:offsets[h + 1]]) for h in first)}
    equilibria = stage_equilibria(stage).equilibria
    mine = {vector for vector, _ in subgame_perfect_payoffs(stage, horizon, equilibria)}
    assert mine <= all_tree
    assert pure_first <= mine


@given(st.lists(st.integers(0, 4), min_size=12, max_size=12), st.integers(0, 1), st.integers(0, 2))
@settings(max_examples=40, deadline=None)
def test_two_period_target_matches_brute_force_on_random_games(values, r, c):
    a = np.array(values[:6], dtype=object).reshape(2, 3)
    b = np.array(values[6:], dtype=object).reshape(2, 3)
    game = NormalFormGame.from_arrays(a, b)
    eqs = [e for e in stage_equilibria(game).equilibria if e.is_pure]
    if not eqs:
        return
    f = finite_repetition(game, 2, eqs, F(1), (r, c))
    assert (1 in f.target_periods) == ((r, c) in _brute_force_two_period(game, F(1)))


def test_constant_stage_game_is_reported_not_dropped():
    game = NormalFormGame.from_arrays([[1, 1], [1, 1]], [[2, 2], [2, 2]])
    result = analyse_repeated(RepeatedGame(game, F(1, 2), target=(0, 1)))
    assert result.sustainable and result.critical_discount == 0 and result.binding == ()
    assert len(result.stage_equilibria) >= 4  # every pure profile is a stage equilibrium
    finite = analyse_repeated(RepeatedGame(game, None, horizon=3, target=(0, 1))).finite
    assert finite.target_periods == (1, 2, 3) and finite.unique


def test_unrolled_tree_size_is_checked():
    from convenience.errors import ComputationError
    from convenience.repeated.tree import repeated_tree

    with pytest.raises(ComputationError, match="nodes"):
        repeated_tree(two_equilibria(), 8)


def test_uniqueness_is_claimed_only_for_a_complete_equilibrium_list():
    pd_notes = analyse_repeated(RepeatedGame(pd(), None, horizon=2)).notes
    assert any("unique subgame-perfect equilibrium" in n for n in pd_notes)
    stage = stage_equilibria(NormalFormGame.from_arrays([[1, 1], [1, 1]], [[2, 2], [2, 2]]))
    assert not stage.complete  # a continuum: every profile is an equilibrium
