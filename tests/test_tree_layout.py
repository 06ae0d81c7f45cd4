"""A parametric tree is laid out once and evaluated at many points; trees of one structure share
their reduced normal form's layout. Either way the tree and the normal form are those built
from scratch at that point."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from convenience.extensive import subgames
from convenience.extensive.reduced import plans_of, reduce_tree, reduced_layout
from convenience.extensive.subgames import solve_subgame
from convenience.extensive.tree import build_tree
from convenience.spec import load_game

ROOT = Path(__file__).resolve().parents[1]
GAMES = [ROOT / "tests" / "data" / "tree_beer_quiche.yaml", ROOT / "games" / "mistrust.yaml",
         ROOT / "games" / "iran-domestic.yaml", ROOT / "games" / "turkey.yaml"]


def _points(game, count: int, seed: int) -> list[dict]:
    """Points of the declared box: exact fractions and floats, the baseline first."""
    rng = np.random.default_rng(seed)
    ranged = {n: p for n, p in game.parameters.items() if p.low is not None and p.high is not None}
    out: list[dict] = [{}]
    for k in range(count):
        point = {}
        for n, p in ranged.items():
            x = float(p.low) + (float(p.high) - float(p.low)) * rng.random()
            point[n] = Fraction(round(x * 8), 8) if k % 2 else x
        out.append(point)
    return out


def _same_tree(a, b) -> None:
    for name in ("mover", "parent", "action", "first_child", "n_children", "infoset", "prob", "payoffs"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
        assert getattr(a, name).dtype == getattr(b, name).dtype, name
    assert a.infosets == b.infosets and a.chance_actions == b.chance_actions
    assert a.names == b.names and a.where == b.where and a.players == b.players
    assert (a.title, a.file, a.bayesian) == (b.title, b.file, b.bayesian)


@pytest.mark.parametrize("path", GAMES, ids=lambda p: p.stem)
def test_a_laid_out_tree_at_a_point_equals_a_fresh_build(path):
    game = load_game(path)
    for values in _points(game, 12, seed=len(path.stem)):
        tree = game.at(values)
        fresh = build_tree(game.root, game.players, game.values(values), title=game.title, file=game.file)
        if game.types:
            object.__setattr__(fresh, "bayesian", True)
        _same_tree(tree, fresh)
        assert tree.payoffs is not fresh.payoffs and tree.mover is not fresh.mover  # nothing shared to mutate
    assert game.layout() is game.layout()


@pytest.mark.parametrize("path", [GAMES[0], pytest.param(GAMES[1], marks=pytest.mark.slow), GAMES[2]],
                         ids=lambda p: p.stem)
def test_the_reduced_form_of_a_tree_at_a_new_point_equals_a_fresh_one(path):
    game = load_game(path)
    subgames._structures.clear()
    solve_subgame(game.at())  # keeps the layout of the exact trees' structure
    shared = 0
    for values in _points(game, 8, seed=3):
        tree = game.at(values)
        structure = subgames._structure(tree)
        assert structure is not None
        if structure.reduced is None:
            solve_subgame(game.at(values))  # a tree of the same structure lays it out (floats: another structure)
        assert structure.reduced is not None
        shared += 1
        form = reduce_tree(tree, structure.reduced)
        alone = reduce_tree(tree)  # laid out afresh
        layout = reduced_layout(tree)
        assert form.plans == alone.plans == layout.plans
        assert form.game.strategies == alone.game.strategies == layout.strategies
        assert form.game.shape == layout.shape == tuple(len(plans_of(tree, i)[0]) for i in range(tree.n_players))
        assert alone.reduced == form.reduced
        assert alone.game.payoffs.dtype == form.game.payoffs.dtype
        assert np.array_equal(alone.game.payoffs, form.game.payoffs)
        warm = solve_subgame(tree)
        subgames._structures.clear()
        cold = solve_subgame(game.at(values))  # nothing remembered
        assert warm[1] == cold[1] and len(warm[0]) == len(cold[0])
        assert all(np.array_equal(a, b) for a, b in zip(warm[0], cold[0]))
    assert shared == 9


def test_an_evaluation_error_names_the_node_as_before(tmp_path):
    from convenience.errors import InputError

    path = tmp_path / "divide.yaml"
    path.write_text("""kind: tree
title: Divide
players: [A, B]
parameters:
  d: {value: 1, range: [0, 2]}
tree:
  player: A
  actions:
    L: {payoffs: {A: 1, B: 0}}
    R:
      player: B
      actions:
        l: {payoffs: {A: 1 / d, B: 0}}
        r: {payoffs: {A: 0, B: 1}}
""", encoding="utf-8")
    game = load_game(path)
    game.at()
    with pytest.raises(InputError) as caught:
        game.at({"d": 0})
    with pytest.raises(InputError) as fresh:
        build_tree(game.root, game.players, game.values({"d": 0}), title=game.title, file=game.file)
    assert str(caught.value) == str(fresh.value)
    assert "divide.yaml" in str(caught.value) and ":13" in str(caught.value)
