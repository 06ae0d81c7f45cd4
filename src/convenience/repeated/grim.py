"""Grim-trigger conditions of an infinitely repeated game: who needs how much patience.

Players play the **target** profile every period; after a unilateral deviation by player
``i`` they switch for ever to a punishment profile ``e^i``. With ``c_i`` the target payoff,
``d_i`` the best one-shot deviation payoff against the target and ``p_i`` the punishment
payoff, the one-shot deviation principle reduces "no player gains by deviating on the path"
to, for every player,

    c_i / (1 - delta) >= d_i + delta p_i / (1 - delta)
    <=>  c_i >= (1 - delta) d_i + delta p_i
    <=>  delta (d_i - p_i) >= d_i - c_i,

so ``delta >= (d_i - c_i) / (d_i - p_i)`` when ``d_i > p_i`` (an upper bound when
``d_i < p_i``, which happens only when the threat rewards the deviator). Off the path the
principle asks that no one gain by deviating from the punishment: true when every ``e^i`` is
a stage Nash equilibrium (repeating a stage equilibrium is an equilibrium of the continuation
game). Punishment by ``e^i`` specific to the deviator is Abreu's "simple strategy profile"
(Abreu 1988); with a single stage equilibrium it is Friedman's (1971) Nash reversion.

The numeric side is exact (``Fraction``) for rational games. The symbolic side writes the same
formulas with the sympy payoffs of the profiles identified at the evaluated point, so the
threshold for the Prisoner's Dilemma reads ``(T - R)/(T - P)``; it is valid as long as those
profiles (best deviation, punishment equilibrium) stay the ones identified.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple, Sequence

import numpy as np

from convenience.normal_form import NormalFormGame
from convenience.results import Equilibrium, format_number, make_equilibrium


@dataclass(frozen=True)
class Punishment:
    """What follows a deviation by ``player``: the stage profile played for ever after."""

    player: int
    kind: str  # "nash", "minmax" or "profile"
    profile: tuple  # mixed profile (one array per player)
    label: str
    payoff: Any  # the deviator's stage payoff under the punishment
    credible: bool  # the punishment profile is a stage Nash equilibrium
    symbolic: Any = None  # sympy payoff, when it could be written


@dataclass(frozen=True)
class PlayerCondition:
    """One player's incentive constraint on the cooperative path.

    The set of discount factors in ``[0, 1)`` at which the player does not gain by
    deviating is ``low <= delta`` (and ``delta <= high`` when ``high`` is not None); it is
    empty when ``sustainable`` is False. ``threshold`` is the ratio ``(d - c)/(d - p)``
    (None when ``d == p``); ``symbolic_threshold`` and ``symbolic_inequality``
    (``c - (1 - delta) d - delta p >= 0``) are sympy objects when payoffs are parametric.
    """

    player: str
    target_payoff: Any
    deviation: str | None  # the best one-shot deviation (None: no profitable deviation)
    deviation_payoff: Any
    punishment_payoff: Any
    threshold: Any
    low: Any
    high: Any
    sustainable: bool
    symbolic_threshold: Any = None
    symbolic_inequality: Any = None

    @property
    def needs_patience(self) -> bool:
        """True when the player is tempted at all (a lower bound above zero)."""
        return self.sustainable and self.low > 0


def _label(game: NormalFormGame, profile: Sequence[np.ndarray]) -> str:
    parts = []
    for i, x in enumerate(profile):
        used = [(n, p) for n, p in zip(game.strategies[i], x) if p > 0]
        if len(used) == 1:
            parts.append(f"{game.players[i]}: {used[0][0]}")
        else:
            from convenience.results import format_number

            mix = ", ".join(f"{n} {format_number(p)}" for n, p in used)
            parts.append(f"{game.players[i]}: {mix}")
    return "; ".join(parts)


def pure_label(game: NormalFormGame, indices: Sequence[int]) -> str:
    """``"Russia: Loyal; Iran: Commit"``, the same form as an equilibrium's label."""
    return "; ".join(f"{p}: {s[k]}" for p, s, k in zip(game.players, game.strategies, indices))


class StageEquilibria(NamedTuple):
    """The stage game's verified equilibria, the solver's notes, and whether the list is known
    to be complete (the solver ran and reported no continuum of equilibria)."""

    equilibria: tuple[Equilibrium, ...]
    notes: tuple[str, ...]
    complete: bool


def stage_equilibria(game: NormalFormGame) -> StageEquilibria:
    """The stage game's Nash equilibria: every pure one (by enumeration) plus what the
    normal-form solver finds, de-duplicated."""
    found: dict[tuple, Equilibrium] = {}
    notes: list[str] = []
    complete = False
    for indices in np.ndindex(*game.shape):
        profile = game.pure_profile(indices)
        if _is_stage_equilibrium(game, profile):
            eq = make_equilibrium(game, profile)
            found[eq.key()] = eq
    from convenience.budget import BudgetExceeded
    from convenience.solvers import solve

    try:
        result = solve(game)
    except BudgetExceeded:
        raise
    except Exception as error:  # noqa: BLE001 - reported, pure equilibria still stand
        notes.append(f"stage game: the normal-form solver failed ({error}); only pure equilibria used")
    else:
        for eq in result.equilibria:
            found.setdefault(eq.key(), eq)
        notes.extend(f"stage game: {n}" for n in result.notes)
        complete = not result.components
    ordered = sorted(found.values(), key=lambda e: (not e.is_pure, e.label()))
    return StageEquilibria(tuple(ordered), tuple(notes), complete)


