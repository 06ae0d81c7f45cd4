"""Lemke's algorithm for the linear complementarity problem (Lemke 1965).

Find ``w, z >= 0`` with ``w = q + M z`` and ``w . z = 0``. An artificial variable ``z0`` with
covering vector ``d`` (all ones) makes ``w = q + M z + d z0`` feasible at once; complementary
pivoting then moves along an almost-complementary path until ``z0`` leaves the basis (a
solution) or a ray is met (failure). The lexicographic minimum-ratio test keeps the path
unique on degenerate problems, which sequence-form LCPs always are.

Works on ``Fraction`` object arrays (exact pivoting) or float64 arrays.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from convenience.errors import ComputationError

#: Pivot limit, as a multiple of the problem size.
MAX_PIVOTS_PER_ROW = 50


def lemke(M: np.ndarray, q: np.ndarray, *, exact: bool, eps: float = 1e-11,
          refactor_every: int | None = None) -> np.ndarray:
    """A solution ``z`` of the LCP ``(q, M)``; raises :class:`ComputationError` on a ray.

    Float tableaux are recomputed from the original system (``B^-1 [I, -M, -d, q]``) whenever
    rounding has made a basic variable negative and, with ``refactor_every``, every that many
    pivots: slower, but it keeps long degenerate paths on track.
    """
    n = q.shape[0]
    if exact:
        T = np.empty((n, 2 * n + 2), dtype=object)
        T[:, :] = Fraction(0)
        for i in range(n):
            T[i, i] = Fraction(1)
        T[:, n:2 * n] = -M
        T[:, 2 * n] = Fraction(-1)
        T[:, 2 * n + 1] = q
        for i in range(n):  # Python ints divide into floats: keep every entry a Fraction
            T[i] = [x if isinstance(x, Fraction) else Fraction(x) for x in T[i]]
        tol: Any = 0
    else:
        T = np.zeros((n, 2 * n + 2))
        T[:, :n] = np.eye(n)
        T[:, n:2 * n] = -np.asarray(M, dtype=float)
        T[:, 2 * n] = -1.0
        T[:, 2 * n + 1] = np.asarray(q, dtype=float)
        tol = eps
    original = None if exact else T.copy()
    basis = list(range(n))  # variable basic in each row: w_i = i, z_i = n + i, z0 = 2n
    rhs = T[:, 2 * n + 1]
    if all(x >= 0 for x in rhs):
        return np.array([Fraction(0)] * n, dtype=object) if exact else np.zeros(n)
    z0 = 2 * n
    # entering z0: the row with the most negative q (lexicographic ties by the identity)
    row = _initial_row(T, n)
    _pivot(T, row, z0, exact)
    leaving = basis[row]
    basis[row] = z0
    for step in range(MAX_PIVOTS_PER_ROW * (n + 1)):
        if original is not None and step and (T[:, 2 * n + 1].min() < -1e-9
                                              or (refactor_every and step % refactor_every == 0)):
            T[:, :] = np.linalg.solve(original[:, basis], original)  # shed accumulated rounding
        entering = leaving + n if leaving < n else leaving - n
        col = T[:, entering]
        ratio_row = _ratio_test(T, col, n, basis, z0, tol)
        if ratio_row is None:
            raise ComputationError("Lemke's algorithm ended on a ray (no equilibrium found this way)")
        row = ratio_row
        _pivot(T, row, entering, exact)
        leaving = basis[row]
        basis[row] = entering
        if leaving == z0:
            break
    else:
        raise ComputationError("Lemke's algorithm did not finish within its pivot limit")
    z = np.array([Fraction(0)] * n, dtype=object) if exact else np.zeros(n)
    for r, var in enumerate(basis):
        if n <= var < 2 * n:
            z[var - n] = T[r, 2 * n + 1]
    return z


def _initial_row(T: np.ndarray, n: int) -> int:
    rhs = T[:, 2 * n + 1]
    best: tuple[tuple, int] | None = None
    for i in range(n):
        key = (rhs[i], [-x for x in T[i, :n]])
        if best is None or _lex_less(key, best[0]):
            best = (key, i)
    assert best is not None, "the tableau has at least one row"
    return best[1]


def _lex_less(a: tuple, b: tuple) -> bool:
    if a[0] != b[0]:
        return a[0] < b[0]
    return list(a[1]) < list(b[1])


def _ratio_test(T: np.ndarray, col: np.ndarray, n: int, basis: list[int], z0: int, tol: Any) -> int | None:
    exact = not isinstance(tol, float)
    if exact:
        rows = [i for i in range(T.shape[0]) if col[i] > 0]
    else:  # pivots must be large relative to the column, or rounding noise steers the path
        limit = tol * max(1.0, float(np.abs(col).max()))
        rows = list(np.flatnonzero(col > limit))
    if not rows:
        return None
    # lexicographic minimum of (rhs, B^-1 row) / col; float right-hand sides are clipped at zero
    candidates = rows
    for k in [2 * n + 1] + list(range(n)):
        if exact:
            ratios = [T[i, k] / col[i] for i in candidates]
            least = min(ratios)
            candidates = [i for i, r in zip(candidates, ratios) if r == least]
        else:
            cand = np.asarray(candidates)
            top = np.maximum(T[cand, k], 0.0) if k == 2 * n + 1 else T[cand, k]
            ratios = top / col[cand]
            least = ratios.min()
            candidates = list(cand[ratios <= least + 1e-9 * max(1.0, abs(least))])
        for i in candidates:
            if basis[i] == z0:
                return i
        if len(candidates) == 1:
            return candidates[0]
    return candidates[0]


def _pivot(T: np.ndarray, row: int, col: int, exact: bool) -> None:
    piv = T[row, col]
    T[row] = T[row] / piv
    factors = T[:, col].copy()
    factors[row] = Fraction(0) if exact else 0.0
    nz = np.flatnonzero(factors != 0)
    if len(nz):
        if exact:  # the tableau is sparse: touch only the pivot row's nonzero columns
            cols = np.flatnonzero(T[row] != 0)
            cells = np.ix_(nz, cols)
            T[cells] = T[cells] - np.multiply.outer(factors[nz], T[row, cols])
        else:
            T[nz] = T[nz] - np.outer(factors[nz], T[row])
            block = T[nz]
            block[np.abs(block) < 1e-14] = 0.0  # rounding dust would hide degenerate ties
            T[nz] = block
