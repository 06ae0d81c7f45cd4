"""The safe expression parser: exact arithmetic, clear refusals, never code execution."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from convenience.errors import InputError
from convenience.expressions import parse_expression

PARAMS = ("a", "b", "k", "B_R")


@pytest.mark.parametrize("text, values, expected", [
    ("3/4", {}, Fraction(3, 4)),
    (0.1, {}, Fraction(1, 10)),
    ("2^3", {}, Fraction(8)),
    ("2**-1", {}, Fraction(1, 2)),
    ("-a^2", {"a": Fraction(3)}, Fraction(-9)),
    ("(a - b) * k / 2", {"a": Fraction(5), "b": Fraction(1), "k": Fraction(3)}, Fraction(6)),
    ("B_R - k - 2 + 1", {"B_R": Fraction(6), "k": Fraction(1)}, Fraction(4)),
    ("max(a, b, 0) - min(a, b)", {"a": Fraction(-1), "b": Fraction(2)}, Fraction(3)),
    ("abs(a - b)", {"a": Fraction(1), "b": Fraction(4)}, Fraction(3)),
    ("1.5e1 - a", {"a": Fraction(1, 2)}, Fraction(29, 2)),
    ("a - b - k", {"a": Fraction(1), "b": Fraction(2), "k": Fraction(3)}, Fraction(-4)),
    ("a / b / k", {"a": Fraction(12), "b": Fraction(2), "k": Fraction(3)}, Fraction(2)),
    ("2^3^2", {}, Fraction(512)),
])
def test_exact_values(text, values, expected):
    value = parse_expression(text, PARAMS).evaluate(values)
    assert isinstance(value, Fraction)
    assert value == expected


def test_irrational_functions_give_floats():
    value = parse_expression("sqrt(a)", PARAMS).evaluate({"a": Fraction(2)})
    assert isinstance(value, float) and abs(value - 2 ** 0.5) < 1e-15


def test_arrays_evaluate_elementwise():
    expr = parse_expression("max(a, b) - k/2", PARAMS)
    out = expr.evaluate({"a": np.array([0.0, 3.0]), "b": np.array([1.0, 1.0]), "k": 2.0})
    assert out.tolist() == [0.0, 2.0]


def test_sympy_form_and_text_round_trip():
    expr = parse_expression("B_R - k*(a + 1)/2", PARAMS)
    B_R, k, a = sympy.symbols("B_R k a", real=True)
    assert sympy.simplify(expr.to_sympy() - (B_R - k * (a + 1) / 2)) == 0
    again = parse_expression(str(expr), PARAMS)
    assert sympy.simplify(again.to_sympy() - expr.to_sympy()) == 0
    assert expr.parameters == {"B_R", "k", "a"}


@pytest.mark.parametrize("text, message", [
    ("__import__('os').system('true')", "strings are not allowed"),
    ("__import__(a)", "unknown function '__import__'"),
    ("a.__class__", "attribute access"),
    ("exec(a)", "unknown function 'exec'"),
    ("kk + 1", "unknown parameter 'kk' (did you mean 'k'?)"),
    ("1/0", "division by zero"),
    ("2^1000", "exponent 1000 is too large"),
    ("(a", "expected ')'"),
    ("a +", "unexpected end"),
    ("", "empty expression"),
    ("max(a)", "max() takes two or more arguments"),
    ("a b", "unexpected 'b'"),
    ("nan", "not a finite number"),
    ("lambda: 1", "unexpected character ':'"),
])
def test_refusals(text, message):
    with pytest.raises(InputError) as info:
        parse_expression(text, PARAMS, file="g.yaml", line=3, column=5, key="payoffs.A.B")
    assert message in str(info.value)
    assert str(info.value).startswith("g.yaml:3:5: payoffs.A.B: ")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, None, [1, 2]])
def test_non_numbers_refused(value):
    with pytest.raises(InputError):
        parse_expression(value, PARAMS)


def test_deep_nesting_refused_without_recursion_error():
    with pytest.raises(InputError, match="nested too deeply"):
        parse_expression("(" * 500 + "1" + ")" * 500, PARAMS)
    with pytest.raises(InputError, match="nested too deeply"):
        parse_expression("-" * 500 + "1", PARAMS)


def test_numeric_function_evaluates_batches_in_float():
    from convenience.api import loads

    game = loads("""
title: t
players: {A: [x, y], B: [x, y]}
parameters: {a: {value: "1/3", range: [0, 1]}}
payoffs:
  x: {x: ["a/3", 1], y: [0, "2^a"]}
  y: {x: [1, 0], y: ["max(a, 1/2)", 1]}
""")
    f = game.numeric_function()
    out = f(a=np.array([0.0, 0.25, 1.0]))
    assert out.dtype == np.float64 and out.shape == (2, 2, 2, 3)
    assert np.allclose(out[0][1, 1], [0.5, 0.5, 1.0]) and np.allclose(out[1][0, 1], 2 ** np.array([0.0, 0.25, 1.0]))
    assert np.allclose(f(), game.at().float_payoffs())
