"""Evolutionary and learning dynamics: from which starting points is each equilibrium reached?

An equilibrium that attracts most starting points is a better prediction than one that is
reached only from a thin set. Two textbook dynamics (Weibull, *Evolutionary Game Theory*, 1995;
Sandholm, *Population Games and Evolutionary Dynamics*, 2010):

* **replicator dynamics** ``dx_ik/dt = x_ik (u_ik(x) - u_i(x))``: strategies grow in
  proportion to how much better than average they do;
* **best-response dynamics** ``dx_i/dt = b_i(x) - x_i``: each population drifts towards a
  current best reply (ties split evenly).

For a symmetric two-player game the default is the *one-population* version (both players are
drawn from one population playing ``x``; only symmetric equilibria are states of it); otherwise
each player has its own population (``n``-population dynamics).

:func:`basin_shares` draws starting points uniformly from the simplices (seeded), integrates
all of them at once, and reports the share that *reaches* each equilibrium. Under replicator
dynamics (fourth-order Runge-Kutta, step 0.2) the end point must lie within ``tol`` of it
(largest difference of any probability); a closed orbit around it (matching pennies) does not
count. Best-response dynamics (Euler, step 0.01) chatter around a mixed equilibrium in discrete
time with an amplitude of about the square root of the step, so there the time average over
the last quarter of the horizon must be within ``tol`` and the path must never stray more than
``ENVELOPE``, which keeps a wide cycle (Shapley's game) from counting. With ``samples`` starts a share ``s`` has standard error
``sqrt(s (1 - s) / samples)``. Payoffs are rescaled to range 1 so that ``horizon`` is in units
of the payoff range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import numpy as np

from convenience.normal_form import GameOrPayoffs, payoff_array

DYNAMICS = ("replicator", "best-response")

#: How far the last quarter of a path may stray from an equilibrium it is said to reach.
ENVELOPE = 0.1

#: Payoff values read per unit of the work budget of a simulation: each step reads every payoff
#: once per starting point (four times for a Runge-Kutta step). The default budget lasts about 7 s
#: of replicator dynamics (measured: 7 players with two strategies each, 537,600 units, 3.8 s);
#: every bundled game takes under 230,000 units; 13 players with two strategies each would take
#: hours, and stop after a few steps.
VALUES_PER_UNIT = 2_000


@dataclass(frozen=True)
class BasinShares:
    """Share of random starting points from which a dynamic reaches each equilibrium.

    ``shares[k]`` belongs to the ``k``-th equilibrium given (``None`` when it is not a state of
    the dynamic, e.g. an asymmetric equilibrium under one-population dynamics); ``unresolved``
    is the share that reached none of them (cycles, slow drift, or equilibria not listed).
    """

    dynamics: str
    population: str
    samples: int
    seed: int
    tol: float
    horizon: float
    shares: tuple
    unresolved: float
    standard_errors: tuple = field(default=())

    def to_dict(self) -> dict:
        return {"dynamics": self.dynamics, "population": self.population, "samples": self.samples,
                "seed": self.seed, "tol": self.tol, "horizon": self.horizon,
                "shares": list(self.shares), "standard_errors": list(self.standard_errors),
                "unresolved": self.unresolved}


def _payoff_functions(u: np.ndarray):
    """For each player, a function of a batch profile (list of ``(K, m_j)``) giving the
    ``(K, m_i)`` payoffs of its pure strategies: the others' joint distribution (an outer
    product) times the player's payoff table, one matrix product per player."""
    n = u.shape[0]
    funcs = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        table = np.moveaxis(u[i], i, -1).reshape(-1, u.shape[1 + i])

        def f(profile, others=others, table=table):
            joint = profile[others[0]]
            for j in others[1:]:
                joint = (joint[:, :, None] * profile[j][:, None, :]).reshape(joint.shape[0], -1)
            return joint @ table

        funcs.append(f)
    return funcs


def _step_replicator(profile, funcs, h):
    def rhs(prof):
        out = []
        for i, f in enumerate(funcs):
            v = f(prof)
            x = prof[i]
            out.append(x * (v - (x * v).sum(axis=1, keepdims=True)))
        return out

    k1 = rhs(profile)
    k2 = rhs([x + 0.5 * h * k for x, k in zip(profile, k1)])
    k3 = rhs([x + 0.5 * h * k for x, k in zip(profile, k2)])
    k4 = rhs([x + h * k for x, k in zip(profile, k3)])
    new = []
    for x, a, b, c, d in zip(profile, k1, k2, k3, k4):
        y = np.clip(x + h / 6 * (a + 2 * b + 2 * c + d), 0.0, None)
        new.append(y / y.sum(axis=1, keepdims=True))
    return new


def _best_reply(v: np.ndarray) -> np.ndarray:
    top = v.max(axis=1, keepdims=True)
    best = (v >= top - 1e-12).astype(float)
    return best / best.sum(axis=1, keepdims=True)


def _step_best_response(profile, funcs, h):
    targets = [_best_reply(f(profile)) for f in funcs]
    return [x + h * (b - x) for x, b in zip(profile, targets)]


