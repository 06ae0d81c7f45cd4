"""Games whose payoffs are expressions of named parameters.

A :class:`ParametricGame` is what a game file describes: labels, parameters with baselines,
ranges, distributions and sources, and one :class:`~convenience.expressions.Expression` per
payoff. ``at(values)`` gives the numeric :class:`~convenience.normal_form.NormalFormGame` at
some parameter values (exact when they are rational), ``numeric_function()`` evaluates all
payoffs for whole arrays of parameter values at once (sweeps, Monte Carlo), and ``payoffs``
gives the sympy form for symbolic analysis (computed on first use).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from convenience.display import NotebookDisplay
from convenience.errors import InputError
from convenience.expressions import Expression
from convenience.normal_form import NormalFormGame

Number = Fraction | float


@dataclass(frozen=True)
class Parameter:
    """A named assumption: baseline value, optional range and distribution, and its source.

    ``value``, ``low`` and ``high`` are ``Fraction`` when written as exact numbers.
    ``distribution`` is a dict such as ``{"type": "triangular"}`` or
    ``{"type": "beta", "a": 9, "b": 1}`` (used by robustness analysis).
    """

    name: str
    value: Number
    low: Number | None = None
    high: Number | None = None
    distribution: dict | None = None
    description: str = ""
    source: tuple[str, ...] = ()
    # the baseline, low and high as the file (or ``--set``) wrote them ("0.02", not "1/50"), for
    # messages and reports; empty when not read from text
    written: tuple[str, ...] = ()
    unit: str = ""  # what the value is measured in, free text ("billion USD"); shown in reports

    @property
    def range(self) -> tuple[Number, Number] | None:
        return None if self.low is None or self.high is None else (self.low, self.high)

    def bounds(self) -> tuple[Number, Number]:
        """``(low, high)`` of a parameter that has a range.

        For code that varies only ranged parameters (it chose them by their range): a parameter
        without one here is a fault in that code, not in the user's file, hence a plain
        ``ValueError`` rather than an :class:`~convenience.errors.InputError`.
        """
        if self.low is None or self.high is None:
            raise ValueError(f"parameter '{self.name}' has no range to vary over")
        return self.low, self.high

    def float_bounds(self) -> tuple[float, float]:
        """:meth:`bounds` as floats (for grids, draws and plots)."""
        low, high = self.bounds()
        return float(low), float(high)

    @property
    def symbol(self) -> Any:
        import sympy

        return sympy.Symbol(self.name, real=True)


def to_number(value: Any) -> Number:
    """Exact ``Fraction`` for ints, Fractions and sympy Rationals; float otherwise."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return Fraction(int(value))
    if hasattr(value, "is_Rational") and value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return float(value)


def parameter_values(parameters: Mapping[str, Parameter], overrides: Mapping[str, Any] | None = None,
                     file: str | None = None) -> dict[str, Number]:
    """Every parameter at its baseline, with ``overrides`` replacing some (unknown names are an error).

    Shared by every kind of parametric game (normal form, trees, repeated games).
    """
    values = {name: p.value for name, p in parameters.items()}
    for name, value in (overrides or {}).items():
        if name not in parameters:
            from convenience.errors import did_you_mean

            raise InputError(f"unknown parameter '{name}'{did_you_mean(name, parameters)}", file=file, key=name)
        values[name] = to_number(value)
    return values


