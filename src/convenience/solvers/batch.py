"""Vectorised equilibrium solvers for many small games at once, games on the last axis.

Regime maps, Monte Carlo over uncertain parameters and simulation studies solve the same
small game millions of times. Looping a general solver over them costs milliseconds per game;
here the textbook closed forms are written once over arrays, so a whole batch is solved by a
few dozen numpy operations.

Layout: ``payoffs`` has shape ``(n_players, m0, ..., m(n-1), n_games)`` with absolute axes,
``payoffs[i, s0, ..., s(n-1), g]`` being player ``i``'s payoff in game ``g``.

Covered, and how:

* :func:`solve_2x2` -- every Nash equilibrium of 2x2 bimatrix games: pure equilibria from
  best-response masks, the completely mixed one from the indifference formulas.
* :func:`solve_3x3` -- every Nash equilibrium of *nondegenerate* 3x3 bimatrix games by
  support enumeration over equal-size supports (von Stengel 2002, section 2.3), each square
  indifference system solved in closed form: 1x1 by comparison, 2x2 by the indifference
  formula, 3x3 by a cross product (Cramer's rule).
* :func:`solve_2x2x2` -- every Nash equilibrium of nondegenerate three-player games with
  two strategies each: pure profiles; one player pure while the other two mix (the mixed
  equilibrium of the induced 2x2 game, then the pure player's best-response check); all three
  mixing (each indifference condition is bilinear in the other two probabilities; eliminating
  two unknowns leaves a quadratic, so there are at most two such equilibria, McKelvey and
  McLennan 1997).

Degenerate games (a payoff tie that lets a mixed strategy have more best responses than
the size of its support) may have equilibria these closed forms do not list, or continua of
them. They are detected exactly, never solved silently wrong: ``degenerate[g]`` is True and
such games should be passed to :func:`convenience.solvers.solve` one at a time
(:func:`solve_flagged` does that). For a
degenerate game the reported equilibria are still equilibria (each passes its inequalities
with ``>=``), but the list may be incomplete.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from convenience.results import SolveResult

#: Games processed per chunk: keeps temporaries in cache, which is worth about 2x.
CHUNK = 1 << 14

#: Relative size below which a computed quantity counts as zero (a tie) in the closed forms
#: that involve rounding (3x3 mixtures, 2x2x2 quadratics); direct payoff comparisons are exact.
EPS = 1e-12


def _as_batch(payoffs, shape: tuple[int, ...]) -> np.ndarray:
    array = np.asarray(payoffs, dtype=float)
    if array.ndim == len(shape):
        array = array[..., None]
    if array.shape[:-1] != shape:
        raise ValueError(f"payoffs must have shape {shape + ('n_games',)}, got {array.shape}")
    return array


def solve_batch(payoffs):
    """Dispatch on the batch shape: ``(2, 2, 2, n)``, ``(2, 3, 3, n)`` or ``(3, 2, 2, 2, n)``.

    ``ParametricGame.numeric_function()`` called with 1-D parameter arrays returns exactly this
    layout, so a sweep is ``solve_batch(game.numeric_function()(k=np.linspace(0, 3, 1000)))``.
    """
    shape = np.shape(payoffs)[:-1]
    solvers = {(2, 2, 2): solve_2x2, (2, 3, 3): solve_3x3, (3, 2, 2, 2): solve_2x2x2}
    if shape not in solvers:
        raise ValueError(f"no batch solver for games of shape {shape}; available: 2x2, 3x3, 2x2x2")
    return solvers[shape](payoffs)


def solve_flagged(payoffs, result) -> dict[int, SolveResult]:
    """Solve the games a batch result flagged as degenerate one at a time with
    :func:`convenience.solvers.solve` (which reports continua as components); returns a dict
    from game index to ``SolveResult``. Float payoffs that are whole numbers are solved exactly."""
    from convenience.normal_form import NormalFormGame
    from convenience.solvers import solve

    x = np.asarray(payoffs, dtype=float)
    out: dict[int, SolveResult] = {}
    for g in np.flatnonzero(result.degenerate):
        arrays = x[..., g]
        if np.all(arrays == np.round(arrays)) and np.abs(arrays).max() < 2 ** 52:
            arrays = arrays.astype(np.int64)
        out[int(g)] = solve(NormalFormGame.from_arrays(*[a.tolist() for a in arrays]))
    return out


def stack_games(games) -> np.ndarray:
    """Stack ``NormalFormGame`` objects (all of one shape) into a batch, games last."""
    return np.stack([g.float_payoffs() for g in games], axis=-1)


# ----------------------------------------------------------------------------- 2x2


@dataclass(frozen=True, eq=False)
class Batch2x2:
    """All equilibria of a batch of 2x2 games.

    ``pure[r, c, g]`` marks the pure equilibrium (row ``r``, column ``c``) of game ``g``;
    ``p[g]`` and ``q[g]`` are the probabilities of the first row and the first column in the
    completely mixed equilibrium (NaN when there is none); ``count[g]`` is the number of
    equilibria listed; ``degenerate[g]`` flags a player indifferent between its two strategies
    against some pure strategy of the other (then the list may miss a continuum).
    """

    pure: np.ndarray
    p: np.ndarray
    q: np.ndarray
    count: np.ndarray
    degenerate: np.ndarray

    def __len__(self) -> int:
        return self.count.shape[0]

    @property
    def mixed(self) -> np.ndarray:
        """Mask of games with a completely mixed equilibrium."""
        return ~np.isnan(self.p)

    def equilibria(self, g: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """The equilibria of game ``g`` as (row mixture, column mixture) pairs."""
        out = []
        for r, c in zip(*np.nonzero(self.pure[:, :, g])):
            out.append((np.eye(2)[r], np.eye(2)[c]))
        if not np.isnan(self.p[g]):
            out.append((np.array([self.p[g], 1 - self.p[g]]), np.array([self.q[g], 1 - self.q[g]])))
        return out


def solve_2x2(payoffs) -> Batch2x2:
    """Every Nash equilibrium of each 2x2 game in ``payoffs`` (shape ``(2, 2, 2, n_games)``).

    With ``dA_c = A[0, c] - A[1, c]`` (row player's gain from the first row against column
    ``c``) and ``dB_r = B[r, 0] - B[r, 1]``: profile ``(r, c)`` is a pure equilibrium when
    both gains have the right sign (ties count as best responses); the column mixture
    ``q = dA_1 / (dA_1 - dA_0)`` makes the row player indifferent and lies strictly inside
    ``(0, 1)`` exactly when ``dA_0`` and ``dA_1`` have opposite signs; likewise
    ``p = dB_1 / (dB_1 - dB_0)``.
    """
    x = _as_batch(payoffs, (2, 2, 2))
    n = x.shape[-1]
    pure = np.empty((2, 2, n), dtype=bool)
    p = np.empty(n)
    q = np.empty(n)
    count = np.empty(n, dtype=np.int8)
    degenerate = np.empty(n, dtype=bool)
    for start in range(0, n, CHUNK):
        s = slice(start, min(n, start + CHUNK))
        a, b = x[0, :, :, s], x[1, :, :, s]
        da0 = a[0, 0] - a[1, 0]
        da1 = a[0, 1] - a[1, 1]
        db0 = b[0, 0] - b[0, 1]
        db1 = b[1, 0] - b[1, 1]
        pure[0, 0, s] = (da0 >= 0) & (db0 >= 0)
        pure[0, 1, s] = (da1 >= 0) & (db0 <= 0)
        pure[1, 0, s] = (da0 <= 0) & (db1 >= 0)
        pure[1, 1, s] = (da1 <= 0) & (db1 <= 0)
        mixed = (da0 * da1 < 0) & (db0 * db1 < 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            q[s] = np.where(mixed, da1 / (da1 - da0), np.nan)
            p[s] = np.where(mixed, db1 / (db1 - db0), np.nan)
        degenerate[s] = (da0 == 0) | (da1 == 0) | (db0 == 0) | (db1 == 0)
        count[s] = pure[:, :, s].sum(axis=(0, 1), dtype=np.int8) + mixed
    return Batch2x2(pure, p, q, count, degenerate)


# ----------------------------------------------------------------------------- 3x3

_PAIRS = ((1, 2), (0, 2), (0, 1))  # pair of strategies left when index k is dropped


@dataclass(frozen=True, eq=False)
class Batch3x3:
    """All equilibria of a batch of nondegenerate 3x3 games.

    ``pure[r, c, g]``: pure equilibria. ``mixed2[i, j, g]``: the equilibrium whose supports are
    the two rows other than ``i`` and the two columns other than ``j``, with ``p2[i, j, g]``
    the probability of the lower-numbered of those rows and ``q2`` likewise for columns.
    ``full[g]``: the completely mixed equilibrium ``x3[:, g]``, ``y3[:, g]``. ``degenerate[g]``
    flags games where some mixed strategy has more pure best responses than its support size
    (then equilibria with unequal supports or continua may exist and are not listed).
    """

    pure: np.ndarray
    mixed2: np.ndarray
    p2: np.ndarray
    q2: np.ndarray
    full: np.ndarray
    x3: np.ndarray
    y3: np.ndarray
    count: np.ndarray
    degenerate: np.ndarray

    def __len__(self) -> int:
        return self.count.shape[0]

    def equilibria(self, g: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """The equilibria of game ``g`` as (row mixture, column mixture) pairs."""
        out = []
        eye = np.eye(3)
        for r, c in zip(*np.nonzero(self.pure[:, :, g])):
            out.append((eye[r], eye[c]))
        for i, j in zip(*np.nonzero(self.mixed2[:, :, g])):
            x, y = np.zeros(3), np.zeros(3)
            (r0, r1), (c0, c1) = _PAIRS[i], _PAIRS[j]
            x[r0], x[r1] = self.p2[i, j, g], 1 - self.p2[i, j, g]
            y[c0], y[c1] = self.q2[i, j, g], 1 - self.q2[i, j, g]
            out.append((x, y))
        if self.full[g]:
            out.append((self.x3[:, g].copy(), self.y3[:, g].copy()))
        return out


def _cross(u, v):
    return (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])


def _degenerate_3x3(m: np.ndarray) -> np.ndarray:
    """Games where a mixed strategy of one player (rows of ``m`` are its pure strategies
    against the opponent's columns, ``m`` being the opponent's payoffs) has more opponent
    best responses than its support size: a pure strategy with a tied best reply, or a
    mixture of two strategies against which all three replies tie."""
    bad = np.zeros(m.shape[-1], dtype=bool)
    for i in range(3):
        row = m[i]
        top = np.maximum(np.maximum(row[0], row[1]), row[2])
        bad |= ((row[0] == top).astype(np.int8) + (row[1] == top) + (row[2] == top)) > 1
    for i, k in ((0, 1), (0, 2), (1, 2)):
        # reply payoff differences c0-c1 and c0-c2 along x = t e_i + (1-t) e_k
        a1, b1 = m[k, 0] - m[k, 1], (m[i, 0] - m[i, 1]) - (m[k, 0] - m[k, 1])
        a2, b2 = m[k, 0] - m[k, 2], (m[i, 0] - m[i, 2]) - (m[k, 0] - m[k, 2])
        # zero iff the two lines share a root (or one is constant); relative to rounding
        det = np.abs(a1 * b2 - a2 * b1) <= EPS * (np.abs(a1 * b2) + np.abs(a2 * b1))
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(b1 != 0, -a1 / b1, -a2 / b2)
        common = det & (((b1 != 0) | (b2 != 0)) & (t > 0) & (t < 1) | ((b1 == 0) & (b2 == 0) & (a1 == 0) & (a2 == 0)))
        bad |= common
    return bad


def solve_3x3(payoffs) -> Batch3x3:
    """Every Nash equilibrium of each nondegenerate 3x3 game (shape ``(2, 3, 3, n_games)``).

    Support enumeration over equal-size supports: 9 pure profiles, 9 pairs of two-strategy
    supports, and the full support. A candidate is kept when its probabilities are strictly
    positive and no pure strategy outside the support earns more than the support does.
    """
    x = _as_batch(payoffs, (2, 3, 3))
    n = x.shape[-1]
    out = dict(pure=np.empty((3, 3, n), dtype=bool), mixed2=np.empty((3, 3, n), dtype=bool),
               p2=np.empty((3, 3, n)), q2=np.empty((3, 3, n)), full=np.empty(n, dtype=bool),
               x3=np.empty((3, n)), y3=np.empty((3, n)), degenerate=np.empty(n, dtype=bool))
    for start in range(0, n, CHUNK):
        s = slice(start, min(n, start + CHUNK))
        _solve_3x3_chunk(x[0, :, :, s], x[1, :, :, s], s, out)
    count = (out["pure"].sum(axis=(0, 1)) + out["mixed2"].sum(axis=(0, 1)) + out["full"]).astype(np.int8)
    return Batch3x3(count=count, **out)


def _solve_3x3_chunk(a: np.ndarray, b: np.ndarray, s: slice, out: dict) -> None:
    # pure: best-response masks
    amax = np.maximum(np.maximum(a[0], a[1]), a[2])  # (3 cols, n): row player's best payoff per column
    bmax = np.maximum(np.maximum(b[:, 0], b[:, 1]), b[:, 2])  # (3 rows, n)
    out["pure"][:, :, s] = (a >= amax[None]) & (b >= bmax[:, None])
    # two-strategy supports: rows (r0, r1), columns (c0, c1)
    nan = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        for i, (r0, r1) in enumerate(_PAIRS):
            for j, (c0, c1) in enumerate(_PAIRS):
                # column mixture q on c0 making rows r0, r1 indifferent
                d0 = a[r0, c0] - a[r1, c0]
                d1 = a[r0, c1] - a[r1, c1]
                e0 = b[r0, c0] - b[r0, c1]
                e1 = b[r1, c0] - b[r1, c1]
                ok = (d0 * d1 < 0) & (e0 * e1 < 0)
                q = d1 / (d1 - d0)
                p = e1 / (e1 - e0)
                # the dropped row i must not beat the support, nor the dropped column j
                v = q * a[r0, c0] + (1 - q) * a[r0, c1]
                vi = q * a[i, c0] + (1 - q) * a[i, c1]
                w = p * b[r0, c0] + (1 - p) * b[r1, c0]
                wj = p * b[r0, j] + (1 - p) * b[r1, j]
                ok &= (vi <= v) & (wj <= w)
                out["mixed2"][i, j, s] = ok
                out["p2"][i, j, s] = np.where(ok, p, nan)
                out["q2"][i, j, s] = np.where(ok, q, nan)
        # full support: y is orthogonal to the rows' payoff differences (A0 - A1, A0 - A2)
        y = _cross(a[0] - a[1], a[0] - a[2])
        ys = y[0] + y[1] + y[2]
        y = [c / ys for c in y]
        xcol = _cross(b[:, 0] - b[:, 1], b[:, 0] - b[:, 2])
        xs = xcol[0] + xcol[1] + xcol[2]
        xv = [c / xs for c in xcol]
        ok = (y[0] > 0) & (y[1] > 0) & (y[2] > 0) & (xv[0] > 0) & (xv[1] > 0) & (xv[2] > 0)
        out["full"][s] = ok
        for k in range(3):
            out["y3"][k, s] = np.where(ok, y[k], nan)
            out["x3"][k, s] = np.where(ok, xv[k], nan)
    # degeneracy: the column player's best replies to row mixtures, and vice versa
    out["degenerate"][s] = _degenerate_3x3(b) | _degenerate_3x3(np.swapaxes(a, 0, 1))


# ----------------------------------------------------------------------------- 2x2x2


@dataclass(frozen=True, eq=False)
class Batch2x2x2:
    """All equilibria of a batch of nondegenerate three-player two-strategy games.

    Probabilities are of each player's first strategy. ``pure[a, b, c, g]``: pure equilibria.
    ``partial[i, s, g]``: player ``i`` plays pure strategy ``s`` while the other two mix with
    probabilities ``partial_probs[i, s, :, g]`` (a length-3 vector with entry ``i`` equal to
    ``1 - s``). ``full[k, g]`` (``k`` = 0, 1): up to two completely mixed equilibria with
    probabilities ``full_probs[k, :, g]``. ``degenerate[g]`` flags ties: a player indifferent
    against some pure profile, a candidate on the boundary of its inequalities, or an
    indifference system that does not have isolated solutions.
    """

    pure: np.ndarray
    partial: np.ndarray
    partial_probs: np.ndarray
    full: np.ndarray
    full_probs: np.ndarray
    count: np.ndarray
    degenerate: np.ndarray

    def __len__(self) -> int:
        return self.count.shape[0]

    def equilibria(self, g: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """The equilibria of game ``g`` as triples of mixtures."""
        out: list[tuple] = []
        eye = np.eye(2)
        for a, b, c in zip(*np.nonzero(self.pure[:, :, :, g])):
            out.append((eye[a], eye[b], eye[c]))
        for i, s in zip(*np.nonzero(self.partial[:, :, g])):
            pr = self.partial_probs[i, s, :, g]
            out.append(tuple(np.array([v, 1 - v]) for v in pr))
        for k in np.nonzero(self.full[:, g])[0]:
            pr = self.full_probs[k, :, g]
            out.append(tuple(np.array([v, 1 - v]) for v in pr))
        return out


def solve_2x2x2(payoffs) -> Batch2x2x2:
    """Every Nash equilibrium of each nondegenerate 2x2x2 game (shape ``(3, 2, 2, 2, n)``)."""
    u = _as_batch(payoffs, (3, 2, 2, 2))
    n = u.shape[-1]
    if n <= CHUNK:
        return _solve_2x2x2(u)
    parts = [_solve_2x2x2(u[..., start:start + CHUNK]) for start in range(0, n, CHUNK)]
    return Batch2x2x2(*(np.concatenate([getattr(p, f.name) for p in parts], axis=-1) for f in fields(Batch2x2x2)))


def _solve_2x2x2(u: np.ndarray) -> Batch2x2x2:
    n = u.shape[-1]
    # each player's gain from its first strategy, indexed by the others' pure strategies
    d0 = u[0, 0] - u[0, 1]  # (b, c, n)
    d1 = u[1, :, 0] - u[1, :, 1]  # (a, c, n)
    d2 = u[2, :, :, 0] - u[2, :, :, 1]  # (a, b, n)
    gains = (d0, d1, d2)
    degenerate = (d0 == 0).any(axis=(0, 1)) | (d1 == 0).any(axis=(0, 1)) | (d2 == 0).any(axis=(0, 1))
    pure = np.empty((2, 2, 2, n), dtype=bool)
    for a in range(2):
        for b in range(2):
            for c in range(2):
                ok0 = d0[b, c] >= 0 if a == 0 else d0[b, c] <= 0
                ok1 = d1[a, c] >= 0 if b == 0 else d1[a, c] <= 0
                ok2 = d2[a, b] >= 0 if c == 0 else d2[a, b] <= 0
                pure[a, b, c] = ok0 & ok1 & ok2
    partial = np.zeros((3, 2, n), dtype=bool)
    partial_probs = np.full((3, 2, 3, n), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        for i in range(3):
            j, k = [m for m in range(3) if m != i]
            for s in range(2):
                # gains of j and k with i fixed at s, as functions of the other's pure strategy
                gj = _fix(gains[j], _pos(i, j), s)  # indexed by k's strategy
                gk = _fix(gains[k], _pos(i, k), s)  # indexed by j's strategy
                # j's mixture (prob of first) makes k indifferent, and vice versa
                pj = gk[1] / (gk[1] - gk[0])
                pk = gj[1] / (gj[1] - gj[0])
                ok = (gj[0] * gj[1] < 0) & (gk[0] * gk[1] < 0)
                # player i's gain from its first strategy against the two mixtures
                gi = gains[i]  # indexed by (j's strategy, k's strategy)
                val = (pj * pk * gi[0, 0] + pj * (1 - pk) * gi[0, 1]
                       + (1 - pj) * pk * gi[1, 0] + (1 - pj) * (1 - pk) * gi[1, 1])
                size = np.abs(gi).max(axis=(0, 1))
                degenerate |= ok & (np.abs(val) <= EPS * size)
                ok &= (val > 0) if s == 0 else (val < 0)
                partial[i, s] = ok
                partial_probs[i, s, i] = np.where(ok, 1.0 - s, np.nan)
                partial_probs[i, s, j] = np.where(ok, pj, np.nan)
                partial_probs[i, s, k] = np.where(ok, pk, np.nan)
        full, full_probs, bad = _full_mixed_2x2x2(d0, d1, d2)
    degenerate |= bad
    count = (pure.sum(axis=(0, 1, 2)) + partial.sum(axis=(0, 1)) + full.sum(axis=0)).astype(np.int8)
    return Batch2x2x2(pure, partial, partial_probs, full, full_probs, count, degenerate)


def _pos(fixed: int, owner: int) -> int:
    """Axis of player ``fixed`` in the gain array of player ``owner`` (others in order)."""
    others = [m for m in range(3) if m != owner]
    return others.index(fixed)


def _fix(gain: np.ndarray, axis: int, s: int) -> np.ndarray:
    return gain[s] if axis == 0 else gain[:, s]


def _bilinear(d: np.ndarray):
    """Coefficients of ``D(u, v) = a + b u + c v + e u v`` where ``u``, ``v`` are the
    probabilities of the first strategies of the two other players and ``d[x, y]`` the gain
    against their pure strategies ``x``, ``y``."""
    a = d[1, 1]
    b = d[0, 1] - d[1, 1]
    c = d[1, 0] - d[1, 1]
    e = d[0, 0] - d[0, 1] - d[1, 0] + d[1, 1]
    return a, b, c, e


def _full_mixed_2x2x2(d0, d1, d2):
    """Completely mixed equilibria: solve the three indifference conditions.

    With ``p, q, r`` the first-strategy probabilities of players 0, 1, 2: player 0's
    condition gives ``q = -(a0 + c0 r) / (b0 + e0 r)``, player 1's gives
    ``p = -(a1 + c1 r) / (b1 + e1 r)``; substituting both into player 2's condition and
    clearing denominators leaves a quadratic in ``r``.
    """
    a0, b0, c0, e0 = _bilinear(d0)  # D0(q, r)
    a1, b1, c1, e1 = _bilinear(d1)  # D1(p, r)
    a2, b2, c2, e2 = _bilinear(d2)  # D2(p, q)
    # linear polynomials in r as (constant, slope)
    n0 = (-a0, -c0)
    q0 = (b0, e0)
    n1 = (-a1, -c1)
    q1 = (b1, e1)

    def mul(f, g):
        return (f[0] * g[0], f[0] * g[1] + f[1] * g[0], f[1] * g[1])

    t1, t2, t3, t4 = mul(q0, q1), mul(n1, q0), mul(n0, q1), mul(n0, n1)
    coef = [a2 * t1[k] + b2 * t2[k] + c2 * t3[k] + e2 * t4[k] for k in range(3)]
    c_0, c_1, c_2 = coef
    n = c_0.shape[-1]
    disc = c_1 * c_1 - 4 * c_2 * c_0
    sq = np.sqrt(np.where(disc > 0, disc, 0.0))
    quadratic = c_2 != 0
    roots = np.full((2, n), np.nan)
    roots[0] = np.where(quadratic, (-c_1 - sq) / (2 * c_2), np.where(c_1 != 0, -c_0 / c_1, np.nan))
    roots[1] = np.where(quadratic, (-c_1 + sq) / (2 * c_2), np.nan)
    roots[:, quadratic & (disc < 0)] = np.nan
    size = np.abs(c_1) ** 2 + 4 * np.abs(c_2 * c_0)
    bad = (quadratic & (np.abs(disc) <= EPS * size)) | ((c_2 == 0) & (c_1 == 0) & (c_0 == 0))
    full = np.zeros((2, n), dtype=bool)
    probs = np.full((2, 3, n), np.nan)
    for k in range(2):
        r = roots[k]
        den0 = b0 + e0 * r
        den1 = b1 + e1 * r
        q = (-(a0 + c0 * r)) / den0
        p = (-(a1 + c1 * r)) / den1
        inside = (r > 0) & (r < 1) & (q > 0) & (q < 1) & (p > 0) & (p < 1)
        near = (r > -EPS) & (r < 1 + EPS)
        flat = (np.abs(den0) <= EPS * (np.abs(b0) + np.abs(e0))) | (np.abs(den1) <= EPS * (np.abs(b1) + np.abs(e1)))
        # a root on the boundary of the simplex, or where one indifference no longer pins down
        # the other's probability (a continuum), is a degenerate case
        edge = np.zeros_like(near)
        for v in (r, q, p):
            edge |= (np.abs(v) <= EPS) | (np.abs(v - 1) <= EPS)
        bad |= near & (flat | (edge & (q > -EPS) & (q < 1 + EPS) & (p > -EPS) & (p < 1 + EPS)))
        ok = inside & ~flat
        full[k] = ok
        probs[k, 0] = np.where(ok, p, np.nan)
        probs[k, 1] = np.where(ok, q, np.nan)
        probs[k, 2] = np.where(ok, r, np.nan)
    return full, probs, bad
