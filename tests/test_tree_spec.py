"""Bad tree files: every mistake is an InputError naming file, line and key."""

from __future__ import annotations

import pytest

from convenience.errors import InputError
from convenience.extensive import solve_tree
from convenience.spec import loads

HEAD = """kind: tree
title: T
players: [Ann, Bob]
"""


def error_of(text: str, method: str | None = None) -> InputError:
    with pytest.raises(InputError) as info:
        game = loads(HEAD + text, name="bad.yaml")
        if method:
            solve_tree(game, method)
    return info.value


CASES = [
    # (id, tree text, expected line, key fragment, message fragment)
    ("infoset-players", """tree:
  player: Ann
  info: X
  actions:
    L:
      player: Bob
      info: X
      actions: {a: [0, 0], b: [1, 1]}
    R: [0, 0]
""", 9, "tree.actions.L.info", "mixes players"),
    ("infoset-actions", """tree:
  player: Ann
  actions:
    L:
      player: Bob
      info: B
      actions: {a: [0, 0], b: [1, 1]}
    R:
      player: Bob
      info: B
      actions: {a: [0, 0], c: [1, 1]}
""", 12, "tree.actions.R.actions", "same actions"),
    ("negative-probability", """tree:
  chance: {H: -1/2, T: 3/2}
  actions:
    H: {player: Ann, actions: {a: [0, 0]}}
    T: {player: Bob, actions: {a: [0, 0]}}
""", 5, "tree.chance.H", "negative"),
    ("probabilities-sum", """tree:
  chance: {H: 1/2, T: 1/3}
  actions:
    H: {player: Ann, actions: {a: [0, 0]}}
    T: {player: Bob, actions: {a: [0, 0]}}
""", 5, "tree", "sum to 5/6"),
    ("empty-action", """tree:
  player: Ann
  actions:
    "": [0, 0]
    R: {player: Bob, actions: {a: [1, 1]}}
""", 7, "tree.actions", "empty action name"),
    ("duplicate-action", """tree:
  player: Ann
  actions:
    L: [0, 0]
    L: [1, 1]
""", 8, "L", "duplicate key"),
    ("duplicate-name", """tree:
  player: Ann
  name: n
  actions:
    L: {player: Bob, name: n, actions: {a: [0, 0]}}
    R: [1, 1]
""", 8, "tree.actions.L.name", "duplicate node name"),
    ("missing-payoffs", """tree:
  player: Ann
  actions:
    L: {name: leaf}
    R: {player: Bob, actions: {a: [1, 1]}}
""", 7, "tree.actions.L", "missing payoffs"),
    ("missing-player-payoff", """tree:
  player: Ann
  actions:
    L: {payoffs: {Ann: 1}}
    R: {player: Bob, actions: {a: [1, 1]}}
""", 7, "tree.actions.L.payoffs", "missing payoff for Bob"),
    ("unknown-player", """tree:
  player: Anne
  actions:
    L: [0, 0]
""", 5, "tree.player", "did you mean 'Ann'"),
    ("never-moves", """tree:
  player: Ann
  actions:
    L: [0, 0]
""", 3, "players", "Bob never moves"),
    ("unknown-parameter", """tree:
  player: Ann
  actions:
    L: [0, "k"]
    R: {player: Bob, actions: {a: [1, 1]}}
""", 7, "tree.actions.L[Bob]", "unknown parameter 'k'"),
    ("yaml-boolean", """tree:
  player: Ann
  actions:
    Yes: [0, 0]
    R: {player: Bob, actions: {a: [1, 1]}}
""", 7, "tree.actions", "booleans"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_tree_is_located(case):
    _, text, line, key, message = case
    error = error_of(text)
    assert error.file == "bad.yaml"
    assert error.line == line, str(error)
    assert key in (error.key or ""), str(error)
    assert message in error.message, str(error)
    assert str(error).startswith(f"bad.yaml:{line}:")


def test_imperfect_recall_is_refused_by_solvers_with_the_information_set_named():
    text = """tree:
  player: Ann
  actions:
    L:
      player: Bob
      actions:
        a: {player: Ann, info: Forgot, actions: {x: [1, 0], y: [0, 1]}}
        b: [0, 0]
    R:
      player: Bob
      actions:
        c: {player: Ann, info: Forgot, actions: {x: [0, 1], y: [1, 0]}}
        d: [0, 0]
"""
    game = loads(HEAD + text, name="bad.yaml")
    assert "imperfect recall" in (game.at().recall_problem or "")
    for method in ("subgame", "sequence-form", "pbe"):
        with pytest.raises(InputError) as info:
            solve_tree(game, method)
        error = info.value
        assert "imperfect recall" in error.message and "'Forgot'" in error.message
        assert error.file == "bad.yaml" and error.line == 15 and "tree.actions.R.actions.c" in error.key
    # the full normal form still works without perfect recall
    result = solve_tree(game, "normal-form")
    assert result.equilibria and any("imperfect recall" in n for n in result.notes)


def test_chance_probability_that_can_leave_the_unit_interval_is_a_warning():
    text = """parameters:
  p: {value: 1/2, range: [0, 2]}
tree:
  chance: {H: p, T: 1 - p}
  actions:
    H: {player: Ann, actions: {a: [0, 0]}}
    T: {player: Bob, actions: {a: [0, 0]}}
"""
    game = loads(HEAD + text, name="warn.yaml")
    assert game.warnings and "leaves [0, 1]" in game.warnings[0] and "p = 2" in game.warnings[0]


def test_tree_over_the_size_limit_is_refused(monkeypatch):
    import convenience.spec.tree as spec_tree

    monkeypatch.setattr(spec_tree, "MAX_NODES", 3)
    error = error_of("""tree:
  player: Ann
  actions:
    L: [0, 0]
    R: {player: Bob, actions: {a: [1, 1], b: [2, 2]}}
""")
    assert "more than 3 nodes" in error.message and error.line is not None


def test_bayesian_payoff_with_unknown_type_is_located():
    text = """types:
  Ann: {Hi: 1/2, Lo: 1/2}
tree:
  player: Ann
  actions:
    L: {payoffs: {Ann: {Hi: 1, Mid: 2}, Bob: 0}}
    R: {player: Bob, actions: {a: [1, 1]}}
"""
    error = error_of(text)
    assert error.line == 9 and "unknown type 'Mid'" in error.message and "Ann.Mid" in error.key


def test_bayesian_prior_not_summing_to_one_is_refused():
    text = """types:
  Ann: {Hi: 1/2, Lo: 1/3}
tree:
  player: Ann
  actions:
    L: [0, 0]
    R: {player: Bob, actions: {a: [1, 1]}}
"""
    error = error_of(text)
    assert "sum to 5/6" in error.message and error.line == 5


def test_information_set_holding_a_node_and_its_successor_is_refused():
    error = error_of("""tree:
  player: Ann
  info: X
  actions:
    L:
      player: Ann
      info: X
      actions: {L: [0, 0], R: {player: Bob, actions: {c: [1, 1]}}}
    R: [0, 0]
""")
    assert "successors" in error.message and error.line == 9 and error.key == "tree.actions.L.info"


def test_a_node_name_equal_to_another_nodes_path_does_not_merge_information_sets():
    game = loads(HEAD + """tree:
  player: Ann
  actions:
    In:
      player: Ann
      actions: {a: [0, 0], b: {player: Bob, actions: {c: [1, 1]}}}
    Out:
      player: Ann
      name: In
      actions: {a: [2, 2], b: [3, 3]}
""", name="names.yaml")
    tree = game.at()
    assert tree.is_perfect_information
    assert sorted(h.label for h in tree.infosets if h.player == 0) == ["In", "In (3)", "start"]
