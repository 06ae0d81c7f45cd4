"""Support enumeration: every extreme Nash equilibrium of a two-player game.

Source: Nisan, Roughgarden, Tardos and Vazirani (eds.), *Algorithmic Game Theory* (2007),
ch. 3 (von Stengel), algorithm 3.4; and von Stengel, "Computing equilibria for two-person
games", *Handbook of Game Theory* 3 (2002), section 2.

Steps, for the row player (the column player is symmetric):

1. For every support ``I`` of ``k`` row strategies and every set ``K`` of ``k`` column
   strategies, solve the square indifference system "every column in ``K`` gives the column
   player the same payoff ``v``, and ``x`` sums to one over ``I``".
2. Keep ``x`` when it is strictly positive on ``I`` and every column in ``K`` is a best
   response to it; record its support and *all* its best responses.
3. A candidate ``x`` and a candidate ``y`` form an equilibrium when the support of each lies
   within the other's best responses.

For a nondegenerate game step 3 pairs only supports of equal size, which is the textbook
algorithm. Pairing candidates by best-response sets instead also finds the extreme equilibria
of degenerate games, whose supports may differ in size: each extreme strategy is a vertex of
the player's best-response polytope, so it is fixed by its support and some ``k`` of its best
responses. Exact games are solved in integers (fraction-free Bareiss elimination); float games
by batched ``numpy`` solves, then verified by regret. A float game found to be degenerate is
re-solved exactly on the exactly equal fractions, so ties are decided exactly.
"""

from __future__ import annotations

from collections.abc import Sized
from fractions import Fraction
from itertools import combinations
from math import comb

import numpy as np

from convenience.budget import RAISE_BUDGET, budget
from convenience.errors import Remedy, Setting
from convenience.normal_form import NormalFormGame
from convenience.results import SolveResult

from ._common import bimatrix, exact_copy, finish, float_tolerance
from .exact_linalg import solve_square_integer, to_integer_matrix


def support_enumeration(game: NormalFormGame, **options) -> SolveResult:
    """All extreme equilibria by support enumeration (two players), or N-player when ``n > 2``.

    For two-player degenerate games the maximal Nash subsets (convex sets of equilibria) are
    reported as components. Options: none for two players; see
    :func:`convenience.solvers.nplayer.nplayer_support_enumeration` for N players.
    """
    if game.n_players != 2:
        from .nplayer import nplayer_support_enumeration

        return nplayer_support_enumeration(game, **options)
    from .components import degeneracy_notes, nash_subsets

    work = game
    notes = []
    spend = budget(f"support enumeration (units: {EXACT_SYSTEM_UNITS} plus the opponent's strategy count per "
                   f"indifference system solved exactly; in float arithmetic {FLOAT_SUPPORT_UNITS} per support "
                   "and 1 per system)",
                   remedies=(Remedy("enumerate every equilibrium faster with {}", Setting("method", "vertex-enumeration")),
                             Remedy("find one with {}", Setting("method", "lemke-howson")), RAISE_BUDGET,
                             "analyse a smaller game"))
    if game.is_exact:
        xs, ys = _candidates_exact(game, spend)
    else:
        xs, ys = _candidates_float(game, spend)
        if xs is None:
            notes.append("float game is degenerate (a singular indifference system or a tie): "
                         "solved exactly on the exactly equal fractions")
            work = exact_copy(game)
            xs, ys = _candidates_exact(work, spend)
    pairs = match_supports(xs, ys)
    profiles = [(xs[i][2], ys[j][2]) for i, j in pairs]
    if work is not game:
        profiles = [(np.asarray(x, dtype=float), np.asarray(y, dtype=float)) for x, y in profiles]
    deg = degeneracy_notes(game, xs, ys)
    notes.extend(deg)
    components = nash_subsets(game, xs, ys, pairs) if deg else ()
    return finish(game, "support-enumeration", options, profiles, notes, components)


#: Units of work per square indifference system solved exactly, plus one per opponent strategy
#: (its best-response check); in float arithmetic, where the systems of one support are solved in
#: one numpy batch, units per support (each of its systems costs one more). The default budget
#: lasts a few seconds: an 8 x 8 game with whole payoffs needs about 460,000 units exactly.
EXACT_SYSTEM_UNITS = 10
FLOAT_SUPPORT_UNITS = 200


def _charge(spend, units: int, k: int, player: int, found: Sized) -> None:
    """Charge ``units`` for the systems of one support of size ``k`` to ``spend`` (None: no budget)."""
    if spend is not None:
        spend.charge(units, found=lambda: [
            f"{len(found)} extreme strateg{'y' if len(found) == 1 else 'ies'} of player {player + 1} with "
            f"supports of up to {k} strategies; no equilibrium is paired before both players' lists are complete"])


def extreme_candidates(game: NormalFormGame):
    """``(xs, ys)``: each a list of ``(support_mask, best_response_mask, strategy)``."""
    if game.is_exact:
        return _candidates_exact(game)
    return _candidates_float(game)


