"""Minmax values of a stage game and the folk-theorem check.

A player's **minmax value** is the lowest payoff the others can hold it to when it answers
with a best response: ``v_i = min over the others' play of max over s_i of u_i``. Every
equilibrium of the repeated game gives each player at least ``v_i``, and the folk theorem
(Fudenberg and Maskin 1986) says that any feasible payoff vector giving every player strictly
more than ``v_i`` is an equilibrium payoff of the infinitely repeated game for discount factors
close enough to one (for three or more players, when the feasible set is full-dimensional).

The pure minmax (others restricted to pure strategies) is computed exactly by enumeration. For
two players the mixed minmax is the value of the zero-sum game with the player's own payoff
matrix; it is found by linear programming and, for exact games, rebuilt exactly on the
optimal supports and certified by a matching maximin strategy (so ``value`` is then a
``Fraction`` with a proof of optimality, not a rounded float).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from convenience.normal_form import NormalFormGame


@dataclass(frozen=True)
class Minmax:
    """Player ``player``'s minmax value against pure and (two players) mixed punishment.

    ``pure_profile`` is the full pure profile at which the pure minmax is attained (the
    punishers' strategies and the player's best response). ``mixed_punisher`` is the
    opponent's minmaxing mixture (two players only); ``mixed_exact`` says whether
    ``mixed_value`` was certified exactly.
    """

    player: int
    pure_value: Any
    pure_profile: tuple[int, ...]
    mixed_value: Any = None
    mixed_punisher: np.ndarray | None = None
    maximin_strategy: np.ndarray | None = None
    mixed_exact: bool = False

    @property
    def value(self) -> Any:
        """The minmax value used by the folk theorem: mixed when known, else pure."""
        return self.pure_value if self.mixed_value is None else self.mixed_value


def _own_axis_first(game: NormalFormGame, player: int) -> np.ndarray:
    table = game.payoffs[player] if game.is_exact else game.float_payoffs()[player]
    return np.moveaxis(table, player, 0)


def pure_minmax(game: NormalFormGame, player: int) -> tuple[Any, tuple[int, ...]]:
    """Exact pure minmax value of ``player`` and a profile attaining it."""
    table = _own_axis_first(game, player)
    best_value, best_profile = None, None
    for others in np.ndindex(*table.shape[1:]):
        column = table[(slice(None), *others)]
        reply = max(range(len(column)), key=lambda k: column[k])
        if best_value is None or column[reply] < best_value:
            best_value = column[reply]
            best_profile = (*others[:player], reply, *others[player:])
    return best_value, tuple(int(k) for k in best_profile or ())


def _exact_solve(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """A solution of a linear system by Gauss-Jordan elimination (free unknowns set to 0)."""
    m = [list(r) + [b] for r, b in zip(rows, rhs)]
    n_unknowns = len(rows[0]) if rows else 0
    pivots: list[int] = []
    r = 0
    for c in range(n_unknowns):
        pivot = next((k for k in range(r, len(m)) if m[k][c] != 0), None)
        if pivot is None:
            continue
        m[r], m[pivot] = m[pivot], m[r]
        lead = m[r][c]
        m[r] = [v / lead for v in m[r]]
        for k in range(len(m)):
            if k != r and m[k][c] != 0:
                factor = m[k][c]
                m[k] = [a - factor * b for a, b in zip(m[k], m[r])]
        pivots.append(c)
        r += 1
    if any(all(v == 0 for v in row[:-1]) and row[-1] != 0 for row in m):
        return None
    solution = [Fraction(0)] * n_unknowns
    for row_index, c in enumerate(pivots):
        solution[c] = m[row_index][-1]
    return solution


def _mix_on_support(matrix: np.ndarray, rows: list[int], cols: list[int]) -> tuple[list[Fraction], Fraction] | None:
    """Column mixture on ``cols`` making every row in ``rows`` earn the same value ``v``."""
    system = [[Fraction(matrix[s, j]) for j in cols] + [Fraction(-1)] for s in rows]
    rhs = [Fraction(0)] * len(rows)
    system.append([Fraction(1)] * len(cols) + [Fraction(0)])
    rhs.append(Fraction(1))
    solution = _exact_solve(system, rhs)
    if solution is None:
        return None
    return solution[:-1], solution[-1]


def _linprog_minmax(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Float LP: the column player's minmaxing mixture, the row player's maximin mixture."""
    from scipy.optimize import linprog

    a = np.asarray(matrix, dtype=float)
    m, k = a.shape
    # min v s.t. A y <= v, sum y = 1, y >= 0
    res_y = linprog(np.r_[np.zeros(k), 1.0], A_ub=np.c_[a, -np.ones(m)], b_ub=np.zeros(m),
                    A_eq=np.r_[np.ones(k), 0.0][None, :], b_eq=[1.0],
                    bounds=[(0, None)] * k + [(None, None)], method="highs")
    # max w s.t. x^T A >= w, sum x = 1, x >= 0
    res_x = linprog(np.r_[np.zeros(m), -1.0], A_ub=np.c_[-a.T, np.ones(k)], b_ub=np.zeros(k),
                    A_eq=np.r_[np.ones(m), 0.0][None, :], b_eq=[1.0],
                    bounds=[(0, None)] * m + [(None, None)], method="highs")
    if res_y.status != 0 or res_x.status != 0:  # pragma: no cover - a bounded LP always solves
        raise RuntimeError("minmax linear program failed")
    return res_y.x[:k], res_x.x[:m], float(res_y.x[-1])


