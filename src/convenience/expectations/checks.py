"""Evaluating one expectation at one parameter point.

:class:`Point` is a game at some parameter values with its equilibria computed on first use:
by iterated strict dominance when that leaves a single profile (then it is the only
equilibrium, mixed ones included), otherwise by :func:`convenience.solvers.solve`; trees by
:func:`convenience.extensive.subgames.subgame_perfect`; repeated games by
:func:`convenience.repeated.solve.analyse_repeated`. Each check returns whether it holds
and one sentence saying why.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.errors import InputError
from convenience.expectations.parse import Expectation
from convenience.game import Game, ParametricAny, Strategic, game_kind, is_repeated, strategic

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame


def _label(game: Strategic, chosen: Mapping[int, int]) -> str:
    return ", ".join(f"{game.players[p]}: {game.strategies[p][s]}" for p, s in sorted(chosen.items()))


def number_text(value: Any) -> str:
    from convenience.results import format_number

    return format_number(value)


class LastGameMemo:
    """What was computed at points of one game, by parameter values; a point of another game
    replaces them all. At most ``limit`` numbers are kept (each item counts its ``size``)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.game: ParametricAny | None = None
        self.items: dict[tuple, Any] = {}
        self.used = 0

    def get(self, game: ParametricAny, key: tuple | None) -> Any:
        return self.items.get(key) if key is not None and game is self.game else None

    def put(self, game: ParametricAny, key: tuple | None, item: Any, size: int) -> None:
        if key is None:
            return
        if game is not self.game:
            self.game, self.items, self.used = game, {}, 0
        if self.used + size <= self.limit:
            self.items[key] = item
            self.used += size


#: Most numbers (probabilities of subgame-perfect profiles) remembered, one game at a time.
MAX_REMEMBERED = 2_000_000
_SPE = LastGameMemo(MAX_REMEMBERED)


def _point_key(values: Mapping[str, Any]) -> tuple | None:
    try:
        key = tuple(sorted(values.items()))
        hash(key)
    except TypeError:
        return None
    return key


class Point:
    """A game at one parameter point, with its equilibria computed on first use."""

    def __init__(self, game: ParametricAny, values: Mapping[str, Any]) -> None:
        self.game = game
        self.values = dict(values)

    @cached_property
    def numeric(self) -> Any:
        return self.game.at(self.values)

    @cached_property
    def normal(self) -> Any:
        """The normal-form game checks are made on (the stage game of a repeated game)."""
        numeric = self.numeric
        return numeric.stage if game_kind(numeric) == "repeated" else numeric

    @cached_property
    def solved(self) -> Any:
        """Every equilibrium: by strict dominance when that leaves one profile, else the solver."""
        only = self.only
        if only is not None:
            from convenience.results import SolveResult, make_equilibrium

            game = self.normal
            one, zero = (Fraction(1), Fraction(0)) if game.is_exact else (1.0, 0.0)
            profile = [np.array([one if k == s else zero for k in range(m)],
                                dtype=object if game.is_exact else float) for s, m in zip(only, game.shape)]
            return SolveResult(game, "dominance", {}, (make_equilibrium(game, profile),), (),
                               ("iterated elimination of strictly dominated strategies leaves one profile",))
        from convenience.solvers import solve

        return solve(self.normal)

    @property
    def only(self) -> tuple[int, ...] | None:
        """The one profile iterated strict dominance leaves (the only equilibrium), or None."""
        return dominance_solution(self.normal)

    @cached_property
    def spe(self) -> list[np.ndarray]:
        """The subgame-perfect profiles; remembered for the game's last points, so that the
        claims and the play of a draw (:mod:`convenience.expectations.play`) solve it once."""
        from convenience.extensive.subgames import subgame_perfect

        key = _point_key(self.values)
        found = _SPE.get(self.game, key)
        if found is None:
            found = subgame_perfect(self.numeric)[0]
            _SPE.put(self.game, key, found, sum(len(strategy) for strategy in found))
        return found

    @property
    def surviving(self) -> list[list[int]]:
        """Each player's strategies left by iterated strict dominance by pure strategies (found
        once per game: :func:`~convenience.solvers.dominance.surviving_pure` remembers it)."""
        from convenience.solvers.dominance import surviving_pure

        return surviving_pure(self.normal)

    @cached_property
    def pure(self) -> list[tuple[int, ...]]:
        """The pure equilibria, in lexicographic order."""
        from convenience.solvers.pure import pure_equilibria

        return pure_equilibria(self.normal)

    def tol(self) -> Any:
        game = self.normal
        return 0 if game.is_exact else 1e-9 * max(1.0, float(game.payoff_range()))

    def deviation_gains(self, chosen: Mapping[int, int]) -> list[tuple[int, int, Any]]:
        """(player, strategy, gain) for every unilateral pure deviation from a pure profile."""
        game = self.normal
        index = tuple(chosen[p] for p in range(game.n_players))
        out = []
        for p in range(game.n_players):
            base = game.payoffs[(p, *index)]
            for s in range(game.shape[p]):
                if s != index[p]:
                    other = index[:p] + (s,) + index[p + 1:]
                    out.append((p, s, game.payoffs[(p, *other)] - base))
        return out


