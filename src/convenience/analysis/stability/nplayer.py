"""Stability radius and trembling-hand perfection for equilibria of games with any number of players.

**The support system.** An equilibrium ``sigma`` with supports ``S_0, ..., S_(n-1)`` solves, for
every player ``i``, ``u_i(s, sigma_-i) = v_i`` for each ``s`` in ``S_i`` and ``sum(sigma_i) = 1``:
as many equations as unknowns (the probabilities on the supports and the values ``v_i``). It is
multilinear in the probabilities, so for three or more players it is polynomial and its
solutions are in general irrational even when the payoffs are rational.

**Stability radius** (:func:`nplayer_radius`): the smallest change to a single payoff entry that
destroys the equilibrium. A mixed equilibrium does not vanish when a payoff moves a little: it
moves. What can be lost is the *continued* equilibrium of the same support; it is destroyed at
the first change where a probability reaches zero, a strategy outside the support becomes an
equally good reply (beyond it, a better one), or the branch ends (a fold of the support system).
Only entries ``u_j(t)`` whose other coordinates ``t_-j`` lie in the others' supports matter. Three
cases, the first two in closed form (exact for rational payoffs):

* ``t_j`` outside ``S_j``: nothing moves but the gain of ``t_j``, by ``d * P(t_-j)``; raising the
  entry by ``gap / P(t_-j)`` makes ``t_j`` a best reply; lowering it never destroys anything.
* ``t_j`` inside ``S_j`` and ``j`` pure: only ``v_j`` moves, by ``d * P(t_-j)``; lowering the entry by
  ``min gap / P(t_-j)`` destroys the equilibrium; raising it never does.
* ``t_j`` inside ``S_j`` and ``j`` mixing: the others' probabilities move to keep ``j`` indifferent.
  The continued equilibrium is followed numerically: predictor from the implicit function theorem
  (``dx/dd = -J^-1 dF/dd``, ``J`` the Jacobian of the support system), Newton corrector, step
  halving at failures; the first zero of the margin (smallest support probability, smallest
  payoff gap to an outside strategy relative to the payoff range) is then located by bisection
  along the branch (to about 1e-12 of the payoff range). A fold is located to the smallest step
  (1e-10 of the payoff range). The search stops at ten times the payoff range.

The radius is the smallest over entries and both signs; it is exact when a closed form attains it,
numerical otherwise. :func:`nplayer_parameter_margins` follows the same branch along one parameter,
the others at baseline.

**Trembling-hand perfection** (Selten 1975; :func:`nplayer_perfection`). ``sigma`` is perfect iff
it is a limit of completely mixed profiles against which every ``sigma_i`` is a best reply (van
Damme, *Stability and Perfection of Nash Equilibria*, 1991, theorem 2.2.5). For two players this
is decided exactly by weak dominance (``stability.is_perfect``); for more players, in order:

1. completely mixed: perfect (it is such a profile itself);
2. some ``sigma_i`` weakly dominated (a linear programme against the others' pure profiles,
   certificate re-checked exactly for rational payoffs): **not perfect**;
3. regular (every outside strategy does strictly worse, and the support system's Jacobian is
   nonsingular; decided exactly for rational payoffs): **perfect**, since regular equilibria are
   strictly perfect (van Damme 1991, section 2.5);
4. pure equilibria: some equally good alternative does strictly better against every completely
   mixed profile close enough (its gain is a polynomial in the trembles whose negative terms
   are all multiples of positive ones; exact for rational payoffs): **not perfect**;
5. local first-order tests: no direction of change of the others' profile keeps ``sigma_i`` a best
   reply to first order (every tied outside strategy no better, support strategies still
   equal), for some player ``i``; or no direction of change of the whole profile does so for
   every player at once; then no completely mixed profile near ``sigma`` does: **not perfect**
   (decided by small linear programmes, floating point);
6. pure equilibria: a line of completely mixed profiles ``t + delta (c - t)`` against which each
   ``t_i`` is a best reply for all small ``delta`` (payoff differences are polynomials in
   ``delta``, read term by term; exact for rational payoffs): **perfect**;
7. ``epsilon``-perturbed equilibria: the outside strategies get probability ``epsilon * c`` (``c``
   uniform, then seeded random weights), the support probabilities solve the indifference
   system by Newton's method from ``sigma``, and every outside strategy must be no better; when
   this holds for ``epsilon = 1e-2, ..., 1e-8`` with the profiles converging to ``sigma``: **perfect
   (numerical)**, a finite sequence standing for the limit;
8. otherwise **undetermined**.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, product
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame
    from convenience.parametric import ParametricGame

from convenience.analysis.stability.common import (ParameterMargin, number_text, search_reach, support_of, tolerance,
                                                  weakly_dominated)
from convenience.solvers.exact_linalg import rationalize, solve_exact

#: Largest number of payoff entries followed numerically for one equilibrium.
MAX_FOLLOWED_ENTRIES = 240
#: How far (in payoff ranges) a payoff entry is moved before the equilibrium counts as surviving.
RADIUS_SEARCH = 10.0
EPSILONS = tuple(10.0 ** -k for k in range(2, 9))


# -- the support system ------------------------------------------------------------------------
def against(u_i: np.ndarray, sigma: Sequence[np.ndarray], i: int, keep: tuple[int, ...] = ()) -> np.ndarray:
    """Player ``i``'s payoff tensor averaged over every other player's mixture except ``keep``:
    a vector over ``i``'s strategies, or (with ``keep=(j,)``) a matrix with axes in player order."""
    operands: list = [u_i, list(range(u_i.ndim))]
    for j in range(u_i.ndim):
        if j != i and j not in keep:
            operands += [sigma[j], [j]]
    return np.einsum(*operands, sorted({i, *keep}))


