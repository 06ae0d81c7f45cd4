"""What a report draws beyond the thresholds: exact regions and outcome shares.

* :func:`path_map`: a perfect-information tree's plane of its two most fragile parameters cut
  into regions of equal subgame-perfect play (the paths taken, not the whole plans), with the
  boundaries matched to the exact conditions;
* :func:`sustain_map`: a repeated game's exact sustainability condition ``delta >= delta*``
  over the parameter that moves the critical discount factor most and the discount factor (or
  the parameter it is written in, such as a discount rate ``r``), checked against the game
  solved along the ranges and at seeded random points before it is used;
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
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.game import ParametricAny

if TYPE_CHECKING:
    from convenience.repeated.game import ParametricRepeatedGame

#: Points along the parameter of an outcome-share chart, and draws of the others per point.
SHARE_POINTS = 40
SHARE_DRAWS = 200
#: Seeded random points at which a repeated game is solved to check its exact condition.
CHECK_POINTS = 12
#: Cells per axis of a sampled map (one seeded random point solved in each).
MAP_CELLS = 16
#: Equal bins of the most fragile parameter into which the run's draws are grouped, and the
#: fewest draws a bin needs to be shown.
SHARE_BINS = 20
MIN_BIN_DRAWS = 10
#: How the note saying why a repeated game has no sustainability map begins.
NO_MAP = "no sustainability map"


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


# -- repeated games -----------------------------------------------------------------------
@dataclass(frozen=True)
class SustainMap:
    """Where the target is sustained: ``condition(x, y) >= 0``, exactly."""

    target: str  # "(Quota, Quota)"
    x: str  # a parameter
    y: str  # the parameter the discount factor is written in, or "delta"
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    baseline: tuple[float, float]
    condition: Any  # sympy expression of x and y: discount factor minus critical discount factor
    discount: str  # "1/(r + 1)" or "delta"
    critical: str  # "(t - 3)/(t - 1)"
    checked: int  # points where the solved game agreed with the condition
    # the condition with every parameter free (for draws of all of them), None when the game
    # solved at seeded random points of all the ranges disagrees with it
    full: Any = None

    def to_dict(self) -> dict:
        import math

        return {"target": self.target, "x": self.x, "y": self.y, "x_range": list(self.x_range),
                "y_range": list(self.y_range),
                "baseline": [v if math.isfinite(v) else None for v in self.baseline],
                "discount": self.discount, "critical": self.critical,
                "sustained_where": f"{self.discount} >= {self.critical}", "checked_points": self.checked}


def _sustained(labels: Any) -> bool | None:
    for label in labels:
        if label.endswith(" not sustained"):
            return False
        if label.endswith(" sustained"):
            return True
    return None


def _symbol(expr: Any, name: str) -> Any:
    import sympy

    found = [s for s in expr.free_symbols if str(s) == name]
    return found[0] if found else sympy.Symbol(name, real=True)


@dataclass(frozen=True)
class _Plane:
    """The plane of a sustainability map: ``x`` (a parameter of the critical discount factor)
    against ``y`` (the parameter the discount factor is written in, or ``"delta"``), with the
    condition ``discount - critical`` over it (every other parameter at its baseline)."""

    x: str
    y: str
    x0: float
    y0: float
    y_range: tuple[float, float]
    condition: Any
    critical: Any


def sustain_map(game: ParametricRepeatedGame, report: Any, solve: Callable[[Any], Any] | None = None, seed: int = 0
                ) -> tuple[SustainMap | None, str]:
    """The exact sustainability map of an infinitely repeated game, or None and why not.

    The condition is the one found at the baseline (its deviations and punishments); it is
    used only if the game solved along every sweep of ``report`` and at :data:`CHECK_POINTS`
    seeded random points inside the ranges agrees with it wherever it is not on the boundary.
    """
    import sympy

    from convenience.analysis.sensitivity.generic import default_solver
    from convenience.repeated.solve import critical_discount

    parameters = game.parameters
    ranged = [n for n, p in parameters.items() if p.low is not None and p.high is not None
              and float(p.high) > float(p.low)]
    try:
        critical = critical_discount(game)
    except Exception as error:  # noqa: BLE001 - no map is an answer; the reason is shown
        return None, f"{NO_MAP}: no exact sustainability condition ({error})"
    delta = game.symbolic_discount()
    axes = _map_axes(report, ranged, critical, delta)
    if isinstance(axes, str):
        return None, f"{NO_MAP}: {axes}"
    x, discount_params = axes
    plane = _map_plane(game, x, discount_params, critical, delta)
    full = delta - critical
    full_names = [str(v) for v in sorted(full.free_symbols, key=str)]
    points, everywhere = _check_points(game, report, plane, discount_params, ranged, full_names,
                                       solve or default_solver(game), seed)
    agrees = _agreement(plane, full)
    checked = 0
    for point in points:
        found = agrees(point)
        if found:
            where = f"{x} = {point.get(x, plane.x0):g}" + (f", {plane.y} = {point.get(plane.y, plane.y0):g}"
                                                             if plane.y != "delta" else "")
            return None, (f"{NO_MAP}: the condition found at the baseline does not hold at {where} (other "
                          "deviations or punishments bind there)")
        checked += found is not None
    if any(agrees(point) for point in everywhere):
        full = None  # good in the plane, not when every parameter moves: no outcome shares from it
    target = next((label.rsplit(" ", 2 if label.endswith(" not sustained") else 1)[0]
                   for label in report.baseline if _sustained([label]) is not None), "")
    return SustainMap(target, x, plane.y, parameters[x].float_bounds(), plane.y_range,
                      (plane.x0, plane.y0), plane.condition, sympy.sstr(delta) if delta.free_symbols else "delta",
                      sympy.sstr(plane.critical), checked, full), ""


def _map_axes(report: Any, ranged: list[str], critical: Any, delta: Any) -> tuple[str, list[str]] | str:
    """The map's horizontal parameter and the discount factor's parameter (none or one), or why
    there is no map: the ranged parameter that moves the critical discount factor most (the
    tornado's order), else any ranged parameter besides the discount factor's."""
    names = {str(s) for s in delta.free_symbols}
    discount_params = [n for n in ranged if n in names]
    if len(discount_params) > 1 or (names and not discount_params and names - {"delta"}):
        return "the discount factor depends on several parameters, or on one without a range"
    order = [t.parameter for t in report.tornado if t.fragility() is not None] + ranged
    moving = [n for n in dict.fromkeys(order) if n in ranged and n not in discount_params]
    in_critical = [n for n in moving if n in {str(s) for s in critical.free_symbols}]
    if not (in_critical or moving):
        return "no parameter besides the discount factor has a range"
    return (in_critical or moving)[0], discount_params


def _map_plane(game: ParametricRepeatedGame, x: str, discount_params: list[str], critical: Any, delta: Any) -> _Plane:
    """The condition over ``x`` and the discount factor (its parameter, or the factor itself when
    it is fixed), every other parameter at its baseline as an exact rational."""
    import sympy

    baseline = game.baseline()
    subs = {s: sympy.Rational(*_fraction(baseline[str(s)]).as_integer_ratio())
            for s in (critical.free_symbols | delta.free_symbols) if str(s) not in (x, *discount_params)
            and str(s) in baseline}
    if discount_params:
        y = discount_params[0]
        return _Plane(x, y, float(baseline[x]), float(baseline[y]), game.parameters[y].float_bounds(),
                      sympy.simplify((delta - critical).subs(subs)), critical.subs(subs))
    # a fixed discount factor (or none given): the map's vertical axis is the factor itself
    y0 = float(delta) if delta.is_number else float("nan")
    return _Plane(x, "delta", float(baseline[x]), y0, (0.0, 1.0),
                  sympy.simplify(sympy.Symbol("delta", real=True) - critical.subs(subs)), critical.subs(subs))


def _check_points(game: ParametricRepeatedGame, report: Any, plane: _Plane, discount_params: list[str], ranged: list[str],
                  full_names: list[str], solve: Callable[[Any], Any], seed: int
                  ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Points where the game was solved, to check the condition against: the report's sweeps
    along the plane's axes and :data:`CHECK_POINTS` seeded draws of the plane; then as many
    draws of every ranged parameter at once (for the condition with every parameter free)."""
    from convenience.analysis.montecarlo.engine import generator
    from convenience.analysis.sensitivity.generic import equilibrium_set_at

    parameters, baseline = game.parameters, game.baseline()
    points: list[dict[str, Any]] = []
    for sweep in getattr(report, "sweeps", ()):
        if sweep.parameter not in (plane.x, plane.y):
            continue
        for value, labels in zip(sweep.values, sweep.sets):
            points.append({sweep.parameter: value, "_sustained": _sustained(labels)})
    rng = generator(seed)  # the check points' stream

    def draw(names: Sequence[str]) -> dict[str, Any]:
        out = {}
        for n in names:
            low, high = parameters[n].float_bounds()
            out[n] = _fraction(low + rng.random() * (high - low))
        return out

    for _ in range(CHECK_POINTS):  # the plane: x and the discount parameter drawn, the others at baseline
        values = draw([plane.x, *discount_params])
        points.append({**{n: float(v) for n, v in values.items()},
                       "_sustained": _sustained(equilibrium_set_at(game, solve, values))})
    everywhere = []
    for _ in range(CHECK_POINTS):  # every ranged parameter drawn at once (for the outcome shares)
        values = draw(ranged)
        at = {n: float(values.get(n, baseline.get(n, 0))) for n in full_names}
        everywhere.append({"_full": [at[n] for n in full_names],
                           "_sustained": _sustained(equilibrium_set_at(game, solve, values))})
    return points, everywhere


def _agreement(plane: _Plane, full: Any) -> Callable[[dict[str, Any]], bool | None]:
    """Whether the solved game and the condition disagree at a checked point (None: not
    comparable there: the solved game says nothing of the target, or the point is on the
    boundary); points of the plane are read by the plane's condition, points of every
    parameter (``_full``) by the whole condition ``full``."""
    import sympy

    f = sympy.lambdify((_symbol(plane.condition, plane.x), _symbol(plane.condition, plane.y)), plane.condition,
                       "numpy")
    f_full = sympy.lambdify(sorted(full.free_symbols, key=str), full, "numpy")

    def disagreement(point: dict[str, Any]) -> bool | None:
        if point["_sustained"] is None:
            return None
        with np.errstate(all="ignore"):
            value = float(f_full(*point["_full"])) if "_full" in point else \
                float(f(point.get(plane.x, plane.x0), point.get(plane.y, plane.y0)))
        if not np.isfinite(value) or abs(value) < 1e-9:
            return None
        return (value > 0) != point["_sustained"]

    return disagreement


def _fraction(value: Any) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    f = Fraction(repr(float(value)))
    return f if f.denominator <= 10**12 else Fraction(float(value))


def sustain_sets(smap: SustainMap, values: Mapping[str, Any]) -> Callable[[Mapping[str, np.ndarray]], list]:
    """Sustained or not at many points at once, from the checked condition (every parameter
    not given at its value in ``values``)."""
    import sympy

    symbols = sorted(smap.full.free_symbols, key=str)
    f = sympy.lambdify(symbols, smap.full, "numpy")
    target = smap.target or "the target"

    def sets(arrays: Mapping[str, np.ndarray]) -> list[frozenset[str]]:
        size = max((np.size(v) for v in arrays.values()), default=1)
        args = [np.broadcast_to(np.asarray(arrays.get(str(s), float(values.get(str(s), smap.baseline[1]))),
                                           dtype=float), (size,)) for s in symbols]
        with np.errstate(all="ignore"):
            g = np.broadcast_to(np.asarray(f(*args), dtype=float), (size,))
        return [frozenset({f"{target} sustained" if v >= -1e-12 else f"{target} not sustained"}) for v in g]

    return sets


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
    found = solve_points(runner, [{x: _fraction(a), y: _fraction(b)} for a, b in points], outcomes=True)
    tree = any(outcomes for _, outcomes in found)
    labels = tuple(set_label(outcomes if tree else labels) for labels, outcomes in found)
    return SampledMap(x, y, (x0, x1), (y0, y1), (float(px.value), float(py.value)), tuple(points), labels, cells,
                      int(seed), "play" if tree else "equilibrium set")
