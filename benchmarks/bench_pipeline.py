"""The whole pipeline, before and after: check and report of the library, cold and warm, per game
and single-game cases, side by side in one run.

Run ``python benchmarks/bench_pipeline.py --before REV`` from the repository (``--quick`` for a
smoke run on a few games and fewer draws). The code of ``REV`` is unpacked with ``git archive``
into a temporary directory and every case runs as a subprocess of the same Python interpreter,
once with ``PYTHONPATH`` pointing at ``REV``'s ``src/`` and once at this checkout's, so the two
differ only by the code. Each case reports the CPU seconds of the subprocess and its children
(stable on a shared machine) and the wall seconds (what the analyst waits, noisy under load).

Cases:

* ``check games/`` and ``report games/ -o TMP``, cold (an empty analysis cache) and warm (the
  same command again; a version without a cache analyses everything again, so its cold figure
  stands for its warm run and is not measured twice);
* with ``--per-game``, the report of each game on its own (one process, no cache); with
  ``--check-per-game``, ``check`` of each game on its own (one process, no cache);
* ``--only TEXT`` (repeatable) keeps only the cases whose name contains ``TEXT``;
* the exact all-equilibria solve of israel-restraint's reduced normal form, the analysis of
  the 2x2 repeated trust game (``tests/data/repeated_trust.yaml``), the report of a signalling
  game (``tests/data/tree_beer_quiche.yaml``, as an analyst runs it: one process per core),
  and ``convenience solve`` of 100,000- and 200,000-node ``.efg`` files (random trees with
  integer payoffs, seeded: many ties, so up to 64 subgame-perfect equilibria are listed; a run
  that fails, say on the size limit of input files, is shown with its message).

Scratch files (outputs, caches, ``REV``'s code) are kept in one temporary directory, removed at
the end.

Output: a Markdown table (before, after, before/after ratio of CPU and of wall time).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REDUCED_FORM = """
from convenience.spec import load_game
from convenience.game import numeric
from convenience.extensive.reduced import reduce_tree
from convenience.solvers import solve
form = reduce_tree(numeric(load_game("games/israel-restraint.yaml")))
result = solve(form.game)
print(len(result.equilibria), len(result.components))
"""

REPEATED = """
from convenience.pipeline import AnalysisOptions, analyse_file
analysis = analyse_file("tests/data/repeated_trust.yaml", AnalysisOptions())
print(sorted(analysis.sensitivity.baseline))
"""


def unpack(rev: str, into: Path) -> Path:
    """``REV``'s ``src/`` unpacked under ``into``; returns the ``src`` directory."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def measure(command: list[str], src: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """``(cpu, wall, failure)`` of ``command`` run from the repository with ``src`` on the path;
    ``failure`` is "" or the exit code and last line of a run that failed (shown in the table)."""
    environment = {**os.environ, "PYTHONPATH": str(src), "MPLBACKEND": "Agg", **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        message = (done.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        return cpu, wall, f"exit {done.returncode}: {message}"
    return cpu, wall, ""


def convenience(*args: str) -> list[str]:
    return [sys.executable, "-m", "convenience", *args]


def library_case(command: str, state: str, games: list[str], samples: int, scratch: Path) -> tuple:
    """(name, command, environment, cache group): both states of a command share one cache
    directory per version, so the warm run finds what the cold one stored."""
    extra = ["--samples", str(samples)] if samples and command == "report" else []
    args = [*games, "-o", str(scratch / "out")] if command == "report" else list(games)
    return (f"`{command} games/` {state}", convenience(command, *args, *extra), {}, command)


def run(before: str, quick: bool, per_game: bool, check_per_game: bool = False,
        only: list[str] | None = None) -> list[dict]:
    """Every case, before and after; all scratch files (outputs, caches, ``REV``'s code) live in
    one temporary directory, removed at the end."""
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as temporary:
        return _run(Path(temporary), before, quick, per_game, check_per_game, only)


def _run(scratch: Path, before: str, quick: bool, per_game: bool, check_per_game: bool = False,
         only: list[str] | None = None) -> list[dict]:
    (scratch / "before").mkdir()
    versions = {"before": unpack(before, scratch / "before"), "after": ROOT / "src"}
    names = sorted(p.stem for p in (ROOT / "games").glob("*.yaml") if p.stem != "conclusions")
    if quick:
        names = ["alliance", "turkey", "saudi-iran"]
    games = [f"games/{n}.yaml" for n in names] if quick else ["games/"]
    samples = 2000 if quick else 0
    from convenience.extensive.random_trees import random_tree
    from convenience.spec.gambit_efg import write_efg

    trees = {}
    for nodes in ((20_000,) if quick else (100_000, 200_000)) if not only or any("solve" in t for t in only) else ():
        trees[nodes] = scratch / f"tree-{nodes}.efg"
        trees[nodes].write_text(write_efg(random_tree(nodes, integer=True, seed=1)), encoding="utf-8")
    no_cache = {"CONVENIENCE_NO_CACHE": "1"}
    cases = [
        library_case("check", "cold", games, samples, scratch),
        library_case("check", "warm", games, samples, scratch),
        ("israel-restraint reduced form, all equilibria", [sys.executable, "-c", REDUCED_FORM], {}, ""),
        ("2x2 repeated trust game analysis", [sys.executable, "-c", REPEATED], {}, ""),
        ("signalling game report (beer-quiche)", convenience("report", "tests/data/tree_beer_quiche.yaml", "-o",
                                                             str(scratch / "sig")), no_cache, ""),
        *((f"`solve` of a {nodes:,}-node .efg ({path.stat().st_size / 1e6:.1f} MB)",
           convenience("solve", str(path)), {}, "") for nodes, path in trees.items()),
        library_case("report", "cold", games, samples, scratch),
        library_case("report", "warm", games, samples, scratch),
    ]
    if per_game:
        cases += [(f"report {name}", convenience("report", f"games/{name}.yaml", "-o", str(scratch / "one"), "-j", "1",
                                                 *(["--samples", str(samples)] if samples else [])), no_cache, "")
                  for name in names]
    if check_per_game:
        cases += [(f"check {name}", convenience("check", f"games/{name}.yaml", "-f", "json", "-j", "1"), no_cache, "")
                  for name in names]
    if only:
        cases = [case for case in cases if any(text in case[0] for text in only)]
    rows = []
    caches = {version: scratch / f"cache-{version}" for version in versions}
    cold: dict[tuple[str, str], dict] = {}
    for name, command, env, group in cases:
        row = {"case": name}
        for version, src in versions.items():
            if name.endswith(" warm") and not (src / "convenience" / "cache.py").is_file():
                # a version without a cache analyses everything again: its warm run is its cold run
                row[version] = {**cold[(version, group)], "same_as_cold": True}
                continue
            environment = {"CONVENIENCE_CACHE_DIR": str(caches[version] / (group or "none")), **env}
            cpu, wall, failure = measure(command, src, environment)
            row[version] = {"cpu": cpu, "wall": wall, "failure": failure}
            if failure:
                print(f"{name}: {version} failed: {failure}", file=sys.stderr, flush=True)
            if name.endswith(" cold"):
                cold[(version, group)] = row[version]
            print(f"{name:50s} {version:6s} cpu {cpu:8.2f} s  wall {wall:8.2f} s", file=sys.stderr, flush=True)
        rows.append(row)
    return rows


def table(rows: list[dict], before: str) -> str:
    lines = [f"| case | CPU before ({before}) | CPU after | CPU ratio | wall before | wall after | wall ratio |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        b, a = row["before"], row["after"]
        same = " (no cache: the cold run)" if b.get("same_as_cold") else ""
        if b.get("failure") or a.get("failure"):
            shown = [v.get("failure") or f"{v['cpu']:.2f} s" for v in (b, a)]
            lines.append(f"| {row['case']} | {shown[0]} | {shown[1]} | - | - | - | - |")
            continue
        lines.append(f"| {row['case']}{same} | {b['cpu']:.2f} s | {a['cpu']:.2f} s | {b['cpu'] / max(a['cpu'], 1e-9):.1f}x "
                     f"| {b['wall']:.2f} s | {a['wall']:.2f} s | {b['wall'] / max(a['wall'], 1e-9):.1f}x |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="git revision to compare with (e.g. main~5 or a commit)")
    parser.add_argument("--quick", action="store_true", help="three games, 2,000 draws, a 20,000-node tree")
    parser.add_argument("--per-game", action="store_true", help="also report each game on its own")
    parser.add_argument("--check-per-game", action="store_true", help="also check each game on its own, cold")
    parser.add_argument("--only", action="append", metavar="TEXT",
                        help="run only the cases whose name contains TEXT (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the measurements to this file")
    args = parser.parse_args()
    rows = run(args.before, args.quick, args.per_game, args.check_per_game, args.only)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(table(rows, args.before))


if __name__ == "__main__":
    main()
