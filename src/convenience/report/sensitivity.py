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
    SampledView,
    SensitivityView,
    SharesView,
    SustainView,
    threshold_row,
)
from convenience.game import Game, ParametricAny

if TYPE_CHECKING:
    from convenience.game import ParametricAny

if TYPE_CHECKING:
    from convenience.analysis.sensitivity.result import SensitivityReport

__all__ = ["MAP_POINTS", "sensitivity_view"]


def _regime_view(game: ParametricAny, m: Any, rename: Any, what: str = "equilibria") -> RegimeMap:
    px, py = game.parameters[m.x], game.parameters[m.y]
    found: dict = {}
    for b in m.boundaries:
        for curve, text in zip(getattr(b, "curves", ()), b.equations):
            found.setdefault(curve, text)
    exact = bool(m.boundaries) and all(getattr(b, "curves", ()) for b in m.boundaries)
    return RegimeMap(m.x, m.y, px.description or m.x, py.description or m.y, np.asarray(m.xs, dtype=float),
                     np.asarray(m.ys, dtype=float), np.asarray(m.grid, dtype=np.int64),
                     tuple(rename(r.described) for r in m.regions), (float(px.value), float(py.value)),
                     tuple(f"{rename(b.between[0])} | {rename(b.between[1])}: {'; '.join(b.equations)}"
                           for b in m.boundaries if b.equations), tuple(found), exact or not m.boundaries, what,
                     tuple(found.values()), tuple(rename(r.label) for r in m.regions))


def _sustain_view(game: ParametricAny, s: Any, rename: Any) -> SustainView:
    def label(name: str) -> str:
        if name == "delta":
            return "discount factor"
        return game.parameters[name].description or name

    return SustainView(rename(s.target), s.x, s.y, label(s.x), label(s.y), s.x_range, s.y_range, s.baseline,
                       s.condition, s.discount, s.critical, s.checked)


def _shares_view(game: ParametricAny, s: Any, describe: Any) -> SharesView:
    return SharesView(s.parameter, game.parameters[s.parameter].description or s.parameter, s.xs,
                      tuple(describe(o) for o in s.outcomes), s.shares, s.draws, s.seed, s.baseline, s.what,
                      tuple(getattr(s, "counts", ())), float(getattr(s, "width", 0.0)))


def _sampled_view(game: ParametricAny, m: Any, describe: Any) -> SampledView:
    labels = tuple(describe(label) for label in m.labels)
    outcomes = tuple(sorted(set(labels), key=lambda lab: (-labels.count(lab), lab)))
    return SampledView(m.x, m.y, game.parameters[m.x].description or m.x, game.parameters[m.y].description or m.y,
                       m.x_range, m.y_range, m.baseline, m.points, labels, outcomes, m.cells, m.seed, m.what)


def _robustness(mc: Any, rename: Any, path: Any = None) -> Robustness:
    from convenience.report.names import one_line

    held = mc.baseline_share()
    low, high = held.interval
    played = mc.play_share() if mc.shows_paths() else None
    play, play_outcome = None, ""
    if played is not None:
        play = (played.share, *played.interval)
        paths = [one_line((path(label) if path else "") or label) for label in mc.baseline_play]
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
    mc = report.monte_carlo

    def path(label: str) -> str:
        """A path in plain words, a line per branch of chance (for a table cell)."""
        from convenience.report.names import MAX_LABEL, fit, plan_path

        if game_kind(game) != "tree" or tree is None:
            return fit(label, MAX_LABEL)
        return plan_path(tree, label, MAX_LABEL) or fit(label, MAX_LABEL)

    def play(label: str) -> str:
        """A set of paths (``"A + B"``) in plain words on one line, for figures and prose:
        ``"USSR refrains or USSR places → ..."``."""
        from convenience.report.names import one_line

        if label == "no equilibrium found":
            return label
        return " or ".join(one_line(path(part)) for part in label.split(" + "))

    tree_play = game_kind(game) == "tree" and report.conditions is not None
    maps = () if report.regime_map is None else (
        _regime_view(game, report.regime_map, play if tree_play else rename, "play" if tree_play else "equilibria"),)
    sustain = getattr(report, "sustain_map", None)
    shares = getattr(report, "shares", None)

    robustness = None if mc is None else _robustness(mc, rename, path)
    notes = list(report.notes)
    if mc is not None:  # how the draws were evaluated is in the provenance, not a note
        notes += [n for n in mc.notes if n != "tree conditions evaluated over the samples in-process"]
    numerical = [r.parameter for r in rows if r.numerical]
    if game_kind(game) != "normal" and numerical:  # said once, naming the parameters
        notes = [n for n in notes if not n.startswith("game solved point by point")]
        notes.append("Thresholds of " + ", ".join(numerical) + " were located numerically by solving the game "
                     "along the range (grid and bisection).")
    sampled = getattr(report, "sampled_map", None)
    missing = _missing_figures(game, report, rows, notes)  # takes its reason out of the notes
    return SensitivityView(tuple(rename(b) for b in report.baseline), rows, maps, robustness, tuple(notes),
                           tuple(report.untracked), None if sustain is None else _sustain_view(game, sustain, rename),
                           None if shares is None else _shares_view(game, shares, play if tree_play or
                                                                    shares.what == "play" else rename),
                           missing, None if sampled is None else _sampled_view(
                               game, sampled, play if sampled.what == "play" else rename))


def _missing_figures(game: Game, report: Any, rows: Any, notes: list[str]) -> str:
    """One line saying why a tree or a repeated game has no map (its reason taken out of ``notes``)."""
    from convenience.game import game_kind, is_repeated

    if not rows:
        return ""
    kind = game_kind(game)
    if kind == "tree" and report.conditions is None and getattr(report, "sampled_map", None) is None:
        return ("No regime map: a map needs a parameter with a threshold in its range and a second ranged "
                "parameter.")
    if kind != "repeated" or getattr(report, "sustain_map", None) is not None:
        return ""
    from convenience.analysis.sensitivity.sustain import NO_MAP

    why = next((n for n in notes if n.startswith(NO_MAP)), "")
    if why:
        notes.remove(why)
        instead = " The sampled map shows the game solved at random points instead." \
            if getattr(report, "sampled_map", None) is not None else ""
        return f"No sustainability map: {why[len(NO_MAP) + 2:]}.{instead}"
    if is_repeated(game) and game.horizon is not None:
        return "No sustainability map: a finite horizon has no critical discount factor."
    return ""
