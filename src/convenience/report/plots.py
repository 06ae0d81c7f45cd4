"""Figures of a report as matplotlib ``Figure`` objects; this module never writes files.

:func:`figure_specs` lists the figures a report links (name, alt text, caption);
:func:`make_figure` draws one; :func:`figure_bytes` renders one to PNG or SVG bytes that are
identical on every run (Agg backend, fixed DPI, no dates or software tags, a fixed SVG hash
salt), so committed reports diff cleanly. The CLI writes the bytes.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from typing import Any, Mapping

#: Resolution of PNG figures (dots per inch).
DPI = 100
#: Colours of regimes, in order (colour-blind safe, from Okabe and Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")


#: Points per axis of the fine grid on which exact boundaries are traced.
FINE = 401


@dataclass(frozen=True)
class FigureSpec:
    name: str  # file base name, e.g. "alliance-regime-k-B_R"
    kind: str  # "regime", "sampled", "sustain", "tornado" or "shares"
    alt: str
    caption: str
    data: Any
    colours: Mapping[str, str] = field(default_factory=dict)  # outcome -> colour, shared by the figures


def _short(text: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _num(value: Any) -> str:
    from convenience.results import format_number

    return format_number(value)


def figure_specs(report: Any) -> tuple[FigureSpec, ...]:
    """The figures of a :class:`~convenience.report.build.GameReport`, in the order shown."""
    from dataclasses import replace

    specs = _specs(report)
    colours = outcome_colours(report.sensitivity) if specs else {}
    return tuple(replace(spec, colours=colours) if spec.kind in ("regime", "sampled", "shares") else spec
                 for spec in specs)


def outcome_colours(view: Any) -> dict[str, str]:
    """One colour per outcome across a report's figures (regime maps, the sampled map, the share
    chart), so that the same play or equilibrium set is drawn alike in each. Outcomes are taken
    in the order the figures show them; a new one gets the first colour no outcome has yet, or,
    when all are taken, the first one its figure does not use yet."""
    figures = [list(m.outcomes or m.regimes) for m in view.maps]
    if view.shares is not None:
        figures.append(list(view.shares.outcomes))
    if view.sampled is not None:
        figures.append(list(_in_order_of(view.sampled, view.shares).outcomes))
    colours: dict[str, str] = {}
    for outcomes in figures:
        for outcome in outcomes:
            if outcome in colours:
                continue
            taken = set(colours.values())
            here = {colours[o] for o in outcomes if o in colours}
            colours[outcome] = next((c for c in PALETTE if c not in taken), None) or \
                next((c for c in PALETTE if c not in here), PALETTE[len(colours) % len(PALETTE)])
    return colours


def _specs(report: Any) -> list[FigureSpec]:
    view = report.sensitivity
    if view is None:
        return []
    specs = []
    for m in view.maps:
        what = "subgame-perfect paths" if m.what == "play" else "equilibria"
        drawn = "exact boundaries from the symbolic conditions" if m.exact and m.curves else \
            ("one region" if not m.curves and m.exact else "regions located on a grid")
        alt = (f"Regime map: which {what} hold as {_named(m.x, m.x_label)} and {_named(m.y, m.y_label)} vary over "
               f"their ranges, the other parameters at baseline ({drawn}); regions: {'; '.join(m.regimes)}")
        caption = (f"{what[0].upper() + what[1:]} as {m.x} and {m.y} vary (others at baseline); the cross marks "
                   f"the baseline ({m.x} = {m.baseline[0]:g}, {m.y} = {m.baseline[1]:g}).")
        specs.append(FigureSpec(f"{report.name}-regime-{m.x}-{m.y}", "regime", alt, caption, m))
    if view.sampled is not None:
        specs.append(_sampled_spec(report.name, _in_order_of(view.sampled, view.shares)))
    if view.sustain is not None:
        s = view.sustain
        y = "the discount factor" if s.y_label == "discount factor" else _named(s.y, s.y_label)
        alt = (f"Sustainability map: {s.target} is sustained where the discount factor {s.discount} is at least "
               f"the critical discount factor {s.critical}, as {_named(s.x, s.x_label)} and {y} vary, the other "
               f"parameters at baseline; the boundary is the exact curve {s.discount} = {s.critical}")
        caption = (f"Where {s.target} is sustained as {s.x} and {'δ' if s.y == 'delta' else s.y} vary (others at "
                   f"baseline): the curve is the exact condition {s.discount} = {s.critical}; the cross marks the "
                   "baseline.")
        specs.append(FigureSpec(f"{report.name}-sustain-{s.x}-{s.y}", "sustain", alt, caption, s))
    if view.thresholds:
        ranked = list(view.tornado) + [r for r in view.thresholds if r.fragility is None]
        alt = ("Tornado chart: how far each parameter can fall (left) or rise (right) from its baseline, as a "
               "share of its range, before the equilibria change; " + "; ".join(_tornado_phrase(r) for r in ranked))
        caption = ("How far each assumption can fall or rise (share of its range) before the equilibria change; "
                   "bar ends give the threshold values, grey bars reach the end of the range without one.")
        specs.append(FigureSpec(f"{report.name}-tornado", "tornado", alt, caption, tuple(ranked)))
    if view.shares is not None and view.shares.counts:
        specs.append(_binned_spec(report.name, view.shares))
    elif view.shares is not None:
        sh = view.shares
        alt = (f"Outcome shares: as {_named(sh.parameter, sh.label)} moves over its range, the share of {sh.draws} "
               f"draws of the other parameters (seed {sh.seed}) with each {sh.what}; " +
               "; ".join(f"{o}: {_share_span(v)}" for o, v in zip(sh.outcomes, sh.shares)))
        caption = (f"Share of draws of the other parameters ({sh.draws} draws, seed {sh.seed}, the same at every "
                   f"value) with each {sh.what}, as the most fragile parameter {sh.parameter} moves; the dashed "
                   "line marks its baseline.")
        specs.append(FigureSpec(f"{report.name}-shares-{sh.parameter}", "shares", alt, caption, sh))
    return specs


def _in_order_of(m: Any, shares: Any) -> Any:
    """The sampled map with its outcomes in the share chart's order, so that an outcome has the
    same colour in both figures; those the chart does not show follow."""
    from dataclasses import replace

    if shares is None:
        return m
    first = [o for o in shares.outcomes if o in m.outcomes]
    return replace(m, outcomes=tuple(first + [o for o in m.outcomes if o not in first]))


def _sampled_spec(name: str, m: Any) -> FigureSpec:
    """A map solved at seeded random points: said to be sampled in the alt text, caption and title."""
    what = "subgame-perfect paths" if m.what == "play" else m.what + "s"
    n = len(m.points)
    share = "; ".join(f"{o}: {m.labels.count(o)} of {n} points" for o in m.outcomes)
    alt = (f"Sampled map (not exact): the {what} found by solving the game at {n} points of the plane of "
           f"{_named(m.x, m.x_label)} and {_named(m.y, m.y_label)}, one drawn at random in each cell of a "
           f"{m.cells} × {m.cells} grid (seed {m.seed}), the other parameters at baseline; {share}")
    why = ("the condition found at the baseline does not hold across this plane" if m.what == "outcome" else
           "this tree has no exact conditions")
    caption = (f"Sampled, not exact: the {what} at {n} random points as {m.x} and {m.y} vary (one point per cell of "
               f"a {m.cells} × {m.cells} grid, seed {m.seed}; others at baseline), each solved on its own because "
               f"{why}; the cross marks the baseline ({m.x} = {m.baseline[0]:g}, {m.y} = {m.baseline[1]:g}).")
    return FigureSpec(f"{name}-sampled-{m.x}-{m.y}", "sampled", alt, caption, m)


def _binned_spec(name: str, sh: Any) -> FigureSpec:
    """Outcome shares from the run's own draws grouped in bins of one parameter."""
    counts = f"{min(sh.counts):,}" if min(sh.counts) == max(sh.counts) else \
        f"{min(sh.counts):,} to {max(sh.counts):,}"
    alt = (f"Outcome shares from the run's {sh.draws:,} Monte Carlo draws (seed {sh.seed}, every parameter drawn), "
           f"grouped into bins of {_named(sh.parameter, sh.label)} {_num_width(sh.width)} wide: in each bin the share "
           f"of its draws ({counts} per bin) with each {sh.what}; " +
           "; ".join(f"{o}: {_share_span(v)}" for o, v in zip(sh.outcomes, sh.shares)))
    caption = (f"Share of the run's Monte Carlo draws ({sh.draws:,} draws, seed {sh.seed}) with each {sh.what}, the "
               f"draws grouped by the value of the most fragile parameter {sh.parameter} in bins "
               f"{_num_width(sh.width)} wide ({counts} draws each; bins with fewer are left out); the dashed line "
               "marks its baseline.")
    return FigureSpec(f"{name}-shares-{sh.parameter}", "shares", alt, caption, sh)


