"""The logit quantal-response equilibrium path and where it ends: an equilibrium-selection signal.

In a logit QRE (McKelvey and Palfrey, *Games and Economic Behavior* 10, 1995) every player
plays each strategy with probability proportional to ``exp(lambda * expected payoff)``. At
``lambda = 0`` play is uniform; as ``lambda`` grows the *principal branch* of QRE traces a path
that ends, generically, at one Nash equilibrium (McKelvey and Palfrey 1995, theorem 2). The
equilibrium it approaches is the one boundedly rational players would be drawn to as noise
vanishes, and in symmetric 2x2 coordination games it is the risk-dominant one.

The path is followed by predictor-corrector continuation with pseudo-arclength
parametrisation (Allgower and Georg, *Introduction to Numerical Continuation Methods*, 1990,
ch. 2; the approach of Turocy, *Games and Economic Behavior* 51, 2005), in log-probabilities,
so that turning points in ``lambda`` are passed and vanishing probabilities stay accurate.
Payoffs are rescaled to range 1 first; ``lambda`` is reported in the game's own units.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import ascii_lowercase

import numpy as np

from convenience.normal_form import GameOrPayoffs, payoff_array


@dataclass(frozen=True)
class QreLimit:
    """Where the principal logit-QRE branch ends.

    ``profile`` is the QRE at the last ``lam`` reached; ``selected`` is the index of the
    equilibrium (in the list given) within ``tol`` of it, or ``None``; ``path`` holds
    ``(lambda, profile)`` samples for plotting; ``converged`` says whether ``lam`` reached the
    target (otherwise the continuation stalled, and the reason is in ``note``).
    """

    profile: tuple
    lam: float
    selected: int | None
    distance: float | None
    converged: bool
    path: tuple = ()
    note: str = ""

    def to_dict(self) -> dict:
        return {"profile": [list(map(float, x)) for x in self.profile], "lambda": self.lam,
                "selected": self.selected, "distance": None if self.distance is None else float(self.distance), "converged": self.converged,
                "note": self.note}


class _System:
    """The QRE equations ``H(w, lam) = 0`` in log-probabilities ``w``."""

    def __init__(self, u: np.ndarray):
        self.u = u
        self.sizes = u.shape[1:]
        self.n = u.shape[0]
        self.cuts = np.cumsum((0,) + self.sizes)
        letters = ascii_lowercase[: self.n]
        self.specs = []
        for i in range(self.n):
            others = [j for j in range(self.n) if j != i]
            self.specs.append((letters + "," + ",".join(letters[j] for j in others) + "->" + letters[i], others))

    def split(self, w: np.ndarray) -> list[np.ndarray]:
        return [w[self.cuts[i]: self.cuts[i + 1]] for i in range(self.n)]

    def values(self, sigma: list[np.ndarray]) -> list[np.ndarray]:
        return [np.einsum(spec, self.u[i], *[sigma[j] for j in others])
                for i, (spec, others) in enumerate(self.specs)]

    def __call__(self, y: np.ndarray) -> np.ndarray:
        w, lam = y[:-1], y[-1]
        logs = self.split(w)
        sigma = [np.exp(x) for x in logs]
        vals = self.values(sigma)
        out = []
        for x, s, v in zip(logs, sigma, vals):
            out.append(x[1:] - x[0] - lam * (v[1:] - v[0]))
            out.append([s.sum() - 1.0])
        return np.concatenate(out)

    def jacobian(self, y: np.ndarray) -> np.ndarray:
        eps = 1e-7
        cols = []
        for k in range(y.size):
            d = np.zeros_like(y)
            d[k] = eps * max(1.0, abs(y[k]))
            cols.append((self(y + d) - self(y - d)) / (2 * d[k]))
        return np.array(cols).T


def _tangent(jac: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    t = np.linalg.svd(jac)[2][-1]
    if previous is None:
        return t if t[-1] > 0 else -t
    return t if t @ previous > 0 else -t


def logit_path(game: GameOrPayoffs, lam_max: float = 1e4, max_steps: int = 4000, samples: int = 60):
    """Follow the principal logit-QRE branch from ``lambda = 0`` to ``lam_max`` (in units of
    the payoff range). Returns ``(profile, lambda_reached, path, converged, note)``."""
    u = payoff_array(game)
    with np.errstate(over="ignore", invalid="ignore"):  # trial steps may overshoot; they are rejected
        return _follow(u, lam_max, max_steps, samples)


def _follow(u: np.ndarray, lam_max: float, max_steps: int, samples: int):
    span = float(u.max() - u.min()) or 1.0
    system = _System((u - u.min()) / span)
    w0 = np.concatenate([np.full(m, -np.log(m)) for m in system.sizes])
    y = np.append(w0, 0.0)
    t = _tangent(system.jacobian(y), None)
    h = 0.05
    path = [(0.0, system.split(np.exp(w0)))]
    next_sample = 0.01
    note = ""
    for _ in range(max_steps):
        if y[-1] >= lam_max:
            break
        z, ok, iters = _correct(system, y + h * t, t)
        if not ok:
            h /= 2
            if h < 1e-9:
                note = f"continuation stalled at lambda = {y[-1] / span:.4g}"
                break
            continue
        t = _tangent(system.jacobian(z), t)
        y = z
        if y[-1] >= next_sample:
            path.append((y[-1] / span, [np.exp(x) for x in system.split(y[:-1])]))
            next_sample = y[-1] * 10 ** (np.log10(lam_max / 0.01) / samples)
        if iters <= 3:
            h *= 2
    else:
        note = f"stopped after {max_steps} steps at lambda = {y[-1] / span:.4g}"
    profile = tuple(np.exp(x) / np.exp(x).sum() for x in system.split(y[:-1]))
    return profile, float(y[-1] / span), tuple(path), bool(y[-1] >= lam_max), note


def _correct(system: _System, guess: np.ndarray, t: np.ndarray, max_iter: int = 12):
    """Newton's method on ``H(y) = 0`` plus the arclength condition ``t . (y - guess) = 0``."""
    y = guess.copy()
    for k in range(1, max_iter + 1):
        if not np.all(np.isfinite(y)):
            return y, False, k
        residual = np.append(system(y), t @ (y - guess))
        if np.abs(residual).max() < 1e-11:
            return y, True, k
        jac = np.vstack([system.jacobian(y), t])
        try:
            y = y - np.linalg.solve(jac, residual)
        except np.linalg.LinAlgError:
            return y, False, k
    residual = np.append(system(y), t @ (y - guess))
    return y, bool(np.abs(residual).max() < 1e-9), max_iter


def qre_limit(game, equilibria=(), lam_max: float = 1e4, tol: float = 1e-2) -> QreLimit:
    """Follow the principal logit-QRE branch and say which of ``equilibria`` it approaches."""
    profile, lam, path, converged, note = logit_path(game, lam_max=lam_max)
    selected, best = None, None
    for k, e in enumerate(equilibria):
        prof = getattr(e, "profile", e)
        d = max(float(np.abs(np.asarray(x, dtype=float) - p).max()) for x, p in zip(prof, profile))
        if best is None or d < best:
            selected, best = k, d
    if best is not None and best > tol:
        selected = None
    return QreLimit(profile, lam, selected, best, converged, path, note)