def against_pair(u_i: np.ndarray, sigma: Sequence[np.ndarray], i: int, j: int) -> np.ndarray:
    """Player ``i``'s payoffs averaged over every mixture but ``i``'s and ``j``'s: a matrix with
    ``i``'s strategies as rows and ``j``'s as columns (how ``i``'s payoffs move with ``sigma_j``)."""
    block = against(u_i, sigma, i, keep=(j,))
    return block if i < j else block.T


class SupportSystem:
    """The indifference equations of one support profile; unknowns ``x`` are the support
    probabilities player by player, then the values ``v_0, ..., v_(n-1)``.

    ``fixed`` gives probabilities of strategies outside the supports (zero for an equilibrium;
    ``epsilon * c`` for a perturbed game).
    """

    def __init__(self, shape: tuple[int, ...], supports: Sequence[Sequence[int]], fixed: Sequence[np.ndarray] | None = None):
        self.shape, self.supports, self.n = tuple(shape), tuple(tuple(s) for s in supports), len(shape)
        self.fixed = [np.zeros(m) for m in shape] if fixed is None else [np.asarray(f, dtype=float) for f in fixed]
        self.starts = np.cumsum([0] + [len(s) for s in self.supports]).tolist()
        self.size = self.starts[-1] + self.n
        self.blocks = {(i, j): np.ix_(self.supports[i], self.supports[j])
                       for i in range(self.n) for j in range(self.n) if i != j}

    def start(self, profile: Sequence, u: np.ndarray) -> np.ndarray:
        """The unknowns at ``profile``: its support probabilities and each player's payoff from
        its first support strategy under payoffs ``u``."""
        x = np.array([float(profile[i][k]) for i in range(self.n) for k in self.supports[i]] + [0.0] * self.n)
        sigma = self.profile(x)
        x[self.starts[-1]:] = [against(u[i], sigma, i)[s[0]] for i, s in enumerate(self.supports)]
        return x

    def profile(self, x: np.ndarray) -> list[np.ndarray]:
        out = []
        for i, s in enumerate(self.supports):
            sigma = self.fixed[i].copy()
            sigma[list(s)] = x[self.starts[i]:self.starts[i + 1]]
            out.append(sigma)
        return out

    def residual(self, u: np.ndarray, x: np.ndarray) -> np.ndarray:
        sigma = self.profile(x)
        out = []
        for i, s in enumerate(self.supports):
            values = against(u[i], sigma, i)
            out += list(values[list(s)] - x[self.starts[-1] + i])
            out.append(sigma[i].sum() - 1.0)
        return np.array(out)

    def payoff_part(self, du: np.ndarray, x: np.ndarray) -> np.ndarray:
        """``dF/dt`` when the payoffs move by ``du`` per unit of ``t`` (F is linear in the payoffs)."""
        sigma = self.profile(x)
        out = []
        for i, s in enumerate(self.supports):
            out += list(against(du[i], sigma, i)[list(s)])
            out.append(0.0)
        return np.array(out)

    def jacobian(self, u: np.ndarray, x: np.ndarray) -> np.ndarray:
        return self.jacobian_at(u, self.profile(x), np.zeros((self.size, self.size)))

    def jacobian_at(self, u: np.ndarray, sigma: Sequence[np.ndarray], jac: np.ndarray) -> np.ndarray:
        """The Jacobian at the profile ``sigma`` written into the zero matrix ``jac`` (float, or
        an object array of ``Fraction`` zeros with exact ``u`` and ``sigma``: then it is exact)."""
        row = 0
        for i, s in enumerate(self.supports):
            rows = slice(row, row + len(s))
            for j in range(self.n):
                if j == i:
                    continue
                jac[rows, self.starts[j]:self.starts[j + 1]] = against_pair(u[i], sigma, i, j)[self.blocks[i, j]]
            jac[rows, self.starts[-1] + i] = -1  # integers stay exact in an object array
            jac[row + len(s), self.starts[i]:self.starts[i + 1]] = 1
            row += len(s) + 1
        return jac

    def margin(self, u: np.ndarray, x: np.ndarray) -> float:
        """Smallest support probability or payoff gap to an outside strategy (payoffs are scaled
        to unit range): negative once the support profile is no longer an equilibrium."""
        sigma = self.profile(x)
        worst = min(float(x[:self.starts[-1]].min()), 1.0)
        for i, s in enumerate(self.supports):
            outside = [k for k in range(self.shape[i]) if k not in s]
            if outside:
                values = against(u[i], sigma, i)
                worst = min(worst, float(x[self.starts[-1] + i] - values[outside].max()))
        return worst


