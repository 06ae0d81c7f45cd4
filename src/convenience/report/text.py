"""Markdown text helpers shared by the report renderers: numbers, escaping, tables.

Pure functions of their arguments; user text (titles, labels, descriptions) goes through
:func:`prose` or :func:`cell` so that a ``<tag`` or a ``|`` cannot break the page.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any, Sequence

from convenience.report.views import ThresholdItem, ThresholdRow


def num(value: Any) -> str:
    """``3/4`` for exact values, up to 6 significant digits for floats."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if hasattr(value, "is_Rational") and value.is_Rational:
        return num(Fraction(int(value.p), int(value.q)))
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.6g}"
    return "0" if text in ("-0", "0") else text


def percent(share: float, digits: int = 1) -> str:
    return f"{100 * share:.{digits}f}%"


def prose(text: Any) -> str:
    """User text safe in Markdown prose: a ``<`` that could open an HTML tag is escaped."""
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", str(text))


def cell(text: Any) -> str:
    return prose(text).replace("|", "\\|").replace("\n", " ").strip() or " "


def link_text(text: Any) -> str:
    return prose(text).replace("[", "\\[").replace("]", "\\]")


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], align: Sequence[str] | None = None) -> str:
    """A GFM table; every row has as many cells as the header."""
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    rule = [marks.get(a, "---") for a in (align or ["l"] * len(header))]
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "| " + " | ".join(rule) + " |"]
    for row in rows:
        row = list(row) + [""] * (len(header) - len(row))
        lines.append("| " + " | ".join(cell(c) for c in row[:len(header)]) + " |")
    return "\n".join(lines)


def join_words(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def code(text: Any) -> str:
    text = str(text)
    return f"`{text}`" if "`" not in text else text


def nearest(row: ThresholdRow) -> tuple[ThresholdItem, str] | None:
    """The threshold closest to baseline and the verb phrase of moving there."""
    options = []
    if row.below is not None:
        options.append((abs(float(row.baseline) - row.below.value), row.below, "falls below"))
    if row.above is not None:
        options.append((abs(row.above.value - float(row.baseline)), row.above, "rises above"))
    if not options:
        return None
    _, item, verb = min(options, key=lambda t: t[0])
    return item, verb


def sources_text(sources: Any) -> str:
    if not sources:
        return "—"
    if isinstance(sources, str):
        sources = (sources,)
    return ", ".join(f"[{s}](#source-{s})" for s in sources)
