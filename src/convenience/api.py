"""The library's front door: load a game file and solve it, whatever kind of game it is.

``solve_game`` dispatches on the game's ``kind`` (``normal``, ``tree``, ``repeated``) so the
command line and the report treat every kind alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from convenience.results import SolveResult


def load(path: str | Path, overrides: Mapping[str, Any] | None = None) -> Any:
    """Read any supported game file (see :func:`convenience.spec.load_game`)."""
    from convenience.spec import load_game

    return load_game(path, overrides)


def loads(text: str, overrides: Mapping[str, Any] | None = None) -> Any:
    """A game from YAML text (see :func:`convenience.spec.loads`)."""
    from convenience.spec import loads as _loads

    return _loads(text, overrides=overrides)


def numeric(game: Any, values: Mapping[str, Any] | None = None) -> Any:
    """The numeric game at the baseline (with ``values`` overriding parameters)."""
    return game.at(values) if hasattr(game, "at") else game


def game_kind(game: Any) -> str:
    """``normal``, ``tree`` or ``repeated``, for parametric and numeric games alike."""
    kind = getattr(game, "kind", None)
    if kind in ("normal", "tree", "repeated"):
        return kind
    from convenience.normal_form import NormalFormGame

    if isinstance(game, NormalFormGame):
        return "normal"
    from convenience.extensive.tree import GameTree

    if isinstance(game, GameTree):
        return "tree"
    raise TypeError(f"not a game: {type(game).__name__}")


def solve_game(game: Any, method: str = "auto", exact: bool | None = None, **options: Any) -> SolveResult:
    """Equilibria of a parametric or numeric game of any kind at its baseline."""
    kind = game_kind(game)
    if kind == "tree":
        from convenience.extensive import solve_tree

        return solve_tree(numeric(game), method=method, exact=exact, **options)
    if kind == "repeated":
        from convenience.repeated.solve import solve_repeated

        return solve_repeated(game, method=method, exact=exact, **options)
    from convenience.solvers import solve

    return solve(numeric(game), method=method, exact=exact, **options)


def solve_file(path: str | Path, method: str = "auto", overrides: Mapping[str, Any] | None = None,
               exact: bool | None = None, **options: Any) -> SolveResult:
    """Load ``path`` and solve it: ``solve_file("games/russia_intervention.yaml")``."""
    return solve_game(load(path, overrides), method=method, exact=exact, **options)
