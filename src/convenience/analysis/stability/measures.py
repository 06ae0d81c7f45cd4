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
  :func:`~convenience.analysis.stability.nplayer.nplayer_perfection` proves perfection or its
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

:func:`stability_report` gathers everything for a ``SolveResult``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame
    from convenience.parametric import ParametricGame

from convenience.analysis.stability.common import (ParameterMargin, json_number, number_text, search_reach,
                                                  support_of, tolerance, weakly_dominated)
from convenience.analysis.stability.dynamics import BasinShares, basin_shares
from convenience.analysis.stability.qre import QreLimit, qre_limit


# -- helpers -----------------------------------------------------------------------------------
def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _profile(eq: Any) -> tuple:
    return tuple(getattr(eq, "profile", eq))


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
def _dominates(p: Sequence, q: Sequence, tol: Any) -> bool:
    return all(a >= b - tol for a, b in zip(p, q)) and any(a > b + tol for a, b in zip(p, q))


def dominating_outcome(game: NormalFormGame, payoffs: Sequence) -> tuple[tuple[int, ...], tuple] | None:
    """The pure profile that Pareto-dominates ``payoffs`` with the largest smallest gain."""
    tol = tolerance(game)
    best = None
    for cell in np.ndindex(*game.shape):
        vec = tuple(game.payoffs[(i,) + cell] for i in range(game.n_players))
        if _dominates(vec, payoffs, tol):
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
    :func:`~convenience.analysis.stability.nplayer.nplayer_perfection` (None when undetermined)."""
    if game.n_players != 2:
        from convenience.analysis.stability.nplayer import nplayer_perfection

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


# -- the report --------------------------------------------------------------------------------
@dataclass(frozen=True)
class EquilibriumStability:
    """All measures for one equilibrium (``None``: not applicable or not computable)."""

    label: str
    short: str
    pure: bool
    strict: bool
    gaps: tuple
    radius: Any
    uniform_radius: Any
    radius_note: str
    margins: tuple[ParameterMargin, ...]
    pareto_efficient: bool
    dominated_by: tuple[str, ...]
    better_outcome: str | None
    risk_dominant: bool | None
    p_dominance: Any
    perfect: bool | None
    ess: bool | None
    replicator_share: float | None
    best_response_share: float | None
    qre_selected: bool
    #: how perfection was decided (three or more players: a ``nplayer.Perfection``)
    perfection: Any = None
    #: the single-entry change attaining the radius (three or more players, mixed)
    radius_change: str = ""

    def perfect_cell(self) -> str:
        if self.perfection is not None:
            return self.perfection.cell()
        return "-" if self.perfect is None else ("yes" if self.perfect else "no")

    def to_dict(self) -> dict:
        return {
            "equilibrium": self.label, "pure": bool(self.pure), "strict": bool(self.strict),
            "gaps": [json_number(g) for g in self.gaps], "radius": json_number(self.radius),
            "uniform_radius": json_number(self.uniform_radius), "radius_note": self.radius_note,
            "parameter_margins": [m.to_dict() for m in self.margins],
            "pareto_efficient": bool(self.pareto_efficient), "pareto_dominated_by": list(self.dominated_by),
            "better_outcome": self.better_outcome, "risk_dominant": _flag(self.risk_dominant),
            "p_dominance": json_number(self.p_dominance), "perfect": _flag(self.perfect), "ess": _flag(self.ess),
            "replicator_share": self.replicator_share, "best_response_share": self.best_response_share,
            "qre_selected": bool(self.qre_selected),
            "perfect_basis": self.perfection.basis if self.perfection is not None else None,
            "perfect_exact": self.perfection.exact if self.perfection is not None else None,
            "radius_change": self.radius_change or None,
        }


@dataclass(frozen=True)
class StabilityReport:
    """Stability measures for every equilibrium of one game, with a plain-words summary."""

    title: str
    players: tuple[str, ...]
    equilibria: tuple[EquilibriumStability, ...]
    replicator: BasinShares | None
    best_response: BasinShares | None
    qre: QreLimit | None
    seed: int
    notes: tuple[str, ...] = field(default=())

    columns = ("Equilibrium", "Strict", "Radius", "Pareto-efficient", "Risk-dominant", "Perfect",
               "ESS", "Replicator basin", "Best-response basin", "QRE limit")

    def rows(self) -> list[tuple[str, ...]]:
        """One row of text cells per equilibrium, in ``columns`` order."""
        def yn(v: bool | None) -> str:
            return "-" if v is None else ("yes" if v else "no")

        def share(v: float | None) -> str:
            return "-" if v is None else f"{100 * v:.0f}%"

        return [(e.label, yn(e.strict), number_text(e.radius), yn(e.pareto_efficient), yn(e.risk_dominant),
                 e.perfect_cell(), yn(e.ess), share(e.replicator_share), share(e.best_response_share),
                 "yes" if e.qre_selected else "no") for e in self.equilibria]

    def sentence(self) -> str:
        return self.summary()

    def summary(self) -> str:
        """What the measures say about this game, in one sentence of plain words."""
        eqs = self.equilibria
        if not eqs:
            return "There is no equilibrium to assess."
        if len(eqs) == 1:
            return _only_equilibrium_summary(eqs[0])
        favourite = _likeliest(eqs)
        if favourite is None:
            efficient = [e for e in eqs if e.pareto_efficient]
            text = (f"None of the {len(eqs)} equilibria is singled out by risk dominance, noisy play or "
                    "dynamics")
            if len(efficient) == 1:
                text += f"; {efficient[0].short} is the one best for every player"
            return text + "."
        return _likeliest_summary(eqs, favourite)

    def to_dict(self) -> dict:
        return {
            "title": self.title, "seed": self.seed,
            "equilibria": [e.to_dict() for e in self.equilibria],
            "replicator": self.replicator.to_dict() if self.replicator else None,
            "best_response": self.best_response.to_dict() if self.best_response else None,
            "qre": self.qre.to_dict() if self.qre else None,
            "summary": self.summary(), "notes": list(self.notes),
        }


def _only_equilibrium_summary(e: EquilibriumStability) -> str:
    """The summary of a game with one equilibrium: its kind, its radius, a better outcome."""
    kind = "strict" if e.strict else ("mixed" if not e.pure else "weak (a player has an equally good reply)")
    text = f"The only equilibrium, {e.short}, is {kind}"
    if e.radius is not None and e.pure:
        text += f" and survives any change of a single payoff smaller than {number_text(e.radius)}"
    elif e.radius is not None:
        text += f" and keeps its support under any change of a single payoff smaller than {number_text(e.radius)}"
    if e.better_outcome:
        text += f", yet every player would prefer {e.better_outcome}, which is not an equilibrium"
    return text + "."


def _likeliest(eqs: Sequence[EquilibriumStability]) -> EquilibriumStability | None:
    """The equilibrium singled out by the logit QRE limit, else by a replicator basin above one
    half, else by risk dominance; None when nothing singles one out."""
    favourite = next((e for e in eqs if e.qre_selected), None)
    if favourite is None:
        shares = [(e.replicator_share or 0.0, k) for k, e in enumerate(eqs)]
        if max(shares)[0] > 0.5:
            favourite = eqs[max(shares)[1]]
    if favourite is None:
        favourite = next((e for e in eqs if e.risk_dominant), None)
    return favourite


def _likeliest_summary(eqs: Sequence[EquilibriumStability], favourite: EquilibriumStability) -> str:
    """The summary of a game with several equilibria: the likeliest, why, and what is better or unstable."""
    reasons = []
    if favourite.risk_dominant:
        reasons.append("risk-dominant")
    if favourite.qre_selected:
        reasons.append("the limit of noisy (logit) play")
    if favourite.replicator_share:
        reasons.append(f"reached from {100 * favourite.replicator_share:.0f}% of starting points "
                       "under replicator dynamics")
    text = f"Of {len(eqs)} equilibria, {favourite.short} is the likeliest outcome"
    if reasons:
        text += " (" + ", ".join(reasons) + ")"
    better = [e for e in eqs if e.label in favourite.dominated_by]
    if better:
        text += f", although {better[0].short} would be better for every player"
    elif favourite.better_outcome:
        text += f", although every player would prefer {favourite.better_outcome}, which is not an equilibrium"
    unstable = [e for e in eqs if e is not favourite and not e.pure and e.replicator_share == 0.0]
    if unstable:
        text += "; the mixed equilibri" + ("a are" if len(unstable) > 1 else "um is") + \
                " dynamically unstable"
    return text + "."


def stability_report(game: NormalFormGame, result: Any, parametric: ParametricGame | None = None, values: dict | None = None,
                     seed: int = 0, samples: int = 300, dynamics: bool = True,
                     qre: bool = True) -> StabilityReport:
    """Every stability measure for every equilibrium in ``result`` (a ``SolveResult`` or a
    sequence of equilibria) of ``game`` (a ``NormalFormGame``).

    ``parametric`` (a ``ParametricGame``) with ``values`` (default: its baseline) adds the
    parameter margins. ``samples`` starting points (seeded) are used for each dynamic.
    """
    equilibria = tuple(getattr(result, "equilibria", result))
    profiles = [_profile(e) for e in equilibria]
    notes: list[str] = []
    if game.n_players < 2:
        dynamics = qre = False
    rep, br = _basins(game, profiles, samples, seed, notes) if dynamics and profiles else (None, None)
    limit = _qre_limit(game, profiles, notes) if qre and profiles else None
    found = _Found(
        profiles=profiles,
        labels=[e.label() if hasattr(e, "label") else short_label(game, p) for e, p in zip(equilibria, profiles)],
        payoffs=[tuple(getattr(e, "payoffs", None) or game.expected_payoffs(p)) for e, p in zip(equilibria, profiles)],
        strict_cells={k: tuple(s[0] for s in support_of(p)) for k, p in enumerate(profiles) if is_strict(game, p)},
        parametric=parametric, values=values, seed=seed, replicator=rep, best_response=br, qre=limit)
    rows = [_measures(game, k, found, notes) for k in range(len(profiles))]
    if game.n_players > 2 and rows:
        notes.extend(_nplayer_notes(rows))
    continua = [c for c in getattr(result, "components", ()) if len(getattr(c, "equilibria", ())) > 1]
    if continua:
        notes.append("The game has continua of equilibria; measures are given for their extreme points, "
                     "which are not isolated: nearby profiles are equilibria too.")
    return StabilityReport(getattr(game, "title", ""), tuple(game.players), tuple(rows), rep, br, limit, seed,
                           tuple(notes))


@dataclass(frozen=True)
class _Found:
    """What every equilibrium's measures are compared against: all the equilibria and the dynamics."""

    profiles: list
    labels: list[str]
    payoffs: list[tuple]
    strict_cells: dict[int, tuple[int, ...]]  # index of each strict equilibrium -> its pure profile
    parametric: ParametricGame | None
    values: dict | None
    seed: int
    replicator: BasinShares | None
    best_response: BasinShares | None
    qre: QreLimit | None


