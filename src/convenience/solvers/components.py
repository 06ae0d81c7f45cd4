"""Degenerate two-player games: why they are degenerate and their sets of equilibria.

A bimatrix game is *nondegenerate* when no mixed strategy with support of size ``k`` has more
than ``k`` pure best responses (von Stengel, *Handbook of Game Theory* 3, 2002, def. 2.5).
Then equilibria are isolated and finitely many. In a degenerate game the equilibria can form
continua. They are unions of *maximal Nash subsets*: sets ``conv(X) x conv(Y)`` where every
extreme strategy in ``X`` is in equilibrium with every one in ``Y``, maximal with that property
(Avis, Rosenberg, Savani and von Stengel, "Enumeration of Nash equilibria for two-player
games", *Economic Theory* 42, 2010, section 5). They are the maximal bicliques of the bipartite
graph whose vertices are the extreme strategies and whose edges are the extreme equilibria;
this is what ``lrsnash`` and Gambit's ``enummixed`` report as cliques. Nash subsets that share
an extreme strategy lie in one connected component of the equilibrium set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from convenience.normal_form import NormalFormGame
from convenience.results import Equilibrium, format_number, json_number, make_equilibrium


@dataclass(frozen=True, eq=False)
class Component:
    """A maximal Nash subset: every mixture of ``row_strategies`` against every mixture of
    ``column_strategies`` is an equilibrium.

    ``equilibria`` are its extreme equilibria (all pairs), verified; ``connected_set`` numbers
    the connected component of the equilibrium set it belongs to (subsets sharing an extreme
    strategy share a number); ``description`` is one readable sentence.
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    row_strategies: tuple
    column_strategies: tuple
    equilibria: tuple[Equilibrium, ...]
    connected_set: int
    description: str

    @property
    def is_singleton(self) -> bool:
        return len(self.row_strategies) == 1 and len(self.column_strategies) == 1

    def to_dict(self) -> dict[str, Any]:
        def mix(names, x):
            return {s: json_number(v) for s, v in zip(names, x) if v != 0}

        return {
            "connected_set": self.connected_set,
            "extreme_strategies": {
                self.players[0]: [mix(self.strategies[0], x) for x in self.row_strategies],
                self.players[1]: [mix(self.strategies[1], y) for y in self.column_strategies],
            },
            "extreme_equilibria": len(self.equilibria),
            "description": self.description,
        }


def _popcount(mask: int) -> int:
    return bin(mask).count("1")


def degeneracy_notes(game: NormalFormGame, xs, ys) -> list[str]:
    """A note naming one witness of degeneracy, or ``[]`` for a nondegenerate game.

    ``xs``/``ys`` are extreme strategies as ``(support_mask, best_response_mask, strategy)``.
    """
    for player, cands in ((0, xs), (1, ys)):
        for support, best, x in cands:
            k, b = _popcount(support), _popcount(best)
            if b > k:
                other = 1 - player
                names = [game.strategies[other][j] for j in range(game.shape[other]) if best >> j & 1]
                return [f"the game is degenerate: {game.players[player]}'s strategy "
                        f"{_mixture(game.strategies[player], x)} has support of size {k} but "
                        f"{b} pure best responses ({', '.join(names)}); equilibria may form "
                        f"continua, reported as components (maximal Nash subsets)"]
    return []


def _mixture(names, x) -> str:
    used = [(n, v) for n, v in zip(names, x) if v != 0]
    if len(used) == 1:
        return used[0][0]
    return "(" + ", ".join(f"{n} {format_number(v)}" for n, v in used) + ")"


def maximal_bicliques(edges: set[tuple[int, int]]) -> list[tuple[frozenset, frozenset]]:
    """All maximal pairs ``(S, T)`` with ``S x T`` inside ``edges`` (both sides nonempty).

    Closed-set enumeration: ``T = N(S)``, ``S = N(T)``; every maximal biclique is reached from
    a single left vertex by adding left vertices one at a time and closing.
    """
    left_sets: dict[int, set] = {}
    right_sets: dict[int, set] = {}
    for i, j in edges:
        left_sets.setdefault(i, set()).add(j)
        right_sets.setdefault(j, set()).add(i)
    left_nb = {i: frozenset(v) for i, v in left_sets.items()}
    right_nb = {j: frozenset(v) for j, v in right_sets.items()}

    def close(T: frozenset) -> tuple[frozenset, frozenset]:
        S = frozenset.intersection(*(right_nb[j] for j in T))
        T2 = frozenset.intersection(*(left_nb[i] for i in S))
        return S, T2

    found: set[tuple[frozenset, frozenset]] = set()
    stack = [close(left_nb[i]) for i in left_nb]
    while stack:
        S, T = stack.pop()
        if (S, T) in found:
            continue
        found.add((S, T))
        for i in left_nb:
            if i not in S:
                T2 = T & left_nb[i]
                if T2:
                    stack.append(close(T2))
    # keep only maximal closed pairs (closed pairs are maximal in S for their T and vice versa,
    # but a closed pair can still be contained in another closed pair)
    result = [p for p in found
              if not any(q != p and p[0] <= q[0] and p[1] <= q[1] for q in found)]
    return sorted(result, key=lambda p: (sorted(p[0]), sorted(p[1])))


def connected_set_numbers(count: int, touch) -> list[int]:
    """Numbers 1, 2, ... of the connected sets of ``count`` pieces, where pieces ``a`` and ``b``
    are joined when ``touch(a, b)``; numbered in order of first appearance (union-find)."""
    parent = list(range(count))

    def root(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a in range(count):
        for b in range(a + 1, count):
            if touch(a, b):
                parent[root(a)] = root(b)
    numbers: dict[int, int] = {}
    return [numbers.setdefault(root(a), len(numbers) + 1) for a in range(count)]


def nash_subsets(game: NormalFormGame, xs, ys, pairs) -> tuple[Component, ...]:
    """The maximal Nash subsets of a degenerate game, from its extreme equilibria."""
    subsets = maximal_bicliques(set(pairs))
    # connected sets: subsets sharing an extreme strategy
    numbers = connected_set_numbers(len(subsets), lambda a, b: bool(subsets[a][0] & subsets[b][0]
                                                                    or subsets[a][1] & subsets[b][1]))
    out = []
    for (S, T), number in zip(subsets, numbers):
        X = tuple(_as_game_numbers(game, xs[i][2]) for i in sorted(S))
        Y = tuple(_as_game_numbers(game, ys[j][2]) for j in sorted(T))
        eqs = tuple(make_equilibrium(game, (x, y)) for x in X for y in Y)
        if len(X) == 1 and len(Y) == 1:
            text = f"isolated extreme equilibrium {eqs[0].label()}"
        else:
            text = (f"every mixture of {game.players[0]}'s "
                    f"{' and '.join(_mixture(game.strategies[0], x) for x in X)} with every mixture of "
                    f"{game.players[1]}'s {' and '.join(_mixture(game.strategies[1], y) for y in Y)} "
                    f"is an equilibrium ({len(eqs)} extreme equilibria)")
        out.append(Component(game.players, game.strategies, X, Y, eqs, number, text))
    return tuple(out)


def _as_game_numbers(game: NormalFormGame, x):
    import numpy as np
    from fractions import Fraction

    if game.is_exact:
        return np.array([Fraction(v) for v in x], dtype=object)
    return np.asarray(x, dtype=float)
