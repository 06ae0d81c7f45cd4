"""Stability radius and parameter margins for equilibria of games with any number of players.

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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame
    from convenience.parametric import ParametricGame

from convenience.analysis.stability.common import (ParameterMargin, number_text, search_reach, support_of)
from convenience.analysis.stability.support_system import SupportSystem, branch_tangent, follow_branch, newton

#: Largest number of payoff entries followed numerically for one equilibrium.
MAX_FOLLOWED_ENTRIES = 240
#: How far (in payoff ranges) a payoff entry is moved before the equilibrium counts as surviving.
RADIUS_SEARCH = 10.0


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
    x0 = newton(system, u0, system.start(profile, u0))
    if x0 is None or branch_tangent(system, lambda t: u0, 0.0, x0) is None:
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
    x0 = newton(system, base / scale, system.start(profile, base / scale))
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
