"""Games of three or more players in which at most two players have a choice.

A player with a single strategy (or left with one once strictly dominated strategies are
removed) plays it in every equilibrium, so the equilibria of the game are those of the
two-player game between the players who still choose, with the others' strategies fixed. Such
forms are common: the reduced normal form of a tree in which one player's moves are all cut
away by the subgames above, a claim's game at a parameter point where one player's choice is
settled by dominance. The two-player solvers enumerate every extreme equilibrium and every
maximal Nash subset of such a game in integer arithmetic, much faster than exact polynomial
solving over all support profiles of the N-player game, and their answer is the same set of
equilibria.

Why removing strictly dominated strategies keeps the set of equilibria: a strategy strictly
dominated by another pure strategy against the others' remaining strategies is never a best
reply to any profile of those strategies, so no equilibrium uses it; and an equilibrium of the
smaller game stays one in the larger, since a removed strategy earns strictly less than the
strategy that dominated it, which earns at most the equilibrium payoff (Osborne and Rubinstein,
*A Course in Game Theory*, 1994, section 4.2; the argument applies step by step).

:func:`solve_with_fixed_players` solves the two-player game, lifts every equilibrium and every
component back to the whole game, and verifies each lifted equilibrium in the whole game.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any, Iterator

import numpy as np

from convenience.normal_form import NormalFormGame
from convenience.numbers import format_number
from convenience.results import Equilibrium, SolveResult, make_equilibrium

from ._common import canonical_order
from .dominance import surviving_pure


def surviving_strategies(game: NormalFormGame) -> list[list[int]]:
    """Each player's strategies left by iterated elimination of strategies strictly dominated by
    another pure strategy, compared exactly (float games: nothing is removed)."""
    if not game.is_exact:
        return [list(range(m)) for m in game.shape]
    return surviving_pure(game)


@dataclass(frozen=True, eq=False)
class FixedPlayersComponent:
    """A component of the two-player game between the players who choose, lifted to the whole
    game: the others play their one remaining strategy throughout.

    ``inner`` is the two-player component (a maximal Nash subset); ``equilibria`` its extreme
    equilibria in the whole game, verified there; ``fixed`` maps each other player to the
    strategy it plays.
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    inner: Any
    equilibria: tuple[Equilibrium, ...]
    fixed: tuple[tuple[str, str], ...]

    @property
    def is_singleton(self) -> bool:
        return bool(self.inner.is_singleton)

    @property
    def connected_set(self) -> int:
        return int(self.inner.connected_set)

    @property
    def description(self) -> str:
        others = " and ".join(f"{player} playing {strategy}" for player, strategy in self.fixed)
        return f"{self.inner.description}, with {others}" if others else self.inner.description

    def __str__(self) -> str:
        return self.description

    def to_dict(self) -> dict[str, Any]:
        data = self.inner.to_dict()
        extreme = dict(data.get("extreme_strategies", {}))
        extreme.update({player: [{strategy: 1}] for player, strategy in self.fixed})
        data["extreme_strategies"] = {p: extreme[p] for p in self.players if p in extreme}
        data["extreme_equilibria"] = len(self.equilibria)
        data["description"] = self.description
        return data


def choosing_players(game: NormalFormGame) -> tuple[list[list[int]], list[int]] | None:
    """``(alive, kept)`` when at most two players still choose once strictly dominated
    strategies are removed: ``alive`` each player's remaining strategies, ``kept`` the two
    players of the smaller game (those who choose, padded in order with players who do not);
    None when three or more players choose (or the game has fewer than three players)."""
    if game.n_players < 3:
        return None
    alive = [list(range(m)) for m in game.shape]
    if sum(len(a) > 1 for a in alive) > 2:
        alive = surviving_strategies(game)
    choosing = [p for p, a in enumerate(alive) if len(a) > 1]
    if len(choosing) > 2:
        return None
    kept = sorted(choosing + [p for p in range(game.n_players) if p not in choosing][:2 - len(choosing)])
    return alive, kept


