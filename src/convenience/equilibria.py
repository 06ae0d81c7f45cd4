"""Equilibria of any game at its baseline: the one dispatch from a game's kind to its solver.

Normal-form games go to :func:`convenience.solvers.solve`, trees to
:func:`convenience.extensive.solve.solve_tree`, repeated games to
:func:`convenience.repeated.solve.solve_repeated`; each returns a verified
:class:`~convenience.results.SolveResult`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from convenience.game import Game, game_kind, numeric
from convenience.results import SolveResult

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame
    from convenience.repeated.game import ParametricRepeatedGame, RepeatedGame


def solve_game(game: Game, method: str = "auto", exact: bool | None = None, **options: Any) -> SolveResult:
    """Equilibria of a parametric or numeric game of any kind at its baseline."""
    kind = game_kind(game)
    if kind == "tree":
        from convenience.extensive.solve import solve_tree

        return solve_tree(numeric(game), method=method, exact=exact, **options)
    if kind == "repeated":
        from convenience.repeated.solve import solve_repeated

        return solve_repeated(cast("RepeatedGame | ParametricRepeatedGame", game), method=method, exact=exact,
                              **options)
    from convenience.solvers import solve

    return solve(cast("NormalFormGame", numeric(game)), method=method, exact=exact, **options)
