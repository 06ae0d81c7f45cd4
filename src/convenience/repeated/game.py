"""Repeated games as types: a stage game played again and again, and its repetition settings.

:class:`ParametricRepeatedGame` is what a ``kind: repeated`` file gives; :class:`RepeatedGame`
is the same at numeric parameter values. The analyses live in :mod:`convenience.repeated.solve`;
the types import none of them, so reading a file never loads the analysis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from convenience.display import NotebookDisplay
from convenience.errors import InputError
from convenience.normal_form import NormalFormGame
from convenience.results import format_number

if TYPE_CHECKING:
    from convenience.parametric import Number, Parameter, ParametricGame

PUNISHMENTS = ("nash", "minmax")


class _StageLabels(NotebookDisplay):
    """Players and strategies are the stage game's."""

    stage: Any

    @property
    def players(self) -> tuple[str, ...]:
        return self.stage.players

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        return self.stage.strategies


@dataclass(frozen=True, eq=False)
class RepeatedGame(_StageLabels):
    """A repeated game at numeric values: stage game, discount, horizon, target, punishment.

    ``discount`` is a ``Fraction`` or float (or None: undiscounted finite repetition);
    ``horizon`` None means infinitely repeated; ``target`` holds strategy indices;
    ``punishment`` is ``"nash"``, ``"minmax"`` or a tuple of strategy indices.
    """

    stage: NormalFormGame
    discount: Any = None
    horizon: int | None = None
    target: tuple[int, ...] | None = None
    punishment: str | tuple[int, ...] = "nash"
    title: str = ""

    kind = "repeated"

@dataclass(frozen=True, eq=False)
class ParametricRepeatedGame(_StageLabels):
    """A ``kind: repeated`` game file: a parametric stage game plus the repetition.

    ``discount`` is an :class:`~convenience.expressions.Expression` (or None), ``stage`` a
    :class:`~convenience.parametric.ParametricGame` sharing this game's parameters.
    """

    title: str
    stage: ParametricGame
    discount: Any = None
    horizon: int | None = None
    target: tuple[int, ...] | None = None
    punishment: str | tuple[int, ...] = "nash"
    description: str = ""
    source: tuple[str, ...] = ()
    expect: tuple = ()
    sources: dict = field(default_factory=dict)
    file: str | None = None
    extra: dict = field(default_factory=dict)
    discount_where: tuple = (None, None)  # line and column of the discount factor in its file

    kind = "repeated"

    @property
    def parameters(self) -> dict[str, Parameter]:
        return self.stage.parameters

    @property
    def symbols(self) -> dict[str, Any]:
        return self.stage.symbols

    def baseline(self) -> dict[str, Number]:
        return self.stage.baseline()

    def discount_at(self, values: Mapping[str, Any] | None = None) -> Any:
        """The discount factor at the given values, checked to lie in its range."""
        if self.discount is None:
            return None
        point = self.stage.values(values)
        try:
            delta = self.discount.evaluate(point)
        except (ZeroDivisionError, ValueError, OverflowError) as error:
            raise InputError(f"cannot evaluate the discount factor {self.discount}: {error}",
                             file=self.file, key="discount") from None
        check_discount(delta, finite=self.horizon is not None, file=self.file)
        return delta

    def at(self, values: Mapping[str, Any] | None = None) -> RepeatedGame:
        """The numeric repeated game at the baseline with ``values`` overriding parameters."""
        stage = self.stage.at(values)
        stage = NormalFormGame(stage.players, stage.strategies, stage.payoffs, self.title or stage.title)
        return RepeatedGame(stage, self.discount_at(values), self.horizon, self.target, self.punishment, self.title)

    def symbolic_discount(self) -> Any:
        """The discount factor as sympy (the symbol ``delta`` when the file gives none)."""
        import sympy

        if self.discount is None:
            return sympy.Symbol("delta", real=True)
        return self.discount.to_sympy()


def check_discount(delta: Any, *, finite: bool, file: str | None = None, line: int | None = None,
                   column: int | None = None) -> None:
    """An infinite horizon needs ``0 <= delta < 1``; a finite one ``0 < delta <= 1``."""
    ok = (0 < delta <= 1) if finite else (0 <= delta < 1)
    if not ok:
        bounds = "0 < discount <= 1 for a finite horizon" if finite else "0 <= discount < 1"
        raise InputError(f"discount factor {format_number(delta)} is outside {bounds}",
                         file=file, line=line, column=column, key="discount")
