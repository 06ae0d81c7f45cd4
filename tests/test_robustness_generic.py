"""Monte Carlo for games without a batch solver (repeated games, imperfect-information trees):
each draw solved on its own, same seeds as the batch path."""

from convenience.analysis.sensitivity.analyze import analyze
from convenience.api import loads

REPEATED = """
kind: repeated
title: Repeated Prisoner's Dilemma
parameters:
  delta: {value: 0.8, range: [0, 0.95]}
discount: delta
stage:
  players: {Row: [C, D], Col: [C, D]}
  payoffs:
    C: {C: [3, 3], D: [0, 5]}
    D: {C: [5, 0], D: [1, 1]}
target: {Row: C, Col: C}
"""


def test_repeated_share_matches_the_critical_discount_factor():
    # Grim trigger sustains (C, C) iff delta >= (T - R)/(T - P) = 1/2; delta ~ uniform[0, 0.95].
    mc = analyze(loads(REPEATED), samples=800, seed=3).monte_carlo
    assert mc is not None and mc.samples == 800
    sustained = next(f for f in mc.equilibria if f.label.endswith(" sustained") and "not" not in f.label)
    exact = (0.95 - 0.5) / 0.95
    low, high = sustained.interval
    assert low - 0.01 <= exact <= high + 0.01
    assert any("each draw solved on its own" in n for n in mc.notes)


def test_same_seed_same_answer_and_capped_draws(monkeypatch):
    from convenience.analysis.sensitivity import generic

    game = loads(REPEATED)
    first = analyze(game, samples=300, seed=7).monte_carlo
    again = analyze(game, samples=300, seed=7).monte_carlo
    assert [(f.label, f.count) for f in first.sets] == [(f.label, f.count) for f in again.sets]
    monkeypatch.setattr(generic, "GENERIC_SAMPLES", 100)
    capped = analyze(game, samples=5000, seed=7).monte_carlo
    assert capped.samples == 100 and any("100 of the 5,000" in n for n in capped.notes)
