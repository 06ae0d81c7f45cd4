"""Results do not depend on the clock: a machine made artificially slow writes the same bytes.

Every budget that shapes an answer is counted in work (polynomial terms, draws, candidates),
never in seconds. The slow machine is simulated by a clock that jumps ten minutes at every
reading: any time limit left in the analysis would run out at once and change the report.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _slow_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    ticks = itertools.count()
    start = time.monotonic()
    for name in ("monotonic", "perf_counter", "time"):
        monkeypatch.setattr(time, name, lambda: start + 600.0 * next(ticks))


def _reports(tmp_path: Path, games: list[str], samples: int) -> dict[Path, bytes]:
    from contextlib import chdir

    from convenience.commands.report import build_outputs

    with chdir(ROOT):
        return build_outputs([Path(g) for g in games], tmp_path / "out", samples=samples, seed=2)


@pytest.mark.parametrize("games, samples", [
    (["games/alliance.yaml"], 100),
    pytest.param(["games/alliance.yaml", "games/turkey.yaml", "tests/data/report/volunteers.yaml"], 500,
                 marks=pytest.mark.slow),
], ids=["one-game", "three-kinds"])
def test_a_slow_machine_writes_the_same_reports(tmp_path, monkeypatch, games, samples):
    quick = _reports(tmp_path, games, samples)
    _slow_clock(monkeypatch)
    assert time.monotonic() + 1 < time.monotonic()  # the clock does run fast
    slow = _reports(tmp_path, games, samples)
    assert slow.keys() == quick.keys()
    assert [p.name for p in slow if slow[p] != quick[p]] == []


def test_an_exhausted_work_budget_is_the_same_on_every_machine(monkeypatch):
    """A symbolic step cut short by its budget stops at the same step, whatever the clock."""
    from convenience.analysis.sensitivity.analyze import analyze
    from convenience.spec import load_game

    game = load_game(ROOT / "games" / "alliance.yaml")
    quick = analyze(game, samples=0, work_limit=2_000)
    _slow_clock(monkeypatch)
    slow = analyze(game, samples=0, work_limit=2_000)
    assert quick.to_dict() == slow.to_dict()
    assert any("work budget of 2,000 polynomial terms" in note for note in quick.notes)
