"""The library's front door: load a game file, solve it, analyse it, whatever kind of game it is.

``solve_game`` dispatches on the game's ``kind`` (``normal``, ``tree``, ``repeated``) so the
command line and the report treat every kind alike; ``analyse_game`` runs every analysis of
one game into a :class:`~convenience.pipeline.GameAnalysis`, ``analyse_library`` many files
and their cross-game conclusions, ``check_paths`` only their claims.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from convenience.equilibria import solve_game
from convenience.game import Game, game_kind, numeric
from convenience.pipeline import (AnalysisOptions, GameAnalysis, LibraryAnalysis, analyse_file, analyse_game,
                                  analyse_library, check_paths)
from convenience.frames import claims_frame
from convenience.normal_form import NormalFormGame
from convenience.results import SolveResult

__all__ = ["AnalysisOptions", "Game", "GameAnalysis", "LibraryAnalysis", "NormalFormGame", "analyse_file",
           "analyse_game", "analyse_library", "check_paths", "claims_frame", "game_kind", "load", "loads", "numeric",
           "solve_file", "solve_game"]


def load(path: str | Path, overrides: Mapping[str, Any] | None = None) -> Game:
    """Read any supported game file (see :func:`convenience.spec.load_game`)."""
    from convenience.spec import load_game

    return load_game(path, overrides)


def loads(text: str, overrides: Mapping[str, Any] | None = None) -> Game:
    """A game from YAML text (see :func:`convenience.spec.loads`)."""
    from convenience.spec import loads as _loads

    return _loads(text, overrides=overrides)


def solve_file(path: str | Path, method: str = "auto", overrides: Mapping[str, Any] | None = None,
               exact: bool | None = None, **options: Any) -> SolveResult:
    """Load ``path`` and solve it: ``solve_file("games/russia_intervention.yaml")``."""
    return solve_game(load(path, overrides), method=method, exact=exact, **options)
