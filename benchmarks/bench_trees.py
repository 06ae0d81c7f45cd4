"""Game trees: backward induction over flat arrays and the sequence form, against pygambit.

Run ``python benchmarks/bench_trees.py`` (``--quick`` for a smoke run). Two parts:

1. Subgame-perfect equilibrium of random two-player perfect-information trees with chance
   (seeded) of 1,000 / 100,000 / 1,000,000 nodes. convenience's time includes building the
   level index the solve needs (the tree arrays are made fresh for every repetition); the
   profile found is then checked to have zero regret (not timed). pygambit's ``lcp_solve``
   (floating point, sequence form; on extensive games it follows every Lemke path it can reach,
   so it returns all accessible equilibria) runs on the same tree read from an
   ``.efg`` file in a subprocess with a time limit; its file reading is not timed.
2. One Nash equilibrium of Kuhn-style poker with an ``N``-card deck (two-player,
   imperfect information) by the sequence-form LCP: convenience's ``lemke_equilibrium``
   against pygambit's ``lcp_solve``, both in floating point; the game value is compared.

Timings are medians of several repetitions, side by side in one run; figures on a shared
machine are noisy, so read the ratios.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np

from convenience.extensive.backward import backward_induction, choice_to_strategy
from convenience.extensive.behaviour import make_behaviour_equilibrium, regrets
from convenience.extensive.sequence_form import lemke_equilibrium
from convenience.extensive.random_trees import random_tree
from convenience.extensive.tree import Node, build_tree
from convenience.spec.gambit_efg import write_efg

#: pygambit's extensive-form LCP enumerates every equilibrium it can reach (its ``stop_after``
#: works only on the strategic form), which grows so fast on perfect-information trees that
#: larger trees are not tried.
GAMBIT_MAX_NODES = 1_000

GAMBIT_SCRIPT = """
import json, sys, time
import pygambit
game = pygambit.read_efg(sys.argv[1])
start = time.perf_counter()
result = pygambit.nash.lcp_solve(game, rational=False)
elapsed = time.perf_counter() - start
eq = result.equilibria[0]
print(json.dumps({"seconds": elapsed, "value": float(eq.payoff(list(game.players)[0])),
                  "found": len(result.equilibria)}))
