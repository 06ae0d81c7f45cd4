"""An expectation cites the claims it tests under ``claim`` and ``source``: one id or a list of ids,
every one kept; anything else is refused with its location (never silently dropped)."""

from __future__ import annotations

import textwrap

from typer.testing import CliRunner

from convenience.api import loads
from convenience.cli import app
from convenience.expectations.parse import parse_expectations

GAME = """
title: coordination
players: {A: [x, y], B: [x, y]}
payoffs:
  x: {x: [1, 1], y: [0, 0]}
  y: {x: [0, 0], y: [1, 1]}
expect:
  - id: both-x
    claim: CLAIM
    source: SOURCE
    equilibrium: [x, x]
"""


def game_text(claim: str, source: str) -> str:
    return GAME.replace("CLAIM", claim).replace("SOURCE", source)


def test_claim_and_source_lists_are_all_kept():
    game = loads(game_text("[first, second]", "[third, first]"))
    (expectation,) = parse_expectations(game)
    assert expectation.source == ("first", "second", "third")


def test_a_single_claim_and_source_are_kept_in_order():
    game = loads(game_text("first", "third"))
    assert parse_expectations(game)[0].source == ("first", "third")


def test_a_source_that_is_neither_text_nor_a_list_of_texts_is_refused_with_its_place(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(textwrap.dedent(game_text("first", "5")))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "expect[0].source" in result.stderr and "g.yaml:" in result.stderr
    assert "Traceback" not in result.stderr
