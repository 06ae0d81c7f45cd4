"""Where the float double description should take over from Qhull in vertex enumeration.

Run: ``python benchmarks/bench_double_description.py [--quick] [--sizes 4 6 8 ...]``. For each
size n, seeded random n x n float games (nondegenerate with probability one) are solved by
``vertex_enumeration`` end to end twice: with every polytope listed by the vectorised double
description, and with every polytope listed by Qhull (plus the Lemke-Howson cross-check that
the solver adds to Qhull's list for games of at most 64 cells); a third column shows Qhull
without that cross-check, for comparison. All must find the same equilibria; each time is the best of several alternating runs, and the table shows the median
over the games and the ratio Qhull / double description (above 1: the double description is
faster). ``DOUBLE_DESCRIPTION_FROM`` in ``solvers/vertex_enumeration.py`` is set from it.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from convenience.normal_form import NormalFormGame
from convenience.solvers import vertex_enumeration as ve


def _solve(game: NormalFormGame, switch: int, **options) -> tuple[float, list]:
    saved = ve.DOUBLE_DESCRIPTION_FROM
    ve.DOUBLE_DESCRIPTION_FROM = switch
    try:
        start = time.perf_counter()
        result = ve.vertex_enumeration(game, **options)
        elapsed = time.perf_counter() - start
    finally:
        ve.DOUBLE_DESCRIPTION_FROM = saved
    return elapsed, sorted(eq.key(6) for eq in result.equilibria)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer games and repeats")
    parser.add_argument("--sizes", type=int, nargs="*", default=[3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14])
    parser.add_argument("--games", type=int, default=None, help="random games per size (default 7)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    games, repeats = (3, 3) if args.quick else (args.games or 7, 5)
    rng = np.random.default_rng(args.seed)
    always_dd, never_dd = 1, 10 ** 9
    print("| n | games | equilibria per game | double description (ms) | Qhull (ms) | Qhull / DD "
          "| Qhull, no cross-check (ms) | its ratio to DD |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for n in args.sizes:
        dd_times, qhull_times, bare_times, counts = [], [], [], []
        for _ in range(games):
            game = NormalFormGame.from_arrays(rng.random((n, n)), rng.random((n, n)))
            _solve(game, always_dd), _solve(game, never_dd)  # warm-up (imports, caches)
            runs = {"dd": (always_dd, {}), "qhull": (never_dd, {}), "bare": (never_dd, {"cross_check": False})}
            best = dict.fromkeys(runs, float("inf"))
            answers = {}
            for _ in range(repeats):
                for name, (switch, options) in runs.items():
                    elapsed, answers[name] = _solve(game, switch, **options)
                    best[name] = min(best[name], elapsed)
            if not answers["dd"] == answers["qhull"] == answers["bare"]:
                raise SystemExit(f"n = {n}: the double description and Qhull found different equilibria")
            dd_times.append(best["dd"])
            qhull_times.append(best["qhull"])
            bare_times.append(best["bare"])
            counts.append(len(answers["dd"]))
        dd, qh, bare = (statistics.median(t) for t in (dd_times, qhull_times, bare_times))
        print(f"| {n} | {games} | {', '.join(map(str, counts))} | {1000 * dd:.2f} | {1000 * qh:.2f} | {qh / dd:.2f} "
              f"| {1000 * bare:.2f} | {bare / dd:.2f} |")


if __name__ == "__main__":
    main()