def _newton(system: SupportSystem, u: np.ndarray, x: np.ndarray, iterations: int = 12) -> np.ndarray | None:
    """Newton's method on the support system (payoffs of unit range); None when it fails (it
    gives up as soon as the residual stops shrinking fast: from a good predictor it converges
    quadratically, and a failure only means the step must be smaller)."""
    previous = np.inf
    for k in range(iterations):
        f = system.residual(u, x)
        if not np.all(np.isfinite(f)):
            return None
        size = np.abs(f).max()
        if size <= 1e-12:
            return x
        if k >= 2 and size > 0.5 * previous:
            break
        previous = size
        try:
            step = np.linalg.solve(system.jacobian(u, x), f)
        except np.linalg.LinAlgError:
            return None
        x = x - step
        if np.abs(step).max() <= 1e-15:
            break  # rounding level: no further progress possible
    f = system.residual(u, x)
    return x if np.all(np.isfinite(f)) and np.abs(f).max() <= 1e-10 else None


def _tangent(system: SupportSystem, payoff_at: Callable[[float], np.ndarray], t: float, x: np.ndarray) -> np.ndarray | None:
    """``dx/dt = -J^-1 dF/dt`` (implicit function theorem); None where ``J`` is singular."""
    eta = 1e-6 * max(1.0, abs(t))
    du = (payoff_at(t + eta) - payoff_at(t - eta)) / (2 * eta)
    jac = system.jacobian(payoff_at(t), x)
    if not np.all(np.isfinite(jac)) or np.linalg.cond(jac) > 1e12:
        return None
    return -np.linalg.solve(jac, system.payoff_part(du, x))


def follow_branch(system: SupportSystem, payoff_at: Callable[[float], np.ndarray], x0: np.ndarray,
                  t_max: float) -> float | None:
    """Follow the equilibrium of ``system`` from ``x0`` at ``t = 0`` as the payoffs move along
    ``payoff_at(t)`` (unit payoff range); the first ``t`` where it is lost, or None up to ``t_max``."""
    if system.margin(payoff_at(0.0), x0) < 0:
        return 0.0
    t, x, h = 0.0, x0, 1e-3 * t_max
    h_min = 1e-11 * t_max
    sign = np.sign(np.linalg.det(system.jacobian(payoff_at(0.0), x0)))
    while t < t_max:
        h = min(h, t_max - t)
        tangent = _tangent(system, payoff_at, t, x)
        if tangent is None:
            return t  # singular: the branch ends here
        u = payoff_at(t + h)
        guess = x + h * tangent
        found = _newton(system, u, guess) if np.all(np.isfinite(u)) else None
        if found is not None and (np.abs(found - guess).max() > 0.1 + 0.1 * h * np.abs(tangent).max()
                                  or np.sign(np.linalg.det(system.jacobian(u, found))) != sign):
            found = None  # jumped to another branch or passed a fold
        if found is None:
            h /= 2
            if h < h_min:
                return t  # a fold: the continued equilibrium disappears
            continue
        margin = system.margin(u, found)
        if margin < 0:
            return _locate(system, payoff_at, t, x, t + h, margin)
        t, x, h = t + h, found, min(2 * h, t_max / 4)
    return None


