"""How games display themselves in Jupyter: Markdown, and HTML made from it.

The Markdown is written by :mod:`convenience.report.notebook` (the report's tables and
escaping); HTML is that Markdown rendered by markdown-it with raw HTML disabled, so labels and
titles from a game file are always shown as text, never run as markup.

This module sits with the game types and imports none of them: games inherit its mixin, whose
display hooks borrow report/'s renderer when a notebook asks for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from convenience.game import Game


def markdown_to_html(text: str) -> str:
    """CommonMark plus tables, with raw HTML escaped (``<script>`` in a label stays text)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


class NotebookDisplay:
    """Mixin: a game that displays itself in Jupyter (Markdown and HTML)."""

    def _repr_markdown_(self) -> str:
        from convenience.report.notebook import game_markdown

        return game_markdown(cast("Game", self))

    def _repr_html_(self) -> str:
        from convenience.report.notebook import game_markdown

        return markdown_to_html(game_markdown(cast("Game", self)))
