"""Gambit ``.nfg`` files (strategic games), read and written.

Both versions of the format are read: the *payoff* version (a flat list of payoffs, the
first player's strategy changing fastest) and the *outcome* version (named outcomes, then
one outcome number per profile, 0 meaning all-zero payoffs). Numbers may be integers,
decimals or fractions such as ``3/2``; they stay exact.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.errors import InputError
from convenience.expressions import Expression, ExpressionError, exact_number
from convenience.parametric import ParametricGame

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame

_TOKEN = re.compile(r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<word>[^\s{}"]+))', re.S)


def _tokens(text: str, file: str | None) -> list[tuple[str, str, int]]:
    """``(kind, value, line)`` of every token, in one pass (a file at the size limit has millions)."""
    out, pos, line = [], 0, 1
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            if not text[pos:].strip():
                break  # only white space left
            raise InputError("cannot read the .nfg file here", file=file, line=line)
        kind = m.lastgroup
        assert kind is not None, "every alternative of the token pattern is a named group"
        start = m.start(kind)
        line += text.count("\n", pos, start)
        value = m.group(kind)
        if kind == "string":
            value = re.sub(r'\\(.)', r'\1', value[1:-1])
        out.append((kind, value, line))
        line += value.count("\n") if kind == "string" else 0
        pos = m.end()
    return out


def _number(token: tuple[str, str, int], file: str | None) -> Fraction:
    """An exact number token (``3``, ``-1.5``, ``3/2``, ``1e-3``), bounded like YAML numbers."""
    kind, value, line = token
    try:
        if kind != "word":
            raise ValueError
        return exact_number(value)
    except ExpressionError as error:
        raise InputError(f"{error} in '{value[:40]}'", file=file, line=line) from None
    except (ValueError, ZeroDivisionError):
        raise InputError(f"expected a number, got '{value[:40]}'", file=file, line=line) from None


class _Stream:
    """The tokens of a ``.nfg`` file, read front to back; past the last one, an end marker."""

    def __init__(self, text: str, file: str | None) -> None:
        self.tokens = _tokens(text, file)
        self.file = file
        self.last_line = text.count("\n") + 1
        self.pos = 0

    def at(self) -> tuple[str, str, int]:
        """The next token, or an end marker past the last one (a truncated file)."""
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "", self.last_line)

    def take(self, kind: str | None = None, value: str | None = None) -> tuple[str, str, int]:
        if self.pos >= len(self.tokens):
            raise InputError("unexpected end of the .nfg file" + (f" (expected {value or kind})" if kind else ""),
                             file=self.file, line=self.last_line)
        token = self.tokens[self.pos]
        if (kind and token[0] != kind) or (value and token[1] != value):
            raise InputError(f"expected {value or kind}, got '{token[1]}'", file=self.file, line=token[2])
        self.pos += 1
        return token


def read_nfg(text: str, file: str | None = None) -> ParametricGame:
    """A parameter-free :class:`ParametricGame` from the text of a ``.nfg`` file."""
    s = _Stream(text, file)
    header = s.take("word")
    if header[1] != "NFG":
        raise InputError("not a Gambit .nfg file (it must start with NFG)", file=file, line=header[2])
    s.take("word", "1")
    s.take("word")  # R or D
    title = s.take("string")[1]
    s.take("brace", "{")
    players = []
    while s.at()[0] == "string":
        players.append(s.take()[1])
    s.take("brace", "}")
    strategies = _strategies(s, players)
    if s.at()[0] == "string":
        s.take()  # comment
    payoffs = _outcome_payoffs(s, strategies) if s.at()[1] == "{" else _listed_payoffs(s, strategies)
    if s.pos != len(s.tokens):
        raise InputError(f"unexpected '{s.tokens[s.pos][1]}' after the payoffs", file=file, line=s.tokens[s.pos][2])
    made: dict[Fraction, Expression] = {}  # expressions are immutable: one per distinct payoff

    def expression(value: Fraction) -> Expression:
        found = made.get(value)
        if found is None:
            found = made[value] = Expression.number(value)
        return found

    expressions = np.vectorize(expression, otypes=[object])(payoffs)
    return ParametricGame(title=title or "Untitled game", players=tuple(players),
                          strategies=tuple(strategies), expressions=expressions, file=file)


#: Characters of a ``.nfg`` file read by :func:`header_shape` to find its numbers of strategies.
HEADER_CHARACTERS = 65_536


def header_shape(path: str | Path) -> tuple[int, ...] | None:
    """The numbers of strategies of the players of a ``.nfg`` file, read from its header alone
    (the first :data:`HEADER_CHARACTERS` characters), so that a command can refuse a game too
    large for its work before the payoffs (up to 5 MB) are read; None when the header cannot be
    read that way (the full reader then says what is wrong, and where)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(HEADER_CHARACTERS)
        s = _Stream(head, str(path))  # the payoffs cut off anywhere: only the header is parsed
        s.take("word", "NFG")
        s.take("word", "1")
        s.take("word")
        s.take("string")
        s.take("brace", "{")
        players = []
        while s.at()[0] == "string":
            players.append(s.take()[1])
        s.take("brace", "}")
        return tuple(len(names) for names in _strategies(s, players))
    except (InputError, OSError):
        return None


