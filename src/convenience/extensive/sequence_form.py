"""The sequence form of a two-player tree and one equilibrium by Lemke's algorithm.

Koller, Megiddo and von Stengel (1996). A player's **sequences** are the empty sequence and
every (information set, action) pair of its own; a **realization plan** ``x`` gives each
sequence the probability that the player's own moves follow it, with ``E x = e`` (the root
has weight one and each information set passes its parent's weight on to its actions).
Payoffs become matrices over sequence pairs, ``A[s1, s2] = sum of chance(z) * u1(z)`` over
terminals ``z`` reached by ``s1`` and ``s2``. The game has size linear in the tree, where the
reduced normal form can be exponential.

An equilibrium solves the LCP (with costs ``K - u`` strictly positive at terminals, so that
``E x >= e`` may stand for ``E x = e``)::

    w_x = C1 y - E'p >= 0,  w_y = C2'x - F'q >= 0,  E x - e >= 0,  F y - f >= 0,
    all complementary to x, y, p, q >= 0,

solved by :func:`convenience.extensive.lemke.lemke`. The plans are turned into behaviour
strategies (``x[s a] / sum_b x[s b]``) and verified by regret like every equilibrium here.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from convenience.errors import InputError, Option
from convenience.extensive.behaviour import last_own_sequence, reach_products, uniform_strategy
from convenience.extensive.lemke import lemke
from convenience.extensive.tree import GameTree


@dataclass(frozen=True, eq=False)
class SequenceForm:
    """Constraint matrices ``E``, ``F`` and payoff matrices ``A``, ``B`` over sequences.

    ``sequences[i][k]`` is the flat action index of player ``i``'s sequence ``k`` (``-1``
    for the empty sequence).
    """

    tree: GameTree
    E: np.ndarray
    F: np.ndarray
    A: np.ndarray
    B: np.ndarray
    sequences: tuple[np.ndarray, np.ndarray]
    infosets: tuple[np.ndarray, np.ndarray]


def sequence_form(tree: GameTree) -> SequenceForm:
    """The sequence form of a two-player tree with perfect recall."""
    if tree.n_players != 2:
        raise InputError(f"the sequence form here is for two-player games; this one has {tree.n_players} players",
                         file=tree.file, key=Option("method"))
    tree.require_perfect_recall("sequence-form")
    dtype = object if tree.is_exact else float
    zero = tree.zero()
    seqs, sets, consts, index_of = [], [], [], []
    last = [last_own_sequence(tree, i) for i in range(2)]
    for i in range(2):
        hs = np.flatnonzero(tree.infoset_player == i)
        flat = [-1] + [int(tree.action_offset[h]) + a for h in hs for a in range(int(tree.infoset_size[h]))]
        idx = {k: s for s, k in enumerate(flat)}
        E = np.zeros((1 + hs.size, len(flat)), dtype=dtype)
        if tree.is_exact:
            E[:] = zero
        E[0, 0] = 1
        for row, h in enumerate(hs, start=1):
            parent = int(last[i][tree.infoset_first_node[h]])
            E[row, idx[parent]] = -1
            for a in range(int(tree.infoset_size[h])):
                E[row, idx[int(tree.action_offset[h]) + a]] = 1
        seqs.append(np.asarray(flat, dtype=np.int64))
        sets.append(hs)
        consts.append(E)
        index_of.append(idx)
    z = tree.terminals
    chance = reach_products(tree, tree.prob)
    A = np.zeros((len(seqs[0]), len(seqs[1])), dtype=dtype)
    B = np.zeros_like(A)
    if tree.is_exact:
        A[:] = zero
        B[:] = zero
    s1 = np.array([index_of[0][int(k)] for k in last[0][z]], dtype=np.int64)
    s2 = np.array([index_of[1][int(k)] for k in last[1][z]], dtype=np.int64)
    np.add.at(A, (s1, s2), chance[z] * tree.payoffs[z, 0])
    np.add.at(B, (s1, s2), chance[z] * tree.payoffs[z, 1])
    return SequenceForm(tree, consts[0], consts[1], A, B, (seqs[0], seqs[1]), (sets[0], sets[1]))


def lemke_equilibrium(tree: GameTree) -> np.ndarray:
    """One Nash equilibrium of a two-player tree as a behaviour vector (sequence-form LCP)."""
    sf = sequence_form(tree)
    exact = tree.is_exact
    dtype = object if exact else float
    n1, n2 = sf.A.shape
    m1, m2 = sf.E.shape[0], sf.F.shape[0]
    z = tree.terminals
    top = max((tree.payoffs[z].max(), 0), default=0)
    K = (top + 1) if exact else float(top) + 1.0
    chance = reach_products(tree, tree.prob)
    last = [last_own_sequence(tree, i) for i in range(2)]
    pos = [{int(k): s for s, k in enumerate(sf.sequences[i])} for i in range(2)]
    s1 = np.array([pos[0][int(k)] for k in last[0][z]], dtype=np.int64)
    s2 = np.array([pos[1][int(k)] for k in last[1][z]], dtype=np.int64)
    C1 = np.zeros((n1, n2), dtype=dtype)
    C2 = np.zeros((n1, n2), dtype=dtype)
    if exact:
        C1[:] = Fraction(0)
        C2[:] = Fraction(0)
    np.add.at(C1, (s1, s2), chance[z] * (K - tree.payoffs[z, 0]))
    np.add.at(C2, (s1, s2), chance[z] * (K - tree.payoffs[z, 1]))
    size = n1 + n2 + m1 + m2
    M = np.zeros((size, size), dtype=dtype)
    q = np.zeros(size, dtype=dtype)
    if exact:
        M[:] = Fraction(0)
        q[:] = Fraction(0)
    a, b, c = n1, n1 + n2, n1 + n2 + m1
    M[:a, a:b] = C1
    M[:a, b:c] = -sf.E.T
    M[a:b, :a] = C2.T
    M[a:b, c:] = -sf.F.T
    M[b:c, :a] = sf.E
    M[c:, a:b] = sf.F
    q[b] = -1
    q[c] = -1
    solution = lemke(M, q, exact=exact)
    strategy = plans_to_behaviour(sf, (solution[:a], solution[a:b]))
    if not exact:
        from convenience.extensive.behaviour import REGRET_TOL, payoff_range, regrets

        if max(regrets(tree, strategy)) > REGRET_TOL * payoff_range(tree):
            # rounding steered the path wrong: follow it again, recomputing the tableau often
            solution = lemke(M, q, exact=False, refactor_every=100)
            strategy = plans_to_behaviour(sf, (solution[:a], solution[a:b]))
    return strategy


def plans_to_behaviour(sf: SequenceForm, plans: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Behaviour vector from realization plans: ``x[s a] / sum_b x[s b]`` at each information set."""
    tree = sf.tree
    strategy = uniform_strategy(tree)
    off = tree.action_offset
    for i in range(2):
        pos = {int(k): s for s, k in enumerate(sf.sequences[i])}
        x = plans[i]
        for h in sf.infosets[i]:
            h = int(h)
            vals = [x[pos[int(off[h]) + a]] for a in range(int(tree.infoset_size[h]))]
            if not tree.is_exact:
                vals = [max(float(v), 0.0) for v in vals]
            total = sum(vals, tree.zero())
            if total > 0:
                strategy[off[h]:off[h + 1]] = [v / total for v in vals]
    return strategy


def sequence_form_value(sf: SequenceForm, plans: tuple[np.ndarray, np.ndarray]) -> tuple[Any, Any]:
    """Expected payoffs ``(x'Ay, x'By)`` of two realization plans."""
    x, y = plans
    return x @ sf.A @ y, x @ sf.B @ y
