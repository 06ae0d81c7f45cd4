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

* **float** (float games), the scheme of ``lrsnash``: list the vertices of the smaller
  polytope only, by their labels. Polytopes of dimension ``DOUBLE_DESCRIPTION_FROM`` (2) or
  more go to a vectorised double description for simple polytopes
  (:mod:`._float_double_description`), which decides every sign with a margin and checks that
  every edge joins exactly two vertices; one-strategy players, or any polytope it finds not
  simple, go to Qhull
  (``scipy.spatial.HalfspaceIntersection``). For a vertex ``x`` with support ``S`` and best
  responses ``T`` (``|S| = |T|`` in a nondegenerate game) the only possible partner carries
  the complementary labels: ``y`` supported on ``T`` with ``A[S, T] y_T = 1``. These small
  systems are solved in numpy batches (one per support size) and kept when ``y > 0`` and
  ``A y <= 1``. A vertex with more best responses than its support size, a singular or nearly
  singular system, or a partner with extra labels means the game is degenerate and the exact
  path takes over on the exactly equal fractions.
* **exact** (exact games, or degenerate float games): the double description method
  (Motzkin et al. 1953; Fukuda and Prodon 1996) on the homogenised cone
  ``{(x, t) : x >= 0, t >= 0, t - B^T x >= 0}`` in integer arithmetic, with the combinatorial
  adjacency test, so degenerate polytopes are handled exactly (no joggling). Labels are the
  exact zero sets, and every pair of vertices whose labels cover all labels is an extreme
  equilibrium; maximal Nash subsets are reported as components.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from math import gcd

import numpy as np

from convenience.budget import RAISE_BUDGET, budget
from convenience.errors import Remedy, Setting
from convenience.normal_form import NormalFormGame
from convenience.results import SolveResult

from ._common import bimatrix, exact_copy, finish, unit_scale


def vertex_enumeration(game: NormalFormGame, exact: bool | None = None,
                       cross_check: bool | None = None, **options) -> SolveResult:
    """All extreme equilibria of a two-player game by best-response-polytope vertices.

    ``exact``: None (default) uses the exact path for exact games and the float path for
    float games; True forces exact arithmetic (on the fractions equal to the floats); False
    forces the float path (results still verified by regret).

    ``cross_check`` (float path): also run Lemke-Howson from every label; an equilibrium it
    reaches that the vertex list lacks sends the game to the exact path. Default: on when Qhull
    listed the vertices of a game of at most 64 cells, where it costs about a millisecond (the
    double description checks its own combinatorics instead). Independently, an even number
    of equilibria (impossible for a nondegenerate game) always triggers the exact path for
    games of at most 12 x 12, and a note otherwise.
    """
    from ._common import require_players

    require_players(game, "vertex-enumeration", 2)
    opts = dict(options)
    if exact is not None:
        opts["exact"] = exact
    if cross_check is not None:
        opts["cross_check"] = cross_check
    use_exact = game.is_exact if exact is None else exact
    notes: list[str] = []
    spend = budget("vertex enumeration (units: 10 pairs of rays tested in the exact double description, "
                   "10 ray coordinates in the float one)", remedies=VERTEX_REMEDIES)
    if not use_exact:
        found = None if _tied_pure_reply(game) else _float_path(game, spend=spend)
        if found is not None:
            profiles, nverts, lister = found
            m, n = game.shape
            if cross_check is None:  # Qhull can lose a vertex to rounding without a sign
                cross_check = lister == "Qhull" and m * n <= 64
            problem = _cross_check(game, profiles) if cross_check else None
            if problem is None and len(profiles) % 2 == 0:
                problem = (f"an even number ({len(profiles)}) of equilibria, impossible in a "
                           "nondegenerate game")
            if problem is None or m * n > 144:
                notes.append(f"float path: {nverts} vertices of the smaller best-response "
                             f"polytope listed by {lister}, labels decided to 1e-9 of the payoff range"
                             + (", cross-checked by Lemke-Howson from every label" if cross_check else ""))
                if problem is not None:
                    notes.append(f"{problem}: some equilibrium may be missing (try exact=True)")
                if game.is_exact:
                    profiles = [_exactify(game, p) for p in profiles]
                    notes.append("float solutions re-solved exactly on their supports")
                return finish(game, "vertex-enumeration", opts, profiles, notes)
            notes.append(f"float path rejected ({problem}): solved exactly on the exactly equal "
                         "fractions")
        elif min(game.shape) > QHULL_UP_TO and min(game.shape) + 1 + max(game.shape) > 64:
            notes.append(f"float path: a {min(game.shape)}-dimensional polytope with {max(game.shape)} "
                         "more inequalities is too large for the vectorised double description and for Qhull: "
                         "solved exactly on the exactly equal fractions")
        else:
            notes.append("float game is degenerate (a polytope vertex with more labels than its "
                         "dimension): solved exactly on the exactly equal fractions")
    return _exact_path(game, opts, notes, spend)


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
                return f"Lemke-Howson from label {label} found an equilibrium the vertex list missed"
    return None


