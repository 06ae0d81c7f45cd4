"""``convenience check``: do the models reproduce what their sources claim, and how far?

The expectation part of each game's analysis, then the cross-game conclusions
(:func:`convenience.pipeline.analyse_library`). One block per claim: its status (robust,
fragile or FAILS), why it holds or fails at the baseline, its share of the declared
uncertainty on the calibrated likelihood scale, whether it is true by construction, and for a
fragile or failing claim where it holds and what most often breaks it; then, per game, the
share of draws in which the whole outcome its claims describe holds and the share in which its
play stays the same beside the strict share in which its whole profile does (one figure for
strategic forms and repeated games, where the play is the whole profile).

Exit 0 when no claim fails (with ``--strict``: when every claim is robust), 1 otherwise, 2 on
bad input, 3 when a game's work budget ran out (the other games are judged; that game's claims
are not, and a ``STOPPED`` line and an ``error:`` line say what was found). ``-f json`` (or ``--json``) prints the document described in ``docs/verdicts.md``;
``-f markdown`` a table of the same verdicts; ``-o FILE`` writes either to a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

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
    stdin_count,
)
from convenience.json_text import dumps

PATHS = files_argument("Game files or directories of them (their *.yaml), including kind: conclusions files.")

#: Version of the JSON document ``check --json`` prints.
SCHEMA_VERSION = 3

_WORDS = {"robust": "robust ", "fragile": "FRAGILE", "fails": "FAILS  "}


def _claim_lines(r: Any) -> list[str]:
    cited = f" [{', '.join(r.source)}]" if r.source else ""
    lines = [f"{_WORDS[r.status]}  {r.game}  {r.id}: {r.claim}{cited}",
             f"         at the baseline: {'holds' if r.holds else 'fails'}: {r.detail}"]
    v = r.verdict
    if v is not None and v.share is not None:
        lines.append(f"         {v.words()} across the declared uncertainty: {v.share.text()}; "
                     f"robust needs {v.bar:.0%}")
    if v is not None and v.by_construction:
        lines.append(f"         true by construction: no assumption in range can make it fail "
                     f"({v.construction_basis()})")
    if r.region:
        lines.append(f"         where it holds: {r.region}")
    if v is not None and v.breaker:
        lines.append(f"         most often broken by: {v.breaker}")
    return lines


def summary(results: list[Any]) -> dict[str, int]:
    """Counts of claims by status, and of claims true by construction."""
    counts = {status: sum(1 for r in results if r.status == status) for status in ("robust", "fragile", "fails")}
    counts["by_construction"] = sum(1 for r in results if r.verdict is not None and r.verdict.by_construction)
    counts["claims"] = len(results)
    return counts


def _text(library: Any) -> str:
    lines: list[str] = []
    for analysis in library.games:
        for r in analysis.expectations or ():
            lines += _claim_lines(r)
        if analysis.verdicts is not None and analysis.expectations:
            lines.append(f"outcome  {analysis.source}: {analysis.verdicts.outcome_text()}")
            play = analysis.verdicts.play_text()
            if play is not None:
                lines.append(f"play     {analysis.source}: {play}")
            inert = analysis.verdicts.inert
            if inert is not None and inert.inert:
                lines.append(f"inert    {analysis.source}: {inert.text()}")
        lines += [f"STOPPED  {error} (the game's claims are not judged)" for error in analysis.stopped]
    for r in library.conclusions:
        lines += _claim_lines(r)
    lines.append(_summary_line(library.verdicts()))
    stopped = sum(1 for analysis in library.games if analysis.stopped)
    if stopped:
        lines.append(f"{stopped} game{'' if stopped == 1 else 's'} stopped within the work budget (see STOPPED above)")
    return "\n".join(lines) + "\n"


def _not_judged(library: Any) -> list[str]:
    """Why a game's claims were not judged: its work-budget stops (each names the game file and
    says what was found) and, for a game without verdicts, the other failures."""
    lines = []
    for analysis in library.games:
        lines += [str(error) for error in analysis.stopped]
        if analysis.verdicts is None:
            lines += [f"{analysis.source}: {failure}" for failure in analysis.failures if " stopped: " not in failure]
    return lines


def _summary_line(results: list[Any]) -> str:
    counts = summary(results)
    return (f"{counts['claims']} claims: {counts['robust']} robust, {counts['fragile']} fragile (hold at the "
            f"baseline only), {counts['fails']} fail; {counts['by_construction']} true by construction")


def _markdown(library: Any) -> str:
    """The verdicts as a Markdown table (one row per claim), each game's whole outcome and
    inert assumptions, and the counts."""
    from convenience.report.text import table

    results = library.verdicts()
    rows = []
    for r in results:
        v = r.verdict
        share = (f"{v.words()}: {v.share.text()}; robust needs {v.bar:.0%}"
                 if v is not None and v.share is not None else "")
        if v is not None and v.by_construction:
            share += ("; " if share else "") + f"true by construction ({v.construction_basis()})"
        rows.append(({"fails": "**FAILS**", "fragile": "FRAGILE"}.get(r.status, r.status), r.game, r.id, r.claim,
                     f"{'holds' if r.holds else 'fails'}: {r.detail}", share, r.region or "",
                     (v.breaker or "") if v is not None else ""))
    text = table(("verdict", "game", "claim", "statement", "at the baseline", "across the declared uncertainty",
                  "where it holds", "most often broken by"), rows)
    notes = []
    for analysis in library.games:
        if analysis.verdicts is not None and analysis.expectations:
            notes.append(f"- Whole outcome of {analysis.source}: {analysis.verdicts.outcome_text()}")
            inert = analysis.verdicts.inert
            if inert is not None and inert.inert:
                notes.append(f"- Inert assumptions of {analysis.source}: {inert.text()}")
    return text + "\n\n" + ("\n".join(notes) + "\n\n" if notes else "") + _summary_line(results) + "\n"


def as_document(library: Any) -> dict[str, Any]:
    """The JSON document of ``check --json`` (its schema is documented in docs/verdicts.md)."""
    games = []
    for analysis in library.games:
        v = analysis.verdicts
        if v is None:
            continue
        games.append({"game": analysis.source, "draws": v.draws, "seed": v.seed,
                      "outcome": None if v.outcome is None else v.outcome.to_dict(),
                      "outcome_claims": list(v.outcome_ids), "fragile_parts": v.fragile_parts(),
                      "inert": None if v.inert is None else v.inert.to_dict(),
                      "play": None if v.play is None else v.play.to_dict(),
                      "profile": None if v.profile is None else v.profile.to_dict(),
                      "play_is_profile": v.play_is_profile})
    results = library.verdicts()
    return {"schema": SCHEMA_VERSION, "claims": [r.to_dict() for r in results], "games": games,
            "summary": summary(results)}


def _checked(paths: List[Path], options: Any, overrides: dict, jobs: int, cache: Any, messages: Messages) -> Any:
    """The library analysed for its claims; on a terminal (not quiet, not verbose) with a bar
    for the games and one for each game being checked (the shared draws, each claim)."""
    from convenience.commands import is_terminal
    from convenience.commands.report import game_progress
    from convenience.pipeline import analyse_library, load_library

    if not is_terminal() or messages.quiet or messages.verbose:
        return analyse_library(paths, options, overrides, jobs=jobs, cache=cache)
    library = load_library(paths, overrides)  # input errors before any bar is drawn
    with game_progress("checks", "checked", len(library.games)) as (step, inside):
        return analyse_library(library, options, jobs=jobs, cache=cache, step=step, inside=inside)


def register(app: typer.Typer) -> None:
    @app.command(cls=Command)
    @guarded
    def check(
        paths: List[Path] = PATHS,
        set_: Optional[List[str]] = typer.Option(None, "--set", metavar="NAME=VALUE",
                                                 help="Override a parameter's baseline in every game that "
                                                      "declares it, e.g. --set G=0 (repeatable)."),
        regions: bool = typer.Option(False, "--regions", help="Also say where robust claims hold (exact conditions where the payoffs allow, else a scan)."),
        strict: bool = typer.Option(False, "--strict", help="Count fragile claims (holding at the baseline but "
                                                            "in fewer draws than their bar) as failures."),
        output_format: Format = format_option(),
        as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
        output: Optional[Path] = output_option(),
        jobs: int = jobs_option(0, "Games checked in parallel processes (0: one per core, at most 4). "
                                   "The verdicts do not depend on it.", minimum=0),
        scheduler: Optional[str] = SCHEDULER,
        no_cache: bool = typer.Option(False, "--no-cache", help="Check every game again instead of reading "
                                      "unchanged ones from the cache (~/.cache/convenience; the output is the same)."),
        budget: Optional[str] = budget_option(),
        quiet: bool = QUIET,
        verbose: bool = VERBOSE,
    ) -> None:
        """Check the expectations (expect:) of game files and cross-game conclusions."""
        from convenience.commands.report import command_cache, default_jobs
        from convenience.pipeline import AnalysisOptions
        from convenience.spec import parse_assignments

        if output is not None:
            from convenience.commands.output import check_output_file
            from convenience.spec import GAME_SUFFIXES

            inputs = [p for p in paths if str(p) != STDIN and not p.is_dir()]
            inputs += [f for p in paths if p.is_dir() for f in p.iterdir() if f.suffix.lower() in GAME_SUFFIXES]
            check_output_file(output, inputs)  # never onto a game being checked
        messages = Messages(quiet, verbose)
        stdin_count(paths)
        if as_json:
            output_format = Format.json
        options = AnalysisOptions(parts=frozenset({"expectations"}), regions=regions, scheduler=scheduler)
        with scheduler_client(scheduler, messages):  # fails at once when unreachable
            library = _checked(paths, options, parse_assignments(set_), jobs or default_jobs(),
                               command_cache(no_cache), messages)
        if output_format is Format.json:
            emit(dumps(as_document(library), ensure_ascii=False) + "\n", output, messages)
        elif output_format is Format.markdown:
            emit(_markdown(library), output, messages)
        else:
            emit(_text(library), output, messages)
        not_judged = _not_judged(library)
        for line in not_judged:  # a game whose claims could not be judged is never dropped in silence
            typer.echo(f"error: {line}", err=True)
        if any(a.stopped for a in library.games):
            from convenience.commands import EXIT_BUDGET

            raise typer.Exit(EXIT_BUDGET)
        bad = ("fails", "fragile") if strict else ("fails",)
        if not_judged or any(r.status in bad for r in library.verdicts()):
            raise typer.Exit(1)