def _symmetric(u: np.ndarray) -> bool:
    return u.shape[0] == 2 and u.shape[1] == u.shape[2] and np.array_equal(u[1], u[0].T)


def simulate(payoffs: np.ndarray, starts: list[np.ndarray], dynamics: str = "replicator",
             horizon: float = 200.0, one_population: bool = False) -> dict[str, list[np.ndarray]]:
    """Paths of ``dynamics`` from a batch of starting profiles (each ``(K, m_i)``).

    Returns, per player, the end points (``"end"``), the time averages over the last quarter of
    the horizon (``"mean"``) and the envelope of that stretch (``"low"``, ``"high"``).
    ``payoffs`` is a float array with absolute axes; it is rescaled to range 1 first.
    """
    u = np.asarray(payoffs, dtype=float)
    span = float(u.max() - u.min()) or 1.0
    u = (u - u.min()) / span
    if one_population:
        a = u[0]

        def f(prof):
            return prof[0] @ a.T

        funcs = [f]
        profile = [starts[0].copy()]
    else:
        funcs = _payoff_functions(u)
        profile = [s.copy() for s in starts]
    if dynamics == "replicator":
        h, step = 0.2, _step_replicator
    elif dynamics == "best-response":
        h, step = 0.01, _step_best_response
    else:
        raise ValueError(f"unknown dynamics '{dynamics}'; choose from {', '.join(DYNAMICS)}")
    steps = int(round(horizon / h))
    tail = steps - steps // 4
    from convenience.budget import RAISE_BUDGET, budget

    spend = budget(f"{dynamics} dynamics of the stability measures (units: {VALUES_PER_UNIT:,} payoff values "
                   "read; each step reads every payoff once per starting point)",
                   remedies=(RAISE_BUDGET, "analyse a game with fewer players or strategies"))
    per_step = max(1, (4 if dynamics == "replicator" else 1) * len(profile[0]) * u.size // VALUES_PER_UNIT)
    total = [np.zeros_like(x) for x in profile]
    low = [np.ones_like(x) for x in profile]
    high = [np.zeros_like(x) for x in profile]
    for k in range(steps):
        spend.charge(per_step, found=lambda: [f"{k:,} of {steps:,} steps of {len(profile[0]):,} paths"])
        profile = step(profile, funcs, h)
        if k >= tail:
            for t, lo, hi, x in zip(total, low, high, profile):
                t += x
                np.minimum(lo, x, out=lo)
                np.maximum(hi, x, out=hi)
    mean = [t / (steps - tail) for t in total]
    out = {"end": profile, "mean": mean, "low": low, "high": high}
    if one_population:
        out = {k: [v[0], v[0]] for k, v in out.items()}
    return out


def basin_shares(game: GameOrPayoffs, equilibria, dynamics: str = "replicator", samples: int = 400, seed: int = 0,
                 tol: float = 0.01, horizon: float | None = None, population: str = "auto") -> BasinShares:
    """Share of uniformly random starting points from which ``dynamics`` reaches each equilibrium.

    ``equilibria`` are ``Equilibrium`` objects or profiles (tuples of probability vectors);
    ``population`` is ``"auto"`` (one population for symmetric two-player games), ``"one"`` or
    ``"n"``. ``horizon`` defaults to 200 (replicator) or 30 (best response) time units.
    """
    if horizon is None:
        horizon = 200.0 if dynamics == "replicator" else 30.0
    u = payoff_array(game)
    profiles = [tuple(np.asarray(x, dtype=float) for x in getattr(e, "profile", e)) for e in equilibria]
    one = population == "one" or (population == "auto" and _symmetric(u))
    if one and not _symmetric(u):
        raise ValueError("one-population dynamics need a symmetric two-player game")
    rng = np.random.default_rng(seed)
    sizes = u.shape[1:]
    if one:
        starts = [rng.dirichlet(np.ones(sizes[0]), size=samples)]
    else:
        starts = [rng.dirichlet(np.ones(m), size=samples) for m in sizes]
    path = simulate(u, starts, dynamics, horizon, one_population=one)
    reached = np.zeros(samples, dtype=bool)
    shares: list[float | None] = []
    errors: list[float | None] = []
    for prof in profiles:
        if one and not np.allclose(prof[0], prof[1], atol=1e-12):
            shares.append(None)
            errors.append(None)
            continue
        hit = np.ones(samples, dtype=bool)
        for i, x in enumerate(prof):
            if dynamics == "replicator":
                hit &= np.abs(path["end"][i] - x).max(axis=1) < tol
            else:
                hit &= np.abs(path["mean"][i] - x).max(axis=1) < tol
                hit &= (path["low"][i] > x - ENVELOPE).all(axis=1) & (path["high"][i] < x + ENVELOPE).all(axis=1)
        reached |= hit
        s = float(hit.mean())
        shares.append(s)
        errors.append(float(np.sqrt(s * (1 - s) / samples)))
    return BasinShares(dynamics, "one" if one else "n", samples, seed, tol, horizon, tuple(shares),
                       float(1 - reached.mean()), tuple(errors))
