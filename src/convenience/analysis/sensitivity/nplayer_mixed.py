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
  game this is the quadratic of :func:`convenience.solvers.batch.solve_2x2x2`.
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
"numbers" that may be numpy arrays (a batch of games), :class:`~convenience.analysis.sensitivity.surd.Surd`
(exact numbers ``a + b sqrt(d)``, so the candidate is verified with regret exactly zero) or
polynomials in the parameters (the symbolic analysis); polynomials in ``r`` and their roots
are in :mod:`convenience.analysis.sensitivity.pivot_roots`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from math import comb, prod
from typing import Any

import numpy as np

from convenience.analysis.sensitivity.pivot_roots import (
    cofactor_weights, numeric_roots, padd, peval, pmul, polish, pscale, psub, quadratic_branch,
)
from convenience.analysis.sensitivity.surd import exact_sign


#: Support profiles where three or more players mix are tracked when at most this many.
MAX_NPLAYER_SUPPORTS = 200


#: Largest support for the pivot shape ``(k, k, 2)`` (degree ``2(k - 1)`` in the pivot).
MAX_PIVOT_SUPPORT = 3

REGRET_TOL = 1e-9


# -- which support profiles ----------------------------------------------------------------------
@dataclass(frozen=True)
class MixedSystem:
    """How the indifference system of one support profile (three players mixing) is solved."""

    support: tuple[tuple[int, ...], ...]
    kind: str  # "pivot" or "lead"
    roles: tuple[int, int, int]  # (i, j, m): m the pivot; for "lead", i the lead player
    degree: int


def system_of(support: tuple[tuple[int, ...], ...]) -> MixedSystem | None:
    """The roles (lead, partner, pivot) of a support profile where exactly three players mix, or None."""
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
        system = system_of(tuple(support))
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
        ci, cj = pivot_weights(tables, system)
        F: list = [0]
        for a in range(len(S[i])):
            for b in range(len(S[j])):
                g = tables.value(m, S[m][0], {i: a, j: b}) - tables.value(m, S[m][1], {i: a, j: b})
                F = padd(F, pscale(pmul(ci[a], cj[b]), g))
        return F
    (a1, b1), (a2, b2) = lead_lines(tables, system)
    return psub(pmul(a1, b2), pmul(a2, b1))


def pivot_weights(tables: Tables, system: MixedSystem) -> tuple[list, list]:
    """The lead's and the partner's payoff tables as polynomials in the pivot probability ``r``."""
    i, j, m = system.roles
    S = tables.support
    Mi = [[_pivot_poly(tables, i, S[i][a], {j: b}, m) for b in range(len(S[j]))] for a in range(len(S[i]))]
    Mj = [[_pivot_poly(tables, j, S[j][b], {i: a}, m) for a in range(len(S[i]))] for b in range(len(S[j]))]
    return cofactor_weights(Mj), cofactor_weights(Mi)  # (i's weights, j's weights)


def lead_lines(tables: Tables, system: MixedSystem) -> list[tuple[list, list]]:
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
        ci, cj = pivot_weights(tables, system)
        for player, weights in ((i, ci), (j, cj)):
            values = [peval(w, r) for w in weights]
            total = sum(values[1:], values[0])
            out[player] = [v / total for v in values]
        return out
    (a1, b1), (a2, b2) = lead_lines(tables, system)
    va1, vb1, va2, vb2 = (peval(f, r) for f in (a1, b1, a2, b2))
    if isinstance(r, np.ndarray):  # the better conditioned of the two equations, sample by sample
        with np.errstate(all="ignore"):
            q = np.where(np.abs(vb1) >= np.abs(vb2), -va1 / vb1, -va2 / vb2)
    else:
        q = -va1 / vb1 if exact_sign(vb1) != 0 else -va2 / vb2
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
