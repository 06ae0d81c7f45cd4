"""Thresholds: the parameter values at which the equilibrium set changes.

For each parameter, the others held at baseline, every condition of every candidate becomes
a univariate rational function whose sign can change only at a root of its numerator or
denominator. Those roots are found exactly (linear fast path ``x = -c0/c1``, quadratic
formula) or, for degree three and above, numerically; the equilibrium set is then evaluated
exactly on each interval between consecutive roots and a root is a threshold when the sets on
its two sides differ. Where a condition is linear in the parameter the threshold also gets its
symbolic form in the other parameters ("k = B_I").

:func:`numeric_thresholds` does the same for any game through a batch function that maps
parameter values to equilibrium sets: a grid scan, then simultaneous bisection of every
bracket where the set changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from convenience.analysis.sensitivity.result import ParameterThresholds, Threshold
from convenience.analysis.sensitivity.symbolic import SymbolicAnalysis, fraction_parts
from convenience.analysis.sensitivity.work import WorkBudget, term_count
from convenience.numbers import format_number


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# -- exact, from symbolic conditions ----------------------------------------------------------
def _univariate(p: Any, index: int, point: Sequence[Any]) -> list[tuple[int, Fraction]]:
    """``p`` with every generator but ``index`` fixed: sparse (degree, coefficient) terms."""
    powers: dict[tuple[int, int], Any] = {}
    by_degree: dict[int, Any] = {}
    for monomial, coefficient in p.terms():
        value = coefficient
        for k, e in enumerate(monomial):
            if e and k != index:
                if (k, e) not in powers:
                    powers[k, e] = point[k] ** e
                value = value * powers[k, e]
        degree = monomial[index]
        by_degree[degree] = by_degree[degree] + value if degree in by_degree else value
    return [(d, Fraction(int(c.numerator), int(c.denominator)))
            for d, c in sorted(by_degree.items(), reverse=True) if c]


def _evaluate(terms: list[tuple[int, Fraction]], x: Fraction) -> Fraction:
    return sum((c * x ** d for d, c in terms), Fraction(0))


def _roots(terms: list[tuple[int, Fraction]]) -> list[tuple[float, str | None, Fraction | None]]:
    """Real roots as (float, exact text or None, exact Fraction or None)."""
    degree = max((d for d, _ in terms), default=0)
    if degree == 0:
        return []
    coeffs = [Fraction(0)] * (degree + 1)
    for d, c in terms:
        coeffs[d] = c
    low = next(d for d in range(degree + 1) if coeffs[d] != 0)
    out: list[tuple[float, str | None, Fraction | None]] = []
    if low > 0:  # x = 0 is a root of multiplicity `low`
        out.append((0.0, "0", Fraction(0)))
        coeffs = coeffs[low:]
        degree -= low
    if degree == 1:
        r = -coeffs[0] / coeffs[1]
        out.append((float(r), str(r), r))
    elif degree == 2:
        c, b, a = coeffs
        disc = b * b - 4 * a * c
        if disc >= 0:
            num, den = disc.numerator, disc.denominator
            sn, sd = math.isqrt(num), math.isqrt(den)
            if sn * sn == num and sd * sd == den:
                s = Fraction(sn, sd)
                for r in {(-b - s) / (2 * a), (-b + s) / (2 * a)}:
                    out.append((float(r), str(r), r))
            else:
                import sympy

                for sign in (-1, 1):
                    expr = (sympy.Rational(-b) + sign * sympy.sqrt(sympy.Rational(disc))) / (2 * sympy.Rational(a))
                    out.append((float(expr), sympy.sstr(sympy.radsimp(expr)), None))
    elif degree > 2:
        values = np.roots([float(c) for c in reversed(coeffs)])
        scale = max(1.0, float(np.max(np.abs(values)))) if len(values) else 1.0
        for r in values:
            if abs(r.imag) <= 1e-9 * scale:
                out.append((float(r.real), None, None))
    return out


def _symbolic_root(p: Any, index: int) -> str | None:
    """``-c0/c1`` when ``p`` is linear in generator ``index`` (in the other parameters)."""
    import sympy

    x = p.ring.gens[index]
    if p.degree(x) != 1:
        return None
    c1, c0 = p.coeff_wrt(x, 1), p.coeff_wrt(x, 0)
    if c0.is_ground and c1.is_ground:
        return None
    if c1.is_ground:
        from convenience.analysis.sensitivity.symbolic import poly_text

        return poly_text(c0 * (-1 / c1.LC))
    return sympy.sstr(sympy.factor_terms(-c0.as_expr() / c1.as_expr()))


def exact_thresholds(analysis: SymbolicAnalysis, parameter: str, values: Mapping[str, Any],
                     low: Any = None, high: Any = None, *, budget: WorkBudget | None = None) -> ParameterThresholds:
    """Thresholds of ``parameter`` from the exact conditions, others at ``values``, within the
    work ``budget`` (default: unlimited).

    Four stages: the real roots of every condition of the pure and two-player candidates and of
    the boundary polynomials of the three-mixer candidates, plus roots located by scanning the
    three-mixer candidates without them; the roots merged and sorted; the equilibrium set at a
    test point between consecutive roots; a threshold wherever that set changes.
    """
    budget = WorkBudget(None) if budget is None else budget
    index = analysis.parameters.index(parameter)
    point = analysis.point(values)
    baseline = Fraction(*fraction_parts(values[parameter]))
    lo = None if low is None else Fraction(*fraction_parts(low))
    hi = None if high is None else Fraction(*fraction_parts(high))
    found = _Roots(index, lo, hi)
    tracked = _condition_roots(analysis, point, found, budget)
    scanned = _boundary_roots(analysis, point, found, budget)
    if scanned:
        found.numerical = True
        for value in _scan_roots(analysis, scanned, index, values, baseline, lo, hi):
            found.roots.setdefault(round(value, 12), (value, None, None, None))
            found.bisected.add(value)
        budget.charge(len(scanned))
    merged = found.merged()
    points = _test_points([r[0] for r in merged], merged, lo, hi)
    sets = [_equilibrium_set(tracked, p) for p in points]
    exact_roots = [c for c in analysis.roots if c not in scanned]
    if exact_roots:
        def exact_root_labels(x: Fraction) -> tuple[str, ...]:
            at = _moved(point, index, x)
            return tuple(c.label for c in exact_roots if c.holds(at))

        sets = _with_exact_roots(analysis, exact_roots, exact_root_labels, index, values, points, sets)
    if scanned:  # numerically solved candidates: one batch over every test point
        presence = _root_batch(analysis, scanned, index, values, [float(p) for p in points])
        sets = [s + tuple(c.label for c, ok in zip(scanned, row) if ok) for s, row in zip(sets, presence)]
    budget.charge(len(points))
    changes = tuple(Threshold(parameter, r[0], r[1], _symbolic_root(r[3], index) if r[3] is not None else None,
                              sets[k], sets[k + 1], numerical=r[1] is None)
                    for k, r in enumerate(merged) if set(sets[k]) != set(sets[k + 1]))
    return ParameterThresholds(parameter, float(baseline), _float(lo), _float(hi), changes,
                               numerical=found.numerical, note=_numerical_note(analysis, found.numerical))


@dataclass
class _Roots:
    """Real roots in ``parameter`` gathered across the conditions: value -> (float value, text,
    exact value or None, the linear polynomial it solves or None)."""

    index: int
    lo: Fraction | None
    hi: Fraction | None
    roots: dict[Any, tuple[float, str | None, Fraction | None, Any]] = field(default_factory=dict)
    numerical: bool = False  # some root was located numerically
    bisected: set = field(default_factory=set)  # located by bisection of batch checks (to within ~1e-9)

    def add(self, poly: Any, terms: list, prefer_linear: bool) -> None:
        """The roots of ``poly`` (as univariate ``terms``) within the range; with ``prefer_linear``, a
        root already found keeps the linear polynomial it solves when this one is linear."""
        found = _roots(terms)
        linear = bool(found) and poly.degree(poly.ring.gens[self.index]) == 1
        for value, text, exact in found:
            if _outside(value, exact, self.lo, self.hi):
                continue
            self.numerical |= exact is None and text is None
            key = exact if exact is not None else round(value, 12)
            if key not in self.roots or (prefer_linear and self.roots[key][3] is None and linear):
                self.roots[key] = (value, text, exact, poly if linear else None)

    def merged(self) -> list:
        """The roots in increasing order, float-equal ones found exactly and numerically merged
        (the exact one kept)."""
        merged: list = []
        for r in sorted(self.roots.values(), key=lambda r: r[0]):
            loose = r[0] in self.bisected or bool(merged) and merged[-1][0] in self.bisected  # batch tolerance
            if merged and abs(r[0] - merged[-1][0]) <= (1e-7 if loose else 1e-12) * max(1.0, abs(r[0])):
                if merged[-1][2] is None and r[2] is not None:
                    merged[-1] = r
                continue
            merged.append(r)
        return merged


def _condition_roots(analysis: SymbolicAnalysis, point: tuple, found: _Roots, budget: WorkBudget) -> list:
    """Stage one: every condition of the pure and two-player candidates as univariate terms,
    ``[(label, status, [(numerator terms, denominator terms, strict or "nonzero")])]``, their roots
    added to ``found``."""
    tracked = []
    for cand in analysis.candidates:
        conds = []
        for c in cand.conditions:
            nt = _univariate(c.numer, found.index, point)
            dt = _univariate(c.denom, found.index, point)
            conds.append((nt, dt, "nonzero" if c.nonzero else c.strict))
            found.add(c.numer, nt, prefer_linear=True)
            found.add(c.denom, dt, prefer_linear=True)
        tracked.append((cand.label, cand.status, conds))
        budget.charge(1 + sum(len(nt) + len(dt) for nt, dt, _ in conds))
    return tracked


def _boundary_roots(analysis: SymbolicAnalysis, point: tuple, found: _Roots, budget: WorkBudget) -> list:
    """Stage two: the roots of the boundary polynomials of the three-mixer candidates added to
    ``found``; returns the candidates without boundaries (to be scanned)."""
    scanned = []
    for cand in analysis.roots:
        if cand.status in ("never", "degenerate"):
            continue
        if cand.boundary is None:
            scanned.append(cand)
            continue
        for poly in cand.boundary:
            found.add(poly, _univariate(poly, found.index, point), prefer_linear=False)
        budget.charge(1 + term_count(*cand.boundary))
    return scanned


def _equilibrium_set(tracked: list, x: Fraction) -> tuple[str, ...]:
    """Labels of the tracked candidates whose every condition holds at ``x`` (exact)."""
    return tuple(label for label, status, conds in tracked
                 if status not in ("never", "degenerate") and all(_holds(nt, dt, strict, x) for nt, dt, strict in conds))


def _holds(nt: list, dt: list, strict: Any, x: Fraction) -> bool:
    if strict == "nonzero":
        return _evaluate(nt, x) != 0
    d = _evaluate(dt, x)
    v = _evaluate(nt, x) * d
    return not (d == 0 or (v <= 0 if strict else v < 0))


def _numerical_note(analysis: SymbolicAnalysis, numerical: bool) -> str:
    if not numerical:
        return ""
    if any(c.boundary is None and c.status not in ("never", "degenerate") for c in analysis.roots):
        return "some thresholds located numerically (grid scan and bisection)"
    return "roots of degree three or more located numerically"


def _outside(value: float, exact: Fraction | None, lo: Fraction | None, hi: Fraction | None) -> bool:
    """Whether a root lies at or beyond an end of the range (exactly when it is known exactly)."""
    return ((lo is not None and value <= float(lo) and (exact is None or exact <= lo))
            or (hi is not None and value >= float(hi) and (exact is None or exact >= hi)))


def _moved(point: Sequence[Any], index: int, x: Fraction) -> tuple:
    """The point with coordinate ``index`` set to ``x`` (ring-domain values)."""
    value = point[index].__class__(x.numerator, x.denominator)
    return tuple(value if k == index else v for k, v in enumerate(point))


def _root_batch(analysis: SymbolicAnalysis, candidates: Sequence[Any], index: int, values: Mapping[str, Any],
                xs: Sequence[float] | np.ndarray) -> np.ndarray:
    """Presence of ``candidates`` (``analysis.roots`` members) at parameter values ``xs``, others fixed."""
    from convenience.analysis.sensitivity.symbolic import root_presence

    name = analysis.parameters[index]
    points = np.asarray(xs, dtype=float)
    arrays = {n: (points if n == name else np.full(len(xs), float(Fraction(*fraction_parts(values[n])))))
              for n in analysis.parameters}
    presence = root_presence(analysis, arrays, len(xs))
    columns = [analysis.roots.index(c) for c in candidates]
    return presence[:, columns]


def _with_exact_roots(analysis: SymbolicAnalysis, candidates: Sequence[Any], exact: Callable, index: int,
                      values: Mapping[str, Any], points: Sequence[Fraction], sets: list) -> list:
    """Add the candidates where three players mix to the set at each test point.

    Exact checks (arithmetic in ``Q(sqrt d)``) cost milliseconds each, so every test point is
    first checked in floating point (one batch); then both sides of every change, and every
    point squeezed between roots closer than ``1e-6``, are checked exactly, until every
    reported change is between two exactly checked points.
    """
    floats = _root_batch(analysis, candidates, index, values, [float(p) for p in points])
    found = [tuple(c.label for c, ok in zip(candidates, row) if ok) for row in floats]
    checked = [False] * len(points)
    for k in range(len(points)):
        left = points[k - 1] if k else None
        right = points[k + 1] if k + 1 < len(points) else None
        width = min(abs(float(points[k] - q)) for q in (left, right) if q is not None) if len(points) > 1 else 1.0
        if width < 1e-6 * max(1.0, abs(float(points[k]))):
            found[k], checked[k] = exact(points[k]), True
    while True:
        todo = {j for k in range(len(points) - 1)
                if set(sets[k] + found[k]) != set(sets[k + 1] + found[k + 1]) and not (checked[k] and checked[k + 1])
                for j in (k, k + 1) if not checked[j]}
        if not todo:
            break
        for j in todo:
            found[j], checked[j] = exact(points[j]), True
    return [s + f for s, f in zip(sets, found)]


def _scan_roots(analysis: SymbolicAnalysis, candidates: Sequence[Any], index: int, values: Mapping[str, Any],
                baseline: Fraction, lo: Fraction | None, hi: Fraction | None, points: int = 2001) -> list[float]:
    """Where any of ``candidates`` starts or stops holding: a grid scan, then bisection of every
    bracket at once (numerical; the candidates are checked in batches)."""
    span = 10 * max(abs(float(baseline)), 1.0)
    low = float(lo) if lo is not None else float(baseline) - span
    high = float(hi) if hi is not None else float(baseline) + span
    grid = np.linspace(low, high, points)
    states = _root_batch(analysis, candidates, index, values, grid)
    change = np.flatnonzero(np.any(states[1:] != states[:-1], axis=1))
    if not len(change):
        return []
    a, b = grid[change].copy(), grid[change + 1].copy()
    left = states[change]
    for _ in range(48):
        mid = (a + b) / 2
        same = np.all(_root_batch(analysis, candidates, index, values, mid) == left, axis=1)
        a = np.where(same, mid, a)
        b = np.where(same, b, mid)
    return [float(x) for x in (a + b) / 2]


def _test_points(values: list[float], roots: list, lo: Fraction | None, hi: Fraction | None) -> list[Fraction]:
    """One rational point inside each interval cut by the roots (and the range ends)."""
    exact = [r[2] if r[2] is not None else Fraction(r[0]) for r in roots]
    if not exact:
        anchor = lo if lo is not None else (hi if hi is not None else Fraction(0))
        return [anchor]
    first = exact[0] - max(abs(exact[0]), 1) if lo is None else lo
    last = exact[-1] + max(abs(exact[-1]), 1) if hi is None else hi
    cuts = [first] + exact + [last]
    return [(a + b) / 2 for a, b in zip(cuts, cuts[1:])]


# -- numerical, for any game ----------------------------------------------------------------
def numeric_thresholds(equilibrium_sets: Callable[[np.ndarray], list[frozenset]], parameter: str,
                       baseline: float, low: float, high: float, *, points: int = 101,
                       iterations: int = 48) -> ParameterThresholds:
    """Thresholds located by a grid scan then bisection (all brackets at once).

    ``equilibrium_sets(xs)`` returns the equilibrium set (a frozenset of labels) at each
    value of ``parameter`` in the 1-D array ``xs``, the others at baseline.
    """
    grid = np.unique(np.concatenate([np.linspace(low, high, points), [baseline]]))
    sets = equilibrium_sets(grid)
    brackets = [(grid[k], grid[k + 1], sets[k], sets[k + 1]) for k in range(len(grid) - 1) if sets[k] != sets[k + 1]]
    a = np.array([b[0] for b in brackets], dtype=float)
    b = np.array([b[1] for b in brackets], dtype=float)
    left = [br[2] for br in brackets]
    for _ in range(iterations if brackets else 0):
        mid = (a + b) / 2
        mid_sets = equilibrium_sets(mid)
        for k, s in enumerate(mid_sets):
            if s == left[k]:
                a[k] = mid[k]
            else:
                b[k] = mid[k]
        if np.all(b - a <= 1e-12 * np.maximum(1.0, np.abs(a))):
            break
    # brackets meeting at a grid point that sits on a threshold (a tie there) are one change
    merged: list[list] = []
    tol = 1e-9 * max(1.0, abs(high), abs(low))
    for k, br in enumerate(brackets):
        value = float((a[k] + b[k]) / 2)
        if merged and (value - merged[-1][0] <= tol or br[0] == brackets[k - 1][1]):
            if br[0] == brackets[k - 1][1]:
                merged[-1][0] = float(br[0])  # the shared grid point is the threshold
            merged[-1][2] = br[3]
            continue
        merged.append([value, br[2], br[3]])
    found = [Threshold(parameter, value, None, None, tuple(sorted(lo_set)), tuple(sorted(hi_set)), numerical=True)
             for value, lo_set, hi_set in merged
             if lo_set != hi_set and abs(value - low) > 1e-6 * (high - low) and abs(high - value) > 1e-6 * (high - low)]
    note = f"located numerically: grid of {points} points over [{format_number(low, 6)}, {format_number(high, 6)}] then bisection"
    return ParameterThresholds(parameter, float(baseline), float(low), float(high), tuple(found),
                               numerical=True, note=note)
