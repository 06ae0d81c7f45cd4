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


#: Claims the model does not support at the strength the article's wording asks for. Each is a
#: finding reported as it is (docs/library.md says why), not hidden by lowering its bar.
KNOWN_SHORTFALLS = {
    # "it could not let it happen": a 90% bar; Russia stays in about three draws in four
    ("second-afghanistan.yaml", "no-withdrawal-robust"),
    # "the only correct decision": a 90% bar; Russia mediates in about two draws in three
    ("saudi-iran.yaml", "mediation-robust"),
    # "difficult, with an unclear outcome": each side in a third of draws; restraint comes out in a quarter
    ("israel-restraint.yaml", "unclear-outcome-restrain"),
    # "the Iranian government chose a dual approach": a 66% bar; the dual approach comes out in about half
    ("turkey.yaml", "dual-approach-robust"),
    # "Tehran treats Syria as a junior partner" (plainly stated): a 66% bar; dictating stays dominant in about 64%
    ("patrons.yaml", "paternalism-robust"),
}


def _robust_entries() -> set[tuple[str, str]]:
    return {(p.name, e["id"]) for p in GAME_FILES for e in load_game(p).expect if e.get("robust")}


@pytest.mark.slow
def test_check_games_directory_falls_short_only_where_the_library_says_so():
    """Every claim holds at its baseline; the robustness bars missed are exactly the known ones."""
    import json

    result = CliRunner().invoke(app, ["check", str(GAMES), "--json"], catch_exceptions=False)
    data = json.loads(result.output)
    claims = data["claims"] if isinstance(data, dict) else data
    with_bar = _robust_entries()
    short, failing = set(), set()
    for v in claims:
        key = (Path(v["game"]).name, v["id"])
        status = v.get("status") or ("robust" if v["holds"] else "fails")
        if key in with_bar:
            short |= {key} if status != "robust" else set()
        elif not v.get("baseline_holds", v["holds"]):
            failing.add(key)
    assert not failing, result.output
    assert short == KNOWN_SHORTFALLS, result.output
    assert any(Path(v["game"]).name == "conclusions.yaml" for v in claims)


@pytest.mark.parametrize("path", GAME_FILES, ids=lambda p: p.name)
def test_game_names_one_principal_claim(path):
    """The index shows each game's principal claim, so each game names exactly one."""
    principal = [e for e in load_game(path).expect if e.get("principal") is True]
    assert len(principal) == 1 and principal[0].get("claim")


def test_check_passes_on_two_games_of_the_library():
    """The quick form of the check above: two games, a normal form and a tree."""
    result = CliRunner().invoke(app, ["check", str(GAMES / "alliance.yaml"), str(GAMES / "assad.yaml")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "FAILS" not in result.output
    assert "alliance.yaml" in result.output and "assad.yaml" in result.output


def test_library_covers_every_dilemma_with_several_forms():
    kinds = [load_document(p).get("kind", "normal") for p in GAME_FILES]
    assert len(GAME_FILES) >= 12
    assert {"normal", "tree"} <= set(kinds)
    assert any(_hides_a_chance_move(load_game(p)) for p in GAME_FILES), "an incomplete-information game"


def _hides_a_chance_move(game) -> bool:
    """A game of incomplete information: declared types, or a tree in which some player cannot
    tell apart nodes reached through different outcomes of a chance move."""
    from convenience.extensive.tree import CHANCE

    if getattr(game, "types", None):
        return True
    if getattr(game, "kind", None) != "tree":
        return False
    tree = game.at({})

    def chance_outcomes(v: int) -> tuple:
        path = []
        while int(tree.parent[v]) >= 0:
            parent = int(tree.parent[v])
            if int(tree.mover[parent]) == CHANCE:
                path.append((parent, v))
            v = parent
        return tuple(path)

    return any(len({chance_outcomes(int(v)) for v in h.nodes}) > 1 for h in tree.infosets)


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


def test_two_principal_claims_are_refused_with_their_place():
    from convenience.errors import InputError
    from convenience.expectations.parse import parse_expectations
    from convenience.spec import loads

    game = loads("""
title: two principals
players: {A: [x, y], B: [x, y]}
payoffs:
  x: {x: [1, 1], y: [0, 0]}
  y: {x: [0, 0], y: [1, 1]}
expect:
  - {id: one, equilibrium: [x, x], principal: true}
  - {id: two, equilibrium: [y, y], principal: true}
""")
    with pytest.raises(InputError) as caught:
        parse_expectations(game)
    assert "expect[1].principal" in str(caught.value) and "'one'" in str(caught.value)
