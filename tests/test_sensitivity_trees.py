"""Sensitivity of game trees: exact subgame-perfection conditions and thresholds known by hand."""

from __future__ import annotations

from fractions import Fraction

import sympy

from convenience.analysis.sensitivity.analyze import analyze
from convenience.analysis.sensitivity.tree_conditions import tree_conditions
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


# B's choice matters only after Right, and B is indifferent there: A goes Left when a beats what
# B's plan gives after Right (1 for x, 2 for y). With a uniform on [0, 3]: (Left, x) holds for
# a > 1, (Left, y) for a > 2, (Right, x) for a < 1, (Right, y) for a < 2. The path "A: Left" is
# taken whenever a > 1 (2/3 of the draws): counted once where both plans are equilibria.
OFF_PATH = """
kind: tree
title: A tie off the path
players: [A, B]
parameters:
  a: {{value: 1.5, range: [0, 3]}}
tree:
  player: A
  actions:
    Left: [{payoff}, 0]
    Right:
      player: B
      actions: {{x: [1, 0], y: [2, 0]}}
"""


def _path_shares(mc):
    return {f.label: f for f in mc.outcomes}


def test_equilibrium_paths_count_plans_that_differ_off_the_path_once():
    report = analyze(loads(OFF_PATH.format(payoff="a")), samples=20_000, seed=3)
    mc = report.monte_carlo
    paths = _path_shares(mc)
    assert mc.shows_paths()
    assert set(paths) == {"A: Left", "A: Right; B: x", "A: Right; B: y"}
    for label, exact in (("A: Left", 2 / 3), ("A: Right; B: x", 1 / 3), ("A: Right; B: y", 2 / 3)):
        low, high = paths[label].interval
        assert low <= exact <= high, label
    both = mc.frequency("A: Left; B: x").count + mc.frequency("A: Left; B: y").count
    assert paths["A: Left"].count < both  # draws with a > 2 count once
    assert report.to_dict()["monte_carlo"]["outcomes"][0]["label"] == "A: Left"


def test_draw_by_draw_trees_report_the_same_paths():
    """min(a, 3) is not rational, so the tree is solved draw by draw; the paths come from each
    draw's equilibria (BehaviourEquilibrium.outcome) and agree with the exact shares."""
    from convenience.extensive import solve_tree

    game = loads(OFF_PATH.format(payoff='"min(a, 3)"'))
    report = analyze(game, samples=2000, seed=3)
    assert not report.symbolic
    paths = _path_shares(report.monte_carlo)
    for label, exact in (("A: Left", 2 / 3), ("A: Right; B: x", 1 / 3), ("A: Right; B: y", 2 / 3)):
        low, high = paths[label].interval
        assert low <= exact <= high, label
    solved = solve_tree(game.at({"a": Fraction(5, 2)})).equilibria
    assert sorted(e.label() for e in solved) == ["A: Left; B: x", "A: Left; B: y"]
    assert {e.outcome() for e in solved} == {"A: Left"}


def test_report_of_a_tree_shows_its_equilibrium_paths():
    from convenience.report.build import build_report
    from convenience.report.markdown import render_report

    text = render_report(build_report(loads(OFF_PATH.format(payoff="a")), "off-path.yaml", samples=2000))
    assert "| Equilibrium path | Share of draws |" in text
    assert "| A: Left |" in text
