"""Iterated elimination of strictly dominated strategies, by pure and by mixed strategies."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from convenience.normal_form import NormalFormGame
from convenience.solvers import solve
from convenience.solvers.dominance import iterated_elimination

PD = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["Row", "Column"],
                                strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]])

# Middle is beaten by no pure strategy but by the mixture 1/2 Top + 1/2 Bottom (3/2 > 1).
MIXED = NormalFormGame.from_arrays([[3, 0], [1, 1], [0, 3]], [[1, 0], [1, 0], [0, 1]],
                                   players=["Row", "Column"],
                                   strategies=[["Top", "Middle", "Bottom"], ["Left", "Right"]])

# Two rounds: Column's Right is dominated first (by Left), then Row's Bottom (by Top).
TWO_ROUNDS = NormalFormGame.from_arrays([[2, 3], [1, 5]], [[2, 1], [2, 1]],
                                        players=["Row", "Column"],
                                        strategies=[["Top", "Bottom"], ["Left", "Right"]])

CASES = [
    ("prisoners-dilemma", PD, (("Defect",), ("Defect",)),
     ["round 1: Row's Cooperate is strictly dominated by Defect",
      "round 1: Column's Cooperate is strictly dominated by Defect"]),
    ("mixed-dominance", MIXED, (("Top", "Bottom"), ("Left", "Right")),
     ["round 1: Row's Middle is strictly dominated by the mixture Top 1/2, Bottom 1/2"]),
    ("two-rounds", TWO_ROUNDS, (("Top",), ("Left",)),
     ["round 1: Column's Right is strictly dominated by Left",
      "round 2: Row's Bottom is strictly dominated by Top"]),
]


@pytest.mark.parametrize("name,game,kept,steps", CASES, ids=[c[0] for c in CASES])
def test_elimination_steps_and_reduced_game(name, game, kept, steps):
    result = iterated_elimination(game)
    assert result.game.strategies == kept
    assert [s.label() for s in result.steps] == steps
    assert result.notes()[1:1 + len(steps)] == tuple(steps)


def test_pure_only_elimination_keeps_the_mixed_dominated_strategy():
    result = iterated_elimination(MIXED, mixed=False)
    assert result.game.strategies[0] == ("Top", "Middle", "Bottom")
    assert "no strategy is strictly dominated" in result.notes()[0]


def test_weak_dominance_is_flagged_not_removed():
    # Left is never worse than Right for Column and better against Bottom.
    g = NormalFormGame.from_arrays([[1, 1], [1, 0]], [[1, 1], [2, 0]], players=["Row", "Column"],
                                   strategies=[["Top", "Bottom"], ["Left", "Right"]])
    result = iterated_elimination(g)
    assert result.game.strategies == g.strategies
    assert [s.label() for s in result.weakly_dominated] == [
        "round 1: Row's Bottom is weakly dominated by Top",
        "round 1: Column's Right is weakly dominated by Left"]
    assert any(n.startswith("flagged (kept)") for n in result.notes())


def test_dominance_method_lifts_equilibria_to_the_original_game():
    result = solve(MIXED, method="dominance")
    assert result.method == "dominance"
    for eq in result.equilibria:
        assert len(eq.profile[0]) == 3 and eq.profile[0][1] == 0
        assert MIXED.regret(eq.profile) == 0
    direct = solve(MIXED, method="vertex-enumeration")
    assert {e.key() for e in result.equilibria} == {e.key() for e in direct.equilibria}
    assert result.extra["dominance"].steps


def test_three_player_elimination():
    # Cat's Tails pays 0 always, Heads pays 1: Tails is strictly dominated.
    arrays = [np.ones((2, 2, 2), dtype=int), np.ones((2, 2, 2), dtype=int), np.zeros((2, 2, 2), dtype=int)]
    arrays[2][:, :, 0] = 1
    g = NormalFormGame.from_arrays(*arrays, players=["Ann", "Bob", "Cat"],
                                   strategies=[["H", "T"]] * 3)
    result = iterated_elimination(g)
    assert result.game.strategies == (("H", "T"), ("H", "T"), ("H",))
    lifted = result.lift((np.array([F(1), F(0)]), np.array([F(0), F(1)]), np.array([F(1)])))
    assert [tuple(x) for x in lifted] == [(1, 0), (0, 1), (1, 0)]


def test_float_games_use_a_tolerance():
    g = NormalFormGame.from_arrays(np.array([[3.0, 0.0], [1.0, 1.0], [0.0, 3.0]]),
                                   np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    result = iterated_elimination(g)
    assert len(result.game.strategies[0]) == 2