def best_deviation(game: NormalFormGame, target: Sequence[int], player: int) -> tuple[list[int], Any]:
    """Player's best replies to the others' target strategies (all ties) and their payoff."""
    table = game.payoffs[player] if game.is_exact else game.float_payoffs()[player]
    values = []
    for k in range(game.shape[player]):
        cell = list(target)
        cell[player] = k
        values.append(table[tuple(cell)])
    best = max(values)
    return [k for k, v in enumerate(values) if v == best], best


def incentive_interval(c: Any, d: Any, p: Any) -> tuple[Any, Any, Any, bool]:
    """``(threshold, low, high, sustainable)`` for ``c >= (1 - delta) d + delta p``, delta in [0, 1).

    ``f(delta) = (c - d) + delta (d - p)`` is linear, so the set is an interval with the
    endpoint ``r = (d - c)/(d - p)``: ``delta >= r`` when ``d > p``, ``delta <= r`` when
    ``d < p``, everything or nothing when ``d == p``.
    """
    zero = Fraction(0) if isinstance(c, Fraction) else 0.0
    slope, intercept = d - p, c - d
    if slope == 0:
        return None, zero, None, intercept >= 0
    r = (d - c) / (d - p)
    if slope > 0:
        low = max(zero, r)
        return r, low, None, low < 1
    if r < 0:
        return r, zero, None, False
    return r, zero, (r if r < 1 else None), True


def expression_text(expr: Any) -> str:
    """Readable text of a sympy threshold: ``(T - R)/(T - P)`` rather than ``(R - T)/(P - T)``.

    A ratio is written with the signs of numerator and denominator chosen to need the fewest
    minus signs; everything else prints with sympy's reverse-lexicographic term order.
    """
    import sympy

    if expr is None:
        return ""
    if isinstance(expr, sympy.Max):
        return "max(" + ", ".join(sorted(expression_text(a) for a in expr.args)) + ")"
    num, den = sympy.fraction(sympy.cancel(expr)) if expr.free_symbols else (expr, sympy.Integer(1))
    if den == 1:
        return sympy.sstr(expr, order="rev-lex")

    def text(n: Any, d: Any) -> str:
        a, b = sympy.sstr(n, order="rev-lex"), sympy.sstr(d, order="rev-lex")
        a = f"({a})" if isinstance(n, sympy.Add) else a
        b = f"({b})" if isinstance(d, (sympy.Add, sympy.Mul)) else b
        return f"{a}/{b}"

    options = [text(num, den), text(sympy.expand(-num), sympy.expand(-den))]
    return min(options, key=lambda t: (t.count("-"), t.lstrip("(")[:1] in "-0123456789"))


def _pure_index(profile: Sequence[np.ndarray]) -> tuple[int, ...] | None:
    supports = [np.flatnonzero([v > 0 for v in x]) for x in profile]
    if all(len(s) == 1 for s in supports):
        return tuple(int(s[0]) for s in supports)
    return None


def symbolic_value(symbolic: np.ndarray | None, player: int, profile: Sequence[np.ndarray],
                   own_support: Sequence[int] | None = None, game: NormalFormGame | None = None) -> Any:
    """The sympy payoff of ``player`` under ``profile``.

    Pure profiles read one cell. For two players a mixed profile is rebuilt symbolically: the
    opponent's mixture on its support is the one making ``player`` indifferent over
    ``own_support`` (default: the player's best replies in ``game``, else its support), which is
    how the mixture was determined; None when that system has no unique solution or there are
    more players.
    """
    if symbolic is None:
        return None
    pure = _pure_index(profile)
    if pure is not None:
        return symbolic[(player, *pure)]
    if len(profile) != 2:
        return None
    import sympy

    other = 1 - player
    if own_support is not None:
        own = list(own_support)
    elif game is not None:
        values = game.pure_payoffs_against(tuple(profile), player)
        best = max(values)
        tol = 0 if game.is_exact else 1e-9 * game.payoff_range()
        own = [k for k, v in enumerate(values) if v >= best - tol]
    else:
        own = [int(k) for k in np.flatnonzero([v > 0 for v in profile[player]])]
    cols = [int(k) for k in np.flatnonzero([v > 0 for v in profile[other]])]
    table = np.moveaxis(symbolic[player], player, 0)
    ys = sympy.symbols(f"_y0:{len(cols)}")
    v = sympy.Symbol("_v")
    equations = [sum(table[s, j] * y for j, y in zip(cols, ys)) - v for s in own]
    equations.append(sum(ys) - 1)
    solutions = sympy.linsolve(equations, [*ys, v])
    if len(solutions) != 1:
        return None
    (solution,) = solutions
    value = solution[-1]
    if value.free_symbols & {*ys, v}:  # the indifference conditions leave the value undetermined
        return None
    return sympy.factor(sympy.cancel(value))


