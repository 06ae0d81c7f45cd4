"""The units a game file declares for its parameters (``unit:``), as a report shows them.

A payoff is a number plus or times parameters; when every parameter in the payoffs that
declares a unit declares the same one, the payoffs are in that unit and the report says so
once, under the payoff tables and in the verdict's decisive comparison. Different units are
listed parameter by parameter, never merged into a claim about the payoffs.
"""

from __future__ import annotations

from typing import Any

from convenience.game import Game, is_parametric, is_repeated, is_tree, parameters_of


def _names(expression: Any) -> frozenset[str]:
    found = getattr(expression, "parameters", ())
    return frozenset(found() if callable(found) else found)


def payoff_parameters(game: Game) -> frozenset[str]:
    """The parameters that appear in the payoffs of ``game`` (a repeated game: of its stage game)."""
    if not is_parametric(game):  # payoffs at numbers name no parameter
        return frozenset()
    if is_repeated(game):
        return payoff_parameters(game.stage)
    names: set[str] = set()
    if is_tree(game):
        for node in game.root.walk():
            for expression in node.payoffs.values():
                names |= _names(expression)
    else:
        for expression in game.expressions.flat:
            names |= _names(expression)
    return frozenset(names)


def unit_of(game: Game, name: str) -> str:
    """The unit declared for parameter ``name`` ("" when none)."""
    p = parameters_of(game).get(name)
    return "" if p is None else str(p.unit or "")


def payoff_units(game: Game) -> str:
    """``"in billion USD"`` when the parameters in the payoffs that declare a unit all declare
    that one; ``"g in billion USD, p in percentage points"`` when they differ; else ""."""
    declared = {n: unit_of(game, n) for n in sorted(payoff_parameters(game)) if unit_of(game, n)}
    units = set(declared.values())
    if len(units) == 1:
        return f"in {units.pop()}"
    return ", ".join(f"{n} in {u}" for n, u in declared.items())
