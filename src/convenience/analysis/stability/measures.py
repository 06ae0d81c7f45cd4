"""How robust is each equilibrium? Refinements, stability margins and selection signals.

A list of equilibria is not yet a prediction. For each equilibrium this module measures:

* **strict or weak**: is every player's equilibrium strategy its *unique* best response?
* **stability radius**: the smallest change to a single payoff entry that destroys it. For a
  pure equilibrium it is exactly the smallest payoff *gap* ``u_i(s) - u_i(s'_i, s_-i)`` over
  players and deviations (lower the equilibrium entry, or raise the deviation entry, by more
  than the gap and the deviation pays); every entry moved at once by up to half the gap
  (``uniform_radius``) cannot destroy it either. A mixed equilibrium of a two-player game moves
  continuously with the payoffs, so "destroyed" means its *support* stops being an equilibrium
  support: some probability reaches zero or a strategy outside the support becomes a better
  reply. For two players the radius is found by scanning and bisection over each entry and
  sign (float, to about 1e-12 of the payoff range) and, for exact games, confirmed as a
  fraction; for three or more players the continued equilibrium is followed along each entry
  (:mod:`convenience.analysis.stability.nplayer`: closed forms where no probability moves,
  implicit-function continuation otherwise). Given a ``ParametricGame`` the same is done for
  each parameter: how far it can move from the baseline, the others fixed, before the
  equilibrium (same pure profile, or same support) is lost.
* **Pareto efficiency among the equilibria** and which equilibria dominate which; also whether
  some *outcome* (pure profile, equilibrium or not) is better for every player: the mark of a
  social dilemma.
* **risk dominance** (Harsanyi and Selten, *A General Theory of Equilibrium Selection*, 1988):
  for two strict equilibria ``(r1, c1)`` and ``(r2, c2)`` of a two-player game, the first
  risk-dominates when its Nash product of deviation losses, computed in the 2x2 game they span,
  is larger. An equilibrium is called risk-dominant when it risk-dominates every other strict
  equilibrium. Beyond pairs, and for any number of players, ``p_dominance`` gives the smallest
  ``p`` such that each player's equilibrium strategy is a best reply whenever it believes the
  others play their equilibrium strategies with probability at least ``p`` (Morris, Rob and
  Shin, *Econometrica* 63, 1995); ``p < 1/2`` implies risk dominance in 2x2 games.
* **trembling-hand perfection** (Selten 1975) for two players: an equilibrium of a two-player
  game is perfect iff no player's strategy is weakly dominated (van Damme, *Stability and
  Perfection of Nash Equilibria*, 1991, theorem 3.2.2); dominance is decided by a linear
  programme. For three or more players that test is only necessary;
  :func:`~convenience.analysis.stability.perfection.nplayer_perfection` proves perfection or its
  failure where it can (completely mixed, weakly dominated, regular, a first-order test, an
  exact certificate along a line for pure equilibria, epsilon-perturbed equilibria found
  numerically) and otherwise says "undetermined".
* **evolutionary stability** (Maynard Smith and Price 1973) in symmetric two-player games, for
  symmetric equilibria: the second-order condition ``(y - x) A (y - x) < 0`` for best replies
  ``y != x``, checked on the face of best replies (Haigh 1975).
* **dynamic stability**: the share of random starting points from which replicator and
  best-response dynamics reach it (:mod:`convenience.analysis.stability.dynamics`).
* **QRE limit**: whether the principal branch of logit quantal-response equilibria ends at it
  (:mod:`convenience.analysis.stability.qre`).

:func:`convenience.analysis.stability.report.stability_report` gathers everything for a ``SolveResult``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame
    from convenience.parametric import ParametricGame

from convenience.analysis.stability.common import (ParameterMargin, number_text, search_reach, support_of,
                                                  tolerance, weakly_dominated)


# -- helpers -----------------------------------------------------------------------------------
def short_label(game: NormalFormGame, profile: Sequence) -> str:
    """``"(Hare, Hare)"`` for a pure profile, ``"Hawk 1/2, Dove 1/2 vs ..."`` for a mixed one."""
    parts = []
    for names, x in zip(game.strategies, profile):
        used = [(n, p) for n, p in zip(names, x) if p > 0]
        parts.append(used[0][0] if len(used) == 1 else " ".join(f"{n} {number_text(p)}" for n, p in used))
    joined = ", ".join(parts)
    return f"({joined})"


# -- strictness and payoff gaps ----------------------------------------------------------------
def payoff_gaps(game: NormalFormGame, profile: Sequence) -> tuple:
    """For each player, its equilibrium payoff minus the best payoff of a strategy outside its
    support (``None`` when every strategy is in the support). Exact for exact games."""
    gaps = []
    for i in range(game.n_players):
        values = game.pure_payoffs_against(tuple(profile), i)
        support = set(support_of(profile)[i])
        inside = max(values[k] for k in support)
        outside = [values[k] for k in range(len(values)) if k not in support]
        gaps.append(inside - max(outside) if outside else None)
    return tuple(gaps)


def is_strict(game: NormalFormGame, profile: Sequence) -> bool:
    """Every player's strategy is its unique best reply: pure, with all gaps positive."""
    if any(len(s) != 1 for s in support_of(profile)):
        return False
    return all(g is None or g > tolerance(game) for g in payoff_gaps(game, profile))


