"""Work shared between the claims of one game, and shortcuts that skip work whose answer is
known: each gives the answer the work done afresh gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from convenience.expectations import parse_expectations
from convenience.expectations.conditions import exact_conditions
from convenience.expectations.draws import ranged
from convenience.spec import load_game

ROOT = Path(__file__).resolve().parents[1]


def _forget() -> None:
    """Empty every memo of the exact regions."""
    from convenience.expectations import box, cells, conditions

    box._CLASSIFIED.clear()
    cells._CELLS.clear()
    cells._COVERS.clear()
    conditions._ANALYSES.clear()


@pytest.mark.parametrize("name", ["alliance", "federation", "second-afghanistan", "assad", "israel-strikes", "israel-restraint"])
def test_exact_regions_with_the_memos_equal_those_found_afresh(name):
    game = load_game(ROOT / "games" / f"{name}.yaml")
    varying = ranged(game)
    exps = parse_expectations(game)
    _forget()
    shared = [exact_conditions(game, exp, varying) for exp in exps]  # later claims read the earlier ones' work
    alone = []
    for exp in exps:
        _forget()
        alone.append(exact_conditions(game, exp, varying))
    assert shared == alone
    assert any(region is not None for region in shared)


def test_a_classification_is_remembered_for_its_box_only():
    """The same payoff difference over the same ranges, with another value of a parameter the
    box holds fixed, is classified again (and differently)."""
    import sympy

    from convenience.expectations.box import Box, _CLASSIFIED

    game = load_game(ROOT / "games" / "federation.yaml")
    phi, c_r = sympy.Symbol("phi", real=True), sympy.Symbol("c_R", real=True)
    low = Box(game, ["phi"], {**game.baseline(), "c_R": -1})
    high = Box(game, ["phi"], {**game.baseline(), "c_R": 9})
    _CLASSIFIED.clear()
    expression = phi - c_r
    assert low.classify(expression, True) is not high.classify(expression, True)
    assert low.classify(expression, True) == low._classify(sympy.sympify(expression), True)
    assert high.classify(expression, True) == high._classify(sympy.sympify(expression), True)
    assert low.classify(expression, True) is True  # phi in [0, 6] is always above -1 ...
    assert high.classify(expression, True) is False  # ... and never above 9
    middle = Box(game, ["phi"], {**game.baseline(), "c_R": 2})
    assert middle.classify(expression, True) == "phi > 2"
