"""Robustness claims of the model library: the dominance shortcut against the solver, side by side.

Run: ``python benchmarks/bench_expectations.py [--draws N]``. For every ``robust:`` claim of a
normal-form or repeated game in ``games/``, the same seeded Monte Carlo draws are evaluated twice
in the same run: as ``convenience check`` does (iterated strict dominance first, the solver only
when dominance leaves several profiles) and with the solver for every draw. Both must give the
same share; the table reports seconds (best of a few repeats) and the ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from convenience.expectations import checks, parse_expectations
from convenience.expectations.regions import robust_share
from convenience.spec import load_document, load_game

GAMES = Path(__file__).resolve().parents[1] / "games"


def _best(fn, repeats: int) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    shortcut = checks.dominance_solution
    print(f"{'game':28} {'claim':26} {'share':>6} {'dominance s':>12} {'solver s':>10} {'ratio':>6}")
    for path in sorted(GAMES.glob("*.yaml")):
        if load_document(path).get("kind", "normal") not in ("normal", "repeated"):
            continue
        game = load_game(path)
        for exp in parse_expectations(game):
            if not exp.robust or exp.check in ("sustained",):
                continue
            exp = dataclasses.replace(exp, robust={**exp.robust, "draws": args.draws})
            base = {**game.baseline(), **exp.at}
            robust_share(game, exp, base)  # warm imports and caches
            fast, a = _best(lambda: robust_share(game, exp, base), args.repeats)
            checks.dominance_solution = lambda g: None
            try:
                slow, b = _best(lambda: robust_share(game, exp, base), args.repeats)
            finally:
                checks.dominance_solution = shortcut
            assert a == b, f"{path.name} {exp.id}: shares differ ({a} vs {b})"
            print(f"{path.name:28} {exp.id:26} {a[0]:6.1%} {fast:12.3f} {slow:10.3f} {slow / fast:6.1f}")


if __name__ == "__main__":
    main()
