"""Candidate equilibria in which three players mix: the indifference system of one support profile.

When three players mix (any others playing pure), each mixing player must be indifferent over
its support, and these conditions are multilinear in the other players' probabilities
(McKelvey and McLennan 1997). Two shapes of support profile reduce to one polynomial equation
``F(r) = 0`` in the probability ``r`` of the first support strategy of a *pivot* player whose
support has two strategies (support sizes are written ``(i, j, m)``, ``m`` the pivot):

* **pivot** ``(k, k, 2)``: given ``r``, players ``i`` and ``j`` face a two-player support
  problem: ``j``'s weights making ``i`` indifferent are the cofactors ``C_j(r)`` of ``i``'s
  payoff differences (Cramer's rule, polynomials of degree ``k - 1`` in ``r``), and likewise
  ``C_i(r)``; the pivot's own indifference then reads
  ``F(r) = sum_ab G[a, b] C_i[a](r) C_j[b](r) = 0``, of degree ``2(k - 1)``. For a 2x2x2
  game this is the quadratic of :func:`convenience.analysis.batch.solve_2x2x2`.
* **lead** ``(3, 2, 2)``: the lead player ``i``'s two indifference equations are bilinear in
  ``(q, r)``, ``E_t = alpha_t(r) + beta_t(r) q``; they agree when
  ``F(r) = alpha_1 beta_2 - alpha_2 beta_1 = 0`` (a quadratic), then ``q = -alpha_1 / beta_1``
  and ``i``'s mixture is the null vector of the other two players' (linear) indifference
  conditions.

A quadratic ``F`` has closed-form roots ``r = (-c1 +- sqrt(c1^2 - 4 c2 c0)) / (2 c2)``; its two
branches are the candidates "root 1" and "root 2", named so that root 1 is the smaller at the
baseline parameters and then followed continuously (the branch, not the order, is the label).
Roots of a quartic (``(3, 3, 2)`` supports) are found numerically and numbered by value among
the real roots in ``[0, 1]``. Every candidate is then verified by regret: the probabilities
are positive and no player gains from any pure deviation. The arithmetic is written once over
"numbers" that may be numpy arrays (a batch of games), :class:`Surd` (exact numbers
``a + b sqrt(d)``, so the candidate is verified with regret exactly zero) or polynomials in
the parameters (the symbolic analysis).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import comb, prod
from typing import Any

import numpy as np

#: Support profiles where three or more players mix are tracked when at most this many.
MAX_NPLAYER_SUPPORTS = 200

#: Largest support for the pivot shape ``(k, k, 2)`` (degree ``2(k - 1)`` in the pivot).
MAX_PIVOT_SUPPORT = 3

REGRET_TOL = 1e-9


# -- exact numbers a + b sqrt(d) -------------------------------------------------------------
@dataclass(frozen=True)
class Surd:
    """The exact number ``a + b sqrt(d)`` (``a``, ``b``, ``d`` rational, ``d`` not a square)."""

    a: Fraction
    b: Fraction = Fraction(0)
    d: Fraction = Fraction(0)

    def _lift(self, other: Any) -> Surd:
        return other if isinstance(other, Surd) else Surd(Fraction(other), Fraction(0), self.d)

    def __add__(self, other: Any) -> Surd:
        o = self._lift(other)
        return Surd(self.a + o.a, self.b + o.b, self.d)

    __radd__ = __add__

    def __neg__(self) -> Surd:
        return Surd(-self.a, -self.b, self.d)

    def __sub__(self, other: Any) -> Surd:
        return self + (-self._lift(other))

    def __rsub__(self, other: Any) -> Surd:
        return self._lift(other) - self

    def __mul__(self, other: Any) -> Surd:
        o = self._lift(other)
        return Surd(self.a * o.a + self.b * o.b * self.d, self.a * o.b + self.b * o.a, self.d)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Surd:
        o = self._lift(other)
        norm = o.a * o.a - o.b * o.b * self.d
        if norm == 0:
            raise ZeroDivisionError("division by zero in Q(sqrt d)")
        return self * Surd(o.a / norm, -o.b / norm, self.d)

    def __rtruediv__(self, other: Any) -> Surd:
        return self._lift(other) / self

    def sign(self) -> int:
        """Exact sign: compare ``a^2`` with ``b^2 d`` when ``a`` and ``b`` differ in sign."""
        sa = (self.a > 0) - (self.a < 0)
        sb = (self.b > 0) - (self.b < 0)
        if sb == 0 or self.d == 0:
            return sa
        if sa == 0 or sa == sb:
            return sb
        big = self.a * self.a - self.b * self.b * self.d
        return sa if big > 0 else (sb if big < 0 else 0)

    def __float__(self) -> float:
        return float(self.a) + float(self.b) * float(self.d) ** 0.5

    def __eq__(self, other: Any) -> bool:
        return (self - other).sign() == 0

    def __hash__(self) -> int:
        return hash((self.a, self.b, self.d))

    def __str__(self) -> str:
        if self.b == 0:
            return str(self.a)
        if self.d.denominator != 1 or self.d < 4 * 10 ** 12:  # write sqrt(d) with d a small square-free integer
            outside, inside = _square_free(self.d)
            if inside != self.d:
                return str(Surd(self.a, self.b * outside, Fraction(inside)))
        b = abs(self.b)
        root = f"sqrt({self.d})" if b == 1 else (f"{b.numerator}*sqrt({self.d})" if b.denominator == 1 else
                                                 f"{b.numerator}*sqrt({self.d})/{b.denominator}"
                                                 if b.numerator != 1 else f"sqrt({self.d})/{b.denominator}")
        if self.a == 0:
            return root if self.b > 0 else f"-{root}"
        return f"{self.a} {'+' if self.b > 0 else '-'} {root}"


def _sign(x: Any) -> int:
    return x.sign() if isinstance(x, Surd) else (x > 0) - (x < 0)


# -- polynomials in the pivot probability as coefficient lists ---------------------------------
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


# -- which support profiles ----------------------------------------------------------------------
@dataclass(frozen=True)
class MixedSystem:
    """How the indifference system of one support profile (three players mixing) is solved."""

    support: tuple[tuple[int, ...], ...]
    kind: str  # "pivot" or "lead"
    roles: tuple[int, int, int]  # (i, j, m): m the pivot; for "lead", i the lead player
    degree: int

    @property
    def mixers(self) -> tuple[int, ...]:
        return tuple(p for p, s in enumerate(self.support) if len(s) > 1)


def _system_of(support: tuple[tuple[int, ...], ...]) -> MixedSystem | None:
    mixers = [p for p, s in enumerate(support) if len(s) > 1]
    if len(mixers) != 3:
        return None
    size = {p: len(support[p]) for p in mixers}
    for m in sorted(mixers, reverse=True):  # prefer the last player as the pivot
        if size[m] != 2:
            continue
        i, j = (p for p in mixers if p != m)
        if size[i] == size[j] and size[i] <= MAX_PIVOT_SUPPORT:
            return MixedSystem(support, "pivot", (i, j, m), 2 * (size[i] - 1))
    for i in mixers:
        others = [p for p in mixers if p != i]
        if size[i] == 3 and all(size[p] == 2 for p in others):
            return MixedSystem(support, "lead", (i, others[0], others[1]), 2)
    return None


def _solvable(sizes: list[int]) -> bool:
    """Hall's condition: no player has more indifference equations than the others' unknowns
    (otherwise the support profile has no isolated equilibrium in a generic game)."""
    total = sum(k - 1 for k in sizes)
    return all(2 * (k - 1) <= total for k in sizes)


def nplayer_support_profiles(shape: tuple[int, ...]) -> tuple[list, int]:
    """``(systems, untracked)``: supports with exactly three players mixing that reduce to one
    polynomial in a pivot probability, and how many other support profiles with three or more
    mixing players (satisfying Hall's condition) exist and are not tracked."""
    n = len(shape)
    systems: list[MixedSystem] = []
    untracked = 0
    if n < 3:
        return systems, 0
    per_player = [[s for k in range(1, m + 1) for s in itertools.combinations(range(m), k)] for m in shape]
    for support in itertools.product(*per_player):
        sizes = [len(s) for s in support if len(s) > 1]
        if len(sizes) < 3 or not _solvable(sizes):
            continue
        system = _system_of(tuple(support))
        if system is None:
            untracked += 1
        else:
            systems.append(system)
    return systems, untracked


def nplayer_support_count(shape: tuple[int, ...]) -> int:
    """Support profiles with three or more players mixing (Hall's condition), without listing them."""
    if len(shape) < 3:
        return 0
    if prod(shape) > 10 ** 6:  # far too many to list: an upper bound is enough to say so
        return prod(2 ** m - 1 for m in shape)
    # count by support sizes per player: comb(m, k) supports of size k
    sizes = [[(k, comb(m, k)) for k in range(1, m + 1)] for m in shape]
    total = 0
    for combo in itertools.product(*sizes):
        ks = [k for k, _ in combo if k > 1]
        if len(ks) >= 3 and _solvable(ks):
            total += prod(c for _, c in combo)
    return total


# -- the system, over any arithmetic -------------------------------------------------------------
class Tables:
    """Payoff entries of one support profile: ``value(p, t, pos)`` is player ``p``'s payoff when
    ``p`` plays strategy ``t``, pure players their strategy and each mixer ``q`` its support
    strategy number ``pos[q]``. Works for float arrays ``(n, *shape, N)`` and object arrays."""

    def __init__(self, payoffs: np.ndarray, support: tuple[tuple[int, ...], ...]) -> None:
        self.payoffs = payoffs
        self.support = support
        self.mixers = tuple(p for p, s in enumerate(support) if len(s) > 1)

    def value(self, p: int, t: int, pos: dict) -> Any:
        index = []
        for q, s in enumerate(self.support):
            if q == p:
                index.append(t)
            elif len(s) == 1:
                index.append(s[0])
            else:
                index.append(s[pos[q]])
        return self.payoffs[(p, *index)]


def _pivot_poly(tables: Tables, p: int, t: int, pos: dict, m: int) -> list:
    """Player ``p``'s payoff at ``t`` against the others, linear in the pivot's ``r``: [const, slope]."""
    v0 = tables.value(p, t, {**pos, m: 0})
    v1 = tables.value(p, t, {**pos, m: 1})
    return [v1, v0 - v1]


def system_polynomial(tables: Tables, system: MixedSystem) -> list:
    """Coefficients ``[c0, c1, ...]`` of ``F(r)``, the pivot's remaining indifference condition."""
    i, j, m = system.roles
    S = tables.support
    if system.kind == "pivot":
        ci, cj = _pivot_weights(tables, system)
        F: list = [0]
        for a in range(len(S[i])):
            for b in range(len(S[j])):
                g = tables.value(m, S[m][0], {i: a, j: b}) - tables.value(m, S[m][1], {i: a, j: b})
                F = padd(F, pscale(pmul(ci[a], cj[b]), g))
        return F
    (a1, b1), (a2, b2) = _lead_lines(tables, system)
    return psub(pmul(a1, b2), pmul(a2, b1))


def _pivot_weights(tables: Tables, system: MixedSystem) -> tuple[list, list]:
    i, j, m = system.roles
    S = tables.support
    Mi = [[_pivot_poly(tables, i, S[i][a], {j: b}, m) for b in range(len(S[j]))] for a in range(len(S[i]))]
    Mj = [[_pivot_poly(tables, j, S[j][b], {i: a}, m) for a in range(len(S[i]))] for b in range(len(S[j]))]
    return cofactor_weights(Mj), cofactor_weights(Mi)  # (i's weights, j's weights)


def _lead_lines(tables: Tables, system: MixedSystem) -> list[tuple[list, list]]:
    """Lead player's equations ``E_t = alpha_t(r) + beta_t(r) q`` (its support strategy ``t``
    pays what its first does, ``q`` the probability of ``j``'s first support strategy), t = 1, 2."""
    i, j, m = system.roles
    S = tables.support
    out = []
    for t in (1, 2):
        gain = [psub(_pivot_poly(tables, i, S[i][t], {j: b}, m), _pivot_poly(tables, i, S[i][0], {j: b}, m))
                for b in range(2)]  # against j's first and second support strategy
        out.append((gain[1], psub(gain[0], gain[1])))
    return out


def mixtures_at(tables: Tables, system: MixedSystem, r: Any) -> dict[int, list]:
    """Each mixer's probabilities over its support at pivot value ``r`` (a float array, or an
    exact number, when a division by zero raises ``ZeroDivisionError``)."""
    i, j, m = system.roles
    S = tables.support
    out = {m: [r, 1 - r]}
    if system.kind == "pivot":
        ci, cj = _pivot_weights(tables, system)
        for player, weights in ((i, ci), (j, cj)):
            values = [peval(w, r) for w in weights]
            total = sum(values[1:], values[0])
            out[player] = [v / total for v in values]
        return out
    (a1, b1), (a2, b2) = _lead_lines(tables, system)
    va1, vb1, va2, vb2 = (peval(f, r) for f in (a1, b1, a2, b2))
    if isinstance(r, np.ndarray):  # the better conditioned of the two equations, sample by sample
        with np.errstate(all="ignore"):
            q = np.where(np.abs(vb1) >= np.abs(vb2), -va1 / vb1, -va2 / vb2)
    else:
        q = -va1 / vb1 if _sign(vb1) != 0 else -va2 / vb2
    out[j] = [q, 1 - q]
    # i's mixture: null vector of j's and m's indifference conditions (both linear in it)
    g = []
    h = []
    for a in range(3):
        g.append(sum((out[m][c] * (tables.value(j, S[j][0], {i: a, m: c}) - tables.value(j, S[j][1], {i: a, m: c}))
                      for c in range(2)), 0 * r))
        h.append(sum((out[j][b] * (tables.value(m, S[m][0], {i: a, j: b}) - tables.value(m, S[m][1], {i: a, j: b}))
                      for b in range(2)), 0 * r))
    w = [g[1] * h[2] - g[2] * h[1], g[2] * h[0] - g[0] * h[2], g[0] * h[1] - g[1] * h[0]]
    total = w[0] + w[1] + w[2]
    out[i] = [x / total for x in w]
    return out


def payoffs_against(tables: Tables, mixtures: dict[int, list], p: int, t: int) -> Any:
    """Player ``p``'s payoff from pure strategy ``t`` against the others' mixtures."""
    others = [q for q in tables.mixers if q != p]
    S = tables.support
    total: Any = 0
    for pos in itertools.product(*(range(len(S[q])) for q in others)):
        at = dict(zip(others, pos))
        weight = prod((mixtures[q][at[q]] for q in others), start=1)
        total = total + tables.value(p, t, at) * weight
    return total


def best_reply_gaps(tables: Tables, mixtures: dict[int, list], shape: tuple[int, ...]) -> list[tuple[Any, bool]]:
    """``(gap, in_support)`` for every player and pure strategy: payoff of the player's first
    support strategy minus the strategy's payoff (zero for support strategies at equilibrium)."""
    out = []
    for p, s in enumerate(tables.support):
        ref = payoffs_against(tables, mixtures, p, s[0])
        for t in range(shape[p]):
            if t == s[0]:
                continue
            out.append((ref - payoffs_against(tables, mixtures, p, t), t in s))
    return out


# -- roots -----------------------------------------------------------------------------------------
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
    sq = _rational_sqrt(disc)
    root = Surd(sq) if sq is not None else Surd(Fraction(0), Fraction(1), disc)
    if s * c1 > 0:
        den = -c1 - s * root
        return None if _sign(den) == 0 else 2 * c0 / den
    if c2 == 0:
        return None
    return (-c1 + s * root) / (2 * c2)


def _square_free(x: Fraction, limit: int = 2000) -> tuple[Fraction, int]:
    """``sqrt(x) = c sqrt(k)`` with ``c`` rational and ``k`` an integer without small square factors."""
    k = x.numerator * x.denominator
    c = Fraction(1, x.denominator)
    f = 2
    while f * f <= k and f < limit:
        while k % (f * f) == 0:
            k //= f * f
            c *= f
        f += 1
    return c, k


def _rational_sqrt(x: Fraction) -> Fraction | None:
    from math import isqrt

    n, d = x.numerator, x.denominator
    sn, sd = isqrt(n), isqrt(d)
    return Fraction(sn, sd) if sn * sn == n and sd * sd == d else None


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


# -- the batch check ---------------------------------------------------------------------------
def batch_candidates(payoffs: np.ndarray, system: MixedSystem, sigma: int, scale: np.ndarray
                     ) -> list[tuple[np.ndarray, dict]]:
    """For a batch ``(n, *shape, N)``: per root label, ``(is equilibrium (N,), mixtures)``.

    Verified by regret: every probability at least ``REGRET_TOL``, and no player's pure
    deviation earns more than ``REGRET_TOL`` times the game's payoff magnitude.
    """
    shape = payoffs.shape[1:-1]
    size = payoffs.shape[-1]
    tables = Tables(payoffs, system.support)
    with np.errstate(all="ignore"):
        coeffs = system_polynomial(tables, system)
        coeffs = [np.broadcast_to(np.asarray(c, dtype=float), (size,)) for c in coeffs]
        coeffs += [np.zeros(size)] * (system.degree + 1 - len(coeffs))
        if system.degree == 2:
            roots = [quadratic_branch(coeffs, -sigma), quadratic_branch(coeffs, sigma)]
        else:
            found = numeric_roots(coeffs, size)
            roots = [polish(coeffs, found[k]) for k in range(found.shape[0])]
        out = []
        tol = REGRET_TOL * scale
        for r in roots:
            ok = np.isfinite(r)
            r = np.where(ok, r, 0.5)
            mix = mixtures_at(tables, system, r)
            for player, probs in mix.items():
                for x in probs:
                    ok &= np.isfinite(x) & (x > REGRET_TOL)
            live = np.flatnonzero(ok)  # regret only where the mixture is a probability vector
            if len(live):
                sub = Tables(payoffs[..., live], system.support)
                sub_mix = {p: [x[live] for x in probs] for p, probs in mix.items()}
                good = np.ones(len(live), dtype=bool)
                for gap, in_support in best_reply_gaps(sub, sub_mix, shape):
                    good &= (np.abs(gap) <= tol[live]) if in_support else (gap >= -tol[live])
                ok[live] = good
            out.append((ok, mix))
    return out
