"""Scale-out that does what it says: at the default sample count the work is cut into tasks
for the workers at hand (and says so), those tasks really run on a Dask cluster, progress
arrives as they finish, the answer is the serial one, and a scheduler that cannot be used
fails at once."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from convenience.analysis.montecarlo import parallel
from convenience.analysis.montecarlo.parallel import (CHUNK_SIZE, MIN_SLICE, ChunkRunner, chunk_plan, run_blocks,
                                                      split_blocks)
from convenience.cli import app

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "games" / "alliance.yaml"
DEFAULT_SAMPLES = 10_000  # analyze's default


def _draws(_shared, task):
    """The uniform draws ``start:stop`` of block ``(seed, size)``, drawn whole."""
    seed, size, start, stop = task
    return np.random.default_rng(seed).random(size)[start:stop]


@pytest.mark.parametrize("workers", [1, 2, 3, 4, 8, 32])
def test_cutting_blocks_for_workers_keeps_every_draw_once_in_order(workers):
    plan = chunk_plan(60_000, seed=3)
    whole = np.concatenate([_draws(None, (s, n, 0, n)) for s, n in plan])
    tasks = split_blocks(plan, workers)
    assert np.array_equal(np.concatenate([_draws(None, t) for t in tasks]), whole)
    assert all(stop - start >= min(MIN_SLICE, size) for _, size, start, stop in tasks)
    if workers > 1:
        assert len(tasks) >= min(workers, 60_000 // MIN_SLICE)


def test_default_samples_are_cut_for_the_workers():
    plan = chunk_plan(DEFAULT_SAMPLES, seed=0)
    assert len(plan) == 1 and DEFAULT_SAMPLES <= CHUNK_SIZE  # one block: the reason to cut it
    assert len(split_blocks(plan, 1)) == 1
    assert len(split_blocks(plan, 4)) == 8


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(processes=False, n_workers=2, threads_per_worker=1,
                                  dashboard_address=None) as local:
        yield local


def test_progress_arrives_task_by_task_on_dask(cluster):
    seen = []
    with ChunkRunner(None, scheduler=cluster.scheduler_address) as runner:
        capacity, where = runner.capacity()
        assert capacity == 2 and "Dask scheduler" in where
        tasks = split_blocks(chunk_plan(DEFAULT_SAMPLES, 1), capacity)
        runner.map(_draws, tasks, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(k, len(tasks)) for k in range(1, len(tasks) + 1)]


def test_run_blocks_on_dask_equals_serial(cluster):
    plan = chunk_plan(DEFAULT_SAMPLES, 5)
    serial = np.concatenate(run_blocks(_draws, plan))
    distributed = np.concatenate(run_blocks(_draws, plan, scheduler=cluster.scheduler_address))
    assert np.array_equal(serial, distributed)


def test_cli_at_default_samples_really_uses_the_cluster(cluster):
    import distributed

    runner = CliRunner()
    serial = runner.invoke(app, ["analyze", str(GAME), "-f", "json"], catch_exceptions=False)
    assert serial.exit_code == 0, serial.output
    with distributed.Client(cluster.scheduler_address) as client:
        before = _finished(client)
        on_dask = runner.invoke(app, ["analyze", str(GAME), "-f", "json", "-v",
                                      "--scheduler", cluster.scheduler_address], catch_exceptions=False)
        after = _finished(client)
    assert on_dask.exit_code == 0, on_dask.output
    assert json.loads(on_dask.stdout) == json.loads(serial.stdout)  # the same answer
    assert f"{DEFAULT_SAMPLES} samples: 1 block" in on_dask.stderr and "4 tasks on the Dask scheduler" in on_dask.stderr
    assert after - before >= 4  # the tasks ran on the cluster's workers


def _finished(client) -> int:
    """Tasks the cluster's workers have run so far."""
    return sum(client.run(lambda dask_worker: dask_worker.state.executed_count).values())


def test_cli_on_local_processes_says_how_work_was_split():
    result = CliRunner().invoke(app, ["analyze", str(GAME), "-f", "json", "-j", "2", "-v"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{DEFAULT_SAMPLES} samples: 1 block of at most {CHUNK_SIZE}, 4 tasks on 2 local processes" in result.stderr


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "nonsense", "udp://x:1"])
def test_an_unusable_scheduler_is_a_clear_error_even_without_sampling(address, monkeypatch):
    monkeypatch.setattr(parallel, "CONNECT_WAIT", 1.0)  # a closed port is retried until this wait runs out
    result = CliRunner().invoke(app, ["analyze", str(GAME), "-n", "0", "--scheduler", address])
    assert result.exit_code == 2
    assert f"--scheduler: cannot reach the Dask scheduler at {address}" in result.stderr
    assert "Traceback" not in result.output
