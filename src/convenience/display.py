"""How games and results show themselves in Jupyter: Markdown, and HTML made from it.

A notebook that ends a cell with a game shows its payoff tables at the baseline (a tree shows
its diagram as Mermaid source, a repeated game its stage game), with the parameters and their
ranges; a result shows the same Markdown as ``solve -f markdown`` or ``analyze -f markdown``.
HTML is the Markdown rendered by markdown-it with raw HTML disabled, so labels and titles
from a game file are always shown as text, never run as markup.
"""

from __future__ import annotations

from typing import Any


def markdown_to_html(text: str) -> str:
    """CommonMark plus tables, with raw HTML escaped (``<script>`` in a label stays text)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def game_markdown(game: Any) -> str:
    """A game at a glance: title, players, parameters, and payoff tables (or the tree)."""
    from convenience.report.markdown import payoff_tables
    from convenience.report.text import num, prose, table

    kind = getattr(game, "kind", "normal")
    lines = [f"**{prose(getattr(game, 'title', '') or 'Untitled game')}** ({kind} form, "
             f"players: {prose(', '.join(map(str, getattr(game, 'players', ()))))})", ""]
    parameters = getattr(game, "parameters", None) or {}
    if parameters:
        rows = [[name, num(p.value), "—" if p.range is None else f"{num(p.range[0])} to {num(p.range[1])}"]
                for name, p in parameters.items()]
        lines += [table(["parameter", "baseline", "range"], rows), ""]
    numeric = game.at() if hasattr(game, "at") else game
    if kind == "tree":
        from convenience.report.mermaid import MAX_DIAGRAM_NODES, tree_mermaid

        if numeric.n_nodes <= MAX_DIAGRAM_NODES:
            lines += ["```mermaid", tree_mermaid(numeric), "```", ""]
        else:
            lines += [f"A tree of {numeric.n_nodes:,} nodes, too many to draw.", ""]
        return "\n".join(lines)
    if kind == "repeated":
        lines += [_repetition(numeric), ""]
        numeric = numeric.stage
    lines += ["\n\n".join(payoff_tables(numeric)), ""]
    return "\n".join(lines)


def _repetition(game: Any) -> str:
    from convenience.report.text import num

    horizon = "infinitely" if game.horizon is None else f"{game.horizon} times"
    discount = "" if game.discount is None else f", discount factor {num(game.discount)}"
    return f"The stage game below is repeated {horizon}{discount}."


class NotebookDisplay:
    """Mixin: a game that displays itself in Jupyter (Markdown and HTML)."""

    def _repr_markdown_(self) -> str:
        return game_markdown(self)

    def _repr_html_(self) -> str:
        return markdown_to_html(game_markdown(self))
