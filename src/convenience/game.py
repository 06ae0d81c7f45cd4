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
from typing import TYPE_CHECKING, Any, Literal, Union

if TYPE_CHECKING:  # annotations only (never evaluated at run time): no dependency on typing_extensions
    from typing_extensions import TypeIs

    from convenience.extensive.parametric_tree import ParametricTree
    from convenience.extensive.tree import GameTree
    from convenience.normal_form import NormalFormGame
    from convenience.parametric import ParametricGame
    from convenience.repeated.game import ParametricRepeatedGame, RepeatedGame

Kind = Literal["normal", "tree", "repeated"]
KINDS: tuple[Kind, ...] = ("normal", "tree", "repeated")

#: A game at one parameter point.
NumericGame = Union["NormalFormGame", "GameTree", "RepeatedGame"]
#: A game as read from a file, its payoffs expressions of the parameters.
ParametricAny = Union["ParametricGame", "ParametricTree", "ParametricRepeatedGame"]
#: Any game convenience solves or analyses.
Game = Union[ParametricAny, NumericGame]


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


def parameters_of(game: Game) -> Mapping[str, Any]:
    """The game's declared parameters (name -> :class:`~convenience.parametric.Parameter`); none for numeric games."""
    return getattr(game, "parameters", None) or {}


__all__ = ["Game", "KINDS", "Kind", "NumericGame", "ParametricAny", "game_kind", "is_normal", "is_parametric",
           "is_repeated", "is_tree", "numeric", "parameters_of"]
