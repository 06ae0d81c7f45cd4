"""Backward induction for many payoff draws of one perfect-information tree at once.

Robustness analysis solves the same tree for thousands of parameter draws. Instead of one
:func:`~convenience.extensive.backward.backward_induction` per draw, :func:`batch_backward_induction`
carries a last *sample* axis through the same level-by-level segment reductions: one pass over
the tree's depth solves every draw. The tree's shape (movers, children, levels) is shared;
payoffs, and optionally chance probabilities, vary by draw.

Ties are flagged per draw (``tied``), never resolved silently: the ``choice`` at a tied node
is the first optimal action, as in the one-game solver, and callers that need every
subgame-perfect profile of a tied draw solve that draw alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convenience.extensive.backward import TIE_TOL
from convenience.extensive.tree import GameTree


@dataclass(frozen=True, eq=False)
class BatchInduction:
    """Arrays of one batched pass: ``value`` ``(nodes, players, samples)``, ``choice`` and ``tied``
    ``(nodes, samples)`` (``choice`` is -1 at chance and terminal nodes)."""

    value: np.ndarray
    choice: np.ndarray
    tied: np.ndarray

    @property
    def root_value(self) -> np.ndarray:
        """Expected payoffs of the subgame-perfect play, ``(players, samples)``."""
        return self.value[0]

    @property
    def any_tie(self) -> np.ndarray:
        """Per draw: True when some decision node had several optimal actions."""
        return np.asarray(self.tied.any(axis=0))


def batch_backward_induction(tree: GameTree, payoffs: np.ndarray, prob: np.ndarray | None = None) -> BatchInduction:
    """Subgame-perfect play of ``tree`` for every draw of its payoffs.

    ``payoffs`` has shape ``(nodes, players, samples)``: each terminal's payoff vector per draw,
    laid out as :attr:`GameTree.payoffs` (a terminal holds the sum of the outcomes on its
    path; inner rows are ignored). ``prob`` gives chance probabilities per node, shape
    ``(nodes,)`` or ``(nodes, samples)``; by default the tree's own. Perfect information is
    required.
    """
    if len(tree.infosets) != int(np.count_nonzero(tree.mover >= 0)):
        raise ValueError("batch backward induction needs a perfect-information tree")
    payoffs = np.asarray(payoffs, dtype=float)
    n, players = tree.n_nodes, tree.n_players
    if payoffs.ndim != 3 or payoffs.shape[:2] != (n, players):
        raise ValueError(f"payoffs must have shape ({n}, {players}, samples), got {payoffs.shape}")
    samples = payoffs.shape[2]
    prob = np.asarray(tree.prob if prob is None else prob, dtype=float)
    if prob.ndim == 1:
        prob = prob[:, None]
    value = payoffs.copy()
    choice = np.full((n, samples), -1, dtype=np.int32)
    tied = np.zeros((n, samples), dtype=bool)
    tol = TIE_TOL * max(1.0, float(payoffs.max(initial=0.0)), -float(payoffs.min(initial=0.0)))
    for lo, hi, nxt, inner in tree.inner_levels_bottom_up():
        kids = tree.n_children[inner]
        width = int(kids.max())
        slots = np.arange(width)
        valid = slots[None, :] < kids[:, None]  # (k, width): padded child slots
        rows = np.where(valid, (tree.first_child[inner] - hi)[:, None] + slots[None, :], 0)  # rows of child_values
        movers = tree.mover[inner]
        child_values = value[hi:nxt]  # (m, players, samples)
        decision = np.flatnonzero(movers >= 0)
        new_value = np.empty((inner.size, players, samples))
        if decision.size:
            key = child_values[rows[decision], movers[decision][:, None], :]  # (kd, width, samples)
            key[~valid[decision]] = -np.inf
            first = key.argmax(axis=1)  # the first optimal action, as the one-game solver picks
            best = np.take_along_axis(key, first[:, None, :], axis=1)
            count = (key >= best - tol).sum(axis=1)
            picked = np.take_along_axis(rows[decision][:, :, None], first[:, None, :], axis=1)[:, 0, :]  # (kd, samples)
            for i in range(players):
                new_value[decision, i, :] = np.take_along_axis(child_values[:, i, :], picked, axis=0)
            choice[inner[decision]] = first
            tied[inner[decision]] = count > 1
        chance = np.flatnonzero(movers < 0)
        if chance.size:
            weights = np.where(valid[chance][:, :, None], prob[hi + rows[chance]], 0.0)  # (kc, width, 1 or samples)
            new_value[chance] = np.einsum("kwps,kws->kps", child_values[rows[chance]],
                                          np.broadcast_to(weights, (chance.size, width, samples)))
        value[inner] = new_value
    return BatchInduction(value, choice, tied)