#: Most payoff entries of the points of one normal-form game remembered by :func:`point_at`.
MAX_POINT_ENTRIES = 2_000_000
_POINTS = LastGameMemo(MAX_POINT_ENTRIES)


def point_at(game: ParametricAny, values: Mapping[str, Any]) -> Point:
    """The point of the normal-form game ``game`` at ``values``, the same object for every claim
    judged there: the claims of a file scan the same parameter lines and draw the same columns
    one claim at a time, and share what one of them computed at a point (its equilibria, its
    dominance). Remembered for the last game only, up to :data:`MAX_POINT_ENTRIES` payoffs."""
    key = _point_key(values)
    point = _POINTS.get(game, key)
    if point is None:
        point = Point(game, values)
        size = int(np.prod(getattr(game, "shape", (1,)))) * max(1, len(getattr(game, "players", ())))
        _POINTS.put(game, key, point, size)
    return point


def dominance_solution(game: NormalFormGame) -> tuple[int, ...] | None:
    """The one profile left by iterated elimination of strictly dominated pure strategies, or None.

    A strictly dominated strategy is never played in any equilibrium, mixed ones included, so
    when elimination leaves a single profile it is the game's only equilibrium.
    """
    from convenience.solvers.dominance import surviving_pure

    alive = surviving_pure(game)
    if all(len(a) == 1 for a in alive):
        return tuple(a[0] for a in alive)
    return None


def settled(point: Point, exp: Expectation) -> bool | None:
    """Whether an ``outcome`` or ``never_played`` claim holds at ``point``, when a shortcut
    decides it without enumerating every equilibrium; None otherwise.

    Monte Carlo draws and region scans only need the verdict. Two exact arguments give it:
    when iterated strict dominance leaves the target strategies alone (resp. removes them),
    every equilibrium plays them (resp. none does), so the claim holds; a pure equilibrium
    that plays another strategy (resp. the strategy) is one the full solver also lists, so
    the claim fails, and so does a mixed equilibrium found quickly with one player's strategy
    fixed (:func:`~convenience.solvers.fixed_players.equilibria_with_a_pure_player`, three
    players; by the checks' tolerance of 1e-9). The verdict is the one :func:`evaluate` gives.
    """
    if exp.check not in ("outcome", "never_played") or game_kind(point.normal) != "normal":
        return None
    game, target = point.normal, exp.target
    alive = point.surviving
    if exp.check == "outcome" and all(alive[p] == [s] for p, s in target.items()):
        return True
    if exp.check == "never_played" and all(s not in alive[p] for p, s in target.items()):
        return True
    for profile in point.pure:
        if exp.check == "outcome" and any(profile[p] != s for p, s in target.items()):
            return False
        if exp.check == "never_played" and any(profile[p] == s for p, s in target.items()):
            return False
    from convenience.solvers.fixed_players import equilibria_with_a_pure_player

    # the pure ones were all tried above: only those in which two players mix are sought
    for eq in equilibria_with_a_pure_player(game, mixed=True):  # exactly verified: each refutes as a pure one does
        if exp.check == "outcome" and any(float(eq.profile[p][s]) < 1 - 1e-9 for p, s in target.items()):
            return False
        if exp.check == "never_played" and any(float(eq.profile[p][s]) > 1e-9 for p, s in target.items()):
            return False
    return None


