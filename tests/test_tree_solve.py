"""Known answers for game trees: every method, every classic, checked by value and by regret."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from convenience.extensive import reduced_normal_form, solve_tree
from convenience.extensive.behaviour import regrets
from convenience.extensive.subgames import is_subgame_perfect
from convenience.spec import load_game, loads

DATA = Path(__file__).parent / "data"


def tree(name: str):
    return load_game(DATA / f"tree_{name}.yaml")


def labels(result):
    return sorted(e.label() for e in result.equilibria)


def test_entry_deterrence_has_two_pure_nash_and_one_is_subgame_perfect():
    game = tree("entry")
    spe = solve_tree(game, "spe")
    assert labels(spe) == ["Entrant: In; Incumbent: Accommodate"]
    assert spe.equilibria[0].payoffs == (1, 1)
    assert spe.equilibria[0].regret == 0 and spe.equilibria[0].exact
    nash = solve_tree(game, "normal-form")
    pure = [e for e in nash.equilibria if e.is_pure]
    assert sorted(e.label() for e in pure) == ["Entrant: In; Incumbent: Accommodate",
                                               "Entrant: Out; Incumbent: Fight"]
    threat = next(e for e in pure if "Fight" in e.label())
    assert "subgame perfect" not in threat.concept
    note = " ".join(threat.notes)
    assert "not credible" in note and "Incumbent" in note and "Fight" in note and "Accommodate" in note
    assert "-2" in note  # what fighting would pay the incumbent (c = 2)
    sound = next(e for e in pure if "Accommodate" in e.label())
    assert sound.concept == "Nash (subgame perfect)" and not sound.notes
    # the result's own notes repeat it, so every front end shows it
    assert any(n.startswith("equilibrium ") and "Out; Incumbent: Fight) is not subgame perfect: not credible"
               in n for n in nash.notes)


def test_entry_deterrence_threat_becomes_credible_when_war_is_cheap():
    game = tree("entry")
    at_cheap = solve_tree(game, "spe", values={"c": Fraction(-2)})
    assert labels(at_cheap) == ["Entrant: Out; Incumbent: Fight"]


def test_entry_threat_tie_reports_both_subgame_perfect_equilibria():
    game = tree("entry")
    result = solve_tree(game, "spe", values={"c": Fraction(-1)})  # Fight and Accommodate both pay 1
    assert len(result.equilibria) == 2
    assert any("indifferent" in n and "Incumbent" in n for n in result.notes)
    for e in result.equilibria:
        assert e.regret == 0


def test_centipede_unravels_and_its_path_is_immediate_take():
    result = solve_tree(tree("centipede"), "spe")
    (eq,) = result.equilibria
    assert eq.label() == "Ann: first: Take, third: Take; Bob: second: Take, fourth: Take"
    assert eq.payoffs == (1, 0)
    assert eq.path() == ["Ann: Take at first"]
    d = eq.to_dict()
    assert d["profile"]["Bob"]["fourth"] == {"Take": 1, "Pass": 0}


def test_centipede_nash_equilibria_all_take_at_once_and_name_non_credible_moves():
    result = solve_tree(tree("centipede"), "normal-form")
    assert result.equilibria
    for e in result.equilibria:
        assert e.payoffs == (1, 0)
        if "subgame perfect" not in e.concept:
            assert any("not credible" in n for n in e.notes)


def test_selten_horse_pbe_rejects_the_equilibrium_with_an_incredible_move():
    game = tree("horse")
    nash = solve_tree(game, "normal-form")
    assert "One: Down; Two: Across; Three: Left" in labels(nash)
    pbe = solve_tree(game, "pbe")
    assert "One: Down; Two: Across; Three: Left" not in labels(pbe)
    assert pbe.equilibria and all(e.payoffs == (1, 1, 1) for e in pbe.equilibria)
    assert any("not perfect Bayesian" in n and "Two" in n for n in pbe.notes)
    off_path = [e for e in pbe.equilibria if "Three" in e.belief_ranges]
    assert off_path and off_path[0].belief_ranges["Three"] == "P(Down) in [0, 1/3]"


def test_kuhn_poker_value_is_minus_one_eighteenth_by_sequence_form():
    result = solve_tree(tree("kuhn"), "sequence-form")
    (eq,) = result.equilibria
    assert eq.payoffs == (Fraction(-1, 18), Fraction(1, 18))
    assert eq.regret == 0
    d = eq.to_dict()
    # with a king Bob always calls a bet; with a jack he always folds to one
    assert d["profile"]["Bob"]["Bob has K, Alice bet"]["Call"] == 1
    assert d["profile"]["Bob"]["Bob has J, Alice bet"]["Fold"] == 1


def test_kuhn_sequence_form_agrees_with_the_reduced_normal_form_value():
    game = tree("kuhn").at()
    form = reduced_normal_form(game)
    assert form.shape == (27, 64)
    eq = solve_tree(game, "sequence-form").equilibria[0]
    from convenience.extensive.reduced import reduce_tree

    red = reduce_tree(game)
    # the behaviour strategy's value equals the normal-form value of the realization-equivalent mix
    assert red.game.payoffs[0].min() <= eq.payoffs[0] <= red.game.payoffs[0].max()


def test_every_normal_form_equilibrium_is_an_equilibrium_of_the_tree():
    for name in ("entry", "centipede", "bayesian_entry", "beer_quiche"):
        game = tree(name).at()
        for e in solve_tree(game, "normal-form").equilibria:
            assert max(regrets(game, e.strategy)) == 0


def test_subgame_method_solves_bayesian_entry_by_subgames():
    result = solve_tree(tree("bayesian_entry"), "subgame")
    assert labels(result) == ["Entrant: In; Incumbent: In (High): Accommodate, In (Low): Fight"]
    assert result.equilibria[0].payoffs == (Fraction(1, 3), Fraction(4, 3))


def test_bayesian_entry_entrant_stays_out_when_low_cost_is_likely():
    result = solve_tree(tree("bayesian_entry"), "subgame", values={"p_low": Fraction(2, 3)})
    assert [e.label().split(";")[0] for e in result.equilibria] == ["Entrant: Out"]


def test_auto_picks_backward_induction_for_perfect_information():
    assert solve_tree(tree("entry")).method == "spe"
    assert solve_tree(tree("bayesian_entry")).method == "subgame"


def test_backward_induction_refuses_imperfect_information_with_a_reason():
    from convenience.errors import InputError

    with pytest.raises(InputError, match="perfect information"):
        solve_tree(tree("horse"), "spe")


def test_chance_nodes_average_in_backward_induction():
    game = loads("""
