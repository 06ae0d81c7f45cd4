"""The model library reproduces the article: `convenience check games/` passes.

Also checks the library's own conventions: every game loads, solves, says what it assumes
(description, sources on every parameter) and states at least one expectation tied to a claim.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from convenience.cli import app
from convenience.spec import load_document, load_game

GAMES = Path(__file__).resolve().parents[1] / "games"
GAME_FILES = sorted(p for p in GAMES.glob("*.yaml") if load_document(p).get("kind") != "conclusions")


@pytest.mark.slow
def test_check_games_directory_passes():
    result = CliRunner().invoke(app, ["check", str(GAMES)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "FAILS" not in result.output
    assert "conclusions.yaml" in result.output


def test_check_passes_on_two_games_of_the_library():
    """The quick form of the check above: two games, a normal form and a tree."""
    result = CliRunner().invoke(app, ["check", str(GAMES / "alliance.yaml"), str(GAMES / "turkey.yaml")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "FAILS" not in result.output
    assert "alliance.yaml" in result.output and "turkey.yaml" in result.output


def test_library_covers_every_dilemma_with_several_forms():
    kinds = [load_document(p).get("kind", "normal") for p in GAME_FILES]
    assert len(GAME_FILES) >= 12
    assert {"normal", "tree", "repeated"} <= set(kinds)
    assert any("types" in load_document(p) for p in GAME_FILES), "an incomplete-information game"


@pytest.mark.parametrize("path", GAME_FILES, ids=lambda p: p.name)
def test_game_is_documented_sourced_and_has_claims(path):
    game = load_game(path)
    assert len(game.description) > 300, "a description a reader of the article can follow"
    assert "threshold" in game.description.lower(), "a hand-derived threshold is stated"
    assert game.source
    for name, parameter in game.parameters.items():
        assert parameter.source, f"parameter {name} cites no claim"
        assert parameter.description, f"parameter {name} is not described"
        assert parameter.range is not None, f"parameter {name} has no range"
    expect = list(game.expect)
    assert expect and all(entry.get("claim") for entry in expect)


def test_a_changed_assumption_is_reported_as_a_failing_claim():
    """With Russia's third-party cost removed and the alliance's efficiency high, the alliance
    becomes an equilibrium and the library says so (exit 1), naming the claim."""
    result = CliRunner().invoke(app, ["check", str(GAMES / "alliance.yaml"), "--set", "G=0", "--set", "S=0",
                                      "--set", "E=6"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "FAILS  " in result.output and "no-alliance" in result.output