def evaluate(point: Point, exp: Expectation) -> tuple[bool, str]:
    """Whether ``exp`` holds at ``point`` and a sentence saying why."""
    return _CHECKERS[exp.check](point, exp.target)


def _check_equilibrium(point: Point, chosen: dict) -> tuple[bool, str]:
    game, tol = point.normal, point.tol()
    gains = point.deviation_gains(chosen)
    worst = max(gains, key=lambda g: g[2], default=None)
    if worst is None or worst[2] <= tol:
        return True, f"({_label(game, chosen)}) is an equilibrium: no player gains by deviating"
    p, s, gain = worst
    return False, (f"({_label(game, chosen)}) is not an equilibrium: {game.players[p]} gains {number_text(gain)} by "
                   f"switching to {game.strategies[p][s]}")


def _check_not_equilibrium(point: Point, chosen: dict) -> tuple[bool, str]:
    holds, detail = _check_equilibrium(point, chosen)
    return not holds, detail


def _check_strict(point: Point, chosen: dict) -> tuple[bool, str]:
    game, tol = point.normal, point.tol()
    gains = point.deviation_gains(chosen)
    worst = max(gains, key=lambda g: g[2], default=None)
    if worst is None or worst[2] < -tol:
        return True, f"({_label(game, chosen)}) is a strict equilibrium: every deviation loses"
    p, s, gain = worst
    verb = "loses nothing" if abs(gain) <= tol else f"gains {number_text(gain)}"
    return False, f"{game.players[p]} {verb} by switching to {game.strategies[p][s]}"


def _equilibria_text(result: Any, limit: int = 4) -> str:
    labels = [e.label() for e in result.equilibria[:limit]]
    more = f" and {len(result.equilibria) - limit} more" if len(result.equilibria) > limit else ""
    return "; ".join(f"({x})" for x in labels) + more


def _continuum(result: Any) -> bool:
    return any(not getattr(c, "is_singleton", True) for c in result.components)


def _check_unique(point: Point, target: Any) -> tuple[bool, str]:
    result, game = point.solved, point.normal
    count = len(result.equilibria)
    if count != 1 or _continuum(result):
        kind = "a continuum of equilibria" if _continuum(result) else f"{count} equilibria"
        return False, f"{kind}: {_equilibria_text(result)}" if count else "no equilibrium found"
    eq = result.equilibria[0]
    if target is True:
        return True, f"one equilibrium: ({eq.label()})"
    wanted = tuple(target[p] for p in range(game.n_players))
    if eq.pure_indices == wanted:
        return True, f"({eq.label()}) is the only equilibrium"
    return False, f"the only equilibrium is ({eq.label()}), not ({_label(game, target)})"


def _plays(eq: Any, player: int, strategy: int) -> Any:
    return eq.profile[player][strategy]


def _check_outcome(point: Point, target: dict) -> tuple[bool, str]:
    result, game = point.solved, point.normal
    if not result.equilibria:
        return False, "no equilibrium found"
    for eq in result.equilibria:
        for p, s in target.items():
            if _plays(eq, p, s) != 1 and not (not eq.exact and abs(float(_plays(eq, p, s)) - 1) < 1e-9):
                return False, f"equilibrium ({eq.label()}) does not have {game.players[p]} play {game.strategies[p][s]}"
    n = len(result.equilibria)
    return True, (f"the one equilibrium has {_label(game, target)}" if n == 1
                  else f"all {n} equilibria have {_label(game, target)}")