"""


def fresh(tree):
    """The same tree without cached indexes (so each timing builds them again)."""
    return replace(tree)


def time_ours(tree, repeat: int) -> tuple[float, object]:
    times = []
    induction = None
    for _ in range(repeat):
        t = fresh(tree)
        start = time.perf_counter()
        t.levels  # noqa: B018 - the level index is part of the solve
        induction = backward_induction(t)
        times.append(time.perf_counter() - start)
    return statistics.median(times), induction


def time_gambit(efg_text: str, timeout: float) -> dict | None:
    with tempfile.NamedTemporaryFile("w", suffix=".efg", delete=False) as handle:
        handle.write(efg_text)
        path = handle.name
    try:
        out = subprocess.run([sys.executable, "-c", GAMBIT_SCRIPT, path], capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    finally:
        Path(path).unlink(missing_ok=True)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    return json.loads(out.stdout)


def kuhn_tree(cards: int, exact: bool = False):
    """Kuhn poker with ``cards`` cards: ante 1, one bet of 1, higher card wins."""
    def show(c1, c2, stake):
        win = stake if c1 > c2 else -stake
        return Node("terminal", payoffs={"Alice": Fraction(win), "Bob": Fraction(-win)})

    def fixed(a, b):
        return Node("terminal", payoffs={"Alice": Fraction(a), "Bob": Fraction(b)})

    deals = [(a, b) for a in range(cards) for b in range(cards) if a != b]
    root = Node("chance", actions=[f"{a}-{b}" for a, b in deals],
                probs=[Fraction(1, len(deals))] * len(deals))
    for c1, c2 in deals:
        call_after_check = Node("decision", player="Alice", info=f"A{c1} cb", actions=["Fold", "Call"],
                                children=[fixed(-1, 1), show(c1, c2, 2)])
        after_check = Node("decision", player="Bob", info=f"B{c2} c", actions=["Check", "Bet"],
                           children=[show(c1, c2, 1), call_after_check])
        after_bet = Node("decision", player="Bob", info=f"B{c2} b", actions=["Fold", "Call"],
                         children=[fixed(1, -1), show(c1, c2, 2)])
        root.children.append(Node("decision", player="Alice", info=f"A{c1}", actions=["Check", "Bet"],
                                  children=[after_check, after_bet]))
    tree = build_tree(root, ("Alice", "Bob"), {}, title=f"Kuhn poker, {cards} cards")
    if not exact:
        tree = replace(tree, payoffs=np.asarray(tree.payoffs, dtype=float), prob=np.asarray(tree.prob, dtype=float))
    return tree


def part_one(sizes: list[int], repeat: int, timeout: float) -> list[str]:
    rows = ["| nodes | convenience backward induction (ms) | pygambit `lcp_solve` (ms) | ratio |",
            "| ---: | ---: | ---: | ---: |"]
    print("\n".join(rows), flush=True)
    for n in sizes:
        tree = random_tree(n, 2, chance_share=0.1, seed=7)
        seconds, induction = time_ours(tree, repeat)
        regret = max(regrets(tree, choice_to_strategy(tree, induction.choice)))
        assert regret <= 1e-9, regret
        gambit = None
        if n <= GAMBIT_MAX_NODES:
            gambit = time_gambit(write_efg(tree), timeout)
        if gambit is None:
            theirs = f"> {timeout * 1000:,.0f} (time limit)" if n <= GAMBIT_MAX_NODES else "not run (larger trees time out)"
            ratio = "-"
        elif "error" in gambit:
            theirs, ratio = f"error: {gambit['error']}", "-"
        else:
            theirs = f"{gambit['seconds'] * 1000:,.1f}"
            ratio = f"{gambit['seconds'] / seconds:,.0f}x"
        rows.append(f"| {tree.n_nodes:,} | {seconds * 1000:,.1f} | {theirs} | {ratio} |")
        print(rows[-1], flush=True)
    return rows


def part_two(decks: list[int], repeat: int, timeout: float) -> list[str]:
    rows = ["| cards | nodes | convenience sequence-form Lemke (ms) | value | pygambit `lcp_solve` (ms) | value | ratio |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    print("\n".join(rows), flush=True)
    for cards in decks:
        tree = kuhn_tree(cards)
        times = []
        strategy = None
        for _ in range(repeat):
            start = time.perf_counter()
            strategy = lemke_equilibrium(fresh(tree))
            times.append(time.perf_counter() - start)
        ours = statistics.median(times)
        eq = make_behaviour_equilibrium(tree, strategy)
        gambit = time_gambit(write_efg(tree), timeout)
        if gambit is None:
            theirs, value, ratio = f"> {timeout * 1000:,.0f}", "-", "-"
        elif "error" in gambit:
            theirs, value, ratio = gambit["error"], "-", "-"
        else:
            theirs, value = f"{gambit['seconds'] * 1000:,.1f}", f"{gambit['value']:.5f}"
            ratio = f"{gambit['seconds'] / ours:,.1f}x"
        rows.append(f"| {cards} | {tree.n_nodes:,} | {ours * 1000:,.1f} | {eq.payoffs[0]:.5f} | {theirs} | "
                    f"{value} | {ratio} |")
        print(rows[-1], flush=True)
    exact = kuhn_tree(3, exact=True)
    start = time.perf_counter()
    eq = make_behaviour_equilibrium(exact, lemke_equilibrium(exact))
    rows.append(f"\nExact (rational) Kuhn poker, 3 cards: value {eq.payoffs[0]} in "
                f"{(time.perf_counter() - start) * 1000:,.0f} ms, regret exactly {eq.regret}.")
    print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repetition")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds allowed to pygambit per game")
    args = parser.parse_args()
    sizes = [50, 1_000] if args.quick else [50, 200, 1_000, 100_000, 1_000_000]
    decks = [3, 5] if args.quick else [3, 5, 8, 13, 21]
    repeat = 1 if args.quick else 7
    print("## Subgame-perfect equilibrium of random perfect-information trees\n")
    part_one(sizes, repeat, args.timeout)
    print("\n## One equilibrium of N-card Kuhn poker (sequence form)\n")
    part_two(decks, 1 if args.quick else 3, args.timeout)


if __name__ == "__main__":
    main()