# -- stability radius --------------------------------------------------------------------------
def _support_survives(a: np.ndarray, b: np.ndarray, rows: tuple, cols: tuple, scale: float) -> bool:
    """Is there an equilibrium of the bimatrix game ``(a, b)`` with exactly these supports?"""
    k = len(rows)
    tol = 1e-12 * scale
    for mat, own, other in ((a, rows, cols), (b.T, cols, rows)):
        # the opponent's mixture on `other` making `own` strategies indifferent
        system = np.zeros((k + 1, k + 1))
        system[:k, :k] = mat[np.ix_(own, other)]
        system[:k, k] = -1.0
        system[k, :k] = 1.0
        rhs = np.zeros(k + 1)
        rhs[k] = 1.0
        try:
            sol = np.linalg.solve(system, rhs)
        except np.linalg.LinAlgError:
            return False
        mix, value = sol[:k], sol[k]
        if not np.all(np.isfinite(sol)) or (mix <= 1e-12).any():
            return False
        if (mat[:, other] @ mix > value + tol).any():
            return False
    return True


def _first_failure(survives, scale: float) -> float | None:
    """Smallest ``d > 0`` with ``survives(d)`` false: geometric scan, then bisection."""
    grid = scale * np.logspace(-8, 1, 46)
    prev = 0.0
    for d in grid:
        if not survives(d):
            lo, hi = prev, d
            for _ in range(60):
                mid = 0.5 * (lo + hi)
                if survives(mid):
                    lo = mid
                else:
                    hi = mid
                if hi - lo <= 1e-12 * scale:
                    break
            return hi
        prev = d
    return None


#: Largest number of payoff entries scanned for the radius of one mixed equilibrium.
MAX_RADIUS_ENTRIES = 120


def mixed_radius(game: NormalFormGame, profile: Sequence) -> Any:
    """Smallest single-entry payoff change after which no equilibrium with this support exists
    (two players, equal support sizes, at most ``MAX_RADIUS_ENTRIES`` relevant entries);
    ``None`` when the game is outside that case.

    Located in floats; for an exact game the nearest simple fraction is then confirmed in exact
    arithmetic (at that change the support equilibrium still exists with a probability or a
    payoff gap exactly zero) and returned as a ``Fraction``.
    """
    if game.n_players != 2:
        return None
    rows, cols = support_of(profile)
    if len(rows) != len(cols) or len(rows) * (game.shape[0] + game.shape[1]) > MAX_RADIUS_ENTRIES:
        return None
    u = game.float_payoffs()
    scale = game.payoff_range()
    a0, b0 = u[0], u[1]
    if not _support_survives(a0, b0, rows, cols, scale):
        return 0.0
    best: Any = None
    where: Any = None
    entries = [(0, i, j) for i in range(a0.shape[0]) for j in cols] + \
              [(1, i, j) for i in rows for j in range(a0.shape[1])]
    for player, i, j in entries:
        for sign in (1.0, -1.0):
            def survives(d, player=player, i=i, j=j, sign=sign):
                a, b = a0.copy(), b0.copy()
                (a if player == 0 else b)[i, j] += sign * d
                return _support_survives(a, b, rows, cols, scale)

            d = _first_failure(survives, scale)
            if d is not None and (best is None or d < best):
                best, where = d, (player, i, j, sign)
    if best is not None and game.is_exact:
        player, i, j, sign = where
        guess = Fraction(best).limit_denominator(10 ** 4)
        payoffs = game.payoffs.copy()
        payoffs[player, i, j] += int(sign) * guess
        if _support_boundary_exact(payoffs[0], payoffs[1], rows, cols):
            return guess
    return best