def _check_never_played(point: Point, target: dict) -> tuple[bool, str]:
    result, game = point.solved, point.normal
    for eq in result.equilibria:
        for p, s in target.items():
            if float(_plays(eq, p, s)) > 1e-9:
                return False, f"equilibrium ({eq.label()}) uses {game.strategies[p][s]} for {game.players[p]}"
    return True, f"no equilibrium uses {_label(game, target)} (of {len(result.equilibria)} found)"


def _check_dominant(point: Point, target: dict) -> tuple[bool, str]:
    game, tol = point.normal, point.tol()
    for p, s in target.items():
        own = np.moveaxis(game.payoffs[p], p, 0)
        for r in range(game.shape[p]):
            if r == s:
                continue
            margin = own[s] - own[r]
            worst = margin.min()
            if not worst > tol:
                where = np.unravel_index(int(np.argmin(margin)), margin.shape)
                others = [q for q in range(game.n_players) if q != p]
                against = ", ".join(f"{game.players[q]}: {game.strategies[q][k]}" for q, k in zip(others, where))
                return False, (f"{game.strategies[p][r]} does at least as well as {game.strategies[p][s]} for "
                               f"{game.players[p]} against ({against})")
    return True, f"{_label(game, target)} strictly dominant"


def _check_payoff_dominant(point: Point, target: dict) -> tuple[bool, str]:
    holds, detail = _check_equilibrium(point, target)
    if not holds:
        return False, detail
    game, tol = point.normal, point.tol()
    index = tuple(target[p] for p in range(game.n_players))
    mine = [game.payoffs[(p, *index)] for p in range(game.n_players)]
    others = [e for e in point.solved.equilibria if e.pure_indices != index]
    for eq in others:
        for p in range(game.n_players):
            if not mine[p] - eq.payoffs[p] > tol:
                return False, f"{game.players[p]} does as well in ({eq.label()}): {number_text(eq.payoffs[p])}"
    return True, f"({_label(game, target)}) pays every player more than the other {len(others)} equilibria"


def _check_sustained(point: Point, target: bool) -> tuple[bool, str]:
    """Infinite horizon: grim trigger sustains the target at the game's discount factor. Finite
    horizon: a subgame-perfect equilibrium plays the target in every period (the path found by
    backward induction that plays it most often plays it throughout)."""
    from convenience.repeated.solve import analyse_repeated

    result = analyse_repeated(point.numeric, verdict_only=True)  # numeric: no symbolic work per point
    if result.finite is not None:
        periods, horizon = len(result.finite.target_periods), result.finite.horizon
        sustained = periods == horizon
        played = f"in every one of the {horizon} periods" if sustained else f"in {periods} of the {horizon} periods"
        return sustained == target, f"{result.label()}; the target is played {played}"
    sustained = bool(result.sustained)
    where = f"at delta = {number_text(result.discount)}" if result.discount is not None else "without a discount factor"
    return sustained == target, f"{result.label()}; {where} it is {'' if sustained else 'not '}sustained"


def _node_by_label(tree: Any, label: str) -> int | None:
    for v, name in tree.names.items():
        if name == label:
            return int(v)
    for v in range(tree.n_nodes):
        if tree.path_label(v) == label:
            return v
    return None


def _spe_action_at(tree: Any, strategy: np.ndarray, v: int) -> str | None:
    """The action played with certainty at decision node ``v`` (None when mixed)."""
    h = int(tree.infoset[v])
    probs = strategy[int(tree.action_offset[h]):int(tree.action_offset[h + 1])]
    for a, x in enumerate(probs):
        if float(x) > 1 - 1e-9:
            return tree.actions_at(v)[a]
    return None


