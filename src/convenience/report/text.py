"""Markdown text helpers shared by the report renderers: numbers, escaping, tables.

Pure functions of their arguments; user text (titles, labels, descriptions) goes through
:func:`prose` or :func:`cell` so that a ``<tag`` or a ``|`` cannot break the page.
"""

from __future__ import annotations

from typing import Any, Sequence

from convenience.report.tables import cell, num, prose, table
from convenience.report.views import ThresholdItem, ThresholdRow

__all__ = ["cell", "code", "join_words", "link_text", "nearest", "num", "percent", "prose", "sources_text",
           "table"]


def percent(share: float, digits: int = 1) -> str:
    return f"{100 * share:.{digits}f}%"


def link_text(text: Any) -> str:
    return prose(text).replace("[", "\\[").replace("]", "\\]")


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


def is_reference(source: str) -> bool:
    """Whether a ``source:`` entry is a free-text literature reference (``"Fajgelbaum et al.
    (2020)"``) rather than a claim id (``pooling-efforts``): ids have no spaces or brackets."""
    import re

    return re.fullmatch(r"[A-Za-z0-9_.:/-]+", source) is None


def source_anchor(source: str) -> str:
    """The HTML id of a source's entry under Provenance: ``source-`` and the id itself, or for a
    free-text reference its words in lower case joined by hyphens (``source-fajgelbaum-et-al-2020``)."""
    import re

    if not is_reference(source):
        return f"source-{source}"
    return "source-" + (re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-") or "reference")


def sources_text(sources: Any) -> str:
    if not sources:
        return "—"
    if isinstance(sources, str):
        sources = (sources,)
    return ", ".join(f"[{link_text(s)}](#{source_anchor(str(s))})" for s in sources)
