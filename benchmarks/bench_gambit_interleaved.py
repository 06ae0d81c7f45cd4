"""All equilibria of random 10 x 10 games: convenience against pygambit, interleaved in one process.

    python benchmarks/bench_gambit_interleaved.py [--n 10] [--games 15] [--rounds 5]

The games are those of ``bench_normal_form.py`` (seeded, uniform float payoffs). For each game
the two tools take turns, ``--rounds`` times each (convenience, pygambit, convenience, ...), in
this one process, so that both see the same machine load; each tool's time for the game is its
best turn (CPU seconds of this process). Printed: each game's times and ratio, then the median
and the smallest ratio. The equilibrium sets are compared to 1e-9. Needs pygambit (installed by
hand, never by the package).
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench_normal_form import random_game, run_convenience, run_gambit, same_set


def best_of_turns(A, B, rounds: int) -> tuple[float, float, bool]:
    """(convenience seconds, pygambit seconds, same equilibria) for one game, tools interleaved."""
    ours, theirs = [], []
    found = {}
    for _ in range(rounds):
        for name, run, times in (("convenience", run_convenience, ours), ("pygambit", run_gambit, theirs)):
            start = time.process_time()
            found[name] = run(A, B)
            times.append(time.process_time() - start)
    return min(ours), min(theirs), same_set(found["convenience"], found["pygambit"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--games", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    ratios = []
    print("| game | convenience | pygambit | ratio | same set |\n| ---: | ---: | ---: | ---: | --- |")
    for index in range(args.games):
        A, B = random_game(args.n, args.seed, index)
        ours, theirs, same = best_of_turns(A, B, args.rounds)
        ratios.append(theirs / max(ours, 1e-9))
        print(f"| {index} | {ours * 1e3:.2f} ms | {theirs * 1e3:.1f} ms | {ratios[-1]:,.0f}x | {'yes' if same else 'NO'} |")
    print(f"\n{args.n} x {args.n}, {args.games} games: median ratio {statistics.median(ratios):,.0f}x, "
          f"smallest {min(ratios):,.0f}x")


if __name__ == "__main__":
    main()
