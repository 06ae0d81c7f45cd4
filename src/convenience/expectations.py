"""Expectations: claims a game file makes about its own solution, checked as data.

A game file's ``expect:`` list states what the model should reproduce, for example the
article's outcome at the baseline. Each entry has an ``id``, optionally the catalogue ``claim``
it tests (``seeds/claims.yaml``) and exactly one *check*:

======================  ===================================================================
``equilibrium: P``      the pure profile ``P`` is a Nash equilibrium
``not_equilibrium: P``  ``P`` is not a Nash equilibrium
``strict: P``           ``P`` is a strict equilibrium: every unilateral deviation loses
``unique: P``           the equilibrium set is exactly ``P`` (mixed equilibria and continua
                        count); ``unique: true`` only asks for exactly one equilibrium
``outcome: Q``          there is an equilibrium, and in every one the players named in the
                        partial profile ``Q`` play the named strategies with certainty
``never_played: Q``     no equilibrium gives the named strategies positive probability
``dominant: Q``         each named strategy is strictly dominant for its player
``payoff_dominant: P``  ``P`` is an equilibrium that pays every player strictly more than any
                        other equilibrium does
``spe_path: [a, ...]``  trees: following every subgame-perfect equilibrium from the root
                        plays these actions (a chance node takes the outcome named next)
``spe_action: {n: a}``  trees: every subgame-perfect equilibrium plays ``a`` at node ``n``
                        (its ``name:`` in the file, or its path such as ``Restrain/Provoke``)
``sustained: bool``     repeated games: the target profile is (or is not) sustained at the
                        game's discount factor
======================  ===================================================================

Profiles are mappings ``{Russia: Coordinate, Iran: Coordinate}`` (or lists in player order).
Two modifiers apply to any check: ``at: {k: 2}`` evaluates it at other parameter values, and
``robust: {at_least: 0.8, draws: 200, seed: 0}`` asks that it hold in that share of Monte
Carlo draws from the parameters' declared distributions.

When a check fails, :func:`check_game` says why and where it would hold: for each parameter
with a range, a 1-D scan (others at their baseline) locates the intervals where the check
holds, each end refined by bisection. ``games/conclusions.yaml`` (``kind: conclusions``)
states cross-game conclusions, each holding when the listed expectations of other files hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from convenience.errors import InputError, did_you_mean

CHECKS = ("equilibrium", "not_equilibrium", "strict", "unique", "outcome", "never_played", "dominant",
          "payoff_dominant", "spe_path", "spe_action", "sustained")
TREE_CHECKS = ("spe_path", "spe_action")
ENTRY_KEYS = ("id", "claim", "source", "description", "at", "robust", *CHECKS)
#: Grid points of the 1-D scan along each parameter's range, and bisection steps per boundary.
SCAN_POINTS = 17
BISECTION_STEPS = 16
DEFAULT_DRAWS = 200


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one expectation (or one cross-game conclusion).

    ``game`` is the file, ``id`` the expectation's id, ``claim`` the check in words,
    ``detail`` why it holds or fails, ``region`` where a failing check would hold (or None),
    ``source`` the catalogue claim ids it tests.
    """

    game: str
    id: str
    claim: str
    holds: bool
    detail: str
    region: str | None = None
    source: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"game": self.game, "id": self.id, "claim": self.claim, "holds": self.holds,
                "detail": self.detail, "region": self.region, "source": list(self.source)}


@dataclass(frozen=True)
class Expectation:
    """One parsed ``expect:`` entry."""

    id: str
    check: str
    target: Any
    at: dict
    robust: dict | None
    source: tuple[str, ...]
    where: tuple  # (file, line, column) for error messages


# -- parsing ---------------------------------------------------------------------------------

def _loc(container: Any, key: Any) -> tuple[int | None, int | None]:
    try:
        return container.loc(key)
    except Exception:  # noqa: BLE001 - plain dicts carry no positions
        return None, None


def _error(message: str, file: str | None, container: Any, key: Any, path: str) -> InputError:
    line, column = _loc(container, key)
    return InputError(message, file=file, line=line, column=column, key=path)