def _strategies(s: _Stream, players: list[str]) -> list[tuple[str, ...]]:
    """Each player's strategy names (listed, or counted and numbered from 1), within the size limit."""
    from convenience.spec.normal import MAX_PROFILES

    file = s.file
    strategies_at = s.take("brace", "{")
    strategies: list[tuple[str, ...]] = []
    if s.at()[0] == "brace":
        while s.at()[1] == "{":
            s.take()
            names = []
            while s.at()[0] == "string":
                names.append(s.take()[1])
            s.take("brace", "}")
            strategies.append(tuple(names))
    else:
        while s.at()[0] == "word":
            token = s.take()
            count = _number(token, file)
            if count.denominator != 1 or not 1 <= count <= MAX_PROFILES:
                raise InputError(f"a player's number of strategies must be a whole number from 1 to "
                                 f"{MAX_PROFILES:,}, got {token[1][:40]}", file=file, line=token[2])
            strategies.append(tuple(str(k + 1) for k in range(int(count))))
    s.take("brace", "}")
    if len(strategies) != len(players) or not players:
        raise InputError(f"{len(players)} players but {len(strategies)} strategy lists", file=file,
                         line=strategies_at[2])
    if any(not names for names in strategies):
        raise InputError("every player needs at least one strategy", file=file, line=strategies_at[2])
    profiles_count = 1
    for listed in strategies:
        profiles_count *= len(listed)
        if profiles_count > MAX_PROFILES:
            raise InputError(f"the game has more than {MAX_PROFILES:,} strategy profiles, the limit for game files",
                             file=file, line=strategies_at[2])
    return strategies


def _profiles(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every pure profile in the file's order: the first player's strategy varies fastest."""
    return [tuple(reversed(p)) for p in itertools.product(*(range(m) for m in reversed(shape)))]


def _outcome_payoffs(s: _Stream, strategies: list[tuple[str, ...]]) -> np.ndarray:
    """The outcome version: named outcomes, then one outcome number per profile (0: all zero)."""
    file, n = s.file, len(strategies)
    shape = tuple(len(names) for names in strategies)
    payoffs = np.empty((n, *shape), dtype=object)
    s.take("brace", "{")
    outcomes: list[list[Fraction]] = []
    while s.at()[1] == "{":
        s.take()
        s.take("string")
        values = []
        while s.at()[0] == "word":
            token = s.take()
            values.append(_number((token[0], token[1].rstrip(","), token[2]), file))
        s.take("brace", "}")
        if len(values) != n:
            raise InputError(f"outcome {len(outcomes) + 1} has {len(values)} payoffs, expected {n}",
                             file=file, line=s.tokens[s.pos - 1][2])
        outcomes.append(values)
    s.take("brace", "}")
    for profile in _profiles(shape):
        token = s.take("word")
        k = int(_number(token, file))
        if not 0 <= k <= len(outcomes):
            raise InputError(f"outcome number {k} does not exist", file=file, line=token[2])
        values = outcomes[k - 1] if k else [Fraction(0)] * n
        for i in range(n):
            payoffs[(i, *profile)] = values[i]
    return payoffs


def _listed_payoffs(s: _Stream, strategies: list[tuple[str, ...]]) -> np.ndarray:
    """The payoff version: every player's payoff, profile after profile."""
    n = len(strategies)
    shape = tuple(len(names) for names in strategies)
    payoffs = np.empty((n, *shape), dtype=object)
    read: dict[str, Fraction] = {}  # payoffs repeat: each distinct text is read once
    for profile in _profiles(shape):
        for i in range(n):
            token = s.take("word")
            value = read.get(token[1])
            if value is None:
                value = read[token[1]] = _number(token, s.file)
            payoffs[(i, *profile)] = value
    return payoffs


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _format(value: Any) -> str:
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return repr(float(value))


def write_nfg(game: NormalFormGame) -> str:
    """The payoff version of the ``.nfg`` format for a numeric game."""
    players = " ".join(_quote(p) for p in game.players)
    strategies = " ".join("{ " + " ".join(_quote(s) for s in names) + " }" for names in game.strategies)
    lines = [f"NFG 1 R {_quote(game.title)} {{ {players} }}", "", f"{{ {strategies} }}", '""', ""]
    shape = game.shape
    values = []
    for profile in itertools.product(*(range(m) for m in reversed(shape))):
        profile = tuple(reversed(profile))
        values.append(" ".join(_format(game.payoffs[(i, *profile)]) for i in range(game.n_players)))
    lines.append(" ".join(values))
    return "\n".join(lines) + "\n"
