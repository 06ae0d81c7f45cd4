"""``convenience check``: do the models reproduce what their sources claim?

A thin wrapper over :func:`convenience.pipeline.check_paths` (the expectation part of each
game's analysis, then the cross-game conclusions): one line per claim (holds
or FAILS), why, and for a failing claim where it would hold. Exit 0 when every claim holds,
1 when one fails, 2 on bad input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from convenience.commands import guarded

PATHS = typer.Argument(..., help="Game files or directories of them (their *.yaml), including "
                       "kind: conclusions files.", show_default=False)


def _text(results) -> str:
    lines = []
    for r in results:
        mark = "holds" if r.holds else "FAILS"
        cited = f" [{', '.join(r.source)}]" if r.source else ""
        lines.append(f"{mark}  {r.game}  {r.id}: {r.claim}{cited}")
        lines.append(f"       {r.detail}")
        if r.region:
            lines.append(f"       where it holds: {r.region}")
    failed = sum(not r.holds for r in results)
    lines.append(f"{len(results)} claims: {len(results) - failed} hold, {failed} fail")
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command()
    @guarded
    def check(
        paths: List[Path] = PATHS,
        set_: Optional[List[str]] = typer.Option(None, "--set", metavar="NAME=VALUE",
                                                 help="Override a parameter's baseline in every game that "
                                                      "declares it, e.g. --set G=0 (repeatable)."),
        regions: bool = typer.Option(False, "--regions", help="Also scan where passing claims hold."),
        as_json: bool = typer.Option(False, "--json", help="Print the verdicts as JSON."),
    ) -> None:
        """Check the expectations (expect:) of game files and cross-game conclusions."""
        from convenience.pipeline import check_paths
        from convenience.spec import parse_assignments

        results = check_paths(paths, parse_assignments(set_), regions=regions)
        if as_json:
            typer.echo(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
        else:
            typer.echo(_text(results))
        if any(not r.holds for r in results):
            raise typer.Exit(1)
