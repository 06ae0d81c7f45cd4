"""``convenience check``: do the models reproduce what their sources claim, and how far?

The expectation part of each game's analysis, then the cross-game conclusions
(:func:`convenience.pipeline.analyse_library`). One block per claim: its status (robust,
fragile or FAILS), why it holds or fails at the baseline, its share of the declared
uncertainty on the calibrated likelihood scale, whether it is true by construction, and for a
fragile or failing claim where it holds and what most often breaks it; then, per game, the
share of draws in which the whole outcome its claims describe holds and, for a tree, the share in
which its play stays the same beside the strict share in which its whole profile does.

Exit 0 when no claim fails (with ``--strict``: when every claim is robust), 1 otherwise, 2 on
bad input. ``--json`` prints the document described in ``docs/sensitivity.md``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List, Optional

import typer

from convenience.commands import budget_option, guarded

PATHS = typer.Argument(..., help="Game files or directories of them (their *.yaml), including "
                       "kind: conclusions files.", show_default=False)

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
    for r in library.conclusions:
        lines += _claim_lines(r)
    counts = summary(library.verdicts())
    lines.append(f"{counts['claims']} claims: {counts['robust']} robust, {counts['fragile']} fragile (hold at the "
                 f"baseline only), {counts['fails']} fail; {counts['by_construction']} true by construction")
    return "\n".join(lines)


def as_document(library: Any) -> dict[str, Any]:
    """The JSON document of ``check --json`` (its schema is documented in docs/sensitivity.md)."""
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
                      "profile": None if v.profile is None else v.profile.to_dict()})
    results = library.verdicts()
    return {"schema": SCHEMA_VERSION, "claims": [r.to_dict() for r in results], "games": games,
            "summary": summary(results)}


def register(app: typer.Typer) -> None:
    @app.command()
    @guarded
    def check(
        paths: List[Path] = PATHS,
        set_: Optional[List[str]] = typer.Option(None, "--set", metavar="NAME=VALUE",
                                                 help="Override a parameter's baseline in every game that "
                                                      "declares it, e.g. --set G=0 (repeatable)."),
        regions: bool = typer.Option(False, "--regions", help="Also say where robust claims hold (exact conditions where the payoffs allow, else a scan)."),
        strict: bool = typer.Option(False, "--strict", help="Count fragile claims (holding at the baseline but "
                                                            "in fewer draws than their bar) as failures."),
        as_json: bool = typer.Option(False, "--json", help="Print the verdicts as JSON."),
        jobs: int = typer.Option(0, "--jobs", "-j", help="Games checked in parallel processes (0: one per "
                                 "core, at most 4). The output does not depend on it."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Check every game again instead of reading "
                                      "unchanged ones from the cache (~/.cache/convenience; the output is the same)."),
        budget: Optional[str] = budget_option(),
    ) -> None:
        """Check the expectations (expect:) of game files and cross-game conclusions."""
        from convenience.commands.report import command_cache, default_jobs
        from convenience.errors import InputError
        from convenience.pipeline import AnalysisOptions, analyse_library
        from convenience.spec import parse_assignments

        if jobs < 0:
            raise InputError(f"jobs must not be negative (got {jobs})", key="--jobs")
        options = AnalysisOptions(parts=frozenset({"expectations"}), regions=regions)
        library = analyse_library(paths, options, parse_assignments(set_), jobs=jobs or default_jobs(),
                                  cache=command_cache(no_cache))
        if as_json:
            typer.echo(json.dumps(as_document(library), indent=2, ensure_ascii=False))
        else:
            typer.echo(_text(library))
        bad = ("fails", "fragile") if strict else ("fails",)
        if any(r.status in bad for r in library.verdicts()):
            raise typer.Exit(1)