def condition(game: NormalFormGame, target: Sequence[int], player: int, punishment: Punishment,
              symbolic: np.ndarray | None, delta_symbol: Any) -> PlayerCondition:
    """The incentive constraint of ``player`` against ``punishment`` (see the module doc)."""
    table = game.payoffs[player] if game.is_exact else game.float_payoffs()[player]
    c = table[tuple(target)]
    replies, d = best_deviation(game, target, player)
    deviations = [k for k in replies if k != target[player]]
    if target[player] in replies:
        deviation = None  # the target strategy is already a best reply
        replies = [target[player]]
    else:
        deviation = " / ".join(game.strategies[player][k] for k in deviations)
    p = punishment.payoff
    threshold, low, high, ok = incentive_interval(c, d, p)
    sym_threshold = sym_inequality = None
    if symbolic is not None and punishment.symbolic is not None:
        import sympy

        c_s = symbolic[(player, *target)]
        cells = []
        for k in replies:
            cell = list(target)
            cell[player] = k
            cells.append(symbolic[(player, *cell)])
        d_s = cells[0] if len(cells) == 1 else sympy.Max(*cells)
        p_s = punishment.symbolic
        if threshold is not None:
            sym_threshold = sympy.factor(sympy.cancel((d_s - c_s) / (d_s - p_s)))
        if delta_symbol is not None:
            sym_inequality = sympy.Ge(sympy.expand(c_s - (1 - delta_symbol) * d_s - delta_symbol * p_s), 0)
    return PlayerCondition(game.players[player], c, deviation, d, p, threshold, low, high, ok,
                           sym_threshold, sym_inequality)


def _is_stage_equilibrium(game: NormalFormGame, profile: Sequence[np.ndarray]) -> bool:
    regret = game.regret(tuple(profile))
    return regret == 0 if game.is_exact else regret <= 1e-9 * game.payoff_range()


def nash_punishments(game: NormalFormGame, equilibria: Sequence[Equilibrium],
                     symbolic: np.ndarray | None) -> tuple[Punishment, ...]:
    """For each deviator the stage equilibrium worst for it (pure preferred among ties)."""
    out = []
    for i in range(game.n_players):
        eq = min(equilibria, key=lambda e: (e.payoffs[i], not e.is_pure))
        out.append(Punishment(i, "nash", eq.profile, eq.label(), eq.payoffs[i], True,
                              symbolic_value(symbolic, i, eq.profile, game=game)))
    return tuple(out)


def minmax_punishments(game: NormalFormGame, minmaxes: Sequence[Any],
                       symbolic: np.ndarray | None) -> tuple[Punishment, ...]:
    """For each deviator: the others minmax it and it best-responds (mixed for two players)."""
    out = []
    for i, mm in enumerate(minmaxes):
        if mm.mixed_punisher is not None:
            other = 1 - i
            punisher = mm.mixed_punisher
            if not game.is_exact:
                punisher = np.asarray(punisher, dtype=float)
            mixed: list[Any] = [None, None]
            mixed[other] = punisher
            mixed[i] = game.pure_profile([0, 0])[i]  # placeholder, replaced by a best reply
            values = game.pure_payoffs_against(tuple(mixed), i)
            reply = int(np.argmax(np.asarray(values, dtype=float)))
            mixed[i] = game.pure_profile([reply if j == i else 0 for j in range(2)])[i]
            profile = tuple(mixed)
            own = [int(k) for k in np.flatnonzero([v > 1e-9 for v in mm.maximin_strategy])]
            sym = symbolic_value(symbolic, i, profile, own_support=own) if mm.mixed_exact else None
            payoff = mm.mixed_value
        else:
            profile = game.pure_profile(mm.pure_profile)
            sym = symbolic_value(symbolic, i, profile)
            payoff = mm.pure_value
        out.append(Punishment(i, "minmax", profile, _label(game, profile), payoff,
                              _is_stage_equilibrium(game, profile), sym))
    return tuple(out)


def profile_punishments(game: NormalFormGame, indices: Sequence[int],
                        symbolic: np.ndarray | None) -> tuple[Punishment, ...]:
    """The same named pure profile after anyone's deviation."""
    profile = game.pure_profile(indices)
    credible = _is_stage_equilibrium(game, profile)
    table = game.payoffs if game.is_exact else game.float_payoffs()
    return tuple(Punishment(i, "profile", profile, pure_label(game, indices), table[(i, *indices)],
                            credible, symbolic_value(symbolic, i, profile))
                 for i in range(game.n_players))


def condition_text(c: PlayerCondition) -> str:
    """The discount factors for which one player's grim-trigger condition holds, in words."""
    if not c.sustainable:
        return "never (for delta < 1)"
    if c.high is not None:
        return f"0 <= delta <= {format_number(c.high)}"
    if c.low == 0:
        return "always"
    return f"delta >= {format_number(c.low)}"
