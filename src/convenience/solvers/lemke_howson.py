"""The Lemke-Howson algorithm: one equilibrium of a two-player game by complementary pivoting.

Source: Lemke and Howson, "Equilibrium points of bimatrix games", *J. SIAM* 12 (1964);
von Stengel, *Handbook of Game Theory* 3 (2002), section 3.2-3.5 (integer pivoting and the
lexicographic rule for degenerate games).

Steps:

1. Shift payoffs positive and write the best-response polytopes as tableaux
   ``B^T x + s = 1`` and ``A y + r = 1``; start at the artificial equilibrium ``(0, 0)``.
2. Drop ``initial_dropped_label``: its variable enters the basis of its tableau.
3. The ratio test chooses the leaving variable (lexicographic minimum ratio, so degenerate
   games cannot cycle); the label that left is now duplicated, so its complement enters the
   other tableau.
4. Stop when the dropped label leaves: the normalised basic solution is an equilibrium.

Exact games pivot in integers (every entry is a minor of the tableau, divided exactly by the
previous pivot); float games pivot in floats and are verified by regret.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm
from numbers import Integral

import numpy as np

from convenience.errors import InputError
from convenience.normal_form import NormalFormGame
from convenience.results import SolveResult

from ._common import bimatrix, finish, require_players, unit_scale


class _Tableau:
    """Rows ``basic = rhs - ...`` for ``M z + slack = 1``, in integer or float arithmetic.

    Columns ``0..k-1`` are the structural variables, ``k..k+r-1`` the slacks, the last column
    the right-hand side. ``labels[c]`` is the label of column ``c``.
    """

    def __init__(self, M, labels, exact: bool):
        r, k = len(M), len(M[0])
        self.exact = exact
        self.det = 1
        one = 1 if exact else 1.0
        zero = 0 if exact else 0.0
        self.rows = [list(M[i]) + [one if j == i else zero for j in range(r)] + [one] for i in range(r)]
        self.basis = [k + i for i in range(r)]  # column index of each row's basic variable
        self.labels = labels
        self.k = k
        self.slack_cols = list(range(k, k + r))

    def pivot_in(self, col: int) -> int:
        """Enter column ``col``; return the column that leaves (lexicographic ratio test)."""
        rows = [i for i, row in enumerate(self.rows) if row[col] > (0 if self.exact else 1e-12)]
        if not rows:
            raise ArithmeticError("unbounded ray in Lemke-Howson (cannot happen for positive payoffs)")
        order = [-1] + self.slack_cols  # rhs first, then the initial basis columns
        candidates = rows
        for c in order:
            best = None
            keep = []
            for i in candidates:
                if self.exact:
                    ratio = Fraction(self.rows[i][c], self.rows[i][col])
                else:
                    ratio = self.rows[i][c] / self.rows[i][col]
                if best is None or ratio < best - (0 if self.exact else 1e-13):
                    best, keep = ratio, [i]
                elif self.exact and ratio == best or (not self.exact and abs(ratio - best) <= 1e-13):
                    keep.append(i)
            candidates = keep
            if len(candidates) == 1:
                break
        r = candidates[0]
        leaving = self.basis[r]
        self._pivot(r, col)
        self.basis[r] = col
        return leaving

    def _pivot(self, r: int, col: int) -> None:
        prow = self.rows[r]
        p = prow[col]
        if self.exact:
            det = self.det
            for i, row in enumerate(self.rows):
                if i != r:
                    f = row[col]
                    self.rows[i] = [(a * p - f * b) // det for a, b in zip(row, prow)]
            self.det = p if p > 0 else -p
            if p < 0:
                self.rows = [[-v for v in row] if i == r else row for i, row in enumerate(self.rows)]
        else:
            prow = [v / p for v in prow]
            self.rows[r] = prow
            for i, row in enumerate(self.rows):
                if i != r and row[col] != 0:
                    f = row[col]
                    self.rows[i] = [a - f * b for a, b in zip(row, prow)]

    def values(self):
        """Values of the structural variables at the current basic solution."""
        out = [Fraction(0) if self.exact else 0.0] * self.k
        for row, c in zip(self.rows, self.basis):
            if c < self.k:
                out[c] = Fraction(row[-1], row[c]) if self.exact else row[-1]
        return out


def lemke_howson(game: NormalFormGame, initial_dropped_label: int = 0, **options) -> SolveResult:
    """One equilibrium by Lemke-Howson from ``initial_dropped_label`` (0..m+n-1).

    Labels ``0..m-1`` are the row player's strategies, ``m..m+n-1`` the column player's.
    Different labels may reach different equilibria; none is guaranteed to reach all of them.
    """
    require_players(game, "lemke-howson", 2)
    A, B = bimatrix(game)
    m, n = A.shape
    label = initial_dropped_label
    if isinstance(label, str) and label.strip().isdigit():
        label = int(label)
    if isinstance(label, bool) or not isinstance(label, Integral) or not 0 <= label < m + n:
        raise InputError(f"initial_dropped_label must be a whole number from 0 to {m + n - 1} (a strategy's "
                         f"position, rows first), got {initial_dropped_label!r}", key="-O initial_dropped_label")
    label = int(label)
    exact = game.is_exact
    if exact:
        lowA, lowB = min(A.ravel()), min(B.ravel())
        Ap = [[v - lowA + 1 for v in row] for row in A]
        Bp = [[v - lowB + 1 for v in row] for row in B]
        dA = lcm(*(v.denominator for row in Ap for v in row))
        dB = lcm(*(v.denominator for row in Bp for v in row))
        Ap = [[int(v * dA) for v in row] for row in Ap]
        Bp = [[int(v * dB) for v in row] for row in Bp]
        BT = [list(col) for col in zip(*Bp)]
    else:
        Af = np.asarray(A, float)
        Bf = np.asarray(B, float)

        Ap = unit_scale(Af).tolist()
        BT = unit_scale(Bf).T.tolist()
    # P tableau (n rows): B^T x + s = 1; columns x (labels 0..m-1), s (labels m..m+n-1)
    tp = _Tableau(BT, list(range(m)) + [m + j for j in range(n)], exact)
    # Q tableau (m rows): A y + r = 1; columns y (labels m..m+n-1), r (labels 0..m-1)
    tq = _Tableau(Ap, [m + j for j in range(n)] + list(range(m)), exact)

    def column_of(tab: _Tableau, lab: int) -> int:
        return tab.labels.index(lab)

    entering = label
    tab = tp if label < m else tq
    steps = 0
    while True:
        steps += 1
        leaving_col = tab.pivot_in(column_of(tab, entering))
        left = tab.labels[leaving_col]
        if left == label:
            break
        entering = left
        tab = tq if tab is tp else tp
        if steps > 100000:
            raise ArithmeticError("Lemke-Howson did not terminate")
    x = tp.values()
    y = tq.values()
    sx, sy = sum(x), sum(y)
    profile = ([v / sx for v in x], [v / sy for v in y])
    notes = [f"Lemke-Howson from dropped label {label} "
             f"({_label_name(game, label)}): {steps} pivots, "
             f"{'exact integer' if exact else 'float'} arithmetic"]
    return finish(game, "lemke-howson", {"initial_dropped_label": label, **options}, [profile], notes)


def _label_name(game: NormalFormGame, label: int) -> str:
    m = game.shape[0]
    if label < m:
        return f"{game.players[0]}: {game.strategies[0][label]}"
    return f"{game.players[1]}: {game.strategies[1][label - m]}"
