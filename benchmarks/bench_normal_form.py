"""All equilibria of random n x n games: convenience against nashpy and pygambit, side by side.

Run ``python benchmarks/bench_normal_form.py`` (``--quick`` for a smoke run, ``--games K`` for
the number of games per size, ``--without nashpy`` to leave a competitor out). For each size the same seeded float games go to

* convenience ``vertex_enumeration`` (float path: double description from 6 x 6, Qhull below;
  best of several repeats for small games),
* nashpy ``vertex_enumeration`` and ``support_enumeration``,
* pygambit ``enummixed_solve`` (float; pygambit is installed on demand, never by the package),

each competitor in a child process with a per-call time limit; a tool that hits the limit is
skipped for the rest of that size and for larger sizes. One random game is a poor sample (at
10 x 10 the time of every tool varies about threefold from game to game, and not in step), so
each size has several games: the table gives each tool's median time and the median and the
smallest of its per-game ratios to convenience. Answers are compared as sets of profiles to
1e-9, game by game. Then the cold
start of ``convenience --help`` and ``convenience solve`` on a 2x2 YAML game against
``python -c "import nashpy"``. Timings depend on machine load: read the ratios.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import textwrap
import time

import numpy as np

SIZES = (6, 8, 10, 12, 14, 16)


def random_game(n: int, seed: int, index: int = 0):
    """Game ``index`` of size ``n`` (game 0 is the one earlier versions measured alone)."""
    rng = np.random.default_rng([seed, n] if index == 0 else [seed, n, index])
    return rng.random((n, n)), rng.random((n, n))


# ------------------------------------------------------------------ one solver call each
def run_convenience(A, B):
    from convenience.normal_form import NormalFormGame
    from convenience.solvers.vertex_enumeration import vertex_enumeration

    result = vertex_enumeration(NormalFormGame.from_arrays(A, B))
    return [tuple(np.asarray(x, float) for x in e.profile) for e in result.equilibria]


def run_nashpy_vertex(A, B):
    import nashpy

    return [tuple(np.asarray(x, float) for x in p) for p in nashpy.Game(A, B).vertex_enumeration()]


def run_nashpy_support(A, B):
    import nashpy

    return [tuple(np.asarray(x, float) for x in p) for p in nashpy.Game(A, B).support_enumeration()]


def run_gambit(A, B):
    import pygambit as gbt

    g = gbt.Game.from_arrays(A, B)
    result = gbt.nash.enummixed_solve(g, rational=False)
    return [tuple(np.array([float(eq[s]) for s in p.strategies]) for p in g.players)
            for eq in result.equilibria]


RUNNERS = {
    "convenience vertex_enumeration": run_convenience,
    "nashpy vertex_enumeration": run_nashpy_vertex,
    "nashpy support_enumeration": run_nashpy_support,
    "pygambit enummixed_solve": run_gambit,
}


def _child(name, A, B, repeats, queue):
    import warnings

    warnings.simplefilter("ignore")  # nashpy warns about even counts; the table says so
    best = None
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            profiles = RUNNERS[name](A, B)
        except Exception as err:  # report, never hide
            queue.put(("error", repr(err), time.perf_counter() - start))
            return
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
        if seconds > 1.0:
            break
    queue.put(("ok", profiles, best))


def timed(name, A, B, limit: float, repeats: int = 1):
    """(seconds, profiles): best of ``repeats`` calls in one child process, or (None, reason)."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(name, A, B, repeats, queue))
    proc.start()
    proc.join(limit + 5.0)  # repeats happen only after calls faster than a second
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None, f"over {limit:g} s"
    status, payload, seconds = queue.get()
    if status != "ok":
        return None, payload
    return seconds, payload


def same_set(p, q, tol=1e-9) -> bool:
    if len(p) != len(q):
        return False
    used = set()
    for a in p:
        for k, b in enumerate(q):
            if k not in used and all(np.abs(x - y).max() <= tol for x, y in zip(a, b)):
                used.add(k)
                break
        else:
            return False
    return True


def ensure_pygambit() -> bool:
    try:
        import pygambit  # noqa: F401

        return True
    except ImportError:
        pass
    print("installing pygambit for the comparison (not a dependency of convenience) ...")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "pygambit"], check=False)
    try:
        import pygambit  # noqa: F401

        return True
    except ImportError:
        return False


