"""Sensitivity of game trees: exact subgame-perfection conditions and thresholds known by hand."""

from __future__ import annotations

from fractions import Fraction

import sympy

from convenience.analysis.api import analyze
from convenience.analysis.tree_conditions import tree_conditions
from convenience.spec import loads

# Entry deterrence: fighting pays the incumbent 3 - c against 2 for accommodating, so the
# threat is credible (and the entrant stays out) exactly when c < 1.
ENTRY = """
kind: tree
title: Entry deterrence
players: [Entrant, Incumbent]
parameters:
  c: {value: 2, range: [0, 6]}
tree:
  player: Entrant
  actions:
    Out: [0, 4]
    In:
      player: Incumbent
      actions:
        Fight: [-1, "3 - c"]
        Accommodate: [1, 2]
"""

# Intervention under uncertainty: intervening costs C and saves the regime with probability p;
# staying out loses it with probability q. Intervene is subgame perfect iff C <= (p + q - 1) K.
INTERVENTION = """
kind: tree
title: Intervention
players: [Russia]
parameters:
  C: {value: 4, range: [0, 12]}
  K: {value: 10, range: [0, 20]}
  p: {value: 0.8, range: [0.5, 1]}
  q: {value: 0.9, range: [0.5, 1]}
tree:
  player: Russia
  actions:
    Intervene:
      chance: {Holds: p, Falls: 1 - p}
      actions:
        Holds: ["-C"]
        Falls: ["-C - K"]
    StayOut:
      chance: {Holds: 1 - q, Falls: q}
      actions:
        Holds: [0]
        Falls: ["-K"]
"""

IN_ACCOMMODATE = "Entrant: In; Incumbent: Accommodate"
OUT_FIGHT = "Entrant: Out; Incumbent: Fight"


def test_entry_deterrence_outcome_flips_at_the_known_cost():
    report = analyze(loads(ENTRY), samples=0)
    assert report.symbolic
    assert report.baseline == (IN_ACCOMMODATE,)
    t = report.thresholds[0]
    assert [x.value for x in t.thresholds] == [1.0]
    assert t.nearest_below.change(rising=False) == (f"{IN_ACCOMMODATE} stops being an equilibrium and "
                                                    f"{OUT_FIGHT} becomes an equilibrium")
    sentences = {c.label: c.sentence() for c in report.conditions.candidates}
    assert sentences[OUT_FIGHT] == f"{OUT_FIGHT} is subgame perfect iff c <= 1"
    assert sentences[IN_ACCOMMODATE] == f"{IN_ACCOMMODATE} is subgame perfect iff c >= 1"


def test_entry_deterrence_baseline_agrees_with_the_tree_solver():
    from convenience.extensive import solve_tree

    game = loads(ENTRY)
    for c in (Fraction(0), Fraction(1, 2), Fraction(2), Fraction(5)):
        values = {"c": c}
        solved = {e.label() for e in solve_tree(game.at(values)).equilibria}
        exact = tree_conditions(game).equilibrium_set(game.values(values))
        assert exact == solved


def test_entry_deterrence_monte_carlo_matches_the_interval_length():
    report = analyze(loads(ENTRY), samples=20_000, seed=1)
    f = report.monte_carlo.frequency(OUT_FIGHT)  # c uniform on [0, 6]: P(c < 1) = 1/6
    assert f.interval[0] <= 1 / 6 <= f.interval[1]


def test_intervention_condition_with_chance_probabilities():
    game = loads(INTERVENTION)
    report = analyze(game, samples=0)
    assert report.baseline == ("Russia: Intervene",)
    c = next(t for t in report.thresholds if t.parameter == "C")
    threshold = c.nearest_above
    assert threshold.value == 7.0  # (0.8 + 0.9 - 1) * 10
    C, K, p, q = sympy.symbols("C K p q", real=True)
    assert sympy.simplify(sympy.sympify(threshold.symbolic, locals={"K": K, "p": p, "q": q})
                          - (p + q - 1) * K) == 0
    # p's threshold: p = 1 - q + C/K = 0.5, at the edge of its range: none inside (0.5, 1)
    assert next(t for t in report.thresholds if t.parameter == "p").thresholds == ()


def test_imperfect_information_falls_back_to_numerical():
    game = loads("""
kind: tree
title: Matching with a hidden move
players: [A, B]
parameters:
  x: {value: 2, range: [0, 4]}
tree:
  player: A
  actions:
    L:
      player: B
      info: h
      actions: {l: [x, 0], r: [0, 1]}
    R:
      player: B
      info: h
      actions: {l: [0, 1], r: [1, 0]}
""")
    report = analyze(game, samples=0)
    assert not report.symbolic
    assert any("no exact subgame-perfection conditions" in n for n in report.notes)


def test_chance_probability_grid_must_stay_in_unit_interval():
    import pytest

    from convenience.errors import InputError

    with pytest.raises(InputError, match="probability"):
        analyze(loads(INTERVENTION), samples=0, grid=["q=0.5:1.5:11"])


def test_tree_regime_map_boundary_is_the_exact_condition():
    report = analyze(loads(INTERVENTION), samples=0, grid=["C=0:12:13", "K=0:20:11"])
    equations = {e for b in report.regime_map.boundaries for e in b.equations}
    import sympy

    C, K = sympy.symbols("C K", real=True)

    def is_the_condition(text: str) -> bool:  # C = 7K/10, up to a constant factor
        left, right = (sympy.sympify(side, locals={"C": C, "K": K}) for side in text.split("="))
        ratio = sympy.cancel((left - right) / (C - sympy.Rational(7, 10) * K))
        return ratio.is_number and ratio != 0

    assert any(is_the_condition(e) for e in equations), equations
