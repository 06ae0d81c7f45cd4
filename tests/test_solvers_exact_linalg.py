"""Exact linear algebra used by the solvers, checked against sympy's rational matrices."""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import given, settings, strategies as st

from convenience.solvers.exact_linalg import solve_exact, solve_square_integer, to_integer_matrix


@st.composite
def square_systems(draw):
    n = draw(st.integers(1, 5))
    cell = st.integers(-4, 4)
    M = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=n, max_size=n))
    b = draw(st.lists(cell, min_size=n, max_size=n))
    return M, b


@settings(deadline=None, max_examples=60)
@given(square_systems())
def test_bareiss_and_fraction_elimination_match_sympy(system):
    M, b = system
    ref = sympy.Matrix(M)
    got_int = solve_square_integer([row[:] for row in M], list(b))
    got_frac = solve_exact(M, b)
    if ref.det() == 0:
        assert got_int is None and got_frac is None
    else:
        want = [Fraction(int(v.p), int(v.q)) for v in ref.LUsolve(sympy.Matrix(b))]
        assert got_int == want and got_frac == want


def test_overdetermined_consistent_and_inconsistent_systems():
    # x + y = 3, x - y = 1, 2x = 4: consistent, unique (2, 1)
    assert solve_exact([[1, 1], [1, -1], [2, 0]], [3, 1, 4]) == [2, 1]
    # change the last equation: inconsistent
    assert solve_exact([[1, 1], [1, -1], [2, 0]], [3, 1, 5]) is None
    # one equation, two unknowns: not unique
    assert solve_exact([[1, 1]], [1]) is None


def test_integer_scaling():
    M, d = to_integer_matrix([[Fraction(1, 2), Fraction(1, 3)], [2, Fraction(-5, 6)]])
    assert d == 6 and M == [[3, 2], [12, -5]]
