"""Plain text and Markdown renderings of a :class:`~convenience.analysis.sensitivity.analyze.SensitivityReport`.

Pure functions, report to string: the command line prints them and the report writer can
embed them. Labels travel: every line names equilibria by their strategies.
"""

from __future__ import annotations

from typing import Any


def _fmt(x: float | None) -> str:
    if x is None:
        return "-"
    return str(int(x)) if float(x).is_integer() else f"{x:.4g}"


def _set(labels: Any) -> str:
    labels = sorted(labels)
    return ", ".join(labels) if labels else "none"


def threshold_rows(report: Any) -> list[tuple[str, ...]]:
    """(parameter, baseline, range, nearest below, nearest above, fragility) in tornado order."""
    rows: list[tuple[str, ...]] = []
    for t in report.tornado:
        nb, na = t.nearest_below, t.nearest_above
        frag = t.fragility()
        rows.append((t.parameter, _fmt(t.baseline), f"[{_fmt(t.low)}, {_fmt(t.high)}]",
                     nb.value_text() if nb else "-", na.value_text() if na else "-",
                     "-" if frag is None else f"{frag:.3f}"))
    return rows


def to_markdown(report: Any) -> str:
    out = [f"## Sensitivity: {report.title}" if report.title else "## Sensitivity", ""]
    out += [f"**{report.headline()}**", ""]
    out += [f"Equilibria at the baseline: {_set(report.baseline)}.", ""]
    roots = [c for c in report.conditions.roots if c.at_baseline] if report.conditions is not None else []
    if report.baseline_equilibria or roots:
        for e in report.baseline_equilibria:
            out.append(f"- {e.label()} (regret {e.regret})")
        for c in roots:  # three players mixing: probabilities may be irrational, verified in Q(sqrt d)
            out.append(f"- {c.at_baseline}")
        out.append("")
    if report.conditions is not None:
        out += ["### Exact conditions", ""]
        for c in report.conditions.tracked:
            if c.status in ("never", "degenerate") and c.support.root:
                continue
            if c.status == "never" and not c.support.is_pure:
                continue
            out.append(f"- {c.sentence()}")
        out.append("")
    if report.tornado:
        out += ["### Thresholds (most fragile first)", "",
                "| parameter | baseline | range | nearest below | nearest above | distance / range |",
                "| --- | --- | --- | --- | --- | --- |"]
        out += ["| " + " | ".join(row) + " |" for row in threshold_rows(report)]
        out.append("")
        for t in report.tornado:
            for th in t.thresholds:
                out.append(f"- {th.sentence(t.baseline)}")
            if t.note:
                out.append(f"- {t.parameter}: {t.note}")
        out.append("")
    if report.sweeps:
        out += ["### One-way sweeps", ""]
        for s in report.sweeps:
            out.append(f"- {s.text()}")
        out.append("")
    if report.regime_map is not None:
        m = report.regime_map
        out += [f"### Regime map: {m.x} x {m.y}", "", "| region (equilibrium set) | share of plane | example point |",
                "| --- | --- | --- |"]
        for r in m.regions:
            out.append(f"| {r.described} | {100 * r.share:.1f}% | {m.x} = {_fmt(r.example[0])}, {m.y} = {_fmt(r.example[1])} |")
        out.append("")
        for b in m.boundaries:
            eq = "; ".join(b.equations) if b.equations else f"{len(b.points)} points located by bisection"
            out.append(f"- {b.between[0]} | {b.between[1]}: {eq}")
        out.append("")
    if report.monte_carlo is not None:
        mc = report.monte_carlo
        out += [f"### Monte Carlo ({mc.samples} samples, seed {mc.seed})", ""]
        out += _frequency_table("equilibrium", mc.equilibria) + [""] + _frequency_table("equilibrium set", mc.sets)
        if mc.shows_paths():
            out += [""] + _frequency_table("equilibrium path", mc.outcomes)
        out.append("")
        for note in mc.notes:
            out.append(f"- {note}")
        if mc.notes:
            out.append("")
    if report.ordinal is not None:
        out += [f"### Ordinal reading ({report.ordinal.samples} cardinal samples)", ""]
        for c in report.ordinal.conclusions:
            out.append(f"- {c.text()}")
        out.append("")
    if report.notes:
        out += ["### Notes", ""] + [f"- {n}" for n in report.notes] + [""]
    return "\n".join(out).rstrip() + "\n"


def _frequency_table(what: str, frequencies) -> list[str]:
    """Markdown rows of Monte Carlo frequencies with their Wilson intervals."""
    out = [f"| {what} | share | 95% interval |", "| --- | --- | --- |"]
    for f in frequencies:
        lo, hi = f.interval
        out.append(f"| {f.label} | {100 * f.share:.1f}% | {100 * lo:.1f}-{100 * hi:.1f}% |")
    return out
