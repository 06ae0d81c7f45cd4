"""The vertices of simple best-response polytopes by their labels: a vectorised double description.

Source: Motzkin, Raiffa, Thompson and Thrall, "The double description method" (1953); Fukuda
and Prodon, "Double description method revisited" (1996), whose combinatorial adjacency test
is used here in the form it takes for *simple* cones.

A polytope ``{z >= 0, M^T z <= 1}`` (``M`` positive, ``d - 1`` rows) is homogenised to the
pointed cone ``{(z, t) : z >= 0, t >= 0, t - M^T z >= 0}`` in ``R^d``. Start from the
simplicial cone of ``z >= 0`` and the first constraint ``t >= (M^T z)_0`` (which makes
``t >= 0`` redundant, as ``M`` is positive): its extreme rays are ``(0, 1)`` and
``(e_i, M_i0)``, known without computing. Then add the other constraints
``t - (M^T z)_j >= 0`` one at a time. Every extreme ray is kept with its *zero set*: the
constraints tight on it, as a bitmask.

In a simple cone every extreme ray is tight on exactly ``d - 1`` constraints, and the
two-dimensional faces (edges, here) are the sets of ``d - 2`` constraints tight on two
adjacent rays; each edge joins exactly two extreme rays. Adding constraint ``c``:

* rays on its negative side go, with the edges between two of them;
* an edge from a kept ray ``p`` to a removed ray ``q`` gets a new ray where it crosses the
  hyperplane, tight on the edge's constraints and ``c``; the edge now ends there;
* new rays are joined by new edges, all tight on ``c``: dropping one of the other constraints
  of a new ray gives an edge key, and each such key is shared by exactly two new rays, found
  by one sort. No pairwise adjacency test and no look at the rays that stay.

Anything that breaks simplicity (a ray on the new hyperplane to within the tolerance, an edge
key not shared by exactly two new rays) returns None; the caller then takes a path that handles
degenerate games. Only labels leave this module: the caller solves for the points it needs from
them, so rounding in the rays never reaches an answer.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from convenience.budget import unlimited

#: The float double description charges one unit of work per this many ray coordinates read
#: or written: the default budget lasts a few seconds and a few hundred megabytes.
COORDINATES_PER_UNIT = 10

#: Bits kept for a key's position when keys are sorted packed with their positions.
INDEX_BITS = 24
_SHIFT, _LOW = np.uint64(INDEX_BITS), np.uint64((1 << INDEX_BITS) - 1)


def vertex_zero_sets(M: np.ndarray, tol: float = 1e-9, spend=None):
    """Zero sets of the nonzero vertices of ``{z >= 0, M^T z <= 1}``, or None.

    ``M`` is ``k x l`` with entries in ``[1, 2]`` (the tolerance assumes this scale). Returns
    a ``uint64`` array with one bitmask per vertex: bit ``i < k`` when ``z_i = 0`` and bit
    ``k + 1 + j`` when ``(M^T z)_j = 1``. None when the polytope is not simple (within
    ``tol``) or has more constraints than a mask holds. Each constraint added charges the work
    budget ``spend`` (unlimited when None) one unit per :data:`COORDINATES_PER_UNIT` coordinates
    of the rays it reads and of the new rays it makes, before it makes them.
    """
    k, n = M.shape
    d = k + 1
    if k < 1 or d + n > 64:
        return None
    M = np.asarray(M, dtype=float)
    rays = np.zeros((d, d))  # (e_i, M_i0) leaves z_i >= 0; (0, 1) leaves the first constraint
    rays[np.arange(k), np.arange(k)] = 1.0
    rays[:k, k] = M[:, 0]
    rays[k, k] = 1.0
    rays /= rays.sum(axis=1, keepdims=True)
    leaves = np.arange(d)
    leaves[k] = d  # constraint j is number d + j; t >= 0 (number k) is never tight
    cone = _Cone(d, d + n, rays, leaves)
    steps = np.empty((n, d))  # constraint j: -M[:, j] . z + t >= 0
    steps[:, :k] = -M.T
    steps[:, k] = 1.0
    cone.spend = unlimited() if spend is None else spend
    for j in range(1, n):
        cone.progress = (f"{j} of {n} inequalities of the best-response polytope added, {len(cone.alive)} "
                         "vertices so far; no equilibrium is known before the polytope is complete")
        following = steps[j + 1] if j == n - 2 else None
        if not cone.add(steps[j], d + j, tol, last=j == n - 1, following=following):
            return None
    zeros = cone.final()
    origin = np.uint64((1 << k) - 1)  # the ray (0, ..., 0, 1): every z_i = 0
    return zeros[(zeros & origin) != origin]  # z != 0


def simple_polytope_labels(M: np.ndarray, tol: float = 1e-9, spend=None):
    """``(support, best)`` of every nonzero vertex of ``{x >= 0, M^T x <= 1}`` as bitmasks, or
    None.

    ``M`` is ``m x n`` with entries in ``[1, 2]``. Bit ``i`` of ``support[v]`` when ``x_i > 0``
    and bit ``j`` of ``best[v]`` when ``(M^T x)_j = 1`` at vertex ``v`` (``int64`` arrays); None
    when the polytope is not simple.
    """
    found = vertex_zero_sets(M, tol, spend)
    if found is None:
        return None
    m, n = M.shape
    found = found.astype(np.int64)  # at most 63 bits are used
    return ~found & ((1 << m) - 1), found >> (m + 1) & ((1 << n) - 1)


class _Cone:
    """A simple pointed cone in ``R^d`` by its extreme rays, their zero sets and its edges.

    Rays and edges live in buffers that only grow, and are never moved: ray ``r`` has
    coordinates ``rays[r]`` (all >= 0, sum one), zero set ``ray_zeros[r]`` and ``d - 1`` slots:
    ``ray_edges[r, s]`` is the edge on which ray ``r`` leaves its tight constraint
    ``ray_slots[r, s]``. Edge ``e`` is tight on the constraints in ``edge_key[e]`` and joins
    two rays whose ids add up to ``edge_sum[e]`` (so either end gives the other). ``alive``
    lists the current extreme rays.
    """

    def __init__(self, d: int, constraints: int, rays: np.ndarray, leaves: np.ndarray):
        """The simplicial cone whose extreme ray ``rays[a]`` is tight on every constraint in
        ``leaves`` but ``leaves[a]``; any two of its rays are joined by an edge."""
        self.d = d
        self.bits = np.uint64(1) << np.arange(constraints, dtype=np.uint64)
        first, second, edge_ids, others = _simplex_template(d)
        own = self.bits[leaves]
        full = own.sum(dtype=np.uint64)
        self.rays = _with_capacity(rays, 4096)
        self.ray_zeros = _with_capacity(full ^ own, 4096)
        self.ray_edges = _with_capacity(edge_ids, 4096)
        self.ray_slots = _with_capacity(leaves[others], 4096)
        self.edge_sum = _with_capacity(first + second, 2048 * d)
        self.edge_key = _with_capacity(full ^ own[first] ^ own[second], 2048 * d)
        self.n_rays, self.n_edges = d, len(first)
        self.alive = np.arange(d)
        self._final: np.ndarray | None = None  # zero sets of the last step, whose rays are not computed
        self._next_signs: np.ndarray | None = None  # a . r for the last constraint, when its rays are skipped
        self.spend = unlimited()  # the work budget each step charges
        self.progress = ""  # what the budget's message says was done

    def final(self) -> np.ndarray:
        """Zero sets of the current extreme rays."""
        return self.ray_zeros[self.alive] if self._final is None else self._final

    def add(self, a: np.ndarray, index: int, tol: float, last: bool = False,
            following: np.ndarray | None = None) -> bool:
        """Intersect with ``{z : a . z >= 0}`` (constraint ``index``).

        False when the cone is not simple. With ``last``, only the zero sets are updated. With
        ``following`` (the last constraint), the new rays' coordinates are not stored: only
        their values under ``following``, interpolated along their edges, which is all the last
        step needs.
        """
        d, n_rays, alive = self.d, self.n_rays, self.alive
        s = self.rays[:n_rays] @ a if self._next_signs is None else self._next_signs
        s_alive = s[alive]
        if np.abs(s_alive).min() <= 2.0 * tol:  # |a| <= 2 entrywise, rays of sum one
            return False  # a ray on the new hyperplane: not simple at this tolerance
        cut = s_alive < 0
        neg = alive[cut]
        if not neg.size:
            if last:
                self._final = self.final()
            return True
        kept = alive[~cut]
        edges = self.ray_edges[neg].ravel()
        q = np.repeat(neg, d - 1)
        p = self.edge_sum[edges] - q
        crossing = np.flatnonzero(s[p] > 0)  # edges between two cut rays go with them
        edges, p, q = edges[crossing], p[crossing], q[crossing]
        new_zeros = self.edge_key[edges] | self.bits[index]
        if last:
            self._final = np.concatenate([self.ray_zeros[kept], new_zeros])
            return True
        count = len(edges)
        self.spend.charge(1 + (n_rays + count) * d // COORDINATES_PER_UNIT, found=[self.progress])
        end = n_rays + count
        self._reserve(end, self.n_edges + count * (d - 2) // 2)
        sp, sq = s[p], s[q]
        share = sp / (sp - sq)  # where the edge crosses the hyperplane, from p towards q
        if following is None:
            rp = self.rays[p]
            fresh = self.rays[n_rays:end]  # on the edge, sum one
            np.multiply(share[:, None], self.rays[q] - rp, out=fresh)
            fresh += rp
        else:
            t = self.rays[:n_rays] @ following
            self._next_signs = np.concatenate([t, t[p] + share * (t[q] - t[p])])
        # a new ray is tight on q's constraints but the one q leaves along the edge, and on
        # the new constraint, whose slot holds the crossing edge (back towards p)
        left = np.arange(0, count * (d - 1), d - 1) + crossing % (d - 1)
        slots = self.ray_slots[n_rays:end]
        slots[:] = self.ray_slots[q]
        slots.ravel()[left] = index
        if not self._join_new_rays(new_zeros, n_rays, slots, left, edges):
            return False
        self.edge_sum[edges] += np.arange(n_rays, end) - q  # the edge now ends at the new ray
        self.ray_zeros[n_rays:end] = new_zeros
        self.n_rays = end
        self.alive = np.concatenate([kept, np.arange(n_rays, end)])
        return True

    def _join_new_rays(self, new_zeros, first_id, slots, left, crossing_edges) -> bool:
        """Record the edges among the new rays (ids from ``first_id``) and every new ray's
        edges by slot; False if the cone is not simple.

        Dropping a slot's constraint from a new ray's zero set gives the key of the edge on
        which the ray leaves it. For the new constraint that is the crossing edge (flat
        positions ``left``); every other key must be shared by exactly two new rays.
        """
        d, count = self.d, len(new_zeros)
        keys = (new_zeros[:, None] ^ self.bits[slots]).ravel()
        keys[left] = 0  # the crossing edges are known: sort them out of the way, first
        if len(self.bits) + INDEX_BITS <= 64 and keys.size < 1 << INDEX_BITS:
            # keys with their positions in the low bits: a plain sort, faster than argsort
            packed = np.sort((keys << _SHIFT) | np.arange(keys.size, dtype=np.uint64))[count:]
            keys, order = packed >> _SHIFT, (packed & _LOW).astype(np.intp)
        else:
            order = np.argsort(keys)[count:]
            keys = keys[order]
        a, b = keys[0::2], keys[1::2]
        if keys.size % 2 or (a != b).any() or (b[:-1] == a[1:]).any():
            return False
        first, second = order[0::2], order[1::2]
        start, stop = self.n_edges, self.n_edges + a.size
        self.edge_key[start:stop] = a
        self.edge_sum[start:stop] = first // (d - 1) + second // (d - 1) + 2 * first_id
        ray_edges = self.ray_edges[first_id:first_id + count].reshape(-1)
        ids = np.arange(start, stop)
        ray_edges[first] = ids
        ray_edges[second] = ids
        ray_edges[left] = crossing_edges
        self.n_edges = stop
        return True

    def _reserve(self, rays: int, edges: int) -> None:
        """Room for ``rays`` rays and ``edges`` edges (capacities doubled when short)."""
        if rays > len(self.rays):
            for name in ("rays", "ray_zeros", "ray_edges", "ray_slots"):
                setattr(self, name, _with_capacity(getattr(self, name), 2 * rays))
        if edges > len(self.edge_key):
            for name in ("edge_sum", "edge_key"):
                setattr(self, name, _with_capacity(getattr(self, name), 2 * edges))


@cache
def _simplex_template(d: int):
    """The combinatorics of a simplicial cone with ``d`` rays: edge ``e`` joins rays
    ``first[e] < second[e]``; ray ``a``'s slot ``s`` is its edge ``edge_ids[a, s]`` to ray
    ``others[a, s]`` (every ray but ``a``, in order)."""
    first, second = np.triu_indices(d, 1)
    not_self = ~np.eye(d, dtype=bool)
    ids = np.zeros((d, d), dtype=np.intp)
    ids[first, second] = ids[second, first] = np.arange(len(first))
    out = (first, second, ids[not_self].reshape(d, d - 1), np.nonzero(not_self)[1].reshape(d, d - 1))
    for array in out:
        array.flags.writeable = False
    return out


def _with_capacity(array: np.ndarray, rows: int) -> np.ndarray:
    """A buffer of at least ``rows`` rows that starts with ``array``."""
    buffer = np.empty((max(rows, len(array)), *array.shape[1:]), dtype=array.dtype)
    buffer[:len(array)] = array
    return buffer
