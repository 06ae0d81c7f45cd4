"""Backward induction (Zermelo; Kuhn 1953) on flat arrays, with every tie reported.

In a game of perfect information a subgame-perfect equilibrium picks, at every decision
node, an action that is best for the mover given the play already fixed below it; chance
nodes average their children. :func:`backward_induction` does this one depth level at a time,
deepest first, with numpy segment reductions (``maximum.reduceat``) over the children of all
nodes of a level at once: no recursion and no per-node Python work, so a million-node tree
takes milliseconds.

Ties are never resolved silently. A node where two or more actions are optimal is flagged;
:func:`all_subgame_perfect` then enumerates the distinct subgame-perfect profiles
(every combination of optimal choices, re-optimising above each tie because a different
choice may change the values there) up to ``MAX_SPE`` profiles, and reports when the cap
was reached.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from convenience.extensive.tree import CHANCE, GameTree

#: Most subgame-perfect profiles enumerated when ties make several.
MAX_SPE = 64
#: Relative tolerance under which two float payoffs count as tied.
TIE_TOL = 1e-12


@dataclass(frozen=True, eq=False)
class Induction:
    """The arrays of one backward-induction pass.

    ``value[v]``: expected payoff vector of the subgame at ``v``; ``choice[v]``: the action
    index chosen at decision node ``v`` (the first optimal one; -1 elsewhere); ``tied[v]``:
    more than one action is optimal at ``v``. Exact trees are solved on their payoffs as whole
    numbers (:attr:`~convenience.extensive.tree.GameTree.scaled_payoffs`): ``scaled`` holds
    the values times ``scale``, and ``value`` the fractions, made when first asked for.
    """

    scaled: np.ndarray
    choice: np.ndarray
    tied: np.ndarray
    scale: int = 1
    exact: bool = False

    @cached_property
    def value(self) -> np.ndarray:
        if not self.exact:
            return self.scaled
        value = np.empty(self.scaled.shape, dtype=object)
        value.ravel()[:] = [Fraction(x, self.scale) if type(x) is int else x / self.scale
                            for x in self.scaled.ravel()]
        return value

    @property
    def n_ties(self) -> int:
        return int(self.tied.sum())


def backward_induction(tree: GameTree) -> Induction:
    """One subgame-perfect profile of a perfect-information tree, level by level.

    Requires every decision node to be a singleton information set (see
    :func:`convenience.extensive.subgames.subgame_perfect` for the general case).
    """
    n, players = tree.n_nodes, tree.n_players
    exact = tree.is_exact
    denominator = 1
    if exact:
        value, denominator = tree.scaled_payoffs
        value = value.copy()
    else:
        value = tree.payoffs.copy()
    choice = np.full(n, -1, dtype=np.int64)
    tied = np.zeros(n, dtype=bool)
    scale = 1.0 if exact else max(1.0, float(np.abs(tree.payoffs).max(initial=0.0)))
    tol = 0 if exact else TIE_TOL * scale
    levels = tree.levels
    widths = np.diff(levels)
    index = np.arange(int(widths.max()) if widths.size else 1)
    big = np.iinfo(np.int64).max
    for lo, hi, nxt, inner in tree.inner_levels_bottom_up():
        kids = tree.n_children[inner]
        starts = tree.first_child[inner] - hi  # offsets inside the next level
        movers = tree.mover[inner]
        child_values = value[hi:nxt]
        own = np.repeat(movers, kids)
        np.maximum(own, 0, out=own)  # chance parents: any column (their choice is not used)
        key = child_values[index[:nxt - hi], own]
        best = np.maximum.reduceat(key, starts)
        at_best = key >= np.repeat(best, kids) - tol if tol else key >= np.repeat(best, kids)
        hits = np.flatnonzero(at_best)
        if hits.size == inner.size:  # exactly one best action everywhere: no ties on this level
            first = hits - starts
            count = None
        else:
            local = index[:nxt - hi] - np.repeat(starts, kids)
            first = np.minimum.reduceat(np.where(at_best, local, big), starts)
            count = np.add.reduceat(at_best.astype(np.int64), starts)
        decision = movers >= 0
        new_value = child_values[starts + first]
        chance = np.flatnonzero(~decision)
        if chance.size:
            c_kids = kids[chance]
            offsets = np.concatenate(([0], np.cumsum(c_kids)[:-1]))
            rows = np.repeat(starts[chance] - offsets, c_kids) + np.arange(int(c_kids.sum()))
            weighted = child_values[rows] * tree.prob[hi + rows][:, None]
            new_value[chance] = np.add.reduceat(weighted, offsets, axis=0)
        value[inner] = new_value
        choice[inner[decision]] = first[decision]
        if count is not None:
            tied[inner[decision]] = count[decision] > 1
    if players and not exact:
        value = value.astype(float)
    return Induction(value, choice, tied, denominator, exact)


def _subtree_has_tie(tree: GameTree, tied: np.ndarray) -> np.ndarray:
    """``below[v]``: some node in the subtree of ``v`` (itself included) is tied."""
    below = tied.copy()
    levels = tree.levels
    for d in range(len(levels) - 2, 0, -1):
        lo, hi = int(levels[d]), int(levels[d + 1])
        hit = np.flatnonzero(below[lo:hi]) + lo
        below[tree.parent[hit]] = True
    return below


def all_subgame_perfect(tree: GameTree, induction: Induction | None = None,
                        cap: int = MAX_SPE) -> tuple[list[np.ndarray], bool]:
    """Every subgame-perfect choice vector (up to ``cap``) and whether the cap cut the list.

    Subtrees without ties keep the single choice found by :func:`backward_induction`; above
    ties the enumeration recomputes which actions are optimal for each combination of choices
    below. Returns a list of ``choice`` arrays (action index per decision node, -1 elsewhere).
    """
    if induction is None:
        induction = backward_induction(tree)
    if not induction.tied.any():
        return [induction.choice], False
    below = _subtree_has_tie(tree, induction.tied)
    exact = tree.is_exact
    tol = 0 if exact else TIE_TOL * max(1.0, float(np.abs(tree.payoffs).max(initial=0.0)))
    truncated = False

    def solve(v: int) -> list[tuple[Any, dict]]:
        """Distinct (value, overrides) pairs of subgame-perfect play in the subtree of ``v``."""
        nonlocal truncated
        if not below[v]:
            return [(induction.value[v], {})]
        kids = list(tree.children(v))
        options = [solve(c) for c in kids]
        out: list[tuple[Any, dict]] = []
        mover = int(tree.mover[v])
        for combo in itertools.product(*options):
            if len(out) >= cap:
                truncated = True
                break
            merged: dict = {}
            for _, over in combo:
                merged.update(over)
            if mover == CHANCE:
                total = sum((tree.prob[c] * val for c, (val, _) in zip(kids, combo)), tree.payoffs[v] * 0)
                out.append((total, merged))
                continue
            keys = [val[mover] for val, _ in combo]
            best = max(keys)
            for a, (val, _) in enumerate(combo):
                if keys[a] >= best - tol:
                    over = dict(merged)
                    over[v] = a
                    out.append((val, over))
                    if len(out) >= cap:
                        truncated = truncated or a < len(combo) - 1
                        break
        return out

    found = solve(0)
    profiles = []
    for _, over in found[:cap]:
        choice = induction.choice.copy()
        for v, a in over.items():
            choice[v] = a
        profiles.append(choice)
    return profiles, truncated


def choice_to_strategy(tree: GameTree, choice: np.ndarray) -> np.ndarray:
    """Behaviour vector (see :mod:`convenience.extensive.behaviour`) of a node choice array."""
    from convenience.extensive.behaviour import pure_strategy

    nodes = tree.infoset_first_node
    return pure_strategy(tree, choice[nodes])


def tie_descriptions(tree: GameTree, induction: Induction, limit: int = 20) -> list[str]:
    """``"Incumbent is indifferent at In between Fight and Accommodate"`` for tied nodes."""
    out = []
    for v in np.flatnonzero(induction.tied)[:limit]:
        mover = int(tree.mover[v])
        vals = [induction.value[c][mover] for c in tree.children(v)]
        best = max(vals)
        tol = 0 if tree.is_exact else TIE_TOL * max(1.0, abs(float(best)))
        acts = [a for a, x in zip(tree.actions_at(v), vals) if x >= best - tol]
        out.append(f"{tree.players[mover]} is indifferent at {tree.node_label(int(v))} between "
                   f"{', '.join(acts)}")
    extra = int(induction.tied.sum()) - limit
    if extra > 0:
        out.append(f"... and {extra} more tied nodes")
    return out


__all__ = ["Induction", "backward_induction", "all_subgame_perfect", "choice_to_strategy",
           "tie_descriptions", "MAX_SPE"]