def parse_expectations(game: Any) -> list[Expectation]:
    """The game's ``expect:`` entries, validated against its players, strategies and parameters."""
    file = getattr(game, "file", None)
    kind = getattr(game, "kind", "normal")
    out: list[Expectation] = []
    seen: set[str] = set()
    for i, entry in enumerate(getattr(game, "expect", ()) or ()):
        path = f"expect[{i}]"
        if not isinstance(entry, Mapping):
            raise InputError("each expectation must be a mapping with an id and one check", file=file, key=path)
        for key in entry:
            if key not in ENTRY_KEYS:
                raise _error(f"unknown key '{key}'{did_you_mean(str(key), ENTRY_KEYS)}; checks: "
                             f"{', '.join(CHECKS)}", file, entry, key, f"{path}.{key}")
        ident = entry.get("id")
        if not isinstance(ident, str) or not ident.strip():
            raise _error("an expectation needs an id", file, entry, "id" if "id" in entry else None, path)
        if ident in seen:
            raise _error(f"duplicate expectation id '{ident}'", file, entry, "id", f"{path}.id")
        seen.add(ident)
        checks = [k for k in CHECKS if k in entry]
        if len(checks) != 1:
            raise _error(f"expectation '{ident}' needs exactly one check ({', '.join(CHECKS)}), found "
                         f"{len(checks)}", file, entry, "id", path)
        check = checks[0]
        if check in TREE_CHECKS and kind != "tree":
            raise _error(f"'{check}' applies to game trees only", file, entry, check, f"{path}.{check}")
        if check == "sustained" and kind != "repeated":
            raise _error("'sustained' applies to repeated games only", file, entry, check, f"{path}.{check}")
        if kind == "tree" and check not in TREE_CHECKS:
            raise _error(f"'{check}' does not apply to game trees; use spe_path or spe_action", file, entry,
                         check, f"{path}.{check}")
        target = _parse_target(game, check, entry[check], file, entry, f"{path}.{check}")
        at = _parse_at(game, entry.get("at"), file, entry, f"{path}.at")
        robust = _parse_robust(entry.get("robust"), file, entry, f"{path}.robust")
        claim = entry.get("claim")
        sources = [claim] if isinstance(claim, str) else []
        extra = entry.get("source")
        sources += [extra] if isinstance(extra, str) else list(extra or [])
        line, column = _loc(entry, "id")
        out.append(Expectation(ident.strip(), check, target, at, robust, tuple(dict.fromkeys(sources)),
                               (file, line, column)))
    return out


def _parse_target(game: Any, check: str, value: Any, file: str | None, entry: Any, path: str) -> Any:
    if check == "sustained":
        if not isinstance(value, bool):
            raise _error("sustained must be true or false", file, entry, check, path)
        return value
    if check == "unique" and value is True:
        return True
    if check == "spe_path":
        if not isinstance(value, list) or not value or not all(isinstance(a, str) for a in value):
            raise _error("spe_path must be a list of action names", file, entry, check, path)
        return tuple(value)
    if check == "spe_action":
        if not isinstance(value, Mapping) or not value:
            raise _error("spe_action must map node names to actions", file, entry, check, path)
        return {str(k): str(v) for k, v in value.items()}
    players, strategies = game.players, game.strategies
    full = check in ("equilibrium", "not_equilibrium", "strict", "unique", "payoff_dominant")
    if isinstance(value, list):
        if len(value) != len(players):
            raise _error(f"a profile lists one strategy per player ({', '.join(players)})", file, entry, check, path)
        value = dict(zip(players, value))
    if not isinstance(value, Mapping) or not value:
        raise _error(f"{check} needs a profile such as {{{players[0]}: {strategies[0][0]}}}", file, entry, check, path)
    chosen: dict[int, int] = {}
    for name, strategy in value.items():
        if name not in players:
            raise _error(f"unknown player '{name}'{did_you_mean(str(name), players)}", file, value, name,
                         f"{path}.{name}")
        p = players.index(name)
        if strategy not in strategies[p]:
            raise _error(f"unknown strategy '{strategy}' for {name}{did_you_mean(str(strategy), strategies[p])}",
                         file, value, name, f"{path}.{name}")
        chosen[p] = strategies[p].index(strategy)
    if full and len(chosen) != len(players):
        missing = [p for i, p in enumerate(players) if i not in chosen]
        raise _error(f"{check} needs a strategy for every player; missing {', '.join(missing)}", file, entry,
                     check, path)
    return chosen