def _locate(system: SupportSystem, payoff_at: Callable[[float], np.ndarray], lo: float, x_lo: np.ndarray,
            hi: float, margin_hi: float | None) -> float:
    """The first zero of the margin along the branch in ``(lo, hi]`` (margin at ``lo`` >= 0, at
    ``hi`` < 0): the Illinois variant of regula falsi, with a bisection step whenever the branch
    cannot be continued to the trial point."""
    margin_lo = system.margin(payoff_at(lo), x_lo)
    tangent = _tangent(system, payoff_at, lo, x_lo)
    side = 0
    for _ in range(100):
        if hi - lo <= 1e-13 * max(1.0, hi) or tangent is None:
            break
        t = 0.5 * (lo + hi)
        if margin_hi is not None and margin_lo - margin_hi > 0:
            t = min(max(lo + margin_lo * (hi - lo) / (margin_lo - margin_hi), lo + 1e-3 * (hi - lo)),
                    hi - 1e-3 * (hi - lo))
        u = payoff_at(t)
        found = _newton(system, u, x_lo + (t - lo) * tangent)
        value = system.margin(u, found) if found is not None else None
        if found is not None and value is not None and value >= 0:
            lo, x_lo, margin_lo = t, found, value
            tangent = _tangent(system, payoff_at, lo, x_lo)
            if side == 1 and margin_hi is not None:
                margin_hi /= 2
            side = 1
            if value <= 1e-15:
                return lo
        else:
            hi, margin_hi = t, value
            if side == -1:
                margin_lo /= 2
            side = -1
    return 0.5 * (lo + hi)


# -- stability radius --------------------------------------------------------------------------
@dataclass(frozen=True)
class EntryChange:
    """The smallest single-entry change found: ``amount`` (exact ``Fraction`` for rational
    payoffs when a closed form attains it), and where: ``player``'s payoff at ``cell``, raised
    (``direction`` +1) or lowered (-1)."""

    amount: Any
    player: int
    cell: tuple[int, ...]
    direction: int
    exact: bool

    def describe(self, game: NormalFormGame) -> str:
        cell = ", ".join(game.strategies[i][k] for i, k in enumerate(self.cell))
        verb = "raising" if self.direction > 0 else "lowering"
        return f"{verb} {game.players[self.player]}'s payoff at ({cell}) by {number_text(self.amount)}"


def _probability(profile: Sequence, cell: tuple[int, ...], skip: int) -> Any:
    p = 1
    for i, k in enumerate(cell):
        if i != skip:
            p = p * profile[i][k]
    return p


def nplayer_radius(game: NormalFormGame, profile: Sequence) -> tuple[EntryChange | None, str]:
    """The smallest single payoff change destroying the equilibrium (its continued equilibrium,
    for a mixed one) and a note on how it was found. ``None`` with a note when it was not
    computed (irregular equilibrium, too many entries) or no change within ten payoff ranges
    destroys it."""
    profile = [list(x) for x in profile]
    found, followed = _closed_form_changes(game, profile)
    note = "closed form (exact)" if game.is_exact else "closed form"
    if followed:
        if len(followed) > MAX_FOLLOWED_ENTRIES:
            return None, (f"not computed: {len(followed)} payoff entries would have to be followed "
                          f"(at most {MAX_FOLLOWED_ENTRIES})")
        changes = _followed_changes(game, profile, followed)
        if changes is None:
            return None, ("not computed: the equilibrium is not regular (its indifference system is singular), "
                          "so a small change can split or remove it in ways a single branch does not show")
        found += changes
        note = ("closed forms for entries that move no probability (exact for rational payoffs); the others by "
                "following the continued equilibrium (implicit-function predictor, Newton corrector, bisection "
                "to about 1e-12 of the payoff range)")
    if not found:
        return None, note + "; no single change within ten payoff ranges destroys it"
    return _smallest_change(found, game.payoff_range()), note