def _measures(game: NormalFormGame, k: int, found: _Found, notes: list[str]) -> EquilibriumStability:
    """Every measure of equilibrium ``k``: radius, margins, welfare, risk, perfection, ESS, dynamics."""
    profile, label = found.profiles[k], found.labels[k]
    support = support_of(profile)
    pure = all(len(s) == 1 for s in support)
    gaps = payoff_gaps(game, profile)
    radius, uniform, note, change_text = _radius(game, profile, pure, gaps)
    tol = tolerance(game)
    dominated_by = tuple(found.labels[j] for j in range(len(found.profiles))
                         if j != k and _dominates(found.payoffs[j], found.payoffs[k], tol))
    perfection = None
    if game.n_players > 2:
        from convenience.analysis.stability.nplayer import nplayer_perfection

        perfection = nplayer_perfection(game, profile, seed=found.seed)
    short = short_label(game, profile)
    return EquilibriumStability(
        label=label, short=short, pure=pure, strict=k in found.strict_cells, gaps=gaps,
        radius=radius, uniform_radius=uniform, radius_note=note,
        margins=_margins(found.parametric, profile, found.values, short, notes),
        pareto_efficient=not dominated_by, dominated_by=dominated_by,
        better_outcome=_better_outcome(game, found.payoffs[k], found.profiles),
        risk_dominant=_risk_dominant(game, k, found.strict_cells),
        p_dominance=p_dominance(game, tuple(s[0] for s in support)) if pure else None,
        perfect=perfection.perfect if perfection else is_perfect(game, profile),
        perfection=perfection, radius_change=change_text,
        ess=is_ess(game, profile, seed=found.seed),
        replicator_share=found.replicator.shares[k] if found.replicator else None,
        best_response_share=found.best_response.shares[k] if found.best_response else None,
        qre_selected=found.qre is not None and found.qre.selected == k)