def _parse_at(game: Any, value: Any, file: str | None, entry: Any, path: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _error("at must map parameter names to values", file, entry, "at", path)
    from convenience.parametric import to_number
    from convenience.spec.common import Context, constant

    params = getattr(game, "parameters", {}) or {}
    out = {}
    for name, raw in value.items():
        if name not in params:
            raise _error(f"unknown parameter '{name}'{did_you_mean(str(name), params)}", file, value, name,
                         f"{path}.{name}")
        out[name] = to_number(constant(raw, Context(file), value, name, f"{path}.{name}"))
    return out


def _parse_robust(value: Any, file: str | None, entry: Any, path: str) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or "at_least" not in value:
        raise _error("robust needs at_least (a share between 0 and 1)", file, entry, "robust", path)
    share, draws, seed = value.get("at_least"), value.get("draws", DEFAULT_DRAWS), value.get("seed", 0)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        raise _error("at_least must be a share between 0 and 1", file, value, "at_least", f"{path}.at_least")
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= 100_000:
        raise _error("draws must be a whole number from 1 to 100000", file, value, "draws", f"{path}.draws")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise _error("seed must be a whole number", file, value, "seed", f"{path}.seed")
    return {"at_least": float(share), "draws": draws, "seed": seed}


# -- evaluation at one parameter point -------------------------------------------------------

def _label(game: Any, chosen: Mapping[int, int]) -> str:
    return ", ".join(f"{game.players[p]}: {game.strategies[p][s]}" for p, s in sorted(chosen.items()))


def _num(value: Any) -> str:
    from convenience.results import format_number

    return format_number(value)


class _Point:
    """A game at one parameter point, with its equilibria computed on first use."""

    def __init__(self, game: Any, values: Mapping[str, Any]) -> None:
        self.game = game
        self.values = dict(values)

    @cached_property
    def numeric(self) -> Any:
        return self.game.at(self.values)

    @cached_property
    def normal(self) -> Any:
        """The normal-form game checks are made on (the stage game of a repeated game)."""
        numeric = self.numeric
        return numeric.stage if getattr(numeric, "kind", None) == "repeated" else numeric

    @cached_property
    def solved(self) -> Any:
        """Every equilibrium: by strict dominance when that leaves one profile, else the solver."""
        only = dominance_solution(self.normal)
        if only is not None:
            from convenience.results import SolveResult, make_equilibrium

            game = self.normal
            one = game.one() if hasattr(game, "one") else (Fraction(1) if game.is_exact else 1.0)
            zero = one - one
            profile = [np.array([one if k == s else zero for k in range(m)],
                                dtype=object if game.is_exact else float) for s, m in zip(only, game.shape)]
            return SolveResult(game, "dominance", {}, (make_equilibrium(game, profile),), (),
                               ("iterated elimination of strictly dominated strategies leaves one profile",))
        from convenience.solvers import solve

        return solve(self.normal)

    @cached_property
    def spe(self) -> list[np.ndarray]:
        from convenience.extensive.subgames import subgame_perfect

        return subgame_perfect(self.numeric)[0]

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


def dominance_solution(game: Any) -> tuple[int, ...] | None:
    """The one profile left by iterated elimination of strictly dominated pure strategies, or None.

    A strictly dominated strategy is never played in any equilibrium, mixed ones included, so
    when elimination leaves a single profile it is the game's only equilibrium.
    """
    alive = [list(range(m)) for m in game.shape]
    changed = True
    while changed:
        changed = False
        for p in range(game.n_players):
            if len(alive[p]) == 1:
                continue
            own = game.payoffs[p][np.ix_(*alive)]
            own = np.moveaxis(own, p, 0)
            keep = []
            for i in range(len(alive[p])):
                dominated = any(bool((own[j] > own[i]).all()) for j in range(len(alive[p])) if j != i)
                if not dominated:
                    keep.append(alive[p][i])
            if len(keep) < len(alive[p]):
                alive[p] = keep
                changed = True
    if all(len(a) == 1 for a in alive):
        return tuple(a[0] for a in alive)
    return None


def _evaluate(point: _Point, exp: Expectation) -> tuple[bool, str]:
    """Whether ``exp`` holds at ``point`` and a sentence saying why."""
    return _CHECKERS[exp.check](point, exp.target)


def _check_equilibrium(point: _Point, chosen: dict) -> tuple[bool, str]:
    game, tol = point.normal, point.tol()
    gains = point.deviation_gains(chosen)
    worst = max(gains, key=lambda g: g[2], default=None)
    if worst is None or worst[2] <= tol:
        return True, f"({_label(game, chosen)}) is an equilibrium: no player gains by deviating"
    p, s, gain = worst
    return False, (f"({_label(game, chosen)}) is not an equilibrium: {game.players[p]} gains {_num(gain)} by "
                   f"switching to {game.strategies[p][s]}")


def _check_not_equilibrium(point: _Point, chosen: dict) -> tuple[bool, str]:
    holds, detail = _check_equilibrium(point, chosen)
    return not holds, detail


def _check_strict(point: _Point, chosen: dict) -> tuple[bool, str]:
    game, tol = point.normal, point.tol()
    gains = point.deviation_gains(chosen)
    worst = max(gains, key=lambda g: g[2], default=None)
    if worst is None or worst[2] < -tol:
        return True, f"({_label(game, chosen)}) is a strict equilibrium: every deviation loses"
    p, s, gain = worst
    verb = "loses nothing" if abs(gain) <= tol else f"gains {_num(gain)}"
    return False, f"{game.players[p]} {verb} by switching to {game.strategies[p][s]}"


def _equilibria_text(result: Any, limit: int = 4) -> str:
    labels = [e.label() for e in result.equilibria[:limit]]
    more = f" and {len(result.equilibria) - limit} more" if len(result.equilibria) > limit else ""
    return "; ".join(f"({x})" for x in labels) + more


def _continuum(result: Any) -> bool:
    return any(not getattr(c, "is_singleton", True) for c in result.components)


def _check_unique(point: _Point, target: Any) -> tuple[bool, str]:
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


def _check_outcome(point: _Point, target: dict) -> tuple[bool, str]:
    result, game = point.solved, point.normal
    if not result.equilibria:
        return False, "no equilibrium found"
    for eq in result.equilibria:
        for p, s in target.items():
            if _plays(eq, p, s) != 1 and not (not eq.exact and abs(float(_plays(eq, p, s)) - 1) < 1e-9):
                return False, f"equilibrium ({eq.label()}) does not have {game.players[p]} play {game.strategies[p][s]}"
    n = len(result.equilibria)
    return True, f"all {n} equilibri{'um' if n == 1 else 'a'} have {_label(game, target)}"


def _check_never_played(point: _Point, target: dict) -> tuple[bool, str]:
    result, game = point.solved, point.normal
    for eq in result.equilibria:
        for p, s in target.items():
            if float(_plays(eq, p, s)) > 1e-9:
                return False, f"equilibrium ({eq.label()}) uses {game.strategies[p][s]} for {game.players[p]}"
    return True, f"no equilibrium uses {_label(game, target)} (of {len(result.equilibria)} found)"


def _check_dominant(point: _Point, target: dict) -> tuple[bool, str]:
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


def _check_payoff_dominant(point: _Point, target: dict) -> tuple[bool, str]:
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
                return False, f"{game.players[p]} does as well in ({eq.label()}): {_num(eq.payoffs[p])}"
    return True, f"({_label(game, target)}) pays every player more than the other {len(others)} equilibria"


def _check_sustained(point: _Point, target: bool) -> tuple[bool, str]:
    from convenience.extensive.repeated import analyse_repeated

    result = analyse_repeated(point.numeric)  # numeric: no symbolic work per point
    sustained = bool(result.sustained)
    where = f"at delta = {_num(result.discount)}" if result.discount is not None else "without a discount factor"
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


def _check_spe_path(point: _Point, target: tuple) -> tuple[bool, str]:
    from convenience.extensive.tree import CHANCE, TERMINAL

    tree, profiles = point.numeric, point.spe
    if not profiles:
        return False, "no subgame-perfect equilibrium found"
    for strategy in profiles:
        v, played = 0, []
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


def _check_spe_action(point: _Point, target: dict) -> tuple[bool, str]:
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


_CHECKERS: dict[str, Callable[[_Point, Any], tuple[bool, str]]] = {
    "equilibrium": _check_equilibrium, "not_equilibrium": _check_not_equilibrium, "strict": _check_strict,
    "unique": _check_unique, "outcome": _check_outcome, "never_played": _check_never_played,
    "dominant": _check_dominant, "payoff_dominant": _check_payoff_dominant, "sustained": _check_sustained,
    "spe_path": _check_spe_path, "spe_action": _check_spe_action,
}


def describe(game: Any, exp: Expectation) -> str:
    """The check in words: ``(Russia: Coordinate, Iran: Coordinate) is an equilibrium``."""
    t = exp.target
    text = {
        "equilibrium": lambda: f"({_label(game, t)}) is an equilibrium",
        "not_equilibrium": lambda: f"({_label(game, t)}) is not an equilibrium",
        "strict": lambda: f"({_label(game, t)}) is a strict equilibrium",
        "unique": lambda: "the game has exactly one equilibrium" if t is True else f"({_label(game, t)}) is the only equilibrium",
        "outcome": lambda: f"every equilibrium has {_label(game, t)}",
        "never_played": lambda: f"no equilibrium uses {_label(game, t)}",
        "dominant": lambda: f"{_label(game, t)} is strictly dominant",
        "payoff_dominant": lambda: f"({_label(game, t)}) is the equilibrium that pays everyone most",
        "sustained": lambda: "the target is sustained" if t else "the target is not sustained",
        "spe_path": lambda: "subgame-perfect play: " + " -> ".join(t),
        "spe_action": lambda: "subgame-perfect play: " + ", ".join(f"{a} at {n}" for n, a in t.items()),
    }[exp.check]()
    if exp.at:
        text += " when " + ", ".join(f"{k} = {_num(v)}" for k, v in exp.at.items())
    if exp.robust:
        text += f", in at least {exp.robust['at_least']:.0%} of draws"
    return text


# -- robustness and regions ------------------------------------------------------------------

def _holds_at(game: Any, exp: Expectation, values: Mapping[str, Any]) -> bool:
    try:
        return _evaluate(_Point(game, values), exp)[0]
    except InputError:
        return False  # e.g. a division by zero at this point: the claim cannot hold there


def robust_share(game: Any, exp: Expectation, base: Mapping[str, Any]) -> tuple[float, int]:
    """Share of Monte Carlo draws (parameters from their distributions) where ``exp`` holds."""
    from convenience.analysis.distributions import distribution_of, sample_parameters

    spec = exp.robust or {}
    draws, seed = spec.get("draws", DEFAULT_DRAWS), spec.get("seed", 0)
    file = getattr(game, "file", None)
    dists = {name: distribution_of(p, file=file) for name, p in game.parameters.items() if name not in exp.at}
    samples = sample_parameters(dists, np.random.default_rng(seed), draws)
    hits = 0
    for k in range(draws):
        values = dict(base)
        values.update({name: float(column[k]) for name, column in samples.items()})
        hits += _holds_at(game, exp, values)
    return hits / draws, draws


def _intervals(xs: list[float], flags: list[bool], refine: Callable[[float, float, bool], float]
               ) -> list[tuple[float, float]]:
    out, start = [], None
    for i, flag in enumerate(flags):
        if flag and start is None:
            start = xs[0] if i == 0 else refine(xs[i - 1], xs[i], False)
        if not flag and start is not None:
            out.append((start, refine(xs[i - 1], xs[i], True)))
            start = None
    if start is not None:
        out.append((start, xs[-1]))
    return out


def holding_region(game: Any, exp: Expectation, base: Mapping[str, Any], points: int = SCAN_POINTS,
                   steps: int = BISECTION_STEPS) -> str:
    """Where ``exp`` holds along each parameter's range, the others at ``base``.

    A grid scan finds where the verdict changes; each change is located by bisection.
    """
    spans, anywhere, nowhere = [], [], []
    for name, p in game.parameters.items():
        if p.range is None or p.low == p.high or name in exp.at:
            continue
        low, high = float(p.low), float(p.high)
        xs = list(np.linspace(low, high, points))

        def holds(x: float, name: str = name) -> bool:
            return _holds_at(game, exp, {**base, name: x})

        def refine(a: float, b: float, holds_at_a: bool) -> float:
            for _ in range(steps):
                mid = (a + b) / 2
                if holds(mid) == holds_at_a:
                    a = mid
                else:
                    b = mid
            return (a + b) / 2

        flags = [holds(x) for x in xs]
        if all(flags):
            anywhere.append(name)
        elif any(flags):
            found = _intervals(xs, flags, refine)
            spans.append(f"{name} in " + " or ".join(f"[{_num(a)}, {_num(b)}]" for a, b in found))
        else:
            nowhere.append(name)
    if not (spans or anywhere or nowhere):
        return "the game has no parameter with a range to scan"
    parts = spans[:]
    if anywhere:
        parts.append(f"any value of {', '.join(anywhere)}")
    if nowhere:
        parts.append(f"no value of {', '.join(nowhere)} within its range")
    return "one parameter at a time, the others at baseline: " + "; ".join(parts)


# -- games, files and directories ------------------------------------------------------------

def check_game(game: Any, *, regions: bool = False, ids: Iterable[str] | None = None) -> list[ClaimResult]:
    """Evaluate the game's expectations at its baseline (``at:`` and ``robust:`` as written)."""
    name = str(getattr(game, "file", None) or getattr(game, "title", "game"))
    wanted = None if ids is None else set(ids)
    results = []
    for exp in parse_expectations(game):
        if wanted is not None and exp.id not in wanted:
            continue
        base = {**game.baseline(), **exp.at}
        if exp.robust:
            share, draws = robust_share(game, exp, base)
            holds = share >= exp.robust["at_least"]
            detail = f"holds in {share:.1%} of {draws} draws (needs {exp.robust['at_least']:.0%})"
            if holds or not regions:
                detail += "; at the baseline: " + _evaluate(_Point(game, base), exp)[1]
        else:
            holds, detail = _evaluate(_Point(game, base), exp)
        region = holding_region(game, exp, base) if (regions or not holds) and not exp.robust else None
        results.append(ClaimResult(name, exp.id, describe(game, exp), holds, detail, region, exp.source))
    return results


def _yaml_files(path: Path) -> list[Path]:
    return sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())


