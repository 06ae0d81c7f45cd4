"""Infinitely repeated games decided in batch: the grim-trigger condition over many points at once.

At a point of a repeated game the point-by-point analysis
(:func:`~convenience.repeated.solve.repeated_verdict`) finds the stage game's equilibria and
whether the target is sustained: for every player ``i``,

    f_i(delta) = c_i - (1 - delta) d_i - delta p_i >= 0

with ``c_i`` the target payoff, ``d_i`` the best payoff against the others' target strategies
and ``p_i`` the payoff of the Nash punishment (:mod:`convenience.repeated.grim`). This module
evaluates those closed-form conditions for all points in one array operation.

It is exact where it answers. Points are grouped by the signs of every unilateral deviation
gain of the stage game; a point with a gain within the tolerance of zero is left to the exact
analysis. Within a group of strict signs, iterated strict dominance (decided by those signs
alone) may leave one profile, which is then the only stage equilibrium and the Nash
punishment of every player; in a 2x2 stage game the signs also give the other cases (two
pure equilibria and a mixed one, or only a mixed one, whose payoffs are closed forms).
Other groups are left to the exact analysis. The best reply to
the target is fixed by the signs, so ``c_i``, ``d_i`` and ``p_i`` are payoffs of known cells;
a point where some ``f_i`` lies within the tolerance of zero is left to the exact analysis.
The label set of each group and verdict (stage equilibria and the sustained/not-sustained
verdict) is that of one of its points analysed exactly, whose verdict must agree with the
batch's; a group where it does not is analysed point by point. Everything left over is
analysed point by point, so the answer is that of the point-by-point analysis at every point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.game import ParametricAny, is_repeated

if TYPE_CHECKING:
    from convenience.repeated.game import ParametricRepeatedGame

#: Relative tolerance (of the stage game's payoff spread) within which a sign is not trusted.
TOLERANCE = 1e-9

Sets = tuple[frozenset, frozenset]


def repeated_batch(game: ParametricAny, solve: Callable, exact: Callable[[Mapping[str, Any]], Sets]
                   ) -> Callable[[Sequence[Mapping[str, Any]]], list[Sets | None]] | None:
    """A batch evaluator of ``game``'s equilibrium sets for ``solve``, or None when there is none;
    ``exact(point)`` is the point-by-point answer ``(labels, outcomes)`` at one point.

    There is one for an infinitely repeated game with a discount factor, a target and Nash
    reversion, solved by :func:`~convenience.repeated.solve.repeated_verdict`. It returns, per
    point, ``(labels, outcomes)`` as the point-by-point analysis would, or None for a point it
    leaves to that analysis.
    """
    from convenience.repeated.solve import repeated_verdict

    if not is_repeated(game) or solve is not repeated_verdict:
        return None
    if game.horizon is not None or game.discount is None or game.target is None or game.punishment != "nash":
        return None
    return lambda points: decide(game, exact, points)


def _arrays(game: ParametricAny, points: Sequence[Mapping[str, Any]]) -> dict[str, np.ndarray]:
    base = game.baseline()
    return {name: np.array([float(p.get(name, base[name])) for p in points]) for name in game.parameters}


def _signs(payoffs: np.ndarray, tol: np.ndarray) -> np.ndarray:
    """Per point, the signs of every comparison of two own strategies of each player against
    each profile of the others (0 within ``tol``): shape ``(points, comparisons)``."""
    n = payoffs.shape[-1]
    signs = []
    for p in range(payoffs.shape[0]):
        own = np.moveaxis(payoffs[p], p, 0)
        upper, lower = np.triu_indices(own.shape[0], 1)
        gains = own[upper] - own[lower]  # each pair of own strategies once
        signs.append(np.sign(np.where(np.abs(gains) <= tol, 0.0, gains)).reshape(-1, n))
    return np.concatenate(signs, axis=0).T.astype(np.int8)


def _dominance_solution(payoffs: np.ndarray) -> tuple[int, ...] | None:
    """The one profile iterated strict dominance leaves (payoffs of one point), or None."""
    alive = [list(range(m)) for m in payoffs.shape[1:]]
    changed = True
    while changed:
        changed = False
        for p in range(payoffs.shape[0]):
            own = np.moveaxis(payoffs[p][np.ix_(*alive)], p, 0)
            keep = [alive[p][i] for i in range(len(alive[p]))
                    if not any(bool((own[j] > own[i]).all()) for j in range(len(alive[p])) if j != i)]
            if len(keep) < len(alive[p]):
                alive[p], changed = keep, True
    return tuple(a[0] for a in alive) if all(len(a) == 1 for a in alive) else None


def _is_equilibrium(payoffs: np.ndarray, profile: tuple[int, ...]) -> bool:
    """Whether no player gains by deviating from the pure ``profile`` (payoffs of one point)."""
    for i in range(payoffs.shape[0]):
        own = np.moveaxis(payoffs[i], i, 0)[(slice(None), *(k for j, k in enumerate(profile) if j != i))]
        if (own > own[profile[i]]).any():
            return False
    return True


def _equilibria_known(payoffs: np.ndarray) -> bool:
    """Whether the signs of a group fix its stage equilibria, labels included (payoffs of one
    point): iterated strict dominance leaves one profile, or the stage game is 2x2."""
    return payoffs.shape[:3] == (2, 2, 2) or _dominance_solution(payoffs) is not None


def _punishments(payoffs: np.ndarray) -> np.ndarray | None:
    """Each player's Nash punishment payoff (rows) at each point (columns) of one group of
    strict signs: the payoff of the stage equilibrium worst for that player; None when the
    group's stage equilibria are not known from the signs alone.

    Known when iterated strict dominance leaves one profile (the only equilibrium), and in a
    2x2 stage game with strict preferences: then the equilibria are the pure profiles without
    a profitable deviation plus, when neither player has a dominant strategy, one completely
    mixed equilibrium, in which each player gets the payoff that makes the other indifferent.
    """
    only = _dominance_solution(payoffs[..., 0])
    if only is not None:
        return np.array([payoffs[(i, *only)] for i in range(payoffs.shape[0])])
    if payoffs.shape[:3] != (2, 2, 2):
        return None
    first = payoffs[..., 0]
    pure = [(r, c) for r in range(2) for c in range(2)
            if first[0, r, c] > first[0, 1 - r, c] and first[1, r, c] > first[1, r, 1 - c]]
    candidates = [[payoffs[0, r, c] for r, c in pure], [payoffs[1, r, c] for r, c in pure]]
    a = payoffs[0]  # the row player, indifferent between its rows when the column player mixes
    candidates[0].append((a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]) / (a[0, 0] - a[0, 1] - a[1, 0] + a[1, 1]))
    b = payoffs[1]  # the column player, indifferent between its columns
    candidates[1].append((b[0, 0] * b[1, 1] - b[1, 0] * b[0, 1]) / (b[0, 0] - b[1, 0] - b[0, 1] + b[1, 1]))
    return np.array([np.min(np.array(c), axis=0) for c in candidates])


def _margins(payoffs: np.ndarray, delta: np.ndarray, target: tuple[int, ...], punished: np.ndarray) -> np.ndarray:
    """``f_i(delta)`` for each player (rows) and point (columns); ``punished`` holds the
    punishment payoffs (:func:`_punishments`)."""
    out = []
    for i in range(payoffs.shape[0]):
        own = np.moveaxis(payoffs[i], i, 0)
        others = tuple(k for j, k in enumerate(target) if j != i)
        c = payoffs[(i, *target)]
        d = own[(slice(None), *others)].max(axis=0)
        out.append(c - (1 - delta) * d - delta * punished[i])
    return np.array(out)


def decide(game: ParametricRepeatedGame, exact: Callable[[Mapping[str, Any]], Sets], points: Sequence[Mapping[str, Any]]
           ) -> list[Sets | None]:
    """``(labels, outcomes)`` at each point decided in batch, None where the exact analysis
    (``exact(point)``) must say."""
    n = len(points)
    out: list[Sets | None] = [None] * n
    if n == 0 or game.discount is None or game.target is None:  # repeated_batch hands over neither
        return out
    arrays = _arrays(game, points)
    with np.errstate(all="ignore"):
        payoffs = np.asarray(game.stage.numeric_function()(**arrays), dtype=float)
        if payoffs.shape[-1] != n:
            payoffs = np.broadcast_to(payoffs[..., :1], payoffs.shape[:-1] + (n,))
        delta = np.broadcast_to(np.asarray(game.discount.with_float_constants().evaluate(arrays), dtype=float), (n,))
    flat = payoffs.reshape(-1, n)
    finite = np.isfinite(flat).all(axis=0) & np.isfinite(delta) & (delta >= 0) & (delta < 1)
    spread = np.where(finite, np.nanmax(flat, axis=0) - np.nanmin(flat, axis=0), 0.0)
    tol = TOLERANCE * np.maximum(1.0, spread)
    codes = _signs(np.where(np.isfinite(payoffs), payoffs, 0.0), tol)
    strict = finite & (codes != 0).all(axis=1)
    target = tuple(game.target)
    groups: dict[tuple, list[int]] = {}
    if strict.any():
        unique, inverse = np.unique(codes[strict], axis=0, return_inverse=True)
        members_of = np.flatnonzero(strict)
        inverse = np.asarray(inverse).reshape(-1)
        for u in range(len(unique)):
            members = members_of[inverse == u]
            if not _equilibria_known(payoffs[..., members[0]]):
                continue  # stage equilibria not known from the signs: left to the exact analysis
            if _is_equilibrium(payoffs[..., members[0]], target):
                # d_i = c_i and p_i <= c_i (the target is one of the equilibria the worst is taken
                # from), so f_i = delta (c_i - p_i) >= 0 exactly: sustained at every discount
                clear = sustained = np.ones(len(members), dtype=bool)
            else:
                with np.errstate(all="ignore"):
                    punished = _punishments(payoffs[..., members])
                    if punished is None:
                        continue  # stage equilibria not known from the signs: left to the exact analysis
                    margins = _margins(payoffs[..., members], delta[members], target, punished)
                clear = np.asarray((np.abs(margins) > tol[members]).all(axis=0), dtype=bool)
                sustained = np.asarray((margins >= 0).all(axis=0), dtype=bool)
            for k, ok, verdict in zip(members, np.atleast_1d(clear), np.atleast_1d(sustained)):
                if ok:
                    groups.setdefault((u, bool(verdict)), []).append(int(k))
    for (_, verdict), members in groups.items():
        labels, outcomes = exact(points[members[0]])
        if _sustained_label(game, labels) is not verdict:
            continue  # the exact analysis disagrees with the closed form: every point on its own
        for k in members:
            out[k] = (labels, outcomes)
    return out


def _sustained_label(game: ParametricRepeatedGame, labels: frozenset) -> bool | None:
    """Whether ``labels`` say the target is sustained (None when they say neither)."""
    sustained = [label for label in labels if label.endswith(") sustained")]
    not_sustained = [label for label in labels if label.endswith(") not sustained")]
    if sustained and not not_sustained:
        return True
    if not_sustained and not sustained:
        return False
    return None


__all__ = ["TOLERANCE", "decide", "repeated_batch"]
