"""Exact conditions, thresholds and the sensitivity report on games whose answers are known by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from convenience.analysis.sensitivity.analyze import analyze
from convenience.analysis.sensitivity.symbolic import symbolic_conditions
from convenience.analysis.sensitivity.thresholds import exact_thresholds
from convenience.errors import InputError
from convenience.spec import loads

STAG_HUNT = """
title: Stag Hunt
players:
  Row: [Stag, Hare]
  Col: [Stag, Hare]
parameters:
  s: {value: 4, range: [0, 10]}
  h: {value: 3, range: [0, 10]}
payoffs:
  Stag: {Stag: [s, s], Hare: [0, h]}
  Hare: {Stag: [h, 0], Hare: [h, h]}
"""

PRISONERS = """
title: Prisoner's Dilemma family
players:
  Row: [C, D]
  Col: [C, D]
parameters:
  R: {value: 3, range: [1, 5]}
  T: {value: 5, range: [0, 10]}
payoffs:
  C: {C: [R, R], D: [0, T]}
  D: {C: [T, 0], D: [1, 1]}
"""

CHICKEN = """
title: Chicken
players:
  Row: [Swerve, Straight]
  Col: [Swerve, Straight]
parameters:
  c: {value: 3, range: [0, 10]}
payoffs:
  Swerve: {Swerve: [0, 0], Straight: [-1, 1]}
  Straight: {Swerve: [1, -1], Straight: [-c, -c]}
"""

BATTLE = """
title: Battle of the Sexes
players:
  Row: [Opera, Football]
  Col: [Opera, Football]
parameters:
  a: {value: 3, range: [1, 5]}
  b: {value: 2, range: [1, 5]}
payoffs:
  Opera: {Opera: [a, b], Football: [0, 0]}
  Football: {Opera: [0, 0], Football: [b, a]}
"""


def conditions_by_label(game):
    return {c.label: c for c in symbolic_conditions(game).candidates}


def test_stag_hunt_conditions_read_like_the_textbook():
    c = conditions_by_label(loads(STAG_HUNT))
    assert c["Stag/Stag"].sentence() == "Stag/Stag is an equilibrium iff s >= h"
    assert c["Hare/Hare"].sentence() == "Hare/Hare is an equilibrium iff h >= 0"
    assert c["Stag/Hare"].status == "conditional"  # needs h <= 0 and 0 >= s: only at a corner


@pytest.mark.parametrize("s, h, expected", [
    (4, 3, {"Stag/Stag", "Hare/Hare", "mixed(Stag+Hare / Stag+Hare)"}),
    (4, 5, {"Hare/Hare"}),
    (4, 4, {"Stag/Stag", "Hare/Hare"}),  # the boundary: indifferent, the mixture collapses
    (Fraction(7, 2), Fraction(1, 3), {"Stag/Stag", "Hare/Hare", "mixed(Stag+Hare / Stag+Hare)"}),
])
def test_stag_hunt_equilibrium_sets_at_points(s, h, expected):
    analysis = symbolic_conditions(loads(STAG_HUNT))
    assert analysis.equilibrium_set({"s": s, "h": h}) == expected


def test_stag_hunt_threshold_in_h_is_s():
    game = loads(STAG_HUNT)
    analysis = symbolic_conditions(game)
    t = exact_thresholds(analysis, "h", game.baseline(), 0, 10)
    assert [x.value for x in t.thresholds] == [4.0]
    th = t.thresholds[0]
    assert th.symbolic == "s" and th.exact == "4"
    assert set(th.below) - set(th.above) == {"Stag/Stag", "mixed(Stag+Hare / Stag+Hare)"}
    assert t.nearest_above is th and t.nearest_below is None
    assert th.sentence(3.0) == ("Stag/Stag and mixed(Stag+Hare / Stag+Hare) stop being equilibria "
                                "when h rises above s = 4 (baseline 3)")


def test_prisoners_dilemma_cooperation_needs_temptation_below_reward():
    game = loads(PRISONERS)
    report = analyze(game, samples=0)
    assert report.baseline == ("D/D",)
    by = {t.parameter: t for t in report.thresholds}
    t = by["T"].nearest_below
    assert t.value == 3.0 and t.symbolic == "R"
    assert t.change(rising=False) == "C/C and mixed(C+D / C+D) become equilibria"
    r = by["R"].nearest_above
    assert r is None  # R <= 5 < T = 5? at R = 5 = T only the boundary: no interval change inside (1, 5)
    assert conditions_by_label(game)["C/C"].sentence() == "C/C is an equilibrium iff R >= T"


def test_chicken_mixed_equilibrium_and_threshold_at_one():
    game = loads(CHICKEN)
    c = conditions_by_label(game)
    mixed = c["mixed(Swerve+Straight / Swerve+Straight)"]
    q = sympy.Symbol("c", real=True)
    straight = mixed.probabilities[1][1]
    assert sympy.simplify(straight - 1 / q) == 0  # Column drives straight with probability 1/c
    t = exact_thresholds(symbolic_conditions(game), "c", game.baseline(), 0, 10)
    assert [x.value for x in t.thresholds] == [1.0]
    assert set(t.thresholds[0].below) == {"Straight/Straight"}
    assert set(t.thresholds[0].above) == {"Swerve/Straight", "Straight/Swerve",
                                          "mixed(Swerve+Straight / Swerve+Straight)"}


def test_battle_of_the_sexes_closed_form_mixture():
    game = loads(BATTLE)
    mixed = conditions_by_label(game)["mixed(Opera+Football / Opera+Football)"]
    a, b = sympy.symbols("a b", real=True)
    row_opera = mixed.probabilities[0][0]
    col_opera = mixed.probabilities[1][0]
    assert sympy.simplify(row_opera - a / (a + b)) == 0
    assert sympy.simplify(col_opera - b / (a + b)) == 0
    report = analyze(game, samples=0)
    verified = [e for e in report.baseline_equilibria if not e.is_pure]
    assert len(verified) == 1 and verified[0].regret == 0
    assert tuple(verified[0].profile[0]) == (Fraction(3, 5), Fraction(2, 5))


def test_headline_names_the_most_fragile_parameter():
    report = analyze(loads(STAG_HUNT), samples=0)
    # h is 1 from its threshold (range 10); s is 1 from its threshold (s = h = 3) too: tie broken by name
    assert [t.parameter for t in report.tornado] == ["h", "s"]
    assert report.headline().startswith("The conclusion is most fragile to h: ")
    assert "rises above s = 4 (baseline 3)" in report.headline()


def test_tornado_orders_by_relative_distance():
    game = loads(STAG_HUNT.replace("s: {value: 4, range: [0, 10]}", "s: {value: 9, range: [0, 10]}")
                 .replace("h: {value: 3, range: [0, 10]}", "h: {value: 3, range: [0, 100]}"))
    report = analyze(game, samples=0)
    fr = {t.parameter: t.fragility() for t in report.tornado}
    assert fr["s"] == pytest.approx(0.6) and fr["h"] == pytest.approx(0.06)
    assert report.tornado[0].parameter == "h"


def test_three_player_pure_conditions():
    game = loads("""
