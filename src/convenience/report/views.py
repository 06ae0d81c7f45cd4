"""Plain data the report renders, and adapters from the analysis modules' results.

The Markdown and figure modules read only these small frozen dataclasses, so a change in an
analysis module's result type touches one adapter here, not the renderer. Numbers stay
numbers (``float`` or ``Fraction``) until the renderer formats them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


# -- stability ------------------------------------------------------------------------------
@dataclass(frozen=True)
class StabilityRow:
    """One equilibrium's stability properties, each already a short phrase."""

    equilibrium: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class StabilityView:
    columns: tuple[str, ...]
    rows: tuple[StabilityRow, ...]
    sentence: str = ""
    notes: tuple[str, ...] = ()
    margins: tuple[tuple[str, ...], ...] = ()  # (parameter, interval per equilibrium)


def stability_from_report(report: Any) -> StabilityView:
    """Adapter for :func:`convenience.analysis.stability.report.stability_report` results."""
    columns = tuple(str(c) for c in report.columns)
    rows = tuple(StabilityRow(f"#{k} {r[0]}", tuple(str(c) for c in r[1:])) for k, r in enumerate(report.rows(), 1))
    margins = _margin_rows(report)
    notes = ("Radius: the smallest change to a single payoff that destroys the equilibrium (for a mixed one: "
             "its support). Perfect: trembling-hand perfect. ESS: evolutionarily stable (symmetric games). "
             "Basins: share of random starting points from which the dynamics reach it. QRE limit: where "
             "noisy (logit) play ends as noise vanishes.",) + tuple(report.notes)
    return StabilityView(columns[1:], rows, report.summary(), notes, margins)


def _margin_rows(report: Any) -> tuple[tuple[str, ...], ...]:
    """Rows ``(parameter, interval for equilibrium 1, ...)`` of the parameter margins."""
    from convenience.results import format_number

    names: list[str] = []
    by_eq = []
    for e in report.equilibria:
        found = {m.name: m for m in e.margins}
        by_eq.append(found)
        names += [n for n in found if n not in names]

    def interval(m: Any) -> str:
        if m is None:
            return "—"
        if m.lower is None and m.upper is None:
            return "any value searched"
        if m.lower is None:
            return f"below {format_number(m.upper)}"
        if m.upper is None:
            return f"above {format_number(m.lower)}"
        return f"{format_number(m.lower)} to {format_number(m.upper)}"

    return tuple((n, *(interval(found.get(n)) for found in by_eq)) for n in names)


# -- sensitivity ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ThresholdItem:
    value: float
    text: str  # "6" or "B_I = 8"
    change: str  # what happens to the equilibrium set when crossing it (moving away from baseline)


@dataclass(frozen=True)
class ThresholdRow:
    parameter: str
    description: str
    baseline: Any
    low: Any
    high: Any
    below: ThresholdItem | None
    above: ThresholdItem | None
    count: int
    fragility: float | None  # distance to the nearest threshold as a share of the range
    numerical: bool = False


@dataclass(frozen=True)
class RegimeMap:
    """Equilibrium sets over a grid of two parameters (the others at baseline)."""

    x: str
    y: str
    x_label: str
    y_label: str
    xs: Any  # numpy array
    ys: Any
    codes: Any  # numpy int array (len(ys), len(xs)) index into ``regimes``
    regimes: tuple[str, ...]
    baseline: tuple[float, float]
    boundaries: tuple[str, ...] = ()  # "A | B: equation" where exact equations are known


@dataclass(frozen=True)
class Robustness:
    outcome: str  # what "the conclusion holds" means
    share: float
    low: float
    high: float
    samples: int
    seed: int
    sets: tuple[tuple[str, float], ...] = ()  # equilibrium set -> share of draws
    distributions: tuple[tuple[str, str], ...] = ()  # parameter -> sampling rule
    paths: tuple[tuple[str, float], ...] = ()  # trees: equilibrium path -> share of draws


@dataclass(frozen=True)
class SensitivityView:
    baseline_set: tuple[str, ...]
    thresholds: tuple[ThresholdRow, ...]
    maps: tuple[RegimeMap, ...] = ()
    robustness: Robustness | None = None
    notes: tuple[str, ...] = ()
    untracked: tuple[tuple[str, str], ...] = ()  # (kind, text) found by the solver, not followed

    @property
    def tornado(self) -> tuple[ThresholdRow, ...]:
        """Parameters with thresholds in range, most fragile (nearest threshold) first."""
        rows = [r for r in self.thresholds if r.fragility is not None]
        return tuple(sorted(rows, key=lambda r: (r.fragility, r.parameter)))

    @property
    def most_fragile(self) -> ThresholdRow | None:
        ranked = self.tornado
        return ranked[0] if ranked else None


def threshold_row(pt: Any, description: str) -> ThresholdRow:
    """A :class:`~convenience.analysis.sensitivity.thresholds.ParameterThresholds` as a report row."""

    def item(t: Any, rising: bool) -> ThresholdItem | None:
        return None if t is None else ThresholdItem(float(t.value), t.value_text(), t.change(rising))

    return ThresholdRow(pt.parameter, description, pt.baseline, pt.low, pt.high, item(pt.nearest_below, False),
                        item(pt.nearest_above, True), len(pt.thresholds), pt.fragility(), bool(pt.numerical))


# -- expectations ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ClaimView:
    id: str
    claim: tuple[str, ...]  # claim ids in the source catalogue
    kind: str  # what is asserted, e.g. "unique: Russia: Defer, Iran: RedLine"
    holds: bool | None  # None: not checked; else whether it holds at the baseline
    detail: str = ""
    region: str = ""
    verdict: Any = None  # convenience.expectations.verdict.Verdict: status, share, flags

    @property
    def status(self) -> str | None:
        """robust, fragile or fails (None: not checked)."""
        if self.verdict is not None:
            return str(self.verdict.status)
        return None if self.holds is None else ("robust" if self.holds else "fails")

    def result_text(self) -> str:
        """``"✅ holds (robust: 72%)"``, ``"⚠️ holds at the baseline only (fragile: 32%)"``, ``"❌ fails"``."""
        if self.status is None:
            return "not checked"
        if self.verdict is None:
            return "✅ holds" if self.holds else "❌ fails"
        text = f"{self.verdict.mark} {self.verdict.label()}"
        if self.verdict.by_construction:
            text += "; true by construction"
        return text


def claim_from_result(c: Any) -> ClaimView:
    """Adapter for ``convenience.expectations.ClaimResult``."""
    holds = getattr(c, "holds", None)
    source = getattr(c, "source", ()) or ()
    return ClaimView(str(c.id), (source,) if isinstance(source, str) else tuple(source), str(c.claim or ""),
                     None if holds is None else bool(holds), str(getattr(c, "detail", "") or ""),
                     str(getattr(c, "region", "") or ""), getattr(c, "verdict", None))


