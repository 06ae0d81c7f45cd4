"""A ``sustained`` claim on a repeated game, said in the words that fit its horizon: for ever at
the game's discount factor, or, with a horizon, in every one of its periods."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from convenience.cli import app
from convenience.expectations import describe
from convenience.expectations.checks import Point, evaluate
from convenience.expectations.parse import parse_expectations
from convenience.spec import loads

DATA = Path(__file__).resolve().parent / "data"

# A Prisoner's Dilemma: one stage equilibrium, (Defect, Defect), so backward induction defects in
# every period and cooperation is played in none; for ever, grim trigger sustains it when delta >= 1/2.
PD = """\
kind: repeated
title: Prisoner's Dilemma
parameters:
  T: {{value: 5, range: [3, 10]}}
  delta: {{value: 0.6, range: [0.1, 0.9]}}
discount: delta
{horizon}stage:
  players: {{Row: [Cooperate, Defect], Column: [Cooperate, Defect]}}
  payoffs:
    Cooperate: {{Cooperate: [3, 3], Defect: [0, T]}}
    Defect: {{Cooperate: [T, 0], Defect: [1, 1]}}
target: {{Row: Cooperate, Column: Cooperate}}
expect:
  - {{id: cooperation, sustained: true}}
  - {{id: no-cooperation, sustained: false}}
"""


def _claims(text: str):
    game = loads(text, "pd.yaml")
    return game, {exp.id: exp for exp in parse_expectations(game)}


def _verdict(game, exp, **values):
    return evaluate(Point(game, {**game.baseline(), **values}), exp)


def test_the_infinite_horizon_keeps_its_words_and_its_meaning():
    game, exps = _claims(PD.format(horizon=""))
    assert describe(game, exps["cooperation"]) == "the target is sustained"
    assert describe(game, exps["no-cooperation"]) == "the target is not sustained"
    holds, detail = _verdict(game, exps["cooperation"])
    assert holds and detail.endswith("at delta = 3/5 it is sustained")
    assert not _verdict(game, exps["cooperation"], delta=0.4)[0]


def test_with_a_horizon_sustained_means_played_in_every_period():
    game, exps = _claims(PD.format(horizon="horizon: 4\n"))
    assert describe(game, exps["cooperation"]) == "the target is sustained in every one of the 4 periods"
    assert describe(game, exps["no-cooperation"]) == ("the target is not sustained in every one of the 4 periods "
                                                      "(some period plays another profile)")
    holds, detail = _verdict(game, exps["cooperation"])
    assert not holds and detail.endswith("the target is played in 0 of the 4 periods")  # unravelling
    assert _verdict(game, exps["no-cooperation"])[0]
    # once cooperating is a stage equilibrium (T below the reward 3), it can be played throughout
    holds, detail = _verdict(game, exps["cooperation"], T=2)
    assert holds and detail.endswith("the target is played in every one of the 4 periods")
    assert not _verdict(game, exps["no-cooperation"], T=2)[0]


def test_a_target_played_early_but_not_at_the_end_is_not_sustained():
    game, exps = _claims((DATA / "explore_finite.yaml").read_text())
    exp = exps["cooperation-early"]
    holds, detail = _verdict(game, exp)
    assert not holds
    assert "target sustained in period(s) 1, 2" in detail and detail.endswith("played in 2 of the 3 periods")
    assert _verdict(game, exp, R=6)[0]  # (Cooperate, Cooperate) a stage equilibrium: played in all three


@pytest.mark.parametrize("horizon, words", [(1, "in the game's one period"), (2, "in every one of the 2 periods")])
def test_short_horizons(horizon, words):
    game, exps = _claims(PD.format(horizon=f"horizon: {horizon}\n"))
    assert describe(game, exps["cooperation"]) == f"the target is sustained {words}"


def test_check_says_what_a_finite_claim_means(tmp_path):
    path = tmp_path / "pd.yaml"
    path.write_text(PD.format(horizon="horizon: 3\n"))
    result = CliRunner().invoke(app, ["check", str(path), "--no-cache"])
    assert result.exit_code == 1, result.output
    assert "cooperation: the target is sustained in every one of the 3 periods" in result.output
    assert "the target is played in 0 of the 3 periods" in result.output
    assert "no-cooperation: the target is not sustained in every one of the 3 periods" in result.output


def test_the_report_says_what_a_finite_claim_means(tmp_path):
    from convenience.report.build import build_report

    path = tmp_path / "pd.yaml"
    path.write_text(PD.format(horizon="horizon: 3\n"))
    text = build_report(loads(path.read_text(), str(path)), path, samples=50).markdown()
    assert "| the target is sustained in every one of the 3 periods |" in text
    assert "| the target is not sustained in every one of the 3 periods (some period plays another profile) |" in text
