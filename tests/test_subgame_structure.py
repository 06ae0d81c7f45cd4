"""Trees of one structure share their subgame layout: the subgames of a tree at a new point are
the same as when built from scratch, and different structures never share."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import numpy as np
import pytest

from convenience.extensive import subgames
from convenience.extensive.subgames import _build_subtree, structure_key, subgame_perfect, subtree
from convenience.extensive.random_trees import random_imperfect_tree
from convenience.extensive.tree import exact_copy, float_copy


def _new_point(tree, seed):
    """The same tree with other payoffs and chance probabilities."""
    rng = np.random.default_rng(seed)
    payoffs = np.empty(tree.payoffs.shape, dtype=object)
    payoffs[:] = [[Fraction(int(x)) for x in row] for row in rng.integers(-4, 5, tree.payoffs.shape)]
    prob = tree.prob.copy()
    for v in np.flatnonzero(tree.mover == -1):
        kids = list(tree.children(int(v)))
        weights = rng.integers(1, 4, len(kids))
        for k, w in zip(kids, weights):
            prob[k] = Fraction(int(w), int(weights.sum()))
    return dataclasses.replace(tree, payoffs=payoffs, prob=prob)


def _same(a, b):
    for name in ("mover", "parent", "action", "first_child", "n_children", "infoset", "prob", "payoffs"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
        assert getattr(a, name).dtype == getattr(b, name).dtype
    assert a.infosets == b.infosets and a.chance_actions == b.chance_actions
    assert a.names == b.names and a.where == b.where and a.players == b.players


@pytest.mark.parametrize("seed", range(6))
def test_subgames_at_a_new_point_equal_a_fresh_build(seed):
    base = exact_copy(random_imperfect_tree(40, 2, seed=seed, integer=True))
    subgame_perfect(base)  # fills the layout of this structure
    other = _new_point(base, seed + 100)
    assert structure_key(other) == structure_key(base)
    roots = [int(r) for r in base.subgame_roots]
    assert roots, "the random tree has proper subgames"
    for r in roots:
        cut = {int(c): other.payoffs[int(c)] * 2 for c in other.children(r) if other.n_children[int(c)]}
        for cuts in ({}, cut):
            sub, old, old_sets = subtree(other, r, cuts)
            fresh, fresh_old, fresh_sets, _ = _build_subtree(other, r, cuts)
            _same(sub, fresh)
            assert np.array_equal(old, fresh_old) and np.array_equal(old_sets, fresh_sets)
            assert sub.is_perfect_information == fresh.is_perfect_information
            assert np.array_equal(sub.levels, fresh.levels) and np.array_equal(sub.action_offset, fresh.action_offset)
            assert sub.recall_problem == fresh.recall_problem
    # the whole solve at the new point equals the solve with nothing remembered
    warm = subgame_perfect(other)
    subgames._structures.clear()
    subgames._structure_of.clear()
    cold = subgame_perfect(_new_point(base, seed + 100))
    assert [list(map(str, s)) for s in warm[0]] == [list(map(str, s)) for s in cold[0]]
    assert warm[1] == cold[1]


def test_structures_are_shared_only_by_equal_structures():
    tree = exact_copy(random_imperfect_tree(40, 2, seed=3, integer=True))
    assert structure_key(float_copy(tree)) != structure_key(tree)  # other kind of numbers
    assert structure_key(exact_copy(random_imperfect_tree(40, 2, seed=4, integer=True))) != structure_key(tree)
    renamed = dataclasses.replace(tree, names={**tree.names, 0: "start here"})
    assert structure_key(renamed) != structure_key(tree)
    subgame_perfect(tree)
    later = _new_point(tree, 7)
    subgame_perfect(later)
    r = next(int(v) for v in tree.subgame_roots if v)
    first, _, _ = subtree(later, r)
    assert first.levels.size  # computed once, on the first tree of the layout
    second, _, _ = subtree(later, r)
    assert first.levels is second.levels  # the layout is shared, not rebuilt