def _basins(game: NormalFormGame, profiles: list, samples: int, seed: int,
            notes: list[str]) -> tuple[BasinShares | None, BasinShares | None]:
    """Shares of seeded starting points from which replicator and best-response dynamics reach each equilibrium."""
    try:
        rep = basin_shares(game, profiles, "replicator", samples=samples, seed=seed)
        br = basin_shares(game, profiles, "best-response", samples=samples, seed=seed)
    except (ValueError, FloatingPointError, np.linalg.LinAlgError) as error:
        notes.append(f"Dynamics not computed: {error}.")
        return None, None
    notes.append(f"Basins: {samples} random starting points (seed {seed}), {rep.population}-population "
                 "dynamics; an equilibrium counts as reached when play ends within 0.01 of it "
                 "(for best-response dynamics, the time average of the last quarter).")
    return rep, br


def _qre_limit(game: NormalFormGame, profiles: list, notes: list[str]) -> QreLimit | None:
    """The equilibrium the logit quantal-response path selects, with a note when it selects none."""
    try:
        limit = qre_limit(game, profiles)
    except (ValueError, FloatingPointError, np.linalg.LinAlgError) as error:
        notes.append(f"Logit QRE path not computed: {error}.")
        return None
    if not limit.converged:
        notes.append(f"Logit QRE path: {limit.note}.")
    elif limit.selected is None:
        notes.append("The logit QRE path ends at none of the listed equilibria.")
    return limit