@dataclass(frozen=True, eq=False)
class ParametricGame(NotebookDisplay):
    """A normal-form game with expression payoffs, as written in a game file."""

    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    expressions: np.ndarray  # object array of Expression, shape (n, *shape)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    description: str = ""
    source: tuple[str, ...] = ()
    expect: tuple = ()
    ordinal: bool = False
    file: str | None = None
    sources: dict = field(default_factory=dict)  # (player, *indices) or (*indices,) -> claim ids
    extra: dict = field(default_factory=dict)
    positions: dict = field(default_factory=dict)  # (player, *indices) -> (line, column) in the file

    kind = "normal"

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.expressions.shape[1:]

    @property
    def is_constant(self) -> bool:
        """True when no payoff depends on a parameter."""
        return all(e.is_constant for e in self.expressions.ravel())

    def baseline(self) -> dict[str, Number]:
        """Every parameter at its baseline value."""
        return {name: p.value for name, p in self.parameters.items()}

    def values(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Number]:
        """Baseline values with some replaced; unknown names are an error."""
        return parameter_values(self.parameters, overrides, self.file)

    def at(self, values: Mapping[str, Any] | None = None) -> NormalFormGame:
        """The numeric game at the baseline with ``values`` overriding some parameters.

        Exact when every payoff comes out rational; a float game otherwise. Division by zero
        and non-finite payoffs are input errors naming the cell. The baseline game is evaluated
        once and shared (numeric games are immutable).
        """
        if not values:
            return self._baseline_game
        return self._evaluate(values)

    @cached_property
    def _baseline_game(self) -> NormalFormGame:
        return self._evaluate(None)

    def _evaluate(self, values: Mapping[str, Any] | None) -> NormalFormGame:
        point = self.values(values)
        flat = []
        for index, expr in np.ndenumerate(self.expressions):
            try:
                value = expr.evaluate(point)
            except (ZeroDivisionError, OverflowError, ValueError) as error:
                reason = "division by zero" if isinstance(error, ZeroDivisionError) else str(error)
                raise InputError(f"cannot evaluate payoff {expr} at {self._point_text(point, expr)}: {reason}",
                                 file=self.file, line=self.positions.get(index, (None,))[0],
                                 column=self.positions.get(index, (None, None))[1], key=self.cell_key(index)) from None
            if isinstance(value, float) and not np.isfinite(value):
                raise InputError(f"payoff {expr} is not finite at {self._point_text(point, expr)}",
                                 file=self.file, line=self.positions.get(index, (None,))[0],
                                 column=self.positions.get(index, (None, None))[1], key=self.cell_key(index))
            flat.append(value)
        exact = all(isinstance(v, Fraction) for v in flat)
        if exact:
            payoffs = np.empty(self.expressions.shape, dtype=object)
            payoffs.ravel()[:] = flat
        else:
            payoffs = np.array([float(v) for v in flat], dtype=float).reshape(self.expressions.shape)
        return NormalFormGame(self.players, self.strategies, payoffs, self.title)

    @staticmethod
    def _point_text(point: Mapping[str, Number], expr: Expression) -> str:
        used = sorted(expr.parameters)
        return ", ".join(f"{n} = {point[n]}" for n in used) or "the baseline"

    def cell_key(self, index: tuple[int, ...]) -> str:
        """``payoffs.Coordinate.Split[Iran]``-style key of one payoff entry."""
        player, *cells = index
        names = ".".join(s[k] for s, k in zip(self.strategies, cells))
        return f"payoffs.{names}[{self.players[player]}]"

    def numeric_function(self):
        """A function of parameter arrays returning payoffs of shape ``(n, *shape, *batch)``.

        Parameters not passed stay at their baseline. All samples are evaluated in one
        array computation per payoff expression (no loop over samples).
        """
        baseline = {k: float(v) for k, v in self.baseline().items()}
        expressions = np.empty(self.expressions.shape, dtype=object)
        for index, expr in np.ndenumerate(self.expressions):
            expressions[index] = expr.with_float_constants()

        def evaluate(**arrays: Any) -> np.ndarray:
            point = dict(baseline)
            point.update({k: np.asarray(v, dtype=float) for k, v in arrays.items()})
            batch = np.broadcast_shapes(*(np.shape(v) for v in point.values())) if point else ()
            out = np.empty(expressions.shape + batch, dtype=float)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                for index, expr in np.ndenumerate(expressions):
                    out[index] = expr.evaluate(point)
            return out

        return evaluate

    @cached_property
    def payoffs(self) -> np.ndarray:
        """The payoffs as sympy expressions (object array, shape ``(n, *shape)``)."""
        out = np.empty(self.expressions.shape, dtype=object)
        for index, expr in np.ndenumerate(self.expressions):
            out[index] = expr.to_sympy()
        return out

    @property
    def symbols(self) -> dict[str, Any]:
        """Parameter name to sympy symbol."""
        return {name: p.symbol for name, p in self.parameters.items()}
