"""Fuzz run: many seeded mutations of the bundled games and small Gambit files through the real
command line, each in a forked process (so a hang is killed and each run's memory is measured).

    python benchmarks/fuzz.py [--inputs 10000] [--start 0] [--timeout 120] [--analyze-every 20] [--only .efg]

Input ``k`` mutates source ``k mod sources`` with seed ``k`` (see ``tests/fuzzing.py``) and runs
``solve -f json`` or ``validate`` on it, or ``analyze -n 200`` on every ``--analyze-every``-th;
``--only TEXT`` keeps the inputs whose source file name contains TEXT (same seeds as the full run).
Prints the exit codes, how many exit-2 messages name a line, any misbehaviour (an exit code other
than 0, 2 or 3, an exit 3 whose work-budget message names no file, a traceback, an unlocated
message, an input changed, a run killed by the time limit), and the worst wall time and peak
memory of a single run, with the inputs that caused them.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import SOURCES, has_line, mutate, problems, run_once  # noqa: E402


def _child(path: Path, command: str, report: int) -> None:
    """In the forked process: run once, write ``code, has_line, problems`` to ``report``, exit."""
    from typer.testing import CliRunner

    from convenience.cli import app

    code, stdout, stderr = run_once(CliRunner(), app, path, command)
    found = problems(code, stdout, stderr, path)
    line = "1" if code == 2 and has_line(stderr, path) else "0"
    last = (stderr.strip().splitlines() or [""])[-1][:300].replace("\t", " ")
    os.write(report, f"{code}\t{line}\t{';'.join(found)}\t{last}".encode())
    os._exit(0)


def run(inputs: int, start: int, timeout: float, analyze_every: int, only: str = "") -> int:
    from typer.testing import CliRunner

    from convenience.cli import app

    for source in SOURCES:  # warm up: every import happens once, before forking, so children start warm
        for command in ("solve", "validate"):
            run_once(CliRunner(), app, source, command)

    codes: collections.Counter = collections.Counter()
    located = lines = 0
    bad: list[str] = []
    worst_time, worst_memory = (0.0, ""), (0, "")
    began = time.monotonic()
    tried = 0
    for k in range(start, start + inputs):
        source = SOURCES[k % len(SOURCES)]
        if only not in source.name:
            continue
        tried += 1
        command = "analyze" if analyze_every and k % analyze_every == 0 else ("validate" if k % 3 == 2 else "solve")
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / f"mutant{source.suffix}"
            path.write_text(mutate(source.read_text(encoding="utf-8"), source.suffix, k), encoding="utf-8")
            before = path.read_bytes()
            read, write = os.pipe()
            started = time.monotonic()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                _child(path, command, write)
            os.close(write)
            killed = False
            while True:
                done, status, usage = os.wait4(pid, os.WNOHANG)
                if done:
                    break
                if time.monotonic() - started > timeout:
                    os.kill(pid, 9)
                    _, status, usage = os.wait4(pid, 0)
                    killed = True
                    break
                time.sleep(0.005)
            elapsed = time.monotonic() - started
            answer = os.read(read, 65536).decode(errors="replace")
            os.close(read)
            changed = path.read_bytes() != before or len(os.listdir(directory)) != 1
        label = f"{source.name} seed {k} {command}"
        memory = usage.ru_maxrss  # kilobytes on Linux
        worst_time = max(worst_time, (elapsed, label))
        worst_memory = max(worst_memory, (memory, label))
        if killed or not answer:
            codes["killed" if killed else "died"] += 1
            bad.append(f"{label}: {'killed after the time limit' if killed else f'died with status {status}'}")
            continue
        code, line, found, last = answer.split("\t", 3)
        codes[int(code)] += 1
        if code == "2":
            located += 1
            lines += line == "1"
        if found or changed:
            bad.append(f"{label}: {found or ''}{' input changed' if changed else ''}: {last}")
        if (k - start + 1) % 500 == 0:
            print(f"... {k - start + 1} inputs, {time.monotonic() - began:.0f} s", file=sys.stderr, flush=True)
    print(f"inputs: {tried} (seeds {start}..{start + inputs - 1}{f', sources matching {only!r}' if only else ''}) "
          f"over {len(SOURCES)} source files")
    print("exit codes: " + ", ".join(f"{code}: {n}" for code, n in sorted(codes.items(), key=str)))
    print(f"exit 2 naming a line of the file: {lines} of {located}")
    print(f"worst wall time of one run: {worst_time[0]:.2f} s ({worst_time[1]})")
    print(f"worst peak memory of one run: {worst_memory[0] / 1024:.0f} MB ({worst_memory[1]})")
    print(f"whole run: {time.monotonic() - began:.0f} s; parent peak memory "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"misbehaving runs: {len(bad)}")
    for line in bad[:50]:
        print(f"  {line}")
    return 1 if bad else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed")
    parser.add_argument("--analyze-every", type=int, default=20)
    parser.add_argument("--only", default="", help="only sources whose file name contains this text")
    args = parser.parse_args()
    sys.exit(run(args.inputs, args.start, args.timeout, args.analyze_every, args.only))


if __name__ == "__main__":
    main()
