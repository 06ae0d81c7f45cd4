"""When does a Dask cluster pay? Monte Carlo serially, on local processes and on a local Dask
cluster, side by side.

Run: ``python benchmarks/bench_dask.py [--quick] [--workers N]``. Two kinds of game:

- a 2x2 game whose draws are solved in one vectorised batch (``games/alliance.yaml`` is 3x3,
  the same kind): every draw costs microseconds, so sending work out can only cost;
- games without a batch solver (``games/s300.yaml``, ``games/mistrust.yaml``), solved draw by
  draw: every draw costs milliseconds, the case distribution is for.

After a warm-up of each configuration (compiled payoff functions, imports in the workers),
each runs a few times; the answers must be identical (compared in
full) and the table shows the best wall time and its ratio to the serial run (above 1: faster
than serial). The cluster is a ``distributed.LocalCluster`` of ``N`` worker processes with one
thread each, started once before the timings (its start-up is reported on its own line).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from convenience.analysis.sensitivity.analyze import analyze
from convenience.api import load, loads

ROOT = Path(__file__).resolve().parent.parent
BATCH = """
title: Stag hunt
players: {A: [Stag, Hare], B: [Stag, Hare]}
parameters: {s: {value: 4, range: [0, 10]}, h: {value: 3, range: [0, 10]}}
payoffs:
  Stag: {Stag: [s, s], Hare: [0, h]}
  Hare: {Stag: [h, 0], Hare: [h, h]}
"""
POINTWISE = ("games/s300.yaml", "games/mistrust.yaml")


def _best(game, samples: int, repeats: int, **where) -> tuple[float, dict]:
    best, answer = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        report = analyze(game, samples=samples, seed=5, draw_cap=samples, **where).to_dict()
        best = min(best, time.perf_counter() - start)
        answer = answer or report
    return best, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer draws and repeats")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    import distributed

    start = time.perf_counter()
    cluster = distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    print(f"LocalCluster of {args.workers} processes started in {time.perf_counter() - start:.2f} s\n")
    cases = [("2x2 stag hunt (batch)", loads(BATCH), 20_000 if args.quick else 200_000)]
    cases += [(f"{name} (draw by draw)", load(ROOT / name), 50 if args.quick else 300) for name in POINTWISE]
    repeats = 1 if args.quick else 2
    print(f"| game | draws | serial (s) | {args.workers} local processes (s) | Dask, {args.workers} workers (s) |")
    print("| --- | --- | --- | --- | --- |")
    try:
        for label, game, samples in cases:
            for where in ({}, {"workers": args.workers}, {"scheduler": client}):  # warm-up: compile, import, send
                _best(game, 2 * args.workers * 1000 if "batch" in label else 10, 1, **where)
            serial, reference = _best(game, samples, repeats)
            local, local_answer = _best(game, samples, repeats, workers=args.workers)
            dask, dask_answer = _best(game, samples, repeats, scheduler=client)
            if not reference == local_answer == dask_answer:
                raise SystemExit(f"{label}: the answers differ")
            print(f"| {label} | {samples:,} | {serial:.2f} | {local:.2f} ({serial / local:.2f}x) | "
                  f"{dask:.2f} ({serial / dask:.2f}x) |")
    finally:
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