#: Smallest polytope dimension (the smaller player's strategy count) listed by the vectorised
#: double description. Measured end to end against Qhull (``benchmarks/bench_double_description.py``,
#: figures in ``benchmarks/README.md``) it is faster at every size from 2 x 2 on, with or
#: without the Lemke-Howson cross-check that Qhull's list gets in games of at most 64 cells.
DOUBLE_DESCRIPTION_FROM = 2

#: A square system whose estimated condition number exceeds this is treated as singular.
SINGULAR_CONDITION = 1e11


#: Largest polytope dimension handed to Qhull, whose work cannot be charged to a budget while
#: it runs: a larger polytope that the double description cannot list goes to the exact path.
QHULL_UP_TO = 12


def _float_path(game: NormalFormGame, method: str | None = None, spend=None):
    """Equilibria from the vertices of one polytope (lrsnash's scheme), or None if degenerate.

    The vertices of the polytope of the player with fewer strategies are listed by their
    labels: by the vectorised double description for polytopes of dimension
    ``DOUBLE_DESCRIPTION_FROM`` or more, else (or when it finds the polytope not simple) by
    Qhull; ``method`` ``"dd"`` or ``"qhull"`` forces one. In a nondegenerate game a vertex
    ``x`` with support ``S`` has exactly ``|S|`` best responses ``T``, and its partner ``y``
    (if any) carries exactly the missing labels: it is supported on ``T`` and makes every row
    of ``S`` a best response, ``A[S, T] y_T = 1`` (see :func:`_partners`). Returns
    ``(profiles, number of vertices, lister)``, ``lister`` naming the method that listed them.
    """
    A, B = bimatrix(game)
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    swap = A.shape[0] > A.shape[1]
    if swap:  # enumerate the smaller polytope: play the game with the roles exchanged
        A, B = B.T, A.T
    A = unit_scale(A)
    B = unit_scale(B)
    tol = 1e-9
    labels = None
    if method != "qhull" and (method == "dd" or A.shape[0] >= DOUBLE_DESCRIPTION_FROM):
        from ._float_double_description import simple_polytope_labels

        labels = simple_polytope_labels(B, tol, spend)  # as bitmasks, like _label_bits
    lister = "double description"
    if labels is None:
        if A.shape[0] > QHULL_UP_TO:
            return None
        from scipy.spatial import HalfspaceIntersection

        lister = "Qhull"
        vx, _ = _polytope_vertices(B.T, HalfspaceIntersection, tol)
        if vx is None:
            return None
        support = vx > tol
        best = np.abs(1.0 - vx @ B) <= tol * max(1.0, float(np.abs(vx).max()))
        if (best.sum(axis=1) != support.sum(axis=1)).any():
            return None  # a vertex with more (or, to the tolerance, fewer) labels: degenerate
        labels = _label_bits(support, best)
    profiles = _partners(A, B, labels[0], labels[1], tol)
    if profiles is None:
        return None
    if swap:
        profiles = [(y, x) for x, y in profiles]
    return profiles, len(labels[0]), lister