def _closed_form_changes(game: NormalFormGame, profile: list) -> tuple[list[EntryChange], list[tuple[int, tuple]]]:
    """The changes with a closed form: raising an entry of a strategy outside the support by its
    gap, or lowering an entry of a pure player's strategy by the smallest gap to an outside one.
    Also the entries ``(player, cell)`` that move a probability, to be followed numerically."""
    supports = support_of(profile)
    n, shape, exact = game.n_players, game.shape, game.is_exact
    gaps = []  # gaps[i][r]: v_i - u_i(r, sigma_-i), exact for exact games
    for i in range(n):
        values = game.pure_payoffs_against(tuple(profile), i)
        top = max(values[k] for k in supports[i])
        gaps.append([top - values[r] for r in range(shape[i])])
    found: list[EntryChange] = []
    followed = []
    for j in range(n):
        outside = [r for r in range(shape[j]) if r not in supports[j]]
        others = [supports[i] if i != j else (-1,) for i in range(n)]  # -1: a place for player j's own strategy
        for rest in product(*others):
            for t_j in range(shape[j]):
                cell = tuple(t_j if i == j else rest[i] for i in range(n))
                p = _probability(profile, cell, j)
                if t_j not in supports[j]:
                    found.append(EntryChange(gaps[j][t_j] / p, j, cell, 1, exact))
                elif len(supports[j]) == 1:
                    if outside:
                        found.append(EntryChange(min(gaps[j][r] for r in outside) / p, j, cell, -1, exact))
                else:
                    followed.append((j, cell))
    return found, followed


def _followed_changes(game: NormalFormGame, profile: list, followed: list[tuple[int, tuple]]) -> list[EntryChange] | None:
    """For each entry that moves a probability, the smallest change (up or down) after which the
    continued equilibrium leaves its support; None when the equilibrium is not regular."""
    scale = game.payoff_range()
    u0 = game.float_payoffs() / scale
    system = SupportSystem(game.shape, support_of(profile))
    x0 = _newton(system, u0, system.start(profile, u0))
    if x0 is None or _tangent(system, lambda t: u0, 0.0, x0) is None:
        return None
    found = []
    for j, cell in followed:
        for direction in (1, -1):
            def payoff_at(t: float, j=j, cell=cell, direction=direction) -> np.ndarray:
                u = u0.copy()
                u[(j,) + cell] += direction * t
                return u

            t = follow_branch(system, payoff_at, x0, RADIUS_SEARCH)
            if t is not None:
                found.append(EntryChange(t * scale, j, cell, direction, False))
    return found


def _smallest_change(found: list[EntryChange], scale: float) -> EntryChange:
    """The smallest change; a numerical one within 1e-9 of the payoff range wins over an exact one
    (the branch is the finer measure), and an exact one beyond the search range counts as numerical."""
    best = min(found, key=lambda c: float(c.amount))
    close = [c for c in found if not c.exact and float(c.amount) <= float(best.amount) + 1e-9 * scale]
    if best.exact and close:
        best = min(close, key=lambda c: float(c.amount))
    if best.exact and float(best.amount) > RADIUS_SEARCH * scale:
        best = EntryChange(float(best.amount), best.player, best.cell, best.direction, False)
    return best


# -- parameter margins -------------------------------------------------------------------------
def nplayer_parameter_margins(parametric: ParametricGame, profile: Sequence, values: dict | None = None,
                              span: float = 10.0) -> tuple:
    """For each parameter, the nearest values below and above the baseline (the others fixed)
    at which the continued equilibrium of this support is lost; numerical (``exact=False``)."""
    point = parametric.values(values)
    evaluate = parametric.numeric_function()
    fixed = {k: float(v) for k, v in point.items()}
    base = np.asarray(evaluate(**fixed), dtype=float)
    scale = max(1.0, float(np.nanmax(base) - np.nanmin(base)))
    supports = support_of(profile)
    system = SupportSystem(base.shape[1:], supports)
    x0 = _newton(system, base / scale, system.start(profile, base / scale))
    if x0 is None:
        return ()
    margins = []
    for name, parameter in parametric.parameters.items():
        x_base = fixed[name]
        reach = search_reach(parameter, x_base, span)
        ends = []
        for direction in (-1.0, 1.0):
            def payoff_at(t: float, name=name, direction=direction, x_base=x_base) -> np.ndarray:
                with np.errstate(all="ignore"):
                    return np.asarray(evaluate(**{**fixed, name: x_base + direction * t}), dtype=float) / scale

            t = follow_branch(system, payoff_at, x0, reach)
            # folds are located to 1e-11 of the reach; keep the digits that carry information
            digits = max(0, 8 - int(np.ceil(np.log10(reach))))
            ends.append(None if t is None else round(x_base + direction * t, digits) + 0.0)
        margins.append(ParameterMargin(name, x_base, ends[0], ends[1], False))
    return tuple(margins)


