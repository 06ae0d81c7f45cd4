"""A library of game files: every file read once, the games and the conclusions files apart.

:func:`load_library` reads the files and directories given (``-`` for standard input) into a
:class:`Library`; :func:`convenience.pipeline.analyse_library` analyses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convenience.errors import InputError
from convenience.game import Game, parameters_of


@dataclass(frozen=True, eq=False)
class Library:
    """Game files, each parsed once, and the ``kind: conclusions`` files beside them.

    ``games`` pairs each file with its game, in the order given (directories sorted);
    ``directory`` tells whether any directory was given; ``overrides`` are the ``--set``
    values the games were read with.
    """

    games: tuple[tuple[Path, Game], ...]
    conclusions: tuple[Path, ...] = ()
    directory: bool = False
    overrides: Mapping[str, Any] = field(default_factory=dict)

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(path for path, _ in self.games)


def load_library(paths: Iterable[str | Path], overrides: Mapping[str, Any] | None = None, *,
                 own_overrides: bool = True) -> Library:
    """Read every game file named or found in a directory, each file parsed once.

    In a directory, YAML files that describe no game (a catalogue of claims, say) are left out
    and ``kind: conclusions`` files are set apart; a file named directly is a game unless it
    declares a non-game kind, so a mistake in it is reported. ``overrides`` (``--set``) apply
    to the games declaring those parameters (``own_overrides``) or to every game.
    """
    games: list[tuple[Path, Game]] = []
    conclusions: list[Path] = []
    directory = False
    for item in paths:
        path = Path(item)
        if str(item) == "-":  # standard input, read once
            _read_stdin(overrides or {}, own_overrides, games)
        elif path.is_dir():
            directory = True
            for f in _directory_files(path):
                _read(f, overrides or {}, own_overrides, True, games, conclusions)
        elif path.exists():
            _read(path, overrides or {}, own_overrides, False, games, conclusions)
        else:
            raise InputError("no such file or directory", file=str(path))
    return Library(tuple(games), tuple(conclusions), directory, dict(overrides or {}))


def _directory_files(path: Path) -> list[Path]:
    from convenience.spec import GAME_SUFFIXES

    found = sorted(f for f in path.iterdir() if f.suffix.lower() in GAME_SUFFIXES and f.is_file())
    if not found:
        raise InputError("no game files (.yaml, .yml, .nfg, .efg) in this directory", file=str(path))
    return found


def _read_stdin(overrides: Mapping[str, Any], own: bool, games: list[tuple[Path, Game]]) -> None:
    """The game on standard input (``-``), filed under the path ``-``."""
    from convenience.spec import game_from_text, read_stdin

    text = read_stdin()
    game = game_from_text(text, "<stdin>")
    mine = {k: overrides[k] for k in overrides if not own or k in parameters_of(game)}
    games.append((Path("-"), game_from_text(text, "<stdin>", mine) if mine else game))


def _read(path: Path, overrides: Mapping[str, Any], own: bool, in_directory: bool,
          games: list[tuple[Path, Game]], conclusions: list[Path]) -> None:
    """Parse one file once and file it under games or conclusions (or leave it out)."""
    from convenience.spec import NON_GAME_KINDS, game_from_data, is_game_document, load_document, load_game

    if path.suffix.lower() not in (".yaml", ".yml"):
        game = load_game(path)
        mine = {k: overrides[k] for k in overrides if not own or k in parameters_of(game)}
        games.append((path, load_game(path, mine) if mine else game))
        return
    data = load_document(path)
    if data.get("kind") in NON_GAME_KINDS:
        if data.get("kind") == "conclusions":
            conclusions.append(path)
        return
    if in_directory and not is_game_document(data):
        return
    game = game_from_data(data, str(path))
    mine = {k: overrides[k] for k in overrides if not own or k in parameters_of(game)}
    games.append((path, game_from_data(data, str(path), mine) if mine else game))
