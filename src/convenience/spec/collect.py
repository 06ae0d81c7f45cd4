"""Every error of a YAML game file, not only the first.

The readers stop at the first error. :func:`file_errors` reads the file again after setting
aside the entry each error names (an unknown key, a bad range, a bad distribution), so the next
error shows, until the file reads or an error cannot be set aside without misleading: an
entry other parts refer to (a player, a parameter, a section), or a follow-on error about
something missing because an entry was set aside. The first error is always the readers' own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from convenience.errors import InputError

#: At most this many errors are listed for one file.
MAX_ERRORS = 20
#: Sections whose entries other parts of the file refer to by name: never set aside.
REFERENCED = ("players", "parameters", "payoffs", "stage", "tree", "types", "target")


def file_errors(path: str | Path, first: InputError, overrides: Mapping[str, Any] | None = None) -> list[InputError]:
    """``first`` (the error the readers raised for ``path``) and the errors found after it."""
    from convenience.spec import load_document

    errors = [first]
    try:
        data = load_document(path)
    except InputError:
        return errors
    error = first
    removed_lines: set[int] = set()
    while len(errors) < MAX_ERRORS:
        located = _entry(data, str(error.key or ""))
        if located is None:
            break
        container, key, depth = located
        parameter = _parameter(data, str(error.key or ""))
        if parameter is not None:  # a parameter keeps its name, as a plain number, for the payoffs
            parameters, name = parameter
            value = parameters[name].get("value") if isinstance(parameters[name], dict) else parameters[name]
            line = parameters.loc(name)[0] if hasattr(parameters, "loc") else None
            if line is not None:
                removed_lines.add(line)
            parameters[name] = value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0
            found = _next(data, path, overrides, errors, removed_lines)
            if found is None:
                break
            error = found
            continue
        if depth < 2 and "unknown key" not in error.message:
            break  # a whole section: what follows would only be about it missing
        if depth == 2 and str(error.key).split(".")[0] in REFERENCED:
            break  # a player, a parameter, a payoff row: other parts name it
        line = container.loc(key)[0] if hasattr(container, "loc") else None
        if line is not None:
            removed_lines.add(line)
        del container[key]
        found = _next(data, path, overrides, errors, removed_lines)
        if found is None:
            break
        error = found
    return errors


def _next(data: Any, path: str | Path, overrides: Mapping[str, Any] | None, errors: list[InputError],
          removed_lines: set[int]) -> InputError | None:
    """The next error of ``data`` (appended to ``errors``), or None when there is none to show."""
    from convenience.spec import game_from_data

    try:
        game_from_data(data, str(path), overrides)
        return None
    except InputError as found:
        if "missing" in found.message or found.line in removed_lines or str(found) in map(str, errors):
            return None  # a consequence of setting an entry aside, not an error of the file
        errors.append(found)
        return found


def _parameter(data: Any, key_path: str) -> tuple[Any, Any] | None:
    """``(parameters mapping, name)`` when ``key_path`` lies inside one parameter's entry."""
    if not key_path.startswith("parameters.") or not isinstance(data.get("parameters"), dict):
        return None
    parameters, rest = data["parameters"], key_path[len("parameters."):]
    for name in sorted(parameters, key=lambda k: len(str(k)), reverse=True):
        if rest == str(name) or rest.startswith(f"{name}."):
            return parameters, name
    return None


def _entry(data: Any, key_path: str) -> tuple[Any, Any, int] | None:
    """The mapping holding the entry ``key_path`` names (``parameters.g.range``), its key and
    depth; None when the path does not lead to an entry of a mapping."""
    container, rest, depth = data, key_path, 0
    while rest:
        if not isinstance(container, dict):
            return None
        keys = sorted((str(k) for k in container), key=len, reverse=True)
        match = next((k for k in keys if rest == k or rest.startswith(k + ".") or rest.startswith(k + "[")), None)
        if match is None:
            return None
        key = next(k for k in container if str(k) == match)
        depth += 1
        rest = rest[len(match):]
        if not rest:
            return container, key, depth
        if rest.startswith("["):  # an item of a list: set aside the list's entry as a whole
            return (container, key, depth) if re.match(r"\[\d+\]", rest) else None
        container, rest = container[key], rest[1:]
    return None
