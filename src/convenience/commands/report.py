"""``convenience report``: Markdown reports with figures, one per game, and an index.

Everything is built in memory first (:func:`build_outputs`); only then are files written,
each atomically, so a failure leaves the previous reports intact. ``--check`` compares the
built bytes with the files on disk and lists the stale ones (exit 1) without writing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, List, Optional

import typer

from convenience.commands import budget_option, guarded, is_terminal
from convenience.commands.grammar import (
    QUIET,
    SCHEDULER,
    VERBOSE,
    Command,
    Format,
    Messages,
    files_argument,
    format_option,
    jobs_option,
    scheduler_client,
)
from convenience.errors import InputError
from convenience.json_text import dumps

if TYPE_CHECKING:
    from convenience.cache import AnalysisCache
    from convenience.pipeline import Library

def _display(path: Path) -> str:
    """A path as shown in reports: relative to the working directory when possible, POSIX form."""
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.name
    return path.as_posix()


def game_files(paths: List[Path]) -> Library:
    """The games named or found in directories (sorted), each parsed once; refused when there
    is none or when two would share a report name."""
    from convenience.pipeline import load_library

    if any(str(p) == "-" for p in paths):
        raise InputError("reports are named after their game files: give a file, not standard input (-)",
                         file="-")
    library = load_library(paths)
    files = library.files
    if not files:
        raise InputError("no game files found", file=", ".join(str(p) for p in paths))
    names = [f.stem for f in files]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise InputError(f"two game files would share the report name '{duplicated[0]}.md'",
                         file=str(files[names.index(duplicated[0])]))
    return library


def command_text(paths: List[Path], outdir: Path, samples: int, seed: int) -> str:
    from convenience.report.defaults import DEFAULT_SAMPLES, DEFAULT_SEED

    parts = ["convenience report", *(_display(p) for p in paths), "-o", _display(outdir)]
    if samples != DEFAULT_SAMPLES:
        parts += ["--samples", str(samples)]
    if seed != DEFAULT_SEED:
        parts += ["--seed", str(seed)]
    return " ".join(parts)


def build_outputs(paths: List[Path], outdir: Path, *, samples: int, seed: int, jobs: int = 1,
                  step: Callable[[str], None] | None = None, library: Library | None = None,
                  cache: AnalysisCache | None = None, scheduler: str | None = None,
                  inside: Callable[[str, str, int, int], None] | None = None,
                  stopped: list[str] | None = None) -> dict[Path, bytes]:
    """Every file the reports consist of, path -> bytes, built in memory (nothing written).

    ``jobs`` > 1 analyses and renders games in that many processes; each game is seeded on its
    own, so the bytes are the same whatever the number of jobs. ``library``: the games of
    ``paths`` already read by :func:`game_files`. With a ``cache``, a game whose file, claim
    catalogue and options are unchanged is read back with its rendered files (same bytes).
    ``scheduler``: a Dask scheduler address for the Monte Carlo sampling (same bytes again).
    ``inside(name, stage, done, total)``: progress within each game as it is analysed.
    A game whose analysis spent a work budget still gets its report (saying so); the messages
    are appended to ``stopped``. Settings named in the reports are worded as this command's flags.
    """
    from functools import partial

    from convenience.errors import worded_for

    from convenience.pipeline import AnalysisOptions, analyse_library
    from convenience.report.build import find_claims_file, load_claims
    from convenience.report.index import render_index
    from convenience.report.views import claim_from_result

    catalogue = find_claims_file(list(paths))
    claims, document = load_claims(catalogue)
    command = command_text(paths, outdir, samples, seed)
    options = AnalysisOptions(samples=samples, seed=seed, command=command, scheduler=scheduler)
    rendering = {"render": "report and explorer page", "outdir": str(outdir), "catalogue": _digest(catalogue)}
    with worded_for("cli"):
        analysed = analyse_library(library or game_files(paths), options, jobs=jobs, step=step, display=_display,
                                   then=partial(render_game, outdir=outdir, claims=claims, document=document),
                                   cache=cache, cache_parts=rendering, inside=inside)
    from convenience.explore.report import LINK_TEXT, add_explorers

    outputs: dict[Path, bytes] = {}
    rows = []
    pages = []
    for game_outputs, warnings, row, page in analysed.rendered:
        outputs.update(game_outputs)
        rows.append(row)
        pages.append(page)
        for warning in warnings:
            typer.echo(f"warning: {warning}", err=True)
    if stopped is not None:
        stopped.extend(error.message("cli") for analysis in analysed.games for error in analysis.stopped)
    explored = add_explorers(outputs, analysed.games, outdir, pages)
    for k, analysis in enumerate(analysed.games):
        name = Path(analysis.source).stem
        if name in explored and rows[k]:
            rows[k] = (f"{rows[k][0]} ([{LINK_TEXT}]({name}.html))", *rows[k][1:])
    if analysed.directory:
        conclusions = tuple(claim_from_result(c) for c in analysed.conclusions)
        outputs[outdir / "index.md"] = render_index(rows, command=command, conclusions=conclusions,
                                                     document=document).encode("utf-8")
    return outputs


def render_game(analysis: Any, outdir: Path, claims: Any, document: Any) -> tuple:
    """One game's report files, warnings and index row (:func:`convenience.report.build.report_files`)
    and its explorer page (or None), built in the process that analysed the game and cached with it."""
    from convenience.explore.report import report_page
    from convenience.report.build import report_files

    if analysis.solution is None and analysis.stopped:  # its page says it stopped; nothing to explore
        return (*report_files(analysis, outdir, claims, document), None)
    return (*report_files(analysis, outdir, claims, document), report_page(analysis))


def _digest(path: Path | None) -> str:
    """The SHA-256 of a file's bytes ("" for none): the claim catalogue is part of a report."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None else ""


