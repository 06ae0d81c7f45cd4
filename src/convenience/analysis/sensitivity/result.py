"""What a sensitivity analysis found: :class:`SensitivityReport`, its parameter table and each
parameter's thresholds (:class:`ParameterThresholds` of :class:`Threshold`, ranked by
:func:`tornado_order`; found by :mod:`convenience.analysis.sensitivity.thresholds`).

Built by :func:`convenience.analysis.sensitivity.analyze.analyze` (normal-form games) and by
:mod:`convenience.analysis.sensitivity.generic` (trees, repeated games); rendered by
:mod:`convenience.report.sensitivity_summary`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from convenience.numbers import format_number

if TYPE_CHECKING:
    from convenience.game import ParametricAny


@dataclass(frozen=True)
class Threshold:
    """A value of one parameter where the equilibrium set changes (others at baseline)."""

    parameter: str
    value: float
    exact: str | None = None  # exact number, e.g. "6" or "1 + sqrt(2)"
    symbolic: str | None = None  # in terms of the other parameters, e.g. "B_I"
    below: tuple[str, ...] = ()  # equilibrium set just below the threshold
    above: tuple[str, ...] = ()  # ... and just above
    numerical: bool = False

    def value_text(self) -> str:
        number = self.exact if self.exact is not None else format_number(self.value, 6)
        if self.symbolic and self.symbolic != number and len(self.symbolic) <= SYMBOLIC_TEXT_LIMIT:
            return f"{self.symbolic} = {number}"
        return number

    def change(self, rising: bool) -> str:
        """What happens to the equilibrium set crossing this threshold upwards or downwards."""
        before, after = (self.below, self.above) if rising else (self.above, self.below)
        stopped = [x for x in before if x not in after]
        became = [x for x in after if x not in before]
        parts = []
        # verdicts such as "(target) sustained" (repeated games) change state rather than appear
        old = {m.group(1): m.group(2) for m in map(_VERDICT.match, stopped) if m}
        new = {m.group(1): m.group(2) for m in map(_VERDICT.match, became) if m}
        for target in sorted(set(old) & set(new)):
            state = new[target]
            word = state.replace("not ", "")
            parts.append(f"({target}) {'stops being ' + word if state.startswith('not') else 'becomes ' + word}")
            stopped.remove(f"({target}) {old[target]}")
            became.remove(f"({target}) {new[target]}")
        if stopped:
            parts.append(f"{_join(stopped)} {'stops' if len(stopped) == 1 else 'stop'} being "
                         f"{'an equilibrium' if len(stopped) == 1 else 'equilibria'}")
        if became:
            parts.append(f"{_join(became)} {'becomes an equilibrium' if len(became) == 1 else 'become equilibria'}")
        return " and ".join(parts) or "the equilibrium set changes"

    def sentence(self, baseline: float) -> str:
        rising = self.value > baseline
        verb = "rises above" if rising else "falls below"
        return f"{self.change(rising)} when {self.parameter} {verb} {self.value_text()} (baseline {format_number(baseline, 6)})"

    def to_dict(self) -> dict:
        return {"parameter": self.parameter, "value": self.value, "exact": self.exact,
                "symbolic": self.symbolic, "below": list(self.below), "above": list(self.above),
                "numerical": self.numerical}


@dataclass(frozen=True)
class ParameterThresholds:
    """Every threshold of one parameter inside its range, and the nearest on each side."""

    parameter: str
    baseline: float
    low: float | None
    high: float | None
    thresholds: tuple[Threshold, ...]
    numerical: bool = False
    note: str = ""

    @property
    def nearest_below(self) -> Threshold | None:
        below = [t for t in self.thresholds if t.value < self.baseline]
        return max(below, key=lambda t: t.value) if below else None

    @property
    def nearest_above(self) -> Threshold | None:
        above = [t for t in self.thresholds if t.value > self.baseline]
        return min(above, key=lambda t: t.value) if above else None

    @property
    def at_baseline(self) -> Threshold | None:
        same = [t for t in self.thresholds if t.value == self.baseline]
        return same[0] if same else None

    def scale(self) -> float:
        """Width of the range, or the baseline's magnitude (at least 1) when there is none."""
        if self.low is not None and self.high is not None and self.high > self.low:
            return self.high - self.low
        return max(abs(self.baseline), 1.0)

    def fragility(self) -> float | None:
        """Distance from baseline to the nearest threshold relative to ``scale()``; ``None`` if none."""
        distances = [abs(t.value - self.baseline) for t in self.thresholds]
        return min(distances) / self.scale() if distances else None

    def nearest(self) -> Threshold | None:
        if not self.thresholds:
            return None
        return min(self.thresholds, key=lambda t: abs(t.value - self.baseline))

    def to_dict(self) -> dict:
        nb, na = self.nearest_below, self.nearest_above
        return {"parameter": self.parameter, "baseline": self.baseline, "low": self.low, "high": self.high,
                "thresholds": [t.to_dict() for t in self.thresholds],
                "nearest_below": nb.value if nb else None, "nearest_above": na.value if na else None,
                "fragility": self.fragility(), "numerical": self.numerical, "note": self.note}


#: Longer symbolic forms stay in ``to_dict()`` but are left out of sentences.
SYMBOLIC_TEXT_LIMIT = 60

