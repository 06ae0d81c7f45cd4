"""The finitely repeated game unrolled into a game tree.

Each period is a stage game played simultaneously: the first player moves, the second moves
without seeing that move (one information set per history), and so on; after every period the
whole profile is observed. A terminal's payoff is the discounted sum of the stage payoffs along
its path. The tree has ``|A| ** horizon`` terminals (``|A|`` stage profiles), so this is for
small games and horizons; it lets the tree solvers of :mod:`convenience.extensive` (subgame
perfection subgame by subgame, the reduced normal form) check the backward induction of
:mod:`.finite`, and lets users inspect the repeated game as an ordinary tree.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from convenience.errors import ComputationError
from convenience.normal_form import NormalFormGame


def repeated_tree(stage: NormalFormGame, horizon: int, discount: Any = None, max_nodes: int = 200_000) -> Any:
    """The ``horizon``-fold repetition of ``stage`` as a :class:`~convenience.extensive.tree.GameTree`."""
    from convenience.extensive.tree import Node, build_tree

    profiles = list(np.ndindex(*stage.shape))
    per_period = sum(int(np.prod(stage.shape[:k])) for k in range(1, stage.n_players + 1))
    total = sum(len(profiles) ** t * per_period for t in range(horizon)) + len(profiles) ** horizon
    if total > max_nodes:
        raise ComputationError(f"the {horizon}-period tree would have {total:,} nodes (limit {max_nodes:,})")
    exact = stage.is_exact and (discount is None or isinstance(discount, (int, Fraction)))
    delta = (Fraction(1) if discount is None else Fraction(discount)) if exact else float(1 if discount is None
                                                                                           else discount)
    table = stage.payoffs if exact else stage.float_payoffs()

    def period(t: int, history: tuple, weight: Any, accrued: tuple) -> Node:
        if t == horizon:
            return Node("terminal", payoffs=dict(zip(stage.players, accrued)), label=_text(stage, history))
        return layer(t, history, weight, accrued, ())

    def layer(t: int, history: tuple, weight: Any, accrued: tuple, chosen: tuple) -> Node:
        i = len(chosen)
        if i == stage.n_players:
            gained = tuple(a + weight * table[(j, *chosen)] for j, a in enumerate(accrued))
            return period(t + 1, history + (chosen,), weight * delta, gained)
        player = stage.players[i]
        info = f"{player}, period {t + 1}, after {_text(stage, history) or 'the start'}"
        return Node("decision", player=player, info=info, actions=list(stage.strategies[i]),
                    children=[layer(t, history, weight, accrued, chosen + (k,)) for k in range(stage.shape[i])])

    zero = tuple(Fraction(0) if exact else 0.0 for _ in stage.players)
    root = period(0, (), Fraction(1) if exact else 1.0, zero)
    return build_tree(root, stage.players, {}, title=f"{stage.title} repeated {horizon} times".strip())


def _text(stage: NormalFormGame, history: tuple) -> str:
    return " -> ".join("(" + ", ".join(s[k] for s, k in zip(stage.strategies, a)) + ")" for a in history)
