"""`convenience validate` lists every error of a file, each located, with hints for common slips."""

from __future__ import annotations

from typer.testing import CliRunner

MULTI = """title: T
colour: blue
players:
  US: [Open, Tariff]
  China: [Open, Tariff]
parameters:
  g: {value: 2, range: [0, 4], description: loss (cost to China, cost to US)}
  h: {value: 9, range: [0, 4]}
  k: {value: 1, distribution: {type: wobbly}}
payoffs:
  Open: {Open: [3, 3], Tariff: [1, 3 + g]}
  Tariff: {Open: [3 + g, 1], Tariff: [2, 2 + q]}
"""


def _validate(tmp_path, text, *args):
    from convenience.cli import app

    path = tmp_path / "game.yaml"
    path.write_text(text, encoding="utf-8")
    return path, CliRunner().invoke(app, ["validate", str(path), *args])


def test_every_error_of_a_file_is_listed_in_order(tmp_path):
    path, result = _validate(tmp_path, MULTI)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert [line.split(": ")[1].split(":")[1] for line in lines] == ["2", "7", "8", "9", "12"]
    assert "unknown key 'colour'" in lines[0] and "baseline 9 lies outside the range" in lines[2]
    assert "unknown distribution 'wobbly'" in lines[3] and "unknown parameter 'q'" in lines[4]
    assert path.read_text(encoding="utf-8") == MULTI  # the file is never touched


def test_a_comma_that_splits_a_description_gets_a_hint(tmp_path):
    _, result = _validate(tmp_path, MULTI)
    line = next(line for line in result.output.splitlines() if "cost to US)" in line)
    assert "a comma inside {...} ends an entry" in line
    assert 'description: "loss (cost to China, cost to US)"' in line


def test_json_keeps_the_first_error_and_lists_them_all(tmp_path):
    import json

    _, result = _validate(tmp_path, MULTI, "-f", "json")
    [row] = json.loads(result.output[:result.output.rindex("]") + 1])
    assert row["error"] == row["errors"][0] and len(row["errors"]) == 5


def test_follow_on_errors_are_not_invented(tmp_path):
    # a payoff row missing: setting it aside must not add "missing" errors of its own
    text = MULTI.replace("colour: blue\n", "").replace("  Tariff: {Open: [3 + g, 1], Tariff: [2, 2 + q]}\n",
                                                       "  Tariff: {Open: [3 + g, 1], Tariff: 7}\n")
    _, result = _validate(tmp_path, text)
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 4 and not any("missing" in line for line in lines)


CARTEL = "tests/data/readable/cartel.yaml"  # discount: 1/(1 + r), r in [0.02, 1.5]


def test_set_moves_a_parameter_the_discount_factor_is_written_in():
    from pathlib import Path

    from convenience.cli import app

    root = Path(__file__).resolve().parent.parent
    game = str(root / CARTEL)
    runner = CliRunner()
    sustained = runner.invoke(app, ["solve", game, "--set", "r=0.5"])
    assert sustained.exit_code == 0 and "at delta = 2/3 the target is sustained" in sustained.output
    broken = runner.invoke(app, ["solve", game, "--set", "r=1.2"])
    assert broken.exit_code == 0 and "at delta = 5/11 the target is not sustained" in broken.output
    analysed = runner.invoke(app, ["analyze", game, "--set", "r=1.2", "--samples", "0"])
    assert analysed.exit_code == 0 and "not sustained" in analysed.output


def test_ranges_are_echoed_as_written():
    from pathlib import Path

    from convenience.cli import app

    game = str(Path(__file__).resolve().parent.parent / CARTEL)
    result = CliRunner().invoke(app, ["solve", game, "--set", "r=2"])
    assert result.exit_code == 2
    assert "r = 2 is outside its declared range [0.02, 1.5]" in result.output


def test_written_numbers():
    from fractions import Fraction

    from convenience.spec.common import written_number

    assert [written_number(Fraction(n, d)) for n, d in ((1, 50), (3, 2), (1, 3), (5, 1), (-1, 8))] == \
        ["0.02", "1.5", "1/3", "5", "-0.125"]