def _small_game(game: NormalFormGame, alive: list[list[int]], kept: list[int]) -> NormalFormGame:
    """The two-player game of the players ``kept``, on the strategies ``alive``, the others' fixed."""
    index = tuple(np.ix_(*alive))
    payoffs = np.stack([game.payoffs[p][index] for p in kept])
    payoffs = payoffs.reshape((2, *(len(alive[p]) for p in kept)))
    return NormalFormGame(tuple(game.players[p] for p in kept),
                          tuple(tuple(game.strategies[p][s] for s in alive[p]) for p in kept),
                          payoffs, game.title)


def _lift(game: NormalFormGame, alive: list[list[int]], kept: list[int], eq: Equilibrium) -> Equilibrium:
    """A two-player equilibrium as a profile of the whole game, verified there (raises
    :class:`~convenience.errors.ComputationError` if it is not an equilibrium of ``game``)."""
    one, zero = (Fraction(1), Fraction(0)) if game.is_exact else (1.0, 0.0)
    profile = []
    for p, m in enumerate(game.shape):
        x = np.array([zero] * m, dtype=object if game.is_exact else float)
        if p in kept:
            for s, v in zip(alive[p], eq.profile[kept.index(p)]):
                x[s] = v
        else:
            x[alive[p][0]] = one
        profile.append(x)
    return make_equilibrium(game, profile)


def solve_with_fixed_players(game: NormalFormGame, found: tuple[list[list[int]], list[int]]) -> SolveResult:
    """Every equilibrium of ``game`` from the two-player game of the players ``found`` keeps
    (see :func:`choosing_players`), solved by vertex enumeration (every extreme equilibrium and
    maximal Nash subset); equilibria and components lifted back and verified in ``game``."""
    alive, kept = found
    small = _small_game(game, alive, kept)
    inner = _two_player(small) if all(len(alive[p]) > 1 for p in kept) else one_chooser(small)

    def lift(eq: Equilibrium) -> Equilibrium:
        return _lift(game, alive, kept, eq)

    fixed = tuple((game.players[p], game.strategies[p][alive[p][0]]) for p in range(game.n_players) if p not in kept)
    components = tuple(FixedPlayersComponent(game.players, game.strategies, c, tuple(lift(e) for e in c.equilibria),
                                             fixed) for c in inner.components)
    removed = sum(m - len(a) for m, a in zip(game.shape, alive))
    why = " once strictly dominated strategies are removed" if removed else ""
    names = " and ".join(game.players[p] for p in kept if len(alive[p]) > 1) or "no player"
    others = ", ".join(f"{player} plays {strategy}" if strategy else f"{player} has no move here"
                       for player, strategy in fixed)
    note = (f"only {names} {'choose' if ' and ' in names else 'chooses'}{why} ({others}): every equilibrium "
            f"is one of the two-player game of {game.players[kept[0]]} and {game.players[kept[1]]}, solved by "
            f"{inner.method} and lifted back")
    return SolveResult(game=game, method=inner.method, options=dict(inner.options),
                       equilibria=tuple(sorted((lift(e) for e in inner.equilibria), key=canonical_order)),
                       components=components,
                       notes=(note, *inner.notes), extra=dict(inner.extra))