title: Three volunteers
players:
  A: [Go, Stay]
  B: [Go, Stay]
  C: [Go, Stay]
parameters:
  v: {value: 2, range: [0, 5]}
payoffs:
  Go: {Go: {Go: [v, v, v], Stay: [v, v, 1]}, Stay: {Go: [v, 1, v], Stay: [v, 1, 1]}}
  Stay: {Go: {Go: [1, v, v], Stay: [1, v, 0]}, Stay: {Go: [1, 0, v], Stay: [0, 0, 0]}}
""")
    c = conditions_by_label(game)
    assert c["Go/Go/Go"].sentence() == "Go/Go/Go is an equilibrium iff v >= 1"
    report = analyze(game, samples=0)
    assert "Go/Go/Go" in report.baseline
    assert any("three-player" in n or "3-player" in n for n in report.notes)
    t = report.thresholds[0]
    assert 1.0 in [x.value for x in t.thresholds]


def test_irrational_threshold_from_a_quadratic_condition():
    game = loads("""
title: Quadratic
players:
  Row: [A, B]
  Col: [X, Y]
parameters:
  x: {value: 3, range: [0, 4]}
payoffs:
  A: {X: [x^2, 1], Y: [0, 0]}
  B: {X: [2, 0], Y: [1, 1]}
