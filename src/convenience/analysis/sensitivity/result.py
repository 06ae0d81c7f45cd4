"""What a sensitivity analysis found: :class:`SensitivityReport` and its parameter table.

Built by :func:`convenience.analysis.sensitivity.analyze.analyze` (normal-form games) and by
:mod:`convenience.analysis.sensitivity.generic` (trees, repeated games); rendered by
:mod:`convenience.report.sensitivity_summary`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from convenience.game import ParametricAny


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
    # a repeated game's exact sustainability map (planes.SustainMap), a tree's map sampled at
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
