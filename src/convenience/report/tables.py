"""Markdown's smallest pieces: numbers, escaped user text, GFM tables and payoff tables.

Every table convenience writes (reports, notebooks, solve results, the check summary) goes
through :func:`table`, and every label from a game file through :func:`prose` or :func:`cell`,
so a ``<tag`` or a ``|`` in a label can never open markup or break a row. Pure functions that
import nothing of convenience but :mod:`convenience.numbers`, so any display hook may use them.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any, Sequence

from convenience.numbers import format_number

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame


def num(value: Any) -> str:
    """A number in a report: ``3/4`` for exact values, up to 6 significant digits for floats."""
    return format_number(value, 6)


def prose(text: Any) -> str:
    """User text safe in Markdown prose: a ``<`` that could open an HTML tag is escaped."""
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", str(text))


#: A line break inside a table cell (the Unicode line separator): :func:`cell` writes it as
#: ``<br>``, so one cell can show, say, one line per branch of a play.
LINE_BREAK = "\u2028"


def cell(text: Any) -> str:
    """User text safe in a table cell: escaped as :func:`prose`, pipes escaped, newlines as
    spaces; a :data:`LINE_BREAK` becomes ``<br>``."""
    text = prose(text).replace("|", "\\|").replace("\n", " ").strip()
    return "<br>".join(part.strip() for part in text.split(LINE_BREAK)) or " "


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], align: Sequence[str] | None = None) -> str:
    """A GFM table; every row has as many cells as the header."""
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    rule = [marks.get(a, "---") for a in (align or ["l"] * len(header))]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "| " + " | ".join(rule) + " |"]
    for row in rows:
        row = list(row) + [""] * (len(header) - len(row))
        lines.append("| " + " | ".join(cell(c) for c in row[:len(header)]) + " |")
    return "\n".join(lines)


def payoff_tables(game: NormalFormGame) -> list[str]:
    """Payoff tables at the baseline; games of 3+ players get one table per others' profile."""
    players, strategies = game.players, game.strategies
    n = len(players)
    if n == 1:
        return [table([players[0], "Payoff"], [[s, num(game.payoffs[0][k])] for k, s in enumerate(strategies[0])])]
    blocks = []
    rest = list(itertools.product(*(range(len(s)) for s in strategies[2:])))
    for fixed in rest:
        header = [f"{players[0]} \\ {players[1]}", *strategies[1]]
        rows = []
        for i, row_name in enumerate(strategies[0]):
            cells = []
            for j in range(len(strategies[1])):
                index = (i, j, *fixed)
                cells.append(", ".join(num(game.payoffs[p][index]) for p in range(n)))
            rows.append([f"**{row_name}**", *cells])
        text = table(header, rows)
        if fixed:
            when = ", ".join(f"{prose(players[2 + k])} plays {prose(strategies[2 + k][s])}"
                             for k, s in enumerate(fixed))
            text = f"When {when}:\n\n{text}"
        blocks.append(text)
    return blocks
