"""Text forms of a solve result: Markdown (pure function) and plain rows for terminal tables.

The JSON form is :meth:`convenience.results.SolveResult.to_dict`; these are for people.
"""

from __future__ import annotations

from typing import Any

from convenience.results import SolveResult, format_number


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def component_text(component: Any) -> str:
    """One readable sentence for a component (connected set) of equilibria."""
    return getattr(component, "description", None) or str(component)


def equilibrium_rows(result: SolveResult) -> tuple[list[str], list[list[str]]]:
    """Header and rows: one row per equilibrium, one column per player plus payoffs and regret."""
    players = list(getattr(result.game, "players", ()))
    header = ["#", *players, "Payoffs", "Max regret"]
    rows = []
    for k, eq in enumerate(result.equilibria, 1):
        if hasattr(eq, "strategy_label"):
            strategies = [eq.strategy_label(i) for i in range(len(players))]
        else:  # behaviour equilibria of trees describe themselves
            strategies = [eq.player_label(p) if hasattr(eq, "player_label") else eq.label() for p in players]
        payoffs = ", ".join(format_number(v) for v in eq.payoffs)
        rows.append([str(k), *strategies, f"({payoffs})", format_number(eq.regret)])
    return header, rows


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |",
             "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def result_markdown(result: SolveResult, heading_level: int = 2) -> str:
    """A solve result as Markdown: title, method, the equilibria table, components and notes."""
    game = result.game
    hashes = "#" * heading_level
    title = getattr(game, "title", "") or "Game"
    exactness = "exact" if result.exact else "floating point, verified by regret"
    count = len(result.equilibria)
    lines = [f"{hashes} {title}", "",
             f"Method: `{result.method}`; {count} equilibri{'um' if count == 1 else 'a'} ({exactness}).", ""]
    if result.equilibria:
        lines += [markdown_table(*equilibrium_rows(result)), ""]
    for k, component in enumerate(result.components, 1):
        text = component_text(component)
        lines.append(f"- Component {k}: {text}")
    if result.components:
        lines.append("")
    for note in result.notes:
        lines.append(f"- {note}")
    return "\n".join(lines).rstrip() + "\n"