def _num_width(width: float) -> str:
    return f"{width:.3g}"


def _axis(name: str, label: str) -> str:
    return name if label in ("", name) else f"{name}: {label}"


def _named(name: str, label: str) -> str:
    """``"t (profit from cheating)"``; the name alone when it has no description."""
    return name if label in ("", name) else f"{name} ({label})"


def _share_span(values: Any) -> str:
    low, high = min(values), max(values)
    return f"{low:.0%}" if abs(high - low) < 0.005 else f"from {values[0]:.0%} to {values[-1]:.0%}" + \
        (f" (between {low:.0%} and {high:.0%})" if low < min(values[0], values[-1]) - 0.005
         or high > max(values[0], values[-1]) + 0.005 else "")


def _tornado_phrase(r: Any) -> str:
    if r.fragility is None:
        return f"{r.parameter}: no threshold in [{_num(r.low)}, {_num(r.high)}]"
    down = f"falls to {r.below.text}" if r.below is not None else f"no threshold down to {_num(r.low)}"
    up = f"rises to {r.above.text}" if r.above is not None else f"no threshold up to {_num(r.high)}"
    return f"{r.parameter} (baseline {_num(r.baseline)}): {down}; {up}"


def _symbol_of(expr: Any, name: str) -> Any:
    import sympy

    found = [s for s in expr.free_symbols if str(s) == name]
    return found[0] if found else sympy.Symbol(name, real=True)


