"""Extensive-form games: trees, backward induction, subgames, sequence form, Bayesian games.

The public entry points are :func:`solve_tree` (every tree method by name) and
:func:`reduced_normal_form`; trees come from :func:`convenience.spec.load_game` (``kind:
tree`` YAML files and Gambit ``.efg`` files) or :func:`convenience.extensive.random_trees.random_tree`.
Heavy modules load only when a method needs them.
"""

from __future__ import annotations

from typing import Any


def solve_tree(tree: Any, method: str = "auto", **options: Any):
    """Equilibria of a game tree; see :mod:`convenience.extensive.solve`."""
    from convenience.extensive.solve import solve_tree as _solve

    return _solve(tree, method, **options)


def reduced_normal_form(tree: Any):
    """The reduced normal form (a ``NormalFormGame``) of a tree at its baseline."""
    from convenience.extensive.reduced import reduced_normal_form as _reduced

    return _reduced(tree)


__all__ = ["solve_tree", "reduced_normal_form"]