# -- perfection --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Perfection:
    """``perfect`` True, False or None (undetermined); ``basis``: how it was decided; ``exact``:
    decided in exact arithmetic."""

    perfect: bool | None
    basis: str
    exact: bool

    def cell(self) -> str:
        if self.perfect is None:
            return "undetermined"
        word = "yes" if self.perfect else "no"
        return word if self.exact else f"{word} (numerical)"


def _flat_against_others(game: NormalFormGame, i: int) -> np.ndarray:
    """Player ``i``'s payoffs as a matrix: own strategies by the others' pure profiles."""
    table = np.moveaxis(game.payoffs[i], i, 0)
    return table.reshape(table.shape[0], -1)


def dominated_player(game: NormalFormGame, profile: Sequence) -> tuple[int, bool] | None:
    """``(player, confirmed exactly)`` for the first player whose equilibrium strategy is weakly
    dominated against the others' pure profiles, or None."""
    scale = game.payoff_range()
    for i in range(game.n_players):
        matrix = _flat_against_others(game, i)
        z = weakly_dominated(np.asarray(matrix, dtype=float), np.asarray(profile[i], dtype=float), scale)
        if z is None:
            continue
        if not game.is_exact:
            return i, False
        zq = np.array([rationalize(v) for v in np.clip(z, 0, None)], dtype=object)
        zq = zq / sum(zq)
        gain = zq @ matrix - np.asarray(profile[i], dtype=object) @ matrix
        if all(g >= 0 for g in gain) and any(g > 0 for g in gain):
            return i, True
    return None


def is_regular(game: NormalFormGame, profile: Sequence) -> bool:
    """Quasi-strict (every outside strategy strictly worse) with a nonsingular support system;
    exact for rational payoffs."""
    supports = support_of(profile)
    tol = tolerance(game)
    for i in range(game.n_players):
        values = game.pure_payoffs_against(tuple(profile), i)
        top = max(values[k] for k in supports[i])
        if any(values[r] >= top - tol for r in range(len(values)) if r not in supports[i]):
            return False
    if all(len(s) == 1 for s in supports):
        return True
    system = SupportSystem(game.shape, supports)
    if not game.is_exact:
        u = game.float_payoffs() / game.payoff_range()
        return bool(np.linalg.cond(system.jacobian(u, system.start(profile, u))) < 1e10)
    sigma = [np.array(list(x), dtype=object) for x in profile]
    jac = system.jacobian_at(game.payoffs, sigma, np.full((system.size, system.size), Fraction(0), dtype=object))
    return solve_exact(jac.tolist(), [0] * system.size) is not None  # None exactly when singular


def pure_tremble_beaten(game: NormalFormGame, cell: tuple[int, ...], max_terms: int = 4096) -> tuple[int, int] | None:
    """For a pure equilibrium: ``(player, strategy)`` when some alternative ``r`` of a player does
    strictly better than ``t_i`` against *every* completely mixed profile close enough to it;
    then the equilibrium is not perfect. Exact for rational payoffs.

    With trembles ``a_jk >= 0`` (player ``j`` moves probability ``a_jk`` from ``t_j`` to ``k``), the
    gain of ``r`` is a polynomial in the ``a_jk``, multilinear across players; its coefficient on
    ``prod a_(j, k_j)`` over a set ``T`` of players is the inclusion-exclusion sum of the gains at the
    pure profiles where some of ``T`` switch. It is positive for all small positive trembles when
    some coefficient is positive and every negative term is a multiple of a positive one (each
    positive term outweighs the finitely many smaller terms it divides).
    """
    n = game.n_players
    payoffs = game.payoffs if game.is_exact else game.float_payoffs()
    tol = tolerance(game)
    for i in range(n):
        others = [j for j in range(n) if j != i]
        if np.prod([game.shape[j] for j in others]) > max_terms:
            return None
        for r in range(game.shape[i]):
            if r == cell[i]:
                continue

            def gain(switch: dict[int, int], i: int = i, r: int = r) -> Any:
                base = [switch.get(j, cell[j]) for j in range(n)]
                moved = list(base)
                moved[i] = r
                return payoffs[(i,) + tuple(moved)] - payoffs[(i,) + tuple(base)]

            if abs(gain({})) > tol:
                continue  # r is strictly worse at the equilibrium: it stays worse nearby
            positive, negative = [], []
            for size in range(1, n):
                for players in combinations(others, size):
                    for ks in product(*[[k for k in range(game.shape[j]) if k != cell[j]] for j in players]):
                        term = dict(zip(players, ks))
                        coefficient = sum((-1) ** (size - len(sub)) * gain({j: term[j] for j in sub})
                                          for m in range(size + 1) for sub in combinations(players, m))
                        if coefficient > tol:
                            positive.append(term)
                        elif coefficient < -tol:
                            negative.append(term)

            def divides(small: dict, large: dict) -> bool:
                return len(small) < len(large) and all(large.get(j) == k for j, k in small.items())

            if positive and all(any(divides(p, m) for p in positive) for m in negative):
                return i, r
    return None


