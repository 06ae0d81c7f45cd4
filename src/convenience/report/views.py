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
    names: tuple[str, ...] = ()  # the rows' short names, in order


#: Why a stability measure has no value for any equilibrium of a game (its column is omitted).
NOT_APPLICABLE = {
    "Radius": "no equilibrium is regular enough for a single-branch radius",
    "Risk-dominant": "risk dominance compares two strict equilibria of a two-player game",
    "Perfect": "perfection was not decided",
    "ESS": "evolutionary stability applies to symmetric two-player games",
    "Replicator basin": "dynamics were not run",
    "Best-response basin": "dynamics were not run",
}
LEGEND = {
    "Radius": "Radius: the smallest change to a single payoff that destroys the equilibrium (for a mixed one: its "
              "support).",
    "Perfect": "Perfect: trembling-hand perfect.",
    "ESS": "ESS: evolutionarily stable.",
    "Replicator basin": "Basins: share of random starting points from which the dynamics reach it.",
    "QRE limit": "QRE limit: where noisy (logit) play ends as noise vanishes.",
    "Pareto-efficient": "Pareto-efficient: no other equilibrium (first column) or pure outcome (second) leaves "
                        "no player worse off and some player better off.",
}


def stability_from_report(report: Any, names: Any = None) -> StabilityView:
    """Adapter for :func:`convenience.analysis.stability.report.stability_report` results.

    ``names`` (one short name per equilibrium, in the report's order) replaces the labels in the
    rows, the summary and the notes; without it rows are numbered ``#1``, ``#2``, ... Columns
    no equilibrium has a value for are left out with one line saying why; Pareto efficiency is
    judged twice, among equilibria and among all pure outcomes; notes that differ only in the
    equilibrium they name are merged into one line listing the names.
    """
    names = list(names) if names is not None else [f"#{k}" for k in range(1, len(report.equilibria) + 1)]

    def rename(text: str) -> str:
        pairs = []
        for e, name in zip(report.equilibria, names):
            pairs += [(str(e.label), name), (str(e.short), name)]
        for label, name in sorted(pairs, key=lambda p: len(p[0]), reverse=True):
            if label:
                text = text.replace(label, name)
        return text

    columns = [str(c) for c in report.columns[1:]]
    cells = [list(str(c) for c in r[1:]) for r in report.rows()]
    at = columns.index("Pareto-efficient")
    columns[at:at + 1] = ["Pareto-efficient among equilibria", "Pareto-efficient among all outcomes"]
    for row, e in zip(cells, report.equilibria):
        overall = "no" if (e.dominated_by or e.better_outcome) else "yes"
        row[at:at + 1] = [row[at], overall]
    keep = [k for k, c in enumerate(columns) if any(row[k] not in ("-", "") for row in cells) or not cells]
    dropped = [c for k, c in enumerate(columns) if k not in keep]
    rows = tuple(StabilityRow(name, tuple(row[k] for k in keep)) for name, row in zip(names, cells))
    shown = [columns[k] for k in keep]
    legend = [text for key, text in LEGEND.items() if any(c.startswith(key) for c in shown)]
    notes = [" ".join(legend)] if legend else []
    if dropped:
        notes.append("Not shown: " + "; ".join(f"{c} ({NOT_APPLICABLE.get(c, 'no value for any equilibrium')})"
                                               for c in dropped) + ".")
    notes += group_notes([rename(n) for n in report.notes])
    return StabilityView(tuple(shown), rows, _stability_sentence(report, names), tuple(notes), _margin_rows(report),
                         tuple(names))


def group_notes(notes: list[str]) -> list[str]:
    """``"Perfection of E2: X."`` and ``"Perfection of E4: X."`` -> ``"Perfection of E2 and E4: X."``
    (same text, several equilibria); other notes unchanged, duplicates dropped."""
    import re

    pattern = re.compile(r"^(.*? of )(E\d+[a-z]?|#\d+)(: .*)$")
    grouped: dict[tuple[str, str], list[str]] = {}
    order: list[Any] = []
    for note in notes:
        m = pattern.match(note)
        if m is None:
            if note not in order:
                order.append(note)
            continue
        key = (m.group(1), m.group(3))
        if key not in grouped:
            grouped[key] = []
            order.append(key)
        if m.group(2) not in grouped[key]:
            grouped[key].append(m.group(2))
    out = []
    for item in order:
        if isinstance(item, str):
            out.append(item)
        else:
            who = grouped[item]
            listed = who[0] if len(who) == 1 else ", ".join(who[:-1]) + " and " + who[-1]
            out.append(f"{item[0]}{listed}{item[1]}")
    return out