""")
    t = analyze(game, samples=0).thresholds[0]
    assert [round(x.value, 12) for x in t.thresholds] == [round(2 ** 0.5, 12)]
    assert t.thresholds[0].exact == "sqrt(2)"


def test_symbolic_and_numeric_thresholds_agree():
    from convenience.analysis.sensitivity.thresholds import numeric_thresholds
    from convenience.analysis.sensitivity.vectorised import GameEvaluator

    game = loads(CHICKEN)
    ev = GameEvaluator(game)
    numeric = numeric_thresholds(lambda xs: ev.sets({"c": xs}), "c", 3.0, 0.0, 10.0)
    assert [round(x.value, 9) for x in numeric.thresholds] == [1.0]


def test_non_rational_payoffs_fall_back_to_numerical_analysis():
    game = loads(STAG_HUNT.replace("Stag: {Stag: [s, s]", "Stag: {Stag: ['max(s, 1)', 'max(s, 1)']"))
    report = analyze(game, samples=0)
    assert not report.symbolic
    assert any("numerically" in n for n in report.notes)
    h = next(t for t in report.thresholds if t.parameter == "h")
    assert [round(x.value, 9) for x in h.thresholds] == [4.0] and h.numerical


def test_an_exhausted_work_budget_falls_back_to_numerical_analysis():
    report = analyze(loads(BATTLE), samples=0, work_limit=0)
    assert not report.symbolic
    assert any("did not finish" in n for n in report.notes)
    a = next(t for t in report.thresholds if t.parameter == "a")
    assert a.thresholds == ()  # no change for a in [1, 5] with b = 2


def test_regime_map_regions_and_exact_boundary():
    report = analyze(loads(STAG_HUNT), samples=0, grid={"s": (0.5, 10, 20), "h": (0.5, 10, 20)})
    m = report.regime_map
    labels = {r.label for r in m.regions}
    assert "Hare/Hare + Stag/Stag + mixed(Stag+Hare / Stag+Hare)" in labels
    assert "Hare/Hare" in labels
    equations = {e for b in m.boundaries for e in b.equations}
    assert "s = h" in equations or "h = s" in equations


def test_report_serialises_and_renders():
    import json

    report = analyze(loads(STAG_HUNT), samples=500)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["headline"] == report.headline()
    text = report.to_markdown()
    assert "### Exact conditions" in text and "Stag/Stag is an equilibrium iff s >= h" in text


def test_unknown_parameter_suggests_the_closest():
    with pytest.raises(InputError, match="did you mean 'h'"):
        analyze(loads(STAG_HUNT), parameters=["hh"], samples=0)


def test_probability_grid_must_stay_in_unit_interval():
    game = loads("""
title: Lottery
players:
  Row: [Bet, Pass]
  Col: [X, Y]
parameters:
  p: {value: 0.5, range: [0, 1]}
payoffs:
  Bet: {X: [2*p - 1, 0], Y: [2*p - 1, 0]}
  Pass: {X: [0, 0], Y: [0, 0]}
""")
    with pytest.raises(InputError, match="probability"):
        analyze(game, samples=0, grid=["p=0:2:5"])
    report = analyze(game, samples=0)
    assert report.thresholds[0].thresholds[0].value == 0.5


def test_bad_distribution_inputs_are_input_errors():
    from convenience.analysis.montecarlo.distributions import distribution_of
    from convenience.parametric import Parameter

    with pytest.raises(InputError, match="does not contain the baseline"):
        distribution_of(Parameter("k", Fraction(5), Fraction(0), Fraction(3)))
    with pytest.raises(InputError, match="must not be negative"):
        distribution_of(Parameter("k", Fraction(1), Fraction(0), Fraction(3), {"type": "normal", "sd": -1}))
    with pytest.raises(InputError, match="did you mean 'normal'"):
        distribution_of(Parameter("k", Fraction(1), Fraction(0), Fraction(3), {"type": "normall"}))


def test_three_player_mixed_equilibrium_with_a_pure_bystander():
    # A and B play matching pennies; C gets x from X and 0 from Y whatever they do
    game = loads("""
title: Pennies with a bystander
players:
  A: [H, T]
  B: [H, T]
  C: [X, Y]
parameters:
  x: {value: 1, range: [-2, 2]}
payoffs:
  H: {H: {X: [1, -1, x], Y: [1, -1, 0]}, T: {X: [-1, 1, x], Y: [-1, 1, 0]}}
  T: {H: {X: [-1, 1, x], Y: [-1, 1, 0]}, T: {X: [1, -1, x], Y: [1, -1, 0]}}
""")
    c = conditions_by_label(game)
    assert c["mixed(H+T / H+T / X)"].sentence() == (
        "mixed(H+T / H+T / X) is an equilibrium iff x >= 0, with A: H = 1/2, T = 1/2; B: H = 1/2, T = 1/2; C: X")
    report = analyze(game, samples=0)
    assert report.baseline == ("mixed(H+T / H+T / X)",)
    assert report.baseline_equilibria[0].regret == 0
    t = report.thresholds[0].nearest_below
    assert t.value == 0.0 and set(t.below) == {"mixed(H+T / H+T / Y)"}


# ------------------------------------------------------------------ what the analysis does not follow
def test_a_continuum_at_the_baseline_is_stated_not_dropped():
    """Col is indifferent when Row plays Top, for every value of a: every mixture of Left and
    Right against Top is an equilibrium. The analysis follows isolated equilibria, so it must
    say that the solver finds this continuum, in its notes, its JSON and the report's verdict."""
    game = loads("""
title: Indifferent column
players: {Row: [Top, Bottom], Col: [Left, Right]}
parameters: {a: {value: 2, range: [1, 3]}}
payoffs:
  Top: {Left: [a, 1], Right: [a, 1]}
  Bottom: {Left: [0, 0], Right: [0, 2]}
""")
    report = analyze(game, samples=200)
    kinds = [kind for kind, _ in report.untracked]
    assert kinds == ["continuum"]
    assert "every mixture of Col's Left and Right" in report.untracked[0][1]
    assert any(n.startswith("at the baseline the solver also finds") for n in report.notes)
    assert report.to_dict()["untracked"][0]["kind"] == "continuum"

    from convenience.report.build import build_report
    from convenience.report.markdown import verdict

    text = verdict(build_report(game, "indifferent.yaml", samples=200))
    assert "1 continuum of equilibria found at the baseline by the solver is not followed" in text


