"""Broken game files made from good ones, for the fuzz test and the fuzz benchmark.

:func:`mutate` applies one seeded mutation to the text of a game file: for YAML, a change of
its structure (a key deleted or renamed, a value of the wrong type, a huge, tiny or non-finite
number, deep nesting, unicode or control characters) or of its text; for ``.nfg``/``.efg``, of
its text (truncation, a character inserted, lines deleted, duplicated or swapped, numbers
replaced). :func:`run_once` runs the real command line in-process on one file and returns
what a user would see; :func:`problems` says what is wrong with it.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: The files mutated: every bundled game and small Gambit files.
SOURCES = sorted([*(ROOT / "games").glob("*.yaml"), ROOT / "tests" / "data" / "bos.nfg",
                  ROOT / "tests" / "data" / "tree_gambit_incremental.efg", ROOT / "tests" / "data" / "tree_entry.yaml"])

NASTY_VALUES: list[Any] = [
    None, True, False, "", [], {}, [[1, 2], [3]], {"a": {"b": 1}}, "abc", "x y z", 0, -1, 1, 0.5, -0.0,
    10**30, -(10**30), 10**400, 1e308, -1e308, 5e-324, "1e400", "-1e400", "1e-400", "1e100000000", ".nan", ".inf",
    "nan", "inf", "1/0", "0^-1", "(-1)^0.5", "(-8)^(1/3)", "sqrt(-1)", "log(0)", "exp(1000)", "2^64^64",
    "((2^64)^64)^64", "1" * 400, "+".join(["1"] * 600), "(" * 80 + "1" + ")" * 80, "__import__('os')",
    "a.b", "é🙂", "\u202e", "\x07bell", "tab\there", "line\nbreak", "\x00", "!!python/object:os.system",
    "- - - -", "{", "[", "&a *a",
]
CONTROL = [chr(c) for c in range(32) if chr(c) != "\n"] + ["\x7f", "\u2028", "\ufeff", "\u00a0"]
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:/\d+)?(?![\w.])")


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``node`` (keys and list indices), parents before their
    children; iterative, since an earlier mutation may have nested the data thousands deep."""
    out: list[tuple] = []
    stack = [(node, path)]
    while stack:
        node, path = stack.pop()
        out.append(path)
        if isinstance(node, dict):
            stack += reversed([(value, (*path, key)) for key, value in node.items()])
        elif isinstance(node, list):
            stack += reversed([(value, (*path, index)) for index, value in enumerate(node)])
    return out


def _parent(data: Any, path: tuple) -> Any:
    for step in path[:-1]:
        data = data[step]
    return data


def _deep(depth: int) -> Any:
    value: Any = 1
    for k in range(depth):
        value = [value] if k % 2 else {"k": value}
    return value


def _mutate_structure(data: Any, rnd: random.Random) -> Any:
    paths = [p for p in _paths(data) if p]
    if not paths:
        return rnd.choice(NASTY_VALUES)
    path = rnd.choice(paths)
    parent, last = _parent(data, path), path[-1]
    action = rnd.randrange(6)
    if action == 0:  # delete the key or item
        del parent[last]
    elif action == 1 and isinstance(parent, dict):  # rename the key
        value = parent.pop(last)
        parent[rnd.choice([f"{last}x", str(last)[:-1] or "k", str(last).upper(), "unknown", 3, ""])] = value
    elif action == 2:  # deep nesting
        parent[last] = _deep(rnd.choice([5, 50, 199, 250, 600]))
    elif action == 3 and isinstance(parent[last], list) and parent[last]:  # one item more or less
        if rnd.random() < 0.5:
            parent[last].append(parent[last][0])
        else:
            parent[last].pop()
    else:  # a value of the wrong type, or a nasty number or text
        parent[last] = rnd.choice(NASTY_VALUES)
    return data


def _mutate_text(text: str, rnd: random.Random) -> str:
    action = rnd.randrange(6)
    lines = text.split("\n")
    if action == 0:  # truncated
        return text[:rnd.randrange(len(text) + 1)]
    if action == 1:  # one odd character inserted
        at = rnd.randrange(len(text) + 1)
        return text[:at] + rnd.choice(CONTROL + ["é", "🙂", "{", "}", '"', ":", "-", "*", "&", "!", "%"]) + text[at:]
    if action == 2 and len(lines) > 1:  # a line deleted
        del lines[rnd.randrange(len(lines))]
    elif action == 3:  # a line repeated
        k = rnd.randrange(len(lines))
        lines.insert(k, lines[k])
    elif action == 4 and len(lines) > 1:  # two lines swapped
        i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    else:  # a number replaced
        numbers = list(NUMBER.finditer(text))
        if numbers:
            m = rnd.choice(numbers)
            new = rnd.choice(["1e400", "-1e400", "1e-400", "1e100000000", "nan", "inf", "0", "-0", "1/0", "9" * 5000,
                              "99999999999999999999", "0.000000000000000000001", "-7", "3/4", "x"])
            return text[:m.start()] + new + text[m.end():]
    return "\n".join(lines)


def mutate(text: str, suffix: str, seed: int) -> str:
    """One seeded mutation of a game file's ``text`` (``suffix`` says its format)."""
    rnd = random.Random(seed)
    if suffix in (".yaml", ".yml") and rnd.random() < 0.6:
        data = yaml.safe_load(text)
        for _ in range(rnd.choice([1, 1, 1, 2, 3])):
            data = _mutate_structure(data, rnd)
        try:
            return yaml.safe_dump(data, allow_unicode=rnd.random() < 0.5, sort_keys=False, width=10**6)
        except (yaml.YAMLError, RecursionError):
            return text
    for _ in range(rnd.choice([1, 1, 2])):
        text = _mutate_text(text, rnd)
    return text


def run_once(runner: Any, app: Any, path: Path, command: str = "solve") -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``convenience COMMAND path`` run in-process."""
    args = {"solve": ["solve", str(path), "-f", "json"], "validate": ["validate", str(path)],
            "analyze": ["analyze", str(path), "-n", "200", "-f", "json"]}[command]
    result = runner.invoke(app, args, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        return -1, result.stdout, f"Traceback (uncaught)\n{trace}"
    return result.exit_code, result.stdout, result.stderr


def problems(code: int, stdout: str, stderr: str, path: Path) -> list[str]:
    """What a user would rightly complain about in one run (empty when it behaved)."""
    found = []
    if code not in (0, 2, 3):
        found.append(f"exit code {code}")
    if code == 3 and not any(line.startswith(f"error: {path}: ") and "work budget" in line
                             for line in stderr.splitlines()):
        found.append("exit 3 without a work-budget message naming the file")
    if "Traceback" in stdout + stderr or "internal error" in stderr:
        found.append("traceback or internal error")
    if code == 2:
        errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
        if not errors:
            found.append("exit 2 without an error line")
        elif not all(line.startswith(f"error: {path}") for line in errors):
            found.append("an error that names no file")
    return found


def has_line(stderr: str, path: Path) -> bool:
    """True when the error names a line of the file (``file:line``)."""
    return bool(re.search(re.escape(str(path)) + r":\d+", stderr))
