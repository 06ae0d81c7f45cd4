"""Helpers shared by the equilibrium solvers: input checks, verification, result assembly.

Every solver hands its candidate profiles to :func:`finish`, which verifies each one with
:func:`convenience.results.make_equilibrium` (exact zero regret for exact games), removes
duplicates, keeps a note for every candidate that failed verification (never dropped in
silence) and builds the :class:`~convenience.results.SolveResult`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterable, Sequence

import numpy as np

from convenience.errors import ComputationError, InputError
from convenience.normal_form import NormalFormGame
from convenience.results import (
    REGRET_TOL,
    SolveResult,
    make_bimatrix_equilibria,
    make_equilibrium,
)


def require_players(game: NormalFormGame, method: str, n: int | None = 2) -> None:
    """Raise :class:`InputError` when ``method`` cannot handle this many players."""
    if n is not None and game.n_players != n:
        raise InputError(f"method '{method}' needs a {n}-player game; this game has "
                         f"{game.n_players} players")


def bimatrix(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    """The row player's matrix ``A`` and the column player's ``B`` (exact or float)."""
    if game.is_exact:
        return game.payoffs[0], game.payoffs[1]
    p = game.float_payoffs()
    return p[0], p[1]


def exact_copy(game: NormalFormGame) -> NormalFormGame:
    """The same game with every float payoff turned into the exactly equal fraction."""
    if game.is_exact:
        return game
    values = np.vectorize(Fraction, otypes=[object])(game.float_payoffs())
    return NormalFormGame(game.players, game.strategies, values, game.title)


def float_tolerance(game: NormalFormGame) -> float:
    """Absolute tolerance for float comparisons of payoffs: ``REGRET_TOL`` times the range."""
    return REGRET_TOL * game.payoff_range()


def finish(game: NormalFormGame, method: str, options: dict, profiles: Iterable[Sequence[Any]],
           notes: Iterable[str] = (), components: tuple = (), extra: dict | None = None,
           count_note: bool = True) -> SolveResult:
    """Verify candidate profiles and assemble the result (sorted, without duplicates)."""
    notes = list(notes)
    equilibria = []
    rejected = 0
    profiles = list(profiles)
    checked: Iterable
    if not game.is_exact and game.n_players == 2:
        checked = make_bimatrix_equilibria(game, profiles)  # one matrix product for all
    else:
        checked = (_checked(game, profile) for profile in profiles)
    for eq in checked:
        if isinstance(eq, ComputationError):
            rejected += 1
            if rejected <= 3:
                notes.append(f"a candidate profile failed verification and is not reported: {eq}")
            continue
        equilibria.append(eq)
    if rejected > 3:
        notes.append(f"{rejected} candidate profiles in all failed verification")
    if all(not eq.exact and len(eq.profile) == 2 for eq in equilibria):
        equilibria = _unique_sorted_bimatrix(equilibria)
    else:
        equilibria = sorted(_first_of_each(equilibria, [eq.key() for eq in equilibria]), key=canonical_order)
    if count_note:
        kind = "exact (zero regret)" if game.is_exact else f"verified to regret <= {float_tolerance(game):.3g}"
        notes.append(f"{len(equilibria)} equilibri{'um' if len(equilibria) == 1 else 'a'} found, {kind}")
    return SolveResult(game=game, method=method, options=dict(options), equilibria=tuple(equilibria),
                       components=tuple(components), notes=tuple(notes), extra=dict(extra or {}))


def _checked(game: NormalFormGame, profile):
    """The verified equilibrium, or the error that says why ``profile`` is not one."""
    try:
        return make_equilibrium(game, profile)
    except ComputationError as err:
        return err


def _unique_sorted_bimatrix(equilibria: list) -> list:
    """Float two-player equilibria without duplicates, in :func:`canonical_order`, computed on one array.

    Two profiles are the same when they agree after rounding to 9 digits (as
    :meth:`Equilibrium.key`); the first is kept. This is the float solvers' hot path: one
    array operation instead of a Python key per equilibrium.
    """
    if len(equilibria) < 2:
        return list(equilibria)
    Z = np.array([np.concatenate([np.asarray(x, dtype=float) for x in eq.profile]) for eq in equilibria])
    keys = map(tuple, (np.round(Z, 9) + 0.0).tolist())  # + 0.0: -0.0 and 0.0 are one key
    sizes = (Z > 0).sum(axis=1).tolist()
    negated = (-Z).tolist()
    kept = sorted(_first_of_each(range(len(equilibria)), keys), key=lambda r: (sizes[r], negated[r]))
    return [equilibria[r] for r in kept]


def _first_of_each(items: Iterable, keys: Iterable) -> list:
    """The items whose key has not come before, in order."""
    seen, out = set(), []
    for item, key in zip(items, keys):
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def canonical_order(eq) -> tuple:
    """Pure equilibria first, then by support size, then lexicographically by probabilities."""
    sizes = sum(len(s) for s in eq.support_indices)
    return (sizes, tuple(-v for x in eq.profile for v in np.asarray(x, dtype=float).tolist()))


def unit_scale(M: np.ndarray) -> np.ndarray:
    """``M`` mapped affinely onto ``[1, 2]``: same best responses, tolerances made relative."""
    spread = float(M.max() - M.min())
    return (M - M.min()) / (spread if spread > 0 else 1.0) + 1.0
