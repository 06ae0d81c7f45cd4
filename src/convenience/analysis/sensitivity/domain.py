"""Where a game's expressions stop being numbers inside the declared ranges.

Sweeps and Monte Carlo draws evaluate every payoff (and a tree's chance probabilities, a
repeated game's discount factor) all over the box of declared parameter ranges. A payoff that
is not a finite real number somewhere in it (a negative number to a fractional power, a
division by zero, an overflow), or a probability that leaves [0, 1], would be met there; the
checks here find the first such expression before any analysis starts and say where, as an
:class:`~convenience.errors.InputError` naming the file, the entry and the parameter values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.errors import InputError

if TYPE_CHECKING:
    from convenience.extensive.parametric_tree import ParametricTree
    from convenience.parametric import ParametricGame
    from convenience.repeated.game import ParametricRepeatedGame


#: Points of the box of declared ranges tried by :func:`payoff_domain_problem`: its corners (for
#: at most this many ranged parameters), a line of this many points along each parameter through
#: the baseline, and as many seeded random points.
DOMAIN_POINTS = 64


def payoff_domain_problem(game: ParametricGame) -> InputError | None:
    """A payoff of a normal-form game that is not a finite real number somewhere inside the
    declared ranges (a negative number to a fractional power, a division by zero, an overflow),
    located with the parameter values, or None (see :func:`domain_problem`)."""
    return domain_problem(_cell_entries(game), game.parameters, game.file)


def tree_domain_problem(tree: ParametricTree) -> InputError | None:
    """:func:`payoff_domain_problem` for a game tree: every payoff and chance probability (a
    probability must also stay within [0, 1])."""
    entries: list[tuple[str, Any, Any, Any]] = []
    for node in tree.root.walk():
        for expr in node.payoffs.values():
            entries.append(("payoff", expr, node.where, None))
        for k, (action, expr) in enumerate(zip(node.actions, node.probs)):
            where = node.prob_where[k] if node.prob_where else node.where
            entries.append((f"probability of '{action}'", expr, where, ((0, False), (1, False))))
    return domain_problem(entries, tree.parameters, tree.file)


def repeated_domain_problem(game: ParametricRepeatedGame) -> InputError | None:
    """:func:`payoff_domain_problem` for a repeated game: its stage payoffs and its discount
    factor (which must also stay within ``0 <= discount < 1``, or ``0 < discount <= 1`` for a
    finite horizon)."""
    entries = list(_cell_entries(game.stage))
    if game.discount is not None:
        finite = game.horizon is not None
        line, column = game.discount_where
        entries.append(("discount factor", game.discount, (line, column, "discount"),
                        ((0, finite), (1, not finite))))
    return domain_problem(entries, game.parameters, game.file)


def _cell_entries(game: ParametricGame) -> list[tuple[str, Any, Any, Any]]:
    """``(what, expression, (line, column, key), bounds)`` of each payoff of a normal form."""
    out: list[tuple[str, Any, Any, Any]] = []
    for index, expr in np.ndenumerate(game.expressions):
        line, column = game.positions.get(index, (None, None))
        key = game.cell_key(index)
        out.append(("payoff", expr, (line, column, key), None))
    return out


def domain_problem(entries: Any, parameters: dict, file: str | None) -> InputError | None:
    """The first entry ``(what, expression, (line, column, key), bounds)`` whose value is not a
    finite real number (or leaves ``bounds``, ``((low, open), (high, open))``) somewhere inside
    the declared parameter ranges, as an error naming the parameter values, or None.

    Sweeps and draws would meet those values; the check tries the corners of the box of ranges,
    lines through the baseline along each parameter and seeded random points, all at once.
    """
    import itertools

    ranged = [name for name, p in parameters.items() if p.range is not None and p.low != p.high]
    if not ranged:
        return None
    baseline = {name: float(p.value) for name, p in parameters.items()}
    low = np.array([float(parameters[n].low) for n in ranged])
    high = np.array([float(parameters[n].high) for n in ranged])
    points = [np.array([baseline[n] for n in ranged])]
    if len(ranged) <= 10:
        points += [np.array(corner) for corner in itertools.product(*zip(low, high))]
    for k in range(len(ranged)):
        for t in np.linspace(0.0, 1.0, DOMAIN_POINTS):
            point = points[0].copy()
            point[k] = low[k] + t * (high[k] - low[k])
            points.append(point)
    from convenience.analysis.montecarlo.engine import unit_box

    points += list(low + unit_box(0, DOMAIN_POINTS, len(ranged)) * (high - low))
    grid = np.array(points).T
    values = dict(baseline)
    values.update({name: grid[k] for k, name in enumerate(ranged)})
    for what, expr, where, bounds in entries:
        used = [n for n in ranged if n in getattr(expr, "parameters", ())]
        if not used:
            continue
        with np.errstate(all="ignore"):
            try:
                result = np.broadcast_to(np.asarray(expr.with_float_constants().evaluate(values), dtype=float),
                                         grid.shape[1:])
            except (ArithmeticError, ValueError, TypeError):
                result = np.full(grid.shape[1:], np.nan)
        bad = np.flatnonzero(~np.isfinite(result))
        problem = "is not a finite real number"
        if not bad.size and bounds is not None:
            (lo, lo_open), (hi, hi_open) = bounds
            outside = (result <= lo if lo_open else result < lo - 1e-12) | \
                      (result >= hi if hi_open else result > hi + 1e-12)
            bad = np.flatnonzero(outside)
            problem = (f"leaves {'(' if lo_open else '['}{lo}, {hi}{')' if hi_open else ']'} "
                       f"(value {result[bad[0]]:g})" if bad.size else problem)
        if bad.size:
            at = ", ".join(f"{n} = {grid[ranged.index(n), bad[0]]:g}" for n in used)
            ranges = ", ".join(f"{n} in [{parameters[n].low}, {parameters[n].high}]" for n in used)
            line, column, key = where
            return InputError(f"{what} {expr} {problem} at {at}, inside the declared ranges ({ranges}); "
                              f"sensitivity analysis would meet it (narrow the range or rewrite the {what.split(' of ')[0]})",
                              file=file, line=line, column=column, key=key)
    return None


__all__ = ["DOMAIN_POINTS", "domain_problem", "payoff_domain_problem", "repeated_domain_problem", "tree_domain_problem"]
