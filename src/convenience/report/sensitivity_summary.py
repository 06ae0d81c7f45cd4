"""Plain text and Markdown renderings of a :class:`~convenience.analysis.sensitivity.analyze.SensitivityReport`.

Pure functions, report to string: the command line prints them and the report writer can
embed them. Labels travel: every line names equilibria by their strategies.
"""

from __future__ import annotations

from typing import Any
from convenience.numbers import format_number


def _set(labels: Any) -> str:
    labels = sorted(labels)
    return ", ".join(labels) if labels else "none"


def threshold_rows(report: Any) -> list[tuple[str, ...]]:
    """(parameter, baseline, range, nearest below, nearest above, fragility) in tornado order."""
    rows: list[tuple[str, ...]] = []
    for t in report.tornado:
        nb, na = t.nearest_below, t.nearest_above
        frag = t.fragility()
        rows.append((t.parameter, format_number(t.baseline, missing='-'), f"[{format_number(t.low, missing='-')}, {format_number(t.high, missing='-')}]",
                     nb.value_text() if nb else "-", na.value_text() if na else "-",
                     "-" if frag is None else f"{frag:.3f}"))
    return rows


def to_markdown(report: Any) -> str:
    """The sensitivity report as Markdown: one section per part that was computed, in reading order."""
    out = [f"## Sensitivity: {report.title}" if report.title else "## Sensitivity", ""]
    out += [f"**{report.headline()}**", ""]
    for section in (_baseline, _conditions, _thresholds, _sweeps, _regime_map, _monte_carlo, _ordinal, _notes):
        out += section(report)
    return "\n".join(out).rstrip() + "\n"


def _baseline(report: Any) -> list[str]:
    out = [f"Equilibria at the baseline: {_set(report.baseline)}.", ""]
    roots = [c for c in report.conditions.roots if c.at_baseline] if report.conditions is not None else []
    if report.baseline_equilibria or roots:
        out += [f"- {e.label()} (regret {e.regret})" for e in report.baseline_equilibria]
        # three players mixing: probabilities may be irrational, verified in Q(sqrt d)
        out += [f"- {c.at_baseline}" for c in roots]
        out.append("")
    return out


def _conditions(report: Any) -> list[str]:
    if report.conditions is None:
        return []
    out = ["### Exact conditions", ""]
    for c in report.conditions.tracked:
        if c.status in ("never", "degenerate") and c.support.root:
            continue
        if c.status == "never" and not c.support.is_pure:
            continue
        out.append(f"- {c.sentence()}")
    return out + [""]


def _thresholds(report: Any) -> list[str]:
    if not report.tornado:
        return []
    out = ["### Thresholds (most fragile first)", "",
           "| parameter | baseline | range | nearest below | nearest above | distance / range |",
           "| --- | --- | --- | --- | --- | --- |"]
    out += ["| " + " | ".join(row) + " |" for row in threshold_rows(report)]
    out.append("")
    for t in report.tornado:
        out += [f"- {th.sentence(t.baseline)}" for th in t.thresholds]
        if t.note:
            out.append(f"- {t.parameter}: {t.note}")
    return out + [""]


def _sweeps(report: Any) -> list[str]:
    if not report.sweeps:
        return []
    return ["### One-way sweeps", ""] + [f"- {s.text()}" for s in report.sweeps] + [""]


def _regime_map(report: Any) -> list[str]:
    m = report.regime_map
    if m is None:
        return []
    out = [f"### Regime map: {m.x} x {m.y}", "", "| region (equilibrium set) | share of plane | example point |",
           "| --- | --- | --- |"]
    for r in m.regions:
        out.append(f"| {r.described} | {100 * r.share:.1f}% | {m.x} = {format_number(r.example[0], missing='-')}, {m.y} = {format_number(r.example[1], missing='-')} |")
    out.append("")
    for b in m.boundaries:
        eq = "; ".join(b.equations) if b.equations else f"{len(b.points)} points located by bisection"
        out.append(f"- {b.between[0]} | {b.between[1]}: {eq}")
    return out + [""]


def _monte_carlo(report: Any) -> list[str]:
    mc = report.monte_carlo
    if mc is None:
        return []
    out = [f"### Monte Carlo ({mc.samples} samples, seed {mc.seed})", ""]
    out += _frequency_table("equilibrium", mc.equilibria) + [""] + _frequency_table("equilibrium set", mc.sets)
    if mc.shows_paths():
        out += [""] + _frequency_table("equilibrium path", mc.outcomes)
    out.append("")
    out += [f"- {note}" for note in mc.notes]
    return out + ([""] if mc.notes else [])


def _ordinal(report: Any) -> list[str]:
    if report.ordinal is None:
        return []
    out = [f"### Ordinal reading ({report.ordinal.samples} cardinal samples)", ""]
    return out + [f"- {c.text()}" for c in report.ordinal.conclusions] + [""]


def _notes(report: Any) -> list[str]:
    return ["### Notes", ""] + [f"- {n}" for n in report.notes] + [""] if report.notes else []


def _frequency_table(what: str, frequencies) -> list[str]:
    """Markdown rows of Monte Carlo frequencies with their Wilson intervals."""
    out = [f"| {what} | share | 95% interval |", "| --- | --- | --- |"]
    for f in frequencies:
        lo, hi = f.interval
        out.append(f"| {f.label} | {100 * f.share:.1f}% | {100 * lo:.1f}-{100 * hi:.1f}% |")
    return out
