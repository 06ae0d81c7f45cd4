"""``convenience analyze`` on files: formats, options, and bad input exiting 2 with a located message."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from convenience.cli import app

GAME = """title: Stag Hunt
players:
  Row: [Stag, Hare]
  Col: [Stag, Hare]
parameters:
  s: {value: 4, range: [0, 10]}
  h: {value: 3, range: [0, 10], distribution: {type: triangular}}
payoffs:
  Stag: {Stag: [s, s], Hare: [0, h]}
  Hare: {Stag: [h, 0], Hare: [h, h]}
"""


@pytest.fixture
def game_file(tmp_path):
    path = tmp_path / "stag.yaml"
    path.write_text(GAME)
    return path


def run(*args):
    return CliRunner().invoke(app, ["analyze", *map(str, args)])


def test_json_output_has_the_headline_and_thresholds(game_file):
    result = run(game_file, "--format", "json", "--samples", "2000", "--seed", "4")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["headline"].startswith("The conclusion is most fragile to h")
    h = next(t for t in data["thresholds"] if t["parameter"] == "h")
    assert h["nearest_above"] == 4.0
    assert data["monte_carlo"]["samples"] == 2000 and data["monte_carlo"]["seed"] == 4


def test_markdown_and_table_formats(game_file, tmp_path):
    out = tmp_path / "sens.md"
    result = run(game_file, "--format", "markdown", "--samples", "0", "--output", out)
    assert result.exit_code == 0, result.output
    assert "Stag/Stag is an equilibrium iff s >= h" in out.read_text()
    table = run(game_file, "--samples", "500")
    assert table.exit_code == 0, table.output
    assert "most fragile to h" in table.output


def test_set_overrides_the_baseline(game_file):
    result = run(game_file, "--set", "h=5", "--format", "json", "--samples", "0")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["baseline"] == ["Hare/Hare"]


def test_grid_gives_a_regime_map(game_file):
    result = run(game_file, "--grid", "s=0:10:11", "--grid", "h=0:10:11", "--format", "json", "--samples", "0")
    assert result.exit_code == 0, result.output
    regimes = json.loads(result.output)["regime_map"]
    assert regimes["x"] == "s" and len(regimes["regions"]) >= 2


def test_parameter_option_restricts_the_analysis(game_file):
    result = run(game_file, "--parameter", "s", "--format", "json", "--samples", "0")
    assert [t["parameter"] for t in json.loads(result.output)["thresholds"]] == ["s"]


@pytest.mark.parametrize("args, message", [
    (("--parameter", "hh"), "unknown parameter 'hh' (did you mean 'h'?)"),
    (("--grid", "s=0:10"), "--grid expects NAME=LO:HI:N"),
    (("--set", "z=1"), "unknown parameter 'z'"),
    (("--workers", "0"), "0 is not in the range x>=1"),
    (("--jobs", "0"), "0 is not in the range x>=1"),
])
def test_bad_options_exit_2_with_one_message(game_file, args, message):
    result = run(game_file, *args, "--samples", "100")
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_distribution_in_file_names_the_parameter(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(GAME.replace("distribution: {type: triangular}", "distribution: {type: normal, sd: -2}"))
    result = run(path, "--samples", "100")
    assert result.exit_code == 2
    assert "h" in result.output and ("negative" in result.output or "sd" in result.output)


CHANCE_TREE = """kind: tree
title: Intervention
players: [Russia]
parameters:
  C: {value: 4, range: [0, 12]}
  p: {value: 0.8, range: [0.5, 1.5]}
tree:
  player: Russia
  actions:
    Intervene:
      chance: {Holds: p, Falls: 1 - p}
      actions:
        Holds: ["-C"]
        Falls: ["-C - 10"]
    StayOut: [-5]
"""


def test_a_probability_range_outside_the_unit_interval_is_refused(tmp_path):
    """p is a chance probability declared on [0.5, 1.5]: the tree solves at its baseline (so
    validate only warns), but analysis would sweep and draw p > 1, so it exits 2, located."""
    path = tmp_path / "chance.yaml"
    path.write_text(CHANCE_TREE)
    before = path.read_text()
    result = run(path, "--samples", "100")
    assert result.exit_code == 2
    assert "chance.yaml:11:" in result.output and "tree.actions.Intervene.chance.Holds" in result.output
    assert "leaves [0, 1] at p = 3/2" in result.output and "Traceback" not in result.output
    checked = CliRunner().invoke(app, ["validate", str(path)])
    assert checked.exit_code == 0 and "warning:" in checked.output and "leaves [0, 1]" in checked.output
    assert path.read_text() == before
    path.write_text(CHANCE_TREE.replace("[0.5, 1.5]", "[0.5, 1]"))
    assert run(path, "--samples", "100").exit_code == 0
