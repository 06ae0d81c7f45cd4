"""Changes of play told apart from changes of plan off the path, over a game's common draws.

In a tree a subgame-perfect profile says what every player would do at every node, reached or
not. A draw can change what a player would do off the path while the path itself, what is
actually played, stays the baseline's. :func:`play_rows` says, draw by draw, whether the
*play* (the set of equilibrium paths) is the baseline's and whether the *whole profile* (the
set of equilibrium plans, off-path choices included) is; the first is the figure about play,
the second the strict one.

* Perfect-information trees: decided exactly by the compiled subgame-perfection conditions
  (:func:`~convenience.analysis.sensitivity.tree_conditions.tree_conditions`), the same pure
  subgame-perfect profiles and paths as the sensitivity Monte Carlo.
* Trees with chance moves and information sets: each draw's subgame-perfect profiles (the
  ones its claims were judged on, solved once per draw); a profile's play is the probability
  with which the players' own moves lead to each end of the tree (chance's moves left out, so
  a draw that only changes chance's odds keeps its play).
* Strategic forms: the play is the whole profile, so both figures are the share of draws whose
  equilibrium set (by support, as the sensitivity Monte Carlo counts it) is the baseline's.
* Repeated games: likewise one figure, the stage equilibria together with the verdict on the
  target (sustained or not), as the sensitivity Monte Carlo counts them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from convenience.game import ParametricAny, is_normal, is_repeated

if TYPE_CHECKING:
    from convenience.extensive.parametric_tree import ParametricTree
    from convenience.parametric import ParametricGame
    from convenience.repeated.game import ParametricRepeatedGame

#: Decimal places to which probabilities are compared (mixed plans move continuously).
PLACES = 9


class PlayRows(NamedTuple):
    """Per draw: whether the play is the baseline's, whether the whole profile is; ``same``
    when the two are one thing in this kind of game (strategic forms, repeated games)."""

    play: np.ndarray
    profile: np.ndarray
    same: bool = False


def play_rows(game: ParametricAny, samples: Mapping[str, np.ndarray], base: Mapping[str, Any]) -> PlayRows | None:
    """Whether the play and the whole profile are the baseline's in each draw of ``samples``
    (set over ``base``); None when nothing is drawn or the game could not be solved."""
    if not samples:
        return None
    n = len(next(iter(samples.values())))
    if is_normal(game):
        return _normal_rows(game, samples, base, n)
    if is_repeated(game):
        return _repeated_rows(game, samples, base, n)
    exact = _perfect_information_rows(game, samples, base, n)
    return exact if exact is not None else _tree_rows(game, samples, base, n)


def _values(base: Mapping[str, Any], samples: Mapping[str, np.ndarray], k: int) -> dict[str, Any]:
    values = dict(base)
    values.update({name: float(column[k]) for name, column in samples.items()})
    return values


def _normal_rows(game: ParametricGame, samples: Mapping[str, np.ndarray], base: Mapping[str, Any],
                 n: int) -> PlayRows | None:
    from convenience.analysis.sensitivity.vectorised import GameEvaluator, equilibrium_sets

    evaluator = GameEvaluator(game)
    arrays = {name: np.full(n, float(value)) for name, value in base.items()}
    arrays.update({name: np.asarray(column, dtype=float) for name, column in samples.items()})
    found = equilibrium_sets(evaluator.presence(arrays), evaluator.labels)
    baseline = equilibrium_sets(evaluator.presence({name: np.array([float(v)]) for name, v in base.items()}),
                                evaluator.labels)[0]
    row = np.array([frozenset(s) == baseline for s in found], dtype=bool)
    return PlayRows(row, row.copy(), True)


def _repeated_rows(game: ParametricRepeatedGame, samples: Mapping[str, np.ndarray], base: Mapping[str, Any],
                   n: int) -> PlayRows | None:
    from convenience.analysis.sensitivity.generic import equilibrium_set_at
    from convenience.repeated.solve import repeated_verdict

    def at(values: Mapping[str, Any]) -> frozenset | None:
        try:
            return equilibrium_set_at(game, repeated_verdict, values)
        except (ArithmeticError, ValueError):
            return None

    baseline = at(dict(base))
    if baseline is None:
        return None
    row = np.array([at(_values(base, samples, k)) == baseline for k in range(n)], dtype=bool)
    return PlayRows(row, row.copy(), True)


def _perfect_information_rows(game: ParametricTree, samples: Mapping[str, np.ndarray], base: Mapping[str, Any],
                              n: int) -> PlayRows | None:
    from convenience.analysis.sensitivity.conditions import NotRational
    from convenience.analysis.sensitivity.symbolic import batch_presence
    from convenience.analysis.sensitivity.tree_conditions import NotPerfectInformation, tree_conditions
    from convenience.analysis.sensitivity.vectorised import equilibrium_sets
    from convenience.analysis.sensitivity.work import SymbolicBudgetExceeded, WorkBudget

    try:
        analysis = tree_conditions(game, budget=WorkBudget())
    except (NotPerfectInformation, NotRational, SymbolicBudgetExceeded):
        return None
    values = {name: samples[name] if name in samples else float(base[name]) for name in analysis.parameters}
    labels = tuple(c.label for c in analysis.candidates)
    outcome_of = {c.label: c.outcome for c in analysis.candidates}
    found = equilibrium_sets(batch_presence(analysis, values, n), labels)
    baseline = analysis.equilibrium_set(dict(base))
    baseline_play = {outcome_of[label] for label in baseline}
    profile = np.array([frozenset(s) == baseline for s in found], dtype=bool)
    play = np.array([{outcome_of[label] for label in s} == baseline_play for s in found], dtype=bool)
    return PlayRows(play, profile)


def tree_play(tree: Any, strategy: np.ndarray) -> tuple:
    """The play of a behaviour profile: for each end of the tree, the probability that the
    players' own moves lead there (chance's moves counted as certain), to ``PLACES`` places."""
    from convenience.extensive.behaviour import edge_probabilities, reach_products
    from convenience.extensive.tree import CHANCE

    reach = reach_products(tree, edge_probabilities(tree, strategy), exclude=CHANCE)
    return tuple(round(float(x), PLACES) for x in reach[tree.terminals])


def _tree_sets(point: Any) -> tuple[frozenset, frozenset]:
    profiles = point.spe
    plans = frozenset(tuple(round(float(x), PLACES) for x in strategy) for strategy in profiles)
    return frozenset(tree_play(point.numeric, strategy) for strategy in profiles), plans


def _tree_rows(game: ParametricTree, samples: Mapping[str, np.ndarray], base: Mapping[str, Any],
               n: int) -> PlayRows | None:
    from convenience.errors import InputError
    from convenience.expectations.checks import Point

    def at(values: Mapping[str, Any]) -> tuple[frozenset, frozenset] | None:
        try:
            return _tree_sets(Point(game, values))
        except (InputError, ArithmeticError, ValueError):
            return None

    baseline = at(dict(base))
    if baseline is None:
        return None
    play, profile = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    for k in range(n):
        found = at(_values(base, samples, k))
        if found is not None:
            play[k], profile[k] = found[0] == baseline[0], found[1] == baseline[1]
    return PlayRows(play, profile)


__all__ = ["PlayRows", "play_rows", "tree_play"]