def mixed_minmax_two_player(game: NormalFormGame, player: int) -> tuple[Any, np.ndarray, np.ndarray, bool]:
    """Mixed minmax value of ``player`` in a two-player game.

    Returns ``(value, punisher_mixture, maximin_mixture, exact)``. For exact games the LP
    solution is rebuilt on its supports with rational arithmetic and accepted only when the
    punisher's mixture caps the player at ``value`` and the maximin mixture guarantees it.
    """
    table = _own_axis_first(game, player)  # rows: the player's strategies, columns: the punisher's
    y, x, value = _linprog_minmax(table)
    if not game.is_exact:
        return value, y, x, False
    cols = [j for j in range(len(y)) if y[j] > 1e-9]
    rows = [s for s in range(len(x)) if x[s] > 1e-9]
    active = [s for s in range(table.shape[0])
              if abs(float(np.dot(np.asarray(table[s], dtype=float), y)) - value) <= 1e-7]
    punish = _mix_on_support(table, active, cols)
    guard = _mix_on_support(table.T, [j for j in range(table.shape[1])
                                      if abs(float(np.dot(x, np.asarray(table[:, j], dtype=float))) - value) <= 1e-7],
                            rows)
    if punish is not None and guard is not None:
        y_exact = np.array([Fraction(0)] * table.shape[1], dtype=object)
        x_exact = np.array([Fraction(0)] * table.shape[0], dtype=object)
        for j, v in zip(cols, punish[0]):
            y_exact[j] = v
        for s, v in zip(rows, guard[0]):
            x_exact[s] = v
        if all(v >= 0 for v in y_exact) and all(v >= 0 for v in x_exact):
            cap = max(table[s] @ y_exact for s in range(table.shape[0]))
            floor = min(x_exact @ table[:, j] for j in range(table.shape[1]))
            if cap == floor:
                return cap, y_exact, x_exact, True
    return value, y, x, False


def minmax_values(game: NormalFormGame) -> tuple[Minmax, ...]:
    """Pure minmax of every player, and the mixed minmax too when there are two players."""
    out = []
    for i in range(game.n_players):
        pure_value, profile = pure_minmax(game, i)
        if game.n_players == 2:
            value, punisher, maximin, exact = mixed_minmax_two_player(game, i)
            out.append(Minmax(i, pure_value, profile, value, punisher, maximin, exact))
        else:
            out.append(Minmax(i, pure_value, profile))
    return tuple(out)


def full_dimensional(game: NormalFormGame) -> bool:
    """Whether the pure payoff vectors span an ``n``-dimensional set (the folk theorem's
    condition for three or more players), decided exactly for exact games."""
    n = game.n_players
    vectors = [tuple(game.payoffs[(i, *s)] for i in range(n)) for s in np.ndindex(*game.shape)]
    base = vectors[0]
    diffs = [[v[i] - base[i] for i in range(n)] for v in vectors[1:]]
    if not diffs:
        return False
    if game.is_exact:
        import sympy

        return sympy.Matrix(diffs).rank() == n
    return int(np.linalg.matrix_rank(np.asarray(diffs, dtype=float), tol=1e-9 * game.payoff_range())) == n
