"""Claims on perfect-information trees judged by backward induction over all draws at once give
the verdicts of solving every draw on its own, ties included."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from convenience.expectations import draws
from convenience.expectations.parse import parse_expectations
from convenience.extensive.batch_backward import backward_choices
from convenience.spec import load_game, loads

GAMES = Path(__file__).resolve().parent.parent / "games"

ENTRY = """
kind: tree
title: Entry with a tie
players: [Entrant, Incumbent]
parameters:
  c: {value: 2, range: [-3, 3]}
  p: {value: 0.5, range: [0, 1]}
tree:
  player: Entrant
  actions:
    Out: {payoffs: {Entrant: 0, Incumbent: 4}}
    In:
      chance: {Strong: p, Weak: 1 - p}
      name: cost
      actions:
        Strong:
          player: Incumbent
          name: strong incumbent
          actions:
            Fight: {payoffs: {Entrant: -1, Incumbent: c}}
            Accommodate: {payoffs: {Entrant: 1, Incumbent: 1}}
        Weak:
          player: Incumbent
          name: weak incumbent
          actions:
            Fight: {payoffs: {Entrant: -1, Incumbent: -c}}
            Accommodate: {payoffs: {Entrant: 1, Incumbent: 1}}
expect:
  - id: enters
    spe_path: [In]
  - id: strong-fights
    spe_action: {strong incumbent: Fight}
"""


@pytest.mark.parametrize("name", ["turkey", "assad", "israel-strikes", "s300"])
def test_library_trees_get_the_verdicts_of_one_solve_per_draw(name):
    game = load_game(GAMES / f"{name}.yaml")
    exps = list(parse_expectations(game))
    for samples in (draws.declared_draws(game, 120, 1), draws.box_draws(game, 120, 1)):
        base = game.baseline()
        batch = draws._tree_hits(game, exps, samples, base, {}, 120)
        assert np.array_equal(batch, draws._pointwise_hits(game, exps, samples, base, {}, 120))


def test_ties_are_solved_on_their_own():
    game = loads(ENTRY)
    exps = list(parse_expectations(game))
    samples = {"c": np.array([1.0, -1.0, 2.5, 1.0, 0.3]), "p": np.array([0.5, 0.5, 0.2, 0.9, 0.0])}
    choices, clear = backward_choices(game, {**samples}, 5)
    assert clear.tolist() == [False, False, True, False, True]  # c = 1 and c = -1 tie an incumbent
    base = game.baseline()
    assert np.array_equal(draws._tree_hits(game, exps, samples, base, {}, 5),
                          draws._pointwise_hits(game, exps, samples, base, {}, 5))
    assert draws.claim_hits(game, exps, samples).shape == (2, 5)


def test_backward_induction_takes_the_best_child_of_each_mover():
    game = loads(ENTRY)
    choices, clear = backward_choices(game, {"c": np.array([2.0, -2.0]), "p": np.array([0.3, 0.3])}, 2)
    tree = game.at({"c": 2})
    strong = next(v for v, name in tree.names.items() if name == "strong incumbent")
    weak = next(v for v, name in tree.names.items() if name == "weak incumbent")
    assert choices[strong].tolist() == [0, 1] and choices[weak].tolist() == [1, 0]
    assert clear.all()  # the entrant expects 0.4 and -0.4 from entering against 0 from staying out
    assert choices[0].tolist() == [1, 0]
