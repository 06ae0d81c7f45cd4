"""The solve, validate, schema and convert commands, through the real CLI."""

import json
import subprocess
import sys
from fractions import Fraction

import jsonschema
import pytest
import yaml

from convenience.api import load, solve_file
from convenience.spec.schema import game_schema
from convenience.spec.gambit_nfg import read_nfg, write_nfg

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PD = """
title: Prisoner's Dilemma
description: The classic.
source: pd-classic
players:
  Row: [Cooperate, Defect]
  Column: [Cooperate, Defect]
parameters:
  T: {value: 5, range: [3, 10], description: temptation, source: temptation-claim}
  R: 3
payoffs:
  Cooperate: {Cooperate: [R, R], Defect: [0, T]}
  Defect: {Cooperate: {payoffs: [T, 0], source: exploited}, Defect: [1, 1]}
"""

THREE = """
title: Three-player profile list
players:
  A: [x, y]
  B: [x, y]
  C: [x, y]
payoffs:
  - {profile: [x, x, x], payoffs: [1, 1, 1]}
  - {profile: [x, x, y], payoffs: [0, 0, 0]}
  - {profile: [x, y, x], payoffs: [0, 0, 0]}
  - {profile: [x, y, y], payoffs: [0, 0, 0]}
  - {profile: [y, x, x], payoffs: [0, 0, 0]}
  - {profile: [y, x, y], payoffs: [0, 0, 0]}
  - {profile: [y, y, x], payoffs: [0, 0, 0]}
  - {profile: {A: y, B: y, C: y}, payoffs: {A: 2, B: 2, C: 2}, source: all-y}
"""


