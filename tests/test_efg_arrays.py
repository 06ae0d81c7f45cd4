""".efg files read straight into arrays: the same tree, the same output, the same errors as
reading them node by node."""

from __future__ import annotations

import dataclasses
import pickle
from fractions import Fraction

import numpy as np
import pytest

from convenience.errors import ComputationError, InputError
from convenience.extensive.backward import all_subgame_perfect, backward_induction, choice_to_strategy
from convenience.extensive.behaviour import expected_payoffs, make_behaviour_equilibrium, pure_strategy, regrets
from convenience.extensive.pure_profiles import pure_choice, pure_values
from convenience.extensive.random_trees import random_imperfect_tree, random_tree
from convenience.extensive.tree import CHANCE, TERMINAL, Node, exact_copy, preorder
from convenience.spec import efg_arrays, gambit_efg
from convenience.spec.gambit_efg import _read_nodes_and_check, read_efg


def efg_text(tree, seed: int, *, decimals: bool = True, reuse: bool = True, inner: bool = True) -> str:
    """``tree`` written one node per line: decimal or whole payoffs (negative ones too), some
    outcomes named again by number alone, some outcomes at inner nodes, information sets whose
    later nodes leave out their actions and name."""
    rng = np.random.default_rng(seed)
    lines = ['EFG 2 R "random \\"tree\\"" { "A" "B" }', '"a comment"', ""]
    defined = 0
    listed = set()
    for v in preorder(tree)[0].tolist():
        mover = int(tree.mover[v])
        if mover == TERMINAL:
            if reuse and defined and rng.random() < 0.3:
                lines.append(f't "" {int(rng.integers(1, defined + 1))}')
            elif rng.random() < 0.1:
                lines.append('t "end" 0')
            else:
                defined += 1
                a, b = rng.integers(-500, 500, 2)
                first = f"{a / 100:.2f}" if decimals else str(a)
                lines.append(f't "" {defined} "o{defined}" {{ {first}, {b} }}')
            continue
        outcome = "0"
        if inner and rng.random() < 0.1:
            defined += 1
            outcome = f'{defined} "" {{ 1/3 -2 }}'
        k = int(tree.n_children[v])
        if mover == CHANCE:
            weights = rng.integers(1, 5, size=k)
            acts = " ".join(f'"c{a}" {Fraction(int(w), int(weights.sum()))}' for a, w in enumerate(weights))
            lines.append(f'c "n{v}" {v + 1} "" {{ {acts} }} {outcome}')
            continue
        h = int(tree.infoset[v])
        if h in listed:
            lines.append(f'p "" {mover + 1} {h + 1} {outcome}')
        else:
            listed.add(h)
            acts = " ".join(f'"x{a}"' for a in range(k))
            lines.append(f'p "" {mover + 1} {h + 1} "set {h}" {{ {acts} }} {outcome}')
    return "\n".join(lines) + "\n"


def trees():
    for seed in range(3):
        yield f"perfect-{seed}", efg_text(random_tree(600, 2, chance_share=0.15, seed=seed), seed)
        yield f"imperfect-{seed}", efg_text(random_imperfect_tree(300, 2, seed=seed), seed)
        yield f"whole-{seed}", efg_text(random_tree(400, 2, seed=seed, integer=True), seed, decimals=False,
                                        reuse=False, inner=False)
    yield "gambit-writer", gambit_efg.write_efg(exact_copy(random_tree(500, 2, chance_share=0.2, seed=9)))


