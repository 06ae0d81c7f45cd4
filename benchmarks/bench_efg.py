"""Large Gambit ``.efg`` files through ``convenience solve``, before and after, side by side.

Run ``python benchmarks/bench_efg.py --before REV`` from the repository (``--sizes 5000,50000``
to choose the trees). Each tree is a seeded random tree of perfect information with chance
moves (a tenth of the inner nodes), written one node per line as Gambit writes it, with
payoffs that are decimals with two places (from -10,000 to 10,000, so ties are rare and
there is one subgame-perfect equilibrium) and chance probabilities that are fractions. Each
case is a cold process: ``convenience solve FILE -f json`` and the default table, once with
``REV``'s code and once with this checkout's (see :mod:`bench_pipeline`). Before the timed
runs, the outputs of the two versions are compared byte for byte on the smallest tree
(``same JSON output`` and ``same table output`` in the table; a version that cuts long
cells of the table differs there on large trees). A version whose size limit refuses the
largest file is shown with its message; the last case reads, solves and writes the largest
tree through the Python API instead, where no file size limit applies, so the two versions
compare there too.

Output: a Markdown table (CPU and wall seconds before and after, and their ratios).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import numpy as np

from bench_pipeline import ROOT, convenience, measure, table, unpack


def efg_text(nodes: int, seed: int = 1) -> str:
    """A random tree of about ``nodes`` nodes as ``.efg`` text (decimal payoffs, chance moves)."""
    from convenience.extensive.random_trees import random_tree
    from convenience.extensive.tree import CHANCE, TERMINAL, preorder

    tree = random_tree(nodes, 2, chance_share=0.1, seed=seed)
    rng = np.random.default_rng(seed)
    cents = rng.integers(-1_000_000, 1_000_001, size=(tree.n_nodes, 2))
    lines = [f'EFG 2 R "random tree ({tree.n_nodes} nodes)" {{ "P1" "P2" }}', '""', ""]
    outcome = chance = 0
    for v in preorder(tree)[0].tolist():
        mover, k = int(tree.mover[v]), int(tree.n_children[v])
        if mover == TERMINAL:
            outcome += 1
            pays = ", ".join(f"{c / 100:.2f}" for c in cents[v])
            lines.append(f't "" {outcome} "" {{ {pays} }}')
        elif mover == CHANCE:
            chance += 1
            weights = rng.integers(1, 10, size=k)
            acts = " ".join(f'"{a + 1}" {Fraction(int(w), int(weights.sum()))}' for a, w in enumerate(weights))
            lines.append(f'c "" {chance} "" {{ {acts} }} 0')
        else:
            acts = " ".join(f'"{a + 1}"' for a in range(k))
            lines.append(f'p "" {mover + 1} {v + 1} "node {v}" {{ {acts} }} 0')
    return "\n".join(lines) + "\n"


THROUGH_PYTHON = """
import json, sys
from convenience.equilibria import solve_game
from convenience.spec.gambit_efg import read_efg
path = sys.argv[1]
with open(path, encoding="utf-8") as handle:
    result = solve_game(read_efg(handle.read(), file=path))
print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
"""


def outputs(src: Path, path: Path) -> list[bytes]:
    """The JSON and table outputs of ``solve`` on ``path`` with ``src``'s code."""
    import os

    env = {**os.environ, "PYTHONPATH": str(src)}
    return [subprocess.run(convenience("solve", str(path), *fmt), cwd=ROOT, env=env, capture_output=True).stdout
            for fmt in (["-f", "json"], [])]


def run(before: str, sizes: list[int]) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="bench-efg-") as temporary:
        scratch = Path(temporary)
        (scratch / "before").mkdir()
        versions = {"before": unpack(before, scratch / "before"), "after": ROOT / "src"}
        files = {}
        for n in sizes:
            files[n] = scratch / f"tree-{n}.efg"
            files[n].write_text(efg_text(n), encoding="utf-8")
        smallest = files[min(sizes)]
        same = [a == b for a, b in zip(outputs(versions["before"], smallest), outputs(versions["after"], smallest))]
        print(f"same output on the {min(sizes):,}-node tree (JSON, table): {same}", file=sys.stderr)
        rows = []
        for n, path in files.items():
            for label, fmt in (("-f json", ["-f", "json"]), ("table", [])):
                name = f"`solve` {n:,}-node .efg ({path.stat().st_size / 1e6:.1f} MB), {label}"
                row: dict = {"case": name}
                for version, src in versions.items():
                    cpu, wall, failure = measure(convenience("solve", str(path), *fmt, "-o", str(scratch / "out")),
                                                 src)
                    row[version] = {"cpu": cpu, "wall": wall, "failure": failure}
                    print(f"{name:60s} {version:6s} cpu {cpu:7.2f} s  wall {wall:7.2f} s {failure}",
                          file=sys.stderr, flush=True)
                rows.append(row)
        largest = files[max(sizes)]
        name = f"{max(sizes):,}-node .efg read, solved and written as JSON in Python (no file size limit)"
        row = {"case": name}
        for version, src in versions.items():
            cpu, wall, failure = measure([sys.executable, "-c", THROUGH_PYTHON, str(largest)], src)
            row[version] = {"cpu": cpu, "wall": wall, "failure": failure}
            print(f"{name:60s} {version:6s} cpu {cpu:7.2f} s  wall {wall:7.2f} s {failure}", file=sys.stderr, flush=True)
        rows.append(row)
        for label, equal in zip(("JSON", "table"), same):
            rows.append({"case": f"same {label} output before and after ({min(sizes):,} nodes)",
                         "before": {"failure": "yes" if equal else "NO"}, "after": {"failure": "yes" if equal else "NO"}})
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="git revision to compare with (e.g. main or a commit)")
    parser.add_argument("--sizes", default="5000,50000,200000", help="node counts, comma-separated")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    print(table(run(args.before, sizes), args.before))


if __name__ == "__main__":
    main()
