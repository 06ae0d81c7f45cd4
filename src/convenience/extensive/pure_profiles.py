"""Exact checks of pure profiles on trees, level by level instead of over sequences.

A pure behaviour profile (one action with probability one at every information set) is what
backward induction returns, and on a tree of perfect information its regret needs no
sequence form: going up the tree level by level, each node gets the payoffs of the profile
(the chosen child's, or the chance average) and each player's best-response payoff (the best
child's for the player moving there, the chosen child's for the others, the chance average at
chance nodes). A player's regret is the root's best-response payoff minus the profile's, as
:func:`~convenience.extensive.behaviour.regrets` computes it over sequences (Kuhn), but with
exact arithmetic only at chance nodes: choices are copies and maxima comparisons, made on the
payoffs as whole numbers over their common denominator.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from convenience.extensive.tree import CHANCE, GameTree


def pure_choice(tree: GameTree, strategy: np.ndarray) -> np.ndarray | None:
    """The action index chosen at each information set when the exact behaviour vector
    ``strategy`` is pure (every entry 0 or 1, one 1 per set); None otherwise."""
    one = np.asarray(strategy == 1, dtype=bool)
    if not (one | np.asarray(strategy == 0, dtype=bool)).all():
        return None
    offsets = tree.action_offset
    if strategy.size and (np.add.reduceat(one.astype(np.int64), offsets[:-1]) != 1).any():
        return None
    return np.flatnonzero(one) - offsets[:-1]


def pure_values(tree: GameTree, choice: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The root's payoffs under the pure profile ``choice`` (one action per information set) and
    each player's best-response payoff against it, on an exact tree of perfect information."""
    scaled, scale = tree.scaled_payoffs  # whole numbers: fast comparisons, the same order
    value = scaled.copy()
    best = scaled.copy()
    players = tree.n_players
    node_choice = np.full(tree.n_nodes, -1, dtype=np.int64)
    decision = np.flatnonzero(tree.mover >= 0)
    node_choice[decision] = choice[tree.infoset[decision]]
    for _, hi, nxt, inner in tree.inner_levels_bottom_up():
        kids = tree.n_children[inner]
        starts = tree.first_child[inner] - hi
        movers = tree.mover[inner]
        mine = movers >= 0
        if mine.any() and players:
            own = np.repeat(np.maximum(movers, 0), kids)
            top = np.maximum.reduceat(best[hi:nxt][np.arange(nxt - hi), own], starts)
            nodes = inner[mine]
            chosen = tree.first_child[nodes] + node_choice[nodes]
            value[nodes] = value[chosen]
            best[nodes] = best[chosen]
            best[nodes, movers[mine]] = top[mine]
        if not mine.all():
            _chance_averages(tree, inner[~mine], value, best)
    return _fractions(value[0], scale), _fractions(best[0], scale)


def _fractions(scaled: np.ndarray, scale: int) -> np.ndarray:
    out = np.empty(scaled.size, dtype=object)
    out[:] = [Fraction(x, scale) if type(x) is int else x / scale for x in scaled]
    return out


def _chance_averages(tree: GameTree, nodes: np.ndarray, value: np.ndarray, best: np.ndarray) -> None:
    """Profile and best-response payoffs of chance ``nodes``: their children's, weighted."""
    kids = tree.n_children[nodes]
    offsets = np.concatenate(([0], np.cumsum(kids)[:-1]))
    rows = np.repeat(tree.first_child[nodes] - offsets, kids) + np.arange(int(kids.sum()))
    weight = tree.prob[rows][:, None]
    value[nodes] = np.add.reduceat(value[rows] * weight, offsets, axis=0)
    best[nodes] = np.add.reduceat(best[rows] * weight, offsets, axis=0)


def positive_reach(tree: GameTree, strategy: np.ndarray) -> dict[int, Any]:
    """Node -> probability of reaching it, for the nodes reached with positive probability
    (exact trees): the same numbers as :func:`~convenience.extensive.behaviour.reach_products`,
    multiplied out only along the paths that are played."""
    reach: dict[int, Any] = {0: Fraction(1)}
    offsets = tree.action_offset
    frontier = [0]
    while frontier:
        nxt = []
        for u in frontier:
            start, k = int(tree.first_child[u]), int(tree.n_children[u])
            if int(tree.mover[u]) == CHANCE:
                moves = tree.prob[start:start + k]
            else:
                h = int(tree.infoset[u])
                moves = strategy[offsets[h]:offsets[h] + k]
            for a, p in enumerate(moves):
                if p > 0:
                    reach[start + a] = reach[u] * p
                    nxt.append(start + a)
        frontier = nxt
    return reach
