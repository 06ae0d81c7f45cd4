"""Finitely repeated games: backward induction over payoff sets against the unrolled tree.

Run: ``python benchmarks/bench_repeated.py [--quick]``. For each stage game and horizon, the
set of subgame-perfect payoff vectors is computed twice in the same run: by
:func:`convenience.repeated.finite.subgame_perfect_payoffs` (the recursion over
continuation payoffs) and by unrolling the repeated game into a tree
(:func:`convenience.repeated.tree.repeated_tree`) and solving it subgame by subgame
with the tree engine (``solve_tree(..., "subgame")``). The answers are compared (every vector
of the recursion must be among the tree's; every tree equilibrium with pure first-period play
among the recursion's) and the table reports the ratio of times, best of a few repeats.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from convenience.extensive import solve_tree
from convenience.repeated.finite import subgame_perfect_payoffs
from convenience.repeated.grim import stage_equilibria
from convenience.repeated.tree import repeated_tree
from convenience.normal_form import NormalFormGame

GAMES = {
    "Prisoner's Dilemma": NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
    "Battle of the sexes": NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
}
#: Horizons compared against the unrolled tree (the tree's subgame-by-subgame enumeration of
#: every equilibrium combination grows too fast beyond these).
TREE_HORIZONS = {"Prisoner's Dilemma": (2, 3, 4), "Battle of the sexes": (2,)}
#: A 3x3 stage game with two pure and one mixed equilibrium, for the recursion alone.
CARROT_STICK = NormalFormGame.from_arrays([[4, 0, 5], [0, 1, 0], [0, 0, 3]], [[4, 0, 0], [0, 1, 0], [5, 0, 3]])


def _best(fn, repeats: int):
    best, out = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    print("| stage game | horizon | payoff vectors | recursion (s) | unrolled tree + subgame solver (s) | "
          "ratio | agree |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, game in GAMES.items():
        equilibria = stage_equilibria(game).equilibria
        for horizon in TREE_HORIZONS[name][:1 if args.quick else None]:
            t_rec, mine = _best(lambda: subgame_perfect_payoffs(game, horizon, equilibria), repeats)

            def tree_solve():
                tree = repeated_tree(game, horizon)
                return tree, solve_tree(tree, "subgame", cap=100_000)

            t_tree, (tree, solved) = _best(tree_solve, repeats)
            offsets = tree.action_offset
            first = [h for h, info in enumerate(tree.infosets) if "period 1," in info.label]
            everything = {tuple(e.payoffs) for e in solved.equilibria}
            pure_first = {tuple(e.payoffs) for e in solved.equilibria
                          if all(all(p in (0, 1) for p in e.strategy[offsets[h]:offsets[h + 1]]) for h in first)}
            vectors = {v for v, _ in mine}
            agree = vectors <= everything and pure_first <= vectors
            print(f"| {name} | {horizon} | {len(vectors)} | {t_rec:.4f} | {t_tree:.3f} | "
                  f"{t_tree / t_rec:,.0f}x | {'yes' if agree else 'NO'} |")
    print()
    print("| stage game | horizon | payoff vectors | recursion (s) |")
    print("| --- | ---: | ---: | ---: |")
    equilibria = stage_equilibria(CARROT_STICK).equilibria
    for horizon in ((2, 4) if args.quick else (2, 4, 6, 8)):
        t_rec, mine = _best(lambda: subgame_perfect_payoffs(CARROT_STICK, horizon, equilibria), repeats)
        print(f"| 3x3 carrot and stick | {horizon} | {len(mine)} | {t_rec:.4f} |")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