def fmt(seconds) -> str:
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def bench_sizes(sizes, limit: float, seed: int, games: int, without=()) -> None:
    names = [name for i, name in enumerate(RUNNERS) if not i or not any(w in name for w in without)]
    if "pygambit enummixed_solve" in names and not ensure_pygambit():
        names.remove("pygambit enummixed_solve")
    # import every library (and warm its caches) in the parent, so forked children time
    # only the solving: a 3x3 game (Qhull path) and a 6x6 one (double description)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns about even counts; the table says so
        for size in (3, 6):
            A, B = random_game(size, seed)
            for name in names:
                RUNNERS[name](A, B)
    skipped: dict[str, str] = {}
    print(f"\nAll equilibria of random n x n games (uniform [0, 1) payoffs, seed {seed}, {games} games "
          f"per size); per-call limit {limit:g} s. Each cell: median time over the games (median "
          f"ratio to convenience, smallest ratio)\n")
    print("| n | equilibria per game | " + " | ".join(names) + " | same set as convenience |")
    print("|---:|---|" + "---:|" * len(names) + "---|")
    base = names[0]
    for n in sizes:
        times = {name: {} for name in names}  # game index -> seconds
        counts, disagree = [], {name: [] for name in names[1:]}
        for index in range(games):
            A, B = random_game(n, seed, index)
            reference = None
            for name in names:
                if name in skipped:
                    continue
                seconds, out = timed(name, A, B, limit, 5 if n <= 12 else 1)
                if seconds is None:
                    if name == base:  # every ratio needs it: a failure here is a finding
                        raise SystemExit(f"{base} failed on {n} x {n} game {index}: {out}")
                    skipped[name] = out
                    continue
                times[name][index] = seconds
                if name == base:
                    reference = out
                    counts.append(len(out))
                elif reference is not None and not same_set(reference, out):
                    disagree[name].append(f"game {index}: {len(out)} of {len(reference)}")
        print(f"| {n} | {', '.join(map(str, counts))} | "
              + " | ".join(_cell(name, times, base, skipped) for name in names) + " | "
              + "; ".join(_agreement(name, times, disagree) for name in names[1:] if times[name]) + " |",
              flush=True)


def _cell(name, times, base, skipped) -> str:
    """Median time, and for a competitor the median and smallest ratio over the games it solved."""
    mine = times[name]
    if not mine:
        return f"skipped ({skipped.get(name, '')})"
    text = fmt(float(np.median(list(mine.values()))))
    if name != base:  # game by game
        ratios = [t / times[base][index] for index, t in mine.items()]
        text += f" ({np.median(ratios):,.0f}x, min {min(ratios):,.0f}x)"
    if len(mine) < len(times[base]):
        text += f"; {len(mine)} of {len(times[base])} games, then {skipped.get(name, 'stopped')}"
    return text


def _agreement(name, times, disagree) -> str:
    label = f"{name.split()[0]} {name.split()[1][:7]}"
    if not disagree[name]:
        return f"{label}: yes ({len(times[name])} games)"
    return f"{label}: **no** ({', '.join(disagree[name])})"


def cold_start(repeats: int = 5) -> None:
    exe = os.path.join(os.path.dirname(sys.executable), "convenience")
    game = textwrap.dedent("""\
        title: Battle of the sexes
        players:
          Ann: [Opera, Football]
          Bob: [Opera, Football]
        payoffs:
          Opera:    {Opera: [2, 1], Football: [0, 0]}
          Football: {Opera: [0, 0], Football: [1, 2]}
        """)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bos.yaml")
        with open(path, "w") as fh:
            fh.write(game)
        commands = {
            "convenience --help": [exe, "--help"],
            "convenience solve bos.yaml (2x2)": [exe, "solve", path],
            'python -c "import nashpy"': [sys.executable, "-c", "import nashpy"],
            'python -c "pass"': [sys.executable, "-c", "pass"],
        }
        print(f"\nCold start (best of {repeats} runs, wall clock)\n")
        print("| command | time | exit |")
        print("|---|---:|---:|")
        for label, cmd in commands.items():
            best, code = None, None
            for _ in range(repeats):
                start = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True)
                elapsed = time.perf_counter() - start
                code = proc.returncode
                best = elapsed if best is None else min(best, elapsed)
            print(f"| `{label}` | {fmt(best)} | {code} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="sizes 6 and 8 only")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds allowed per call")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--sizes", type=int, nargs="*", default=None)
    parser.add_argument("--games", type=int, default=None, help="random games per size (default 5)")
    parser.add_argument("--without", nargs="*", default=(), metavar="TOOL",
                        help="leave out the competitors whose name contains TOOL (e.g. nashpy)")
    args = parser.parse_args()
    sizes = args.sizes or ((6, 8) if args.quick else SIZES)
    bench_sizes(sizes, args.limit, args.seed, args.games or (2 if args.quick else 5), args.without)
    cold_start(3 if args.quick else 5)


if __name__ == "__main__":
    main()
