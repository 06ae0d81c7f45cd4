"""The sensitivity view of a report: a pure function of the analysis's
:class:`~convenience.analysis.sensitivity.analyze.SensitivityReport`.

The pipeline has computed thresholds (exact where the payoffs are rational functions of the
parameters, located numerically otherwise), the tornado ranking, the regime map over the two
most fragile parameters and the seeded Monte Carlo shares with Wilson intervals; this module
turns them into the plain views the Markdown and the figures read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.pipeline import MAP_POINTS
from convenience.report.views import (
    RegimeMap,
    Robustness,
    SensitivityView,
    threshold_row,
)

if TYPE_CHECKING:
    from convenience.game import ParametricAny

if TYPE_CHECKING:
    from convenience.analysis.sensitivity.result import SensitivityReport

__all__ = ["MAP_POINTS", "sensitivity_view"]


def _regime_view(game: ParametricAny, m: Any, rename: Any) -> RegimeMap:
    px, py = game.parameters[m.x], game.parameters[m.y]
    return RegimeMap(m.x, m.y, px.description or m.x, py.description or m.y, np.asarray(m.xs, dtype=float),
                     np.asarray(m.ys, dtype=float), np.asarray(m.grid, dtype=np.int64),
                     tuple(rename(r.described) for r in m.regions), (float(px.value), float(py.value)),
                     tuple(rename(f"{b.between[0]} | {b.between[1]}: {'; '.join(b.equations)}")
                           for b in m.boundaries if b.equations))


def _robustness(mc: Any, rename: Any, path: Any = None) -> Robustness:
    held = mc.baseline_share()
    low, high = held.interval
    played = mc.play_share() if mc.shows_paths() else None
    play, play_outcome = None, ""
    if played is not None:
        play = (played.share, *played.interval)
        paths = [(path(label) if path else "") or label for label in mc.baseline_play]
        play_outcome = "the play stays " + (" or ".join(paths) if paths else "without an equilibrium")
    return Robustness(f"the equilibrium set stays {rename(held.label)}", held.share, low, high, mc.samples, mc.seed,
                      tuple((rename(f.label), f.share) for f in mc.sets),
                      tuple((d.parameter, d.describe()) for d in mc.distributions),
                      tuple(((path(f.label) if path else "") or f.label, f.share) for f in mc.outcomes)
                      if mc.shows_paths() else (), play, play_outcome)


def sensitivity_view(game: ParametricAny, report: SensitivityReport, names: Any = None, tree: Any = None) -> SensitivityView:
    """Thresholds, tornado ranking, regime map and Monte Carlo robustness of ``game`` as a view;
    ``names`` (:class:`~convenience.report.names.Names`) replaces equilibrium labels by short names;
    ``tree`` (the baseline tree of a tree game) turns the paths met in the draws into plain words."""
    from convenience.game import game_kind

    def rename(text: str) -> str:
        from convenience.report.names import compress_names

        return text if names is None else compress_names(names.rename(text))

    rows = tuple(threshold_row(pt, game.parameters[pt.parameter].description, rename) for pt in report.thresholds)
    maps = () if report.regime_map is None else (_regime_view(game, report.regime_map, rename),)
    mc = report.monte_carlo
    def path(label: str) -> str:
        from convenience.report.names import MAX_LABEL, fit, plan_path

        if game_kind(game) != "tree" or tree is None:
            return fit(label, MAX_LABEL)
        return plan_path(tree, label, MAX_LABEL) or fit(label, MAX_LABEL)

    robustness = None if mc is None else _robustness(mc, rename, path)
    notes = list(report.notes)
    if mc is not None:
        notes += list(mc.notes)
    numerical = [r.parameter for r in rows if r.numerical]
    if game_kind(game) != "normal" and numerical:
        notes.append("Thresholds of " + ", ".join(numerical) + " were located numerically by solving the game "
                     "along the range.")
    return SensitivityView(tuple(rename(b) for b in report.baseline), rows, maps, robustness, tuple(notes), tuple(report.untracked))
