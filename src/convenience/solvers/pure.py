"""Pure-strategy Nash equilibria of any finite game, vectorised over the payoff array.

A profile is a pure equilibrium when every player's payoff there equals the best it can get
by changing only its own strategy, i.e. the maximum of its payoff array along its own axis.
One comparison per player over the whole array finds them all; exact games compare
Fractions, so ties are exact.
"""

from __future__ import annotations

import numpy as np

from convenience.normal_form import NormalFormGame
from convenience.results import SolveResult, make_equilibrium


def best_response_mask(game: NormalFormGame) -> np.ndarray:
    """Boolean array of shape ``game.shape``: True where every player best-responds."""
    payoffs = game.payoffs if game.is_exact else game.float_payoffs()
    mask = np.ones(game.shape, dtype=bool)
    for i in range(game.n_players):
        best = payoffs[i].max(axis=i, keepdims=True)
        mask &= np.asarray(payoffs[i] == best, dtype=bool)
    return mask


def pure_equilibria(game: NormalFormGame) -> list[tuple[int, ...]]:
    """Strategy indices of every pure Nash equilibrium, in lexicographic order."""
    return [tuple(int(k) for k in idx) for idx in np.argwhere(best_response_mask(game))]


def solve(game: NormalFormGame, **options) -> SolveResult:
    """All pure Nash equilibria, verified (exactly for exact games)."""
    equilibria = tuple(make_equilibrium(game, game.pure_profile(idx)) for idx in pure_equilibria(game))
    notes = []
    if not equilibria:
        notes.append("The game has no pure-strategy equilibrium; any equilibrium is mixed.")
    return SolveResult(game, "pure", dict(options), equilibria, (), tuple(notes))
