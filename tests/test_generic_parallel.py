"""Draw-by-draw Monte Carlo and point-by-point sweeps on local processes and on Dask: the same
seed gives the same answer whichever way the work ran, and the draw cap never depends on the
number of workers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convenience.analysis.sensitivity import generic
from convenience.analysis.sensitivity.analyze import analyze
from convenience.analysis.montecarlo.parallel import ChunkRunner, run_chunks, split
from convenience.cli import app
from convenience.errors import InputError
from convenience.spec import load_game

DATA = Path(__file__).parent / "data"
# An imperfect-information tree (the entrant does not know the incumbent's cost): no exact
# subgame-perfection conditions, so every point and every draw is solved on its own.
BAYESIAN = DATA / "tree_bayesian_entry.yaml"


def _whole(report) -> dict:
    return report.to_dict()


@pytest.fixture(scope="module")
def game():
    return load_game(BAYESIAN)


@pytest.fixture(scope="module")
def serial(game):
    return analyze(game, samples=120, seed=11)


def test_the_tree_is_solved_draw_by_draw(serial):
    assert serial.symbolic is False
    assert serial.monte_carlo is not None and serial.monte_carlo.samples == 120
    assert any("each draw solved on its own" in n for n in serial.monte_carlo.notes)
    assert sum(f.count for f in serial.monte_carlo.sets) == 120


def test_local_processes_give_the_serial_answer(game, serial):
    assert _whole(analyze(game, samples=120, seed=11, workers=2)) == _whole(serial)


def test_dask_cluster_gives_the_serial_answer(game, serial):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        by_client = analyze(game, samples=120, seed=11, scheduler=client)
        by_address = analyze(game, samples=120, seed=11, scheduler=cluster.scheduler_address)
    assert _whole(by_client) == _whole(serial) == _whole(by_address)


def test_another_seed_gives_other_draws(game, serial):
    other = analyze(game, samples=120, seed=12).monte_carlo
    assert [(s.label, s.count) for s in other.sets] != [(s.label, s.count) for s in serial.monte_carlo.sets]


def test_draw_cap_is_stated_and_independent_of_workers(game):
    capped = analyze(game, samples=400, seed=4, draw_cap=30, workers=2).monte_carlo
    assert capped.samples == 30
    assert any("30 of the 400 requested draws" in n and "at most 30" in n for n in capped.notes)
    # the capped draws are the first draws of the same seed, whoever solves them
    assert capped.to_dict() == analyze(game, samples=30, seed=4).monte_carlo.to_dict() | {
        "notes": capped.to_dict()["notes"]}
    assert capped.to_dict() == analyze(game, samples=400, seed=4, draw_cap=30).monte_carlo.to_dict()


def test_default_cap_is_the_module_constant(game, monkeypatch):
    monkeypatch.setattr(generic, "GENERIC_SAMPLES", 25)
    mc = analyze(game, samples=100, seed=1, workers=2).monte_carlo
    assert mc.samples == 25 and any("25 of the 100" in n and "default cap" in n for n in mc.notes)


def test_a_solver_that_cannot_be_pickled_runs_here_with_the_same_answer(game, serial):
    from convenience.extensive import solve_tree

    local = analyze(game, samples=120, seed=11, workers=2, solve=lambda g: solve_tree(g))
    assert _whole(local)["monte_carlo"] == _whole(serial)["monte_carlo"]
    assert any("solved in this process" in n for n in local.notes)


def test_bad_worker_and_cap_values_are_input_errors(game):
    with pytest.raises(InputError, match="workers"):
        analyze(game, samples=10, workers=0)
    with pytest.raises(InputError, match="draw cap"):
        analyze(game, samples=10, draw_cap=0)


def _pid_and_square(shared: int, task: int) -> tuple[int, int]:
    return os.getpid(), shared + task * task


def test_runner_keeps_order_and_reuses_its_processes():
    with ChunkRunner(100, workers=2) as runner:
        first = runner.map(_pid_and_square, range(12))
        second = runner.map(_pid_and_square, range(12, 20))
    assert [v for _, v in first + second] == [100 + k * k for k in range(20)]
    pids = {p for p, _ in first + second}
    assert os.getpid() not in pids and len(pids) <= 2
    assert [v for _, v in run_chunks(_pid_and_square, range(5), shared=1, workers=2)] == [1, 2, 5, 10, 17]


def test_split_depends_only_on_the_piece_size():
    assert split(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert split([], 3) == []


def test_cli_workers_and_draw_cap():
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(app, ["analyze", str(BAYESIAN), "--samples", "60", "--seed", "2", "--format",
                                     "json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    serial, parallel = run(), run("--workers", "2")
    assert serial == parallel and serial["monte_carlo"]["samples"] == 60
    capped = run("--draw-cap", "20")
    assert capped["monte_carlo"]["samples"] == 20
    assert any("20 of the 60" in n for n in capped["monte_carlo"]["notes"])
    bad = runner.invoke(app, ["analyze", str(BAYESIAN), "--draw-cap", "0"])
    assert bad.exit_code == 2 and "draw cap" in bad.output


def test_game_and_solver_survive_pickling(game):
    import pickle

    solve = generic.default_solver(game)
    copy, solve_copy = pickle.loads(pickle.dumps((game, solve)))
    point = {"p_low": generic._exact(0.8)}
    assert generic.equilibrium_set_at(copy, solve_copy, point) == generic.equilibrium_set_at(game, solve, point)


def test_cli_help_states_the_default_cap():
    result = CliRunner().invoke(app, ["analyze", "--help"], terminal_width=200)
    assert f"default {generic.GENERIC_SAMPLES}" in " ".join(result.output.split())


def test_a_single_task_never_contacts_the_scheduler():
    # one task runs here: an unreachable address is not even tried
    with ChunkRunner(5, scheduler="tcp://127.0.0.1:9") as runner:
        assert runner.map(_pid_and_square, [3]) == [(os.getpid(), 14)]
        assert runner._client is None


def test_dask_worker_processes_get_the_game_by_pickle(game, serial):
    # worker processes of their own: the game and solve function really travel by pickle
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(processes=True, n_workers=1, threads_per_worker=1,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        assert _whole(analyze(game, samples=120, seed=11, scheduler=client)) == _whole(serial)
