"""Repeated games decided in batch from their closed-form conditions give, point by point, the
answer of the exact analysis of each point; what the signs leave open is analysed exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from convenience.analysis.montecarlo.distributions import distribution_of
from convenience.analysis.montecarlo.engine import points
from convenience.analysis.sensitivity import generic
from convenience.analysis.sensitivity.analyze import analyze
from convenience.analysis.sensitivity.repeated_batch import decide, repeated_batch
from convenience.repeated.solve import repeated_verdict
from convenience.spec import load_game, loads

TRUST = Path(__file__).parent / "data" / "repeated_trust.yaml"

# a 3x2 stage game: its groups are decided by dominance where it applies, the rest exactly
THREE_BY_TWO = """
kind: repeated
title: Three ways to cooperate
parameters:
  a: {value: 3, range: [0, 6]}
  b: {value: 2, range: [0, 4]}
  t: {value: 4, range: [1, 8]}
  delta: {value: 0.6, range: [0, 0.95]}
discount: delta
stage:
  players: {Row: [Up, Middle, Down], Col: [Left, Right]}
  payoffs:
    Up: {Left: [a, a], Right: [0, t]}
    Middle: {Left: [b, 1], Right: [b, 2]}
    Down: {Left: [t, 0], Right: [1, 1]}
target: {Row: Up, Col: Left}
punishment: nash
"""

# a 2x2 stage game that is a coordination game over much of its box (two pure equilibria and a
# mixed one, whose payoff is the punishment of the player it hurts most)
COORDINATION = """
kind: repeated
title: Coordination with a temptation
parameters:
  x: {value: 2, range: [-2, 4]}
  y: {value: 1, range: [-1, 3]}
  g: {value: 3, range: [0, 6]}
  delta: {value: 0.5, range: [0, 0.95]}
discount: delta
stage:
  players: {Row: [A, B], Col: [A, B]}
  payoffs:
    A: {A: [x, 2], B: [0, g]}
    B: {A: [g, 0], B: [y, x]}
target: {Row: A, Col: A}
punishment: nash
"""


def _exact(game):
    return lambda values: generic._sets_at(game, repeated_verdict, values)


@pytest.mark.parametrize("game", [load_game(TRUST), loads(THREE_BY_TWO), loads(COORDINATION)],
                         ids=["trust", "three-by-two", "coordination"])
def test_every_point_decided_in_batch_is_what_its_exact_analysis_says(game):
    dists = {n: distribution_of(p) for n, p in game.parameters.items()}
    drawn = points(dists, 300, 7, convert=generic._exact)
    decided = decide(game, _exact(game), drawn)
    assert sum(found is not None for found in decided) > 100  # the batch path did the work ...
    for values, found in zip(drawn, decided):
        if found is not None:  # ... and agrees with the exact analysis wherever it answered
            assert found == generic._sets_at(game, repeated_verdict, values), values


def test_the_trust_game_draws_are_all_decided_in_batch():
    game = load_game(TRUST)
    dists = {n: distribution_of(p) for n, p in game.parameters.items()}
    assert all(found is not None for found in decide(game, _exact(game), points(dists, 2000, 0, convert=generic._exact)))


def test_the_sensitivity_analysis_is_the_same_with_and_without_the_batch_path(monkeypatch):
    game = load_game(TRUST)
    batch = analyze(game, samples=2000, seed=0).to_dict()
    monkeypatch.setattr(generic, "batch_evaluator", lambda game, solve: None)
    assert analyze(game, samples=2000, seed=0).to_dict() == batch


def test_only_infinitely_repeated_games_with_nash_reversion_have_a_batch_path():
    game = load_game(TRUST)
    assert repeated_batch(game, repeated_verdict, _exact(game)) is not None
    assert repeated_batch(game, lambda g: repeated_verdict(g), _exact(game)) is None  # another solve
    minmax = loads(COORDINATION.replace("punishment: nash", "punishment: minmax"))
    assert repeated_batch(minmax, repeated_verdict, _exact(minmax)) is None
    assert repeated_batch(load_game(Path(__file__).parent / "data" / "tree_entry.yaml"), repeated_verdict,
                          _exact(game)) is None
