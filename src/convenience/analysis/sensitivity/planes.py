"""What a report draws beyond the thresholds: exact regions and outcome shares.

* :func:`path_map`: a perfect-information tree's plane of its two most fragile parameters cut
  into regions of equal subgame-perfect play (the paths taken, not the whole plans), with the
  boundaries matched to the exact conditions;
* :func:`~convenience.analysis.sensitivity.sustain.sustain_map`: a repeated game's exact
  sustainability condition over a plane, in its own module;
* :func:`outcome_shares`: along the most fragile parameter, the share of draws of the other
  parameters (from their declared distributions, seeded) in which each outcome holds, for the
  games whose outcome can be evaluated over whole arrays (strategic forms, perfect-information
  trees, repeated games with a checked condition);
* :func:`sampled_map` and :func:`binned_shares`: the same two pictures for games solved one
  point at a time (trees with chance moves or information sets, repeated games whose condition
  changes away from the baseline): the plane solved at seeded random points, one in each cell
  of a grid, and the run's own Monte Carlo draws grouped by the value of the parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from convenience.game import ParametricAny
from convenience.numbers import decimal_fraction

#: Points along the parameter of an outcome-share chart, and draws of the others per point.
SHARE_POINTS = 40
SHARE_DRAWS = 200
#: Cells per axis of a sampled map (one seeded random point solved in each).
MAP_CELLS = 16
#: Equal bins of the most fragile parameter into which the run's draws are grouped, and the
#: fewest draws a bin needs to be shown.
SHARE_BINS = 20
MIN_BIN_DRAWS = 10


# -- perfect-information trees ------------------------------------------------------------
def play_sets(conditions: Any, values: Mapping[str, Any]) -> Callable[[Mapping[str, np.ndarray]], list]:
    """The set of subgame-perfect paths at many points at once (unset parameters at ``values``)."""
    from convenience.analysis.sensitivity.symbolic import batch_presence

    outcome_of = [c.outcome for c in conditions.candidates]

    def sets(arrays: Mapping[str, np.ndarray]) -> list[frozenset[str]]:
        size = max((np.size(v) for v in arrays.values()), default=1)
        full = {n: arrays.get(n, float(values[n])) for n in conditions.parameters}
        presence = batch_presence(conditions, full, size)
        return [frozenset(outcome_of[k] for k in np.flatnonzero(row)) for row in presence]

    return sets


def path_map(game: ParametricAny, conditions: Any, x: str, y: str, points: int) -> Any:
    """Regions of equal subgame-perfect play over ``x`` and ``y`` (others at baseline)."""
    from convenience.analysis.sensitivity.regimes import regime_map

    values = game.baseline()
    (x0, x1), (y0, y1) = game.parameters[x].float_bounds(), game.parameters[y].float_bounds()
    return regime_map(play_sets(conditions, values), x, (x0, x1, points), y, (y0, y1, points), analysis=conditions,
                      values=values)


# -- outcome shares -----------------------------------------------------------------------
@dataclass(frozen=True)
class OutcomeShares:
    """Along ``parameter``: the share of draws of the others in which each outcome holds."""

    parameter: str
    xs: tuple[float, ...]
    outcomes: tuple[str, ...]  # labels (equilibrium sets, plays), most frequent overall first
    shares: tuple[tuple[float, ...], ...]  # per outcome, per x
    draws: int
    seed: int
    baseline: float
    what: str  # "equilibrium set", "play" (trees) or "outcome" (repeated games: sustained or not)
    # binned shares (:func:`binned_shares`): the draws falling in each bin, whose centres are
    # ``xs``, and the width of a bin; empty for shares at fixed values with the same draws at each
    counts: tuple[int, ...] = ()
    width: float = 0.0

    def to_dict(self) -> dict:
        return {"parameter": self.parameter, "what": self.what, "method": "binned" if self.counts else "grid",
                "values": list(self.xs), "outcomes": [{"label": label, "shares": list(v)}
                                                      for label, v in zip(self.outcomes, self.shares)],
                "draws": self.draws, "seed": self.seed, "baseline": self.baseline,
                **({"bin_draws": list(self.counts), "bin_width": self.width} if self.counts else {})}


def outcome_shares(sets: Callable[[Mapping[str, np.ndarray]], list], distributions: Sequence[Any],
                   parameter: str, low: float, high: float, baseline: float, *, seed: int, what: str,
                   points: int = SHARE_POINTS, draws: int = SHARE_DRAWS) -> OutcomeShares:
    """Shares of each outcome at ``points`` values of ``parameter`` (the midpoints of equal steps
    across its range); the same ``draws`` of the other parameters (seeded) at every value, so
    the curves move only with ``parameter``."""
    from convenience.analysis.montecarlo.engine import stream_draws
    from convenience.analysis.montecarlo.robustness import set_label

    others = {d.parameter: d for d in distributions if d.parameter != parameter}
    drawn = stream_draws(others, seed, draws) if others else {}
    xs = low + (np.arange(points) + 0.5) * (high - low) / points  # midpoints: not the ends, where ties sit
    arrays = {n: np.tile(v, points) for n, v in drawn.items()}
    arrays[parameter] = np.repeat(xs, draws)
    labels = [set_label(s) for s in sets(arrays)]
    order = sorted(set(labels), key=lambda lab: (-labels.count(lab), lab))
    table = np.array(labels, dtype=object).reshape(points, draws)
    shares = tuple(tuple(float(np.mean(table[k] == lab)) for k in range(points)) for lab in order)
    return OutcomeShares(parameter, tuple(map(float, xs)), tuple(order), shares, draws, seed, float(baseline), what)


def binned_shares(record: Any, parameter: str, low: float, high: float, baseline: float, *, seed: int,
                  what: str, outcome: Callable[[str], str], bins: int = SHARE_BINS,
                  least: int = MIN_BIN_DRAWS) -> OutcomeShares | None:
    """Shares of each outcome along ``parameter`` from draws already solved (a
    :class:`~convenience.analysis.montecarlo.robustness.DrawRecord`): the draws are grouped
    into ``bins`` equal bins of the parameter's range and each bin shows the share of its own
    draws with each outcome (``outcome`` turns a draw's label into the outcome shown); bins with
    fewer than ``least`` draws are left out. None when the parameter was not drawn or no bin
    has enough draws."""
    drawn = record.of(parameter) if record is not None else None
    if drawn is None or high <= low:
        return None
    labels = [outcome(label) for label in (record.plays or record.sets)]
    values = np.asarray(drawn, dtype=float)
    width = (high - low) / bins
    index = np.clip(((values - low) / width).astype(int), 0, bins - 1)
    kept = [k for k in range(bins) if int(np.sum(index == k)) >= least]
    if not kept:
        return None
    order = sorted(set(labels), key=lambda lab: (-labels.count(lab), lab))
    table = np.array(labels, dtype=object)
    shares = tuple(tuple(float(np.mean(table[index == k] == lab)) for k in kept) for lab in order)
    return OutcomeShares(parameter, tuple(low + (k + 0.5) * width for k in kept), tuple(order), shares,
                         len(labels), seed, float(baseline), what,
                         tuple(int(np.sum(index == k)) for k in kept), float(width))


# -- sampled maps -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SampledMap:
    """The outcome solved at seeded random points of the plane of ``x`` and ``y`` (the other
    parameters at baseline), one point in each of ``cells`` x ``cells`` equal cells."""

    x: str
    y: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    baseline: tuple[float, float]
    points: tuple[tuple[float, float], ...]
    labels: tuple[str, ...]  # the outcome at each point (a tree's play: its set of paths)
    cells: int
    seed: int
    what: str  # "play" or "equilibrium set"

    def to_dict(self) -> dict:
        return {"x": self.x, "y": self.y, "x_range": list(self.x_range), "y_range": list(self.y_range),
                "baseline": list(self.baseline), "method": "sampled", "cells": self.cells, "seed": self.seed,
                "what": self.what, "points": [{self.x: px, self.y: py, "outcome": label}
                                              for (px, py), label in zip(self.points, self.labels)]}


def sampled_map(game: ParametricAny, runner: Any, x: str, y: str, *, seed: int, cells: int = MAP_CELLS) -> SampledMap:
    """Solve ``game`` at one seeded random point in each of ``cells`` x ``cells`` cells of the
    plane of ``x`` and ``y`` (others at baseline) on ``runner`` (sharing ``(game, solve)``); each
    point's outcome is the set of its equilibria's paths for a tree, its equilibrium set otherwise."""
    from convenience.analysis.montecarlo.engine import generator
    from convenience.analysis.montecarlo.robustness import set_label
    from convenience.analysis.sensitivity.generic import solve_points

    px, py = game.parameters[x], game.parameters[y]
    (x0, x1), (y0, y1) = px.float_bounds(), py.float_bounds()
    rng = generator([int(seed), cells])  # the map's own stream
    offsets = rng.random((cells * cells, 2))
    points = []
    for k, (u, v) in enumerate(offsets):
        i, j = k % cells, k // cells
        points.append((x0 + (i + u) * (x1 - x0) / cells, y0 + (j + v) * (y1 - y0) / cells))
    found = solve_points(runner, [{x: decimal_fraction(a), y: decimal_fraction(b)} for a, b in points], outcomes=True)
    tree = any(outcomes for _, outcomes in found)
    labels = tuple(set_label(outcomes if tree else labels) for labels, outcomes in found)
    return SampledMap(x, y, (x0, x1), (y0, y1), (float(px.value), float(py.value)), tuple(points), labels, cells,
                      int(seed), "play" if tree else "equilibrium set")