def _tied_pure_reply(game: NormalFormGame) -> bool:
    """Whether a pure strategy of the player whose polytope the float path lists (the one with
    fewer strategies, the rows on a tie) has two or more best replies of exactly equal payoff.

    That pure strategy is then a vertex of the polytope with more labels than its dimension,
    which the float path finds and rejects as degenerate: the game goes to the exact path, and
    this test sends it there at once (signalling games, whose receiver is indifferent off the
    path, meet it at every point)."""
    if min(game.shape) > QHULL_UP_TO:
        return False  # the float path has its own verdict on polytopes this large
    A, B = bimatrix(game)
    replies = np.asarray(B if A.shape[0] <= A.shape[1] else np.asarray(A).T, dtype=float)
    top = replies.max(axis=1, keepdims=True)
    return bool(((replies == top).sum(axis=1) > 1).any())


def _partners(A: np.ndarray, B: np.ndarray, support: np.ndarray, best: np.ndarray, tol: float):
    """The equilibria ``(x, y)`` among vertices of ``P`` given by labels, or None if degenerate.

    Entry ``v`` of ``support``/``best`` (bitmasks, :func:`_label_bits`) is a vertex ``x`` of
    ``P`` with support ``S`` and best responses ``T`` (``|S| = |T| = k``). Its partner solves
    ``A[S, T] y_T = 1`` and is kept when ``y_T >= 0`` and ``A y <= 1``; then ``x`` itself
    solves ``B[S, T]^T x_S = 1``. The systems of one size ``k`` are solved in one numpy batch
    (padding them all to one size would cost more in the solver than it saves in calls);
    everything else is one pass over all vertices.
    A singular system, or a feasible partner with a zero on ``T`` or a tight row outside ``S``
    (more labels than its dimension), means the game is degenerate.
    """
    m, n = A.shape
    hopeless = _beaten_rows(A, support, best, tol)
    if hopeless is not None:
        support, best = support[~hopeless], best[~hopeless]
    S, T = _index_rows(support, m), _index_rows(best, n)[:, :m]
    inner = S < m
    sizes = inner.sum(axis=1)
    order = np.argsort(sizes, kind="stable")  # the systems of one size: a block of rows
    S, T, inner, sizes = S[order], T[order], inner[order], sizes[order]
    yT = np.zeros(S.shape)  # y on T, zero on the padding
    A_pad = _zero_border(A)  # the padding indices m and n pick zeros
    bounds = np.searchsorted(sizes, np.arange(1, m + 2))
    for k in range(1, m + 1):
        start, stop = bounds[k - 1], bounds[k]
        if start == stop:
            continue
        mats = np.take(A_pad, S[start:stop, :k, None] * (n + 1) + T[start:stop, None, :k])
        try:  # right-hand sides: the ones, and a fixed probe for the condition estimate
            sol = np.linalg.solve(mats, np.broadcast_to(_probe_rhs(k), (stop - start, k, 2)))
        except np.linalg.LinAlgError:
            return None  # a singular system: degenerate
        if np.abs(sol[..., 1]).max() > SINGULAR_CONDITION / (2.0 * k):
            return None  # a nearly singular system (condition estimate above 1e11): degenerate
        yT[start:stop, :k] = sol[..., 0]
    candidate = np.flatnonzero(np.where(inner, yT, np.inf).min(axis=1) >= -tol)
    S, T, inner, sizes, yT = S[candidate], T[candidate], inner[candidate], sizes[candidate], yT[candidate]
    Y = np.zeros((len(S), n + 1))
    np.put_along_axis(Y, T, yT, axis=1)  # padding lands in the extra column n
    Y = Y[:, :n]
    values = Y @ A.T
    feasible = values.max(axis=1) <= 1.0 + tol
    # a partner with a zero on T, or with more tight rows than |S|, has extra labels
    extra = ((np.abs(yT) <= tol) & inner).any(axis=1) | ((np.abs(values - 1.0) <= tol).sum(axis=1) > sizes)
    if (feasible & extra).any():
        return None  # degenerate
    S, T, inner, Y = S[feasible], T[feasible], inner[feasible], Y[feasible]
    if not len(S):
        return []
    # the few equilibria: B[S, T]^T x_S = 1 in one batch, padded with an identity block
    mats = np.take(_zero_border(B), T[:, :, None] + S[:, None, :] * (n + 1))  # B[S, T]^T
    mats += np.eye(m) * ~inner[:, :, None]
    xS = np.linalg.solve(mats, inner[..., None].astype(float))[..., 0]
    X = np.zeros((len(S), m + 1))
    np.put_along_axis(X, S, xS, axis=1)
    X = X[:, :m]
    X /= X.sum(axis=1, keepdims=True)
    Y /= Y.sum(axis=1, keepdims=True)
    return list(zip(X, Y))