def _stability_sentence(report: Any, names: list[str]) -> str:
    """What the measures single out, in plain words and short names (never claiming more than
    weak Pareto dominance: no player worse off, some player better off)."""
    eqs = list(report.equilibria)
    if not eqs:
        return "There is no equilibrium to assess."
    if len(eqs) == 1:
        e = eqs[0]
        kind = "strict" if e.strict else ("mixed" if not e.pure else "weak (a player has an equally good reply)")
        text = f"The only equilibrium, {names[0]}, is {kind}"
        if e.radius is not None and e.pure and e.strict:
            text += f" and survives any change of a single payoff smaller than {_fmt(e.radius)}"
        if e.better_outcome:
            text += (f"; yet {e.better_outcome}, which is not an equilibrium, leaves no player worse off and some "
                     "better off")
        return text + "."
    favourite = next((k for k, e in enumerate(eqs) if e.qre_selected), None)
    if favourite is None:
        shares = [(e.replicator_share or 0.0, k) for k, e in enumerate(eqs)]
        if max(shares)[0] > 0.5:
            favourite = max(shares)[1]
    if favourite is None:
        favourite = next((k for k, e in enumerate(eqs) if e.risk_dominant), None)
    if favourite is None:
        return f"None of the {len(eqs)} equilibria is singled out by risk dominance, noisy play or dynamics."
    e = eqs[favourite]
    from convenience.analysis.stability.report import selection_reasons

    reasons = selection_reasons(e)
    text = f"Of {len(eqs)} equilibria, {names[favourite]} is the likeliest outcome" + \
        (f" ({', '.join(reasons)})" if reasons else "")
    better = [names[k] for k, other in enumerate(eqs) if other.label in e.dominated_by]
    if better:
        text += f", although {better[0]} leaves no player worse off and some better off"
    elif e.better_outcome:
        text += f", although {e.better_outcome} (not an equilibrium) leaves no player worse off and some better off"
    return text + "."


def _fmt(value: Any) -> str:
    from convenience.results import format_number

    return format_number(value)


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
    # sympy expressions of x and y vanishing on the boundaries (the others at baseline); with
    # ``exact`` (every boundary has one) the figure draws the regions from them, not the grid
    curves: tuple = ()
    exact: bool = False
    what: str = "equilibria"  # or "play": a tree's regions of equal subgame-perfect paths
    curve_texts: tuple[str, ...] = ()  # each curve as an equation, "d = l"
    # each region's outcome as the other figures name it (``regimes`` without the dilemmas'
    # names), so that an outcome has one colour in all of a report's figures; empty: ``regimes``
    outcomes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SustainView:
    """Where a repeated game's target is sustained, exactly: ``condition(x, y) >= 0``."""

    target: str
    x: str
    y: str  # the parameter the discount factor is written in, or "delta"
    x_label: str
    y_label: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    baseline: tuple[float, float]
    condition: Any  # sympy expression of x and y
    discount: str
    critical: str
    checked: int


@dataclass(frozen=True)
class SharesView:
    """Along one parameter, the share of draws of the others in which each outcome holds."""

    parameter: str
    label: str
    xs: tuple[float, ...]
    outcomes: tuple[str, ...]
    shares: tuple[tuple[float, ...], ...]
    draws: int
    seed: int
    baseline: float
    what: str
    counts: tuple[int, ...] = ()  # binned from the run's draws: the draws in each bin (centres ``xs``)
    width: float = 0.0  # the bins' width


@dataclass(frozen=True)
class SampledView:
    """The outcome solved at seeded random points of a plane (one per cell of a grid)."""

    x: str
    y: str
    x_label: str
    y_label: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    baseline: tuple[float, float]
    points: tuple[tuple[float, float], ...]
    labels: tuple[str, ...]  # per point, an index into ``outcomes`` is found by label
    outcomes: tuple[str, ...]  # most frequent first
    cells: int
    seed: int
    what: str


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
    # trees: the share of draws whose play (set of equilibrium paths) is the baseline's, off-path
    # changes of plan ignored, with its 95% interval; None when play and profile are one thing
    play: tuple[float, float, float] | None = None
    play_outcome: str = ""  # what "the play holds" means


@dataclass(frozen=True)
class SensitivityView:
    baseline_set: tuple[str, ...]
    thresholds: tuple[ThresholdRow, ...]
    maps: tuple[RegimeMap, ...] = ()
    robustness: Robustness | None = None
    notes: tuple[str, ...] = ()
    untracked: tuple[tuple[str, str], ...] = ()  # (kind, text) found by the solver, not followed
    sustain: SustainView | None = None
    shares: SharesView | None = None
    missing_figures: str = ""  # why a tree or repeated game has no map (one line), else empty
    sampled: SampledView | None = None  # a map solved at seeded points where no exact one exists

    @property
    def tornado(self) -> tuple[ThresholdRow, ...]:
        """Parameters with thresholds in range, most fragile (nearest threshold) first."""
        rows = [r for r in self.thresholds if r.fragility is not None]
        return tuple(sorted(rows, key=lambda r: (r.fragility, r.parameter)))

    @property
    def most_fragile(self) -> ThresholdRow | None:
        ranked = self.tornado
        return ranked[0] if ranked else None


def threshold_row(pt: Any, description: str, rename: Any = None) -> ThresholdRow:
    """A :class:`~convenience.analysis.sensitivity.result.ParameterThresholds` as a report row
    (``rename`` maps a text naming equilibria to one using their short names)."""

    def item(t: Any, rising: bool) -> ThresholdItem | None:
        if t is None:
            return None
        change = t.change(rising) if rename is None else rename(t.change(rising))
        return ThresholdItem(float(t.value), t.value_text(), change)

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