def assert_same_tree(a, b):
    for name in ("players", "title", "file", "infosets"):
        assert getattr(a, name) == getattr(b, name), name
    for name in ("mover", "parent", "action", "first_child", "n_children", "infoset"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name
    for name in ("prob", "payoffs"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.shape == y.shape and x.dtype == y.dtype == object
        assert all(type(p) is type(q) is Fraction and p == q for p, q in zip(x.ravel(), y.ravel())), name
    for name in ("chance_actions", "names", "where"):
        assert list(getattr(a, name).items()) == list(getattr(b, name).items()), name


@pytest.mark.parametrize("name,text", list(trees()))
def test_arrays_and_node_by_node_give_the_same_tree(name, text):
    fast = read_efg(text, file="g.efg")
    assert fast.numeric_tree is not None, "read straight into arrays"
    slow = _read_nodes_and_check(text, "g.efg")
    assert slow.numeric_tree is None
    assert (fast.title, fast.players, fast.description) == (slow.title, slow.players, slow.description)
    assert_same_tree(fast.at(), slow.at())
    assert fast.n_nodes == slow.n_nodes and fast.is_constant
    for field in dataclasses.fields(Node):  # the nested view, read when asked for
        assert getattr(fast.root, field.name) == getattr(slow.root, field.name), field.name


def test_the_nested_view_is_read_when_first_asked_for_and_survives_a_copy():
    text = dict(trees())["imperfect-0"]
    game = read_efg(text, file="g.efg")
    assert "_source" in game.root.__dict__
    copy = pickle.loads(pickle.dumps(game))
    assert "_source" not in game.root.__dict__ and copy.root.kind == game.root.kind
    assert [n.payoffs for n in copy.root.walk()] == [n.payoffs for n in game.root.walk()]


def general_reader(monkeypatch):
    def irregular(*_, **__):
        raise efg_arrays.Irregular

    monkeypatch.setattr(efg_arrays, "read_efg_arrays", irregular)


@pytest.mark.parametrize("name,text", [t for t in trees() if t[0] in ("perfect-0", "imperfect-1", "whole-2",
                                                                        "gambit-writer")])
@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_solve_prints_the_same_bytes_either_way(name, text, fmt, tmp_path, run_cli, monkeypatch):
    path = tmp_path / "g.efg"
    path.write_text(text, encoding="utf-8")
    fast = run_cli("solve", path, "-f", fmt)
    general_reader(monkeypatch)
    slow = run_cli("solve", path, "-f", fmt)
    assert fast.exit_code == slow.exit_code == 0, fast.output
    assert fast.stdout == slow.stdout and "equilibri" in fast.stdout


TAIL = '\np "" 2 1 "" { "x" "y" } 0\nt "" 3 "o" { 0, 0 }\nt "" 4 "o" { 5, 6 }\n'


@pytest.mark.parametrize("text", [
    'EFG 2 R "x" { "A" "B" } "" p "" 1 1 "" { "a" "b" } 0 t "" 1 "o" { 1, 2 }' + TAIL,  # nodes on one line
    'EFG 2 R "x" { "A" "B" }\n""\np "" 1 1 "" { "a"\n"b" } 0\nt "" 1 "o" { 1, 2 }' + TAIL,  # over two lines
    'EFG 2 R "x" { "A" "B" }\n""\np "" 1,1 "" { "a" "b" } 0\nt "" 1 "o" { 1, 2 }' + TAIL,  # a comma
    'EFG 2 R "x" { "A" "B" }\n""\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "o" { 1e0, 2 }' + TAIL.replace("5,", ".4,"),
])
def test_other_layouts_are_read_node_by_node_with_the_same_numbers(text):
    game = read_efg(text, file="g.efg")
    tree = game.at()
    assert [tuple(tree.payoffs[v]) for v in tree.terminals][0] == (1, 2)
    if "1e0" in text:
        assert game.numeric_tree is not None  # unusual numbers alone keep the array reader
        assert tuple(tree.payoffs[tree.terminals[-1]]) == (Fraction(2, 5), 6)
    else:
        assert game.numeric_tree is None


BASE = ('EFG 2 R "x" { "A" "B" }\n""\n'
        'p "" 1 1 "first" { "a" "b" } 0\n'
        'c "" 1 "" { "h" 1/2 "t" 1/2 } 0\n'
        't "" 1 "o" { 1.5, -2 }\n'
        't "" 2 "o" { -0.25, 3/4 }\n'
        'p "" 2 1 "second" { "x" "y" } 0\n'
        't "" 3 "o" { 0, 0 }\n'
        't "" 4 "o" { 2, 1 }\n')


@pytest.mark.parametrize("wrong,changed,problem", [
    ("{ 1.5, -2 }", "{ 1.5, pay }", "expected a number"),
    ("{ 1.5, -2 }", "{ 1.5, 1/0 }", "expected a number"),  # division by zero
    ("{ 1.5, -2 }", "{ 1.5 }", "has 1 payoffs for 2 players"),
    ('"t" 1/2', '"t" 1/3', "sum to 5/6"),
    ('"t" 1/2', '"t" -1/2', "negative"),
    ('{ "a" "b" }', '{ "a" "a" }', "duplicate action labels"),
    ('"second" { "x" "y" }', '"first" { "x" "y" }', "mixes players"),
    ('2 1 "second"', '3 1 "second"', "player 3 does not exist"),
])
def test_a_malformed_file_is_refused_as_before_with_file_and_line(wrong, changed, problem, tmp_path, run_cli):
    text = BASE.replace(wrong, changed)
    assert text != BASE
    with pytest.raises(InputError) as fast:
        read_efg(text, file="g.efg")
    with pytest.raises(InputError) as slow:
        _read_nodes_and_check(text, "g.efg")
    assert str(fast.value) == str(slow.value) and problem in str(fast.value)
    assert fast.value.file == "g.efg" and fast.value.line is not None
    path = tmp_path / "g.efg"
    path.write_text(text, encoding="utf-8")
    result = run_cli("solve", path)
    assert result.exit_code == 2 and f"g.efg:{fast.value.line}:" in result.stderr and problem in result.stderr
    assert "Traceback" not in result.output


def test_size_limits_are_checked_before_the_tree_is_built(tmp_path, run_cli, monkeypatch):
    import convenience.spec as spec

    path = tmp_path / "g.efg"
    path.write_text(BASE, encoding="utf-8")
    assert run_cli("solve", path).exit_code == 0
    monkeypatch.setattr(spec, "MAX_EFG_BYTES", 100)
    result = run_cli("solve", path)
    assert result.exit_code == 2 and "larger than" in result.stderr and ".efg files" in result.stderr
    monkeypatch.undo()
    monkeypatch.setattr(gambit_efg, "MAX_EFG_NODES", 4)
    result = run_cli("solve", path)
    assert result.exit_code == 2 and "g.efg:7:" in result.stderr and "more than 4 nodes" in result.stderr


def random_pure_choice(tree, rng):
    return np.asarray([int(rng.integers(len(h.actions))) for h in tree.infosets], dtype=np.int64)


@pytest.mark.parametrize("seed", range(6))
def test_pure_profile_regret_by_induction_equals_the_sequence_form_regret(seed):
    rng = np.random.default_rng(seed)
    tree = exact_copy(random_tree(300, 2 + seed % 2, chance_share=0.2, seed=seed, integer=seed % 2 == 0))
    choice = random_pure_choice(tree, rng)  # any pure profile, equilibrium or not
    strategy = pure_strategy(tree, choice)
    assert np.array_equal(pure_choice(tree, strategy), choice)
    value, best = pure_values(tree, choice)
    assert tuple(value) == expected_payoffs(tree, strategy)
    assert tuple(b - v for b, v in zip(best, value)) == regrets(tree, strategy)
    mixed = strategy.copy()
    mixed[0], mixed[1] = Fraction(1, 2), Fraction(1, 2)
    assert pure_choice(tree, mixed) is None


@pytest.mark.parametrize("seed", range(4))
def test_subgame_perfect_profiles_verify_exactly_with_zero_regret(seed):
    tree = exact_copy(random_tree(2000, 2, chance_share=0.15, seed=seed, integer=True))  # many ties
    induction = backward_induction(tree)
    assert induction.n_ties
    profiles = all_subgame_perfect(tree, induction, 8)[0]
    assert np.array_equal(profiles[0], induction.choice) and len(profiles) > 1
    for k, choice in enumerate(profiles):
        strategy = choice_to_strategy(tree, choice)
        eq = make_behaviour_equilibrium(tree, strategy)
        assert eq.regret == 0 and max(regrets(tree, strategy)) == 0
        assert eq.payoffs == expected_payoffs(tree, strategy)
        assert k or eq.payoffs == tuple(induction.value[0])
    v = 0  # down the path to a decision with one best action; playing another one there is no equilibrium
    while tree.mover[v] == CHANCE or (tree.mover[v] >= 0 and induction.tied[v]):
        v = int(tree.first_child[v] + max(induction.choice[v], 0))
    if tree.mover[v] >= 0:
        wrong = induction.choice.copy()
        wrong[v] = (wrong[v] + 1) % tree.n_children[v]
        with pytest.raises(ComputationError, match="not an equilibrium"):
            make_behaviour_equilibrium(tree, choice_to_strategy(tree, wrong))


TOKENS = ["1", "-1", "0.5", "-0.25", ".5", "5.", "-.5", "3/4", "-3/4", "1.5/3", "007", "-0", "1/2.5",
          "12345678901234567890", "1e3", "2E-2", "+3", "١٢"]


@pytest.mark.parametrize("bad", ["-", "1-2", "1/-2", "--1", "1.2.3", "1/0", ".", "1_0", "9" * 400, "1e400"])
def test_numbers_are_read_as_the_general_reader_reads_them(bad):
    from convenience.expressions import exact_number

    numbers = efg_arrays._Numbers()
    assert numbers.many(TOKENS) == [exact_number(t) for t in TOKENS]
    assert all(type(x) is Fraction for x in numbers.many(TOKENS))
    with pytest.raises(efg_arrays.Irregular):  # then the general reader names the line, or reads it its way
        efg_arrays._Numbers().many(["2", bad])
