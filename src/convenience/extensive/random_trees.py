"""Random game trees for tests and benchmarks: perfect information, or with information sets.

:func:`random_tree` lays out a large tree as breadth-first arrays (no Python object per
node); :func:`random_imperfect_tree` joins some of its decision nodes into information sets,
keeping recall perfect.
"""

from __future__ import annotations

import numpy as np

from convenience.extensive.tree import CHANCE, TERMINAL, GameTree, Infoset, tree_from_arrays


def random_tree(n_nodes: int, n_players: int = 2, *, max_actions: int = 3, chance_share: float = 0.0,
                seed: int | None = 0, integer: bool = False) -> GameTree:
    """A random perfect-information tree with about ``n_nodes`` nodes (breadth-first arrays).

    Nodes are expanded level by level: each frontier node gets 2..``max_actions`` children
    until the budget is spent; a share ``chance_share`` of inner nodes are chance nodes with
    uniform random probabilities. Payoffs are uniform in [0, 1) (or integers 0..9 with
    ``integer=True``, giving many ties).
    """
    rng = np.random.default_rng(seed)
    kids = []
    total = 1
    frontier = 1
    while total < n_nodes and frontier:
        k = rng.integers(2, max_actions + 1, size=frontier)
        budget = n_nodes - total
        cum = np.cumsum(k)
        expand = cum <= budget
        if not expand.any():
            k[:] = 0
            kids.append(k)
            frontier = 0
            break
        k = np.where(expand, k, 0)
        kids.append(k)
        total += int(k.sum())
        frontier = int(k.sum())
    n_children = np.concatenate(kids + [np.zeros(total - sum(x.size for x in kids), dtype=np.int64)])
    n = total
    n_children = n_children[:n]
    mover = np.where(n_children > 0, rng.integers(0, n_players, size=n), TERMINAL)
    if chance_share > 0:
        chance = (n_children > 0) & (rng.random(n) < chance_share)
        mover[chance] = CHANCE
    prob = np.ones(n)
    if chance_share > 0:
        parent = np.concatenate(([-1], np.repeat(np.arange(n), n_children)))
        w = rng.random(n) + 0.1
        sums = np.zeros(n)
        np.add.at(sums, parent[1:], w[1:])
        below_chance = np.zeros(n, dtype=bool)
        below_chance[1:] = mover[parent[1:]] == CHANCE
        prob = np.where(below_chance, w / np.where(sums[np.maximum(parent, 0)] > 0, sums[np.maximum(parent, 0)], 1), 1.0)
        prob[0] = 1.0
    if integer:
        payoffs = rng.integers(0, 10, size=(n, n_players)).astype(float)
    else:
        payoffs = rng.random((n, n_players))
    payoffs[mover != TERMINAL] = 0.0
    players = tuple(f"P{i + 1}" for i in range(n_players))
    return tree_from_arrays(players, mover, n_children, payoffs, prob, title=f"random tree ({n} nodes)")


def random_imperfect_tree(n_nodes: int, n_players: int = 2, *, merge: float = 0.7, chance_share: float = 0.2,
                          seed: int | None = 0, integer: bool = False) -> GameTree:
    """A random tree with information sets and perfect recall (for tests and benchmarks).

    Starts from :func:`random_tree` and, depth by depth, joins decision nodes of one player
    that have the same depth, the same number of actions and the same own history (so recall
    stays perfect) into one information set with probability ``merge``.
    """
    base = random_tree(n_nodes, n_players, max_actions=3, chance_share=chance_share, seed=seed, integer=integer)
    rng = np.random.default_rng(None if seed is None else seed + 1)
    n = base.n_nodes
    infoset = np.full(n, -1, dtype=np.int64)
    members: list[list[int]] = []
    owner: list[int] = []
    history: list[dict] = [dict() for _ in range(n)]
    for lo, hi in zip(base.levels[:-1], base.levels[1:]):
        groups: dict[tuple, list[int]] = {}
        for v in range(int(lo), int(hi)):
            if v:
                u = int(base.parent[v])
                h = history[u]
                if base.mover[u] >= 0:
                    h = dict(h)
                    h[int(base.mover[u])] = h.get(int(base.mover[u]), ()) + ((int(infoset[u]), int(base.action[v])),)
                history[v] = h
            if base.mover[v] >= 0:
                i = int(base.mover[v])
                groups.setdefault((i, int(base.n_children[v]), history[v].get(i, ())), []).append(v)
        for (i, _, _), nodes in groups.items():
            current: list[int] = []
            for v in nodes:
                if current and rng.random() < merge:
                    current.append(v)
                else:
                    current = [v]
                    members.append(current)
                    owner.append(i)
                infoset[v] = len(members) - 1 if len(current) == 1 else infoset[current[0]]
    infosets = tuple(Infoset(owner[h], f"{base.players[owner[h]]}:{h + 1}",
                             tuple(f"a{k + 1}" for k in range(int(base.n_children[nodes[0]]))), tuple(nodes))
                     for h, nodes in enumerate(members))
    from dataclasses import replace

    return replace(base, infoset=infoset, infosets=infosets, title=f"random tree with information sets ({n} nodes)")