def _solve_exact(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Gaussian elimination over the rationals; None when the matrix is singular."""
    n = len(rhs)
    m = [list(row) + [r] for row, r in zip(matrix, rhs)]
    for c in range(n):
        pivot = next((r for r in range(c, n) if m[r][c] != 0), None)
        if pivot is None:
            return None
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[r][n] / m[r][r] for r in range(n)]


def _support_boundary_exact(a: np.ndarray, b: np.ndarray, rows: tuple, cols: tuple) -> bool:
    """In exact arithmetic: an equilibrium with these supports still exists, and some
    probability is exactly zero or some outside strategy exactly ties (the boundary)."""
    k = len(rows)
    tight = False
    for mat, own, other in ((a, rows, cols), (b.T, cols, rows)):
        system = [[mat[r, c] for c in other] + [Fraction(-1)] for r in own] + [[Fraction(1)] * k + [Fraction(0)]]
        sol = _solve_exact(system, [Fraction(0)] * k + [Fraction(1)])
        if sol is None:
            return False
        mix, value = sol[:k], sol[k]
        if any(x < 0 for x in mix):
            return False
        payoffs = [sum(mat[r, c] * x for c, x in zip(other, mix)) for r in range(mat.shape[0])]
        if any(v > value for v in payoffs):
            return False
        tight |= any(x == 0 for x in mix) or any(v == value for r, v in enumerate(payoffs) if r not in own)
    return tight


# -- parameters --------------------------------------------------------------------------------
def _pure_survives(u: np.ndarray, cell: tuple[int, ...], tol: float) -> np.ndarray:
    """Batch test (payoffs ``(n, *shape, K)``): is the pure profile ``cell`` an equilibrium?"""
    n = u.shape[0]
    ok = np.all(np.isfinite(u.reshape(n, -1, u.shape[-1])), axis=(0, 1))
    for i in range(n):
        index: list[Any] = list(cell)
        index[i] = slice(None)
        along = u[i][tuple(index)]  # (m_i, K)
        ok &= along[cell[i]] >= along.max(axis=0) - tol
    return ok


def parameter_margins(parametric: ParametricGame, profile: Sequence, values: dict | None = None,
                      span: float = 10.0) -> tuple[ParameterMargin, ...]:
    """For each parameter, the nearest values below and above the baseline (within ``span``
    times ``max(1, |baseline|, declared range)``) at which the equilibrium stops existing."""
    point = parametric.values(values)
    evaluate = parametric.numeric_function()
    support = support_of(profile)
    pure = all(len(s) == 1 for s in support)
    cell = tuple(s[0] for s in support) if pure else None
    base = np.asarray(evaluate(**{k: float(v) for k, v in point.items()}), dtype=float)
    scale = max(1.0, float(np.nanmax(base) - np.nanmin(base)))
    tol = 1e-9 * scale
    if not pure and len(parametric.players) != 2:
        from convenience.analysis.stability.nplayer import nplayer_parameter_margins

        return nplayer_parameter_margins(parametric, profile, values, span)

    def survives_batch(name: str, xs: np.ndarray) -> np.ndarray:
        fixed = {k: float(v) for k, v in point.items() if k != name}
        u = np.asarray(evaluate(**fixed, **{name: xs}), dtype=float)
        if u.ndim == base.ndim:
            u = u[..., None]
        if cell is not None:  # a pure equilibrium
            return _pure_survives(u, cell, tol)
        out = np.zeros(len(xs), dtype=bool)
        for k in range(len(xs)):
            uk = u[..., k]
            out[k] = bool(np.all(np.isfinite(uk))) and _support_survives(uk[0], uk[1], support[0], support[1], scale)
        return out

    margins = []
    for name, parameter in parametric.parameters.items():
        x0 = float(point[name])
        reach = search_reach(parameter, x0, span)
        found: list[Any] = []
        for direction in (-1.0, 1.0):
            steps = reach * np.logspace(-9, 0, 91)
            ok = survives_batch(name, x0 + direction * steps)
            bad = np.flatnonzero(~ok)
            if bad.size == 0:
                found.append(None)
                continue
            k = int(bad[0])
            lo, hi = (0.0 if k == 0 else steps[k - 1]), steps[k]
            for _ in range(80):
                mid = 0.5 * (lo + hi)
                if survives_batch(name, np.array([x0 + direction * mid]))[0]:
                    lo = mid
                else:
                    hi = mid
                if hi - lo <= 1e-13 * max(1.0, abs(x0)):
                    break
            found.append(round(x0 + direction * 0.5 * (lo + hi), 9))
        lower, upper = found
        exact = False
        baseline = point[name]
        if pure and isinstance(baseline, Fraction):
            lower, upper, exact = _snap(parametric, point, name, cell, lower, upper)
        margins.append(ParameterMargin(name, baseline if exact else x0, lower, upper, exact))
    return tuple(margins)


def _snap(parametric, point, name, cell, lower, upper):
    """Replace float thresholds by nearby rationals at which the pure equilibrium is exactly
    weak (some gap exactly zero), when such rationals exist."""
    out, exact = [], True
    for value in (lower, upper):
        if value is None:
            out.append(None)
            continue
        guess = Fraction(value).limit_denominator(10 ** 6)
        try:
            game = parametric.at({**point, name: guess})
        except Exception:  # noqa: BLE001 - a payoff undefined there: keep the float
            game = None
        if game is not None and game.is_exact:
            prof = game.pure_profile(cell)
            gaps = [g for g in payoff_gaps(game, prof) if g is not None]
            if gaps and min(gaps) == 0:
                out.append(guess)
                continue
        exact = False
        out.append(value)
    if not exact:
        out = [float(v) if v is not None else None for v in out]
    return out[0], out[1], exact


# -- Pareto ------------------------------------------------------------------------------------
def pareto_dominates(p: Sequence, q: Sequence, tol: Any) -> bool:
    """Payoff vector ``p`` is at least ``q`` for every player and more for one (beyond ``tol``)."""
    return all(a >= b - tol for a, b in zip(p, q)) and any(a > b + tol for a, b in zip(p, q))


def dominating_outcome(game: NormalFormGame, payoffs: Sequence) -> tuple[tuple[int, ...], tuple] | None:
    """The pure profile that Pareto-dominates ``payoffs`` with the largest smallest gain."""
    tol = tolerance(game)
    best = None
    for cell in np.ndindex(*game.shape):
        vec = tuple(game.payoffs[(i,) + cell] for i in range(game.n_players))
        if pareto_dominates(vec, payoffs, tol):
            gain = min(a - b for a, b in zip(vec, payoffs))
            if best is None or gain > best[0]:
                best = (gain, cell, vec)
    return None if best is None else (best[1], best[2])


# -- risk dominance ----------------------------------------------------------------------------
def nash_product(game: NormalFormGame, cell: tuple[int, ...], other: tuple[int, ...]) -> Any:
    """Harsanyi-Selten product of the deviation losses at ``cell`` in the 2x2 game spanned by
    the strict equilibria ``cell`` and ``other``."""
    (r1, c1), (r2, c2) = cell, other
    a, b = game.payoffs[0], game.payoffs[1]
    return (a[r1, c1] - a[r2, c1]) * (b[r1, c1] - b[r1, c2])


def p_dominance(game: NormalFormGame, cell: tuple[int, ...]) -> Any:
    """Smallest ``p`` such that each player's strategy in ``cell`` is a best reply to every
    belief putting probability at least ``p`` on the others' strategies in ``cell``."""
    need = Fraction(0) if game.is_exact else 0.0
    for i in range(game.n_players):
        table = np.moveaxis(game.payoffs[i] if game.is_exact else game.float_payoffs()[i], i, 0)
        own = table[cell[i]]
        others = tuple(c for j, c in enumerate(cell) if j != i)
        for k in range(table.shape[0]):
            if k == cell[i]:
                continue
            diff = np.asarray(own - table[k], dtype=object if game.is_exact else float)
            g = diff[others]
            m = min(diff.ravel())
            if m < 0:
                p = -m / (g - m) if g - m != 0 else (Fraction(1) if game.is_exact else 1.0)
                need = max(need, p)
    return need


# -- perfection --------------------------------------------------------------------------------
def is_perfect(game: NormalFormGame, profile: Sequence) -> bool | None:
    """Trembling-hand perfect. Two players: no strategy weakly dominated (exact). More players:
    :func:`~convenience.analysis.stability.perfection.nplayer_perfection` (None when undetermined)."""
    if game.n_players != 2:
        from convenience.analysis.stability.perfection import nplayer_perfection

        return nplayer_perfection(game, profile).perfect
    scale = game.payoff_range()
    for i, matrix in ((0, game.payoffs[0]), (1, game.payoffs[1].T)):
        x = profile[i]
        z = weakly_dominated(np.asarray(matrix, dtype=float), np.asarray(x, dtype=float), scale)
        if z is None:
            continue
        if not game.is_exact:
            return False
        # confirm the certificate exactly
        zq = np.array([Fraction(v).limit_denominator(10 ** 9) for v in np.clip(z, 0, None)], dtype=object)
        zq = zq / sum(zq)
        gain = zq @ matrix - np.asarray(x, dtype=object) @ matrix
        if all(g >= 0 for g in gain) and any(g > 0 for g in gain):
            return False
    return True


# -- evolutionary stability --------------------------------------------------------------------
def is_ess(game: NormalFormGame, profile: Sequence, seed: int = 0) -> bool | None:
    """Evolutionarily stable strategy of a symmetric two-player game; None when the game or
    the equilibrium is not symmetric."""
    if game.n_players != 2 or not game.is_symmetric():
        return None
    x, y = profile
    if any(p != q for p, q in zip(x, y)) and (game.is_exact or not np.allclose(
            np.asarray(x, float), np.asarray(y, float), atol=1e-9)):
        return None
    a_exact = game.payoffs[0]
    values = a_exact @ x if game.is_exact else game.float_payoffs()[0] @ np.asarray(x, float)
    top = max(values)
    tol = tolerance(game)
    replies = [k for k in range(len(values)) if values[k] >= top - tol]
    support = [k for k in range(len(x)) if x[k] > 0]
    if replies == support and len(support) == 1:
        return True
    a = game.float_payoffs()[0]
    sym = (a + a.T) / 2
    xf = np.asarray(x, dtype=float)

    def negative_definite(face: list[int]) -> bool:
        if len(face) < 2:
            return True
        basis = np.zeros((len(xf), len(face) - 1))
        for c, k in enumerate(face[1:]):
            basis[k, c] = 1.0
            basis[face[0], c] = -1.0
        q = basis.T @ sym @ basis
        return bool(np.linalg.eigvalsh(q).max() < -1e-12 * game.payoff_range())

    if negative_definite(replies):
        return True
    if not negative_definite(support):
        return False
    for k in replies:
        if k not in support:
            z = -xf.copy()
            z[k] += 1.0
            if z @ a @ z >= 0:
                return False
    rng = np.random.default_rng(seed)
    for w in rng.dirichlet(np.ones(len(replies)), size=2000):
        yv = np.zeros_like(xf)
        yv[replies] = w
        z = yv - xf
        if z @ a @ z >= -1e-12:
            return False
    return True