def match_supports(xs, ys) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` with supp(x_i) within BR(y_j) and supp(y_j) within BR(x_i)."""
    if not xs or not ys:
        return []
    sx = np.array([c[0] for c in xs], dtype=object)
    bx = np.array([c[1] for c in xs], dtype=object)
    sy = np.array([c[0] for c in ys], dtype=object)
    by = np.array([c[1] for c in ys], dtype=object)
    ok = ((sx[:, None] & ~by[None, :]) == 0) & ((sy[None, :] & ~bx[:, None]) == 0)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(ok))]


def _mask(indices) -> int:
    m = 0
    for i in indices:
        m |= 1 << int(i)
    return m


def _candidates_exact(game: NormalFormGame, spend=None):
    A, B = bimatrix(game)
    xs = _player_candidates_exact([[Fraction(v) for v in row] for row in B], spend, 0)
    ys = _player_candidates_exact([[Fraction(v) for v in row] for row in A.T], spend, 1)
    return xs, ys


def _player_candidates_exact(M, spend=None, player: int = 0):
    """Candidates for the player whose strategies index the rows of ``M`` (opponent payoffs);
    each support charges the work budget ``spend`` (None: no budget) before its systems."""
    Mi, _ = to_integer_matrix(M)
    m, n = len(Mi), len(Mi[0])
    out: dict[tuple, tuple] = {}
    for k in range(1, min(m, n) + 1):
        for I in combinations(range(m), k):
            _charge(spend, (EXACT_SYSTEM_UNITS + n) * comb(n, k), k, player, out)
            for K in combinations(range(n), k):
                # unknowns x_I (k) and v; rows: sum_i M[i,c] x_i - v = 0 (c in K); sum x = 1
                mat = [[Mi[i][c] for i in I] + [-1] for c in K] + [[1] * k + [0]]
                sol = solve_square_integer(mat, [0] * k + [1])
                if sol is None or any(v <= 0 for v in sol[:k]):
                    continue
                x = [Fraction(0)] * m
                for i, v in zip(I, sol[:k]):
                    x[i] = v
                key = tuple(x)
                if key in out:
                    continue
                values = [sum(x[i] * M[i][c] for i in I) for c in range(n)]
                best = max(values)
                if any(values[c] != best for c in K):
                    continue
                out[key] = (_mask(I), _mask(c for c in range(n) if values[c] == best),
                            np.array(x, dtype=object))
    return list(out.values())


def _candidates_float(game: NormalFormGame, spend=None):
    """Float candidates, or ``(None, None)`` when the game looks degenerate."""
    A, B = bimatrix(game)
    tol = float_tolerance(game)
    xs = _player_candidates_float(B, tol, spend, 0)
    ys = _player_candidates_float(A.T, tol, spend, 1) if xs is not None else None
    if xs is None or ys is None:
        return None, None
    return xs, ys


def _player_candidates_float(M: np.ndarray, tol: float, spend=None, player: int = 0):
    m, n = M.shape
    out: list = []
    seen = set()
    for k in range(1, min(m, n) + 1):
        for index, support in enumerate(combinations(range(m), k)):
            _charge(spend, FLOAT_SUPPORT_UNITS + comb(n, k), k, player, out)  # before any allocation
            if index == 0:
                Ks = np.array(list(combinations(range(n), k)), dtype=np.intp)
            I = np.array(support)
            # systems[s] = [[M[I, K_s]^T, -1], [1, 0]]
            sub = M[np.ix_(I, np.arange(n))].T[Ks]  # (nK, k, k): rows c in K, cols i in I
            mats = np.empty((len(Ks), k + 1, k + 1))
            mats[:, :k, :k] = sub
            mats[:, :k, k] = -1.0
            mats[:, k, :k] = 1.0
            mats[:, k, k] = 0.0
            det = np.linalg.det(mats)
            scale = np.abs(mats).max(axis=(1, 2)) ** (k + 1)
            singular = np.abs(det) <= 1e-11 * np.maximum(scale, 1.0)
            rhs = np.zeros(k + 1)
            rhs[k] = 1.0
            good = ~singular
            if not good.any():
                if singular.any():
                    return None
                continue
            sols = np.linalg.solve(mats[good], np.broadcast_to(rhs, (int(good.sum()), k + 1))[..., None])[..., 0]
            xI = sols[:, :k]  # the last column is the value of the game
            feasible = (xI > 1e-12).all(axis=1)
            if singular.any():
                return None
            for s in np.flatnonzero(feasible):
                x = np.zeros(m)
                x[I] = xI[s]
                values = x @ M
                best = values.max()
                K = Ks[good][s]
                if (values[K] < best - tol).any():
                    continue
                brs = np.flatnonzero(values >= best - tol)
                if len(brs) != k:
                    return None  # more best responses than support size: degenerate
                key = tuple(np.round(x, 9))
                if key in seen:
                    continue
                seen.add(key)
                out.append((_mask(I), _mask(brs), x))
    return out
