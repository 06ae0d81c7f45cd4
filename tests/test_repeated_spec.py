"""``kind: repeated`` game files: loading, symbolic thresholds, the real CLI, bad input."""

from __future__ import annotations

import json
import re
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from convenience.errors import InputError
from convenience.expressions import parse_expression
from convenience.repeated.game import ParametricRepeatedGame
from convenience.repeated.solve import (analyse_repeated, critical_discount, critical_discount_sweep,
                                        sustainability_condition)
from convenience.parametric import Parameter, ParametricGame
from convenience.spec import load_game

PD = """
kind: repeated
title: Repeated Prisoner's Dilemma
parameters:
  T: {value: 5, range: [3, 10]}
  R: 3
  P: 1
  S: 0
  delta: {value: 0.6, range: [0, 0.99]}
discount: delta
stage:
  players: {Row: [Cooperate, Defect], Column: [Cooperate, Defect]}
  payoffs:
    Cooperate: {Cooperate: [R, R], Defect: [S, T]}
    Defect: {Cooperate: [T, S], Defect: [P, P]}
target: {Row: Cooperate, Column: Cooperate}
"""

TRUST = """
kind: repeated
title: Trust between an investor and a trustee
parameters:
  gain: {value: 3, description: what keeping the money is worth to the investor}
  abuse: {value: 4, description: what abusing trust is worth to the trustee}
discount: 0.4
stage:
  players: {Investor: [Trust, Keep], Trustee: [Honor, Abuse]}
  payoffs:
    Trust: {Honor: [2, 2], Abuse: [-1, abuse]}
    Keep: {Honor: [gain, -1], Abuse: [0, 0]}
target: [Trust, Honor]
punishment: nash
"""

TWO_NE = """
kind: repeated
title: Two stage equilibria, two periods
horizon: 2
stage:
  players: {A: [M, F, R], B: [M, F, R]}
  payoffs:
    M: {M: [4, 4], F: [0, 0], R: [5, 0]}
    F: {M: [0, 0], F: [1, 1], R: [0, 0]}
    R: {M: [0, 5], F: [0, 0], R: [3, 3]}
target: {A: R, B: R}
"""


def test_prisoners_dilemma_threshold_is_symbolic(write_game):
    game = load_game(write_game(PD))
    assert isinstance(game, ParametricRepeatedGame) and game.kind == "repeated"
    T, R, P, delta = (sympy.Symbol(n, real=True) for n in ("T", "R", "P", "delta"))
    assert sympy.simplify(critical_discount(game) - (T - R) / (T - P)) == 0
    result = analyse_repeated(game)
    assert result.critical_discount == F(1, 2) and result.sustained is True
    assert result.to_dict()["critical_discount_symbolic"] == "(T - R)/(T - P)"
    condition = sustainability_condition(game)
    for t, d in [(5, F(1, 2)), (5, F(49, 100)), (9, F(3, 4)), (9, F(3, 5))]:
        holds = bool(condition.subs({T: t, R: 3, P: 1, delta: d}))
        assert holds == (d >= F(t - 3, t - 1))


def test_overrides_move_the_threshold(write_game):
    game = load_game(write_game(PD), {"T": 7})
    assert analyse_repeated(game).critical_discount == F(7 - 3, 7 - 1)
    assert analyse_repeated(game, {"T": 9}).critical_discount == F(3, 4)


def test_trust_game_binding_player_from_file(write_game):
    result = analyse_repeated(load_game(write_game(TRUST)))
    assert result.binding == ("Trustee",) and result.critical_discount == F(1, 2)
    gain, abuse = sympy.Symbol("gain", real=True), sympy.Symbol("abuse", real=True)
    investor, trustee = result.conditions
    assert sympy.simplify(investor.symbolic_threshold - (gain - 2) / gain) == 0
    assert sympy.simplify(trustee.symbolic_threshold - (abuse - 2) / abuse) == 0


def test_cli_solve_reports_repeated_analysis(write_game, run_cli):
    out = run_cli("solve", write_game(TRUST), "--format", "markdown")
    assert out.exit_code == 0, out.output
    assert "binding: Trustee" in out.stdout
    assert "critical discount factor 1/2" in out.stdout
    assert "at delta = 2/5 the target is not sustained" in out.stdout
    data = json.loads(run_cli("solve", write_game(PD), "--format", "json").stdout)
    assert data["method"] == "repeated-grim-trigger"
    assert any("(T - R)/(T - P)" in n for n in data["notes"])


