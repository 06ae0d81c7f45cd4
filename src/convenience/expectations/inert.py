"""Inert assumptions: parameters that move no equilibrium and no claim anywhere in their range.

A parameter whose value never matters still sits in the assumptions table as if it did. For
each ranged parameter :func:`inert_parameters` compares, at the baseline and at points drawn
uniformly over the whole declared box (so jointly with every other parameter), the game's
equilibria and the verdict of each of its claims with the parameter set to each end of its
range. A parameter is inert when no comparison differs: exactly so when it appears in no
payoff, by sampling otherwise (the result says with how many points).

The equilibria compared are all of them: for a normal form the unique profile left by
iterated strict dominance when there is one, else every equilibrium found by the solver
(probabilities to nine places); for a tree its subgame-perfect equilibria; for a repeated
game those of its stage game (and its claims, which include whether the target is sustained).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from convenience.errors import InputError
from convenience.expectations.checks import Point
from convenience.expectations.draws import box_draws, holds_safely, ranged
from convenience.expectations.parse import Expectation, parse_expectations
from convenience.game import ParametricAny, game_kind, is_normal

#: Points of the box (besides the baseline) at which each parameter is moved to both ends.
INERT_POINTS = 24


@dataclass(frozen=True)
class Inertness:
    """``inert`` parameters of ``tested``; ``points`` box points used (0: decided exactly)."""

    inert: tuple[str, ...]
    tested: tuple[str, ...]
    points: int

    def text(self) -> str:
        if not self.inert:
            return ""
        names = ", ".join(self.inert)
        if not self.points:
            verb = "moves" if len(self.inert) == 1 else "move"
            return f"{names} {verb} no equilibrium and no claim anywhere in range (it appears in no payoff)"
        return (f"{names} moved no equilibrium and no claim at the baseline or at any of {self.points} sampled "
                "points of the declared box, each set to both ends of its range (sampled, not proven: a "
                "combination the points missed may still give it a role)")

    @property
    def exact(self) -> bool:
        """Decided exactly (the inert parameters appear in no payoff), not by sampling."""
        return self.points == 0

    def to_dict(self) -> dict[str, Any]:
        return {"inert": list(self.inert), "tested": list(self.tested), "points": self.points}


def _rounded(profile: Any) -> tuple:
    return tuple(round(float(x), 9) for x in np.concatenate([np.asarray(s, dtype=float).ravel() for s in profile]))


def _equilibria(point: Point, kind: str) -> Any:
    """A comparable description of every equilibrium at ``point``."""
    try:
        if kind == "tree":
            return tuple(sorted(_rounded([s]) for s in point.spe))
        only = point.only
        if only is not None:
            return ("dominance", only)
        return tuple(sorted(_rounded(e.profile) for e in point.solved.equilibria))
    except (InputError, ArithmeticError, ValueError):
        return None


def _signature(game: ParametricAny, kind: str, exps: Sequence[Expectation], values: Mapping[str, Any]) -> tuple:
    point = Point(game, values)
    claims = []
    for exp in exps:
        claims.append(holds_safely(point if not exp.at else Point(game, {**values, **exp.at}), exp))
    return _equilibria(point, kind), tuple(claims)


def _symbols(game: ParametricAny) -> set[str] | None:
    """Parameters appearing in some payoff of a normal-form game (None for other games)."""
    if not is_normal(game):
        return None
    found: set[str] = set()
    for expr in np.asarray(game.expressions, dtype=object).ravel():
        found.update(getattr(expr, "parameters", ()) or ())
    return found


def inert_parameters(game: ParametricAny, fixed: frozenset = frozenset(), seed: int = 0,
                     points: int = INERT_POINTS) -> Inertness:
    """Which ranged parameters move no equilibrium and no claim in range (see the module docstring)."""
    names = tuple(ranged(game, fixed))
    if not names:
        return Inertness((), (), 0)
    kind = game_kind(game)
    exps = parse_expectations(game)
    used = _symbols(game)
    absent: tuple[str, ...] = ()
    if used is not None:
        absent = tuple(n for n in names if n not in used)
        if len(absent) == len(names):
            return Inertness(absent, names, 0)
    box = box_draws(game, points, seed + 7, fixed)
    base = dict(game.baseline())
    starts = [base] + [{**base, **{n: float(column[k]) for n, column in box.items()}} for k in range(points)]
    moving = set()
    for values in starts:
        if all(name in moving or name in absent for name in names):
            break  # every parameter has shown a role: nothing left to test
        reference = _signature(game, kind, exps, values)
        for name in names:
            if name in moving or name in absent:
                continue
            for end in game.parameters[name].float_bounds():
                if _signature(game, kind, exps, {**values, name: end}) != reference:
                    moving.add(name)
                    break
    inert = tuple(n for n in names if n not in moving)
    return Inertness(inert, names, 0 if inert and set(inert) <= set(absent) else points)


__all__ = ["INERT_POINTS", "Inertness", "inert_parameters"]
