"""One-way sweeps: the equilibrium set along one parameter's range, others at baseline.

A sweep evaluates the whole grid in one batch (:class:`~convenience.analysis.sensitivity.vectorised.GameEvaluator`)
and reports the runs of constant equilibrium set as segments, which is what a reader of a
report wants ("from k = 0 to 6: Coordinate/Coordinate and Defect/Defect").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from convenience.analysis.montecarlo.robustness import set_label


@dataclass(frozen=True)
class Segment:
    """A run of grid points ``low..high`` with the same equilibrium set."""

    low: float
    high: float
    equilibria: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"low": self.low, "high": self.high, "equilibria": list(self.equilibria)}


@dataclass(frozen=True)
class Sweep:
    parameter: str
    baseline: float
    values: tuple[float, ...]
    sets: tuple[tuple[str, ...], ...]  # equilibrium set at each value
    segments: tuple[Segment, ...]

    def share(self, label: str) -> float:
        """Fraction of grid points where ``label`` is an equilibrium."""
        return sum(label in s for s in self.sets) / len(self.sets) if self.sets else 0.0

    def text(self) -> str:
        return "; ".join(f"{self.parameter} in [{s.low:g}, {s.high:g}]: {set_label(s.equilibria)}"
                         for s in self.segments)

    def to_dict(self) -> dict:
        return {"parameter": self.parameter, "baseline": self.baseline, "values": list(self.values),
                "sets": [list(s) for s in self.sets], "segments": [s.to_dict() for s in self.segments]}


def segments_of(values: np.ndarray, sets: list) -> tuple[Segment, ...]:
    out = []
    start = 0
    for k in range(1, len(values) + 1):
        if k == len(values) or sets[k] != sets[start]:
            out.append(Segment(float(values[start]), float(values[k - 1]), tuple(sorted(sets[start]))))
            start = k
    return tuple(out)


def one_way_sweep(equilibrium_sets: Callable[[Mapping[str, np.ndarray]], list], parameter: str,
                  low: float, high: float, *, points: int = 101, baseline: float | None = None) -> Sweep:
    """Equilibrium sets on ``points`` evenly spaced values of ``parameter`` (others at baseline).

    ``equilibrium_sets`` maps a dict of parameter arrays to the list of equilibrium sets, e.g.
    ``GameEvaluator(game).sets``.
    """
    values = np.linspace(float(low), float(high), int(points))
    sets = equilibrium_sets({parameter: values})
    return Sweep(parameter, float(baseline) if baseline is not None else float("nan"),
                 tuple(float(v) for v in values), tuple(tuple(sorted(s)) for s in sets), segments_of(values, sets))
