"""All equilibria of random games with three or more players: convenience against pygambit.

Run ``python benchmarks/bench_nplayer.py`` (``--quick`` for a smoke run, ``--before REV`` to add
the N-player module of an earlier git revision as a column). For each game size, the same
seeded integer games (payoffs -9..9) go to

* convenience ``nplayer_support_enumeration`` (exact; conditional dominance, the correlated
  feasibility certificate and linear solves for two mixing players),
* the same with ``prune=False, eliminate=False`` (every surviving support profile through a
  Groebner basis),
* optionally the module as it was at ``REV``,
* pygambit ``enumpoly_solve(use_strategic=True)`` (all equilibria, floats, maxregret 1e-4),
  ``gnm_solve`` and ``ipa_solve`` (some equilibria, floats),

each call in a child process with a time limit. The table gives median seconds over the games
and the check: enumpoly's set against convenience's (``same``, or how many each misses, to
1e-6), and for gnm/ipa whether every profile they return is one convenience lists. Timings
depend on machine load: compare the columns of one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

SHAPES = ((2, 2, 2), (3, 2, 2), (3, 3, 2), (2, 2, 2, 2), (4, 3, 2), (3, 3, 3), (4, 4, 2), (4, 3, 3))
QUICK = ((2, 2, 2), (3, 2, 2), (3, 3, 2))


def random_game(shape, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng([seed, *shape])
    return [rng.integers(-9, 10, size=shape) for _ in shape]


def as_floats(profiles) -> list[tuple[np.ndarray, ...]]:
    return [tuple(np.asarray(x, dtype=float) for x in p) for p in profiles]


# ------------------------------------------------------------------ one solver call each
def run_convenience(arrays, **options):
    from convenience.normal_form import NormalFormGame
    from convenience.solvers.nplayer import nplayer_support_enumeration

    result = nplayer_support_enumeration(NormalFormGame.from_arrays(*arrays), max_support_profiles=10**6,
                                         **options)
    return as_floats(e.profile for e in result.equilibria)


def run_plain(arrays):
    return run_convenience(arrays, prune=False, eliminate=False)


def run_before(arrays, path):
    spec = importlib.util.spec_from_file_location("convenience.solvers._nplayer_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    from convenience.normal_form import NormalFormGame

    result = module.nplayer_support_enumeration(NormalFormGame.from_arrays(*arrays), max_support_profiles=10**6)
    return as_floats(e.profile for e in result.equilibria)


def _gambit(arrays, solver: str):
    import pygambit as gbt

    game = gbt.Game.from_arrays(*[a.tolist() for a in arrays])
    nash = gbt.nash
    if solver == "enumpoly":
        result = nash.enumpoly_solve(game, use_strategic=True)
    elif solver == "gnm":
        result = nash.gnm_solve(game)
    else:
        result = nash.ipa_solve(game)
    return [tuple(np.array([float(e[s]) for s in p.strategies]) for p in game.players) for e in result.equilibria]


def run_enumpoly(arrays):
    return _gambit(arrays, "enumpoly")


def run_gnm(arrays):
    return _gambit(arrays, "gnm")


def run_ipa(arrays):
    return _gambit(arrays, "ipa")


# ------------------------------------------------------------------ harness
def _child(conn, fn, args):
    try:
        start = time.perf_counter()
        out = fn(*args)
        conn.send((time.perf_counter() - start, out))
    except Exception as err:  # reported in the table, never hidden
        conn.send((None, repr(err)))


def timed(fn, args, limit: float):
    """``(seconds, profiles)`` from a child process, or ``(None, reason)``."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args))
    proc.start()
    if parent.poll(limit):
        result = parent.recv()
        proc.join()
        return result
    proc.kill()
    proc.join()
    return None, f"over {limit:.0f} s"


def same_point(p, q, tol=1e-6) -> bool:
    return all(np.allclose(a, b, atol=tol) for a, b in zip(p, q))


def compare(reference, other) -> str:
    missing = sum(not any(same_point(p, q) for q in other) for p in reference)
    extra = sum(not any(same_point(q, p) for p in reference) for q in other)
    return "same" if not missing and not extra else f"-{missing}/+{extra}"


def before_module(rev: str) -> str:
    text = subprocess.run(["git", "show", f"{rev}:src/convenience/solvers/nplayer.py"], check=True,
                          capture_output=True, text=True, cwd=os.path.dirname(os.path.dirname(__file__)) or ".").stdout
    handle = tempfile.NamedTemporaryFile("w", suffix="_nplayer_before.py", delete=False)
    handle.write(text)
    handle.close()
    return handle.name


def have_pygambit() -> bool:
    try:
        import pygambit  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="three small sizes, one game each")
    parser.add_argument("--games", type=int, default=3, help="games per size (median time)")
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per call")
    parser.add_argument("--before", metavar="REV", help="also time nplayer.py as it was at git revision REV")
    args = parser.parse_args()
    shapes, games = (QUICK, 1) if args.quick else (SHAPES, args.games)
    columns = [("convenience", run_convenience), ("no pruning", run_plain)]
    if args.before:
        path = before_module(args.before)
        columns.append((f"at {args.before}", lambda arrays: run_before(arrays, path)))
    run_convenience(random_game((2, 2, 2), 99))  # warm up imports once; children are forked from here
    gambit = have_pygambit()
    if gambit:
        columns += [("enumpoly", run_enumpoly), ("gnm", run_gnm), ("ipa", run_ipa)]
    else:
        print("pygambit is not installed: its columns are skipped")
    header = ["shape", "supports", "equilibria", *[name for name, _ in columns], "enumpoly set", "gnm/ipa in set"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for shape in shapes:
        count = int(np.prod([2 ** m - 1 for m in shape]))
        times = {name: [] for name, _ in columns}
        checks, found, subset = [], [], True
        for seed in range(games):
            arrays = random_game(shape, seed)
            answers = {}
            for name, fn in columns:
                seconds, out = timed(fn, (arrays,), args.limit)
                times[name].append(seconds)
                answers[name] = out if seconds is not None else None
            reference = answers["convenience"]
            if reference is None:
                continue
            found.append(len(reference))
            if gambit and answers.get("enumpoly") is not None:
                checks.append(compare(reference, answers["enumpoly"]))
            for name in ("gnm", "ipa"):
                if gambit and answers.get(name) is not None:
                    subset &= all(any(same_point(q, p, 1e-5) for p in reference) for q in answers[name])
        cells = []
        for name, _ in columns:
            ok = [t for t in times[name] if t is not None]
            cells.append(f"{np.median(ok):.3f}" if len(ok) == len(times[name]) else
                         (f"{np.median(ok):.3f} ({len(times[name]) - len(ok)} over limit)" if ok else "over limit"))
        print(f"| {'x'.join(map(str, shape))} | {count} | {','.join(map(str, found))} | " + " | ".join(cells)
              + f" | {', '.join(checks) or '—'} | {'yes' if subset else 'no'} |", flush=True)


if __name__ == "__main__":
    main()
