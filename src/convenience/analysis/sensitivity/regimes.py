"""Two-way regime maps: the plane of two parameters cut into regions of equal equilibrium set.

The grid is evaluated in one batch; each region is labelled by its equilibrium set. Where two
neighbouring grid cells differ, the boundary between them is located by bisection along the
grid line (all brackets at once). When symbolic conditions are available, each located
boundary point is matched to the exact condition whose numerator or denominator vanishes there,
so the boundary is reported as an equation ("B_R = k + 3") rather than only as points.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from convenience.analysis.montecarlo.robustness import set_label


@dataclass(frozen=True)
class Region:
    equilibria: tuple[str, ...]
    share: float  # fraction of grid points
    example: tuple[float, float]  # a grid point inside it
    dilemmas: tuple[str, ...] = ()  # named 2x2 dilemmas met inside the region, most frequent first

    @property
    def label(self) -> str:
        return set_label(self.equilibria)

    @property
    def described(self) -> str:
        """The label with the named dilemmas of the region: "Defect/Defect (Prisoner's Dilemma)"."""
        return f"{self.label} ({', '.join(self.dilemmas)})" if self.dilemmas else self.label

    def to_dict(self) -> dict:
        return {"label": self.label, "equilibria": list(self.equilibria), "share": self.share,
                "example": list(self.example), "dilemmas": list(self.dilemmas)}


@dataclass(frozen=True)
class Boundary:
    """Where the equilibrium set changes between two regions."""

    between: tuple[str, str]  # region labels
    points: tuple[tuple[float, float], ...]  # located by bisection
    equations: tuple[str, ...] = ()  # exact boundary equations matched at those points
    # the same boundaries as sympy expressions of the two parameters (the others at baseline)
    # vanishing on them: figures draw the exact curves from these
    curves: tuple = ()

    def to_dict(self) -> dict:
        return {"between": list(self.between), "points": [list(p) for p in self.points],
                "equations": list(self.equations)}


@dataclass(frozen=True)
class RegimeMap:
    x: str
    y: str
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    grid: tuple[tuple[int, ...], ...]  # region index at (y index, x index)
    regions: tuple[Region, ...]
    boundaries: tuple[Boundary, ...]
    notes: tuple[str, ...] = ()

    def region_at(self, ix: int, iy: int) -> Region:
        return self.regions[self.grid[iy][ix]]

    def to_dict(self) -> dict:
        return {"x": self.x, "y": self.y, "xs": list(self.xs), "ys": list(self.ys),
                "grid": [list(r) for r in self.grid], "regions": [r.to_dict() for r in self.regions],
                "boundaries": [b.to_dict() for b in self.boundaries], "notes": list(self.notes)}


def _bisect(equilibrium_sets, fixed: dict, moving: str, other: str, a: np.ndarray, b: np.ndarray,
            others: np.ndarray, left: list, iterations: int = 40) -> np.ndarray:
    a, b = a.astype(float).copy(), b.astype(float).copy()
    for _ in range(iterations):
        mid = (a + b) / 2
        sets = equilibrium_sets({moving: mid, other: others})
        same = np.array([s == l for s, l in zip(sets, left)])
        a = np.where(same, mid, a)
        b = np.where(same, b, mid)
    return (a + b) / 2


def regime_map(equilibrium_sets: Callable[[Mapping[str, np.ndarray]], list], x: str, x_range: tuple,
               y: str, y_range: tuple, *, analysis: Any = None, values: Mapping[str, Any] | None = None,
               max_points: int = 200, dilemmas: Callable[[Mapping[str, np.ndarray]], list] | None = None
               ) -> RegimeMap:
    """Partition the ``x``-``y`` plane (others at baseline) into regions of equal equilibrium set.

    ``dilemmas`` (see :func:`convenience.analysis.topology.dilemma_namer`) names the canonical
    2x2 dilemma at each grid point; each region then lists the dilemmas found inside it.
    """
    xs = np.linspace(float(x_range[0]), float(x_range[1]), int(x_range[2]))
    ys = np.linspace(float(y_range[0]), float(y_range[1]), int(y_range[2]))
    X, Y = np.meshgrid(xs, ys)
    sets = equilibrium_sets({x: X.ravel(), y: Y.ravel()})
    keys = sorted(set(sets), key=lambda s: (-sets.count(s), sorted(s)))
    index = {k: n for n, k in enumerate(keys)}
    codes = np.array([index[s] for s in sets]).reshape(X.shape)
    names = np.array(dilemmas({x: X.ravel(), y: Y.ravel()}), dtype=object).reshape(X.shape) if dilemmas else None
    regions = []
    for n, k in enumerate(keys):
        where = np.argwhere(codes == n)
        iy, ix = where[len(where) // 2]
        inside: tuple[str, ...] = ()
        if names is not None:
            found_names = [str(v) for v in names[codes == n]]
            inside = tuple(sorted(set(found_names), key=lambda v: (-found_names.count(v), v)))
        regions.append(Region(tuple(sorted(k)), float((codes == n).mean()), (float(xs[ix]), float(ys[iy])), inside))
    found: dict = {}
    # horizontal neighbours: bisect along x; vertical neighbours: along y
    for axis in (1, 0):
        if axis == 1:
            diff = np.argwhere(codes[:, :-1] != codes[:, 1:])
            if not len(diff):
                continue
            iy, ix = diff[:, 0], diff[:, 1]
            left = [keys[codes[a, b]] for a, b in zip(iy, ix)]
            pts = _bisect(equilibrium_sets, {}, x, y, xs[ix], xs[ix + 1], ys[iy], left)
            located = [(px, py, x) for px, py in zip(pts, ys[iy])]
            pairs = [(codes[a, b], codes[a, b + 1]) for a, b in zip(iy, ix)]
        else:
            diff = np.argwhere(codes[:-1, :] != codes[1:, :])
            if not len(diff):
                continue
            iy, ix = diff[:, 0], diff[:, 1]
            left = [keys[codes[a, b]] for a, b in zip(iy, ix)]
            pts = _bisect(equilibrium_sets, {}, y, x, ys[iy], ys[iy + 1], xs[ix], left)
            located = [(px, py, y) for px, py in zip(xs[ix], pts)]
            pairs = [(codes[a, b], codes[a + 1, b]) for a, b in zip(iy, ix)]
        for pair, point in zip(pairs, located):
            key = tuple(sorted(int(p) for p in pair))
            found.setdefault(key, []).append((float(point[0]), float(point[1]), point[2]))
    boundaries = []
    for (i, j), points in sorted(found.items()):
        points = sorted(set(points))
        if len(points) > max_points:
            step = len(points) / max_points
            points = [points[int(k * step)] for k in range(max_points)]
        matched = _match_equations(analysis, values or {}, x, y, points) if analysis is not None else ()
        located_points = tuple(sorted({(px, py) for px, py, _ in points}))
        boundaries.append(Boundary((regions[i].label, regions[j].label), located_points,
                                   tuple(text for text, _ in matched), tuple(curve for _, curve in matched)))
    notes = () if analysis is not None else ("boundaries located numerically (bisection between grid points)",)
    return RegimeMap(x, y, tuple(map(float, xs)), tuple(map(float, ys)), tuple(tuple(int(c) for c in row) for row in codes),
                     tuple(regions), tuple(boundaries), notes)


_LAMBDAS: dict = {}  # compiled boundary polynomials, shared by every boundary of a map
_EXPANDED: dict = {}  # boundary polynomials with the other parameters substituted


def _match_equations(analysis: Any, values: Mapping[str, Any], x: str, y: str,
                     points: list[tuple[float, float, str]]) -> tuple[tuple[str, Any], ...]:
    """Exact conditions (numerators/denominators, others at baseline) vanishing at the points,
    each as ``(equation text, sympy expression of x and y)``.

    Each point is ``(x value, y value, the parameter bisected to find it)``: only that coordinate
    is a located boundary value, the other is a grid value. An equation counts at a point only if
    it involves the bisected parameter; otherwise any line ``y = c`` through a grid row would
    "match" every point found on that row.
    """
    import sympy

    from convenience.analysis.sensitivity.symbolic import fraction_parts

    names = analysis.parameters
    subs = {sympy.Symbol(n, real=True): sympy.Rational(*fraction_parts(values[n])) for n in names if n not in (x, y)}
    sx, sy = sympy.Symbol(x, real=True), sympy.Symbol(y, real=True)
    frozen = tuple(sorted((str(k), v) for k, v in subs.items()))
    P = np.array([(px, py) for px, py, _ in points], dtype=float)
    along_x = np.array([axis == x for _, _, axis in points])
    seen: dict = {}
    for cand in getattr(analysis, "tracked", analysis.candidates):
        polys = [p for cond in cand.conditions for p in (cond.numer, cond.denom)]
        polys += list(getattr(cand, "boundary", None) or ())
        for poly in polys:
            if poly.is_ground:
                continue
            key = (poly, frozen)
            expr = _EXPANDED.get(key)
            if expr is None:
                if len(_EXPANDED) > 4096:
                    _EXPANDED.clear()
                expr = _EXPANDED[key] = sympy.expand(poly.as_expr().subs(subs))
            for factor in _factors(expr):
                if factor in seen:
                    continue
                f = _LAMBDAS.get((sx, sy, factor))
                if f is None:
                    if len(_LAMBDAS) > 4096:
                        _LAMBDAS.clear()
                    f = _LAMBDAS[(sx, sy, factor)] = sympy.lambdify((sx, sy), factor, "numpy")
                with np.errstate(all="ignore"):
                    v = np.broadcast_to(np.asarray(f(P[:, 0], P[:, 1]), dtype=float), (len(P),))
                scale = max(1.0, float(np.abs(P).max()))
                free = factor.free_symbols
                located = (along_x & (sx in free)) | (~along_x & (sy in free))
                hits = int(np.sum((np.abs(v) <= 1e-6 * scale) & located))
                if hits:
                    seen[factor] = hits
    texts: dict[str, Any] = {}
    for e in sorted(seen, key=lambda e: -seen[e]):
        texts.setdefault(_equation_text(e), e)
    return tuple(texts.items())


_FACTORS: dict = {}


def _factors(expr: Any) -> tuple:
    """The distinct irreducible factors of a boundary polynomial that involve a parameter.

    ``12*L**2 - 9*L*k`` vanishes where ``L = 0`` or ``4*L = 3*k``; reporting the factors, not
    the product, names each boundary once ("L = 0" rather than also "4*L = 0", "L*k = 0").
    """
    found = _FACTORS.get(expr)
    if found is None:
        import sympy

        if not expr.free_symbols:
            found = ()
        else:
            try:
                _, factors = sympy.factor_list(expr)
                found = tuple(dict.fromkeys(_readable(f) for f, _ in factors if f.free_symbols))
            except (sympy.PolynomialError, NotImplementedError):
                found = (expr,)
        if len(_FACTORS) > 4096:
            _FACTORS.clear()
        _FACTORS[expr] = found
    return found


def _readable(factor: Any) -> Any:
    """A factor linear in a single parameter made monic, so it reads ``c = 3/10``."""
    import sympy

    (symbol, *rest) = factor.free_symbols
    if not rest:
        poly = sympy.Poly(factor, symbol)
        if poly.degree() == 1:
            return sympy.expand(factor / poly.LC())
    return factor


def _equation_text(expr: Any) -> str:
    import sympy

    if expr.could_extract_minus_sign():
        expr = -expr
    terms = sympy.Add.make_args(expr)
    pos = sympy.Add(*[t for t in terms if t.could_extract_minus_sign() is False])
    neg = -sympy.Add(*[t for t in terms if t.could_extract_minus_sign() is True])
    if pos.is_number and not neg.is_number:
        pos, neg = neg, pos
    return f"{sympy.sstr(pos)} = {sympy.sstr(neg)}"