kind: tree
title: Gamble
players: [Ann]
tree:
  player: Ann
  actions:
    Safe: [1]
    Risky:
      chance: {Win: 1/3, Lose: 2/3}
      actions: {Win: [4], Lose: [0]}
""")
    result = solve_tree(game, "spe")
    assert result.equilibria[0].payoffs == (Fraction(4, 3),)
    assert result.equilibria[0].label() == "Ann: Risky"


def test_inner_node_payoffs_add_along_the_path():
    game = loads("""
kind: tree
title: Sunk cost
players: [Ann, Bob]
tree:
  player: Ann
  actions:
    Stay: [0, 0]
    Go:
      payoffs: {Ann: -1}
      player: Bob
      actions:
        Accept: {payoffs: {Ann: 3, Bob: 1}}
        Reject: {payoffs: {Ann: 0, Bob: 0}}
""").at()
    z = game.terminals
    assert [list(game.payoffs[v]) for v in z] == [[0, 0], [2, 1], [-1, 0]]


def test_result_dict_writes_exact_values_as_strings():
    eq = solve_tree(tree("bayesian_entry"), "subgame").equilibria[0]
    d = eq.to_dict()
    assert d["payoffs"] == {"Entrant": "1/3", "Incumbent": "4/3"}
    assert d["exact"] is True and d["max_regret"] == 0


def test_subgame_perfection_check_matches_backward_induction():
    game = tree("centipede").at()
    eq = solve_tree(game, "spe").equilibria[0]
    assert is_subgame_perfect(game, eq.strategy)
    nash = [e for e in solve_tree(game, "normal-form").equilibria if "subgame perfect" not in e.concept]
    assert nash and not any(is_subgame_perfect(game, e.strategy) for e in nash)


def test_auto_on_kuhn_poker_uses_the_sequence_form_for_the_large_subgame_and_says_so():
    result = solve_tree(tree("kuhn"))
    assert result.method == "subgame"
    (eq,) = result.equilibria
    assert eq.payoffs == (Fraction(-1, 18), Fraction(1, 18)) and eq.concept == "subgame perfect"
    assert any("sequence form" in n and "1,728" in n for n in result.notes)


def test_many_ties_are_enumerated_up_to_the_cap_and_the_cap_is_reported():
    from dataclasses import replace

    from convenience.extensive.backward import MAX_SPE
    from convenience.extensive.random_trees import random_tree
    from convenience.extensive.tree import exact_copy

    flat = exact_copy(random_tree(60, 2, seed=3, integer=True))
    zeros = flat.payoffs.copy()
    zeros[:] = Fraction(0)
    game = replace(flat, payoffs=zeros)  # everyone indifferent everywhere
    result = solve_tree(game, "spe")
    assert len(result.equilibria) == MAX_SPE
    assert any("cap reached" in n for n in result.notes)
    assert len({tuple(e.strategy) for e in result.equilibria}) == MAX_SPE
    assert all(e.regret == 0 for e in result.equilibria)


def test_solve_result_of_a_tree_serialises_to_plain_data():
    import json

    result = solve_tree(tree("beer_quiche"), "pbe")
    data = result.to_dict()
    text = json.dumps(data)
    assert data["method"] == "pbe" and data["players"] == ["Sender", "Receiver"]
    first = data["equilibria"][0]
    assert set(first) >= {"concept", "profile", "payoffs", "max_regret", "path", "beliefs", "classification"}
    assert "9/10" in text


def test_reduced_normal_form_of_the_centipede_has_plans_not_full_strategies():
    form = reduced_normal_form(tree("centipede"))
    assert form.strategies[0] == ("first: Take", "first: Pass, third: Take", "first: Pass, third: Pass")
    assert form.strategies[1] == ("second: Take", "second: Pass, fourth: Take", "second: Pass, fourth: Pass")
    assert [list(row) for row in form.payoffs[0]] == [[1, 1, 1], [0, 3, 3], [0, 2, 5]]
    assert [list(row) for row in form.payoffs[1]] == [[0, 0, 0], [2, 1, 1], [2, 4, 3]]


@pytest.mark.parametrize("integer", [True, False])
@pytest.mark.parametrize("exact", [True, False])
def test_an_equilibrium_built_from_its_choices_is_the_one_found_from_its_strategy(integer, exact):
    import numpy as np

    from convenience.extensive.backward import all_subgame_perfect, backward_induction, choice_to_strategy
    from convenience.extensive.behaviour import make_behaviour_equilibrium
    from convenience.extensive.random_trees import random_tree
    from convenience.game import numeric
    from convenience.spec.gambit_efg import read_efg, write_efg

    tree = random_tree(400, 2, chance_share=0.1, seed=5, integer=integer)  # integers: ties, several equilibria
    if exact:  # the same tree read back from its .efg text: fractions
        tree = numeric(read_efg(write_efg(tree)))
        assert tree.is_exact
    choices, _ = all_subgame_perfect(tree, backward_induction(tree), 8)
    assert choices
    for c in choices:
        given = make_behaviour_equilibrium(tree, choice_to_strategy(tree, c), choice=c[tree.infoset_first_node])
        found = make_behaviour_equilibrium(tree, choice_to_strategy(tree, c))
        assert given.is_pure and found.is_pure
        assert given.pure_actions == found.pure_actions == tuple(c[tree.infoset_first_node].tolist())
        assert given.to_dict() == found.to_dict() and given.label() == found.label()
        assert given.regret == found.regret and float(given.regret) < 1e-9
        assert np.array_equal(given.strategy, found.strategy)


def test_a_capped_list_of_subgame_perfect_equilibria_says_so_in_good_grammar():
    game = loads("""
kind: tree
title: A tie
players: [A, B]
tree:
  player: A
  actions:
    L: {player: B, actions: {x: {payoffs: [1, 1]}, y: {payoffs: [1, 1]}}}
    R: {payoffs: [0, 0]}
""")
    one = solve_tree(game, method="spe", cap=1)
    assert len(one.equilibria) == 1
    assert any("1 subgame-perfect equilibrium (cap reached; more exist)" in n for n in one.notes)
    both = solve_tree(game, method="spe")
    assert any("2 subgame-perfect equilibria" in n for n in both.notes)