def first_order_blocked(game: NormalFormGame, profile: Sequence, player: int | None = None) -> bool:
    """True when no nonzero first-order change ``w`` of the profile (within the tangent cones of
    the simplices) keeps the tied outside strategies no better and the support strategies
    equally good: for every player at once (``player`` None, ``w`` the whole profile), or for
    ``player`` alone (``w`` the others' part). Then no profile near ``sigma`` that differs from it
    (in the others' part) keeps those strategies best replies: on the unit sphere of the cone
    some first-order violation is at least a fixed positive amount, which the second-order
    terms cannot undo close enough to ``sigma``. If that part of ``sigma`` is not completely
    mixed, ``sigma`` is not perfect. Decided by linear programmes (maximise and minimise each
    coordinate of ``w`` over the cone cut by those conditions, in a unit box), in floating point."""
    from scipy.optimize import linprog

    supports = support_of(profile)
    n, shape = game.n_players, game.shape
    u = game.float_payoffs() / game.payoff_range()
    sigma = [np.asarray(x, dtype=float) for x in profile]
    starts = np.cumsum([0] + list(shape)).tolist()
    size = starts[-1]
    rows_ub: list[Any] = []
    rows_eq: list[Any] = []
    moving = [j for j in range(n) if j != player]
    tol = 0 if game.is_exact else 1e-12 * game.payoff_range()
    for i in (range(n) if player is None else [player]):
        exact_values = game.pure_payoffs_against(tuple(profile), i)  # ties decided exactly when payoffs are rational
        s0 = supports[i][0]
        ties = [r for r in range(shape[i]) if r not in supports[i] and exact_values[r] >= exact_values[s0] - tol]
        for r, target in [(r, rows_ub) for r in ties] + [(r, rows_eq) for r in supports[i][1:]]:
            row = np.zeros(size)  # first-order change of u_i(r, .) - u_i(s0, .)
            for j in moving:
                if j != i:
                    block = against_pair(u[i], sigma, i, j)
                    row[starts[j]:starts[j + 1]] = block[r] - block[s0]
            target.append(row)
    if not rows_ub and not rows_eq:
        return False
    bounds = []
    for j in range(n):
        if j not in moving:
            bounds += [(0.0, 0.0)] * shape[j]
            continue
        bounds += [(-1.0, 1.0) if k in supports[j] else (0.0, 1.0) for k in range(shape[j])]
        rows_eq.append(np.concatenate([np.zeros(starts[j]), np.ones(shape[j]), np.zeros(size - starts[j + 1])]))
    a_ub = np.array(rows_ub) if rows_ub else None
    b_ub = np.zeros(len(rows_ub)) if rows_ub else None
    for index in range(size):
        if bounds[index] == (0.0, 0.0):
            continue
        for sign in (1.0, -1.0):
            objective = np.zeros(size)
            objective[index] = -sign
            res = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=np.array(rows_eq), b_eq=np.zeros(len(rows_eq)),
                          bounds=bounds, method="highs")
            if res.status != 0 or -res.fun > 1e-9:
                return False
    return True


def _perturbed_limit(game: NormalFormGame, profile: Sequence, seed: int, tries: int = 12) -> bool:
    """Equilibria of epsilon-perturbed games converging to ``sigma`` found for every epsilon in
    ``EPSILONS`` along one choice of trembles ``c`` (uniform first, then seeded random)."""
    supports = support_of(profile)
    shape = game.shape
    u = game.float_payoffs() / game.payoff_range()
    rng = np.random.default_rng(seed)
    sigma = [np.asarray(x, dtype=float) for x in profile]
    for attempt in range(tries):
        weights = []
        for j, m in enumerate(shape):
            w = np.ones(m) if attempt == 0 else rng.uniform(0.05, 1.0, m)
            w[list(supports[j])] = 0.0
            weights.append(w)
        ok = True
        for eps in EPSILONS:
            system = SupportSystem(shape, supports, fixed=[eps * w for w in weights])
            # start from sigma with the support scaled to leave room for the trembles
            found = _newton(system, u, system.start([x * (1 - eps * w.sum()) for x, w in zip(sigma, weights)], u))
            if found is None or system.margin(u, found) < -1e-12:
                ok = False
                break
            tau = system.profile(found)
            if max(np.abs(t - s).max() for t, s in zip(tau, sigma)) > 10 * eps * max(1, max(shape)):
                ok = False
                break
        if ok:
            return True
    return False


