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


def _agrees(example, actual) -> bool:
    """Whether ``actual`` holds ``example``: the keys shown with the same values, lists shown
    by their first items, numbers to the digits shown."""
    if isinstance(example, dict):
        return isinstance(actual, dict) and all(k in actual and _agrees(v, actual[k]) for k, v in example.items())
    if isinstance(example, list):
        return isinstance(actual, list) and len(example) <= len(actual) and all(
            _agrees(e, a) for e, a in zip(example, actual))
    if isinstance(example, float) and isinstance(actual, (int, float)):
        return abs(example - actual) <= 10 ** -(len(repr(example).split(".")[-1]) + 1) * 5
    return example == actual


def test_analyze_json_example_matches_the_output(tmp_path):
    """The figures' data in `analyze -f json` (sustainability map, outcome shares) is what
    docs/cli.md shows for its cartel."""
    from convenience.cli import app

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text[text.index("### JSON output of `analyze`"):]
    game = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    example = json.loads(re.search(r"```json\n(.*?)```", section, re.S).group(1))
    path = tmp_path / "cartel.yaml"
    path.write_text(game, encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "-f", "json", "-n", "500"])
    assert result.exit_code == 0, result.output
    actual = json.loads(result.output)
    assert set(example) <= set(actual)
    assert _agrees(example, actual), {k: actual[k] for k in example}
    shares = actual["outcome_shares"]
    assert len(shares["values"]) == 40 and all(len(o["shares"]) == 40 for o in shares["outcomes"])
    assert all(abs(sum(o["shares"][k] for o in shares["outcomes"]) - 1) < 1e-12 for k in range(40))