def test_cli_finite_horizon(write_game, run_cli):
    out = run_cli("solve", write_game(TWO_NE), "--format", "markdown")
    assert out.exit_code == 0, out.output
    assert "(A: R; B: R) can be played in period(s) 1 of a subgame-perfect equilibrium" in out.stdout
    assert "then (A: M 1/5, F 4/5; B: M 1/5, F 4/5)" in out.stdout  # the stick: the mixed equilibrium


def test_cli_set_override(write_game, run_cli):
    out = run_cli("solve", write_game(PD), "--set", "T=9", "--format", "markdown")
    assert out.exit_code == 0
    assert "critical discount factor 3/4" in out.stdout
    assert "at delta = 3/5 the target is not sustained" in out.stdout


BAD = [
    ("discount-one", PD.replace("discount: delta", "discount: 1"), "discount", "outside 0 <= discount < 1"),
    ("discount-negative", PD.replace("discount: delta", "discount: -0.1"), "discount", "outside"),
    ("discount-unknown", PD.replace("discount: delta", "discount: delt"), "discount", "did you mean 'delta'"),
    ("target-unknown", PD.replace("Column: Cooperate}", "Column: Coperate}"), "target.Column",
     "did you mean 'Cooperate'"),
    ("target-length", TRUST.replace("target: [Trust, Honor]", "target: [Trust]"), "target", "one for each"),
    ("missing-stage", PD[:PD.index("stage:")] + "target: {Row: Cooperate, Column: Cooperate}\n", "stage",
     "missing required key 'stage'"),
    ("missing-target", PD.replace("target: {Row: Cooperate, Column: Cooperate}", ""), "target", "needs a target"),
    ("horizon-zero", TWO_NE.replace("horizon: 2", "horizon: 0"), "horizon", "whole number"),
    ("punishment-typo", TRUST.replace("punishment: nash", "punishment: nsh"), "punishment", "did you mean 'nash'"),
    ("punishment-profile", TRUST.replace("punishment: nash", "punishment: {Investor: Keep, Trustee: Abus}"),
     "punishment.Trustee", "unknown strategy"),
    ("finite-punishment", TWO_NE + "punishment: minmax\n", "punishment", "infinite repetition"),
    ("stage-key", PD.replace("  players: {Row", "  player: {Row"), "stage.player", "unknown key"),
]


