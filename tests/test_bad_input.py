"""Every class of bad input gets one clear message (file, line, key), exit code 2, no traceback."""

import hashlib

import pytest

GOOD = """
title: Coordination
players:
  Russia: [Split, Coordinate]
  Iran: [Split, Coordinate]
parameters:
  k: {value: 1, range: [0, 3]}
payoffs:
  Split: {Split: [0, 0], Coordinate: [0, -k]}
  Coordinate: {Split: [-k, 0], Coordinate: [5, 5]}
"""

CASES = [
    ("yaml-syntax", GOOD.replace("Iran: [Split, Coordinate]", "Iran: [Split, Coordinate"),
     ["YAML syntax error"], ":5:"),
    ("duplicate-key", GOOD.replace("  k: {value: 1, range: [0, 3]}", "  k: {value: 1}\n  k: {value: 2}"),
     ["duplicate key 'k' (first given on line 6)"], ":7:"),
    ("unknown-strategy", GOOD.replace("Coordinate: {Split: [-k, 0]", "Coordinat: {Split: [-k, 0]"),
     ["unknown strategy 'Coordinat' for Russia", "did you mean 'Coordinate'"], "payoffs.Coordinat"),
    ("unknown-parameter", GOOD.replace("[0, -k]", "[0, -kk]"),
     ["unknown parameter 'kk'", "did you mean 'k'"], "payoffs.Split.Coordinate[Iran]"),
    ("unknown-player", GOOD.replace("Coordinate: [5, 5]", "Coordinate: {Russia: 5, Irn: 5}"),
     ["unknown key 'Irn'", "did you mean 'Iran'"], ":9:"),
    ("missing-cell", GOOD.replace(", Coordinate: [5, 5]", ""),
     ["missing payoffs for 1 profile(s): (Coordinate, Coordinate)"], "payoffs"),
    ("extra-cell", GOOD.replace("Coordinate: [5, 5]}", "Coordinate: [5, 5], Alliance: [1, 1]}"),
     ["unknown strategy 'Alliance' for Iran"], ":9:"),
    ("wrong-arity", GOOD.replace("Coordinate: [5, 5]", "Coordinate: [5, 5, 5]"),
     ["expected 2 payoffs (one per player: Russia, Iran), got 3"], ":9:"),
    ("non-numeric", GOOD.replace("Coordinate: [5, 5]", "Coordinate: [five, 5]"),
     ["unknown parameter 'five'"], ":9:"),
    ("non-finite", GOOD.replace("Coordinate: [5, 5]", "Coordinate: [.inf, 5]"),
     ["not a finite number"], ":9:"),
    ("division-by-zero", GOOD.replace("Coordinate: [5, 5]", "Coordinate: [5/(k - 1), 5]"),
     ["cannot evaluate payoff 5 / (k - 1) at k = 1: division by zero"], ":9:45: payoffs.Coordinate.Coordinate[Russia]"),
    ("unsafe-expression", GOOD.replace("Coordinate: [5, 5]", "Coordinate: [\"__import__('os').system('echo hi')\", 5]"),
     ["strings are not allowed"], ":9:"),
    ("unsafe-call", GOOD.replace("Coordinate: [5, 5]", "Coordinate: [\"eval(k)\", 5]"),
     ["unknown function 'eval'"], ":9:"),
    ("attribute-access", GOOD.replace("Coordinate: [5, 5]", "Coordinate: [k.real, 5]"),
     ["attribute access"], ":9:"),
    ("object-tag", GOOD.replace("title: Coordination", "title: !!python/object/apply:os.system ['echo hi']"),
     ["tags that construct objects are not allowed"], ":1:"),
    ("absurd-size", GOOD.replace("Russia: [Split, Coordinate]", "Russia: [" + ", ".join(f"s{i}" for i in range(500)) + "]")
     .replace("Iran: [Split, Coordinate]", "Iran: [" + ", ".join(f"t{i}" for i in range(500)) + "]"),
     ["250,000 strategy profiles; the limit is 200,000"], "players"),
    ("range-excludes-baseline", GOOD.replace("{value: 1, range: [0, 3]}", "{value: 4, range: [0, 3]}"),
     ["baseline 4 lies outside the range [0, 3]"], "parameters.k.value"),
    ("negative-sd", GOOD.replace("{value: 1, range: [0, 3]}", "{value: 1, range: [0, 3], distribution: {type: normal, sd: -1}}"),
     ["sd must be positive"], "parameters.k.distribution.sd"),
    ("unknown-top-key", GOOD + "payof: 1\n", ["unknown key 'payof'", "did you mean 'payoffs'"], ":10:"),
    ("not-a-mapping", "- just\n- a list\n", ["a game file must be a YAML mapping"], ":1:1"),
]


@pytest.mark.parametrize("name, text, messages, where", CASES, ids=[c[0] for c in CASES])
def test_bad_input_message_and_exit_code(run_cli, write_game, name, text, messages, where):
    path = write_game(text)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run_cli("solve", path)
    assert result.exit_code == 2, result.output
    err = result.stderr
    assert err.startswith(f"error: {path}:") or err.startswith(f"error: {path}: "), err
    assert "Traceback" not in result.output
    assert err.count("\n") == 1, err  # one message
    for message in messages:
        assert message in err, err
    assert where in err, err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # inputs are never modified


def test_unknown_set_parameter(run_cli, write_game):
    result = run_cli("solve", write_game(GOOD), "--set", "kk=2")
    assert result.exit_code == 2
    assert "unknown parameter 'kk' (did you mean 'k'?)" in result.stderr


def test_set_outside_range(run_cli, write_game):
    result = run_cli("solve", write_game(GOOD), "--set", "k=7")
    assert result.exit_code == 2
    assert "k = 7 is outside its declared range [0, 3]" in result.stderr


def test_missing_file(run_cli, tmp_path):
    result = run_cli("solve", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_unknown_method(run_cli, write_game):
    result = run_cli("solve", write_game(GOOD), "--method", "pur")
    assert result.exit_code == 2
    assert "unknown method 'pur' (did you mean 'pure'?)" in result.stderr


def test_validate_reports_each_file(run_cli, write_game):
    good = write_game(GOOD, "good.yaml")
    bad = write_game(GOOD.replace("[0, -k]", "[0, -kk]"), "bad.yaml")
    result = run_cli("validate", good, bad)
    assert result.exit_code == 2
    assert f"ok: {good}" in result.stdout
    assert "unknown parameter 'kk'" in result.stderr
