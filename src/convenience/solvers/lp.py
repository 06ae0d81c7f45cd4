"""Linear programming for two-player zero-sum games: the minimax theorem made computable.

Source: von Neumann (1928); Dantzig, *Linear Programming and Extensions* (1963), ch. 13;
Nisan et al., *Algorithmic Game Theory* (2007), section 1.4.2.

The row player maximises ``v`` subject to ``A^T x >= v``, ``sum x = 1``, ``x >= 0``; the column
player minimises ``w`` subject to ``A y <= w``. Both are solved by scipy's HiGHS. For an exact
game the float optimum is turned exact: the basic solution is the unique solution of its tight
constraints, re-solved in fractions; the result must have exactly zero regret, else a
rational guess from the floats is tried, and finally exact support enumeration.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from convenience.errors import ComputationError, InputError
from convenience.normal_form import NormalFormGame
from convenience.results import SolveResult, format_number, make_equilibrium

from ._common import bimatrix, finish, require_players
from .exact_linalg import rationalize, solve_exact


def maximin(M: np.ndarray) -> tuple[np.ndarray, float]:
    """The row player's maximin mixed strategy of payoff matrix ``M`` and its value."""
    from scipy.optimize import linprog

    m, n = M.shape
    # variables x (m), v; minimise -v; constraints v - (M^T x)_j <= 0; sum x = 1
    c = np.zeros(m + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-M.T, np.ones((n, 1))])
    b_ub = np.zeros(n)
    A_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    bounds = [(0, None)] * m + [(None, None)]
    res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if res.status != 0:
        raise ComputationError(f"linear program failed: {res.message}")
    x = np.clip(res.x[:m], 0.0, None)
    return x / x.sum(), float(res.x[-1])


def lp(game: NormalFormGame, **options) -> SolveResult:
    """One equilibrium (a pair of optimal strategies) of a two-player zero-sum game.

    Every equilibrium of a zero-sum game gives the same value; the sets of optimal strategies
    are convex, so a degenerate game can have a continuum of them (use vertex enumeration to
    list its extreme points).
    """
    require_players(game, "lp", 2)
    if not game.is_zero_sum():
        raise InputError("method 'lp' needs a zero-sum game (payoffs summing to 0 in every cell); "
                         "use vertex-enumeration or lemke-howson", key="method")
    A, _ = bimatrix(game)
    Af = np.asarray(A, dtype=float)
    x, v = maximin(Af)
    y, w = maximin(-Af.T)
    notes = [f"solved by linear programming (HiGHS); float value {v + 0.0:.12g}"]
    profile = (x, y)
    if game.is_exact:
        profile = _exact_optimum(game, x, y, notes)
    result = finish(game, "lp", options, [profile], notes, count_note=False)
    if result.equilibria:
        value = result.equilibria[0].payoffs[0]
        result = _with_note(result, f"value of the game for {game.players[0]}: {format_number(value, 12)}")
    return result


def _with_note(result: SolveResult, note: str) -> SolveResult:
    from dataclasses import replace

    return replace(result, notes=result.notes + (note,))


def _exact_optimum(game: NormalFormGame, x: np.ndarray, y: np.ndarray, notes: list[str]):
    A = game.payoffs[0]
    xe = _exact_vertex(A, x, y)
    ye = _exact_vertex((-A).T, y, x)
    for candidate in ((xe, ye), ([rationalize(v, 10**6) for v in x], [rationalize(v, 10**6) for v in y])):
        if candidate[0] is None or candidate[1] is None:
            continue
        try:
            px = [Fraction(v) for v in candidate[0]]
            py = [Fraction(v) for v in candidate[1]]
            if sum(px) != 1 or sum(py) != 1:
                continue
            make_equilibrium(game, (px, py))
            notes.append("float optimum turned exact and verified (regret 0)")
            return (px, py)
        except ComputationError:
            continue
    from .support_enumeration import support_enumeration

    found = support_enumeration(game)
    notes.append("float optimum could not be made exact; exact support enumeration used")
    if not found.equilibria:
        raise ComputationError("no exact equilibrium found for a zero-sum game")
    return tuple(found.equilibria[0].profile)


def _exact_vertex(M, x: np.ndarray, y: np.ndarray, tol: float = 1e-7):
    """Exact optimal strategy for the row player of ``M`` with the float optimum's support.

    Unknowns: ``x`` on its support and the value ``v``; equations: ``(M^T x)_j = v`` for the
    columns the opponent uses, ``x`` sums to one; the solution must be unique.
    """
    m, n = M.shape
    I = [i for i in range(m) if x[i] > tol]
    J = [j for j in range(n) if y[j] > tol]
    Mf = np.asarray(M, dtype=float)
    values = x @ Mf
    T = sorted(set(J) | {j for j in range(n) if values[j] <= values.min() + tol})
    rows = [[M[i, j] for i in I] + [Fraction(-1)] for j in T] + [[Fraction(1)] * len(I) + [Fraction(0)]]
    rhs = [Fraction(0)] * len(T) + [Fraction(1)]
    sol = solve_exact(rows, rhs)
    if sol is None:
        return None
    out = [Fraction(0)] * m
    for i, v in zip(I, sol[:-1]):
        out[i] = v
    return out
