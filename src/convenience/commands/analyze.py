"""``convenience analyze``: sensitivity analysis of one game file (the sensitivity part of
:func:`convenience.pipeline.analyse_game`, printed)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from convenience.commands import budget_option, guarded
from convenience.commands.grammar import (
    QUIET,
    SCHEDULER,
    STDIN,
    VERBOSE,
    Command,
    Format,
    Messages,
    emit,
    files_argument,
    format_option,
    jobs_option,
    output_option,
    scheduler_client,
)
from convenience.json_text import dumps

AnalyzeFormat = Format  # the name this module used before the shared grammar


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
            progress = Progress(console=Console(stderr=True), transient=True)
            state["task"] = progress.add_task(stage, total=total)
            progress.start()
            state["progress"] = progress
        state["progress"].update(state["task"], description=stage, completed=done, total=total)

    return update, state


def register(app: typer.Typer) -> None:
    @app.command(cls=Command)
    @guarded
    def analyze(
        file: Path = files_argument("Game file (YAML or Gambit)."),
        parameter: Optional[List[str]] = typer.Option(None, "--parameter", "-p", metavar="NAME",
                                                      help="Analyse only these parameters (repeatable)."),
        samples: int = typer.Option(10_000, "--samples", "-n", help="Monte Carlo samples (0 to skip)."),
        seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same answer)."),
        noise: float = typer.Option(0.0, "--noise", help="Payoff noise sd, relative to the baseline payoff spread."),
        grid: Optional[List[str]] = typer.Option(None, "--grid", metavar="NAME=LO:HI:N",
                                                 help="Sweep one parameter finely, or two for a regime map."),
        set_: Optional[List[str]] = typer.Option(None, "--set", metavar="NAME=VALUE",
                                                 help="Override a parameter's baseline (repeatable)."),
        jobs: int = jobs_option(1, "Local processes for sampling (and, for games solved point by point, "
                                   "sweeps). The answer does not depend on it."),
        scheduler: Optional[str] = SCHEDULER,
        draw_cap: Optional[int] = typer.Option(None, "--draw-cap", metavar="N",
                                               help="Most Monte Carlo draws solved one by one for games without "
                                                    "a batch solver (default 2000; stated in the output)."),
        output_format: Format = format_option(),
        output: Optional[Path] = output_option(),
        budget: Optional[str] = budget_option(),
        quiet: bool = QUIET,
        verbose: bool = VERBOSE,
    ) -> None:
        """Sensitivity analysis: exact conditions, thresholds, tornado ranking, sweeps and Monte Carlo."""
        from convenience.analysis.sensitivity.choices import parse_grid
        from convenience.commands import is_terminal
        from convenience.pipeline import AnalysisOptions, analyse_game
        from convenience.spec import load_game, parse_assignments

        if output is not None:
            from convenience.commands.output import check_output_file

            check_output_file(output, [] if str(file) == STDIN else [file])
        messages = Messages(quiet, verbose)
        if str(file) == STDIN:
            from convenience.commands.solve import read_stdin_game

            game = read_stdin_game(parse_assignments(set_))
        else:
            if file.suffix.lower() == ".nfg":  # a game too large to analyse is refused before its payoffs are read
                from convenience.analysis.sensitivity.analyze import reserve_normal_form_cells
                from convenience.budget import BudgetExceeded
                from convenience.spec.gambit_nfg import header_shape

                shape = header_shape(file)
                if shape is not None:
                    try:
                        reserve_normal_form_cells(shape)
                    except BudgetExceeded as error:
                        raise error.located(str(file)) from None
            game = load_game(file, parse_assignments(set_))
        quiet_bar = quiet or not (is_terminal() and sys.stderr.isatty())
        with scheduler_client(scheduler, messages):  # fails at once when unreachable
            options = AnalysisOptions(parts=frozenset({"sensitivity"}), samples=samples, seed=seed,
                                      parameters=tuple(parameter) if parameter else None, noise=noise,
                                      grid=tuple(parse_grid(grid).items()), regime_map=not grid, ranged_only=False,
                                      keep_going=False, draw_cap=draw_cap, workers=jobs, scheduler=scheduler)
            progress, bar = _progress() if not quiet_bar else (None, None)
            try:
                report = analyse_game(game, options, source=str(file), progress=progress).sensitivity
            finally:
                if bar is not None and bar.get("progress") is not None:
                    bar["progress"].stop()
        assert report is not None  # analysed whatever the game declares
        if report.monte_carlo is not None:
            messages.detail(f"Monte Carlo: {report.monte_carlo.samples} samples, seed {report.monte_carlo.seed}")
        from convenience.expectations.inert import inert_parameters

        inert = inert_parameters(game, frozenset(parse_assignments(set_)), seed)
        inert_line = f"Inert assumptions: {inert.text()}.\n" if inert.inert else ""
        if output_format is Format.json:
            emit(dumps({**report.to_dict(), "inert": inert.to_dict()}, default=str) + "\n",
                 output, messages)
        elif output_format is Format.markdown or output is not None:
            # a table written to a file is the Markdown report (tables that read as text)
            emit(report.to_markdown() + ("\n" + inert_line if inert_line else ""), output, messages)
        else:
            from rich.console import Console

            _table(report, Console())
            if inert_line:
                typer.echo(inert_line, nl=False)
