"""The support system of an equilibrium of a game with any number of players, and following it.

**The support system.** An equilibrium ``sigma`` with supports ``S_0, ..., S_(n-1)`` solves, for
every player ``i``, ``u_i(s, sigma_-i) = v_i`` for each ``s`` in ``S_i`` and ``sum(sigma_i) = 1``:
as many equations as unknowns (the probabilities on the supports and the values ``v_i``). It is
multilinear in the probabilities, so for three or more players it is polynomial and its
solutions are in general irrational even when the payoffs are rational.

:class:`SupportSystem` holds the system for given supports; :func:`newton` solves it near a
start, :func:`branch_tangent` gives the implicit-function-theorem direction along a payoff path, and
:func:`follow_branch` follows the solution along the path until a margin reaches zero or the
branch folds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    pass



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


def newton(system: SupportSystem, u: np.ndarray, x: np.ndarray, iterations: int = 12) -> np.ndarray | None:
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


def branch_tangent(system: SupportSystem, payoff_at: Callable[[float], np.ndarray], t: float, x: np.ndarray) -> np.ndarray | None:
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
        tangent = branch_tangent(system, payoff_at, t, x)
        if tangent is None:
            return t  # singular: the branch ends here
        u = payoff_at(t + h)
        guess = x + h * tangent
        found = newton(system, u, guess) if np.all(np.isfinite(u)) else None
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
    tangent = branch_tangent(system, payoff_at, lo, x_lo)
    side = 0
    for _ in range(100):
        if hi - lo <= 1e-13 * max(1.0, hi) or tangent is None:
            break
        t = 0.5 * (lo + hi)
        if margin_hi is not None and margin_lo - margin_hi > 0:
            t = min(max(lo + margin_lo * (hi - lo) / (margin_lo - margin_hi), lo + 1e-3 * (hi - lo)),
                    hi - 1e-3 * (hi - lo))
        u = payoff_at(t)
        found = newton(system, u, x_lo + (t - lo) * tangent)
        value = system.margin(u, found) if found is not None else None
        if found is not None and value is not None and value >= 0:
            lo, x_lo, margin_lo = t, found, value
            tangent = branch_tangent(system, payoff_at, lo, x_lo)
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
