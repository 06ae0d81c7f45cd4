"""Units declared with ``unit:`` are shown where a reader needs them: the payoff tables'
caption, the verdict's decisive comparison and the Assumptions table."""

from __future__ import annotations

import textwrap

import pytest

from convenience.spec import loads

TARIFF = """
title: Tariffs
players:
  US: [Open, Tariff]
  China: [Open, Tariff]
parameters:
  g: {value: 2, range: [0, 4], unit: %s}
  l: {value: 2, range: [0, 4], unit: billion USD, description: loss while open}
  d: {value: 1, range: [0, 3], unit: billion USD}
payoffs:
  Open: {Open: [3, 3], Tariff: [3 - l, 3 + g]}
  Tariff: {Open: [3 + g, 3 - l], Tariff: [3 - d, 3 - d]}
"""

TREE = """
kind: tree
title: Entry
players: [Entrant, Incumbent]
parameters:
  v: {value: 4, range: [0, 8], unit: million EUR}
  c: {value: 1, range: [0, 3], unit: million EUR}
  p: {value: 1/2, range: [0, 1]}
tree:
  player: Entrant
  actions:
    Out: {payoffs: {Entrant: 0, Incumbent: v}}
    In:
      player: Incumbent
      actions:
        Fight: {payoffs: {Entrant: -c, Incumbent: p * v - c}}
        Share: {payoffs: {Entrant: v / 2, Incumbent: v / 2}}
"""


def _report(tmp_path, text: str) -> str:
    from convenience.commands.report import build_outputs

    path = tmp_path / "game.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    outputs = build_outputs([path], tmp_path / "out", samples=100, seed=0, jobs=1)
    return next(data for p, data in outputs.items() if p.name == "game.md").decode("utf-8")


def test_one_unit_is_named_in_the_caption_the_verdict_and_the_assumptions(tmp_path):
    text = _report(tmp_path, TARIFF % "billion USD")
    verdict = text.split("## Verdict", 1)[1].split("##", 1)[0]
    assert "It rests on l = 2 > d = 1 (billion USD):" in verdict
    assert "rows are US's strategies; payoffs in billion USD):" in text
    assert "| `l` | loss while open (billion USD) |" in text and "| `d` | billion USD |" in text


def test_different_units_are_listed_not_merged(tmp_path):
    from convenience.report.units import payoff_units

    game = loads(textwrap.dedent(TARIFF % "'% of GDP'"))
    assert payoff_units(game) == "d in billion USD, g in % of GDP, l in billion USD"
    text = _report(tmp_path, TARIFF % "'% of GDP'")
    assert "payoffs d in billion USD, g in % of GDP, l in billion USD" in text


def test_a_tree_names_the_unit_of_its_payoffs_and_ignores_parameters_without_one(tmp_path):
    from convenience.report.units import payoff_parameters, payoff_units

    game = loads(textwrap.dedent(TREE))
    assert payoff_parameters(game) == {"v", "c", "p"}
    assert payoff_units(game) == "in million EUR"
    assert "; payoffs in million EUR):" in _report(tmp_path, TREE)


def test_no_unit_no_mention(tmp_path):
    from convenience.report.units import payoff_units

    game = loads(textwrap.dedent(TARIFF.replace("unit: %s", "description: gain").replace(", unit: billion USD", "")))
    assert payoff_units(game) == ""


def test_set_keeps_the_unit_and_a_unit_must_be_text():
    from convenience.errors import InputError

    game = loads(textwrap.dedent(TARIFF % "billion USD"), overrides={"l": 1})
    assert game.parameters["l"].unit == "billion USD" and game.parameters["l"].value == 1
    with pytest.raises(InputError, match="unit must be text"):
        loads(textwrap.dedent(TARIFF % "3"))
