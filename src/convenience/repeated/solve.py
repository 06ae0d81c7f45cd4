"""Repeated games: when can a cooperative stage profile be sustained?

A repeated game plays a stage game (an ordinary normal-form game) again and again. This module
holds the game types (:class:`ParametricRepeatedGame` as read from a ``kind: repeated`` file,
:class:`RepeatedGame` at numeric parameter values) and the analyses:

* infinite horizon, discount factor ``delta``: the grim-trigger conditions of every player, the
  critical discount factor exactly (``Fraction``) and symbolically (``(T - R)/(T - P)`` for
  the Prisoner's Dilemma), the binding player(s), whether the target is sustainable for some
  ``delta < 1`` at all, whether the punishment is credible (a stage equilibrium, so that the
  one-shot deviation principle holds off the path as well), and the folk-theorem check of the
  target payoffs against the minmax values (see :mod:`.grim`, :mod:`.minmax`);
* finite horizon: subgame-perfect equilibria by backward induction (:mod:`.finite`).

:func:`analyse_repeated` returns a :class:`~.result.RepeatedResult`;
:func:`solve_repeated` wraps it in the common :class:`~convenience.results.SolveResult`
(stage equilibria as ``equilibria``, the analysis in ``extra["repeated"]``).
:func:`critical_discount` and :func:`sustainability_condition` give sympy objects for
sensitivity analysis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from convenience.errors import ComputationError, InputError, Option
from convenience.repeated.finite import finite_repetition
from convenience.repeated.grim import (condition, minmax_punishments, nash_punishments, pure_label,
                                                 profile_punishments, stage_equilibria)
from convenience.repeated.minmax import full_dimensional, minmax_values
from convenience.repeated.result import RepeatedResult
from convenience.normal_form import NormalFormGame
from convenience.repeated.game import ParametricRepeatedGame, RepeatedGame
from convenience.results import SolveResult

def _numeric_and_symbolic(game: RepeatedGame | ParametricRepeatedGame, values: Mapping[str, Any] | None,
                          exact: bool | None = None) -> tuple[RepeatedGame, Any, Any]:
    if isinstance(game, RepeatedGame):
        numeric, symbolic, delta = game, None, None
    elif isinstance(game, ParametricRepeatedGame):
        numeric = game.at(values)
        symbolic = None if game.stage.is_constant else game.stage.payoffs
        delta = game.symbolic_discount()
    else:
        raise TypeError(f"expected a repeated game, got {type(game).__name__}")
    if exact is False and numeric.stage.is_exact:  # the float path, on request
        s = numeric.stage
        stage = NormalFormGame(s.players, s.strategies, s.float_payoffs().copy(), s.title)
        discount = None if numeric.discount is None else float(numeric.discount)
        numeric = RepeatedGame(stage, discount, numeric.horizon, numeric.target, numeric.punishment, numeric.title)
    elif exact is True and not numeric.stage.is_exact:
        raise InputError("exact arithmetic needs rational payoffs; this game has irrational ones", key=Option("exact"))
    return numeric, symbolic, delta


def analyse_repeated(game: RepeatedGame | ParametricRepeatedGame, values: Mapping[str, Any] | None = None,
                     *, punishment: str | tuple[int, ...] | None = None, horizon: int | None = None,
                     target: tuple[int, ...] | None = None, exact: bool | None = None,
                     verdict_only: bool = False) -> RepeatedResult:
    """Analyse a repeated game at the given parameter values (baseline by default).

    ``punishment``, ``horizon`` and ``target`` override the game's own settings; ``exact``
    False takes the float path (verified by regret), True insists on rational arithmetic.
    ``verdict_only`` leaves out what only a reader needs (minmax values unless the punishment
    is minmax, the folk-theorem check, notes): the verdict is the same.
    """
    numeric, symbolic, delta_symbol = _numeric_and_symbolic(game, values, exact)
    return _analyse(numeric, symbolic, delta_symbol, punishment, horizon, target, verdict_only)


def _analyse(numeric: RepeatedGame, symbolic: Any, delta_symbol: Any, punishment: Any, horizon: int | None,
             target: tuple[int, ...] | None, verdict_only: bool = False) -> RepeatedResult:
    stage = numeric.stage
    horizon = numeric.horizon if horizon is None else horizon
    target = numeric.target if target is None else tuple(target)
    punishment = numeric.punishment if punishment is None else punishment
    equilibria, stage_notes, complete = stage_equilibria(stage)
    if not equilibria:
        raise ComputationError("no stage equilibrium was found and verified; the repeated game cannot be analysed")
    if horizon is not None:
        return _finite_result(numeric, horizon, target, punishment, equilibria, complete, list(stage_notes))
    if target is None:
        raise InputError("an infinitely repeated game needs a target profile", key="target")
    # the minmax values serve the folk-theorem check and the notes; a verdict needs them only to punish
    minmax = minmax_values(stage) if not verdict_only or punishment == "minmax" else ()
    punishments = _punishments(stage, punishment, equilibria, minmax, symbolic)
    kind = punishment if isinstance(punishment, str) else f"grim trigger to ({pure_label(stage, punishment)})"
    conditions = tuple(condition(stage, target, i, punishments[i], symbolic, delta_symbol)
                       for i in range(stage.n_players))
    sustainable, critical, upper, binding, critical_symbolic = _discount_window(conditions, symbolic)
    sustained = None
    if numeric.discount is not None:
        delta = numeric.discount
        sustained = bool(sustainable and critical <= delta and (upper is None or delta <= upper))
    credible = all(p.credible for p in punishments)
    target_label = pure_label(stage, target)
    if verdict_only:
        return RepeatedResult(numeric.title, stage.players, target, target_label, None, numeric.discount, kind,
                              punishments, conditions, critical, critical_symbolic, upper, binding, sustainable,
                              sustained, credible, (), (), None, equilibria, ())
    target_payoffs = [c.target_payoff for c in conditions]
    rational = tuple(bool(c > m.value) for c, m in zip(target_payoffs, minmax))
    notes = list(stage_notes) + _notes(stage, conditions, punishments, minmax, rational, sustainable, credible,
                                       symbolic)
    return RepeatedResult(numeric.title, stage.players, target, target_label, None, numeric.discount, kind,
                          punishments, conditions, critical, critical_symbolic, upper, binding, sustainable,
                          sustained, credible, minmax, rational, None, equilibria, tuple(notes))


def _finite_result(numeric: RepeatedGame, horizon: int, target: tuple[int, ...] | None, punishment: Any,
                   equilibria: tuple, complete: bool, notes: list[str]) -> RepeatedResult:
    """A finite repetition: the subgame-perfect path by backward induction, and why it is (or is not) unique."""
    stage = numeric.stage
    finite = finite_repetition(stage, horizon, equilibria, numeric.discount, target)
    if len(equilibria) == 1 and complete:
        notes.append("the stage game has a unique equilibrium, so backward induction plays it in every "
                     "period: the finitely repeated game has a unique subgame-perfect equilibrium")
    else:
        notes.append(f"{len(equilibria)} stage equilibria: later periods can reward cooperation with one and "
                     f"punish deviations with another; {finite.outcomes} subgame-perfect payoff vector(s) found "
                     "(on-path play pure or a stage equilibrium)")
    target_label = pure_label(stage, target) if target is not None else None
    return RepeatedResult(numeric.title, stage.players, target, target_label, horizon, finite.discount,
                          str(punishment) if isinstance(punishment, str) else "profile",
                          finite=finite, stage_equilibria=equilibria, notes=tuple(notes))


def _punishments(stage: NormalFormGame, punishment: Any, equilibria: tuple, minmax: tuple,
                 symbolic: Any) -> tuple:
    """What follows a deviation, for each deviator: Nash reversion, minmax, or a named profile."""
    if punishment == "nash":
        return nash_punishments(stage, equilibria, symbolic)
    if punishment == "minmax":
        return minmax_punishments(stage, minmax, symbolic)
    if isinstance(punishment, tuple):
        return profile_punishments(stage, punishment, symbolic)
    raise InputError(f"unknown punishment {punishment!r} (use nash, minmax or a profile)", key="punishment")


def _discount_window(conditions: tuple, symbolic: Any) -> tuple[bool, Any, Any, tuple[str, ...], Any]:
    """Whether some discount factor sustains the target, and then the window ``[critical, upper]``,
    the players whose condition binds at ``critical`` and ``critical`` in the parameters."""
    if not all(c.sustainable for c in conditions):
        return False, None, None, (), None
    critical = max(c.low for c in conditions)
    highs = [c.high for c in conditions if c.high is not None]
    upper = min(highs) if highs else None
    if upper is not None and upper < critical:
        return False, None, None, (), None
    binding = tuple(c.player for c in conditions if c.low == critical) if critical > 0 else ()
    return True, critical, upper, binding, _critical_symbolic(conditions, symbolic)


def _infinite(game: RepeatedGame | ParametricRepeatedGame) -> None:
    """Discount thresholds concern the infinitely repeated game only."""
    if game.horizon is not None:
        raise InputError("critical discount factors concern infinitely repeated games; this game has a horizon",
                         file=getattr(game, "file", None), key="horizon")


def _critical_symbolic(conditions: tuple, symbolic: Any) -> Any:
    if symbolic is None:
        return None
    import sympy

    tempted = [c for c in conditions if c.needs_patience]
    if not tempted:
        return sympy.Integer(0)
    if any(c.symbolic_threshold is None for c in tempted):
        return None
    return sympy.Max(*[c.symbolic_threshold for c in tempted])


def _notes(stage: NormalFormGame, conditions: tuple, punishments: tuple, minmax: tuple, rational: tuple,
           sustainable: bool, credible: bool, symbolic: Any) -> list[str]:
    notes = []
    for c, p in zip(conditions, punishments):
        if c.sustainable:
            continue
        if c.deviation is not None and c.target_payoff <= p.payoff:
            notes.append(f"{c.player}: the target pays no more than the punishment, so no discount factor below 1 "
                         "deters deviation")
        elif c.target_payoff < p.payoff:
            notes.append(f"{c.player}: the punishment pays more than the target, so the threat rewards deviation")
    if not credible:
        names = ", ".join(stage.players[p.player] for p in punishments if not p.credible)
        notes.append(f"the punishment after a deviation by {names} is not a stage equilibrium: grim trigger is then "
                     "a Nash equilibrium of the repeated game but not subgame perfect")
    unsatisfied = [stage.players[i] for i, ok in enumerate(rational) if not ok]
    if unsatisfied:
        notes.append(f"folk theorem: the target gives {', '.join(unsatisfied)} no more than the minmax value, so "
                     "no equilibrium of the repeated game sustains it")
    elif not sustainable:
        notes.append("folk theorem: the target is strictly individually rational, so harsher punishments "
                     "(minmax phases followed by rewards) sustain it for discount factors close to 1")
    if stage.n_players > 2:
        dim = "is" if full_dimensional(stage) else "is not"
        notes.append(f"three or more players: minmax values are pure (others not correlating); the feasible set {dim} "
                     "full-dimensional, as the subgame-perfect folk theorem requires")
    inexact = [stage.players[m.player] for m in minmax if m.mixed_value is not None and not m.mixed_exact
               and stage.is_exact]
    if inexact:
        notes.append(f"mixed minmax of {', '.join(inexact)} computed in floating point (exact certificate failed)")
    if symbolic is not None:
        notes.append("symbolic thresholds keep the best deviations and punishment profiles found at the evaluated "
                     "parameter values; they hold while those stay the same")
    return notes


def solve_repeated(game: RepeatedGame | ParametricRepeatedGame, method: str = "auto", **options: Any) -> SolveResult:
    """Analyse a repeated game and return a :class:`~convenience.results.SolveResult`.

    ``method``: ``"auto"`` (grim trigger for an infinite horizon, backward induction for a
    finite one), ``"grim-trigger"`` or ``"finite"`` (needs ``horizon``). ``options`` may set
    ``values`` (parameter overrides), ``punishment``, ``horizon`` and ``target``. The stage
    equilibria are the result's ``equilibria``; the analysis is ``extra["repeated"]`` and its
    verdict and notes are the result's notes.
    """
    values = options.get("values")
    horizon = options.get("horizon")
    if method not in ("auto", "grim-trigger", "finite"):
        raise InputError(f"unknown repeated-game method {method!r} (use auto, grim-trigger or finite)", key="method")
    if method == "finite" and horizon is None and game.horizon is None:
        raise InputError("method 'finite' needs a horizon", key="horizon")
    if method == "grim-trigger" and game.horizon is not None and horizon is None:
        raise InputError("method 'grim-trigger' analyses the infinitely repeated game; this game has a horizon",
                         key="method")
    numeric, symbolic, delta_symbol = _numeric_and_symbolic(game, values, options.get("exact"))
    target = options.get("target")
    result = _analyse(numeric, symbolic, delta_symbol, options.get("punishment"), horizon,
                      None if target is None else tuple(target))
    stage = numeric.stage
    used = "repeated-finite" if result.horizon is not None else "repeated-grim-trigger"
    return SolveResult(stage, used, dict(options), tuple(result.stage_equilibria), (),
                       result.summary() + result.notes, {"repeated": result})


def repeated_verdict(game: RepeatedGame | ParametricRepeatedGame) -> SolveResult:
    """The stage equilibria and the verdict of :func:`solve_repeated`, without what only a
    reader needs (minmax values unless the punishment is minmax, the folk-theorem check, notes).

    Sensitivity analysis solves a repeated game at thousands of points and keeps only its
    equilibria's labels and the verdict; both are exactly those of :func:`solve_repeated`.
    """
    numeric, symbolic, delta_symbol = _numeric_and_symbolic(game, None)
    result = _analyse(numeric, symbolic, delta_symbol, None, None, None, verdict_only=True)
    used = "repeated-finite" if result.horizon is not None else "repeated-grim-trigger"
    return SolveResult(numeric.stage, used, {}, tuple(result.stage_equilibria), (), (), {"repeated": result})


def critical_discount(game: ParametricRepeatedGame, values: Mapping[str, Any] | None = None,
                      punishment: str | tuple[int, ...] | None = None) -> Any:
    """The critical discount factor as a sympy expression of the parameters.

    For the Prisoner's Dilemma with grim trigger to mutual defection this is
    ``(T - R)/(T - P)``; with several tempted players, the ``Max`` of their thresholds.
    Raises :class:`ComputationError` when the target is not sustainable at ``values`` or a
    threshold cannot be written symbolically.
    """
    import sympy

    _infinite(game)
    result = analyse_repeated(game, values, punishment=punishment, horizon=None)
    if not result.sustainable:
        raise ComputationError(f"not sustainable at these values: {result.label()}")
    if result.critical_discount_symbolic is not None:
        return result.critical_discount_symbolic
    if isinstance(game, RepeatedGame) or game.stage.is_constant:
        value = result.critical_discount
        return sympy.Rational(value.numerator, value.denominator) if isinstance(value, Fraction) else sympy.Float(value)
    raise ComputationError("the critical discount factor has no symbolic form here (mixed punishment with more "
                           "than two players, or a degenerate support)")


def sustainability_condition(game: ParametricRepeatedGame, values: Mapping[str, Any] | None = None,
                             punishment: str | tuple[int, ...] | None = None) -> Any:
    """The sympy condition ``And(c_i - (1 - delta) d_i - delta p_i >= 0 for every player)``.

    ``delta`` is the game's discount expression (a parameter such as ``delta``) or the
    symbol ``delta`` when the file gives a horizon only.
    """
    import sympy

    _infinite(game)
    result = analyse_repeated(game, values, punishment=punishment, horizon=None)
    parts = [c.symbolic_inequality for c in result.conditions]
    if any(p is None for p in parts):
        raise ComputationError("the sustainability condition has no symbolic form here")
    return sympy.And(*parts)


@dataclass(frozen=True)
class SweepPoint:
    """The repeated game re-analysed at one value of one parameter."""

    value: Any
    critical_discount: Any  # None when the target is not sustainable there
    binding: tuple[str, ...]
    sustained: bool | None


def critical_discount_sweep(game: ParametricRepeatedGame, parameter: str, points: int = 17,
                            values: Mapping[str, Any] | None = None) -> tuple[SweepPoint, ...]:
    """The critical discount factor along ``parameter``'s declared range, others at ``values``.

    Each point is a full exact re-analysis (deviations and punishments are found again), so the
    sweep stays right where the symbolic threshold's profiles change. Points are evenly spaced
    and exact when the range is rational.
    """
    _infinite(game)
    if parameter not in game.parameters:
        from convenience.errors import did_you_mean

        raise InputError(f"unknown parameter '{parameter}'{did_you_mean(parameter, game.parameters)}",
                         key=parameter)
    p = game.parameters[parameter]
    if p.low is None or p.high is None:
        raise InputError(f"parameter '{parameter}' declares no range to sweep", key=parameter)
    if points < 2:
        raise InputError("a sweep needs at least 2 points", key="points")
    out = []
    for k in range(points):
        value = p.low + (p.high - p.low) * (Fraction(k, points - 1) if isinstance(p.low, Fraction)
                                            and isinstance(p.high, Fraction) else k / (points - 1))
        point = dict(values or {})
        point[parameter] = value
        result = analyse_repeated(game, point, horizon=None)
        out.append(SweepPoint(value, result.critical_discount, result.binding, result.sustained))
    return tuple(out)
