"""A repeated game's analysis as Markdown: the verdict, the stage equilibria, then either the
grim-trigger conditions per player (infinite horizon: the critical discount factor, exact and in
the parameters, and the folk-theorem check against minmax values) or the subgame-perfect path
period by period (finite horizon). A pure function of the result; labels are escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from convenience.numbers import format_number
from convenience.repeated.finite import format_payoffs
from convenience.repeated.grim import condition_text, expression_text
from convenience.report.tables import prose, table

if TYPE_CHECKING:
    from convenience.repeated.result import RepeatedResult


def _symbolic(value: Any) -> str | None:
    return None if value is None else expression_text(value)


def _punishment_text(result: RepeatedResult) -> str:
    """Plain words for the punishment rule."""
    if result.punishment == "nash":
        return "Nash reversion (the stage equilibrium worst for the deviator, for ever)"
    if result.punishment == "minmax":
        return "minmax punishment (the others hold the deviator to its minmax value, for ever)"
    return result.punishment


def repeated_markdown(result: RepeatedResult) -> str:
    """The result as Markdown (a pure function of the result)."""
    lines = [f"### Repeated game: {prose(result.title)}" if result.title else "### Repeated game", ""]
    lines += [f"**Verdict:** {prose(result.label())}.", ""]
    if result.stage_equilibria:
        lines += ["Stage equilibria: " + "; ".join(f"({prose(e.label())})" for e in result.stage_equilibria) + ".", ""]
    lines += _finite_lines(result) if result.finite is not None else _grim_trigger_lines(result)
    notes = [n for n in result.notes if not n.startswith("stage game:")]  # the solver's own notes
    if notes:
        lines += [""] + [f"- {prose(n)}" for n in notes]
    return "\n".join(lines) + "\n"


def _finite_lines(result: RepeatedResult) -> list[str]:
    """The subgame-perfect path of a finite repetition, period by period, and the threats behind it."""
    f = result.finite
    assert f is not None
    lines = [f"Finite repetition, {f.horizon} periods, discount {format_number(f.discount)}"
             f"{' (unique subgame-perfect payoff)' if f.unique else ''}:", "",
             table(["period", "play"], [[str(t), p] for t, p in enumerate(f.path, start=1)])]
    lines += ["", f"Total payoffs: {format_payoffs(f.payoffs)}."]
    if f.threats:
        lines += ["", "Threats that keep the path in equilibrium:", ""] + [f"- {prose(t)}" for t in f.threats]
    return lines


def _grim_trigger_lines(result: RepeatedResult) -> list[str]:
    """Each player's grim-trigger condition, the critical discount factor and the folk-theorem check."""
    rows = []
    for c in result.conditions:
        dev = f"{c.deviation} ({format_number(c.deviation_payoff)})" if c.deviation else f"none ({format_number(c.deviation_payoff)})"
        sym = f" = {_symbolic(c.symbolic_threshold)}" if c.symbolic_threshold is not None else ""
        threshold = "—" if c.threshold is None else f"{format_number(c.threshold)}{sym}"
        rows.append([c.player, format_number(c.target_payoff), dev, format_number(c.punishment_payoff), condition_text(c), threshold])
    lines = [f"Target: ({prose(result.target_label)}); punishment: {_punishment_text(result)}"
             f"{'' if result.subgame_perfect else ' (not a stage equilibrium: Nash, not subgame perfect)'}.", "",
             table(["player", "target c", "best deviation d", "punishment p", "condition", "threshold"], rows), ""]
    if result.sustainable:
        crit = f"Critical discount factor: **{format_number(result.critical_discount)}**"
        if result.critical_discount_symbolic is not None:
            crit += f" = {_symbolic(result.critical_discount_symbolic)}"
        lines.append(crit + ".")
    if result.discount is not None and result.sustained is not None:
        word = "sustained" if result.sustained else "not sustained"
        lines.append(f"At delta = {format_number(result.discount)} the target is {word}.")
    if result.minmax:
        minmax = [[c.player, format_number(c.target_payoff), format_number(m.pure_value), format_number(m.mixed_value), "yes" if ir else "no"]
                  for c, m, ir in zip(result.conditions, result.minmax, result.individually_rational)]
        lines += ["", table(["player", "target payoff", "pure minmax", "mixed minmax",
                             "strictly individually rational"], minmax)]
    return lines
