"""Iterated elimination of strictly dominated strategies (by pure and by mixed strategies).

Source: Osborne and Rubinstein, *A Course in Game Theory* (1994), section 4.2 (a strategy is
never a best response iff it is strictly dominated by a mixed strategy, lemma 60.1); Myerson,
*Game Theory* (1991), section 3.1. Strictly dominated strategies are never played in any
equilibrium, so removing them keeps the equilibrium set, and the order of removal does not
matter.

Steps, repeated until nothing changes: for every player and every remaining strategy ``s``,

1. *pure dominance*: another remaining strategy does strictly better against every remaining
   profile of the others (exact comparisons for exact games);
2. *mixed dominance*: the linear program "maximise ``eps`` such that a mixture of the other
   strategies beats ``s`` by ``eps`` against every remaining profile" has ``eps > 0``; for exact
   games the mixture is turned into fractions and the strict dominance re-checked exactly.

Weak dominance (never worse, sometimes better) is only *flagged* on the reduced game: removing
weakly dominated strategies can remove equilibria, and the order matters.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from weakref import WeakKeyDictionary

import numpy as np

from convenience.normal_form import NormalFormGame
from convenience.results import SolveResult, format_number, make_equilibrium

from ._common import float_tolerance
from .exact_linalg import rationalize


@dataclass(frozen=True)
class EliminationStep:
    """One strategy removed (or flagged): who, which, by what, in which round, how."""

    round: int
    player: str
    strategy: str
    dominated_by: str
    kind: str  # "strictly dominated" or "weakly dominated"

    def label(self) -> str:
        return (f"round {self.round}: {self.player}'s {self.strategy} is {self.kind} by "
                f"{self.dominated_by}")


@dataclass(frozen=True, eq=False)
class DominanceResult:
    """The reduced game, the strategies kept (indices into the original), and every step."""

    original: NormalFormGame
    game: NormalFormGame
    kept: tuple[tuple[int, ...], ...]
    steps: tuple[EliminationStep, ...]
    weakly_dominated: tuple[EliminationStep, ...]

    def notes(self) -> tuple[str, ...]:
        if not self.steps:
            lines = ["no strategy is strictly dominated (by a pure or mixed strategy)"]
        else:
            lines = [f"iterated elimination of strictly dominated strategies removed "
                     f"{len(self.steps)} strateg{'y' if len(self.steps) == 1 else 'ies'}:"]
            lines += [s.label() for s in self.steps]
        lines += [f"flagged (kept): {s.label()}" for s in self.weakly_dominated]
        return tuple(lines)

    def lift(self, profile) -> tuple:
        """A profile of the reduced game as a profile of the original (zeros elsewhere)."""
        out = []
        for m, kept, x in zip(self.original.shape, self.kept, profile):
            z = [Fraction(0) if self.original.is_exact else 0.0] * m
            for k, v in zip(kept, x):
                z[k] = v
            out.append(np.array(z, dtype=object if self.original.is_exact else float))
        return tuple(out)


def _test_units(game: NormalFormGame, kept, i: int, mixed: bool) -> int:
    """Work units of one dominance test: one per payoff copied, compared or passed to a linear
    program (the test restricts the game to the strategies left, compares the player's rows and,
    with three or more of them, may solve one linear program)."""
    cells = int(np.prod([len(k) for k in kept]))
    own = cells  # the player's rows against every remaining profile of the others
    return cells * game.n_players + own + (own if mixed and len(kept[i]) >= 3 else 0)


def surviving_pure(game: NormalFormGame) -> list[list[int]]:
    """Each player's strategies left by iterated elimination of strategies strictly dominated by
    another pure strategy, compared in the game's own arithmetic (exact for an exact game): no
    equilibrium plays any other. Unbudgeted and without linear programs: the quick test that
    draws and solver shortcuts run many times on small games. Computed once per game object
    (the claims at a point, the solver's shortcuts and its fallback all ask for it)."""
    known = _SURVIVING.get(game)
    if known is None:
        known = _SURVIVING[game] = _surviving_pure(game)
    return [list(a) for a in known]


#: :func:`surviving_pure` of the games still alive, by identity (games are immutable).
_SURVIVING: WeakKeyDictionary[NormalFormGame, list[list[int]]] = WeakKeyDictionary()


def _surviving_pure(game: NormalFormGame) -> list[list[int]]:
    alive = [list(range(m)) for m in game.shape]
    changed = True
    while changed:
        changed = False
        for p in range(game.n_players):
            if len(alive[p]) == 1:
                continue
            own = np.moveaxis(game.payoffs[p][np.ix_(*alive)], p, 0)
            keep = [alive[p][i] for i in range(len(alive[p]))
                    if not any(bool((own[j] > own[i]).all()) for j in range(len(alive[p])) if j != i)]
            if len(keep) < len(alive[p]):
                alive[p], changed = keep, True
    return alive


def iterated_elimination(game: NormalFormGame, mixed: bool = True) -> DominanceResult:
    """Remove strictly dominated strategies until none is left; flag weakly dominated ones.

    Each test charges the work budget (:func:`_test_units`); when it runs out the message
    lists the strategies removed so far."""
    from convenience.budget import RAISE_BUDGET, budget

    kept = [list(range(m)) for m in game.shape]
    steps: list[EliminationStep] = []
    spend = budget("iterated elimination of dominated strategies (units: payoffs copied, compared or passed to "
                   "a linear program)",
                   remedies=("solve without elimination (the default method)", RAISE_BUDGET,
                             "analyse a smaller game"))

    def found_so_far() -> list[str]:
        done = [s.label() for s in steps[:5]] + ([f"and {len(steps) - 5} more"] if len(steps) > 5 else [])
        return [f"round {round_} under way; {len(steps)} strateg{'y' if len(steps) == 1 else 'ies'} removed"
                + (f" ({'; '.join(done)})" if done else "")]

    round_ = 0
    while True:
        round_ += 1
        removed = []
        for i in range(game.n_players):
            if len(kept[i]) < 2:
                continue
            for s in kept[i]:
                spend.charge(_test_units(game, kept, i, mixed), found=found_so_far)
                by = _dominator(game, kept, i, s, mixed)
                if by is not None:
                    removed.append((i, s, by))
        if not removed:
            break
        for i, s, by in removed:
            steps.append(EliminationStep(round_, game.players[i], game.strategies[i][s], by,
                                         "strictly dominated"))
        for i, s, _ in removed:
            kept[i].remove(s)
    reduced = _restrict(game, kept)
    weak = []
    for i in range(reduced.n_players):
        table = _own_first(reduced, i)
        for s in range(reduced.shape[i]):
            for t in range(reduced.shape[i]):
                if t != s and bool(np.all(table[t] >= table[s])) and bool(np.any(table[t] > table[s])):
                    weak.append(EliminationStep(round_, reduced.players[i], reduced.strategies[i][s],
                                                reduced.strategies[i][t], "weakly dominated"))
                    break
    return DominanceResult(game, reduced, tuple(tuple(k) for k in kept), tuple(steps), tuple(weak))


def dominance(game: NormalFormGame, then: str = "auto", **options) -> SolveResult:
    """Eliminate strictly dominated strategies, solve the reduced game, lift the equilibria.

    The equilibrium set is unchanged by the elimination; every lifted profile is verified
    again in the original game. ``then`` names the method for the reduced game.
    """
    from convenience.solvers import solve

    result = iterated_elimination(game, mixed=options.pop("mixed", True))
    inner = solve(result.game, method=then, **options)
    profiles = [result.lift(e.profile) for e in inner.equilibria]
    equilibria = tuple(make_equilibrium(game, p) for p in profiles)
    notes = result.notes() + tuple(f"reduced game: {n}" for n in inner.notes)
    return SolveResult(game=game, method="dominance", options={"then": then, **options},
                       equilibria=equilibria, components=(), notes=notes,
                       extra={"dominance": result, "reduced_result": inner})


def _restrict(game: NormalFormGame, kept) -> NormalFormGame:
    payoffs = game.payoffs[(slice(None), *np.ix_(*kept))]
    strategies = tuple(tuple(game.strategies[i][k] for k in kept[i]) for i in range(game.n_players))
    return NormalFormGame(game.players, strategies, np.array(payoffs), game.title)


def _own_first(game: NormalFormGame, i: int) -> np.ndarray:
    """Player ``i``'s payoffs as a matrix: own strategies by profiles of the others."""
    table = game.payoffs[i] if game.is_exact else game.float_payoffs()[i]
    return np.moveaxis(table, i, 0).reshape(game.shape[i], -1)


def _dominator(game: NormalFormGame, kept, i: int, s: int, mixed: bool) -> str | None:
    sub = _restrict(game, kept)
    table = _own_first(sub, i)
    names = sub.strategies[i]
    row = kept[i].index(s)
    for t in range(len(names)):
        if t != row and bool(np.all(table[t] > table[row])):
            return names[t]
    if not mixed or len(names) < 3:
        return None
    others = [t for t in range(len(names)) if t != row]
    sigma = mixed_dominator(np.asarray(table, dtype=float), row, others, float_tolerance(game))
    if sigma is None:
        return None
    if game.is_exact:
        for den in (10**3, 10**6, 10**9):
            w = [rationalize(v, den) for v in sigma]
            total = sum(w)
            if total == 0:
                continue
            w = [v / total for v in w]
            mix = sum((wk * table[t] for wk, t in zip(w, others)), start=np.zeros(table.shape[1], dtype=object))
            if all(a > b for a, b in zip(mix, table[row])):
                sigma = w
                break
        else:
            return None
    used = [(names[t], v) for t, v in zip(others, sigma) if v > (0 if game.is_exact else 1e-12)]
    return "the mixture " + ", ".join(f"{n} {format_number(v)}" for n, v in used)


def mixed_dominator(table: np.ndarray, row: int, others: list[int], tol: float):
    """Weights on ``others`` beating ``table[row]`` by the largest margin, if it is positive."""
    from scipy.optimize import linprog

    k, cols = len(others), table.shape[1]
    c = np.zeros(k + 1)
    c[-1] = -1.0
    # -(sum_t w_t U[t, c]) + eps <= -U[row, c]
    A_ub = np.hstack([-table[others].T, np.ones((cols, 1))])
    b_ub = -table[row]
    A_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0],
                  bounds=[(0, None)] * k + [(None, None)], method="highs")
    if res.status != 0 or res.x[-1] <= tol:
        return None
    w = np.clip(res.x[:k], 0.0, None)
    return list(w / w.sum())