_VERDICT = re.compile(r"^\((.*)\) ((?:not )?(?:sustained|sustainable))$")


def tornado_order(thresholds: Sequence[ParameterThresholds]) -> list[ParameterThresholds]:
    """Most fragile first: by distance to the nearest threshold relative to the range; none last."""
    return sorted(thresholds, key=lambda t: (t.fragility() is None, t.fragility() or 0.0, t.parameter))


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class ParameterInfo:
    name: str
    value: float
    low: float | None
    high: float | None
    distribution: str
    description: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "low": self.low, "high": self.high,
                "distribution": self.distribution, "description": self.description}


@dataclass(frozen=True)
class SensitivityReport:
    """Everything :func:`analyze` found; render with :mod:`convenience.report.sensitivity_summary`."""

    title: str
    parameters: tuple[ParameterInfo, ...]
    baseline: tuple[str, ...]  # labels of the equilibria at the baseline
    baseline_equilibria: tuple = ()  # verified convenience.results.Equilibrium objects
    # equilibria where three or more players mix (probabilities may be irrational): verified
    # in floating point; their exact mixtures are in ``conditions.roots[k].at_baseline``
    baseline_root_equilibria: tuple = ()
    # what the solver finds at the baseline that the analysis does not follow: (kind, text)
    # pairs, kind "continuum" (of equilibria) or "equilibrium" (on a support not tracked)
    untracked: tuple[tuple[str, str], ...] = ()
    conditions: Any = None  # SymbolicAnalysis or None
    thresholds: tuple = ()  # ParameterThresholds per analysed parameter
    tornado: tuple = ()  # the same, most fragile first
    sweeps: tuple = ()
    regime_map: Any = None
    monte_carlo: Any = None
    # a repeated game's exact sustainability map (sustain.SustainMap), a tree's map sampled at
    # seeded points (planes.SampledMap) where no exact conditions exist, and the outcome shares
    # along the most fragile parameter (planes.OutcomeShares), for the report's figures
    sustain_map: Any = None
    shares: Any = None
    sampled_map: Any = None
    ordinal: Any = None
    symbolic: bool = True
    notes: tuple[str, ...] = ()

    def most_fragile(self):
        """The ParameterThresholds whose nearest threshold is closest to baseline, or None."""
        for entry in self.tornado:
            if entry.fragility() is not None:
                return entry
        return None

    def headline(self) -> str:
        """One plain sentence: what the conclusion is most fragile to."""
        entry = self.most_fragile()
        if entry is None:
            if not self.thresholds:
                return "No parameter varies, so the conclusion cannot change."
            return ("The equilibrium set does not change anywhere in the declared ranges "
                    "(one parameter at a time).")
        threshold = entry.nearest()
        if threshold.value == entry.baseline:
            return (f"The conclusion is most fragile to {entry.parameter}: its baseline "
                    f"{threshold.value_text()} lies exactly on a threshold.")
        return f"The conclusion is most fragile to {entry.parameter}: {threshold.sentence(entry.baseline)}"

    def to_dict(self) -> dict:
        return {
            "title": self.title, "headline": self.headline(),
            "parameters": [p.to_dict() for p in self.parameters],
            "baseline": list(self.baseline),
            "baseline_equilibria": [e.to_dict() for e in self.baseline_equilibria + self.baseline_root_equilibria],
            "untracked": [{"kind": kind, "text": text} for kind, text in self.untracked],
            "symbolic": self.symbolic,
            "conditions": self.conditions.to_dict() if self.conditions is not None else None,
            "thresholds": [t.to_dict() for t in self.thresholds],
            "tornado": [t.parameter for t in self.tornado],
            "sweeps": [s.to_dict() for s in self.sweeps],
            "regime_map": self.regime_map.to_dict() if self.regime_map is not None else None,
            "sampled_map": self.sampled_map.to_dict() if self.sampled_map is not None else None,
            "sustain_map": self.sustain_map.to_dict() if self.sustain_map is not None else None,
            "outcome_shares": self.shares.to_dict() if self.shares is not None else None,
            "monte_carlo": self.monte_carlo.to_dict() if self.monte_carlo is not None else None,
            "ordinal": self.ordinal.to_dict() if self.ordinal is not None else None,
            "notes": list(self.notes),
        }

    def to_markdown(self) -> str:
        from convenience.report.sensitivity_summary import to_markdown

        return to_markdown(self)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_html_(self) -> str:
        from convenience.display import markdown_to_html

        return markdown_to_html(self.to_markdown())

    def to_frame(self) -> Any:
        """Every threshold as a pandas DataFrame, most fragile parameter first (see
        :mod:`convenience.frames`); Monte Carlo shares: ``report.monte_carlo.to_frame()``."""
        from convenience.frames import thresholds_frame

        return thresholds_frame(self)


def parameter_info(game: ParametricAny, distributions: Mapping[str, Any]) -> tuple[ParameterInfo, ...]:
    """The parameter table of a report: baseline, range and how each is sampled."""
    def number(x: Any) -> float | None:
        return None if x is None else float(x)

    return tuple(ParameterInfo(n, float(p.value), number(p.low), number(p.high), distributions[n].describe(),
                               getattr(p, "description", "") or "") for n, p in game.parameters.items())