def equilibria_with_a_pure_player(game: NormalFormGame, *, mixed: bool = False) -> Iterator[Equilibrium]:
    """Some equilibria of a three-player game, quickly: those in which one player plays a pure
    strategy and the other two are at an extreme equilibrium of their two-player game (exact:
    for a float game, those of the exactly equal fractions, as the exact enumerators find them).

    For each player and each of its strategies that strict dominance leaves, the two others'
    game with that strategy fixed is solved by support enumeration over supports of equal size
    in floats, each candidate at which the fixed strategy is a best reply re-solved exactly on
    its supports and verified in the whole game. Not every equilibrium: those where all three
    mix, or in which the two others' supports differ in size, are not sought. Used to
    find, at once, an equilibrium that refutes a claim about all equilibria, before enumerating
    them all. With ``mixed``, only those in which the two others both mix (the pure equilibria
    are found faster by :func:`~convenience.solvers.pure.pure_equilibria`). The last game's
    search is remembered, so that several claims at one point share it.
    """
    if game.n_players != 3:
        return iter(())
    last = getattr(_LAST, "search", None)  # per thread: a Dask worker may run draws in threads
    if last is not None and last[0] is game and last[1] == mixed:
        return last[2].replay()
    search = _Replayable(_pure_player_search(game, 2 if mixed else 1))
    _LAST.search = (game, mixed, search)
    return search.replay()


class _Replayable:
    """An iterator's items, produced once and replayed to every later reader."""

    def __init__(self, items: Iterator[Equilibrium]) -> None:
        self.items = items
        self.seen: list[Equilibrium] = []

    def replay(self) -> Iterator[Equilibrium]:
        k = 0
        while True:
            if k == len(self.seen):
                nxt = next(self.items, None)
                if nxt is None:
                    return
                self.seen.append(nxt)
            yield self.seen[k]
            k += 1


_LAST = threading.local()


def _pure_player_search(game: NormalFormGame, smallest: int = 1) -> Iterator[Equilibrium]:
    from convenience.errors import ComputationError

    from ._common import exact_copy

    exact = exact_copy(game)  # a float game: the exactly equal fractions, as the exact enumerators use
    values = exact.float_payoffs()
    tol = 1e-9 * exact.payoff_range()
    alive = surviving_strategies(exact)
    for k in range(3):
        kept = [p for p in range(3) if p != k]
        for t in alive[k]:
            fixed = [a if p != k else [t] for p, a in enumerate(alive)]
            small = _small_game(exact, fixed, kept)
            A, B = small.float_payoffs()
            for S, T, x, y in _equal_support_equilibria(A, B, tol, smallest):
                mixed = [np.zeros(m) for m in exact.shape]
                for p, z in zip(kept, (x, y)):
                    mixed[p][fixed[p]] = z
                own = np.moveaxis(values[k], k, 0)
                for p in sorted(kept, reverse=True):  # k's payoff of each strategy against the others
                    own = np.tensordot(own, mixed[p], axes=([1 + p - (p > k)], [0]))
                if own[t] < own.max() - tol:
                    continue  # the fixed strategy is not a best reply there
                pair = _exact_pair(small, S, T)
                if pair is None:
                    continue
                try:
                    yield _lift(exact, fixed, kept, make_equilibrium(small, pair))
                except ComputationError:
                    continue


def _equal_support_equilibria(A: np.ndarray, B: np.ndarray, tol: float, smallest: int = 1) -> Iterator[tuple]:
    """``(S, T, x, y)`` for the float equilibria of the bimatrix game ``(A, B)`` with supports
    ``S``, ``T`` of equal size, at least ``smallest`` (every equilibrium of a nondegenerate
    game): textbook support enumeration in floats, best replies checked to ``tol``."""
    m, n = A.shape
    for size in range(smallest, min(m, n) + 1):
        for S in combinations(range(m), size):
            for T in combinations(range(n), size):
                y = _indifferent(A[np.ix_(S, T)], tol)
                x = _indifferent(B[np.ix_(S, T)].T, tol)
                if x is None or y is None:
                    continue
                fx, fy = np.zeros(m), np.zeros(n)
                fx[list(S)], fy[list(T)] = x, y
                rows, cols = A @ fy, fx @ B
                if rows.max() <= rows[S[0]] + tol and cols.max() <= cols[T[0]] + tol:
                    yield S, T, fx, fy