def _line_certificate(game: NormalFormGame, cell: tuple[int, ...], weights: Sequence[Sequence[Any]]) -> bool:
    """For a pure equilibrium ``cell``: along ``tau_j = t_j + delta (c_j - t_j)`` (``c_j`` the
    normalised ``weights``, all positive, so ``tau`` is completely mixed for ``0 < delta < 1``),
    is every ``t_i`` a best reply for all small ``delta``? Each payoff difference is a polynomial
    in ``delta`` whose coefficients are computed (exactly for rational payoffs) and read
    lexicographically."""
    n, exact = game.n_players, game.is_exact
    one = Fraction(1) if exact else 1.0
    payoffs = game.payoffs if exact else game.float_payoffs()
    pure = [np.array([one * (k == cell[j]) for k in range(m)], dtype=object if exact else float)
            for j, m in enumerate(game.shape)]
    moves = []
    for j, w in enumerate(weights):
        c = np.array([one * v for v in w], dtype=object if exact else float)
        moves.append(c / sum(c) - pure[j])
    tol = 0 if exact else 1e-12 * game.payoff_range()
    for i in range(n):
        others = [j for j in range(n) if j != i]
        coefficients: list[Any] = []
        for degree in range(n):
            total = None
            for chosen in combinations(others, degree):
                sigma = [moves[j] if j in chosen else pure[j] for j in range(n)]
                values = against(payoffs[i], sigma, i)
                total = values if total is None else total + values
            coefficients.append(total)
        for r in range(game.shape[i]):
            if r == cell[i]:
                continue
            for coefficient in coefficients:
                difference = coefficient[cell[i]] - coefficient[r]
                if difference > tol:
                    break
                if difference < -tol:
                    return False
    return True


def nplayer_perfection(game: NormalFormGame, profile: Sequence, seed: int = 0) -> Perfection:
    """Trembling-hand perfection of an equilibrium of a game with any number of players, by the
    tests listed in the module docstring, in that order."""
    supports = support_of(profile)
    if all(len(s) == m for s, m in zip(supports, game.shape)):
        return Perfection(True, "completely mixed", True)
    dominated = dominated_player(game, profile)
    if dominated is not None:
        i, confirmed = dominated
        return Perfection(False, f"{game.players[i]}'s strategy is weakly dominated", confirmed)
    if is_regular(game, profile):
        return Perfection(True, "regular equilibrium (every other strategy strictly worse, nonsingular "
                                "indifference system), hence perfect", game.is_exact)
    cell = tuple(s[0] for s in supports) if all(len(s) == 1 for s in supports) else None  # a pure equilibrium
    if cell is not None:
        beaten = pure_tremble_beaten(game, cell)
        if beaten is not None:
            i, r = beaten
            return Perfection(False, f"{game.players[i]}'s {game.strategies[i][r]} is as good at the equilibrium and "
                                     "strictly better against every completely mixed profile near it", game.is_exact)
    for i in range(game.n_players):
        others_mixed = all(len(supports[j]) == game.shape[j] for j in range(game.n_players) if j != i)
        if not others_mixed and first_order_blocked(game, profile, i):
            return Perfection(False, f"no completely mixed profile near it keeps {game.players[i]}'s strategy a "
                                     "best reply (first-order test)", False)
    if first_order_blocked(game, profile):
        return Perfection(False, "no completely mixed profile near it keeps every player's strategy a best reply "
                                 "(first-order test)", False)
    if cell is not None:
        rng = np.random.default_rng(seed)
        trials = [[[1] * m for m in game.shape]]  # uniform trembles, then seeded random ones
        trials += [[[int(v) for v in rng.integers(1, 10, m)] for m in game.shape] for _ in range(8)]
        for weights in trials:
            if _line_certificate(game, cell, weights):
                return Perfection(True, "a best reply against completely mixed profiles converging to it along a "
                                        "line (the payoff differences, polynomials in the step, checked term by "
                                        "term)", game.is_exact)
    if _perturbed_limit(game, profile, seed):
        return Perfection(True, "limit of equilibria of epsilon-perturbed games (epsilon = 1e-2 to 1e-8)", False)
    return Perfection(None, "undetermined: neither a proof nor a converging sequence of perturbed equilibria "
                            "was found", False)
