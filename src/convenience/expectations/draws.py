"""Checking many claims over many parameter draws at once: one row of hits per claim.

:func:`declared_draws` samples every uncertain parameter from its declared distribution,
:func:`box_draws` uniformly over its whole declared range; both are drawn by the Monte Carlo
engine (:mod:`convenience.analysis.montecarlo.engine`) from the game's own streams, named by
the seed *and* the game's file name, so two games checked together draw independently of each other and a
game draws the same values whichever files it is checked with. :func:`claim_hits` evaluates
each claim at each draw and returns a boolean array (claims x draws).

Normal-form games are evaluated by *pattern*: all payoffs of all draws are computed in one
array operation, and draws whose payoffs order every unilateral deviation the same way share
one evaluation. This is exact: whether a pure profile is an equilibrium, strict, dominant, or
not an equilibrium depends only on those signs, and when iterated strict dominance leaves one
profile (it too depends only on them) that profile is the only equilibrium, so every check
follows. Draws whose pattern is not dominance-solvable are solved one by one for the checks
that need the whole equilibrium set, unless a pure equilibrium refutes the claim or, for
``outcome`` and ``never_played``, iterated strict dominance settles it at that draw.

Perfect-information trees are evaluated by backward induction over all draws at once
(:func:`~convenience.extensive.batch_backward.backward_choices`): draws making the same clear
choices everywhere share one exactly solved draw, which must confirm them; draws with a tie
are solved on their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.errors import InputError
from convenience.game import Game, ParametricAny, is_tree, parameters_of, stage_game
from convenience.expectations.checks import Point, evaluate, point_at, settled
from convenience.expectations.parse import Expectation

if TYPE_CHECKING:
    from convenience.extensive.parametric_tree import ParametricTree
    from convenience.parametric import ParametricGame

#: Checks decided by the signs of unilateral deviation gains alone.
PATTERN_CHECKS = frozenset({"equilibrium", "not_equilibrium", "strict", "dominant"})


def game_seed(game: Game, seed: int) -> list[int]:
    """The entropy of ``game``'s draws: the seed and its file name (or title)
    (:func:`~convenience.analysis.montecarlo.engine.game_entropy`)."""
    from convenience.analysis.montecarlo.engine import game_entropy

    return game_entropy(game, seed)


def ranged(game: Game, fixed: frozenset = frozenset()) -> list[str]:
    """Parameters with a range of positive width that the draws vary (``fixed`` ones excluded)."""
    out = []
    for name, p in parameters_of(game).items():
        bounds = p.range
        if name in fixed or bounds is None:
            continue
        if float(bounds[1]) > float(bounds[0]):
            out.append(name)
    return out


def declared_draws(game: ParametricAny, draws: int, seed: int, fixed: frozenset = frozenset()) -> dict[str, np.ndarray]:
    """``draws`` values of each uncertain parameter from its declared distribution (the game's stream)."""
    from convenience.analysis.montecarlo.distributions import distribution_of
    from convenience.analysis.montecarlo.engine import game_entropy, stream_draws

    file = getattr(game, "file", None)
    dists = {name: distribution_of(p, file=file) for name, p in game.parameters.items() if name not in fixed}
    dists = {name: d for name, d in dists.items() if d.kind != "fixed"}
    return stream_draws(dists, game_entropy(game, seed), draws)


def box_draws(game: ParametricAny, draws: int, seed: int, fixed: frozenset = frozenset()) -> dict[str, np.ndarray]:
    """``draws`` points uniform over the whole declared box (every ranged parameter's range; the game's stream 1)."""
    from convenience.analysis.montecarlo.engine import box_draws as uniform_draws, game_entropy

    ranges = {name: game.parameters[name].float_bounds() for name in ranged(game, fixed)}
    return uniform_draws(ranges, game_entropy(game, seed, 1), draws)


def holds_safely(point: Point, exp: Expectation) -> bool:
    """Whether ``exp`` holds at ``point``: settled without solving every equilibrium when an
    exact shortcut decides it (:func:`~convenience.expectations.checks.settled`), else evaluated."""
    try:
        quick = settled(point, exp)
        return quick if quick is not None else bool(evaluate(point, exp)[0])
    except (InputError, ZeroDivisionError, ArithmeticError):
        return False  # e.g. a division by zero at this point: the claim cannot hold there


def _values(base: Mapping[str, Any], samples: Mapping[str, np.ndarray], k: int, at: Mapping[str, Any]) -> dict:
    values = dict(base)
    values.update({name: float(column[k]) for name, column in samples.items() if name not in at})
    values.update(at)
    return values


def _count(samples: Mapping[str, np.ndarray]) -> int:
    return len(next(iter(samples.values()))) if samples else 0


def claim_hits(game: ParametricAny, exps: Sequence[Expectation], samples: Mapping[str, np.ndarray],
               base: Mapping[str, Any] | None = None) -> np.ndarray:
    """Whether each claim holds at each draw: a boolean array of shape ``(len(exps), draws)``.

    Each draw sets the sampled parameters over ``base`` (the baseline by default); a claim's
    own ``at:`` values override both.
    """
    base = dict(game.baseline() if base is None else base)
    n = _count(samples)
    out = np.zeros((len(exps), n), dtype=bool)
    if n == 0 or not exps:
        return out
    groups: dict[tuple, list[int]] = {}
    for i, exp in enumerate(exps):
        groups.setdefault(tuple(sorted((k, float(v)) for k, v in exp.at.items())), []).append(i)
    for key, rows in groups.items():
        at = dict(key)
        stage = stage_game(game)
        by_pattern = [i for i in rows if stage is not None and exps[i].check != "sustained"]
        rest = [i for i in rows if i not in by_pattern]
        if stage is not None and by_pattern:
            out[by_pattern] = _normal_hits(stage, [exps[i] for i in by_pattern], samples, base, at, n)
        if rest and is_tree(game) and _perfect_information(game):
            out[rest] = _tree_hits(game, [exps[i] for i in rest], samples, base, at, n)
        elif rest:
            out[rest] = _pointwise_hits(game, [exps[i] for i in rest], samples, base, at, n)
    return out


def _pointwise_hits(game: ParametricAny, exps: Sequence[Expectation], samples: Mapping[str, np.ndarray],
                    base: Mapping[str, Any], at: Mapping[str, Any], n: int) -> np.ndarray:
    out = np.zeros((len(exps), n), dtype=bool)
    for k in range(n):
        point = Point(game, _values(base, samples, k, at))
        for i, exp in enumerate(exps):
            out[i, k] = holds_safely(point, exp)
    return out


def _perfect_information(game: ParametricTree) -> bool:
    try:
        return bool(game.at().is_perfect_information)
    except (InputError, ArithmeticError, ValueError):
        return False


def _tree_hits(game: ParametricTree, exps: Sequence[Expectation], samples: Mapping[str, np.ndarray],
               base: Mapping[str, Any], at: Mapping[str, Any], n: int) -> np.ndarray:
    """Claims on a perfect-information tree, by backward induction over all draws at once.

    Draws where every choice is clear share their verdicts with every draw making the same
    choices: one of them is solved exactly, its subgame-perfect equilibrium must be the single
    pure profile backward induction found (else every draw of the group is solved on its own),
    and its verdicts are those of the group. Draws with a tie are solved on their own.
    """
    from convenience.extensive.batch_backward import backward_choices

    arrays = {name: np.full(n, float(value)) for name, value in base.items()}
    arrays.update({name: np.asarray(column, dtype=float) for name, column in samples.items() if name not in at})
    arrays.update({name: np.full(n, float(value)) for name, value in at.items()})
    choices, clear = backward_choices(game, arrays, n)
    out = np.zeros((len(exps), n), dtype=bool)
    groups: dict[bytes, list[int]] = {}
    for index in np.flatnonzero(clear):
        groups.setdefault(choices[:, index].tobytes(), []).append(int(index))
    alone = [int(k) for k in np.flatnonzero(~clear)]
    for members in groups.values():
        point = Point(game, _values(base, samples, members[0], at))
        if not _plays_exactly(point, choices[:, members[0]]):
            alone += members
            continue
        for i, exp in enumerate(exps):
            out[i, members] = holds_safely(point, exp)
    for k in alone:
        one = Point(game, _values(base, samples, k, at))
        for i, exp in enumerate(exps):
            out[i, k] = holds_safely(one, exp)
    return out


def _plays_exactly(point: Point, chosen: np.ndarray) -> bool:
    """Whether the exact subgame-perfect equilibria at ``point`` are one pure profile taking
    the action ``chosen[v]`` at every decision node ``v``."""
    try:
        profiles = point.spe
        tree = point.numeric
    except (InputError, ArithmeticError, ValueError):
        return False
    if len(profiles) != 1:
        return False
    strategy = profiles[0]
    for v in np.flatnonzero(chosen >= 0):
        h = int(tree.infoset[v])
        probs = strategy[int(tree.action_offset[h]):int(tree.action_offset[h + 1])]
        if float(probs[int(chosen[v])]) != 1.0:
            return False
    return True


def _patterns(game: ParametricGame, samples: Mapping[str, np.ndarray], base: Mapping[str, Any], at: Mapping[str, Any],
              n: int) -> np.ndarray:
    """One code per draw: the signs of every unilateral deviation gain (with the checks' tolerance)."""
    arrays = {name: np.full(n, float(value)) for name, value in base.items()}
    arrays.update({name: np.asarray(column, dtype=float) for name, column in samples.items() if name not in at})
    arrays.update({name: np.full(n, float(value)) for name, value in at.items()})
    payoffs = game.numeric_function()(**arrays)  # (players, *shape, n)
    payoffs = np.broadcast_to(payoffs, payoffs.shape[:-1] + (n,)) if payoffs.shape[-1] != n else payoffs
    flat = payoffs.reshape(-1, n)
    spread = np.nanmax(flat, axis=0) - np.nanmin(flat, axis=0)
    tol = 1e-9 * np.maximum(1.0, spread)
    signs = []
    for p in range(payoffs.shape[0]):
        own = np.moveaxis(payoffs[p], p, 0)
        gains = own[:, None] - own[None, :]
        signs.append(np.sign(np.where(np.abs(gains) <= tol, 0.0, gains)).reshape(-1, n))
    codes = np.concatenate(signs, axis=0).T.astype(np.int8)
    bad = ~np.isfinite(flat).all(axis=0)
    codes[bad] = 2  # a payoff undefined at this draw: evaluated on its own below
    return codes


def _normal_hits(game: ParametricGame, exps: Sequence[Expectation], samples: Mapping[str, np.ndarray],
                 base: Mapping[str, Any], at: Mapping[str, Any], n: int) -> np.ndarray:
    codes = _patterns(game, samples, base, at, n)
    unique, inverse = np.unique(codes, axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    out = np.zeros((len(exps), n), dtype=bool)
    pattern_rows = [i for i, e in enumerate(exps) if e.check in PATTERN_CHECKS]
    solved_rows = [i for i, e in enumerate(exps) if e.check not in PATTERN_CHECKS]
    for u in range(len(unique)):
        members = np.flatnonzero(inverse == u)
        point = point_at(game, _values(base, samples, int(members[0]), at))
        if (unique[u] == 2).any():  # undefined payoffs: every draw on its own
            for k in members:
                one = point_at(game, _values(base, samples, int(k), at))
                for i, exp in enumerate(exps):
                    out[i, k] = holds_safely(one, exp)
            continue
        for i in pattern_rows:
            out[i, members] = holds_safely(point, exps[i])
        if not solved_rows:
            continue
        if point.only is not None:
            for i in solved_rows:
                out[i, members] = holds_safely(point, exps[i])
            continue
        pure = _pure_equilibria(point)
        open_rows = [i for i in solved_rows if not _refuted(exps[i], pure)]  # refuted ones stay False
        for j, k in enumerate(members if open_rows else ()):
            one = point if j == 0 else point_at(game, _values(base, samples, int(k), at))
            for i in open_rows:
                out[i, k] = holds_safely(one, exps[i])
    return out


def _pure_equilibria(point: Point) -> list[tuple[int, ...]]:
    """The pure equilibria at ``point`` (decided by the deviation signs alone)."""
    game, tol = point.normal, point.tol()
    found = []
    for index in np.ndindex(*game.shape):
        chosen = dict(enumerate(index))
        if all(gain <= tol for _, _, gain in point.deviation_gains(chosen)):
            found.append(tuple(index))
    return found


def _refuted(exp: Expectation, pure: Sequence[tuple[int, ...]]) -> bool:
    """Whether the pure equilibria alone show that ``exp`` fails (mixed ones could only add to them)."""
    target = exp.target
    if exp.check == "outcome":
        return any(any(eq[p] != s for p, s in target.items()) for eq in pure)
    if exp.check == "never_played":
        return any(any(eq[p] == s for p, s in target.items()) for eq in pure)
    if exp.check == "unique":
        if len(pure) > 1:
            return True
        return target is not True and bool(pure) and pure[0] != tuple(target[p] for p in range(len(target)))
    return False


__all__ = ["PATTERN_CHECKS", "box_draws", "claim_hits", "declared_draws", "game_seed", "holds_safely", "ranged"]
