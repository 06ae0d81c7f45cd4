"""Fuzz test: seeded mutations of every bundled game and of small Gambit files, run through the
real command line in-process, end in exit 0 or 2 (or 3, a spent work budget named with its
file), never a traceback; an exit 2 names the file (and, for most, the line); no input file is
ever changed. The larger run is
``benchmarks/fuzz.py``."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fuzzing import SOURCES, mutate, problems, run_once
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from convenience.cli import app

RUNNER = CliRunner()


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(SOURCES), seed=st.integers(0, 2**32 - 1),
       command=st.sampled_from(["solve", "solve", "validate"]))
def test_mutated_games_exit_0_or_2_with_a_located_message(source: Path, seed: int, command: str):
    text = mutate(source.read_text(encoding="utf-8"), source.suffix, seed)
    original = source.read_bytes()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"mutant{source.suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = path.read_bytes()
        code, stdout, stderr = run_once(RUNNER, app, path, command)
        assert path.read_bytes() == before and sorted(Path(directory).iterdir()) == [path]
    assert source.read_bytes() == original
    assert not problems(code, stdout, stderr, path), (source.name, seed, command, code, stderr[-2000:])