def _check_spe_path(point: Point, target: tuple) -> tuple[bool, str]:
    from convenience.extensive.tree import CHANCE, TERMINAL

    tree, profiles = point.numeric, point.spe
    if not profiles:
        return False, "no subgame-perfect equilibrium found"
    for strategy in profiles:
        v = 0
        played: list[str] = []
        for want in target:
            mover = int(tree.mover[v])
            if mover == TERMINAL:
                return False, f"play ends after {'/'.join(played) or 'the root'}, before '{want}'"
            actions = tree.actions_at(v)
            if mover == CHANCE:
                if want not in actions:
                    return False, f"'{want}' is not an outcome of the chance move at {tree.node_label(v)}"
                got = want
            else:
                got = _spe_action_at(tree, strategy, v)
                if got != want:
                    who = tree.players[mover]
                    return False, (f"at {tree.node_label(v)} {who} plays {got or 'a mixture'}, not {want}"
                                   + (f" (in one of {len(profiles)} subgame-perfect equilibria)" if len(profiles) > 1 else ""))
            played.append(got)
            v = int(tree.first_child[v]) + actions.index(got)
    n = len(profiles)
    return True, f"every subgame-perfect equilibrium ({n}) plays {' -> '.join(target)}"


def _check_spe_action(point: Point, target: dict) -> tuple[bool, str]:
    tree, profiles = point.numeric, point.spe
    if not profiles:
        return False, "no subgame-perfect equilibrium found"
    for label, want in target.items():
        v = _node_by_label(tree, label)
        if v is None:
            raise InputError(f"no node named or reached by '{label}'", file=getattr(point.game, "file", None),
                             key="expect.spe_action")
        for strategy in profiles:
            got = _spe_action_at(tree, strategy, v)
            if got != want:
                return False, f"at {label} a subgame-perfect equilibrium plays {got or 'a mixture'}, not {want}"
    return True, "every subgame-perfect equilibrium plays " + ", ".join(f"{w} at {n}" for n, w in target.items())


_CHECKERS: dict[str, Callable[[Point, Any], tuple[bool, str]]] = {
    "equilibrium": _check_equilibrium, "not_equilibrium": _check_not_equilibrium, "strict": _check_strict,
    "unique": _check_unique, "outcome": _check_outcome, "never_played": _check_never_played,
    "dominant": _check_dominant, "payoff_dominant": _check_payoff_dominant, "sustained": _check_sustained,
    "spe_path": _check_spe_path, "spe_action": _check_spe_action,
}


def _sustained_text(game: Game, target: bool) -> str:
    """``"the target is sustained"``; with a horizon, what that means there: ``"the target is
    sustained in every one of the 10 periods"`` (``"not sustained in every one of ... (some
    period plays another profile)"``)."""
    horizon = game.horizon if is_repeated(game) else None
    if horizon is None:
        return "the target is sustained" if target else "the target is not sustained"
    periods = "in the game's one period" if horizon == 1 else f"in every one of the {horizon} periods"
    if target:
        return f"the target is sustained {periods}"
    return f"the target is not sustained {periods}" + ("" if horizon == 1 else " (some period plays another profile)")


def describe(game: Game, exp: Expectation) -> str:
    """The check in words: ``(Russia: Coordinate, Iran: Coordinate) is an equilibrium``."""
    t = exp.target
    text = {
        "equilibrium": lambda: f"({_label(strategic(game), t)}) is an equilibrium",
        "not_equilibrium": lambda: f"({_label(strategic(game), t)}) is not an equilibrium",
        "strict": lambda: f"({_label(strategic(game), t)}) is a strict equilibrium",
        "unique": lambda: ("the game has exactly one equilibrium" if t is True
                           else f"({_label(strategic(game), t)}) is the only equilibrium"),
        "outcome": lambda: f"every equilibrium has {_label(strategic(game), t)}",
        "never_played": lambda: f"no equilibrium uses {_label(strategic(game), t)}",
        "dominant": lambda: f"{_label(strategic(game), t)} is strictly dominant",
        "payoff_dominant": lambda: f"({_label(strategic(game), t)}) is the equilibrium that pays everyone most",
        "sustained": lambda: _sustained_text(game, t),
        "spe_path": lambda: "subgame-perfect play: " + " -> ".join(t),
        "spe_action": lambda: "subgame-perfect play: " + ", ".join(f"{a} at {n}" for n, a in t.items()),
    }[exp.check]()
    if exp.at:
        text += " when " + ", ".join(f"{k} = {number_text(v)}" for k, v in exp.at.items())
    return text
