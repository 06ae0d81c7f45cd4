"""The committed ``reports/`` must be exactly what ``convenience report games/ -o reports/`` writes.

When this fails, regenerate and commit: ``convenience report games/ -o reports/``.
"""

from __future__ import annotations

import os
from pathlib import Path

from report_structure import report_problems

ROOT = Path(__file__).resolve().parent.parent


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
