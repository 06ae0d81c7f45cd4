"""The analysis cache: a hit gives the bytes of a fresh run; an edited game misses only its
own entry (the index is rebuilt); a corrupt entry is detected and computed again; two runs at
once share the cache safely."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from convenience.cache import MAGIC, AnalysisCache, canonical, dumps
from convenience.commands.report import build_outputs

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "tests" / "data" / "report"
SAMPLES = 50


@pytest.fixture
def library(tmp_path):
    """A copy of a small library of games (with its claim catalogue) that tests may edit."""
    target = tmp_path / "lib"
    shutil.copytree(LIBRARY, target)
    return target


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """A copy of the library that no test edits, its output folder and its reports built afresh
    (without a cache), shared by the tests that compare cached runs with a fresh one."""
    root = tmp_path_factory.mktemp("shared")
    library = root / "lib"
    shutil.copytree(LIBRARY, library)
    out = root / "out"
    return library, out, build(library, None, out)


def build(library: Path, cache: AnalysisCache | None, out: Path) -> dict[Path, bytes]:
    return build_outputs([library], out, samples=SAMPLES, seed=0, cache=cache)


def entries(cache: AnalysisCache) -> list[Path]:
    return sorted((cache.directory / "analyses").rglob("*.pickle"))


def test_a_cache_hit_gives_the_bytes_of_a_fresh_run(shared, tmp_path):
    library, out, fresh = shared
    cache = AnalysisCache(tmp_path / "cache")
    assert build(library, cache, out) == fresh
    games = cache.misses
    assert games >= 3 and cache.hits == 0 and len(entries(cache)) == games
    again = AnalysisCache(tmp_path / "cache")
    assert build(library, again, out) == fresh
    assert (again.hits, again.misses) == (games, 0)


def test_games_analysed_in_worker_processes_are_stored_too(shared, tmp_path):
    """Games analysed afresh in two worker processes give the bytes of a serial run without a
    cache, and their results reach the cache all the same."""
    library, out, fresh = shared
    cache = AnalysisCache(tmp_path / "cache")
    assert build_outputs([library], out, samples=SAMPLES, seed=0, jobs=2, cache=cache) == fresh
    assert cache.misses >= 3 and len(entries(cache)) == cache.misses
    again = AnalysisCache(tmp_path / "cache")
    assert build_outputs([library], out, samples=SAMPLES, seed=0, jobs=2, cache=again) == fresh
    assert (again.hits, again.misses) == (cache.misses, 0)


def test_explorer_pages_come_from_the_cache_with_the_bytes_of_fresh_ones(shared, tmp_path, monkeypatch):
    import convenience.explore.report as explorer

    library, out, fresh = shared
    assert any(p.suffix == ".html" for p in fresh)
    build(library, AnalysisCache(tmp_path / "cache"), out)
    built = []
    original = explorer.explorer_page
    monkeypatch.setattr(explorer, "explorer_page", lambda *a, **k: built.append(a) or original(*a, **k))
    assert build(library, AnalysisCache(tmp_path / "cache"), out) == fresh
    assert built == []  # a warm run builds no explorer page: each is read back with its report


def test_sympy_polynomial_rings_are_stored():
    import pickle

    from sympy import QQ
    from sympy.polys.rings import ring

    R, x, y = ring("x, y", QQ)
    value = {"ring": R, "polynomial": x * y + 1}
    assert pickle.loads(dumps(value)) == value


def test_an_edited_game_misses_only_its_own_entry_and_the_index_follows(library, tmp_path):
    out = tmp_path / "out"
    build(library, AnalysisCache(tmp_path / "cache"), out)
    arms = library / "arms.yaml"
    arms.write_text(arms.read_text(encoding="utf-8").replace("title: Arms race between two rivals",
                                                             "title: Arms race between two old rivals"),
                    encoding="utf-8")
    cache = AnalysisCache(tmp_path / "cache")
    cached = build(library, cache, out)
    assert cache.misses == 1 and cache.hits >= 2
    assert cached == build(library, None, out)
    assert "Arms race between two old rivals" in cached[out / "index.md"].decode("utf-8")


def test_options_and_output_directory_are_part_of_the_key(shared, tmp_path):
    library, out, fresh = shared
    cache = AnalysisCache(tmp_path / "cache")
    build(library, cache, tmp_path / "elsewhere")
    moved = AnalysisCache(tmp_path / "cache")
    assert build(library, moved, out) == fresh
    assert moved.hits == 0


def test_a_corrupt_entry_is_detected_and_computed_again(shared, tmp_path):
    library, out, fresh = shared
    build(library, AnalysisCache(tmp_path / "cache"), out)
    damaged, truncated, *_ = entries(AnalysisCache(tmp_path / "cache"))
    data = bytearray(damaged.read_bytes())
    data[-10] ^= 0xFF  # one flipped byte: the checksum no longer matches
    damaged.write_bytes(bytes(data))
    truncated.write_bytes(truncated.read_bytes()[:100])
    cache = AnalysisCache(tmp_path / "cache")
    assert build(library, cache, out) == fresh
    assert cache.misses == 2
    repaired = AnalysisCache(tmp_path / "cache")
    assert repaired.load(None) is None
    assert build(library, repaired, out) == fresh and repaired.misses == 0
    assert damaged.read_bytes().startswith(MAGIC)


def test_two_runs_at_once_share_the_cache(library, tmp_path):
    env = {**os.environ, "CONVENIENCE_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CONVENIENCE_NO_CACHE", None)
    command = [sys.executable, "-m", "convenience", "check", str(library), "--json", "--jobs", "1"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    fresh = subprocess.run([*command, "--no-cache"], env=env, capture_output=True, timeout=600)
    assert [o for o, _ in outputs] == [fresh.stdout, fresh.stdout]
    assert [run.returncode for run in runs] == [fresh.returncode] * 2
    cache = AnalysisCache(tmp_path / "cache")
    assert not list((tmp_path / "cache").rglob(".tmp-*"))  # no temporary file left behind
    warm = subprocess.run(command, env=env, capture_output=True, timeout=600)
    assert warm.stdout == fresh.stdout
    assert all(cache.load(p.stem) is not None for p in entries(cache))


def test_no_cache_writes_nothing(library, tmp_path, run_cli, monkeypatch):
    monkeypatch.delenv("CONVENIENCE_NO_CACHE")
    monkeypatch.setenv("CONVENIENCE_CACHE_DIR", str(tmp_path / "cache"))
    result = run_cli("check", library / "arms.yaml", "--no-cache")
    assert result.exit_code in (0, 1), result.output
    assert not (tmp_path / "cache").exists()
    result = run_cli("check", library / "arms.yaml")
    assert (tmp_path / "cache" / "analyses").is_dir()


def test_canonical_options_do_not_depend_on_set_order():
    assert canonical(frozenset({"b", "a", "c"})) == ["a", "b", "c"]
    assert canonical({"x": (1, frozenset({2}))}) == {"x": [1, [2]]}


def test_a_game_from_standard_input_has_no_key_even_beside_a_file_named_dash(tmp_path, monkeypatch):
    """``-`` names standard input: a file of that name in the working directory is not the game."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text("title: not the game read from standard input\n")
    (tmp_path / "g.yaml").write_text("title: a file\n")
    cache = AnalysisCache(tmp_path / "cache")
    assert cache.key("-", options={}) is None
    assert cache.key("g.yaml", options={}) is not None
