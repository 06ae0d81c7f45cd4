"""Exact linear algebra over the rationals, for solvers that must not round.

Payoff matrices of exact games hold :class:`fractions.Fraction`; the helpers here scale them
to integers once (by the least common denominator) so that elimination runs on Python
integers, which is much faster than on fractions, and return exact ``Fraction`` answers.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from typing import Sequence


def to_integer_matrix(rows: Sequence[Sequence[Fraction]]) -> tuple[list[list[int]], int]:
    """``(M, d)`` with ``M`` integer and ``rows == M / d`` entrywise."""
    d = 1
    for row in rows:
        for v in row:
            d = lcm(d, Fraction(v).denominator)
    return [[int(Fraction(v) * d) for v in row] for row in rows], d


def solve_exact(matrix: Sequence[Sequence], rhs: Sequence) -> list[Fraction] | None:
    """The unique solution of ``matrix @ z = rhs``, or None when there is none or many.

    ``matrix`` may be rectangular (more equations than unknowns is fine when the system is
    consistent). Gaussian elimination with exact fractions; pivots are taken in column order.
    """
    n_rows = len(matrix)
    n_cols = len(matrix[0]) if n_rows else 0
    aug = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(matrix, rhs)]
    pivot_row = 0
    pivots = []
    for col in range(n_cols):
        found = None
        for r in range(pivot_row, n_rows):
            if aug[r][col] != 0:
                found = r
                break
        if found is None:
            return None  # a free variable: no unique solution
        aug[pivot_row], aug[found] = aug[found], aug[pivot_row]
        prow = aug[pivot_row]
        inv = 1 / prow[col]
        prow[:] = [v * inv for v in prow]
        for r in range(n_rows):
            if r != pivot_row and aug[r][col] != 0:
                f = aug[r][col]
                row = aug[r]
                row[:] = [a - f * b for a, b in zip(row, prow)]
        pivots.append(col)
        pivot_row += 1
    for r in range(pivot_row, n_rows):
        if aug[r][n_cols] != 0:
            return None  # inconsistent
    return [aug[i][n_cols] for i in range(n_cols)]


def solve_square_integer(matrix: list[list[int]], rhs: list[int]) -> list[Fraction] | None:
    """Solve a square integer system by fraction-free (Bareiss) elimination.

    Returns exact fractions, or None when the matrix is singular. Bareiss keeps every
    intermediate entry an integer minor, so no gcd is ever needed.
    """
    n = len(matrix)
    a = [row[:] + [b] for row, b in zip(matrix, rhs)]
    prev = 1
    for k in range(n):
        if a[k][k] == 0:
            for r in range(k + 1, n):
                if a[r][k] != 0:
                    a[k], a[r] = a[r], a[k]
                    break
            else:
                return None
        akk = a[k][k]
        rowk = a[k]
        for i in range(k + 1, n):
            aik = a[i][k]
            rowi = a[i]
            for j in range(k + 1, n + 1):
                rowi[j] = (rowi[j] * akk - aik * rowk[j]) // prev
            rowi[k] = 0
        prev = akk
    # back substitution with fractions on the triangular integer system
    z = [Fraction(0)] * n
    for i in range(n - 1, -1, -1):
        s = Fraction(a[i][n])
        for j in range(i + 1, n):
            if a[i][j]:
                s -= a[i][j] * z[j]
        z[i] = s / a[i][i]
    return z


def rationalize(value: float, max_denominator: int = 10**9) -> Fraction:
    """The simplest fraction close to a float (for turning a float solution into a guess)."""
    return Fraction(float(value)).limit_denominator(max_denominator)
