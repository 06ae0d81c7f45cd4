"""Text forms of a solve result: Markdown (pure function) and plain rows for terminal tables.

The JSON form is :meth:`convenience.results.SolveResult.to_dict`; these are for people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from convenience.numbers import format_number
from convenience.report.tables import prose, table

if TYPE_CHECKING:
    from convenience.results import SolveResult


def component_text(component: Any) -> str:
    """One readable sentence for a component (connected set) of equilibria."""
    return getattr(component, "description", None) or str(component)


def player_choices(equilibrium: Any, players: list[str]) -> list[str]:
    """What each player does in an equilibrium, one text per player."""
    if hasattr(equilibrium, "strategy_label"):
        return [equilibrium.strategy_label(i) for i in range(len(players))]
    parts = dict(part.split(": ", 1) for part in equilibrium.label().split("; ") if ": " in part)
    return [parts.get(p, "(does not move)") for p in players]


def equilibrium_rows(result: SolveResult) -> tuple[list[str], list[list[str]]]:
    """Header and rows: one row per equilibrium, one column per player plus payoffs and regret.

    Equilibria of trees also get their path (the moves played with positive probability).
    """
    players = list(getattr(result.game, "players", ()))
    with_path = any(hasattr(e, "path") for e in result.equilibria)
    header = ["#", *players, *(["Path"] if with_path else []), "Payoffs", "Max regret"]
    rows = []
    for k, eq in enumerate(result.equilibria, 1):
        payoffs = ", ".join(format_number(v) for v in eq.payoffs)
        path = ["; ".join(m.split(" at ")[0] for m in eq.path())] if with_path else []
        rows.append([str(k), *player_choices(eq, players), *path, f"({payoffs})", format_number(eq.regret)])
    return header, rows


def result_markdown(result: SolveResult, heading_level: int = 2) -> str:
    """A solve result as Markdown: title, method, the equilibria table, components and notes."""
    game = result.game
    hashes = "#" * heading_level
    title = getattr(game, "title", "") or "Game"
    exactness = "exact" if result.exact else "floating point, verified by regret"
    count = len(result.equilibria)
    lines = [f"{hashes} {prose(title)}", "",
             f"Method: `{result.method}`; {count} equilibri{'um' if count == 1 else 'a'} ({exactness}).", ""]
    if result.equilibria:
        lines += [table(*equilibrium_rows(result)), ""]
    for k, component in enumerate(result.components, 1):
        text = component_text(component)
        lines.append(f"- Component {k}: {prose(text)}")
    if result.components:
        lines.append("")
    lines += [f"- {prose(note)}" for note in result.notes]
    return "\n".join(lines).rstrip() + "\n"
