"""How games display themselves in Jupyter, as Markdown.

A notebook that ends a cell with a game shows its title, players and parameters, then its
payoff tables at the baseline (a repeated game: its stage game; a tree: an outline of its moves
and payoffs at the baseline, up to :data:`OUTLINE_NODES` nodes, and its size beyond). The tables
and the escaping are the report's own (:mod:`convenience.report.text`), so a label reads the same
in a notebook as in a report, and never opens markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from convenience.game import Game, game_kind, numeric, parameters_of
from convenience.report.tables import cell, num, payoff_tables, table

if TYPE_CHECKING:
    from convenience.extensive.tree import GameTree
    from convenience.normal_form import NormalFormGame
    from convenience.repeated.game import RepeatedGame


#: Trees up to this many nodes display as an outline; larger ones by their size only.
OUTLINE_NODES = 200


def tree_outline(tree: GameTree) -> list[str]:
    """A numeric tree as a nested Markdown list: who moves at each node (chance with its
    probabilities, information sets of several nodes named), each action, and the payoffs at
    the leaves. Labels are escaped as table cells are: no markup, no line break."""
    players = tuple(tree.players)
    shared = {h for h, info in enumerate(tree.infosets) if len(info.nodes) > 1}
    lines: list[str] = []
    stack: list[tuple[int, int, str]] = [(0, 0, "")]
    while stack:
        node, depth, via = stack.pop()
        indent = "  " * depth
        if int(tree.n_children[node]) == 0:
            payoffs = ", ".join(f"{cell(p)} {num(tree.payoffs[node][k])}" for k, p in enumerate(players))
            lines.append(f"{indent}- {via}payoffs: {payoffs}")
            continue
        h = int(tree.infoset[node])
        if h < 0:
            who = "chance"
        else:
            who = f"**{cell(players[int(tree.mover[node])])}**"
            if h in shared:
                who += f" (information set *{cell(tree.infosets[h].label)}*)"
        lines.append(f"{indent}- {via}{who} chooses" if h >= 0 else f"{indent}- {via}{who}")
        actions = tree.actions_at(node)
        children = list(tree.children(node))
        for child, action in reversed(list(zip(children, actions))):
            odds = f" (probability {num(tree.prob[child])})" if h < 0 else ""
            stack.append((child, depth + 1, f"{cell(action)}{odds} → "))
    return lines


def game_markdown(game: Game) -> str:
    """A game at a glance: title, players, parameters, and payoff tables (or the tree's size)."""
    kind = game_kind(game)
    lines = [f"**{cell(game.title or 'Untitled game')}** ({kind} form, "
             f"players: {', '.join(map(cell, game.players))})", ""]
    parameters = parameters_of(game)
    if parameters:
        rows = [[name, num(p.value),
                 "—" if p.range is None else f"{num(p.range[0])} to {num(p.range[1])}"]
                for name, p in parameters.items()]
        lines += [table(["parameter", "baseline", "range"], rows), ""]
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
        discount = "" if repeated.discount is None else f", discount factor {num(repeated.discount)}"
        lines += [f"The stage game below is repeated {horizon}{discount}.", ""]
        at = repeated.stage
    lines += ["\n\n".join(payoff_tables(cast("NormalFormGame", at))), ""]
    return "\n".join(lines)
