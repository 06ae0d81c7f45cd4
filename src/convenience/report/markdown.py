"""A game's report as GitHub-flavoured Markdown: a pure function of a ``GameReport``.

Sections, in order: verdict, the game, assumptions, equilibria, stability, sensitivity,
expectations, provenance. Nothing here reads the clock, the machine or the file system, so
the same results always give the same bytes. Figures are linked by name (``figures/...``);
:mod:`convenience.report.plots` draws them and the CLI writes them.
"""

from __future__ import annotations

import itertools
from typing import Any

from convenience.normal_form import NormalFormGame
from convenience.report.sections import (
    equilibria_section,
    names_used,
    plans_section,
    expectations_section,
    provenance_section,
    sensitivity_section,
    stability_section,
)
from convenience.report.tables import payoff_tables
from convenience.report.units import payoff_units
from convenience.report.text import cell, code, num, percent, prose, sources_text, table
from convenience.report.verdict import verdict

# The helpers most callers want, importable from here as well.
__all__ = ["cell", "num", "payoff_tables", "percent", "prose", "render_report", "table", "verdict"]


# -- the game -------------------------------------------------------------------------------
def _game_section(report: Any) -> list[str]:
    game = report.game
    out = ["## The game", ""]
    paragraphs = [" ".join(p.split()) for p in str(getattr(game, "description", "") or "").split("\n\n") if p.strip()]
    for paragraph in paragraphs:
        out += [prose(paragraph), ""]
    if report.topology and report.topology.startswith("ties"):
        out += [f"In the Robinson–Goforth topology of 2×2 games this game has payoff {report.topology}.", ""]
    elif report.topology:
        out += [f"At the baseline this is a **{report.topology}** (Robinson–Goforth topology of 2×2 games).", ""]
    numeric = getattr(report.result, "game", None)
    players = getattr(game, "players", ())
    if report.kind == "tree":
        from convenience.report.mermaid import MAX_DIAGRAM_NODES, tree_mermaid

        tree = numeric
        if tree is not None and tree.n_nodes <= MAX_DIAGRAM_NODES:
            spe = [e for e in report.result.equilibria if getattr(e, "concept", "") == "subgame perfect"]
            strategy = (spe or list(report.result.equilibria) or [None])[0]
            units = payoff_units(game)
            out += ["Players: " + ", ".join(players) + ". The tree at the baseline (the thick path is the "
                    "first equilibrium's; dotted links join nodes a player cannot tell apart"
                    + (f"; payoffs {units}" if units else "") + "):", "",
                    "```mermaid", tree_mermaid(tree, getattr(strategy, "strategy", None)), "```", ""]
        elif tree is not None:
            out += [f"The tree has {tree.n_nodes:,} nodes, too many to draw.", ""]
        return out
    if isinstance(numeric, NormalFormGame):  # a strategic form or a repeated game's stage game
        lead = "Stage game payoffs" if report.kind == "repeated" else "Payoffs at the baseline"
        units = payoff_units(game)
        out += [prose(f"{lead} ({', '.join(numeric.players)}; each cell lists the players' payoffs in that order, "
                f"rows are {numeric.players[0]}'s strategies" + (f"; payoffs {units}" if units else "") + "):"), ""]
        for block in payoff_tables(numeric):
            out += [block, ""]
    return out


# -- assumptions ----------------------------------------------------------------------------
def _distribution_text(p: Any) -> str:
    spec = p.distribution
    if spec is None:
        return "uniform" if p.range is not None else "fixed"
    if isinstance(spec, str):
        return spec
    kind = str(spec.get("type", spec.get("kind", "uniform")))
    extra = ", ".join(f"{k} = {spec[k]}" for k in sorted(spec, key=str) if k not in ("type", "kind"))
    return f"{kind} ({extra})" if extra else kind



def _assumptions_section(report: Any) -> list[str]:
    game = report.game
    parameters = getattr(game, "parameters", {}) or {}
    out = ["## Assumptions", ""]
    if parameters:
        rows = []
        verdicts = getattr(report, "verdicts", None)
        inertness = verdicts.inert if verdicts is not None else None
        inert = set(inertness.inert) if inertness is not None else set()
        for name, p in parameters.items():
            written = tuple(getattr(p, "written", ()) or ())
            span = "—" if p.range is None else (f"[{written[1]}, {written[2]}]" if len(written) == 3
                                                 else f"[{num(p.low)}, {num(p.high)}]")
            meaning = p.description or "—"
            if getattr(p, "unit", ""):
                meaning = f"{p.description} ({p.unit})" if p.description else p.unit
            if name in inert:
                meaning += " (*moves no equilibrium in range*)" if inertness is not None and inertness.exact else \
                    " (*moved no equilibrium where sampled*)"
            rows.append([code(name), meaning, written[0] if written else num(p.value), span, _distribution_text(p),
                         sources_text(p.source)])
        out += [table(["Parameter", "Meaning", "Baseline", "Range", "Distribution", "Source"], rows,
                      ["l", "l", "r", "c", "l", "l"]), ""]
        if inert and verdicts is not None and verdicts.inert is not None:
            out += [f"Inert: {verdicts.inert.text()}; the conclusions do not rest on "
                    f"{'it' if len(inert) == 1 else 'them'}.", ""]
    else:
        out += ["The game has no parameters: every payoff is a fixed number.", ""]
    expressions = getattr(game, "expressions", None)
    numeric = getattr(report.result, "game", None)
    if report.kind == "normal" and expressions is not None and numeric is not None and parameters:
        out += ["Payoffs as written and at the baseline:", ""]
        rows = []
        for index in itertools.product(*(range(len(s)) for s in game.strategies)):
            profile = ", ".join(s[k] for s, k in zip(game.strategies, index))
            cells = []
            for p in range(len(game.players)):
                text, value = str(expressions[(p, *index)]), num(numeric.payoffs[(p, *index)])
                cells.append(value if text == value else f"{code(text)} = {value}")
            rows.append([profile, *cells])
        out += [table(["Profile", *game.players], rows), ""]
    return out


def render_report(report: Any, figure_dir: str = "figures") -> str:
    """The whole report of one game as Markdown text."""
    head = [f"# {prose(report.title)}", "", "## Verdict", "", prose(verdict(report)), ""]
    head += _game_section(report) + _assumptions_section(report) + equilibria_section(report)
    tail = stability_section(report) + sensitivity_section(report, figure_dir)
    tail += expectations_section(report) + provenance_section(report)
    plans = plans_section(report, names_used("\n".join(head + tail)))  # only the names the report uses
    text = "\n".join(head + plans + tail)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.rstrip() + "\n"
