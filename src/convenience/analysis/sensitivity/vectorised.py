"""Which candidates are equilibria, for many games at once (games on the last axis).

Sweeps, regime maps and Monte Carlo evaluate thousands to millions of games that differ only
in their numbers. Looping over a one-game solver would be far too slow, so the checks here are
array computations over the whole batch: a pure profile is an equilibrium when every player's
payoff there is a best reply along that player's axis; a mixed candidate (two players mixing
on supports ``(I, J)``, any others pure) is an equilibrium when the indifference systems (solved for every game at once with
``numpy.linalg.solve``; singular systems masked) give positive probabilities, no strategy
outside the support earns more, and no pure player gains by switching against the mixtures.
Candidates where three players mix are solved root by root over the whole batch by
:func:`convenience.analysis.sensitivity.nplayer_mixed.batch_candidates` and verified by regret. Float
checks use the tolerance ``REGRET_TOL`` scaled by each game's payoff magnitude.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.analysis.sensitivity.candidates import Support, candidate_supports

if TYPE_CHECKING:
    from convenience.parametric import ParametricGame

REGRET_TOL = 1e-9


class CandidateChecker:
    """Batch equilibrium checks of a fixed list of candidates for games of one shape."""

    def __init__(self, strategies: tuple[tuple[str, ...], ...], *, mixed: bool = True) -> None:
        self.strategies = tuple(tuple(s) for s in strategies)
        self.shape = tuple(len(s) for s in self.strategies)
        self.candidates: tuple[Support, ...] = candidate_supports(self.strategies, mixed=mixed)
        self.labels = tuple(c.label for c in self.candidates)
        self.n_pure = int(np.prod(self.shape))
        self.systems: dict = {}  # support -> (MixedSystem, {root: column})
        if any(c.root for c in self.candidates):
            from convenience.analysis.sensitivity.nplayer_mixed import system_of

            for col, cand in enumerate(self.candidates):
                if cand.root:
                    entry = self.systems.setdefault(cand.support, (system_of(cand.support), {}))
                    entry[1][cand.root] = col
        #: per support with a quadratic system: sigma such that "root 1" is branch -sigma
        #: (set from the baseline game by :meth:`orient`; default: root 1 is the smaller when c2 > 0)
        self.orientation: dict = {}

    def orient(self, baseline: np.ndarray) -> None:
        """Name the roots of each quadratic system at one game ``(n, *shape)``: root 1 the smaller."""
        from convenience.analysis.sensitivity.nplayer_mixed import Tables, system_polynomial
        from convenience.analysis.sensitivity.pivot_roots import orientation

        baseline = np.asarray(baseline, dtype=float)
        scale = max(1.0, float(np.abs(baseline).max()))
        for support, (system, _) in self.systems.items():
            if system.degree == 2:
                coeffs = [float(c) for c in system_polynomial(Tables(baseline, support), system)]
                self.orientation[support] = orientation(coeffs, 1e-12 * scale ** 3)

    def check(self, payoffs: np.ndarray) -> np.ndarray:
        """Boolean array ``(N, candidates)`` for payoffs of shape ``(n, *shape, N)``."""
        payoffs = np.asarray(payoffs, dtype=float)
        n = len(self.shape)
        batch = payoffs.shape[-1]
        scale = np.maximum(1.0, np.abs(payoffs.reshape(-1, batch)).max(axis=0))
        tol = REGRET_TOL * scale
        ok = np.ones(self.shape + (batch,), dtype=bool)
        for i in range(n):
            best = payoffs[i].max(axis=i, keepdims=True)
            ok &= payoffs[i] >= best - tol
        out = np.zeros((batch, len(self.candidates)), dtype=bool)
        out[:, :self.n_pure] = ok.reshape(self.n_pure, batch).T
        for c, cand in enumerate(self.candidates[self.n_pure:], start=self.n_pure):
            if not cand.root:
                out[:, c] = _candidate_ok(payoffs, cand.support, scale)
        if self.systems:
            from convenience.analysis.sensitivity.nplayer_mixed import batch_candidates

            for support, (system, columns) in self.systems.items():
                found = batch_candidates(payoffs, system, self.orientation.get(support, 1), scale)
                for k, (ok, _) in enumerate(found, start=1):
                    out[:, columns[k]] = ok
        return out


def _det(m: list[list[np.ndarray]]) -> np.ndarray:
    """Element-wise determinant of a small matrix of arrays (cofactor expansion)."""
    k = len(m)
    if k == 1:
        return m[0][0]
    if k == 2:
        return m[0][0] * m[1][1] - m[0][1] * m[1][0]
    total: Any = 0.0
    for j in range(k):
        term = m[0][j] * _det([row[:j] + row[j + 1:] for row in m[1:]])
        total = total + term if j % 2 == 0 else total - term
    return total


def _indifferent_weights(M: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Opponent weights making every row of ``M`` (shape ``(k, k, N)``) pay the same.

    Cramer's rule on "row r pays what row 0 pays" plus "weights sum to one", expanded along
    the row of ones (the same formula the symbolic analysis uses). Returns ``(weights (k, N),
    solvable (N,))``; singular systems get zero weights.
    """
    k = M.shape[0]
    diffs = [[M[r, j] - M[0, j] for j in range(k)] for r in range(1, k)]
    cof = []
    for j in range(k):
        minor = [row[:j] + row[j + 1:] for row in diffs]
        value = _det(minor) if minor else np.ones(M.shape[-1])
        cof.append(value if (k - 1 + j) % 2 == 0 else -value)
    total = sum(cof[1:], cof[0])
    solvable = np.abs(total) > 1e-12 * scale ** (k - 1)
    safe = np.where(solvable, total, 1.0)
    w = np.stack(cof) / safe
    w[:, ~solvable] = 0.0
    return w, solvable


