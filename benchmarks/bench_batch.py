"""Games per second: batch solvers against loops over one-game solvers, side by side.

Run: ``python benchmarks/bench_batch.py [--quick]``. Every method solves random games with
standard normal payoffs (seeded) and returns all Nash equilibria as probability vectors; the
batch solver's answers are checked against each loop's on the games the loop solved. Figures on
a shared machine are noisy, so each is the best of a few repeats measured in the same run, and
the table reports ratios to the batch solver.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

from convenience.solvers.batch import solve_2x2, solve_2x2x2, solve_3x3


def _best_rate(fn, n_games: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return n_games / best


def _key(equilibria) -> list[tuple]:
    return sorted(tuple(np.round(np.concatenate([np.asarray(x, dtype=float) for x in e]), 6)) for e in equilibria)


def loop_nashpy(payoffs: np.ndarray) -> list[list]:
    import nashpy

    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for g in range(payoffs.shape[-1]):
            out.append(list(nashpy.Game(payoffs[0, ..., g], payoffs[1, ..., g]).vertex_enumeration()))
    return out


def loop_pygambit(payoffs: np.ndarray) -> list[list]:
    import pygambit as gbt

    out = []
    for g in range(payoffs.shape[-1]):
        game = gbt.Game.from_arrays(payoffs[0, ..., g], payoffs[1, ..., g])
        players = list(game.players)
        result = gbt.nash.enummixed_solve(game, rational=False)
        out.append([tuple(np.array([float(eq[s]) for s in p.strategies]) for p in players)
                    for eq in result.equilibria])
    return out


def loop_convenience(payoffs: np.ndarray) -> list[list]:
    from convenience.normal_form import NormalFormGame
    from convenience.solvers import solve

    out = []
    for g in range(payoffs.shape[-1]):
        game = NormalFormGame.from_arrays(payoffs[0, ..., g], payoffs[1, ..., g])
        out.append([e.profile for e in solve(game).equilibria])
    return out


def have_pygambit() -> bool:
    try:
        import pygambit  # noqa: F401
    except ImportError:
        return False
    return True


def run(quick: bool = False) -> list[tuple[str, str, float, str]]:
    rng = np.random.default_rng(2024)
    rows = []
    repeats = 2 if quick else 3
    loop_n = 100 if quick else 300
    for size, solver, batch_n in (("2x2", solve_2x2, 2_000_000), ("3x3", solve_3x3, 500_000)):
        if quick:
            batch_n //= 10
        m = int(size[0])
        payoffs = rng.normal(size=(2, m, m, batch_n))
        solver(payoffs[..., :1000])  # warm up
        batch_rate = _best_rate(lambda: solver(payoffs), batch_n, repeats)
        rows.append((size, "convenience batch", batch_rate, "-"))
        small = payoffs[..., :loop_n]
        reference = solver(small)
        loops = [("convenience solve() loop", loop_convenience), ("nashpy vertex_enumeration loop", loop_nashpy)]
        if have_pygambit():
            loops.append(("pygambit enummixed_solve loop", loop_pygambit))
        else:
            print("pygambit is not installed: its column is skipped")
        for name, loop in loops:
            answers = loop(small)
            agree = all(_key(reference.equilibria(g)) == _key(a) for g, a in enumerate(answers))
            rate = _best_rate(lambda loop=loop: loop(small), loop_n, 1)
            rows.append((size, name + ("" if agree else " (DISAGREES)"), rate, f"{batch_rate / rate:,.0f}"))
    payoffs = rng.normal(size=(3, 2, 2, 2, 200_000 if not quick else 20_000))
    rate = _best_rate(lambda: solve_2x2x2(payoffs), payoffs.shape[-1], repeats)
    rows.append(("2x2x2", "convenience batch", rate, "-"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer games, for a smoke test")
    args = parser.parse_args()
    rows = run(args.quick)
    print("| games | method | games/second | batch is faster by |")
    print("| --- | --- | ---: | ---: |")
    for size, name, rate, ratio in rows:
        print(f"| {size} | {name} | {rate:,.0f} | {ratio if ratio == '-' else ratio + 'x'} |")


if __name__ == "__main__":
    main()