def test_mixed_equilibria_on_untracked_supports_are_listed():
    """A 6 x 6 game has more equal-size support pairs than the symbolic analysis tracks, so only
    pure profiles are followed; the solver's mixed equilibria are listed as untracked."""
    import numpy as np

    rng = np.random.default_rng(5)  # nondegenerate, with 3 equilibria of which 2 are mixed
    A, B = rng.integers(0, 1000, (6, 6)), rng.integers(0, 1000, (6, 6))
    rows = "\n".join("  R%d: {%s}" % (i, ", ".join("C%d: [%d, %d]" % (j, A[i, j], B[i, j]) for j in range(6)))
                     for i in range(6))
    game = loads("title: six\nplayers: {Row: [R0, R1, R2, R3, R4, R5], Col: [C0, C1, C2, C3, C4, C5]}\n"
                 "parameters: {k: {value: 0, range: [-1, 1]}}\npayoffs:\n" + rows.replace("[%d," % A[0, 0], "[%d + k," % A[0, 0], 1))
    report = analyze(game, samples=0)
    from convenience.solvers import solve

    mixed = [e for e in solve(game.at()).equilibria if not e.is_pure]
    assert len(mixed) == 2
    assert [t for _, t in report.untracked] == [e.label() for e in mixed]
    assert {kind for kind, _ in report.untracked} == {"equilibrium"}


def test_nothing_is_untracked_when_the_analysis_follows_everything():
    report = analyze(loads(STAG_HUNT), samples=0)
    assert report.untracked == ()
    assert not any("solver also finds" in n for n in report.notes)


COORDINATION_WITH_ALLIANCE = """
title: Coordination with a costly alliance
players:
  Russia: [Split, Coordinate, Alliance]
  Iran: [Split, Coordinate, Alliance]
parameters:
  B_R: {value: 6, range: [0, 10]}
  B_I: {value: 8, range: [0, 12]}
  k: {value: 1, range: [0, 3]}
  G: {value: 4, range: [0, 8]}
  S: {value: 4, range: [0, 8]}
payoffs:
  Split:
    Split: [0, 0]
    Coordinate: [0, -k]
    Alliance: [0, -k - S]
  Coordinate:
    Split: [-k, 0]
    Coordinate: [B_R - k, B_I - k]
    Alliance: [B_R - k, B_I - k - S]
  Alliance:
    Split: [-k - G, 0]
    Coordinate: [B_R - k - G, B_I - k]
    Alliance: [B_R - k - G, B_I - k - S]
"""


def test_regime_map_lists_only_equations_that_separate_its_regions():
    """A boundary point found by bisecting along one axis sits on a grid line of the other, so an
    equation in the other parameter alone (``B_R = 5`` on a point bisected along ``B_I``) vanishes
    there by accident; only equations through the bisected parameter are listed. Each equation of
    one parameter that is listed must change the equilibrium set where it is crossed."""
    game = loads(COORDINATION_WITH_ALLIANCE)
    report = analyze(game, samples=0, grid={"B_R": (0, 10, 41), "B_I": (0, 12, 41)})
    m = report.regime_map
    listed = [(b, e) for b in m.boundaries for e in b.equations]
    assert listed
    for boundary, equation in listed:
        name, _, value = equation.partition(" = ")
        if name not in ("B_R", "B_I") or not value.replace(".", "").isdigit():
            continue
        # crossing the line at some located point of this boundary changes the equilibrium set
        crossing = False
        for px, py in boundary.points:
            point = {"B_R": px, "B_I": py}
            if abs(point[name] - float(value)) > 1e-6:
                continue
            below = {**point, name: float(value) - 0.05}
            above = {**point, name: float(value) + 0.05}
            crossing |= _labels(game, below) != _labels(game, above)
        assert crossing, f"{equation} listed between {boundary.between} but separates nothing"


def _labels(game, values):
    from convenience.solvers import solve

    return sorted(eq.label() for eq in solve(game.at(values)).equilibria)