def _zero_border(M: np.ndarray) -> np.ndarray:
    """``M`` with a row and a column of zeros added, which the padding indices pick."""
    out = np.zeros((M.shape[0] + 1, M.shape[1] + 1))
    out[:-1, :-1] = M
    return out


#: Widest bitmask for which :func:`_index_rows` reads a table of every mask's indices.
INDEX_TABLE_UP_TO = 16


def _index_rows(bits: np.ndarray, width: int) -> np.ndarray:
    """The set bits of each mask as a row of ``width`` indices: in increasing order, then
    ``width`` (a padding index) in the remaining places."""
    if width <= INDEX_TABLE_UP_TO:
        return _index_table(width)[bits].astype(np.intp)
    mask = _unpack(bits, width)
    out = np.full(mask.shape, width)
    rows, cols = np.nonzero(mask)
    out[rows, np.cumsum(mask, axis=1)[rows, cols] - 1] = cols
    return out


@cache
def _index_table(width: int) -> np.ndarray:
    """Row ``b``: the set bits of ``b`` as :func:`_index_rows` lists them (``2^width`` rows)."""
    mask = _unpack(np.arange(1 << width), width)
    table = np.argsort(~mask, axis=1, kind="stable").astype(np.int16)
    table[~np.take_along_axis(mask, table.astype(np.intp), axis=1)] = width
    table.flags.writeable = False
    return table


#: Largest opponent strategy count for which :func:`_beaten_rows` tabulates every set ``T``.
BEATEN_TABLE_UP_TO = 16


def _beaten_rows(A: np.ndarray, support: np.ndarray, best: np.ndarray, tol: float):
    """Vertices that cannot have a partner, as a boolean mask (None when not tabulated).

    ``support`` and ``best`` are the vertices' ``S`` and ``T`` as bitmasks (:func:`_label_bits`).
    If another row beats a row ``i`` of ``S`` by more than ``2 tol`` in every column of ``T``,
    every ``y >= 0`` supported on ``T`` pays that row more than ``i``, so ``i`` is never a best
    response and the vertex has no partner, degenerate or not: its system need not be solved.
    Row ``i`` is beaten on ``T`` when ``T`` is a subset of the columns where some other row
    beats it. A table gives, for every set of columns, the rows beaten on it as a bitmask; it
    is closed under subsets one column at a time (``n`` passes over ``2^n`` entries).
    """
    m, n = A.shape
    if n > BEATEN_TABLE_UP_TO:
        return None
    beats = (A[None, :, :] > A[:, None, :] + 2.0 * tol) @ (1 << np.arange(n))  # [i, k]: k beats i
    beaten = np.zeros(1 << n, dtype=np.int64)
    np.bitwise_or.at(beaten, beats.ravel(), np.repeat(1 << np.arange(m), m))
    for b in range(n):  # a subset of a set of columns inherits its beaten rows
        halves = beaten.reshape(-1, 2, 1 << b)  # axis 1: column b out of, or in, the set
        halves[:, 0, :] |= halves[:, 1, :]
    return (beaten[best] & support) != 0