def _radius(game: NormalFormGame, profile: Sequence, pure: bool, gaps: tuple) -> tuple[Any, Any, str, str]:
    """``(radius, uniform radius, how it was found, the change attaining it)`` of one equilibrium: the
    smallest payoff change that removes it (pure), or that removes its support (mixed)."""
    if pure:
        present = [g for g in gaps if g is not None]
        radius = min(present) if present else None
        uniform = radius / 2 if radius is not None else None
        note = "smallest payoff gap to a deviation (exact)" if game.is_exact else "smallest payoff gap to a deviation"
        return radius, uniform, note, ""
    if game.n_players > 2:
        from convenience.analysis.stability.nplayer import nplayer_radius

        change, note = nplayer_radius(game, profile)
        if change is None:
            return None, None, note, ""
        return change.amount, None, note, change.describe(game)
    radius = mixed_radius(game, profile)
    note = ("mixed equilibria move continuously with the payoffs; this is the radius of its "
            "support (smallest single-entry change after which no equilibrium has this support)"
            if radius is not None else "not computed for supports of unequal sizes (a degenerate "
            f"equilibrium) or more than {MAX_RADIUS_ENTRIES} relevant payoff entries")
    return radius, None, note, ""


def _margins(parametric: ParametricGame | None, profile: Sequence, values: dict | None, short: str, notes: list[str]) -> tuple:
    """Parameter margins of one equilibrium (none for a game without parameters)."""
    if parametric is None or not getattr(parametric, "parameters", None):
        return ()
    try:
        return parameter_margins(parametric, profile, values)
    except Exception as error:  # noqa: BLE001 - margins are an extra; say why they are missing
        notes.append(f"Parameter margins for {short} not computed: {error}.")
        return ()


def _better_outcome(game: NormalFormGame, payoffs: tuple, profiles: list) -> str | None:
    """A pure profile, not itself an equilibrium, that every player prefers to this equilibrium."""
    outcome = dominating_outcome(game, payoffs)
    if outcome is None:
        return None
    cells = {tuple(s[0] for s in support_of(p)) for p in profiles if all(len(s) == 1 for s in support_of(p))}
    if outcome[0] in cells:
        return None
    return "(" + ", ".join(game.strategies[i][c] for i, c in enumerate(outcome[0])) + ")"


def _risk_dominant(game: NormalFormGame, k: int, strict_cells: dict[int, tuple[int, ...]]) -> bool | None:
    """Harsanyi-Selten risk dominance of strict equilibrium ``k`` over every other strict one
    (two players, at least two strict equilibria; None otherwise)."""
    if game.n_players != 2 or k not in strict_cells or len(strict_cells) < 2:
        return None
    mine, tol = strict_cells[k], tolerance(game)
    return all(nash_product(game, mine, other) > nash_product(game, other, mine) + tol
               for j, other in strict_cells.items() if j != k)


def _nplayer_notes(rows: Sequence[EquilibriumStability]) -> list[str]:
    """What the radius and perfection columns mean for three or more players, and how each
    non-obvious entry was decided."""
    notes = ["Three or more players: Perfect is yes or no when proved (in exact arithmetic unless marked "
             "numerical), undetermined when neither a proof nor a converging sequence of perturbed equilibria "
             "was found. The radius of a mixed equilibrium is where its continued equilibrium is lost "
             "(a probability reaches zero, another strategy becomes as good, or the branch ends)."]
    for e in rows:
        if e.radius_change:
            kind = "exact" if isinstance(e.radius, Fraction) else "numerical"
            notes.append(f"Radius of {e.short}: {e.radius_change} destroys it ({kind}).")
        elif not e.pure and e.radius is None:
            notes.append(f"Radius of {e.short}: {e.radius_note}.")
        if e.perfection is not None and not e.perfection.basis.startswith(("regular", "completely mixed")):
            notes.append(f"Perfection of {e.short}: {e.perfection.basis}.")
    return notes
