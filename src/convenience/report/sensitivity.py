"""Sensitivity of a game for its report, from :func:`convenience.analysis.sensitivity.analyze.analyze`.

``analyze`` gives thresholds (exact where the payoffs are rational functions of the
parameters, located numerically otherwise), the tornado ranking and the seeded Monte Carlo
shares with Wilson intervals. The report adds one regime map over the two most fragile
parameters (:func:`convenience.analysis.sensitivity.regimes.regime_map`, boundaries matched to exact
equations where available) and converts everything into the plain views it renders.
"""

from __future__ import annotations

from typing import Any

from convenience.report.views import RegimeMap, Robustness, SensitivityView, threshold_row

#: Grid points per axis of a regime map.
MAP_POINTS = 101


def _regime_view(game: Any, m: Any) -> RegimeMap:
    import numpy as np

    px, py = game.parameters[m.x], game.parameters[m.y]
    return RegimeMap(m.x, m.y, px.description or m.x, py.description or m.y, np.asarray(m.xs, dtype=float),
                     np.asarray(m.ys, dtype=float), np.asarray(m.grid, dtype=np.int64),
                     tuple(r.described for r in m.regions), (float(px.value), float(py.value)),
                     tuple(f"{b.between[0]} | {b.between[1]}: {'; '.join(b.equations)}"
                           for b in m.boundaries if b.equations))


def _plane(game: Any, ranked: list, ranged: list[str]) -> tuple[str, str] | None:
    """The two parameters of the regime map: the two most fragile (or the most fragile and another)."""
    names = [t.parameter for t in ranked]
    if len(names) >= 2:
        return names[0], names[1]
    if len(names) == 1 and len(ranged) >= 2:
        return names[0], next(n for n in ranged if n != names[0])
    return None


def sensitivity_view(game: Any, *, samples: int, seed: int) -> SensitivityView:
    """Thresholds, tornado ranking, a regime map and Monte Carlo robustness of ``game``."""
    from convenience.analysis.sensitivity.analyze import analyze

    normal = hasattr(game, "strategies") and hasattr(game, "expressions")
    if normal:
        report = analyze(game, samples=samples, seed=seed)
    else:
        from convenience.api import solve_game

        report = analyze(game, samples=samples, seed=seed, solve=solve_game)
    rows = tuple(threshold_row(pt, game.parameters[pt.parameter].description) for pt in report.thresholds)
    ranked = [t for t in report.tornado if t.fragility() is not None]
    ranged = [n for n, p in game.parameters.items()
              if p.low is not None and p.high is not None and float(p.high) > float(p.low)]
    maps = []
    plane = _plane(game, ranked, ranged) if normal else None
    if plane is not None:
        from convenience.analysis.sensitivity.regimes import regime_map
        from convenience.analysis.topology import dilemma_namer
        from convenience.analysis.sensitivity.vectorised import GameEvaluator

        x, y = plane
        px, py = game.parameters[x], game.parameters[y]
        m = regime_map(GameEvaluator(game).sets, x, (float(px.low), float(px.high), MAP_POINTS),
                       y, (float(py.low), float(py.high), MAP_POINTS), analysis=report.conditions,
                       values=game.baseline(), dilemmas=dilemma_namer(game))
        maps.append(_regime_view(game, m))
    robustness = None
    mc = report.monte_carlo
    if mc is not None:
        held = mc.baseline_share()
        low, high = held.interval
        robustness = Robustness(f"the equilibrium set stays {held.label}", held.share, low, high, mc.samples,
                                mc.seed, tuple((f.label, f.share) for f in mc.sets),
                                tuple((d.parameter, d.describe()) for d in mc.distributions),
                                tuple((f.label, f.share) for f in mc.outcomes) if mc.shows_paths() else ())
    notes = list(report.notes)
    if mc is not None:
        notes += list(mc.notes)
    if not normal:
        notes.append("Thresholds of this game were located numerically by solving it along each range; "
                     "no Monte Carlo was run.")
    return SensitivityView(tuple(report.baseline), rows, tuple(maps), robustness, tuple(notes),
                           tuple(report.untracked))