@pytest.mark.parametrize("text, key, message", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_names_file_line_column_and_key(write_game, run_cli, text, key, message):
    path = write_game(text)
    with pytest.raises(InputError) as info:
        load_game(path)
    error = info.value
    assert error.file == str(path) and error.line is not None and error.column is not None
    assert error.key == key
    assert message in error.message
    out = run_cli("solve", path)
    assert out.exit_code == 2
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: {re.escape(key)}: ", out.stderr), out.stderr
    assert "Traceback" not in out.output


def test_discount_error_points_at_the_value(write_game):
    path = write_game(PD.replace("discount: delta", "discount: 1.5"))
    with pytest.raises(InputError) as info:
        load_game(path)
    text = path.read_text().splitlines()
    assert text[info.value.line - 1][info.value.column - 1:] == "1.5"


def test_override_outside_discount_range_is_refused(write_game):
    game = load_game(write_game(PD.replace("range: [0, 0.99]", "range: [0, 1]")))
    with pytest.raises(InputError, match="discount"):
        game.at({"delta": 1})


MIXED_STICK = """
kind: repeated
title: The mixed stage equilibrium is the harshest punishment
parameters:
  x: {value: 4, range: [2, 8], description: payoff of coordinating on M}
discount: 0.5
stage:
  players: {A: [M, F, R], B: [M, F, R]}
  payoffs:
    M: {M: [x, x], F: [0, 0], R: [5, 0]}
    F: {M: [0, 0], F: [1, 1], R: [0, 0]}
    R: {M: [0, 5], F: [0, 0], R: [3, 3]}
target: {A: R, B: R}
"""


def test_mixed_punishment_threshold_is_symbolic(write_game):
    """Worst stage equilibrium: both mix M 1/(x+1); its payoff x/(x+1) enters the threshold."""
    game = load_game(write_game(MIXED_STICK))
    result = analyse_repeated(game)
    a = result.conditions[0]
    assert a.punishment_payoff == F(4, 5) and not result.punishments[0].label.endswith("F")
    assert result.critical_discount == F(2, 1) / (5 - F(4, 5)) == F(10, 21)
    x = sympy.Symbol("x", real=True)
    assert sympy.simplify(result.punishments[0].symbolic - x / (x + 1)) == 0
    assert sympy.simplify(critical_discount(game) - 2 * (x + 1) / (4 * x + 5)) == 0
    for value in (2, 3, 8):
        moved = analyse_repeated(game, {"x": value})
        assert moved.critical_discount == F(2 * (value + 1), 4 * value + 5)


@given(st.lists(st.integers(-3, 6), min_size=8, max_size=8), st.integers(0, 1), st.integers(0, 1),
       st.sampled_from(["nash", "minmax"]))
@settings(max_examples=20, deadline=None)
def test_symbolic_thresholds_agree_with_exact_ones_at_the_baseline(values, r, c, punishment):
    """Every payoff is its own parameter; substituting the baseline into the symbolic threshold
    gives the exact one, and the symbolic condition holds exactly from the critical factor on."""
    names = [f"u{k}" for k in range(8)]
    expressions = np.empty((2, 2, 2), dtype=object)
    for k, index in enumerate(np.ndindex(2, 2, 2)):
        expressions[index] = parse_expression(names[k], names)
    parameters = {n: Parameter(n, F(v)) for n, v in zip(names, values)}
    stage = ParametricGame("random", ("Row", "Col"), (("a", "b"), ("a", "b")), expressions, parameters)
    game = ParametricRepeatedGame("random repeated", stage, target=(r, c), punishment=punishment)
    result = analyse_repeated(game)
    point = {sympy.Symbol(n, real=True): v for n, v in zip(names, values)}
    for cond in result.conditions:
        if cond.symbolic_threshold is not None and cond.threshold is not None:
            assert cond.symbolic_threshold.subs(point) == sympy.Rational(cond.threshold.numerator,
                                                                        cond.threshold.denominator)
    for p in result.punishments:
        if p.symbolic is not None:
            assert p.symbolic.subs(point) == sympy.Rational(p.payoff.numerator, p.payoff.denominator)
    if result.sustainable and all(cond.symbolic_inequality is not None for cond in result.conditions):
        delta = sympy.Symbol("delta", real=True)
        condition = sustainability_condition(game)
        crit = sympy.Rational(result.critical_discount.numerator, result.critical_discount.denominator)
        assert bool(condition.subs(point).subs(delta, crit))
        if crit > 0:
            assert not bool(condition.subs(point).subs(delta, crit - sympy.Rational(1, 10**6)))


def test_critical_discount_sweep_follows_the_formula(write_game):
    game = load_game(write_game(PD))
    sweep = critical_discount_sweep(game, "T", points=8)
    assert [s.value for s in sweep] == [F(3) + F(k) for k in range(8)]
    assert [s.critical_discount for s in sweep] == [F(t - 3, t - 1) for t in range(3, 11)]
    assert [s.sustained for s in sweep] == [F(t - 3, t - 1) <= F(3, 5) for t in range(3, 11)]
    with pytest.raises(InputError, match="no range"):
        critical_discount_sweep(game, "R")


def test_discount_hooks_refuse_a_finite_horizon(write_game):
    game = load_game(write_game(TWO_NE))
    for hook in (critical_discount, sustainability_condition):
        with pytest.raises(InputError, match="infinitely repeated"):
            hook(game)


PENNIES_PLUS = """
kind: repeated
title: Cooperation with a mixed minmax threat
parameters:
  g: {value: 3, range: [2, 5], description: gain from cheating on cooperation}
discount: 0.9
stage:
  players: {Row: [Heads, Tails, Share], Col: [Heads, Tails, Share]}
  payoffs:
    Heads: {Heads: [1, -1], Tails: [-1, 1], Share: [g, -2]}
    Tails: {Heads: [-1, 1], Tails: [1, -1], Share: [g, -2]}
    Share: {Heads: [-2, g], Tails: [-2, g], Share: [2, 2]}
target: {Row: Share, Col: Share}
punishment: minmax
"""


def test_mixed_minmax_punishment_is_exact_and_symbolic(write_game, run_cli):
    """Each player is held to 0 by the other's 50:50 Heads/Tails (its pure minmax is 1)."""
    game = load_game(write_game(PENNIES_PLUS))
    result = analyse_repeated(game)
    assert [m.pure_value for m in result.minmax] == [1, 1]
    assert [m.mixed_value for m in result.minmax] == [0, 0] and all(m.mixed_exact for m in result.minmax)
    assert all(p.payoff == 0 for p in result.punishments)
    assert result.critical_discount == F(3 - 2, 3 - 0)
    g = sympy.Symbol("g", real=True)
    assert sympy.simplify(critical_discount(game) - (g - 2) / g) == 0
    assert result.subgame_perfect is False  # the 50:50 threat is not a stage equilibrium here
    floated = run_cli("solve", write_game(PENNIES_PLUS, "float.yaml"), "--float", "--format", "markdown")
    assert floated.exit_code == 0, floated.output
    assert "critical discount factor 0.3333" in floated.stdout
