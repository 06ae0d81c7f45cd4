"""Shared test helpers: run the real CLI and write small game files."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convenience.cli import app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_analysis_cache(monkeypatch):
    """Commands analyse afresh in tests (a test that runs a command twice compares two real
    runs); the tests of the cache turn it on with a directory of their own."""
    monkeypatch.setenv("CONVENIENCE_NO_CACHE", "1")


@pytest.fixture
def run_cli():
    """Run ``convenience ARGS...`` in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def write_game(tmp_path):
    """Write dedented YAML text to ``tmp_path/name`` and return the path."""

    def write(text: str, name: str = "game.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
