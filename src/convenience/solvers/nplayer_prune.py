"""Ruling out support profiles before any polynomial is built.

Support enumeration for N players solves one polynomial system per profile of supports, and
almost every profile has no equilibrium. Three exact tests discard profiles cheaply; each is a
*proof* that no equilibrium has exactly those supports, so no equilibrium is ever lost:

* **Weak dominance on the supports** (:func:`weakly_beaten`). In an equilibrium with exactly
  the supports ``S``, every profile ``c`` of the others' supports ``S_-i`` is played with
  positive probability. If a strategy ``t`` of player ``i`` earns at least as much as a
  support strategy ``s`` against every such ``c``, and more against one, then ``t`` earns
  strictly more than ``s``, which is then no best reply. Degenerate games (the reduced normal
  forms of game trees above all, where a player's choice at an unreached node changes
  nothing) have many such profiles; their polynomial systems are positive-dimensional and
  the most expensive to analyse, so the test comes first.

* **Conditional dominance** (Porter, Nudelman and Shoham, "Simple search methods for finding a
  Nash equilibrium", *Games Econ. Behav.* 63, 2008): a strategy in player ``i``'s support that
  is strictly dominated, pure or mixed, while the others play within their supports
  (``convenience.solvers.nplayer._never_best``).
* **Correlated feasibility** (this module). If some product of mixtures on the others'
  supports ``S_-i`` makes player ``i`` indifferent over ``S_i`` with no better reply outside,
  then so does some probability distribution ``mu`` on ``S_-i`` (the product is one). The
  distributions form a polytope ``{mu >= 0, sum mu = 1, D_s mu = 0 (s in S_i), D_t mu <= 0
  (t outside S_i)}``, with ``D_s(c) = u_i(s, c) - u_i(s0, c)``. By Farkas' lemma it is empty
  exactly when weights ``y_s`` (any sign) and ``z_t >= 0`` make ``sum_s y_s D_s(c) + sum_t
  z_t D_t(c) > 0`` for every opponents' profile ``c``. A linear program (HiGHS, floats)
  proposes such weights; they are rounded to fractions and the strict inequalities checked
  exactly, so a profile is discarded only on an exact certificate. The test contains
  conditional dominance as a special case and depends only on ``(i, S_i, S_-i)``, so it is
  cached.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np


def weakly_beaten(payoffs: np.ndarray, supports) -> bool:
    """Whether some player's support strategy is weakly dominated, strictly somewhere, on the
    others' supports (exact: ``payoffs`` holds integers or Fractions)."""
    for i, S in enumerate(supports):
        m = payoffs.shape[1 + i]
        index = tuple(range(m) if j == i else T for j, T in enumerate(supports))
        table = np.moveaxis(payoffs[i][np.ix_(*index)], i, 0).reshape(m, -1)
        for s in S:
            gain = table - table[s]
            if ((gain >= 0).all(axis=1) & (gain > 0).any(axis=1)).any():
                return True
    return False


def integer_payoffs(payoffs: np.ndarray) -> np.ndarray:
    """Exact payoffs scaled by a common denominator to integers (int64 when they fit), so
    that the comparisons of :func:`weakly_beaten` run at machine speed; they only compare,
    so a common positive scale changes nothing."""
    from math import lcm

    values = [Fraction(v) for v in payoffs.flat]
    scale = lcm(*(v.denominator for v in values)) if values else 1
    scaled = [int(v * scale) for v in values]
    if all(abs(v) < 2**62 for v in scaled):
        return np.array(scaled, dtype=np.int64).reshape(payoffs.shape)
    return np.array(scaled, dtype=object).reshape(payoffs.shape)


def correlated_infeasible(payoffs: np.ndarray, fpayoffs: np.ndarray, i: int, supports, cache: dict) -> bool:
    """Whether no distribution on the others' supports makes ``supports[i]`` a set of equal best
    replies for player ``i`` (an exact Farkas certificate was found)."""
    S = supports[i]
    key = (i, tuple(supports))
    if key in cache:
        return cache[key]
    m = payoffs.shape[1 + i]
    outside = [t for t in range(m) if t not in S]
    rows = list(S[1:]) + outside
    if not rows:
        cache[key] = False
        return False
    index = tuple(range(m) if j == i else T for j, T in enumerate(supports))
    ftable = np.moveaxis(fpayoffs[i][np.ix_(*index)], i, 0).reshape(m, -1)
    D = ftable[rows] - ftable[S[0]]  # one row per weight, one column per opponents' profile
    weights = _farkas_weights(D, len(S) - 1)
    result = False
    if weights is not None:
        table = np.moveaxis(payoffs[i][np.ix_(*index)], i, 0).reshape(m, -1)
        exact = [[table[r][c] - table[S[0]][c] for c in range(table.shape[1])] for r in rows]
        for den in (10**4, 10**8):
            w = [Fraction(v).limit_denominator(den) for v in weights]
            if any(v < 0 for v in w[len(S) - 1:]):
                continue
            if all(sum(wk * row[c] for wk, row in zip(w, exact) if wk) > 0 for c in range(len(exact[0]))):
                result = True
                break
    cache[key] = result
    return result


def _farkas_weights(D: np.ndarray, free: int):
    """Weights (the first ``free`` of any sign, the rest >= 0, all in [-1, 1]) maximising the
    smallest entry of ``weights @ D``; None unless that margin is clearly positive."""
    from scipy.optimize import linprog

    k, cols = D.shape
    c = np.zeros(k + 1)
    c[-1] = -1.0
    # eps - sum_r w_r D[r, c] <= 0 for every column c
    A_ub = np.hstack([-D.T, np.ones((cols, 1))])
    bounds = [(-1.0, 1.0)] * free + [(0.0, 1.0)] * (k - free) + [(None, 1.0)]
    res = linprog(c, A_ub=A_ub, b_ub=np.zeros(cols), bounds=bounds, method="highs")
    scale = max(1.0, float(np.abs(D).max()))
    if res.status != 0 or res.x[-1] <= 1e-9 * scale:
        return None
    return list(res.x[:k])
