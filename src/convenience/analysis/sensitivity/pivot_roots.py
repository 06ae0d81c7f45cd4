"""Polynomials in one probability as coefficient lists, and their roots, over any arithmetic.

The indifference system of a support where three players mix reduces to ``F(r) = 0`` in one
player's probability ``r`` (:mod:`convenience.analysis.sensitivity.nplayer_mixed`). Its coefficients are
numbers, float arrays (a batch of games) or polynomials in the parameters, so ``F`` is kept as
a plain list ``[c0, c1, ...]`` and handled with ``+ - *`` only. Roots: the quadratic formula in
a cancellation-free form, per branch (over arrays, or exactly in ``Q(sqrt d)``); from degree
three, batched companion-matrix eigenvalues polished by Newton's method.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from convenience.analysis.sensitivity.surd import Surd, exact_sign, rational_sqrt


def padd(f: list, g: list) -> list:
    n = max(len(f), len(g))
    return [(f[k] if k < len(f) else 0) + (g[k] if k < len(g) else 0) for k in range(n)]


def psub(f: list, g: list) -> list:
    return padd(f, [-c for c in g])


def pmul(f: list, g: list) -> list:
    out: list = [0] * (len(f) + len(g) - 1)
    for i, a in enumerate(f):
        for j, b in enumerate(g):
            out[i + j] = out[i + j] + a * b
    return out


def pscale(f: list, c: Any) -> list:
    return [a * c for a in f]


def peval(f: list, x: Any) -> Any:
    """Horner's rule (``x`` a number, array or Surd)."""
    out: Any = 0
    for c in reversed(f):
        out = out * x + c
    return out


def _pdet(m: list[list[list]]) -> list:
    k = len(m)
    if k == 0:
        return [1]
    if k == 1:
        return m[0][0]
    total: list = [0]
    for j in range(k):
        minor = [row[:j] + row[j + 1:] for row in m[1:]]
        term = pmul(m[0][j], _pdet(minor))
        total = padd(total, term) if j % 2 == 0 else psub(total, term)
    return total


def cofactor_weights(m: list[list[list]]) -> list[list]:
    """Unnormalised opponent weights making every row of ``m`` pay the same (Cramer's rule on
    "row r pays what row 0 pays" and "weights sum to one", expanded along the row of ones)."""
    k = len(m)
    diffs = [[psub(m[r][j], m[0][j]) for j in range(k)] for r in range(1, k)]
    out = []
    for j in range(k):
        minor = [row[:j] + row[j + 1:] for row in diffs]
        d = _pdet(minor)
        out.append(d if (k - 1 + j) % 2 == 0 else pscale(d, -1))
    return out


def orientation(coeffs: list, tol: float = 0.0) -> int:
    """``sigma`` such that root 1 is branch ``-sigma`` (the smaller root at this point)."""
    c0, c1, c2 = (list(coeffs) + [0, 0, 0])[:3]
    if abs(c2) > tol:
        return 1 if c2 > 0 else -1
    if abs(c1) > tol:
        return -1 if c1 > 0 else 1
    return 1


def quadratic_branch(coeffs: list, s: Any) -> np.ndarray:
    """Branch ``s`` (+1 or -1, may be an array) of ``c2 r^2 + c1 r + c0 = 0`` over arrays, in the
    cancellation-free form; NaN where the roots are complex or the branch is at infinity."""
    c0, c1, c2 = (np.asarray(c, dtype=float) for c in (list(coeffs) + [0.0, 0.0, 0.0])[:3])
    disc = c1 * c1 - 4 * c2 * c0
    root = np.sqrt(np.where(disc >= 0, disc, np.nan))
    with np.errstate(divide="ignore", invalid="ignore"):
        stable = s * c1 > 0  # -c1 + s*root would cancel: use the product of the roots
        r = np.where(stable, 2 * c0 / (-c1 - s * root), (-c1 + s * root) / (2 * c2))
    return np.where(np.isfinite(r), r, np.nan)


def exact_branch(coeffs: list, s: int) -> Surd | None:
    """Branch ``s`` of the quadratic with rational coefficients, exactly; None if complex/infinite."""
    c0, c1, c2 = (Fraction(c) for c in (list(coeffs) + [0, 0, 0])[:3])
    disc = c1 * c1 - 4 * c2 * c0
    if disc < 0:
        return None
    sq = rational_sqrt(disc)
    root = Surd(sq) if sq is not None else Surd(Fraction(0), Fraction(1), disc)
    if s * c1 > 0:
        den = -c1 - s * root
        return None if exact_sign(den) == 0 else 2 * c0 / den
    if c2 == 0:
        return None
    return (-c1 + s * root) / (2 * c2)


def numeric_roots(coeffs: list, size: int) -> np.ndarray:
    """Real roots in ``[0, 1]`` (with a little slack) of each polynomial, ascending, padded with
    NaN: shape ``(degree, size)``. Batched companion-matrix eigenvalues; a vanishing leading
    coefficient falls back to ``numpy.roots`` for that sample."""
    c = np.array([np.broadcast_to(np.asarray(x, dtype=float), (size,)) for x in coeffs])  # (d+1, N)
    d = c.shape[0] - 1
    out = np.full((d, size), np.nan)
    scale = np.max(np.abs(c), axis=0)
    lead = c[-1]
    regular = (np.abs(lead) > 1e-12 * scale) & np.all(np.isfinite(c), axis=0)
    idx = np.flatnonzero(regular)
    if len(idx):
        comp = np.zeros((len(idx), d, d))
        comp[:, 1:, :-1] = np.eye(d - 1)
        comp[:, :, -1] = -(c[:-1, idx] / lead[idx]).T
        eig = np.linalg.eigvals(comp)
        _store_roots(out, idx, eig)
    for g in np.flatnonzero(~regular & np.all(np.isfinite(c), axis=0) & (scale > 0)):
        poly = np.trim_zeros(c[::-1, g] / scale[g], "f")
        if len(poly) > 1:
            _store_roots(out, np.array([g]), np.roots(poly)[None, :])
    return out


def _store_roots(out: np.ndarray, idx: np.ndarray, eig: np.ndarray) -> None:
    real = np.abs(eig.imag) <= 1e-7 * np.maximum(1.0, np.abs(eig.real))
    values = np.where(real & (eig.real > -1e-7) & (eig.real < 1 + 1e-7), eig.real, np.nan)
    values = np.sort(values, axis=1)  # NaN last
    out[:values.shape[1], idx] = values.T


def polish(coeffs: list, r: np.ndarray, steps: int = 3) -> np.ndarray:
    """A few Newton steps on ``F`` (roots from eigenvalues are accurate to ~1e-12 already)."""
    deriv = [k * c for k, c in enumerate(coeffs)][1:]
    for _ in range(steps):
        with np.errstate(all="ignore"):
            f, df = peval(coeffs, r), peval(deriv, r)
            step = np.where(np.abs(df) > 0, f / df, 0.0)
        r = np.where(np.isfinite(step) & (np.abs(step) < 1e-6), r - step, r)
    return r