def _candidate_ok(payoffs: np.ndarray, support: tuple[tuple[int, ...], ...], scale: np.ndarray) -> np.ndarray:
    """Two players ``a < b`` mix on their supports, any others play pure: is it an equilibrium?"""
    n = len(support)
    a, b = (p for p in range(n) if len(support[p]) > 1)
    fixed = tuple(s[0] if len(s) == 1 else slice(None) for s in support)
    rows, cols = list(support[a]), list(support[b])
    ok, p, q = _mixed_ok(payoffs[a][fixed], payoffs[b][fixed], (support[a], support[b]), scale)
    tol = REGRET_TOL * scale
    for k in range(n):
        if k in (a, b):
            continue
        values = []
        for t in range(payoffs.shape[k + 1]):
            alt = list(fixed)
            alt[k] = t
            table = payoffs[k][tuple(alt)][rows][:, cols]  # (|I|, |J|, N)
            values.append(np.einsum("ijn,in,jn->n", table, p, q))
        stacked = np.array(values)
        ok &= stacked.max(axis=0) <= stacked[support[k][0]] + tol
    return ok


def _mixed_ok(A: np.ndarray, B: np.ndarray, support: tuple[tuple[int, ...], ...],
              scale: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Support pair of a two-player (induced) game: (equilibrium?, row weights, column weights)."""
    rows, cols = (list(s) for s in support)
    tol = REGRET_TOL * scale
    q, ok_q = _indifferent_weights(A[rows][:, cols], scale)
    p, ok_p = _indifferent_weights(np.swapaxes(B[rows][:, cols], 0, 1), scale)
    ok = ok_q & ok_p & (np.minimum.reduce(q) > REGRET_TOL) & (np.minimum.reduce(p) > REGRET_TOL)
    row_pay = A[:, cols[0]] * q[0]
    for k in range(1, len(cols)):
        row_pay += A[:, cols[k]] * q[k]
    col_pay = B[rows[0]] * p[0]
    for k in range(1, len(rows)):
        col_pay += B[rows[k]] * p[k]
    ok &= np.maximum.reduce(row_pay) <= row_pay[rows[0]] + tol
    ok &= np.maximum.reduce(col_pay) <= col_pay[cols[0]] + tol
    return ok, p, q


def equilibrium_sets(presence: np.ndarray, labels: tuple[str, ...]) -> list[frozenset[str]]:
    """The equilibrium set (labels present) of each row of a boolean presence array."""
    codes, inverse = np.unique(np.packbits(presence, axis=1), axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    decoded = [frozenset(labels[k] for k in np.flatnonzero(np.unpackbits(code)[:len(labels)])) for code in codes]
    return [decoded[k] for k in inverse]


def set_counts(presence: np.ndarray, labels: tuple[str, ...]) -> dict[frozenset[str], int]:
    """How many rows have each equilibrium set."""
    codes, counts = np.unique(np.packbits(presence, axis=1), axis=0, return_counts=True)
    return {frozenset(labels[k] for k in np.flatnonzero(np.unpackbits(code)[:len(labels)])): int(n)
            for code, n in zip(codes, counts)}


def payoff_function(game: ParametricGame) -> Callable[..., np.ndarray]:
    """Payoffs of ``game`` for arrays of parameter values: ``f(**arrays) -> (n, *shape, N)``.

    The sympy payoffs are compiled once with ``sympy.lambdify`` (numpy code, common
    subexpressions shared); parameters not passed stay at their baseline.
    """
    import sympy

    names = tuple(game.parameters)
    symbols = [sympy.Symbol(n, real=True) for n in names]
    flat = [sympy.sympify(e) for e in game.payoffs.ravel()]
    shape = game.payoffs.shape
    compiled = sympy.lambdify(symbols, flat, modules="numpy", cse=True)
    baseline = {n: float(p.value) for n, p in game.parameters.items()}

    def evaluate(**arrays: Any) -> np.ndarray:
        values = [np.asarray(arrays.get(n, baseline[n]), dtype=float) for n in names]
        size = max((v.size for v in values), default=1)
        out = np.empty((len(flat), size))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            for k, column in enumerate(compiled(*values)):
                out[k] = column
        return out.reshape(shape + (size,))

    return evaluate


class GameEvaluator:
    """A parametric normal-form game evaluated for arrays of parameter values.

    Payoffs come from :func:`payoff_function` (compiled once); ``presence(values)`` gives the
    ``(N, candidates)`` array of which candidates are equilibria in each sample.
    """

    def __init__(self, game: ParametricGame, *, mixed: bool = True) -> None:
        self.game = game
        self.function = payoff_function(game)
        self.checker = CandidateChecker(tuple(game.strategies), mixed=mixed)
        self.labels = self.checker.labels
        if self.checker.systems:
            base = self.function()
            if np.all(np.isfinite(base)):
                self.checker.orient(base[..., 0])

    def payoffs(self, values: Mapping[str, np.ndarray]) -> np.ndarray:
        return self.function(**values)

    def presence(self, values: Mapping[str, np.ndarray], noise: np.ndarray | None = None) -> np.ndarray:
        payoffs = self.payoffs(values)
        if noise is not None:
            payoffs = payoffs + noise
        if not np.all(np.isfinite(payoffs)):
            bad = ~np.all(np.isfinite(payoffs.reshape(-1, payoffs.shape[-1])), axis=0)
            payoffs = np.where(np.isfinite(payoffs), payoffs, 0.0)
            out = self.checker.check(payoffs)
            out[bad] = False
            return out
        return self.checker.check(payoffs)

    def sets(self, values: Mapping[str, np.ndarray]) -> list[frozenset[str]]:
        return equilibrium_sets(self.presence(values), self.labels)
