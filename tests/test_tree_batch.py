"""Batched backward induction agrees with the one-game solver on every draw."""

import numpy as np
import pytest

from convenience.extensive.backward import backward_induction
from convenience.extensive.batch import batch_backward_induction
from convenience.extensive.random_trees import random_tree
from convenience.extensive.tree import TERMINAL, tree_from_arrays


@pytest.mark.parametrize("seed, chance_share", [(0, 0.0), (1, 0.3), (2, 0.5), (3, 0.0)])
def test_agrees_with_one_game_backward_induction(seed, chance_share):
    tree = random_tree(300, 3, chance_share=chance_share, seed=seed)
    rng = np.random.default_rng(seed)
    samples = 200
    draws = rng.random((tree.n_nodes, tree.n_players, samples))
    draws[tree.mover != TERMINAL] = 0.0
    batch = batch_backward_induction(tree, draws)
    decision = tree.mover >= 0
    for s in range(samples):
        one = tree_from_arrays(tree.players, tree.mover, tree.n_children, draws[:, :, s], tree.prob)
        induction = backward_induction(one)
        assert np.allclose(batch.value[:, :, s], induction.value, atol=1e-12)
        assert np.array_equal(batch.choice[decision, s], induction.choice[decision])
    assert not batch.any_tie.any()  # continuous draws: ties have probability zero


def test_ties_are_flagged_per_draw():
    tree = random_tree(60, 2, seed=5, integer=True)
    draws = np.repeat(tree.payoffs[:, :, None].astype(float), 3, axis=2)
    draws[:, :, 1] = 0.0  # every action ties in draw 1
    batch = batch_backward_induction(tree, draws)
    assert batch.any_tie[1] and not np.array_equal(batch.tied[:, 0], batch.tied[:, 1])


def test_rejects_imperfect_information_and_bad_shapes():
    from convenience.extensive.random_trees import random_imperfect_tree

    with pytest.raises(ValueError, match="perfect-information"):
        batch_backward_induction(random_imperfect_tree(40, seed=1), np.zeros((40, 2, 3)))
    tree = random_tree(20, 2, seed=1)
    with pytest.raises(ValueError, match="payoffs must have shape"):
        batch_backward_induction(tree, np.zeros((20, 3, 3)))
