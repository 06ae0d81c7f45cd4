"""Properties on random trees: backward induction, subgame decomposition and the normal form agree."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from convenience.extensive.backward import all_subgame_perfect, backward_induction, choice_to_strategy
from convenience.extensive.behaviour import make_behaviour_equilibrium, regrets
from convenience.extensive.reduced import reduce_tree
from convenience.extensive.sequence_form import lemke_equilibrium
from convenience.extensive.subgames import is_subgame_perfect, subgame_perfect
from convenience.extensive.random_trees import random_imperfect_tree, random_tree
from convenience.extensive.tree import exact_copy

trees = st.builds(
    lambda n, players, chance, seed: exact_copy(random_tree(n, players, max_actions=3, chance_share=chance,
                                                            seed=seed, integer=True)),
    st.integers(3, 25), st.integers(1, 3), st.sampled_from([0.0, 0.3]), st.integers(0, 10**6))


def key(strategy):
    return tuple(str(x) for x in strategy)


@settings(max_examples=40, deadline=None)
@given(trees)
def test_backward_induction_agrees_with_subgame_decomposition(tree):
    choices, truncated = all_subgame_perfect(tree, backward_induction(tree))
    by_induction = {key(choice_to_strategy(tree, c)) for c in choices}
    by_subgames, notes = subgame_perfect(tree)
    if not truncated and not any("first" in n for n in notes):
        assert by_induction == {key(s) for s in by_subgames}
    for c in choices:
        assert max(regrets(tree, choice_to_strategy(tree, c))) == 0


@settings(max_examples=30, deadline=None)
@given(trees)
def test_subgame_perfect_profiles_are_equilibria_of_the_reduced_normal_form(tree):
    form = reduce_tree(tree)
    game = form.game
    choices, _ = all_subgame_perfect(tree)
    for c in choices[:5]:
        chosen = c[tree.infoset_first_node]
        indices = []
        for i, plans in enumerate(form.plans):
            match = [k for k, plan in enumerate(plans) if all(chosen[h] == a for h, a in plan.items())]
            assert len(match) == 1
            indices.append(match[0])
        assert game.regret(game.pure_profile(indices)) == 0


@settings(max_examples=25, deadline=None)
@given(st.integers(50, 3000), st.integers(1, 4), st.integers(0, 10**6))
def test_float_backward_induction_has_zero_regret_and_matches_exact(n, players, seed):
    tree = random_tree(n, players, chance_share=0.2, seed=seed)
    induction = backward_induction(tree)
    strategy = choice_to_strategy(tree, induction.choice)
    assert max(regrets(tree, strategy)) <= 1e-9
    exact = exact_copy(tree)
    exact_value = backward_induction(exact).value[0]
    assert np.allclose(np.asarray(exact_value, dtype=float), induction.value[0], atol=1e-2)


imperfect = st.builds(
    lambda n, chance, seed: exact_copy(random_imperfect_tree(n, 2, chance_share=chance, seed=seed, integer=True)),
    st.integers(5, 40), st.sampled_from([0.0, 0.3]), st.integers(0, 10**6))


@settings(max_examples=25, deadline=None)
@given(imperfect)
def test_sequence_form_equilibrium_of_random_imperfect_information_trees_is_exact(tree):
    assert tree.recall_problem is None
    strategy = lemke_equilibrium(tree)
    eq = make_behaviour_equilibrium(tree, strategy)  # raises unless regret is exactly zero
    assert eq.regret == 0


@settings(max_examples=12, deadline=None)
@given(imperfect)
def test_subgame_method_gives_subgame_perfect_equilibria(tree):
    strategies, _ = subgame_perfect(tree, cap=8)
    assert strategies
    for s in strategies:
        assert max(regrets(tree, s)) == 0
        assert is_subgame_perfect(tree, s)


@settings(max_examples=15, deadline=None)
@given(st.builds(lambda n, seed: exact_copy(random_imperfect_tree(n, 2, seed=seed, integer=True)),
                 st.integers(5, 18), st.integers(0, 10**6)))
def test_normal_form_equilibria_are_equilibria_of_the_tree(tree):
    form = reduce_tree(tree)
    if form.game.n_profiles > 400:
        return
    from convenience.solvers import solve

    for eq in solve(form.game).equilibria[:6]:
        strategy, _ = form.behaviour(eq.profile)
        assert max(regrets(tree, strategy)) == 0


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 200), st.integers(0, 10**6))
def test_preorder_lays_every_subtree_out_contiguously(n, seed):
    from convenience.extensive.tree import preorder

    tree = random_tree(n, 2, seed=seed)
    order, size = preorder(tree)
    assert sorted(order.tolist()) == list(range(tree.n_nodes))
    pos = np.empty(tree.n_nodes, dtype=np.int64)
    pos[order] = np.arange(tree.n_nodes)
    for v in range(tree.n_nodes):
        block = set(order[pos[v]:pos[v] + size[v]].tolist())
        below = {u for u in range(tree.n_nodes) if v in tree.path(u)}
        assert block == below
