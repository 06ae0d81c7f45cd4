"""The committed ``reports/`` must be exactly what ``convenience report games/ -o reports/`` writes.

When this fails, regenerate and commit: ``convenience report games/ -o reports/``. The full
comparison runs every game at the full sample count and is marked ``slow``; the quick form
builds two games at a small sample count and checks their files against the committed names.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from report_structure import report_problems

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_committed_reports_are_up_to_date():
    from convenience.commands.output import MANIFEST, read_manifest
    from convenience.commands.report import build_outputs, stale_files
    from convenience.report.build import DEFAULT_SAMPLES, DEFAULT_SEED

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        outputs = build_outputs([Path("games")], Path("reports"), samples=DEFAULT_SAMPLES, seed=DEFAULT_SEED,
                                jobs=2)
        stale = [str(p) for p in stale_files(outputs)]
        written = {p.as_posix() for p in outputs}
        orphans = sorted(p.as_posix() for p in Path("reports").rglob("*")
                         if p.is_file() and p.as_posix() not in written and p.name != MANIFEST)
        listed = set(read_manifest(Path("reports")))
        problems = [problem for p in outputs if p.suffix == ".md" for problem in report_problems(p)]
    finally:
        os.chdir(cwd)
    hint = "regenerate with: convenience report games/ -o reports/"
    assert not stale, f"stale report files {stale}; {hint}"
    assert not orphans, f"files in reports/ that no game produces {orphans}; {hint}"
    assert listed == {Path(p).relative_to("reports").as_posix() for p in written}, f"manifest out of date; {hint}"
    assert not problems, problems


def test_two_games_write_well_formed_reports_named_as_the_committed_ones(tmp_path):
    from contextlib import chdir

    from convenience.commands.report import build_outputs

    games = [Path("games/alliance.yaml"), Path("games/turkey.yaml")]
    with chdir(ROOT):
        outputs = build_outputs(games, tmp_path / "reports", samples=200, seed=0)
        committed = {p.relative_to("reports").as_posix() for p in Path("reports").rglob("*")
                     if p.is_file() and p.name.split(".")[0].split("-")[0] in ("alliance", "turkey")}
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    written = {p.relative_to(tmp_path / "reports").as_posix() for p in outputs}
    assert committed <= written, sorted(committed - written)
    problems = [problem for p in outputs if p.suffix == ".md" for problem in report_problems(p)]
    assert not problems, problems
