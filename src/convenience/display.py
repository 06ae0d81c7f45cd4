"""How games display themselves in Jupyter: Markdown, and HTML made from it.

A notebook that ends a cell with a game shows its title, players and parameters, then its
payoff tables at the baseline (a repeated game: its stage game; a tree: an outline of its moves
and payoffs at the baseline, up to :data:`OUTLINE_NODES` nodes, and its size beyond). Results display through their own hooks, with
report/'s renderers. HTML is the Markdown rendered by markdown-it with raw HTML disabled, so
labels and titles from a game file are always shown as text, never run as markup.

This module sits with the game types and imports none of them (nor report/): games call it.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from convenience.extensive.tree import GameTree
    from convenience.game import Game
    from convenience.normal_form import NormalFormGame
    from convenience.repeated.game import RepeatedGame


def markdown_to_html(text: str) -> str:
    """CommonMark plus tables, with raw HTML escaped (``<script>`` in a label stays text)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def _text(value: Any) -> str:
    """User text safe in Markdown: no HTML tag can open, no table cell can break."""
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", str(value)).replace("|", "\\|").replace("\n", " ")


def _number(value: Any) -> str:
    from convenience.numbers import format_number

    return format_number(value)


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def payoff_tables(game: NormalFormGame) -> list[str]:
    """Payoff tables of a numeric normal-form game: rows are the first player's strategies,
    columns the second's, one table per profile of the others; cells list every payoff."""
    players, strategies, n = game.players, game.strategies, len(game.players)
    if n == 1:
        return [_table([_text(players[0]), "payoff"],
                       [[_text(s), _number(game.payoffs[0][k])] for k, s in enumerate(strategies[0])])]
    blocks = []
    for fixed in itertools.product(*(range(len(s)) for s in strategies[2:])):
        rows = [[f"**{_text(row)}**", *(", ".join(_number(game.payoffs[p][(i, j, *fixed)]) for p in range(n))
                                        for j in range(len(strategies[1])))]
                for i, row in enumerate(strategies[0])]
        text = _table([f"{_text(players[0])} \\ {_text(players[1])}", *map(_text, strategies[1])], rows)
        if fixed:
            when = ", ".join(f"{_text(players[2 + k])} plays {_text(strategies[2 + k][s])}" for k, s in enumerate(fixed))
            text = f"When {when}:\n\n{text}"
        blocks.append(text)
    return blocks


#: Trees up to this many nodes display as an outline; larger ones by their size only.
OUTLINE_NODES = 200


def tree_outline(tree: Any) -> list[str]:
    """A numeric tree as a nested Markdown list: who moves at each node (chance with its
    probabilities, information sets of several nodes named), each action, and the payoffs at
    the leaves. Read from the tree's flat arrays (a node without children is a leaf, a node in
    no information set is chance), so this module need not import the tree type."""
    players = tuple(tree.players)
    shared = {h for h, info in enumerate(tree.infosets) if len(info.nodes) > 1}
    lines: list[str] = []
    stack: list[tuple[int, int, str]] = [(0, 0, "")]
    while stack:
        node, depth, via = stack.pop()
        indent = "  " * depth
        if int(tree.n_children[node]) == 0:
            payoffs = ", ".join(f"{_text(p)} {_number(tree.payoffs[node][k])}" for k, p in enumerate(players))
            lines.append(f"{indent}- {via}payoffs: {payoffs}")
            continue
        h = int(tree.infoset[node])
        if h < 0:
            who = "chance"
        else:
            who = f"**{_text(players[int(tree.mover[node])])}**"
            if h in shared:
                who += f" (information set *{_text(tree.infosets[h].label)}*)"
        lines.append(f"{indent}- {via}{who} chooses" if h >= 0 else f"{indent}- {via}{who}")
        actions = tree.actions_at(node)
        children = list(tree.children(node))
        for child, action in reversed(list(zip(children, actions))):
            odds = f" (probability {_number(tree.prob[child])})" if h < 0 else ""
            stack.append((child, depth + 1, f"{_text(action)}{odds} → "))
    return lines


def game_markdown(game: Game) -> str:
    """A game at a glance: title, players, parameters, and payoff tables (or the tree's size)."""
    from convenience.game import game_kind, numeric, parameters_of

    kind = game_kind(game)
    lines = [f"**{_text(game.title or 'Untitled game')}** ({kind} form, "
             f"players: {', '.join(map(_text, game.players))})", ""]
    parameters = parameters_of(game)
    if parameters:
        rows = [[_text(name), _number(p.value),
                 "—" if p.range is None else f"{_number(p.range[0])} to {_number(p.range[1])}"]
                for name, p in parameters.items()]
        lines += [_table(["parameter", "baseline", "range"], rows), ""]
    at = numeric(game)
    if kind == "tree":
        tree = cast("GameTree", at)
        lines += [f"A game tree of {tree.n_nodes:,} nodes and {len(tree.infosets)} information sets; "
                  "`convenience report` draws it, `convenience solve --normal-form` shows its strategic form.", ""]
        if tree.n_nodes <= OUTLINE_NODES:
            lines += ["At the baseline:", "", *tree_outline(tree), ""]
        return "\n".join(lines)
    if kind == "repeated":
        repeated = cast("RepeatedGame", at)
        horizon = "infinitely" if repeated.horizon is None else f"{repeated.horizon} times"
        discount = "" if repeated.discount is None else f", discount factor {_number(repeated.discount)}"
        lines += [f"The stage game below is repeated {horizon}{discount}.", ""]
        at = repeated.stage
    lines += ["\n\n".join(payoff_tables(cast("NormalFormGame", at))), ""]
    return "\n".join(lines)


class NotebookDisplay:
    """Mixin: a game that displays itself in Jupyter (Markdown and HTML)."""

    def _repr_markdown_(self) -> str:
        return game_markdown(cast("Game", self))

    def _repr_html_(self) -> str:
        return markdown_to_html(game_markdown(cast("Game", self)))
