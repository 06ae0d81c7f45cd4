"""Games in which no player's own choice matters: every profile is an equilibrium.

When each player's payoff does not depend on the player's own strategy, whatever the others
do (an all-zero game is the simplest case), every player is indifferent among all of its
strategies against every profile of the others. Then every strategy profile, pure or mixed, is
a Nash equilibrium: the set of equilibria is the whole strategy space, the product of the
players' simplices. Enumerating it would list every pure profile and every support pair (an
all-zero 24 x 24 game has 576 extreme equilibria and costs vertex enumeration half a minute);
saying so is exact and immediate. The test reads every payoff once.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import prod
from typing import Any

import numpy as np

from convenience.normal_form import NormalFormGame
from convenience.results import Equilibrium, SolveResult, make_equilibrium


def own_choice_never_matters(game: NormalFormGame) -> bool:
    """Whether each player's payoff is the same for all of its own strategies, whatever the others do."""
    payoffs = game.payoffs if game.is_exact else game.float_payoffs()
    for i in range(game.n_players):
        table = np.asarray(payoffs[i])
        first = np.take(table, [0], axis=i)
        if not bool(np.all(table == first)):
            return False
    return True


@dataclass(frozen=True, eq=False)
class WholeStrategySpace:
    """The component that is the whole strategy space: every profile is an equilibrium.

    ``equilibria`` holds the equilibria listed with it (see :func:`indifferent_solution`).
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    equilibria: tuple[Equilibrium, ...]
    connected_set: int = 1

    @property
    def is_singleton(self) -> bool:
        return all(len(s) == 1 for s in self.strategies)

    @property
    def pure_profiles(self) -> int:
        return prod(len(s) for s in self.strategies)

    @property
    def description(self) -> str:
        return (f"the whole strategy space: every strategy profile, pure or mixed, is an equilibrium (the "
                f"product of the players' simplices, whose extreme points are the {self.pure_profiles:,} pure "
                f"profiles)")

    def to_dict(self) -> dict[str, Any]:
        return {
            "connected_set": self.connected_set,
            "whole_strategy_space": True,
            "extreme_strategies": {p: [{s: 1} for s in names] for p, names in zip(self.players, self.strategies)},
            "extreme_equilibria": self.pure_profiles,
            "description": self.description,
        }


#: Most pure profiles listed as equilibria; a larger game lists the first pure profile and the
#: centre of the strategy space only (the note and the component say that every profile is one).
LISTED_UP_TO = 5000


def indifferent_solution(game: NormalFormGame, method: str, options: dict) -> SolveResult:
    """The exact answer for a game where :func:`own_choice_never_matters`: one component, the
    whole strategy space, with its extreme points (every pure profile, up to :data:`LISTED_UP_TO`).

    The pure profiles are not verified one by one: :func:`own_choice_never_matters` has just shown
    that no player gains by any deviation from any profile, so each has regret exactly zero. The
    centre (every player mixing uniformly), shown when the pure profiles are too many, is verified.
    """
    payoffs = game.payoffs if game.is_exact else game.float_payoffs()
    zero = 0 if game.is_exact else 0.0
    count = prod(game.shape)
    listed = np.ndindex(*game.shape) if count <= LISTED_UP_TO else iter([(0,) * game.n_players])
    pure = [Equilibrium(game.players, game.strategies, game.pure_profile(index),
                        tuple(payoffs[(i, *index)] for i in range(game.n_players)), zero, game.is_exact)
            for index in listed]
    shown = tuple(pure)
    if count > LISTED_UP_TO:
        uniform = [[Fraction(1, len(s)) if game.is_exact else 1.0 / len(s) for _ in s] for s in game.strategies]
        shown += (make_equilibrium(game, uniform),)
    component = WholeStrategySpace(game.players, game.strategies, shown)
    listing = (f"all {count:,} pure profiles are listed" if count <= LISTED_UP_TO else
               f"listed: the first pure profile and each player mixing uniformly (verified), not all {count:,} "
               "pure profiles")
    note = ("no player's payoff depends on its own strategy, whatever the others do: every player is "
            "indifferent everywhere, so the set of equilibria is the whole strategy space (the component "
            f"above); {listing}")
    return SolveResult(game=game, method=method, options={**options, "indifferent": True},
                       equilibria=shown, components=(component,), notes=(note,))


def whole_strategy_space(result: Any) -> WholeStrategySpace | None:
    """The whole-strategy-space component of a solve result, if it has one: then every profile
    is an equilibrium, and the equilibria listed are examples, not a count to report."""
    for component in getattr(result, "components", ()) or ():
        if isinstance(component, WholeStrategySpace):
            return component
    return None


def whole_space_sentence(component: WholeStrategySpace) -> str:
    """Every profile is an equilibrium, said in words (for verdicts, tables and the index)."""
    return (f"every strategy profile, pure or mixed, is a Nash equilibrium: no player's own choice changes its "
            f"payoff ({component.pure_profiles:,} pure profiles and every mixture of them)")
