"""Exact conditions for subgame perfection in perfect-information game trees.

A pure subgame-perfect equilibrium of a perfect-information tree is a choice at every
decision node such that, at each node, the mover's chosen action is worth at least as much
to it as every alternative, given the choices below (backward induction, written as
inequalities). For each candidate choice profile the values of every subtree are computed
symbolically (payoffs, chance probabilities and incremental outcomes are polynomials or
rational functions of the parameters), giving conditions of the same form as
:mod:`convenience.analysis.sensitivity.symbolic`; thresholds then come from
:func:`convenience.analysis.sensitivity.thresholds.exact_thresholds` unchanged.

Trees with imperfect information, or too many choice profiles, are left to the numerical
path (:mod:`convenience.analysis.sensitivity.generic`).
"""

from __future__ import annotations

import itertools
from math import prod
from typing import Any

import numpy as np

from convenience.analysis.sensitivity.candidates import Support
from convenience.analysis.sensitivity.conditions import (CandidateCondition, NotRational, collect_conditions,
                                                         make_condition, numerator_denominator, to_algebra)
from convenience.analysis.sensitivity.symbolic import SymbolicAnalysis
from convenience.analysis.sensitivity.work import WorkBudget, condition_terms

#: Largest number of pure choice profiles enumerated symbolically.
MAX_PROFILES = 4096


class NotPerfectInformation(Exception):
    """The tree has an information set with several nodes."""


def _decision_nodes(root: Any) -> list[Any]:
    return [node for node in root.walk() if node.kind == "decision"]


def _check_perfect_information(nodes: list[Any]) -> None:
    seen: set = set()
    for node in nodes:
        key = (node.player, node.info) if node.info else None
        if key is not None:
            if key in seen:
                raise NotPerfectInformation(f"information set '{node.info}' has several nodes")
            seen.add(key)


def tree_conditions(tree: Any, *, budget: WorkBudget | None = None) -> SymbolicAnalysis:
    """Exact subgame-perfection conditions of every pure choice profile of a perfect-information
    tree, within the work ``budget`` (default: a fresh one)."""
    budget = WorkBudget() if budget is None else budget
    nodes = _decision_nodes(tree.root)
    _check_perfect_information(nodes)
    count = prod(len(n.actions) for n in nodes)
    if count > MAX_PROFILES:
        raise NotPerfectInformation(f"{count} choice profiles exceed the limit of {MAX_PROFILES}")
    names = tuple(tree.parameters)
    players = tuple(tree.players)
    # convert every payoff and probability expression once
    exprs: list = []
    index: dict = {}
    for node in tree.root.walk():
        for e in list(node.payoffs.values()) + list(node.probs):
            if id(e) not in index:
                index[id(e)] = len(exprs)
                exprs.append(e.to_sympy() if hasattr(e, "to_sympy") else e)
    flat = np.empty(max(len(exprs), 1), dtype=object)
    flat[:len(exprs)] = exprs
    if not exprs:
        flat[0] = 0
    algebra, ring, _ = to_algebra(flat, names)
    zero = ring.zero

    def alg(e: Any) -> Any:
        return algebra[index[id(e)]]

    position = {id(n): k for k, n in enumerate(nodes)}
    labels = [_node_label(n) for n in nodes]
    out = []
    for choice in itertools.product(*(range(len(n.actions)) for n in nodes)):
        memo: dict = {}

        def value(node: Any) -> list[Any]:
            key = id(node)
            if key in memo:
                return memo[key]
            v = [alg(node.payoffs[p]) if p in node.payoffs else zero for p in players]
            if node.kind == "decision":
                below = value(node.children[choice[position[key]]])
                v = [a + b for a, b in zip(v, below)]
            elif node.kind == "chance":
                for prob, child in zip(node.probs, node.children):
                    w = alg(prob)
                    v = [a + w * b for a, b in zip(v, value(child))]
            memo[key] = v
            return v

        conditions: list = []
        seen: set = set()
        ok = True
        reason = ""
        for node in nodes:
            i = players.index(node.player)
            chosen = choice[position[id(node)]]
            mine = value(node.children[chosen])[i]
            for k, child in enumerate(node.children):
                if k == chosen:
                    continue
                numer, denom = numerator_denominator(mine - value(child)[i], ring)
                if not collect_conditions([make_condition(numer, denom, False)], conditions, seen):
                    ok = False
                    reason = f"{node.player} prefers {node.actions[k]} to {node.actions[chosen]}"
                    break
            if not ok:
                break
        budget.charge(1 + condition_terms(conditions))
        label = _profile_label(players, nodes, labels, choice)
        outcome = _profile_label(players, nodes, labels, choice, _on_path(tree.root, position, choice))
        support = Support((), label)
        if not ok:
            out.append(CandidateCondition(support, (), "never", players=players, reason=reason,
                                          noun="subgame perfect", outcome=outcome))
        else:
            out.append(CandidateCondition(support, tuple(conditions), "conditional" if conditions else "always",
                                          players=players, noun="subgame perfect", outcome=outcome))
    return SymbolicAnalysis(names, tuple(out), (), ring)


def _node_label(node: Any) -> str:
    return node.info or node.name or node.label or "root"


def _on_path(root: Any, position: dict, choice: tuple[int, ...]) -> set[int]:
    """Positions of the decision nodes the choice profile reaches (every chance branch followed)."""
    reached, stack = set(), [root]
    while stack:
        node = stack.pop()
        if node.kind == "decision":
            reached.add(position[id(node)])
            stack.append(node.children[choice[position[id(node)]]])
        elif node.kind == "chance":
            stack.extend(node.children)
    return reached


def _profile_label(players: tuple[str, ...], nodes: list[Any], labels: list[str], choice: tuple[int, ...],
                   shown: set[int] | None = None) -> str:
    """``"Entrant: In; Incumbent: Accommodate"`` (node labels named when a player moves more than
    once); with ``shown``, only the choices at those nodes (the equilibrium path)."""
    parts = []
    for player in players:
        mine = [k for k, n in enumerate(nodes) if n.player == player]
        visible = [k for k in mine if shown is None or k in shown]
        if not visible:
            continue
        if len(mine) == 1:
            parts.append(f"{player}: {nodes[mine[0]].actions[choice[mine[0]]]}")
        else:
            parts.append(f"{player}: " + ", ".join(f"{labels[k]}: {nodes[k].actions[choice[k]]}" for k in visible))
    return "; ".join(parts)


__all__ = ["tree_conditions", "NotPerfectInformation", "NotRational", "MAX_PROFILES"]
