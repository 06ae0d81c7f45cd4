"""One Game type: every kind of game convenience reads, and one dispatch on its kind.

A game file gives a *parametric* game (payoffs are expressions of named parameters); its
``at(values)`` gives the *numeric* game at one parameter point. Three kinds exist:

===========  =====================================  ===================================
kind         parametric                             numeric
===========  =====================================  ===================================
``normal``   :class:`~convenience.parametric.ParametricGame`
                                                    :class:`~convenience.normal_form.NormalFormGame`
``tree``     :class:`~convenience.extensive.parametric_tree.ParametricTree`
                                                    :class:`~convenience.extensive.tree.GameTree`
``repeated`` :class:`~convenience.repeated.game.ParametricRepeatedGame`
                                                    :class:`~convenience.repeated.game.RepeatedGame`
===========  =====================================  ===================================

Every class carries its ``kind`` as a class attribute; :func:`game_kind` is the one place
that reads it, so code that depends on the kind of game asks here and nowhere else. The
narrowing helpers :func:`is_normal`, :func:`is_tree`, :func:`is_repeated` and
:func:`is_parametric` ask the same question and tell the type checker the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, Union

if TYPE_CHECKING:  # annotations only (never evaluated at run time): no dependency on typing_extensions
    from typing_extensions import TypeIs

    from convenience.extensive.parametric_tree import ParametricTree
    from convenience.extensive.tree import GameTree
    from convenience.normal_form import NormalFormGame
    from convenience.parametric import Parameter, ParametricGame
    from convenience.repeated.game import ParametricRepeatedGame, RepeatedGame

Kind = Literal["normal", "tree", "repeated"]
KINDS: tuple[Kind, ...] = ("normal", "tree", "repeated")

#: A game at one parameter point.
NumericGame = Union["NormalFormGame", "GameTree", "RepeatedGame"]
#: A game as read from a file, its payoffs expressions of the parameters.
ParametricAny = Union["ParametricGame", "ParametricTree", "ParametricRepeatedGame"]
#: Any game convenience solves or analyses.
Game = Union[ParametricAny, NumericGame]


class Strategic(Protocol):
    """A game whose players each choose one of named strategies: a strategic-form game or a
    repeated game (its stage game's strategies), parametric or numeric; not a tree."""

    @property
    def players(self) -> tuple[str, ...]: ...

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]: ...


def game_kind(game: Game) -> Kind:
    """``normal``, ``tree`` or ``repeated``, for parametric and numeric games alike."""
    kind = getattr(game, "kind", None)
    if kind not in KINDS:
        raise TypeError(f"not a game: {type(game).__name__}")
    return kind


def is_parametric(game: Game) -> TypeIs[ParametricAny]:
    """True for a game read from a file (it has parameters and ``at``), false for a numeric game."""
    return callable(getattr(game, "at", None))


def is_normal(game: Game) -> TypeIs[ParametricGame | NormalFormGame]:
    """True for a game in strategic form, parametric or numeric."""
    return game_kind(game) == "normal"


def is_tree(game: Game) -> TypeIs[ParametricTree | GameTree]:
    """True for a game tree, parametric or numeric."""
    return game_kind(game) == "tree"


def is_repeated(game: Game) -> TypeIs[ParametricRepeatedGame | RepeatedGame]:
    """True for a repeated game, parametric or numeric."""
    return game_kind(game) == "repeated"


def numeric(game: Game, values: Mapping[str, Any] | None = None) -> NumericGame:
    """The numeric game at the baseline (``values`` overriding parameters); a numeric game as is."""
    if is_parametric(game):
        return game.at(values)
    return game


def parameters_of(game: Game) -> Mapping[str, Parameter]:
    """The game's declared parameters (name -> :class:`~convenience.parametric.Parameter`); none for numeric games."""
    return game.parameters if is_parametric(game) else {}


def strategic(game: Game) -> Strategic:
    """``game`` as a game of named strategies, for naming a strategy profile; a tree is refused
    (its claims and equilibria name actions at nodes, and the readers let no profile claim reach it)."""
    if is_tree(game):
        raise TypeError("a game tree has no strategy profiles to name")
    return game


def stage_game(game: ParametricAny) -> ParametricGame | None:
    """The one-shot strategic form whose payoff table decides a claim: a strategic-form game
    itself, a repeated game's stage game; None for a tree (its strategic form is derived)."""
    if is_repeated(game):
        return game.stage
    if is_normal(game):
        return game
    return None


__all__ = ["Game", "KINDS", "Kind", "NumericGame", "ParametricAny", "Strategic", "game_kind", "is_normal",
           "is_parametric", "is_repeated", "is_tree", "numeric", "parameters_of", "stage_game", "strategic"]
