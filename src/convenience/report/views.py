"""Plain data the report renders, and adapters from the analysis modules' results.

The Markdown and figure modules read only these small frozen dataclasses, so a change in an
analysis module's result type touches one adapter here, not the renderer. Numbers stay
numbers (``float`` or ``Fraction``) until the renderer formats them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

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


def _pure_gaps(game: Any, indices: Sequence[int]) -> list[Any]:
    """Each player's loss from its best unilateral deviation at a pure profile (None if no deviation)."""
    gaps = []
    for i in range(game.n_players):
        table = game.payoffs[i] if game.is_exact else game.float_payoffs()[i]
        here = table[tuple(indices)]
        others = [table[tuple(indices[:i]) + (k,) + tuple(indices[i + 1:])]
                  for k in range(game.shape[i]) if k != indices[i]]
        gaps.append(min(here - v for v in others) if others else None)
    return gaps


def _pareto_dominated(payoffs: Sequence[tuple], k: int) -> int | None:
    """Index of an equilibrium that Pareto-dominates equilibrium ``k`` (weakly all, strictly one)."""
    mine = payoffs[k]
    for j, other in enumerate(payoffs):
        if j != k and all(o >= m for o, m in zip(other, mine)) and any(o > m for o, m in zip(other, mine)):
            return j
    return None


def _risk_dominance(game: Any, equilibria: Sequence[Any]) -> dict[int, str]:
    """Harsanyi-Selten risk dominance between the two strict pure equilibria of a 2x2 game."""
    if game.n_players != 2 or game.shape != (2, 2):
        return {}
    pure = [(k, e.pure_indices) for k, e in enumerate(equilibria) if e.is_pure]
    if len(pure) != 2:
        return {}
    (ka, (i, j)), (kb, (i2, j2)) = pure
    if i == i2 or j == j2:
        return {}
    A, B = (game.payoffs[0], game.payoffs[1]) if game.is_exact else game.float_payoffs()
    product_a = (A[i, j] - A[i2, j]) * (B[i, j] - B[i, j2])
    product_b = (A[i2, j2] - A[i, j2]) * (B[i2, j2] - B[i2, j])
    if product_a > product_b:
        return {ka: "yes", kb: f"no (#{ka + 1} risk-dominates)"}
    if product_b > product_a:
        return {kb: "yes", ka: f"no (#{kb + 1} risk-dominates)"}
    return {ka: "tie", kb: "tie"}


def basic_stability(game: Any, result: Any) -> StabilityView:
    """Strictness, deviation margin, Pareto and risk dominance computed from the numeric game."""
    from convenience.results import format_number

    equilibria = tuple(result.equilibria)
    columns = ("Strict", "Smallest deviation loss", "Pareto", "Risk dominant")
    payoffs = [tuple(e.payoffs) for e in equilibria]
    risk = _risk_dominance(game, equilibria)
    rows = []
    strict_count = 0
    for k, eq in enumerate(equilibria):
        if eq.is_pure:
            gaps = [g for g in _pure_gaps(game, eq.pure_indices) if g is not None]
            margin = min(gaps) if gaps else None
            strict = margin is None or margin > 0
            strict_count += strict
            strict_text = "yes" if strict else "no (a deviation ties)"
            margin_text = "none (no deviation)" if margin is None else format_number(margin)
        else:
            strict_text, margin_text = "no (mixed)", "0 (indifferent)"
        dominated = _pareto_dominated(payoffs, k)
        pareto = "efficient among equilibria" if dominated is None else f"dominated by #{dominated + 1}"
        rows.append(StabilityRow(f"#{k + 1} {eq.label()}", (strict_text, margin_text, pareto,
                                                            risk.get(k, "n/a"))))
    n = len(equilibria)
    if n == 0:
        sentence = "There is no equilibrium to assess."
    elif strict_count == n:
        sentence = ("Every equilibrium is strict: each player loses by deviating alone, so small changes "
                    "in the payoffs leave the conclusion intact.")
    elif strict_count == 0:
        sentence = ("No equilibrium is strict: some player is indifferent to a deviation, so arbitrarily small "
                    "changes in the payoffs can undo it.")
    else:
        sentence = (f"{strict_count} of {n} equilibria are strict; the others rest on indifference and can "
                    "vanish under small payoff changes.")
    notes = ("Smallest deviation loss: the least any player loses by deviating alone; every payoff may "
             "move by up to half of it without breaking a strict equilibrium.",
             "Perfection, evolutionary stability and dynamic stability are not computed for this game.")
    return StabilityView(columns, tuple(rows), sentence, notes)


def stability_from_report(report: Any) -> StabilityView:
    """Adapter for :func:`convenience.analysis.stability.stability_report` results."""
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
    xs: np.ndarray
    ys: np.ndarray
    codes: np.ndarray  # (len(ys), len(xs)) index into ``regimes``
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


@dataclass(frozen=True)
class SensitivityView:
    baseline_set: tuple[str, ...]
    thresholds: tuple[ThresholdRow, ...]
    maps: tuple[RegimeMap, ...] = ()
    robustness: Robustness | None = None
    notes: tuple[str, ...] = ()

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
    """A :class:`~convenience.analysis.thresholds.ParameterThresholds` as a report row."""

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
    holds: bool | None  # None: not checked
    detail: str = ""
    region: str = ""


def _expectation_text(entry: Any) -> str:
    skip = {"id", "claim", "source", "description"}
    parts = []
    for key, value in (entry.items() if hasattr(entry, "items") else ()):
        if key in skip:
            continue
        if isinstance(value, dict):
            inner = ", ".join(f"{k}: {v}" for k, v in value.items())
            parts.append(f"{key} ({inner})")
        else:
            parts.append(f"{key} {value}")
    return "; ".join(parts)


def claim_unchecked(entry: Any) -> ClaimView:
    """An ``expect:`` entry that no checker evaluated."""
    get = entry.get if hasattr(entry, "get") else (lambda k, d=None: getattr(entry, k, d))
    claim = get("claim", None) or get("source", None) or ()
    return ClaimView(str(get("id", "")), (claim,) if isinstance(claim, str) else tuple(claim),
                     _expectation_text(entry), None)


def claim_from_result(c: Any) -> ClaimView:
    """Adapter for ``convenience.expectations.ClaimResult``."""
    holds = getattr(c, "holds", None)
    source = getattr(c, "source", ()) or ()
    return ClaimView(str(c.id), (source,) if isinstance(source, str) else tuple(source), str(c.claim or ""),
                     None if holds is None else bool(holds), str(getattr(c, "detail", "") or ""),
                     str(getattr(c, "region", "") or ""))


