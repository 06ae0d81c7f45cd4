"""The ``console`` examples of README.md and docs/ run as written, in a scratch copy of the
model library: every command must succeed (exit 2 where the example shows an ``error:``), and
every output line an example shows must appear in what the command printed (``...`` stands
for lines left out). The exit code must be 0, or what the output shows: 2 for an ``error:``,
1 for a check that ``FAILS``.

In a ``console`` block, lines starting with ``$ `` are commands and the lines after one are
its output; a block without ``$`` (README's) is all commands. Installing (``pip install``)
and running the tests are left out: CI does both. A ``yaml`` block right after a paragraph
naming a file (``coordination.yaml``) is written to that file first, as a reader would, and
the example files of ``docs/examples/`` sit beside the library (examples run "from
``docs/examples``" find them).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^(?P<indent> *)```(?P<lang>\w*)\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)
NAMED_FILE = re.compile(r"`([\w.-]+\.ya?ml)`\)?:?\s*$")


def examples(text: str) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """Files to write and ``(command, expected output lines)`` in order of appearance."""
    files: dict[str, str] = {}
    commands: list[tuple[str, list[str]]] = []
    for match in FENCE.finditer(text):
        lang, indent = match["lang"], len(match["indent"])
        body = "\n".join(line[indent:] for line in match["body"].splitlines())
        before = text[:match.start()].rstrip().splitlines()
        if lang == "yaml" and before and NAMED_FILE.search(before[-1]):
            files[NAMED_FILE.search(before[-1]).group(1)] = body + "\n"
        if lang != "console":
            continue
        lines = body.splitlines()
        if not any(line.startswith("$ ") for line in lines):
            lines = [f"$ {line}" for line in lines if line.strip()]
        for line in lines:
            if line.startswith("$ "):
                steps = [s.strip() for s in line[2:].split("&&")]
                kept = [s for s in steps if "pip install" not in s and "pytest" not in s]
                commands.append((" && ".join(kept), []) if kept else ("", []))
            elif commands and line.strip():
                commands[-1][1].append(line.strip())
    return files, [(c, out) for c, out in commands if c]


def _run(command: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """``bash -c command`` in its own process group, all of it ended if it runs over an hour."""
    with subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, start_new_session=True) as process:
        try:
            out, err = process.communicate(timeout=3600)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _documents_with_examples() -> list[Path]:
    return [p for p in DOCUMENTS if examples(p.read_text(encoding="utf-8"))[1]]


def test_the_runner_finds_the_examples_it_should():
    files, commands = examples((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "coordination.yaml" in files
    assert ("convenience check games/ && convenience report games/ -o reports/", []) in commands
    assert len(_documents_with_examples()) >= 5


@pytest.mark.parametrize("document", [
    pytest.param(p, marks=pytest.mark.slow) if p.name == "README.md" else p  # it reports every game
    for p in _documents_with_examples()], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_console_examples_run(document, tmp_path):
    files, commands = examples(document.read_text(encoding="utf-8"))
    for folder in ("games", "seeds"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for example in (ROOT / "docs" / "examples").iterdir():
        shutil.copy(example, tmp_path / example.name)
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "MPLBACKEND": "Agg"}
    for command, expected in commands:
        done = _run(command, tmp_path, env)
        printed = " ".join((done.stdout + done.stderr).split())
        wanted = 2 if expected and expected[0].startswith("error:") else 1 if any(
            line.startswith("FAILS") for line in expected) else 0
        assert done.returncode == wanted, f"{command}\n{done.stdout}\n{done.stderr}"
        for line in (line for line in expected if line != "..."):
            assert " ".join(line.split()) in printed, f"{command}: missing {line!r}"
