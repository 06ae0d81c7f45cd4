"""Pieces shared by the two-player measures and the n-player ones: number forms, supports and
tolerances, how far a parameter may move (:class:`ParameterMargin`), weak dominance by a mixture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.numbers import format_number

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame


def json_number(value: Any) -> Any:
    """JSON form of a number: exact values as ``"3/4"`` strings (ints as ints)."""
    if value is None:
        return None
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    value = float(value)
    return value if np.isfinite(value) else None


def number_text(value: Any) -> str:
    """A number for a table: exact as ``3/4``, floats to 4 significant digits, ``-`` for none."""
    return format_number(value, missing="-")


def support_of(profile: Sequence) -> tuple[tuple[int, ...], ...]:
    """Each player's strategies played with positive probability."""
    return tuple(tuple(int(k) for k in np.flatnonzero([p > 0 for p in x])) for x in profile)


def tolerance(game: NormalFormGame) -> Any:
    """Zero for an exact game, else 1e-9 of its payoff range."""
    return 0 if game.is_exact else 1e-9 * game.payoff_range()


@dataclass(frozen=True)
class ParameterMargin:
    """How far one parameter can move from its baseline (others fixed) before the equilibrium
    is lost: ``lower``/``upper`` are the parameter values where that happens (``None`` when it
    survives the whole search interval), ``exact`` when they were confirmed in exact arithmetic."""

    name: str
    baseline: Any
    lower: Any
    upper: Any
    exact: bool = False

    @property
    def distance(self) -> Any:
        ds = [abs(self.baseline - v) for v in (self.lower, self.upper) if v is not None]
        return min(ds) if ds else None

    def to_dict(self) -> dict:
        return {"name": self.name, "baseline": json_number(self.baseline), "lower": json_number(self.lower),
                "upper": json_number(self.upper), "distance": json_number(self.distance), "exact": self.exact}


def search_reach(parameter: Any, baseline: float, span: float) -> float:
    """How far from its baseline a parameter is moved when searching for margins: ``span`` times
    the largest of 1, the baseline's size and the declared range's width."""
    width = 0.0
    if parameter.low is not None and parameter.high is not None:
        width = float(parameter.high) - float(parameter.low)
    return span * max(1.0, abs(baseline), width)


def weakly_dominated(matrix: np.ndarray, mix: np.ndarray, scale: float = 1.0) -> np.ndarray | None:
    """A mixed strategy weakly dominating ``mix`` (rows: own strategies, columns: the
    opponent's), found by the LP "maximise the total gain subject to no loss", or None."""
    from scipy.optimize import linprog

    m = np.asarray(matrix, dtype=float)
    target = np.asarray(mix, dtype=float) @ m
    k = m.shape[0]
    res = linprog(-m.sum(axis=1), A_ub=-m.T, b_ub=-target, A_eq=np.ones((1, k)), b_eq=[1.0],
                  bounds=[(0, None)] * k, method="highs")
    if res.status != 0:
        return None
    gain = m.T @ res.x - target
    if gain.sum() > 1e-9 * scale * m.shape[1] and (gain >= -1e-9 * scale).all():
        return res.x
    return None