def stale_files(outputs: dict[Path, bytes]) -> list[Path]:
    """Outputs whose file is missing or differs from what would be written."""
    return [p for p, data in outputs.items() if not p.is_file() or p.read_bytes() != data]


def input_files(paths: list[Path]) -> list[Path]:
    """Every file a report run reads: the files named, the game files of the directories named
    and the claim catalogue (none may be written onto)."""
    from convenience.report.build import find_claims_file
    from convenience.spec import GAME_SUFFIXES

    files = []
    for path in paths:
        if path.is_dir():
            files += [f for f in path.iterdir() if f.suffix.lower() in GAME_SUFFIXES]
        else:
            files.append(path)
    claims = find_claims_file(list(paths))
    return files + ([claims] if claims else [])


def _run(paths: List[Path], outdir: Path, samples: int, seed: int, jobs: int,
         cache: AnalysisCache | None = None, scheduler: str | None = None,
         messages: Messages | None = None, stopped: list[str] | None = None) -> dict[Path, bytes]:
    verbose = messages if messages is not None and messages.verbose else None
    if not is_terminal() or (messages is not None and messages.quiet) or verbose:
        step = (lambda name: verbose.detail(f"reported {name}")) if verbose is not None else None
        return build_outputs(paths, outdir, samples=samples, seed=seed, jobs=jobs, cache=cache,
                             scheduler=scheduler, step=step, stopped=stopped)
    library = game_files(paths)
    with game_progress("reports", "reported", len(library.games)) as (step, inside):
        return build_outputs(paths, outdir, samples=samples, seed=seed, jobs=jobs, step=step, library=library,
                             cache=cache, scheduler=scheduler, inside=inside, stopped=stopped)


@contextmanager
def game_progress(title: str, verb: str, count: int) -> Iterator[tuple[Callable[[str], None],
                                                                       Callable[[str, str, int, int], None]]]:
    """Progress bars on the terminal: one for the ``count`` games, advanced by ``step(name)``
    ("``verb`` name"), and one for each game while it is analysed, moved by ``inside(name,
    stage, done, total)`` (see :func:`~convenience.pipeline.analyse_library`). The bars vanish
    when done; they are drawn on the terminal only, never in the output."""
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(title, total=count)
        running: dict[str, Any] = {}  # a bar for each game being analysed, while it runs
        finished: set[str] = set()

        def step(name: str) -> None:
            finished.add(name)
            if name in running:
                progress.remove_task(running.pop(name))
            progress.update(task, advance=1, description=f"{verb} {name}")

        def inside(name: str, stage: str, done: int, total: int) -> None:
            if name in finished:
                return
            if name not in running:
                running[name] = progress.add_task(name, total=total)
            progress.update(running[name], completed=done, total=total, description=f"{name}: {stage}")

        yield step, inside


def command_cache(disabled: bool) -> AnalysisCache | None:
    """The analysis cache of a command run (None with ``--no-cache`` or ``CONVENIENCE_NO_CACHE=1``)."""
    if disabled or os.environ.get("CONVENIENCE_NO_CACHE", "") not in ("", "0"):
        return None
    from convenience.cache import AnalysisCache

    return AnalysisCache()


