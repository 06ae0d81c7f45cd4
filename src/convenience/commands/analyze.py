"""``convenience analyze``: sensitivity analysis of one game file (the sensitivity part of
:func:`convenience.pipeline.analyse_game`, printed)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from convenience.commands import budget_option, guarded, write_atomic


class AnalyzeFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _table(report, console) -> None:
    from rich.table import Table

    from convenience.report.sensitivity_summary import threshold_rows

    console.print(report.title or "", markup=False, style="bold")
    console.print(report.headline(), markup=False)
    console.print(f"Equilibria at the baseline: {', '.join(report.baseline) or 'none'}", markup=False)
    if report.conditions is not None:
        for c in getattr(report.conditions, "tracked", report.conditions.candidates):
            if c.status in ("never", "degenerate") and c.support.root:
                continue
            if c.status == "never" and not c.support.is_pure:
                continue
            console.print(f"  {c.sentence()}", markup=False, soft_wrap=True)
    if report.tornado:
        table = Table(title="Thresholds, most fragile first", title_justify="left")
        for h in ("parameter", "baseline", "range", "nearest below", "nearest above", "distance/range"):
            table.add_column(h)
        for row in threshold_rows(report):
            table.add_row(*row)
        console.print(table)
    if report.regime_map is not None:
        m = report.regime_map
        table = Table(title=f"Regime map {m.x} x {m.y}", title_justify="left")
        for h in ("equilibrium set", "share", "example"):
            table.add_column(h)
        for r in m.regions:
            table.add_row(r.label, f"{100 * r.share:.1f}%", f"{m.x}={r.example[0]:g}, {m.y}={r.example[1]:g}")
        console.print(table)
        for b in m.boundaries:
            if b.equations:
                console.print(f"  boundary {b.between[0]} | {b.between[1]}: {'; '.join(b.equations)}", markup=False)
    mc = report.monte_carlo
    if mc is not None:
        console.print(_frequencies(f"Monte Carlo: {mc.samples} samples, seed {mc.seed}", "equilibrium",
                                   mc.equilibria))
        if mc.shows_paths():
            console.print(_frequencies("Equilibrium paths (the choices actually made)", "path", mc.outcomes))
        for note in mc.notes:
            console.print(f"  note: {note}", markup=False)
    if report.ordinal is not None:
        for c in report.ordinal.conclusions:
            console.print(f"  {c.text()}", markup=False)
    for note in report.notes:
        console.print(f"  note: {note}", markup=False)


def _frequencies(title: str, what: str, frequencies):
    """A rich table of Monte Carlo frequencies with their Wilson intervals."""
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for h in (what, "share", "95% interval"):
        table.add_column(h)
    for f in frequencies:
        lo, hi = f.interval
        table.add_row(f.label, f"{100 * f.share:.1f}%", f"{100 * lo:.1f}-{100 * hi:.1f}%")
    return table


def _progress():
    """A progress callback that shows a rich bar on stderr once work has run for a second."""
    import time

    from rich.console import Console
    from rich.progress import Progress

    state: dict = {"start": time.monotonic(), "progress": None, "task": None}

    def update(stage: str, done: int, total: int) -> None:
        if state["progress"] is None:
            if time.monotonic() - state["start"] < 1.0 or done >= total:
                return
            state["progress"] = Progress(console=Console(stderr=True), transient=True)
            state["task"] = state["progress"].add_task(stage, total=total)
            state["progress"].start()
        state["progress"].update(state["task"], description=stage, completed=done, total=total)

    return update, state


def register(app: typer.Typer) -> None:
    @app.command()
    @guarded
    def analyze(
        file: Path = typer.Argument(..., help="Game file (YAML or Gambit).", show_default=False),
        parameter: Optional[List[str]] = typer.Option(None, "--parameter", "-p", metavar="NAME",
                                                      help="Analyse only these parameters (repeatable)."),
        samples: int = typer.Option(10_000, "--samples", "-n", help="Monte Carlo samples (0 to skip)."),
        seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same answer)."),
        noise: float = typer.Option(0.0, "--noise", help="Payoff noise sd, relative to the baseline payoff spread."),
        grid: Optional[List[str]] = typer.Option(None, "--grid", metavar="NAME=LO:HI:N",
                                                 help="Sweep one parameter finely, or two for a regime map."),
        set_: Optional[List[str]] = typer.Option(None, "--set", metavar="NAME=VALUE",
                                                 help="Override a parameter's baseline (repeatable)."),
        workers: int = typer.Option(1, "--workers", "-w", help="Local worker processes for sampling (and, for games solved point by point, sweeps)."),
        scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                                help="Run sampling on a Dask scheduler (tcp://host:8786)."),
        draw_cap: Optional[int] = typer.Option(None, "--draw-cap", metavar="N",
                                               help="Most Monte Carlo draws solved one by one for games without "
                                                    "a batch solver (default 2000; stated in the output)."),
        output_format: AnalyzeFormat = typer.Option(AnalyzeFormat.table, "--format", "-f", help="Output format."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
        budget: Optional[str] = budget_option(),
    ) -> None:
        """Sensitivity analysis: exact conditions, thresholds, tornado ranking, sweeps and Monte Carlo."""
        from convenience.analysis.sensitivity.choices import parse_grid
        from convenience.commands import is_terminal
        from convenience.pipeline import AnalysisOptions, analyse_game
        from convenience.spec import load_game, parse_assignments

        if output is not None:
            from convenience.commands.output import check_output_file

            check_output_file(output, [file])
        game = load_game(file, parse_assignments(set_))
        options = AnalysisOptions(parts=frozenset({"sensitivity"}), samples=samples, seed=seed,
                                  parameters=tuple(parameter) if parameter else None, noise=noise,
                                  grid=tuple(parse_grid(grid).items()), regime_map=False, ranged_only=False, keep_going=False,
                                  draw_cap=draw_cap, workers=workers, scheduler=scheduler)
        progress, bar = _progress() if is_terminal() and sys.stderr.isatty() else (None, None)
        try:
            report = analyse_game(game, options, source=str(file), progress=progress).sensitivity
        finally:
            if bar is not None and bar.get("progress") is not None:
                bar["progress"].stop()
        assert report is not None  # analysed whatever the game declares
        from convenience.expectations.inert import inert_parameters

        inert = inert_parameters(game, frozenset(parse_assignments(set_)), seed)
        inert_line = f"Inert assumptions: {inert.text()}.\n" if inert.inert else ""
        if output_format is AnalyzeFormat.json:
            text = json.dumps({**report.to_dict(), "inert": inert.to_dict()}, indent=2, default=str) + "\n"
        elif output_format is AnalyzeFormat.markdown:
            text = report.to_markdown() + ("\n" + inert_line if inert_line else "")
        else:
            if output is None:
                from rich.console import Console

                _table(report, Console())
                if inert_line:
                    typer.echo(inert_line, nl=False)
                return
            text = report.to_markdown() + ("\n" + inert_line if inert_line else "")
        if output is not None:
            write_atomic(output, text)
        else:
            typer.echo(text, nl=False)
