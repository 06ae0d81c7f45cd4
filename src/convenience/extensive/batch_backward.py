"""Backward induction over many parameter points of a parametric perfect-information tree.

:func:`draw_payoffs` evaluates the tree's payoffs and chance probabilities at every point in
one array operation per node; :func:`backward_choices` hands them to the batched backward
induction (:func:`~convenience.extensive.batch.batch_backward_induction`) and returns the
action chosen at every decision node for every point, and whether every choice at that point
was clear (no tie, every value a finite number).

Where every choice is clear, the subgame-perfect equilibrium is unique and pure and plays
exactly those actions; a point with a choice that is not clear is one the caller must solve
exactly. Node numbers are those of :func:`~convenience.extensive.tree.build_tree` (breadth
first).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from convenience.extensive.parametric_tree import ParametricTree

def _column(expr: Any, values: Mapping[str, Any], n: int) -> np.ndarray:
    with np.errstate(all="ignore"):
        if hasattr(expr, "evaluate"):
            try:
                result = expr.with_float_constants().evaluate(values)
            except (ArithmeticError, ValueError, TypeError):
                return np.full(n, np.nan)
        else:
            result = expr
        return np.broadcast_to(np.asarray(result, dtype=float), (n,)).astype(float)


def draw_payoffs(game: ParametricTree, values: Mapping[str, Any], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The parametric tree's payoffs and chance probabilities at ``n`` points, laid out as a
    :class:`~convenience.extensive.tree.GameTree`'s: ``payoffs`` ``(nodes, players, n)`` (a
    terminal holds the sum of the outcomes on its path) and ``prob`` ``(nodes, n)``; a value
    that cannot be computed at a point is NaN there."""
    players = {p: i for i, p in enumerate(game.players)}
    nodes = [game.root]
    parents = [-1]
    k = 0
    while k < len(nodes):  # breadth first, as build_tree numbers the nodes
        for child in nodes[k].children:
            nodes.append(child)
            parents.append(k)
        k += 1
    payoffs = np.zeros((len(nodes), len(players), n))
    prob = np.ones((len(nodes), n))
    running: list[Any] = [None] * len(nodes)
    first = 1
    for v, node in enumerate(nodes):
        total = np.zeros((len(players), n)) if v == 0 else running[parents[v]].copy()
        for name, expr in node.payoffs.items():
            total[players[name]] += _column(expr, values, n)
        running[v] = total
        if not node.children:
            payoffs[v] = total
        for a, expr in enumerate(node.probs if node.kind == "chance" else ()):
            prob[first + a] = _column(expr, values, n)
        first += len(node.children)
    return payoffs, prob


def backward_choices(game: ParametricTree, values: Mapping[str, Any], n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(choices, clear)`` for the parametric perfect-information tree ``game`` at ``n`` points.

    ``values`` maps every parameter to an array of ``n`` values (or one number). ``choices``
    has one row per node (breadth first) holding the index of the action taken at each point
    (-1 at chance and terminal nodes); ``clear[k]`` says whether every choice at point ``k`` was
    clear: every payoff and probability a finite number and no tie
    (:func:`~convenience.extensive.batch.batch_backward_induction` does the induction).
    """
    from convenience.extensive.batch import batch_backward_induction

    payoffs, prob = draw_payoffs(game, values, n)
    finite = np.isfinite(payoffs).all(axis=(0, 1)) & np.isfinite(prob).all(axis=0)
    induction = batch_backward_induction(game.at(), np.where(np.isfinite(payoffs), payoffs, 0.0),
                                         np.where(np.isfinite(prob), prob, 0.0))
    return np.asarray(induction.choice, dtype=np.int64), finite & ~induction.any_tie


__all__ = ["backward_choices", "draw_payoffs"]