def _indifferent(M: np.ndarray, tol: float) -> np.ndarray | None:
    """The positive distribution ``z`` making every row of ``M z`` equal, or None."""
    k = M.shape[0]
    system = np.zeros((k + 1, k + 1))
    system[:k, :k], system[:k, k], system[k, :k] = M, -1.0, 1.0
    try:
        z = np.linalg.solve(system, np.eye(k + 1)[k])[:k]
    except np.linalg.LinAlgError:
        return None
    return z if (z > tol).all() else None


def _exact_pair(game: NormalFormGame, S: tuple, T: tuple) -> tuple | None:
    """The exact strategies on supports ``S`` and ``T`` that make the opponent indifferent over
    its support, or None when the systems are singular."""
    from .exact_linalg import solve_exact

    A, B = game.payoffs[0], game.payoffs[1]
    out = []
    for own, other, M, m in ((S, T, B, game.shape[0]), (T, S, A.T, game.shape[1])):
        rows = [[M[i, j] for i in own] + [Fraction(-1)] for j in other] + [[Fraction(1)] * len(own) + [Fraction(0)]]
        sol = solve_exact(rows, [Fraction(0)] * len(other) + [Fraction(1)])
        if sol is None:
            return None
        z = np.array([Fraction(0)] * m, dtype=object)
        for i, v in zip(own, sol[:-1]):
            z[i] = v
        out.append(z)
    return tuple(out)


def _two_player(game: NormalFormGame) -> SolveResult:
    from .vertex_enumeration import vertex_enumeration

    return vertex_enumeration(game)


def one_chooser(game: NormalFormGame) -> SolveResult:
    """Every equilibrium of a two-player game in which one player has a single strategy: the
    other's best replies to it (payoffs compared exactly, also for a float game: the exactly
    equal fractions), and, when there are several, the continuum of their mixtures as one
    maximal Nash subset, as the two-player enumerators report it."""
    from .components import Component
    from ._common import exact_copy, finish

    c = 0 if game.shape[0] > 1 else 1  # the one who chooses (either, if nobody does)
    own = [v for v in exact_copy(game).payoffs[c].reshape(-1)]
    top = max(own)
    best = [s for s, v in enumerate(own) if v == top]
    one, zero = (Fraction(1), Fraction(0)) if game.is_exact else (1.0, 0.0)
    kind = object if game.is_exact else float

    def pure(p: int, s: int) -> np.ndarray:
        return np.array([one if k == s else zero for k in range(game.shape[p])], dtype=kind)

    profiles = [tuple(pure(p, b if p == c else 0) for p in range(2)) for b in best]
    chooser = game.players[c]
    notes = [f"{chooser} alone chooses: the equilibria are {chooser}'s best replies"]
    components: tuple = ()
    if len(best) > 1:
        mine = tuple(pure(c, b) for b in best)
        theirs = (pure(1 - c, 0),)
        X, Y = (mine, theirs) if c == 0 else (theirs, mine)
        eqs = tuple(make_equilibrium(game, (x, y)) for x in X for y in Y)
        text = (f"every mixture of {game.players[0]}'s {' and '.join(_mixture_text(game.strategies[0], x) for x in X)} "
                f"with every mixture of {game.players[1]}'s "
                f"{' and '.join(_mixture_text(game.strategies[1], y) for y in Y)} is an equilibrium "
                f"({len(eqs)} extreme equilibria)")
        components = (Component(game.players, game.strategies, X, Y, eqs, 1, text),)
        notes.append(f"the game is degenerate: {chooser} has {len(best)} best replies; their mixtures form a "
                     f"continuum of equilibria, reported as a component")
    return finish(game, "best-replies", {}, profiles, notes, components)


def _mixture_text(names: tuple[str, ...], x: Any) -> str:
    used = [(n, v) for n, v in zip(names, x) if v != 0]
    if len(used) == 1:
        return used[0][0]
    return "(" + ", ".join(f"{n} {format_number(v)}" for n, v in used) + ")"
