"""Draw-by-draw sensitivity analysis (imperfect-information trees, repeated games): serial
against local worker processes, side by side.

Run: ``python benchmarks/bench_generic_parallel.py [--quick] [--workers N]``. Each game from
``games/`` that has no batch solver is analysed with Monte Carlo (``--samples``, seed 5) serially
and on ``N`` local processes, alternately, a few times; the answers must be identical (they are
compared in full) and the table shows the best wall time of each, the CPU time spent by this
process and its workers, and the ratio. On a shared machine the wall-time ratio depends on how
many cores are free at the moment; the CPU columns show the cost of sending the work out.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from convenience.analysis.sensitivity.analyze import analyze
from convenience.api import load

ROOT = Path(__file__).resolve().parent.parent
GAMES = ("games/s300.yaml", "games/mistrust.yaml")


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _measure(game, samples: int, workers: int) -> tuple[float, float, dict]:
    cpu, start = _cpu(), time.perf_counter()
    report = analyze(game, samples=samples, seed=5, workers=workers).to_dict()
    return time.perf_counter() - start, _cpu() - cpu, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer draws and repeats")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    samples, repeats = (300, 1) if args.quick else (2000, 3)
    print(f"| game | draws | serial wall (s) | workers={args.workers} wall (s) | serial CPU (s) | "
          f"parallel CPU (s) | wall ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in GAMES:
        game = load(ROOT / name)
        best = {1: (float("inf"), 0.0), args.workers: (float("inf"), 0.0)}
        reference = None
        for _ in range(repeats):
            for workers in (1, args.workers):
                wall, cpu, report = _measure(game, samples, workers)
                reference = reference or report
                if report != reference:
                    raise SystemExit(f"{name}: workers={workers} gave a different answer")
                best[workers] = min(best[workers], (wall, cpu))
        (s_wall, s_cpu), (p_wall, p_cpu) = best[1], best[args.workers]
        print(f"| {name} | {samples} | {s_wall:.2f} | {p_wall:.2f} | {s_cpu:.2f} | {p_cpu:.2f} | "
              f"{s_wall / p_wall:.2f} |")


if __name__ == "__main__":
    main()
