"""Numerical sensitivity for any parametric game: trees, repeated games, anything with ``.at()``.

Needs only ``game.parameters`` (name -> Parameter with value/low/high), ``game.at(values)``
and a solve function returning a :class:`~convenience.results.SolveResult` (default:
``convenience.extensive.solve_tree`` for trees, ``convenience.solvers.solve`` otherwise). The
equilibrium set at a point is the set of labels of the solver's equilibria; thresholds are
located by a grid scan and bisection (:func:`~convenience.analysis.thresholds.numeric_thresholds`).
Slower than the batch path (one solve per point) but general.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

GENERIC_POINTS = 41


def default_solver(game: Any) -> Callable[[Any], Any]:
    """``solve_tree`` for trees, ``solve`` for normal-form games."""
    kind = getattr(game, "kind", "")
    if kind == "tree" or type(game).__name__ == "ParametricTree":
        from convenience import extensive

        solve_tree = getattr(extensive, "solve_tree", None)
        if solve_tree is None:
            from convenience.extensive.backward import backward_induction as solve_tree  # type: ignore
        return solve_tree
    from convenience.solvers import solve

    return solve


def label_of(equilibrium: Any) -> str:
    label = getattr(equilibrium, "label", None)
    return label() if callable(label) else str(equilibrium)


def equilibrium_set_at(game: Any, solve: Callable[[Any], Any], values: Mapping[str, Any]) -> frozenset[str]:
    result = solve(game.at(values))
    equilibria = getattr(result, "equilibria", result)
    return frozenset(label_of(e) for e in equilibria)


def analyze_generic(game: Any, *, parameters: Sequence[str] | None = None, grid: Mapping | None = None,
                    sweep_points: int = GENERIC_POINTS, solve: Callable | None = None, progress=None):
    """Baseline equilibria, numeric thresholds, tornado and sweeps for any game with ``.at()``."""
    from convenience.analysis.api import ParameterInfo, SensitivityReport, _unknown
    from convenience.analysis.distributions import distribution_of
    from convenience.analysis.sweeps import segments_of, Sweep
    from convenience.analysis.thresholds import numeric_thresholds

    solve = solve or default_solver(game)
    file = getattr(game, "file", None)
    declared = dict(game.parameters)
    distributions = {n: distribution_of(p, file=file) for n, p in declared.items()}
    chosen = list(parameters) if parameters else [n for n, d in distributions.items() if d.low is not None]
    for name in chosen:
        if name not in declared:
            raise _unknown(name, list(declared), "--parameter", file)
    baseline = tuple(sorted(equilibrium_set_at(game, solve, {})))
    points = min(int(sweep_points), GENERIC_POINTS) if sweep_points else GENERIC_POINTS
    thresholds, sweeps, notes = [], [], ["game solved point by point (numerical thresholds by grid and bisection)"]
    for k, name in enumerate(chosen):
        p = declared[name]
        base = float(p.value)
        if p.low is None or p.high is None:
            notes.append(f"{name} has no range; not analysed")
            continue
        lo, hi = float(p.low), float(p.high)
        if grid and name in grid and len(grid) == 1:
            lo, hi, points = grid[name]

        def sets(xs: np.ndarray, name: str = name) -> list[frozenset[str]]:
            return [equilibrium_set_at(game, solve, {name: _exact(x)}) for x in np.atleast_1d(xs)]

        thresholds.append(numeric_thresholds(sets, name, base, lo, hi, points=points, iterations=30))
        xs = np.linspace(lo, hi, points)
        found = sets(xs)
        sweeps.append(Sweep(name, base, tuple(map(float, xs)), tuple(tuple(sorted(s)) for s in found),
                            segments_of(xs, found)))
        if progress:
            progress("parameters", k + 1, len(chosen))
    tornado = sorted(thresholds, key=lambda t: (t.fragility() is None, t.fragility() or 0.0, t.parameter))
    info = tuple(ParameterInfo(n, float(p.value), None if p.low is None else float(p.low),
                               None if p.high is None else float(p.high), distributions[n].describe(),
                               getattr(p, "description", "") or "") for n, p in declared.items())
    return SensitivityReport(title=getattr(game, "title", ""), parameters=info, baseline=baseline,
                             thresholds=tuple(thresholds), tornado=tuple(tornado), sweeps=tuple(sweeps),
                             symbolic=False, notes=tuple(notes))


def _exact(x: float) -> Any:
    """Grid values as exact rationals where they are short decimals (keeps exact solvers exact)."""
    from fractions import Fraction

    f = Fraction(repr(float(x)))
    return f if f.denominator <= 10**12 else float(x)