def _kind(path: Path) -> str:
    from convenience.spec import load_document

    return str(load_document(path).get("kind", "normal"))


def _load_with(path: Path, overrides: Mapping[str, Any]) -> Any:
    """Load a game, applying only the overrides naming its own parameters."""
    from convenience.spec import load_game

    game = load_game(path)
    mine = {k: v for k, v in overrides.items() if k in (getattr(game, "parameters", {}) or {})}
    return load_game(path, mine) if mine else game


def check_paths(paths: Iterable[str | Path], overrides: Mapping[str, Any] | None = None, *,
                regions: bool = False) -> list[ClaimResult]:
    """Check every game file given (directories: their ``*.yaml``), then conclusion files.

    ``overrides`` (``--set``) apply to the games declaring those parameters; naming a
    parameter no game declares is an input error.
    """
    overrides = dict(overrides or {})
    files: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            files.extend(_yaml_files(p))
        elif p.exists():
            files.append(p)
        else:
            raise InputError("no such file or directory", file=str(p))
    games, conclusions = [], []
    for f in files:
        is_yaml = f.suffix.lower() in (".yaml", ".yml")
        (conclusions if is_yaml and _kind(f) == "conclusions" else games).append(f)
    cache: dict[Any, Any] = {}
    declared: set[str] = set()
    results: list[ClaimResult] = []
    for f in games:
        game = _load_with(f, overrides)
        cache[f.resolve()] = game
        declared.update(getattr(game, "parameters", {}) or {})
        verdicts = check_game(game, regions=regions)
        cache.update({(f.resolve(), v.id): v for v in verdicts})
        results.extend(verdicts)
    for f in conclusions:
        results.extend(check_conclusions(f, overrides, cache, declared))
    unknown = [k for k in overrides if k not in declared]
    if unknown:
        raise InputError(f"no game checked declares parameter '{unknown[0]}'", key=f"--set {unknown[0]}")
    return results


