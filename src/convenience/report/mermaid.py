"""Game trees as Mermaid ``flowchart TD`` diagrams (rendered by GitHub, GitLab and most sites).

Decision nodes are boxes naming the mover (and its information set when it holds several
nodes), chance nodes are circles, terminals show the payoffs. Chance moves carry their
probabilities; nodes of one information set are joined by dotted links; the moves on an
equilibrium path are drawn thick and coloured (``linkStyle``) and the nodes it reaches get
the ``path`` class.
"""

from __future__ import annotations

from typing import Any
from convenience.numbers import format_number

#: Trees larger than this are described in words instead of drawn.
MAX_DIAGRAM_NODES = 80
PATH_COLOUR = "#D55E00"


def _text(value: str) -> str:
    """Mermaid label text inside double quotes."""
    return (str(value).replace("&", "&amp;").replace('"', "#quot;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "#124;").replace("\n", " "))


def on_path(tree: Any, strategy: Any) -> set[int]:
    """Nodes reached with positive probability under a behaviour strategy."""
    from convenience.extensive.behaviour import edge_probabilities, reach_products

    reach = reach_products(tree, edge_probabilities(tree, strategy))
    return {v for v in range(tree.n_nodes) if reach[v] > 0}


def tree_mermaid(tree: Any, strategy: Any = None) -> str:
    """The tree as a Mermaid flowchart; ``strategy`` (behaviour vector) highlights its path."""
    from convenience.extensive.tree import CHANCE, TERMINAL

    reached = on_path(tree, strategy) if strategy is not None else set()
    lines = ["flowchart TD"]
    links: list[str] = []
    highlighted: list[int] = []
    shared = {h for h, infoset in enumerate(tree.infosets) if len(infoset.nodes) > 1} \
        if not tree.is_perfect_information else set()
    for v in range(tree.n_nodes):
        mover = int(tree.mover[v])
        if mover == TERMINAL:
            payoff = ", ".join(f"{p} {format_number(tree.payoffs[v, i])}" for i, p in enumerate(tree.players))
            lines.append(f'    n{v}(["{_text(payoff)}"])')
        elif mover == CHANCE:
            lines.append(f'    n{v}(("{_text(tree.names.get(v) or "chance")}"))')
        else:
            label = tree.players[mover]
            h = int(tree.infoset[v])
            if h in shared:
                label += f" ({tree.infosets[h].label})"
            lines.append(f'    n{v}["{_text(label)}"]')
    for v in range(1, tree.n_nodes):
        u = int(tree.parent[v])
        action = tree.actions_at(u)[int(tree.action[v])]
        if int(tree.mover[u]) == CHANCE:
            action = f"{action} ({format_number(tree.prob[v])})"
        if v in reached and u in reached:
            highlighted.append(len(links))
        links.append(f'    n{u} -->|"{_text(action)}"| n{v}')
    for h in sorted(shared):
        nodes = tree.infosets[h].nodes
        for a, b in zip(nodes, nodes[1:]):
            links.append(f"    n{a} -.- n{b}")
    lines += links
    lines.append("    classDef path stroke:%s,stroke-width:3px" % PATH_COLOUR)
    if reached:
        lines.append("    class " + ",".join(f"n{v}" for v in sorted(reached)) + " path")
    if highlighted:
        lines.append("    linkStyle " + ",".join(map(str, highlighted)) +
                     f" stroke:{PATH_COLOUR},stroke-width:3px")
    return "\n".join(lines)
