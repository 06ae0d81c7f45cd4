"""The play line of check for every kind of game: strategic forms, trees with hidden
information and repeated games, beside the perfect-information trees."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from convenience.cli import app
from convenience.expectations.draws import declared_draws
from convenience.expectations.run import judge_game
from convenience.spec import load_game


def run(*args) -> object:
    return CliRunner().invoke(app, ["check", "--no-cache", *[str(a) for a in args]], catch_exceptions=False)


# Below c = 1 both (A, A) and (B, B) are equilibria (and a mixed one); above it B is dominant.
STRATEGIC = textwrap.dedent("""\
    title: Coordination that a temptation breaks
    players:
      Row: [A, B]
      Col: [A, B]
    parameters:
      c: {value: 0.5, range: [0, 2]}
    payoffs:
      A: {A: [1, 1], B: [0, c]}
      B: {A: [c, 0], B: [0.5, 0.5]}
    expect:
      - id: both-a
        equilibrium: {Row: A, Col: A}
        robust: {draws: 400}
    """)

# Nature picks the incumbent's type, which the entrant does not see (one information set over
# both types). The entrant always stays out (1 beats -1 and 0); the incumbent would fight an
# entry exactly while c > 3: the plan off the path flips in half the draws, the play never,
# and p only moves chance's odds.
HIDDEN = textwrap.dedent("""\
    kind: tree
    title: Untested deterrence of an unseen type
    players: [Entrant, Incumbent]
    parameters:
      p: {value: 0.5, range: [0.2, 0.8]}
      c: {value: 3.5, range: [0, 6]}
    tree:
      chance: {Strong: p, Weak: 1 - p}
      actions:
        Strong:
          player: Entrant
          info: entry
          name: facing a strong incumbent
          actions:
            Out: {payoffs: {Entrant: 1, Incumbent: 4}}
            In:
              player: Incumbent
              actions:
                Fight: {payoffs: {Entrant: -1, Incumbent: c - 3}}
                Accommodate: {payoffs: {Entrant: 0, Incumbent: 0}}
        Weak:
          player: Entrant
          info: entry
          actions:
            Out: {payoffs: {Entrant: 1, Incumbent: 4}}
            In:
              player: Incumbent
              actions:
                Fight: {payoffs: {Entrant: -1, Incumbent: c - 4}}
                Accommodate: {payoffs: {Entrant: 0, Incumbent: 0}}
    expect:
      - id: stays-out
        spe_action: {facing a strong incumbent: Out}
        robust: {draws: 600}
    """)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_strategic_form_gets_one_figure_for_play_and_profile(tmp_path):
    path = write(tmp_path, "coordination.yaml", STRATEGIC)
    found = judge_game(load_game(path))
    assert found.play_is_profile and found.play == found.profile
    # the equilibrium set is the baseline's exactly where (A, A) stays an equilibrium (c <= 1)
    assert found.play.hits == int(np.sum(found.rows["both-a"])) and 0.4 < found.play.value < 0.6
    result = run(path)
    assert "play     " in result.output and "play and whole profile at once" in result.output
    [game] = json.loads(run(path, "--json").output)["games"]
    assert game["play_is_profile"] is True and game["play"] == game["profile"]


def test_a_tree_with_hidden_information_tells_play_from_plan(tmp_path):
    path = write(tmp_path, "unseen.yaml", HIDDEN)
    game = load_game(path)
    assert not game.at().is_perfect_information
    found = judge_game(game)
    assert not found.play_is_profile
    assert found.play.hits == found.play.draws == 600  # the entrant never enters
    # the strong incumbent's plan flips at c = 3, the weak one's at c = 4: the baseline's
    # (c = 3.5: strong fights, weak does not) survives exactly in the draws where 3 < c < 4
    c = declared_draws(game, found.draws, found.seed)["c"]
    assert found.profile.hits == int(np.sum((c > 3) & (c < 4))) and 0.1 < found.profile.value < 0.25
    result = run(path)
    assert "stays the baseline's in 100%" in result.output and "plans off the path included" in result.output
    [data] = json.loads(run(path, "--json").output)["games"]
    assert data["play"]["share"] == 1.0 and data["play_is_profile"] is False