def test_solve_json_schema_is_stable(run_cli, write_game):
    result = run_cli("solve", write_game(PD), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Prisoner's Dilemma"
    assert data["strategies"] == {"Row": ["Cooperate", "Defect"], "Column": ["Cooperate", "Defect"]}
    [eq] = data["equilibria"]
    assert eq["profile"] == {"Row": {"Cooperate": 0, "Defect": 1}, "Column": {"Cooperate": 0, "Defect": 1}}
    assert eq["payoffs"] == {"Row": 1, "Column": 1}
    assert eq["max_regret"] == 0 and eq["exact"] is True


def test_set_changes_the_answer(run_cli, write_game):
    path = write_game(PD)
    # With R = 3 and T = 3, (Cooperate, Cooperate) becomes a (weak) equilibrium too.
    data = json.loads(run_cli("solve", path, "--set", "T=3", "--method", "pure", "-f", "json").stdout)
    profiles = [tuple(max(p, key=p.get) for p in e["profile"].values()) for e in data["equilibria"]]
    assert ("Cooperate", "Cooperate") in profiles and ("Defect", "Defect") in profiles


def test_markdown_and_table_formats(run_cli, write_game):
    path = write_game(PD)
    md = run_cli("solve", path, "-f", "markdown").stdout
    assert md.startswith("## Prisoner's Dilemma") and "| 1 | Defect | Defect | (1, 1) | 0 |" in md
    table = run_cli("solve", path).stdout
    assert "Defect" in table and "Prisoner's Dilemma" in table


def test_profile_list_for_three_players(write_game):
    result = solve_file(write_game(THREE), method="pure")
    assert sorted(e.label() for e in result.equilibria) == ["A: x; B: x; C: x", "A: y; B: y; C: y"]
    game = load(write_game(THREE))
    assert game.sources[(1, 1, 1)] == ("all-y",)


def test_sources_are_kept(write_game):
    game = load(write_game(PD))
    assert game.source == ("pd-classic",)
    assert game.parameters["T"].source == ("temptation-claim",)
    assert game.sources[(1, 0)] == ("exploited",)


def test_nfg_outcome_version_reads_exactly():
    game = load(ROOT / "tests" / "data" / "bos.nfg").at()
    assert game.players == ("Alice", "Bob")
    assert game.payoffs[0][0, 0] == 2 and game.payoffs[1][1, 1] == 2 and game.payoffs[0][0, 1] == 0
    assert isinstance(game.payoffs[0][0, 0], Fraction)


def test_nfg_round_trip_keeps_payoffs(write_game):
    game = load(write_game(PD)).at({"T": Fraction(9, 2)})
    again = read_nfg(write_nfg(game)).at()
    assert again.players == game.players and again.strategies == game.strategies
    assert (again.payoffs == game.payoffs).all()


def test_convert_to_yaml_and_nfg(run_cli, write_game, tmp_path):
    path = write_game(PD)
    out_yaml = tmp_path / "pd2.yaml"
    assert run_cli("convert", path, "-o", out_yaml).exit_code == 0
    again = load(out_yaml)
    assert str(again.expressions[1][0, 1]) == "T" and again.parameters["T"].source == ("temptation-claim",)
    out_nfg = tmp_path / "pd.nfg"
    assert run_cli("convert", path, "-o", out_nfg, "--set", "T=6").exit_code == 0
    assert load(out_nfg).at().payoffs[0][1, 0] == 6


def test_convert_refuses_to_overwrite_input(run_cli, write_game):
    path = write_game(PD)
    result = run_cli("convert", path, "-o", path)
    assert result.exit_code == 2 and "refusing to overwrite" in result.stderr


@pytest.mark.parametrize("text", [PD, THREE])
def test_schema_accepts_valid_games(text):
    jsonschema.validate(yaml.safe_load(text), game_schema())


def test_schema_rejects_unknown_keys():
    data = yaml.safe_load(PD)
    data["payof"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, game_schema())


def test_schema_command_prints_json(run_cli):
    result = run_cli("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "convenience game file"


def test_module_entry_point_and_version():
    out = subprocess.run([sys.executable, "-m", "convenience", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("convenience ")


def test_directories_expand_and_skip_non_games(run_cli, write_game, tmp_path):
    write_game(PD, "a.yaml")
    write_game(THREE, "b.yaml")
    write_game("kind: conclusions\ntitle: Across games\nconclusions: []\n", "conclusions.yaml")
    result = run_cli("validate", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("ok: ") == 2 and "conclusions" not in result.stdout
    result = run_cli("validate", tmp_path / "conclusions.yaml", tmp_path / "a.yaml")
    assert result.exit_code == 0 and result.stdout.count("ok: ") == 1


def test_numeric_trees_dispatch_to_the_tree_solver(write_game):
    from convenience.api import solve_game

    tree = load(write_game("""
    kind: tree
    title: Entry
    players: [Entrant, Incumbent]
    tree:
      player: Entrant
      actions:
        Out: [0, 4]
        In: {player: Incumbent, actions: {Fight: [-1, -2], Accommodate: [1, 1]}}
    """))
    for game in (tree, tree.at()):
        assert [e.label() for e in solve_game(game).equilibria] == ["Entrant: In; Incumbent: Accommodate"]


def test_method_options_reach_the_solver(run_cli, write_game):
    path = write_game(PD)
    data = json.loads(run_cli("solve", path, "-m", "lemke-howson", "-O", "initial_dropped_label=2", "-f", "json").stdout)
    assert data["options"]["initial_dropped_label"] == 2
    assert len(data["equilibria"]) == 1
    bad = run_cli("solve", path, "-O", "no-equals-sign")
    assert bad.exit_code == 2 and "--option expects KEY=VALUE" in bad.stderr


def test_a_large_trees_table_shows_the_start_of_each_long_cell_and_what_is_left(run_cli, tmp_path):
    from convenience.commands.solve import MAX_CELL, fit_cell
    from convenience.extensive.random_trees import random_tree
    from convenience.spec.gambit_efg import write_efg

    path = tmp_path / "large.efg"
    path.write_text(write_efg(random_tree(3000, 2, seed=3)))
    table = run_cli("solve", str(path))
    assert table.exit_code == 0, table.output
    whole = json.loads(run_cli("solve", str(path), "-f", "json").stdout)
    assert len(whole["equilibria"][0]["profile"]["P1"]) > 300  # every information set, in JSON
    assert table.stdout.count("characters;") == 2  # each player's cell is cut, and says so
    assert len(table.stdout) < 40 * MAX_CELL
    assert fit_cell("a, b, c", 4) == "a … (6 more characters; all of it with -f json or -f markdown)"
    assert fit_cell("short", 5) == "short"
