"""Reading game files: the only place that turns files into games.

:func:`load_game` reads a YAML game file (normal form, ``kind: tree``, ``kind: repeated``,
or a Bayesian ``types:`` game) or a Gambit ``.nfg``/``.efg`` file and returns the
corresponding parametric game. Every problem is an :class:`~convenience.errors.InputError`
naming file, line, column and key; files are only ever read.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from convenience.errors import InputError, did_you_mean
from convenience.yamlio import LocDict, load_yaml

#: Largest game file read, in bytes.
MAX_FILE_BYTES = 5_000_000
#: Largest Gambit ``.efg`` file read, in bytes (large trees are read straight into arrays).
MAX_EFG_BYTES = 30_000_000
KINDS = ("normal", "tree", "repeated")


def read_text(path: str | Path, limit: int = MAX_FILE_BYTES, kind: str = "game files") -> str:
    """The file's text, with clear errors for missing, huge (over ``limit`` bytes, a limit for
    ``kind``) or non-text files."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError("no such file", file=name)
    if path.is_dir():
        raise InputError("is a directory, not a game file", file=name)
    if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or a device would block or never end
        raise InputError("not a regular file (a pipe, socket or device cannot be a game file)", file=name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror})", file=name) from None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)  # a file that grew since stat() is still bounded
    if len(data) > limit:
        raise InputError(f"file larger than {limit // 1_000_000} MB, the limit for {kind}", file=name)
    try:
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason} at byte {error.start})", file=name) from None


def load_document(path: str | Path) -> LocDict:
    """The YAML mapping at the top of a game file."""
    name = str(path)
    data = load_yaml(read_text(path), file=name)
    if not isinstance(data, LocDict):
        raise InputError("a game file must be a YAML mapping (title:, players:, payoffs: ...)",
                         file=name, line=1, column=1)
    return data


def load_game(path: str | Path, overrides: Mapping[str, Any] | None = None) -> Any:
    """Read a game file; ``overrides`` replace parameter baselines (``--set k=2``)."""
    name = str(path)
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return game_from_data(load_document(path), name, overrides)
    if suffix == ".nfg":
        from convenience.spec.gambit_nfg import read_nfg

        return read_nfg(read_text(path), file=name)
    if suffix == ".efg":
        from convenience.spec.gambit_efg import read_efg

        return read_efg(read_text(path, MAX_EFG_BYTES, ".efg files"), file=name)
    raise InputError(f"unknown file type '{suffix or path}': expected .yaml, .yml, .nfg or .efg", file=name)


def loads(text: str, name: str = "<string>", overrides: Mapping[str, Any] | None = None) -> Any:
    """A game from YAML text (handy in notebooks and docs)."""
    data = load_yaml(text, file=name)
    if not isinstance(data, LocDict):
        raise InputError("a game must be a YAML mapping (title:, players:, payoffs: ...)", file=name, line=1, column=1)
    return game_from_data(data, name, overrides)


def read_stdin() -> str:
    """The text on standard input (``-`` as a file name), with the same size limit as files."""
    import sys

    text = sys.stdin.read(MAX_FILE_BYTES + 1)
    if len(text) > MAX_FILE_BYTES:
        raise InputError(f"standard input larger than {MAX_FILE_BYTES // 1_000_000} MB", file="<stdin>")
    if not text.strip():
        raise InputError("standard input is empty: pipe a game into '-'", file="<stdin>")
    return text


def game_from_text(text: str, name: str, overrides: Mapping[str, Any] | None = None) -> Any:
    """A game from the text of a file whose name gives no suffix (standard input): Gambit
    ``.nfg``/``.efg`` text starts with ``NFG``/``EFG``; anything else is read as YAML."""
    head = text.lstrip()[:3]
    if head == "NFG":
        from convenience.spec.gambit_nfg import read_nfg

        return read_nfg(text, file=name)
    if head == "EFG":
        from convenience.spec.gambit_efg import read_efg

        return read_efg(text, file=name)
    return loads(text, name, overrides)


def game_from_data(data: LocDict, name: str, overrides: Mapping[str, Any] | None = None) -> Any:
    """Dispatch a parsed YAML game on its ``kind``."""
    kind = data.get("kind", "normal")
    if kind not in KINDS:
        line, column = data.loc("kind")
        raise InputError(f"unknown kind '{kind}'{did_you_mean(str(kind), KINDS)}; expected one of "
                         f"{', '.join(KINDS)}", file=name, line=line, column=column, key="kind")
    if kind == "tree" or (kind == "normal" and "tree" in data) or "types" in data:
        from convenience.spec.tree import load_tree

        return load_tree(data, name, overrides)
    if kind == "repeated":
        from convenience.spec.repeated import load_repeated

        return load_repeated(data, name, overrides)
    from convenience.spec.normal import load_normal

    return load_normal(data, name, overrides)


GAME_SUFFIXES = (".yaml", ".yml", ".nfg", ".efg")
#: Kinds of YAML file that live beside games but are not games (``convenience check`` reads them).
NON_GAME_KINDS = ("conclusions",)


def is_game_document(data: Any) -> bool:
    """True for a YAML mapping that describes a game (not, say, a file of cross-game claims)."""
    return (isinstance(data, dict) and data.get("kind") not in NON_GAME_KINDS
            and any(key in data for key in ("players", "tree", "stage", "types")))


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files given directly, plus the game files inside any directory given (sorted).

    In a directory, YAML files that describe no game (such as a file of conclusions across
    games) are left out; a file named directly is kept, so a mistake there is reported, unless
    it declares a non-game kind such as ``kind: conclusions``.
    """
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            if path.suffix.lower() in (".yaml", ".yml") and path.is_file():
                try:
                    if load_yaml(read_text(path), file=str(path)).get("kind") in NON_GAME_KINDS:
                        continue
                except (InputError, AttributeError):
                    pass  # loading it properly reports the error with its location
            files.append(path)
            continue
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in GAME_SUFFIXES and p.is_file())
        for candidate in found:
            if candidate.suffix.lower() in (".yaml", ".yml"):
                try:
                    if not is_game_document(load_yaml(read_text(candidate), file=str(candidate))):
                        continue
                except InputError:
                    pass  # keep it: loading it properly reports the error with its location
            files.append(candidate)
        if not found:
            raise InputError("no game files (.yaml, .yml, .nfg, .efg) in this directory", file=str(path))
    return files


def parse_assignments(items: list[str] | None) -> dict[str, Any]:
    """``["k=2", "p=3/4"]`` to ``{"k": Fraction(2), "p": Fraction(3, 4)}`` (``--set``)."""
    from convenience.expressions import parse_expression

    values: dict[str, Any] = {}
    for item in items or []:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name or not text.strip():
            raise InputError(f"--set expects NAME=VALUE, got '{item}'", key="--set")
        expr = parse_expression(text.strip(), (), key=f"--set {name}")
        try:
            value = expr.evaluate({})
        except (ArithmeticError, ValueError) as error:
            raise InputError(f"cannot evaluate '{text.strip()}': {error}", key=f"--set {name}") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"'{text.strip()}' is not a finite number", key=f"--set {name}")
        values[name] = value
    return values
