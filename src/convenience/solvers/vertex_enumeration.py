"""Vertex enumeration: all extreme equilibria of a two-player game from the vertices of the
best-response polytopes.

Source: von Stengel, "Computing equilibria for two-person games", *Handbook of Game Theory* 3
(2002), section 3.1 and algorithm 3.4; Avis, Rosenberg, Savani and von Stengel, "Enumeration
of Nash equilibria for two-player games", *Economic Theory* 42 (2010) (``lrsnash``).

With payoffs shifted to be positive, the best-response polytopes are

    P = {x in R^m : x >= 0, B^T x <= 1}        Q = {y in R^n : y >= 0, A y <= 1}.

A point has label ``i`` (a row) when ``x_i = 0`` or ``(A y)_i = 1``, and label ``m + j``
(a column) when ``(B^T x)_j = 1`` or ``y_j = 0``. A pair of vertices ``(x, y) != (0, 0)`` is an
equilibrium (after normalising to sum one) exactly when together they carry every label.

Two paths:

* **float** (float games): the vertices come from Qhull (``scipy.spatial.HalfspaceIntersection``);
  each vertex's labels are one bitmask, and completely labelled pairs are found by looking up
  the complement mask of every vertex of ``P`` among the masks of ``Q`` (one sorted search in
  numpy). If a vertex carries more labels than its dimension the game is degenerate and the
  exact path takes over on the exactly equal fractions.
* **exact** (exact games, or degenerate float games): the double description method
  (Motzkin et al. 1953; Fukuda and Prodon 1996) on the homogenised cone
  ``{(x, t) : x >= 0, t >= 0, t - B^T x >= 0}`` in integer arithmetic, with the combinatorial
  adjacency test, so degenerate polytopes are handled exactly (no joggling). Labels are the
  exact zero sets, and every pair of vertices whose labels cover all labels is an extreme
  equilibrium; maximal Nash subsets are reported as components.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

import numpy as np

from convenience.normal_form import NormalFormGame
from convenience.results import SolveResult

from ._common import bimatrix, exact_copy, finish, float_tolerance


def vertex_enumeration(game: NormalFormGame, exact: bool | None = None, cross_check: bool = False,
                       **options) -> SolveResult:
    """All extreme equilibria of a two-player game by best-response-polytope vertices.

    ``exact``: None (default) uses the exact path for exact games and the Qhull path for
    float games; True forces exact arithmetic (on the fractions equal to the floats); False
    forces the float path (results still verified by regret).

    ``cross_check`` (float path): also run Lemke-Howson from every label; an equilibrium it
    reaches that Qhull's list lacks sends the game to the exact path. Independently, an even
    number of equilibria (impossible for a nondegenerate game) always triggers the exact path
    for games of at most 12 x 12, and a note otherwise.
    """
    from ._common import require_players

    require_players(game, "vertex-enumeration", 2)
    opts = dict(options)
    if exact is not None:
        opts["exact"] = exact
    use_exact = game.is_exact if exact is None else exact
    notes: list[str] = []
    if not use_exact:
        found = _float_path(game)
        if found is not None:
            profiles, nverts = found
            m, n = game.shape
            problem = _cross_check(game, profiles) if cross_check else None
            if problem is None and len(profiles) % 2 == 0:
                problem = (f"an even number ({len(profiles)}) of equilibria, impossible in a "
                           "nondegenerate game")
            if problem is None or m * n > 144:
                notes.append(f"Qhull path: {nverts[0]} + {nverts[1]} polytope vertices, labels "
                             f"within tolerance {float_tolerance(game):.3g}"
                             + (", cross-checked by Lemke-Howson from every label" if cross_check else ""))
                if problem is not None:
                    notes.append(f"{problem}: some equilibrium may be missing (try exact=True)")
                return finish(game, "vertex-enumeration", opts, profiles, notes)
            notes.append(f"Qhull path rejected ({problem}): solved exactly on the exactly equal "
                         "fractions")
        else:
            notes.append("float game is degenerate (a polytope vertex with more labels than its "
                         "dimension): solved exactly on the exactly equal fractions")
    return _exact_path(game, opts, notes)


# --------------------------------------------------------------------------- float path
def _cross_check(game: NormalFormGame, profiles) -> str | None:
    """None when every Lemke-Howson equilibrium is among ``profiles``, else a reason."""
    from .lemke_howson import lemke_howson

    tol = 1e-6
    for label in range(sum(game.shape)):
        found = lemke_howson(game, initial_dropped_label=label).equilibria
        for eq in found:
            if not any(all(np.abs(np.asarray(a, float) - b).max() <= tol for a, b in zip(eq.profile, p))
                       for p in profiles):
                return f"Lemke-Howson from label {label} found an equilibrium Qhull missed"
    return None


def _float_path(game: NormalFormGame):
    from scipy.spatial import HalfspaceIntersection

    A, B = bimatrix(game)
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    m, n = A.shape
    A = A - A.min() + 1.0
    B = B - B.min() + 1.0
    tol = 1e-9
    vx, mx = _polytope_vertices(B.T, HalfspaceIntersection, tol)  # P: labels x_i=0 -> i, (B^T x)_j=1 -> m+j
    vy, my = _polytope_vertices(A, HalfspaceIntersection, tol)    # Q: (A y)_i=1 -> i', y_j=0 -> j'
    if vx is None or vy is None:
        return None
    # relabel: P masks have bits [x zero (m) | B^T tight (n)] already in label order.
    # Q masks have bits [y zero (n) | A tight (m)]; swap to [A tight (m) | y zero (n)].
    my = ((my >> n) | ((my & ((1 << n) - 1)) << m))
    full = (1 << (m + n)) - 1
    if _any_over(mx, m) or _any_over(my, n):
        return None
    want = full ^ mx
    order = np.argsort(my, kind="stable")
    pos = np.searchsorted(my[order], want)
    pos = np.minimum(pos, len(order) - 1)
    hit = my[order][pos] == want
    ix = np.flatnonzero(hit)
    iy = order[pos[hit]]
    profiles = []
    for i, j in zip(ix, iy):
        x, y = vx[i], vy[j]
        profiles.append((x / x.sum(), y / y.sum()))
    return profiles, (len(vx), len(vy))


def _any_over(masks: np.ndarray, dim: int) -> bool:
    counts = np.bitwise_count(masks.astype(np.uint64)) if masks.size else masks
    return bool(masks.size and counts.max() > dim)


def _polytope_vertices(M: np.ndarray, HalfspaceIntersection, tol: float):
    """Nonzero vertices of {z >= 0, M z <= 1} and their label masks (zero bits, then tight bits)."""
    k, d = M.shape  # k inequalities M z <= 1 in dimension d
    if d == 1:
        # the segment [0, 1 / max M]
        z = np.array([[1.0 / M[:, 0].max()]])
        slack = 1.0 - M @ z[0]
        mask = np.array([sum(1 << (1 + r) for r in range(k) if abs(slack[r]) <= tol)], dtype=np.int64)
        return z, mask
    halfspaces = np.vstack([np.hstack([-np.eye(d), np.zeros((d, 1))]),
                            np.hstack([M, -np.ones((k, 1))])])
    interior = np.full(d, 0.5 / M.sum(axis=1).max())
    hs = HalfspaceIntersection(halfspaces, interior)
    pts = hs.intersections
    pts = pts[np.abs(pts).sum(axis=1) > tol]
    pts = np.unique(np.round(pts, 12), axis=0)
    slack = np.hstack([pts, 1.0 - pts @ M.T])
    tight = np.abs(slack) <= tol * np.maximum(1.0, np.abs(pts).max())
    if (slack < -1e-7).any():
        return None, None
    if d + k > 62:
        weights = np.array([1 << b for b in range(d + k)], dtype=object)
        masks = (tight.astype(object) * weights).sum(axis=1)
    else:
        weights = (1 << np.arange(d + k, dtype=np.int64))
        masks = tight.astype(np.int64) @ weights
    return pts, masks


# --------------------------------------------------------------------------- exact path
def _exact_path(game: NormalFormGame, options: dict, notes: list[str]) -> SolveResult:
    from .components import degeneracy_notes, nash_subsets

    work = exact_copy(game)
    A, B = bimatrix(work)
    m, n = A.shape
    xs = _best_response_vertices([[Fraction(v) for v in row] for row in B])  # over rows
    ys = _best_response_vertices([[Fraction(v) for v in row] for row in A.T])  # over columns
    from .support_enumeration import _match

    pairs = _match(xs, ys)
    profiles = [(xs[i][2], ys[j][2]) for i, j in pairs]
    if not game.is_exact:
        profiles = [(np.asarray(x, dtype=float), np.asarray(y, dtype=float)) for x, y in profiles]
    deg = degeneracy_notes(work, xs, ys)
    notes = list(notes) + ["exact path: double description in integer arithmetic"] + deg
    components = nash_subsets(game, xs, ys, pairs) if deg else ()
    return finish(game, "vertex-enumeration", options, profiles, notes, components)


def _best_response_vertices(M):
    """Extreme strategies of the player whose strategies index the rows of ``M``.

    ``M`` holds the opponent's payoffs. Returns ``(support_mask, best_response_mask, x)`` for
    every nonzero vertex ``x`` of ``{x >= 0, M^T x <= 1}`` (``M`` shifted positive), normalised
    to a mixed strategy: the same convention as support enumeration's candidates.
    """
    m, n = len(M), len(M[0])
    low = min(min(row) for row in M)
    shifted = [[v - low + 1 for v in row] for row in M]
    den = 1
    for row in shifted:
        for v in row:
            den = den * v.denominator // gcd(den, v.denominator)
    Mi = [[int(v * den) for v in row] for row in shifted]
    # cone in (x_0..x_{m-1}, t): constraints x_i >= 0 (index i), t >= 0 (index m),
    # den*t - sum_i Mi[i][j] x_i >= 0  (index m+1+j)  [M^T x <= 1 scaled]
    constraints = [[0] * i + [1] + [0] * (m - i) for i in range(m + 1)]
    constraints += [[-Mi[i][j] for i in range(m)] + [den] for j in range(n)]
    rays = _double_description(constraints, m + 1)
    out = []
    for ray, zeros in rays:
        t = ray[m]
        if t == 0 or not any(ray[:m]):
            continue
        total = sum(ray[:m])
        x = np.array([Fraction(v, total) for v in ray[:m]], dtype=object)
        support = 0
        for i in range(m):
            if ray[i]:
                support |= 1 << i
        best = 0
        for j in range(n):
            if zeros >> (m + 1 + j) & 1:
                best |= 1 << j
        out.append((support, best, x))
    return out


def _double_description(constraints: list[list[int]], d: int):
    """Extreme rays of the pointed cone ``{z : a . z >= 0 for every constraint a}``.

    The first ``d`` constraints must be the coordinate inequalities ``z_k >= 0`` (an initial
    simplicial cone with the unit vectors as rays). Each further constraint splits the rays
    into positive, zero and negative sets; a new ray is formed from each *adjacent* positive /
    negative pair (combinatorial test: no third ray is tight on all their common constraints,
    and they share at least ``d - 2``). Returns ``(ray, zero_set_bitmask)`` pairs, rays as
    primitive integer vectors.
    """
    rays = []
    for k in range(d):
        ray = [0] * d
        ray[k] = 1
        rays.append((ray, ((1 << d) - 1) ^ (1 << k)))
    for index in range(d, len(constraints)):
        a = constraints[index]
        bit = 1 << index
        pos, neg, zero = [], [], []
        for ray, z in rays:
            s = sum(ai * ri for ai, ri in zip(a, ray) if ai and ri)
            if s > 0:
                pos.append((ray, z, s))
            elif s < 0:
                neg.append((ray, z, s))
            else:
                zero.append((ray, z | bit))
        if not neg:
            rays = [(r, z) for r, z, _ in pos] + zero
            continue
        all_z = [z for _, z in rays]
        new = []
        for rp, zp, sp in pos:
            for rn, zn, sn in neg:
                common = zp & zn
                if bin(common).count("1") < d - 2:
                    continue
                adjacent = True
                for z in all_z:
                    if z & common == common and z != zp and z != zn:
                        adjacent = False
                        break
                if not adjacent:
                    continue
                ray = [sp * b - sn * c for b, c in zip(rn, rp)]
                g = 0
                for v in ray:
                    g = gcd(g, v)
                if g > 1:
                    ray = [v // g for v in ray]
                new.append((ray, common | bit))
        rays = [(r, z) for r, z, _ in pos] + zero + new
    return rays
