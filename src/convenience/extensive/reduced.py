"""The reduced normal form of a tree, and back from mixed to behaviour strategies.

A pure strategy assigns an action to every information set of its player; the **reduced**
normal form keeps one strategy per *plan*: actions only at the information sets the player's
own earlier actions do not exclude (strategies differing only at excluded sets are payoff
equivalent). With perfect recall each information set ``h`` has a unique own parent sequence
(the player's last action before it), and plans are enumerated down that sequence tree.
Without perfect recall every information set is decided (the full normal form).

Kuhn's theorem turns a mixed strategy over plans into a realization-equivalent behaviour
strategy: ``P(a at h) = P(plans choosing a at h) / P(plans reaching h)``. Information sets no
plan in the support reaches are irrelevant to every payoff; they get the uniform filler and
are listed as unreached.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from convenience.errors import InputError, Option
from convenience.extensive.behaviour import last_own_sequence, reach_products, uniform_strategy
from convenience.extensive.tree import GameTree
from convenience.game import is_parametric
from convenience.normal_form import NormalFormGame

#: Largest number of strategy profiles of a reduced normal form built from a tree.
MAX_PROFILES = 1_000_000


@dataclass(frozen=True, eq=False)
class ReducedForm:
    """A tree's reduced normal form with each player's plans (``{infoset: action}`` dicts)."""

    tree: GameTree
    game: NormalFormGame
    plans: tuple[tuple[dict, ...], ...]
    reduced: bool  # False: full normal form (imperfect recall)

    def behaviour(self, profile: tuple) -> tuple[np.ndarray, frozenset]:
        """Behaviour vector realization-equivalent to a mixed profile over plans.

        Returns the flat vector and the set of information sets no used plan reaches.
        """
        tree = self.tree
        strategy = uniform_strategy(tree)
        off = tree.action_offset
        unreached = set()
        for i, (plans, mix) in enumerate(zip(self.plans, profile)):
            for h in map(int, np.flatnonzero(tree.infoset_player == i)):
                k = int(tree.infoset_size[h])
                mass = [tree.zero() for _ in range(k)]
                for plan, p in zip(plans, mix):
                    if p and h in plan:
                        mass[plan[h]] = mass[plan[h]] + p
                total = sum(mass, tree.zero())
                if total == 0:
                    unreached.add(h)
                    continue
                strategy[off[h]:off[h + 1]] = [m / total for m in mass]
        return strategy, frozenset(unreached)


def plans_of(tree: GameTree, player: int) -> tuple[list[dict], bool]:
    mine = [int(h) for h in np.flatnonzero(tree.infoset_player == player)]
    if tree.recall_problem is not None:
        plans: list[dict] = [{}]
        for h in mine:
            plans = [{**p, h: a} for p in plans for a in range(int(tree.infoset_size[h]))]
            if len(plans) > MAX_PROFILES:
                break
        return plans, False
    seq = last_own_sequence(tree, player)
    children: dict[int, list[int]] = {}
    for h in mine:
        children.setdefault(int(seq[tree.infoset_first_node[h]]), []).append(h)

    def expand(todo: list[int]) -> list[dict]:
        if not todo:
            return [{}]
        h, rest = todo[0], todo[1:]
        out = []
        for a in range(int(tree.infoset_size[h])):
            below = children.get(int(tree.action_offset[h]) + a, [])
            for sub in expand(below + rest):
                plan = {h: a}
                plan.update(sub)
                out.append(plan)
                if len(out) > MAX_PROFILES:
                    return out
        return out

    return expand(children.get(-1, [])), True


def _plan_label(tree: GameTree, plan: dict, player: int) -> str:
    hs = [h for h in np.flatnonzero(tree.infoset_player == player)]
    if len(hs) == 1 and hs[0] in plan:
        return tree.infosets[hs[0]].actions[plan[hs[0]]]
    return ", ".join(f"{tree.infosets[h].label}: {tree.infosets[h].actions[a]}" for h, a in sorted(plan.items()))


@dataclass(frozen=True, eq=False)
class ReducedLayout:
    """What the reduced normal forms of all trees of one structure share: each player's plans,
    whether they are reduced, which terminals each profile of plans reaches (``rows``), the
    shape and the strategies' names. Only the payoffs depend on the tree's numbers."""

    plans: tuple[tuple[dict, ...], ...]
    reduced: tuple[bool, ...]
    rows: np.ndarray
    shape: tuple[int, ...]
    strategies: tuple[tuple[str, ...], ...]


def reduce_tree(tree: GameTree, layout: ReducedLayout | None = None) -> ReducedForm:
    """The reduced normal form (full normal form for imperfect recall) with its plans.

    ``layout``: the :func:`reduced_layout` of a tree of the same structure (the same tree at
    other parameter values), when known; only the payoffs are then weighed."""
    if layout is None:
        layout = reduced_layout(tree)
    plans, rows, shape, strategies = layout.plans, layout.rows, layout.shape, layout.strategies
    z = tree.terminals
    chance = reach_products(tree, tree.prob)[z]
    n = tree.n_players
    if tree.is_exact:
        weights = np.empty((z.size, n), dtype=object)
        for col, t in enumerate(z):
            weights[col] = [chance[col] * tree.payoffs[t, i] for i in range(n)]
        payoffs = np.empty((n, *shape), dtype=object)
        for i in range(n):
            flat = np.array([sum((w for r, w in zip(row, weights[:, i]) if r), Fraction(0)) for row in rows],
                            dtype=object)
            payoffs[i] = flat.reshape(shape)
    else:
        weights = np.asarray(chance, dtype=float)[:, None] * np.asarray(tree.payoffs[z], dtype=float)
        payoffs = np.stack([(rows @ weights[:, i]).reshape(shape) for i in range(n)])
    game = NormalFormGame(tree.players, strategies, payoffs, tree.title)
    return ReducedForm(tree, game, plans, all(layout.reduced))


def reduced_layout(tree: GameTree) -> ReducedLayout:
    """The plans of each player, the terminals each profile of plans reaches and the
    strategies' names: the part of the reduced normal form that depends only on the tree's
    structure."""
    plans, reduced = zip(*(plans_of(tree, i) for i in range(tree.n_players))) if tree.n_players else ((), ())
    total = 1
    for p in plans:
        total *= len(p)
        if total > MAX_PROFILES:
            raise InputError(f"the (reduced) normal form has more than {MAX_PROFILES:,} strategy profiles; "
                             "use the sequence-form or subgame methods", file=tree.file, key=Option("method"))
    z = tree.terminals
    # which plans of each player are compatible with each terminal
    compat = []
    for i, player_plans in enumerate(plans):
        need: list[list[tuple[int, int]]] = [[] for _ in range(tree.n_nodes)]
        for v in range(1, tree.n_nodes):
            u = int(tree.parent[v])
            need[v] = need[u] + ([(int(tree.infoset[u]), int(tree.action[v]))] if tree.mover[u] == i else [])
        m = np.zeros((len(player_plans), z.size), dtype=np.int64)
        for s, plan in enumerate(player_plans):
            for col, t in enumerate(z):
                m[s, col] = all(plan.get(h) == a for h, a in need[t])
        compat.append(m)
    rows = compat[0]
    for m in compat[1:]:
        rows = (rows[:, None, :] * m[None, :, :]).reshape(-1, z.size)
    strategies = tuple(tuple(_plan_label(tree, plan, i) for plan in player_plans)
                       for i, player_plans in enumerate(plans))
    return ReducedLayout(tuple(tuple(p) for p in plans), tuple(reduced), rows, tuple(len(p) for p in plans),
                   tuple(_unique(s) for s in strategies))


def _unique(labels: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return tuple(out)


def reduced_normal_form(tree: Any) -> NormalFormGame:
    """The reduced normal form of a tree (numeric or parametric, at its baseline)."""
    if is_parametric(tree):
        tree = tree.at()
    return reduce_tree(tree).game


__all__ = ["ReducedForm", "ReducedLayout", "reduce_tree", "reduced_layout", "reduced_normal_form", "MAX_PROFILES"]
