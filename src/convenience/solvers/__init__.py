"""Equilibrium solvers for normal-form games; :func:`solve` picks one by name.

``METHODS`` is a plain dict from method name to a function ``(game, **options) ->
SolveResult``; each algorithm lives in its own module, imported only when used.
"""

from __future__ import annotations

import importlib
import math
from typing import Any, Callable

from convenience.errors import InputError, Option, Setting, did_you_mean
from convenience.normal_form import NormalFormGame
from convenience.results import SolveResult


def _lazy(module: str, function: str) -> Callable[..., SolveResult]:
    def run(game: NormalFormGame, **options: Any) -> SolveResult:
        return getattr(importlib.import_module(f"convenience.solvers.{module}"), function)(game, **options)

    run.__name__ = function
    run.__doc__ = f"convenience.solvers.{module}.{function}"
    return run


METHODS: dict[str, Callable[..., SolveResult]] = {
    "pure": _lazy("pure", "solve"),
    "support-enumeration": _lazy("support_enumeration", "support_enumeration"),
    "vertex-enumeration": _lazy("vertex_enumeration", "vertex_enumeration"),
    "lemke-howson": _lazy("lemke_howson", "lemke_howson"),
    "lp": _lazy("lp", "lp"),
    "dominance": _lazy("dominance", "dominance"),
    "numerical": _lazy("nplayer", "nplayer_numeric"),
}


#: Three-player games with at most this many support profiles are solved exactly (all
#: equilibria): 4x4x2 (675 profiles) and 3x3x3 (343) take about 2 s on the development machine,
#: 4x3x3 (735) about 4 s (``benchmarks/bench_nplayer.py``).
SMALL_NPLAYER = 700
#: The same bound for four players, whose largest systems have one more mixing player (2x2x2x2,
#: 81 profiles, about 0.5 s; 3x2x2x2, 189, about 2.5 s). Five or more players always use the
#: numerical method: the full-support system of a 2x2x2x2x2 game alone defeats sympy's
#: Groebner bases in minutes.
SMALL_FOUR_PLAYER = 200


#: Methods that look for every equilibrium (or, numerical, for many): a game in which no
#: player's own choice matters is answered at once by :mod:`.indifferent` instead.
ENUMERATING = ("support-enumeration", "vertex-enumeration", "numerical")
#: Games of at most this many pure profiles are enumerated as before even then (it takes well under
#: a second, and their results, e.g. a tree's subgames where nobody's choice matters, stay the same).
INDIFFERENT_FROM = 100


def to_float(game: NormalFormGame) -> NormalFormGame:
    """The same game with float payoffs (the fast path)."""
    if not game.is_exact:
        return game
    return NormalFormGame(game.players, game.strategies, game.float_payoffs().copy(), game.title)


def choose_method(game: NormalFormGame) -> str:
    """The method ``auto`` uses: every equilibrium where an algorithm guarantees it."""
    if game.n_players == 1:
        return "pure"
    if game.n_players == 2:
        return "vertex-enumeration" if "vertex-enumeration" in METHODS else "pure"
    support_profiles = 1
    for m in game.shape:
        support_profiles *= 2 ** m - 1
    limit = {3: SMALL_NPLAYER, 4: SMALL_FOUR_PLAYER}.get(game.n_players, 0)
    return "support-enumeration" if support_profiles <= limit else "numerical"


def solve(game: NormalFormGame, method: str = "auto", exact: bool | None = None, **options: Any) -> SolveResult:
    """Equilibria of ``game`` by ``method`` (``auto`` finds all of them where it can).

    ``exact=False`` solves with floats (always verified by regret); ``exact=True`` insists
    on exact arithmetic and is an error for a game with irrational payoffs.
    """
    if exact is False:
        game = to_float(game)
    elif exact is True and not game.is_exact:
        raise InputError(f"exact solving needs rational payoffs; this game has irrational ones (use {Setting('float')})",
                         key=Option("exact"))
    name = choose_method(game) if method == "auto" else method
    if name not in METHODS:
        raise InputError(f"unknown method '{method}'{did_you_mean(method, METHODS)}; available: "
                         f"auto, {', '.join(METHODS)}", key=Option("method"))
    if name in ENUMERATING and game.n_players > 1 and math.prod(game.shape) > INDIFFERENT_FROM:
        from .indifferent import indifferent_solution, own_choice_never_matters

        if own_choice_never_matters(game):  # every profile is an equilibrium: say so, do not enumerate
            return indifferent_solution(game, "indifferent", {**options, "requested": method})
    routed = _fixed_players(game, options) if method == "auto" and not options else None
    result = routed if routed is not None else METHODS[name](game, **options)
    if method == "auto":
        from dataclasses import replace

        result = replace(result, options={**result.options, "requested": "auto"})
    return result


def _fixed_players(game: NormalFormGame, options: dict) -> SolveResult | None:
    """A game of three or more players in which at most two still choose (once strictly
    dominated strategies are removed), solved as their two-player game, and a two-player game
    in which one player has a single strategy, solved by the other's best replies; None for
    any other."""
    fixed_players = importlib.import_module("convenience.solvers.fixed_players")  # lazily, like METHODS
    if game.n_players == 2 and 1 in game.shape:  # one player alone chooses: his best replies
        return fixed_players.one_chooser(game)
    found = fixed_players.choosing_players(game)
    if found is None:
        return None
    return fixed_players.solve_with_fixed_players(game, found)
