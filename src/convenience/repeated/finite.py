"""Finitely repeated games by backward induction over continuation payoffs.

With ``H`` periods left to play, a subgame-perfect equilibrium plays some stage profile ``a``
now and continues with a subgame-perfect equilibrium of the ``H - 1`` remaining periods,
chosen by what happened now. Deviations from a pure profile are observed, so the harshest
threat against player ``i`` is the continuation equilibrium worst for ``i``. Hence the set
``W_H`` of equilibrium payoff vectors obeys (Benoit and Krishna 1985; the finite-horizon form
of Abreu, Pearce and Stacchetti's recursion)::

    W_0 = {0}
    W_k = { u(a) + delta w : a pure, w in W_(k-1),
            u_i(a) + delta w_i >= max_b u_i(b, a_-i) + delta min_(w' in W_(k-1)) w'_i  for all i }
          together with { u(m) + delta w : m a stage Nash equilibrium, w in W_(k-1) }.

With a unique stage equilibrium the recursion collapses to that equilibrium in every period
(the classic unravelling); with several, a "carrot" equilibrium at the end rewards
cooperation and a "stick" equilibrium punishes deviations, which can sustain a non-equilibrium
target early on. Payoff vectors are exact for rational games. The enumeration covers every
equilibrium whose on-path play is pure or a stage equilibrium; the set can grow geometrically
with the horizon, so each period is charged to a work budget (:data:`UNITS_PER_TEST` units per
continuation tested, before the period is computed) and the search stops with
:class:`~convenience.budget.BudgetExceeded`, naming the periods solved, once it runs out.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from convenience.budget import RAISE_BUDGET, budget
from convenience.errors import ComputationError
from convenience.normal_form import NormalFormGame
from convenience.repeated.grim import pure_label
from convenience.results import Equilibrium, format_number, json_number

#: Units of work per continuation tested (a stage profile or equilibrium followed by one
#: continuation payoff vector): the default budget lasts a few seconds, about 100,000 tests.
UNITS_PER_TEST = 10


@dataclass(frozen=True)
class FiniteRepetition:
    """A subgame-perfect equilibrium path of the finitely repeated game, and its threats.

    ``path`` holds one profile label per period (period 1 first); ``target_periods`` the
    periods in which the target is played (1-based); ``threats`` say, for each period where
    someone is tempted, what follows that player's deviation. ``outcomes`` counts the
    distinct equilibrium payoff vectors found; ``unique`` is True when there is exactly one.
    """

    horizon: int
    discount: Any
    stage_equilibria: tuple[str, ...]
    path: tuple[str, ...]
    payoffs: tuple
    target_periods: tuple[int, ...]
    threats: tuple[str, ...]
    outcomes: int
    unique: bool
    worst: tuple[tuple[str, ...], ...] = ()  # per player (in order): the equilibrium path worst for it

    def to_dict(self) -> dict[str, Any]:
        return {
            "horizon": self.horizon,
            "discount": json_number(self.discount),
            "stage_equilibria": list(self.stage_equilibria),
            "path": list(self.path),
            "payoffs": [json_number(v) for v in self.payoffs],
            "target_periods": list(self.target_periods),
            "threats": list(self.threats),
            "outcomes": self.outcomes,
            "unique": self.unique,
            "worst_paths": [list(path) for path in self.worst],
        }


@dataclass(frozen=True)
class _Node:
    """A continuation: its path, the (0-based) periods playing the target, its threats."""

    path: tuple[str, ...]
    targets: tuple[int, ...]
    threats: tuple[str, ...]

    def after(self, label: str, is_target: bool, threats: tuple[str, ...] = ()) -> "_Node":
        """This continuation preceded by one period playing ``label``."""
        shifted = tuple(t + 1 for t in self.targets)
        return _Node((label,) + self.path, ((0,) if is_target else ()) + shifted, threats + self.threats)

    def rank(self) -> tuple:
        """More target periods first, then earlier ones."""
        return (len(self.targets), tuple(-t for t in self.targets))


def _key(vector: Sequence[Any], exact: bool) -> tuple:
    return tuple(vector) if exact else tuple(round(float(v), 10) + 0.0 for v in vector)


def finite_repetition(game: NormalFormGame, horizon: int, equilibria: Sequence[Equilibrium],
                      discount: Any = None, target: Sequence[int] | None = None) -> FiniteRepetition:
    """Subgame-perfect equilibria of ``game`` repeated ``horizon`` times (see the module doc).

    Returns the equilibrium path that plays ``target`` in the most periods (ties: the largest
    total payoff, then the earliest target periods), or the path with the largest total payoff
    when no target is given.
    """
    level, delta = _continuations(game, horizon, equilibria, discount, target)
    n = game.n_players

    def rank(item: tuple[tuple, _Node]) -> tuple:
        vector, node = item
        return (len(node.targets), sum(vector), node.rank()[1], node.path)

    vector, node = max(level.values(), key=rank)
    worst = tuple(_worst_path(level, i) for i in range(n))
    periods = tuple(t + 1 for t in node.targets)
    return FiniteRepetition(horizon, delta, tuple(e.label() for e in equilibria), node.path, vector, periods,
                            node.threats, len(level), len(level) == 1, worst)


def subgame_perfect_payoffs(game: NormalFormGame, horizon: int, equilibria: Sequence[Equilibrium],
                            discount: Any = None) -> tuple[tuple[tuple, tuple], ...]:
    """Every subgame-perfect payoff vector found, each with one equilibrium path giving it."""
    level, _ = _continuations(game, horizon, equilibria, discount, None)
    return tuple((vector, node.path) for vector, node in level.values())


def _continuations(game: NormalFormGame, horizon: int, equilibria: Sequence[Equilibrium], discount: Any,
                   target: Sequence[int] | None) -> tuple[dict, Any]:
    """``W_horizon`` as a dict from payoff key to ``(vector, node)``, and the discount used."""
    if horizon < 1:
        raise ValueError("horizon must be at least 1")
    if not equilibria:
        raise ComputationError("the stage game has no equilibrium to end the repetition with")
    delta = 1 if discount is None else discount
    exact = game.is_exact and isinstance(delta, (int, Fraction))
    delta = Fraction(delta) if exact else float(delta)
    stage = _stage_table(game, exact)
    mixed = [e for e in equilibria if not e.is_pure]
    target_t = tuple(target) if target is not None else None
    n = game.n_players
    zero = tuple(Fraction(0) if exact else 0.0 for _ in range(n))
    level: dict[tuple, tuple[tuple, _Node]] = {_key(zero, exact): (zero, _Node((), (), ()))}
    spend = budget(f"finite repetition over {horizon} periods (units: {UNITS_PER_TEST} per continuation tested)",
                   remedies=("shorten the horizon (horizon:)", RAISE_BUDGET,
                             "analyse a stage game with fewer strategies"))
    for k in range(1, horizon + 1):
        spend.charge(UNITS_PER_TEST * (len(stage) + len(mixed)) * len(level), found=[
            f"the subgame-perfect payoff vectors of the last {k - 1} of {horizon} periods (on-path play pure or "
            f"a stage equilibrium): {len(level):,} distinct vectors, each with its path"])
        level = _period_before(level, horizon - k + 1, game, stage, mixed, delta, exact, target_t)
    return level, delta


def _stage_table(game: NormalFormGame, exact: bool) -> dict[tuple, tuple[tuple, tuple, str]]:
    """For each pure profile: the payoffs, each player's best deviation payoff, and the profile's label."""
    table = game.payoffs if exact else game.float_payoffs()
    n = game.n_players
    stage = {}
    for a in np.ndindex(*game.shape):
        u = tuple(table[(i, *a)] for i in range(n))
        best_deviation = tuple(max(table[(i, *a[:i], k, *a[i + 1:])] for k in range(game.shape[i]))
                               for i in range(n))
        stage[a] = (u, best_deviation, pure_label(game, a))
    return stage


def _period_before(level: dict[tuple, tuple[tuple, _Node]], period: int, game: NormalFormGame, stage: dict,
                   mixed: list[Equilibrium], delta: Any, exact: bool,
                   target: tuple | None) -> dict[tuple, tuple[tuple, _Node]]:
    """``W`` one period longer: each stage profile followed by a continuation that deters its deviations
    (a deviator gets its worst continuation), and each mixed stage equilibrium followed by any continuation."""
    n = game.n_players
    vectors = [v for v, _ in level.values()]
    worst_value = [min(v[i] for v in vectors) for i in range(n)]
    worst_path = tuple(_worst_path(level, i) for i in range(n))
    new: dict[tuple, tuple[tuple, _Node]] = {}

    def offer(vector: tuple, node: _Node) -> None:
        key = _key(vector, exact)
        old = new.get(key)
        if old is None or (node.rank(), node.path) > (old[1].rank(), old[1].path):
            new[key] = (vector, node)

    for a, (u, dev, label) in stage.items():
        tempted = [i for i in range(n) if dev[i] > u[i]]
        for w, node in level.values():
            if all(u[i] + delta * w[i] >= dev[i] + delta * worst_value[i] for i in tempted):
                threats = tuple(f"period {period}: if {game.players[i]} deviates from ({label}), "
                                f"then {_path_text(worst_path[i])}" for i in tempted)
                vector = tuple(u[i] + delta * w[i] for i in range(n))
                offer(vector, node.after(label, a == target, threats))
    for eq in mixed:
        for w, node in level.values():
            vector = tuple((eq.payoffs[i] if exact else float(eq.payoffs[i])) + delta * w[i] for i in range(n))
            offer(vector, node.after(eq.label(), False))
    return new


def _worst_path(level: dict[tuple, tuple[tuple, _Node]], i: int) -> tuple:
    """The path of the continuation worst for player ``i`` (ties broken by the path itself)."""
    def worst_for_i(item: tuple[tuple, _Node]) -> tuple:
        return (item[0][i], item[1].path)

    return min(level.values(), key=worst_for_i)[1].path


def _path_text(path: Sequence[str]) -> str:
    if not path:
        return "the game ends"
    return " -> ".join(f"({p})" for p in path)


def format_payoffs(values: Sequence[Any]) -> str:
    return ", ".join(format_number(v) for v in values)