def _label_bits(support: np.ndarray, best: np.ndarray):
    """Boolean label rows (``support[v, i]``: ``x_i > 0``; ``best[v, j]``: column ``j`` a best
    response) as ``int64`` bitmasks, bit ``i`` for row ``i`` and bit ``j`` for column ``j``."""
    return (support @ (1 << np.arange(support.shape[1])), best @ (1 << np.arange(best.shape[1])))


def _unpack(bits: np.ndarray, width: int) -> np.ndarray:
    """Bitmasks as boolean rows of ``width`` entries: the inverse of :func:`_label_bits`."""
    return (bits[:, None] >> np.arange(width) & 1).astype(bool)


@cache
def _probe_rhs(k: int) -> np.ndarray:
    """The ``k x 2`` right-hand side ``[1, r]`` of the partner systems.

    ``r`` is a fixed vector with entries of size one and mixed signs; ``|M^-1 r|`` times
    ``|M|`` (at most ``2k`` for entries in ``[1, 2]``) bounds the condition number of ``M`` from
    below, so a nearly singular ``M`` shows a huge solution. This costs no second
    factorisation, unlike a determinant.
    """
    rhs = np.empty((k, 2))
    rhs[:, 0] = 1.0
    rhs[:, 1] = np.cos(2.399963 * np.arange(1, k + 1))  # golden-angle steps: no pattern
    rhs.flags.writeable = False
    return rhs


def _exactify(game: NormalFormGame, profile):
    """The exact equilibrium behind a float one: each player's strategy re-solved in fractions
    from its support and the indifference of the opponent over the opponent's support."""
    from .exact_linalg import solve_exact

    A, B = game.payoffs[0], game.payoffs[1]
    x, y = (np.asarray(v, dtype=float) for v in profile)
    out = []
    for own, other, M in ((x, y, B), (y, x, A.T)):
        S = [i for i in range(len(own)) if own[i] > 1e-9]
        T = [j for j in range(len(other)) if other[j] > 1e-9]
        rows = [[M[i, j] for i in S] + [Fraction(-1)] for j in T] + [[Fraction(1)] * len(S) + [Fraction(0)]]
        sol = solve_exact(rows, [Fraction(0)] * len(T) + [Fraction(1)])
        z = [Fraction(0)] * len(own)
        if sol is None:  # not unique: a rational guess, still verified exactly
            z = [Fraction(float(v)).limit_denominator(10**9) for v in own]
            z = [v / sum(z) for v in z]
        else:
            for i, v in zip(S, sol[:-1]):
                z[i] = v
        out.append(z)
    return tuple(out)


def _polytope_vertices(M: np.ndarray, HalfspaceIntersection, tol: float):
    """Nonzero vertices of ``{z >= 0, M z <= 1}`` (rows), or ``(None, None)`` if Qhull erred."""
    k, d = M.shape  # k inequalities M z <= 1 in dimension d
    if d == 1:
        return np.array([[1.0 / M[:, 0].max()]]), None
    halfspaces = np.vstack([np.hstack([-np.eye(d), np.zeros((d, 1))]),
                            np.hstack([M, -np.ones((k, 1))])])
    interior = np.full(d, 0.5 / M.sum(axis=1).max())
    try:
        hs = HalfspaceIntersection(halfspaces, interior)
    except Exception:  # Qhull precision trouble: let the exact path decide
        return None, None
    pts = hs.intersections
    pts = pts[np.abs(pts).sum(axis=1) > tol]
    pts = np.where(np.abs(pts) <= tol, 0.0, pts)
    if (pts < 0).any() or (pts @ M.T > 1.0 + 1e-7).any():
        return None, None
    return pts, None