def _evaluate(expr: Any, x: str, y: str, X: Any, Y: Any) -> Any:
    import numpy as np
    import sympy

    f = sympy.lambdify((_symbol_of(expr, x), _symbol_of(expr, y)), expr, "numpy")
    with np.errstate(all="ignore"):
        return np.broadcast_to(np.asarray(f(X, Y), dtype=float), np.shape(X))


def exact_regions(m: Any, points: int = FINE) -> tuple[Any, Any, dict[int, Any], dict[int, list]] | None:
    """A regime map's regions traced from its exact boundary curves, or None when the curves do
    not account for the grid (a grid point whose region differs from the others on its side of
    every curve, away from the curves).

    Returns the fine grid ``(X, Y)``, per region index a function on it that is negative exactly
    inside the region (the union of the cells, between curves, where the grid found it), and
    the regions found only on curves (index -> the grid points where they were found, each with
    the curves through it).
    """
    import numpy as np
    from collections import Counter

    if not m.exact or not m.curves:
        return None
    xs = np.linspace(float(m.xs[0]), float(m.xs[-1]), points)
    ys = np.linspace(float(m.ys[0]), float(m.ys[-1]), points)
    X, Y = np.meshgrid(xs, ys)
    CX, CY = np.meshgrid(np.asarray(m.xs, dtype=float), np.asarray(m.ys, dtype=float))
    fine, coarse = [], []
    for curve in m.curves:
        F, C = _evaluate(curve, m.x, m.y, X, Y), _evaluate(curve, m.x, m.y, CX, CY)
        if not (np.all(np.isfinite(F)) and np.all(np.isfinite(C))):
            return None
        scale = float(np.abs(F).max()) or 1.0
        fine.append(F / scale)
        coarse.append(C / scale)
    F_all, C_all = np.array(fine), np.array(coarse)
    codes = np.asarray(m.codes)
    on_curve = np.abs(C_all) <= 1e-9
    near = np.min(np.abs(C_all), axis=0) <= 1e-6
    votes: dict[tuple[int, ...], Counter] = {}
    lines: dict[int, list[tuple[float, float, tuple[int, ...]]]] = {}  # code -> (x, y, curves through it)
    for iy, ix in np.ndindex(codes.shape):
        code = int(codes[iy, ix])
        zero = np.flatnonzero(on_curve[:, iy, ix])
        if zero.size:
            lines.setdefault(code, []).append((float(CX[iy, ix]), float(CY[iy, ix]), tuple(int(k) for k in zero)))
            continue
        votes.setdefault(tuple(int(v) for v in np.sign(C_all[:, iy, ix])), Counter())[code] += 1
    for iy, ix in np.ndindex(codes.shape):
        if on_curve[:, iy, ix].any() or near[iy, ix]:
            continue
        key = tuple(int(v) for v in np.sign(C_all[:, iy, ix]))
        if votes[key].most_common(1)[0][0] != int(codes[iy, ix]):
            return None
    signs = np.where(F_all >= 0, 1, -1)
    keys, inverse = np.unique(signs.reshape(len(fine), -1).T, axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    areas: dict[int, Any] = {}
    step_x, step_y = float(m.xs[1] - m.xs[0]) if len(m.xs) > 1 else 1.0, float(m.ys[1] - m.ys[0]) if len(m.ys) > 1 else 1.0
    for k, key in enumerate(keys):
        counter = votes.get(tuple(int(v) for v in key))
        if counter:
            code = counter.most_common(1)[0][0]
        else:  # a sliver between curves that no grid point fell in: the nearest grid point's region
            at = np.flatnonzero(inverse == k)[0]
            px, py = X.reshape(-1)[at], Y.reshape(-1)[at]
            ix = min(len(m.xs) - 1, max(0, int(round((px - float(m.xs[0])) / step_x))))
            iy = min(len(m.ys) - 1, max(0, int(round((py - float(m.ys[0])) / step_y))))
            code = int(codes[iy, ix])
        inside = np.max(-np.asarray(key)[:, None, None] * F_all, axis=0)
        areas[code] = inside if code not in areas else np.minimum(areas[code], inside)
    lines = {code: found for code, found in lines.items() if code not in areas}
    return X, Y, areas, lines


def _colours(outcomes: Any, colours: Mapping[str, str]) -> list[str]:
    """The colour of each outcome: the report's (:func:`outcome_colours`), else by position."""
    return [colours.get(o) or PALETTE[k % len(PALETTE)] for k, o in enumerate(outcomes)]


def _regime_figure(m: Any, report_colours: Mapping[str, str]) -> Any:
    from matplotlib.figure import Figure

    colours = _colours(m.outcomes or m.regimes, report_colours)
    fig = Figure(figsize=(7.5, 5.2 + 0.3 * len(m.regimes)), dpi=DPI, layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    traced = exact_regions(m)
    if traced is None:
        handles = _grid_regions(ax, m, colours)
    else:
        X, Y, areas, lines = traced
        handles = _traced_regions(ax, m, colours, X, Y, areas)
        handles += _regions_on_curves(ax, m, colours, X, Y, lines)
        ax.set_xlim(float(m.xs[0]), float(m.xs[-1]))
        ax.set_ylim(float(m.ys[0]), float(m.ys[-1]))
    ax.plot([m.baseline[0]], [m.baseline[1]], marker="x", color="black", markersize=10, mew=2, linestyle="none",
            label="baseline")
    ax.set_xlabel(_short(_axis(m.x, m.x_label), 70))
    ax.set_ylabel(_short(_axis(m.y, m.y_label), 45))
    what = "Subgame-perfect play" if m.what == "play" else "Equilibria"
    ax.set_title(f"{what} as two assumptions vary (others at baseline)")
    fig.legend(handles=handles, loc="outside lower center", ncol=1, frameon=False, fontsize="small")
    return fig


def _grid_regions(ax: Any, m: Any, colours: list[str]) -> list[Any]:
    """The regions as the grid found them (no exact curves account for it); their legend entries."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    ax.pcolormesh(m.xs, m.ys, m.codes, cmap=ListedColormap(colours), vmin=-0.5, vmax=len(m.regimes) - 0.5,
                  shading="nearest", rasterized=True)
    return [Patch(facecolor=c, edgecolor="black", label=_short(r, 80)) for c, r in zip(colours, m.regimes)]


def _traced_regions(ax: Any, m: Any, colours: list[str], X: Any, Y: Any, areas: dict[int, Any]) -> list[Any]:
    """The regions with an area, filled between the exact curves; their legend entries."""
    from matplotlib.patches import Patch

    handles = []
    for code in sorted(areas):
        inside = areas[code]
        ax.contourf(X, Y, inside, levels=[float(inside.min()) - 1.0, 0.0], colors=[colours[code]])
        ax.contour(X, Y, inside, levels=[0.0], colors="black", linewidths=0.8)
        handles.append(Patch(facecolor=colours[code], edgecolor="black", label=_short(m.regimes[code], 80)))
    return handles


def _regions_on_curves(ax: Any, m: Any, colours: list[str], X: Any, Y: Any, lines: dict[int, list]) -> list[Any]:
    """The sets met only on a boundary: drawn along the stretch of the curve where the grid found
    them, or as dots where curves cross; their legend entries."""
    from matplotlib.lines import Line2D

    step = max(float(m.xs[1] - m.xs[0]) if len(m.xs) > 1 else 1.0, float(m.ys[1] - m.ys[0]) if len(m.ys) > 1
               else 1.0)
    handles = []
    for n, code in enumerate(sorted(lines)):
        style: Any = ("--", ":", "-.")[n % 3]
        found = lines[code]
        along = sorted({c[0] for *_, c in found if len(c) == 1})  # on one curve: a stretch of it
        for k in along:
            _curve_stretch(ax, m, X, Y, k, [(x, y) for x, y, c in found if c == (k,)], step, colours[code], style)
        corners = [(x, y, c) for x, y, c in found if len(c) > 1]
        if corners and not along:
            ax.plot([x for x, _, _ in corners], [y for _, y, _ in corners], marker="o", color=colours[code],
                    markersize=8, linestyle="none", clip_on=False)
        texts = [m.curve_texts[k] for k in along if k < len(m.curve_texts)]
        where = ("on " + " or ".join(texts)) if texts else "at the point" + ("s" if len(corners) > 1 else "") + \
            " where " + " and ".join(m.curve_texts[k] for k in corners[0][2] if k < len(m.curve_texts))
        handles.append(Line2D([], [], color=colours[code], lw=3 if along else 0, linestyle=style,
                              marker=None if along else "o", label=_short(f"only {where}: {m.regimes[code]}", 80)))
    return handles


def _curve_stretch(ax: Any, m: Any, X: Any, Y: Any, k: int, points: list[tuple[float, float]], step: float,
                   colour: str, style: str) -> None:
    """Curve ``k`` drawn only near the grid ``points`` where a set was found on it."""
    import numpy as np

    near = np.zeros(X.shape, dtype=bool)
    for x0, y0 in points:
        near |= (np.abs(X - x0) <= 1.5 * step) & (np.abs(Y - y0) <= 1.5 * step)
    curve = np.ma.masked_where(~near, _evaluate(m.curves[k], m.x, m.y, X, Y))
    ax.contour(X, Y, curve, levels=[0.0], colors=[colour], linewidths=3, linestyles=style)


def _sustain_figure(s: Any) -> Any:
    import numpy as np
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    fig = Figure(figsize=(7.5, 6.0), dpi=DPI, layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    xs = np.linspace(s.x_range[0], s.x_range[1], FINE)
    ys = np.linspace(s.y_range[0], s.y_range[1], FINE)
    X, Y = np.meshgrid(xs, ys)
    G = _evaluate(s.condition, s.x, s.y, X, Y)
    G = np.where(np.isfinite(G), G, -1.0)
    top = float(np.abs(G).max()) + 1.0
    yes, no = PALETTE[2], PALETTE[7]
    ax.contourf(X, Y, G, levels=[0.0, top], colors=[yes])
    ax.contourf(X, Y, G, levels=[-top, 0.0], colors=[no])
    ax.contour(X, Y, G, levels=[0.0], colors="black", linewidths=1.5)
    if np.isfinite(s.baseline[1]):
        ax.plot([s.baseline[0]], [s.baseline[1]], marker="x", color="black", markersize=10, mew=2, linestyle="none")
    ax.set_xlim(*s.x_range)
    ax.set_ylim(*s.y_range)
    ax.set_xlabel(_short(_axis(s.x, s.x_label), 70))
    ax.set_ylabel("δ: discount factor" if s.y == "delta" else _short(_axis(s.y, s.y_label), 45))
    ax.set_title(_short(f"Where {s.target} is sustained: {s.discount} ≥ {s.critical}", 70))
    handles = [Patch(facecolor=yes, edgecolor="black", label=f"{s.target} sustained"),
               Patch(facecolor=no, edgecolor="black", label=f"{s.target} not sustained")]
    fig.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False, fontsize="small")
    return fig


def _tornado_figure(rows: Any) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, 1.8 + 0.55 * len(rows)), dpi=DPI, layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    change, steady = PALETTE[5], "#CCCCCC"
    names = []
    reach = 5.0
    for y, r in enumerate(reversed(rows)):
        names.append(f"{r.parameter} (baseline {_num(r.baseline)})")
        span = float(r.high) - float(r.low)
        if span <= 0:
            continue
        down = (float(r.baseline) - (r.below.value if r.below is not None else float(r.low))) / span * 100
        up = ((r.above.value if r.above is not None else float(r.high)) - float(r.baseline)) / span * 100
        ax.barh(y, -down, color=change if r.below is not None else steady, edgecolor="black", linewidth=0.5)
        ax.barh(y, up, color=change if r.above is not None else steady, edgecolor="black", linewidth=0.5)
        left = r.below.text if r.below is not None else f"none to {_num(r.low)}"
        right = r.above.text if r.above is not None else f"none to {_num(r.high)}"
        ax.text(-down - 1, y, left, va="center", ha="right", fontsize="small")
        ax.text(up + 1, y, right, va="center", ha="left", fontsize="small")
        reach = max(reach, down, up)
    ax.set_yticks(range(len(names)), names)
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlim(-reach * 1.6 - 8, reach * 1.6 + 8)
    ax.set_xlabel("← falls    change from the baseline (% of the declared range)    rises →")
    ax.set_title("How far each assumption can move before the equilibria change")
    return fig


def _shares_figure(sh: Any, report_colours: Mapping[str, str]) -> Any:
    import numpy as np
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, 4.8 + 0.3 * len(sh.outcomes)), dpi=DPI, layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    colours = _colours(sh.outcomes, report_colours)
    labels = [_short(o, 80) for o in sh.outcomes]
    if sh.counts:  # bins of the run's draws: stacked bars, one per bin shown
        bottom = np.zeros(len(sh.xs))
        for values, colour, label in zip(sh.shares, colours, labels):
            ax.bar(sh.xs, 100 * np.asarray(values), width=sh.width, bottom=bottom, color=colour, label=label,
                   edgecolor="white", linewidth=0.3)
            bottom += 100 * np.asarray(values)
        ax.set_xlim(sh.xs[0] - sh.width / 2, sh.xs[-1] + sh.width / 2)
        ax.set_ylabel(f"share of the draws in each bin (%; {sh.draws:,} draws, seed {sh.seed})")
    else:
        ax.stackplot(np.asarray(sh.xs), *[100 * np.asarray(v) for v in sh.shares], colors=colours, labels=labels,
                     edgecolor="white", linewidth=0.3)
        ax.set_xlim(sh.xs[0], sh.xs[-1])
        ax.set_ylabel("share of draws (%)")
    ax.axvline(sh.baseline, color="black", linestyle="--", linewidth=1)
    ax.set_ylim(0, 100)
    ax.set_xlabel(_short(_axis(sh.parameter, sh.label), 70))
    ax.set_title(_short(f"Which {sh.what} holds as {sh.parameter} moves (others drawn)", 70))
    fig.legend(loc="outside lower center", ncol=1, frameon=False, fontsize="small")
    return fig


def _sampled_figure(m: Any, colours: Mapping[str, str]) -> Any:
    """The outcome at each sampled point as a dot (colour and marker per outcome), never filled in
    between: the points are all that was solved."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, 5.2 + 0.3 * len(m.outcomes)), dpi=DPI, layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    markers = ("o", "s", "^", "D", "v", "P", "X", "*")
    colour = _colours(m.outcomes, colours)
    for k, outcome in enumerate(m.outcomes):
        at = [p for p, label in zip(m.points, m.labels) if label == outcome]
        ax.plot([x for x, _ in at], [y for _, y in at], linestyle="none", marker=markers[k % len(markers)],
                color=colour[k], markersize=6, label=_short(f"{outcome} ({len(at)} points)", 80))
    ax.plot([m.baseline[0]], [m.baseline[1]], marker="x", color="black", markersize=10, mew=2, linestyle="none",
            label="baseline")
    ax.set_xlim(*m.x_range)
    ax.set_ylim(*m.y_range)
    ax.set_xlabel(_short(_axis(m.x, m.x_label), 70))
    ax.set_ylabel(_short(_axis(m.y, m.y_label), 45))
    what = "Subgame-perfect play" if m.what == "play" else m.what[0].upper() + m.what[1:]
    ax.set_title(_short(f"{what} at {len(m.points)} sampled points (seed {m.seed}; others at baseline)", 70))
    fig.legend(loc="outside lower center", ncol=1, frameon=False, fontsize="small")
    return fig


def make_figure(spec: FigureSpec) -> Any:
    """The matplotlib ``Figure`` of one spec."""
    if spec.kind in ("regime", "sampled", "shares"):  # outcomes coloured alike in every figure
        coloured = {"regime": _regime_figure, "sampled": _sampled_figure, "shares": _shares_figure}
        return coloured[spec.kind](spec.data, spec.colours)
    drawers = {"sustain": _sustain_figure, "tornado": _tornado_figure}
    if spec.kind not in drawers:
        raise ValueError(f"unknown figure kind {spec.kind!r}")
    return drawers[spec.kind](spec.data)


def figure_bytes(fig: Any, fmt: str) -> bytes:
    """``fig`` as PNG or SVG bytes, identical on every run."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "convenience", "svg.fonttype": "path", "path.simplify": True}):
        if fmt == "svg":
            fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        elif fmt == "png":
            fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        else:
            raise ValueError(f"unknown figure format {fmt!r}")
    return buffer.getvalue()