def default_jobs() -> int:
    """Processes for a run: the machine's cores, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def register(app: typer.Typer) -> None:
    from convenience.report.defaults import DEFAULT_SAMPLES, DEFAULT_SEED

    @app.command(cls=Command)
    @guarded
    def report(
        paths: List[Path] = files_argument("Game files or directories of games."),
        output: Path = typer.Option(Path("reports"), "--output", "-o", metavar="DIR",
                                    help="Directory to write reports to."),
        samples: int = typer.Option(DEFAULT_SAMPLES, "--samples", "-n", help="Monte Carlo draws per game (0 to skip)."),
        seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Seed of every random draw."),
        jobs: int = jobs_option(0, "Games built in parallel processes (0: one per core, at most 4); one "
                                   "game alone spreads its draws over them. The output does not depend on it.",
                                minimum=0),
        scheduler: Optional[str] = SCHEDULER,
        check: bool = typer.Option(False, "--check", help="Only verify that existing reports are up to date "
                                   "(exit 1 listing stale files)."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Analyse every game again instead of reading "
                                      "unchanged ones from the cache (~/.cache/convenience; the output is the same)."),
        budget: Optional[str] = budget_option(),
        output_format: Format = format_option("Format of the summary printed (what was written, or "
                                              "what is stale)."),
        quiet: bool = QUIET,
        verbose: bool = VERBOSE,
    ) -> None:
        """Write a Markdown report with figures for each game, and an index for directories."""
        messages = Messages(quiet, verbose)
        if samples < 0:
            raise InputError(f"samples must not be negative (got {samples})", key="--samples")
        if any(str(p) == "-" for p in paths):
            raise InputError("reports are named after their game files: give a file, not standard input (-)",
                             file="-")
        from convenience.commands.output import (
            check_output_directory,
            obsolete_files,
            publish,
        )

        inputs = input_files(paths)
        if not check:
            check_output_directory(output, inputs)
        stopped: list[str] = []
        with scheduler_client(scheduler, messages):  # fails at once when unreachable
            outputs = _run(paths, output, samples, seed, jobs or default_jobs(), command_cache(no_cache),
                           scheduler, messages, stopped)
        obsolete = obsolete_files(outputs, output)
        if check:
            stale = stale_files(outputs)
            _summary(output_format, {"stale": [_display(p) for p in stale],
                                     "obsolete": [_display(p) for p in obsolete],
                                     "up_to_date": len(outputs) - len(stale)}, messages)
            if stale or obsolete:
                messages.info(f"{len(stale) + len(obsolete)} report files are out of date; regenerate with: "
                              f"{command_text(paths, output, samples, seed)}")
                raise typer.Exit(1)
            _stopped_exit(stopped)
            return
        published = publish(output, outputs, inputs)
        _summary(output_format, {"directory": _display(output),
                                 "written": [_display(p) for p in outputs],
                                 "removed": [_display(p) for p in published.removed]}, messages)
        _stopped_exit(stopped)


def _stopped_exit(stopped: list[str]) -> None:
    """After every report is written: each work-budget stop as an error line, then exit 3."""
    from convenience.commands import EXIT_BUDGET

    for message in dict.fromkeys(stopped):
        typer.echo(f"error: {message}", err=True)
    if stopped:
        raise typer.Exit(EXIT_BUDGET)


def _summary(output_format: Format, data: dict, messages: Messages | None = None) -> None:
    """What a report run did: a line (table), JSON, or a Markdown list."""

    if output_format is Format.json:
        typer.echo(dumps(data, ensure_ascii=False))
        return
    if "written" in data:
        reports = sum(1 for p in data["written"] if p.endswith(".md"))
        pages = sum(1 for p in data["written"] if p.endswith(".html"))
        line = (f"wrote {reports} Markdown files, {pages} explorer pages and "
                f"{len(data['written']) - reports - pages} figures to {data['directory']}")
    else:
        line = (f"ok: {data['up_to_date']} report files up to date" if not data["stale"] and not data["obsolete"]
                else "")
    if output_format is Format.markdown:
        items = ([f"- stale: `{p}`" for p in data.get("stale", ())]
                 + [f"- obsolete: `{p}`" for p in data.get("obsolete", ())]
                 + [f"- wrote `{p}`" for p in data.get("written", ())]
                 + [f"- removed `{p}`" for p in data.get("removed", ())])
        typer.echo("\n".join(items + ([f"\n{line}"] if line else [])))
        return
    for p in data.get("stale", ()):
        typer.echo(f"stale: {p}")
    for p in data.get("obsolete", ()):
        typer.echo(f"obsolete: {p}")
    if line and not (messages is not None and messages.quiet):
        typer.echo(line)
