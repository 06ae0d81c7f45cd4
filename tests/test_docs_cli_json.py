"""docs/cli.md's JSON example is what `convenience solve -f json` prints for its game."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
PD = """title: Prisoner's Dilemma
players:
  Row: [Cooperate, Defect]
  Column: [Cooperate, Defect]
payoffs:
  Cooperate: {Cooperate: [3, 3], Defect: [0, 5]}
  Defect: {Cooperate: [5, 0], Defect: [1, 1]}
"""


def test_json_example_matches_the_output(tmp_path):
    from convenience.cli import app

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text[text.index("### JSON output"):]
    example = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    path = tmp_path / "pd.yaml"
    path.write_text(PD, encoding="utf-8")
    result = CliRunner().invoke(app, ["solve", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == example