# --------------------------------------------------------------------------- exact path
def _exact_path(game: NormalFormGame, options: dict, notes: list[str], spend=None) -> SolveResult:
    from .components import degeneracy_notes, nash_subsets

    work = exact_copy(game)
    A, B = bimatrix(work)
    m, n = A.shape
    xs = _best_response_vertices([[Fraction(v) for v in row] for row in B], spend,
                                 game.players[0])  # over rows
    ys = _best_response_vertices([[Fraction(v) for v in row] for row in A.T], spend,
                                 game.players[1])  # over columns
    from .support_enumeration import match_supports

    pairs = match_supports(xs, ys)
    profiles = [(xs[i][2], ys[j][2]) for i, j in pairs]
    if not game.is_exact:
        profiles = [(np.asarray(x, dtype=float), np.asarray(y, dtype=float)) for x, y in profiles]
    deg = degeneracy_notes(work, xs, ys)
    notes = list(notes) + ["exact path: double description in integer arithmetic"] + deg
    components = nash_subsets(game, xs, ys, pairs) if deg else ()
    return finish(game, "vertex-enumeration", options, profiles, notes, components)


#: Pairs of rays tested in the exact double description per unit of work: the default budget
#: lasts a few seconds (a random 12 x 12 game with small whole payoffs needs about 780,000 units).
PAIRS_PER_UNIT = 10

#: How to go further when vertex enumeration spends its work budget.
VERTEX_REMEDIES = (Remedy("find one equilibrium with {}", Setting("method", "lemke-howson")),
                   Remedy("try the float path ({})", Setting("float")), RAISE_BUDGET, "analyse a smaller game")


def _best_response_vertices(M, spend=None, player: str = "the player"):
    """Extreme strategies of the player whose strategies index the rows of ``M``.

    ``M`` holds the opponent's payoffs. Returns ``(support_mask, best_response_mask, x)`` for
    every nonzero vertex ``x`` of ``{x >= 0, M^T x <= 1}`` (``M`` shifted positive), normalised
    to a mixed strategy: the same convention as support enumeration's candidates. The double
    description charges the work budget ``spend`` (unlimited when None).
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
    rays = _double_description(constraints, m + 1, spend, f"{player}'s best-response polytope")
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


def _double_description(constraints: list[list[int]], d: int, spend=None, polytope: str = "the polytope"):
    """Extreme rays of the pointed cone ``{z : a . z >= 0 for every constraint a}``.

    The first ``d`` constraints must be the coordinate inequalities ``z_k >= 0`` (an initial
    simplicial cone with the unit vectors as rays). Each further constraint splits the rays
    into positive, zero and negative sets; a new ray is formed from each *adjacent* positive /
    negative pair (combinatorial test: no third ray is tight on all their common constraints,
    and they share at least ``d - 2``). Returns ``(ray, zero_set_bitmask)`` pairs, rays as
    primitive integer vectors. The work budget ``spend`` (unlimited when None) is charged one unit
    per :data:`PAIRS_PER_UNIT` pairs of rays tested (a positive with a negative ray, or, in an
    adjacency test, a third ray compared with a pair, 10 of which count as one pair).
    """
    from convenience.budget import unlimited

    spend = unlimited() if spend is None else spend
    pairs = 0  # tested and not yet charged
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
        new: list = []

        def progress(index=index, rays=rays, new=new) -> list[str]:
            return [f"{polytope}: {index - d} of {len(constraints) - d} inequalities added, "
                    f"{len(rays) + len(new)} extreme rays so far; no equilibrium is known before both "
                    "polytopes are complete"]

        for rp, zp, sp in pos:
            compared = 0
            for rn, zn, sn in neg:
                common = zp & zn
                if bin(common).count("1") < d - 2:
                    continue
                adjacent = True
                for z in all_z:
                    compared += 1
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
            pairs += len(neg) + compared // 10
            if pairs >= PAIRS_PER_UNIT:
                spend.charge(pairs // PAIRS_PER_UNIT, found=progress)
                pairs %= PAIRS_PER_UNIT
        rays = [(r, z) for r, z, _ in pos] + zero + new
    return rays
