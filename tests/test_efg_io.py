"""Gambit .efg files: a hand-written file with incremental outcomes, and round trips."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from convenience.errors import InputError
from convenience.extensive import solve_tree
from convenience.spec import load_game, loads
from convenience.spec.gambit_efg import read_efg, write_efg
from convenience.spec.tree import dump_tree_yaml

DATA = Path(__file__).parent / "data"


def terminal_payoffs(game):
    tree = game.at()
    return [tuple(tree.payoffs[v]) for v in tree.terminals]


def test_hand_written_efg_adds_incremental_outcomes_and_reuses_outcomes():
    game = load_game(DATA / "tree_gambit_incremental.efg")
    assert game.title == "Entry with a sunk cost"
    assert game.players == ("Entrant", "Incumbent")
    tree = game.at()
    # Out; Accommodate (outcome 4 after the -1/2 entry cost); Long war; Short war (outcome 4 again)
    assert terminal_payoffs(game) == [(0, 4), (1, 1), (-2, -3), (1, 1)]
    chance = [v for v in range(tree.n_nodes) if tree.mover[v] == -1][0]
    assert [tree.prob[c] for c in tree.children(chance)] == [Fraction(1, 4), Fraction(3, 4)]
    assert tree.infosets[1].label == "after entry"
    result = solve_tree(game, "spe")
    assert [e.label() for e in result.equilibria] == ["Entrant: In; Incumbent: Accommodate"]


@pytest.mark.parametrize("name", ["entry", "centipede", "kuhn", "horse", "beer_quiche", "bayesian_entry"])
def test_yaml_to_efg_to_yaml_keeps_the_game(name):
    original = load_game(DATA / f"tree_{name}.yaml")
    efg = write_efg(original)
    back = read_efg(efg, file="x.efg")
    assert back.players == original.players
    assert terminal_payoffs(back) == terminal_payoffs(original)
    yaml_text = dump_tree_yaml(back)
    again = loads(yaml_text, name="again.yaml")
    assert terminal_payoffs(again) == terminal_payoffs(original)
    a, b = original.at(), again.at()
    assert [(h.player, h.actions, h.nodes) for h in a.infosets] == [(h.player, h.actions, h.nodes) for h in b.infosets]
    assert list(a.prob) == list(b.prob)


@pytest.mark.parametrize("name,method", [("entry", "normal-form"), ("centipede", "spe"), ("horse", "pbe"),
                                         ("kuhn", "sequence-form"), ("beer_quiche", "pbe")])
def test_round_trip_gives_the_same_equilibria(name, method):
    original = load_game(DATA / f"tree_{name}.yaml")
    again = loads(dump_tree_yaml(read_efg(write_efg(original))), name="again.yaml")
    first = solve_tree(original, method)
    second = solve_tree(again, method)
    assert [e.payoffs for e in first.equilibria] == [e.payoffs for e in second.equilibria]
    assert [list(e.strategy) for e in first.equilibria] == [list(e.strategy) for e in second.equilibria]


def test_yaml_writer_keeps_parameters_and_expressions():
    game = load_game(DATA / "tree_entry.yaml")
    text = dump_tree_yaml(game)
    assert "-c" in text and "range:" in text
    again = loads(text, name="again.yaml")
    assert again.parameters["c"].value == 2
    assert terminal_payoffs(again) == terminal_payoffs(game)


@pytest.mark.parametrize("text,message", [
    ('NFG 1 R "x" { "A" }', "not a Gambit extensive-form file"),
    ('EFG 2 R "x" { "A" "B" }\n""\np "" 3 1 "" { "a" } 0\n', "player 3 does not exist"),
    ('EFG 2 R "x" { "A" }\n""\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1 }\nt "" 2\n', "outcome 2 is used before"),
    ('EFG 2 R "x" { "A" }\n""\np "" 1 1 "" { "a" } 0\nt "" 1 "o" { 1, 2 }\n', "has 2 payoffs for 1 players"),
    ('EFG 2 R "x" { "A" }\n""\np "" 1 1 "" { "a" } 0\n', "file ends early"),
    ('EFG 2 R "x" { "A" }\n""\nc "" 1 "" { "h" 1/2 "t" 1/3 } 0\nt "" 1 "o" { 1 }\nt "" 2 "o" { 1 }\n', "sum to 5/6"),
    ('EFG 2 R "x" { "A" "B" }\n""\np "" 1 1 "" { "a" "b" } 0\np "" 2 1 "" { "x" } 0\nt "" 1 "o" { 1, 1 }\n'
     'p "" 2 1 "" { "y" } 0\nt "" 2 "o" { 2, 2 }\n', "has actions ['x'] elsewhere but ['y'] here"),
    ('EFG 2 R "x" { "A" "B" }\n""\np "" 1 1 "" { "a" } 0\nt "" 1 "o" { 1, 1 }\n', "B never moves"),
])
def test_bad_efg_is_an_input_error_with_a_line(text, message):
    with pytest.raises(InputError) as info:
        read_efg(text, file="bad.efg")
    assert message in str(info.value)
    assert info.value.file == "bad.efg" and info.value.line is not None