def check_conclusions(path: str | Path, overrides: Mapping[str, Any] | None = None,
                      cache: dict | None = None, declared: set | None = None) -> list[ClaimResult]:
    """Evaluate a ``kind: conclusions`` file: each conclusion holds when all it requires holds."""
    from convenience.spec import load_document

    path = Path(path)
    file = str(path)
    data = load_document(path)
    cache = {} if cache is None else cache
    items = data.get("conclusions")
    if not isinstance(items, list) or not items:
        raise _error("a conclusions file needs a list 'conclusions:'", file, data, "conclusions" if "conclusions" in data else None, "conclusions")
    results = []
    for i, item in enumerate(items):
        where = f"conclusions[{i}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or "requires" not in item:
            raise _error("each conclusion needs an id, a statement and requires:", file, items, i, where)
        requires = item["requires"]
        if not isinstance(requires, list) or not requires:
            raise _error("requires must list {game: FILE, expect: ID} entries", file, item, "requires", f"{where}.requires")
        failed, passed = [], 0
        for j, req in enumerate(requires):
            rpath = f"{where}.requires[{j}]"
            if not isinstance(req, Mapping) or "game" not in req or "expect" not in req:
                raise _error("each requirement is {game: FILE, expect: ID}", file, requires, j, rpath)
            target = (path.parent / str(req["game"])).resolve()
            if not target.exists():
                raise _error(f"no such game file '{req['game']}'", file, req, "game", f"{rpath}.game")
            if target not in cache:
                cache[target] = _load_with(target, overrides or {})
                if declared is not None:
                    declared.update(getattr(cache[target], "parameters", {}) or {})
            game = cache[target]
            known = [e.id for e in parse_expectations(game)]
            if req["expect"] not in known:
                raise _error(f"'{req['game']}' has no expectation '{req['expect']}'"
                             f"{did_you_mean(str(req['expect']), known)}", file, req, "expect", f"{rpath}.expect")
            key = (target, req["expect"])
            if key not in cache:
                cache[key] = check_game(game, ids=[req["expect"]])[0]
            verdict = cache[key]
            if verdict.holds:
                passed += 1
            else:
                failed.append(f"{req['game']}#{req['expect']}: {verdict.detail}")
        sources = item.get("claim")
        source = (sources,) if isinstance(sources, str) else tuple(sources or ())
        statement = " ".join(str(item.get("statement") or item["id"]).split())
        holds = not failed
        detail = (f"all {passed} supporting expectations hold" if holds
                  else f"{len(failed)} of {len(requires)} supporting expectations fail: " + " | ".join(failed))
        results.append(ClaimResult(file, item["id"], statement, holds, detail, None, source))
    return results


__all__ = ["ClaimResult", "Expectation", "CHECKS", "parse_expectations", "check_game", "check_paths",
           "check_conclusions", "holding_region", "robust_share", "describe"]
