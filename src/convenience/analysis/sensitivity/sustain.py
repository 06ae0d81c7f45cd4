"""A repeated game's sustainability map: where grim trigger sustains its target, exactly.

:func:`sustain_map` draws the exact sustainability condition ``delta >= delta*`` over the
parameter that moves the critical discount factor most and the discount factor (or the
parameter it is written in, such as a discount rate ``r``), and uses it only after checking it
against the game solved along the report's sweeps and at seeded random points;
:func:`sustain_sets` evaluates the checked condition over whole arrays of parameter values (the
outcome shares of :mod:`convenience.analysis.sensitivity.planes`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.numbers import decimal_fraction

if TYPE_CHECKING:
    from convenience.repeated.game import ParametricRepeatedGame

#: Seeded random points at which a repeated game is solved to check its exact condition.
CHECK_POINTS = 12
#: How the note saying why a repeated game has no sustainability map begins.
NO_MAP = "no sustainability map"


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
    subs = {s: sympy.Rational(*decimal_fraction(baseline[str(s)]).as_integer_ratio())
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
            out[n] = decimal_fraction(low + rng.random() * (high - low))
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


__all__ = ["CHECK_POINTS", "NO_MAP", "SustainMap", "sustain_map", "sustain_sets"]
