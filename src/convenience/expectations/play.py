"""Changes of play told apart from changes of plan off the path, over a game's common draws.

In a tree a subgame-perfect profile says what every player would do at every node, reached or
not. A draw can change what a player would do off the path while the path itself, what is
actually played, stays the baseline's. :func:`play_rows` says, draw by draw, whether the
*play* (the set of equilibrium paths) is the baseline's and whether the *whole profile* (the
set of equilibrium plans, off-path choices included) is; the first is the figure about play,
the second the strict one. In a strategic form the two are one thing.

Decided exactly by the compiled subgame-perfection conditions of a perfect-information tree
(:func:`~convenience.analysis.sensitivity.tree_conditions.tree_conditions`): the same pure
subgame-perfect profiles and paths as the sensitivity Monte Carlo. Other trees give None.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from convenience.game import game_kind


def play_rows(game: Any, samples: Mapping[str, np.ndarray], base: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray] | None:
    """``(play, profile)``: per draw, whether the set of equilibrium paths is the baseline's and
    whether the set of equilibrium profiles is; None for a game that is not a perfect-information
    tree with exact conditions, or when nothing is drawn."""
    if game_kind(game) != "tree" or not samples:
        return None
    from convenience.analysis.sensitivity.conditions import NotRational
    from convenience.analysis.sensitivity.symbolic import batch_presence
    from convenience.analysis.sensitivity.tree_conditions import NotPerfectInformation, tree_conditions
    from convenience.analysis.sensitivity.vectorised import equilibrium_sets
    from convenience.analysis.sensitivity.work import SymbolicBudgetExceeded, WorkBudget

    try:
        analysis = tree_conditions(game, budget=WorkBudget())
    except (NotPerfectInformation, NotRational, SymbolicBudgetExceeded):
        return None
    n = len(next(iter(samples.values())))
    values = {name: samples[name] if name in samples else float(base[name]) for name in analysis.parameters}
    labels = tuple(c.label for c in analysis.candidates)
    outcome_of = {c.label: c.outcome for c in analysis.candidates}
    found = equilibrium_sets(batch_presence(analysis, values, n), labels)
    baseline = analysis.equilibrium_set(dict(base))
    baseline_play = {outcome_of[label] for label in baseline}
    profile = np.array([frozenset(s) == baseline for s in found], dtype=bool)
    play = np.array([{outcome_of[label] for label in s} == baseline_play for s in found], dtype=bool)
    return play, profile


__all__ = ["play_rows"]
