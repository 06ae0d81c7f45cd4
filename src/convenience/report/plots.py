"""Figures of a report as matplotlib ``Figure`` objects; this module never writes files.

:func:`figure_specs` lists the figures a report links (name, alt text, caption);
:func:`make_figure` draws one; :func:`figure_bytes` renders one to PNG or SVG bytes that are
identical on every run (Agg backend, fixed DPI, no dates or software tags, a fixed SVG hash
salt), so committed reports diff cleanly. The CLI writes the bytes.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Any

#: Resolution of PNG figures (dots per inch).
DPI = 100
#: Colours of regimes, in order (colour-blind safe, from Okabe and Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")


@dataclass(frozen=True)
class FigureSpec:
    name: str  # file base name, e.g. "alliance-regime-k-B_R"
    kind: str  # "regime" or "tornado"
    alt: str
    caption: str
    data: Any


def _short(text: str, width: int = 60) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def figure_specs(report: Any) -> tuple[FigureSpec, ...]:
    """The figures of a :class:`~convenience.report.build.GameReport`, in the order shown."""
    view = report.sensitivity
    if view is None:
        return ()
    specs = []
    for m in view.maps:
        alt = (f"Regime map: which equilibria hold as {m.x} ({m.x_label}) and {m.y} ({m.y_label}) vary over "
               f"their ranges, the other parameters at baseline; regimes: {'; '.join(m.regimes)}")
        caption = (f"Equilibria as {m.x} and {m.y} vary (others at baseline); the cross marks the baseline "
                   f"({m.x} = {m.baseline[0]:g}, {m.y} = {m.baseline[1]:g}).")
        specs.append(FigureSpec(f"{report.name}-regime-{m.x}-{m.y}", "regime", alt, caption, m))
    ranked = view.tornado
    if ranked:
        alt = ("Tornado chart: distance from the baseline to the nearest threshold, as a share of each "
               "parameter's range; shortest bar = most fragile assumption: " +
               ", ".join(f"{r.parameter} {r.fragility:.0%}" for r in ranked))
        caption = "How far each assumption can move before the equilibrium set changes (share of its range)."
        specs.append(FigureSpec(f"{report.name}-tornado", "tornado", alt, caption, ranked))
    return tuple(specs)


def _regime_figure(m: Any) -> Any:
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    colours = [PALETTE[k % len(PALETTE)] for k in range(len(m.regimes))]
    fig = Figure(figsize=(7.5, 5.2 + 0.3 * len(m.regimes)), dpi=DPI, layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    ax.pcolormesh(m.xs, m.ys, m.codes, cmap=ListedColormap(colours), vmin=-0.5, vmax=len(m.regimes) - 0.5,
                  shading="nearest", rasterized=True)
    ax.plot([m.baseline[0]], [m.baseline[1]], marker="x", color="black", markersize=10, mew=2, linestyle="none",
            label="baseline")
    ax.set_xlabel(_short(f"{m.x}: {m.x_label}", 70))
    ax.set_ylabel(_short(f"{m.y}: {m.y_label}", 45))
    ax.set_title("Equilibria as two assumptions vary (others at baseline)")
    handles = [Patch(facecolor=c, edgecolor="black", label=_short(r, 80)) for c, r in zip(colours, m.regimes)]
    fig.legend(handles=handles, loc="outside lower center", ncol=1, frameon=False, fontsize="small")
    return fig


def _tornado_figure(rows: Any) -> Any:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, 1.5 + 0.45 * len(rows)), dpi=DPI, layout="constrained")
    ax = fig.add_subplot(1, 1, 1)
    names = [r.parameter for r in rows][::-1]
    values = [100 * r.fragility for r in rows][::-1]
    ax.barh(names, values, color=PALETTE[0])
    for y, v in enumerate(values):
        ax.text(v + 0.5, y, f"{v:.1f}%", va="center", fontsize="small")
    ax.set_xlabel("distance to the nearest threshold (% of the parameter's range)")
    ax.set_xlim(0, max(values + [1.0]) * 1.15 + 2)
    ax.set_title("How far each assumption can move before the equilibria change")
    return fig


def make_figure(spec: FigureSpec) -> Any:
    """The matplotlib ``Figure`` of one spec."""
    if spec.kind == "regime":
        return _regime_figure(spec.data)
    if spec.kind == "tornado":
        return _tornado_figure(spec.data)
    raise ValueError(f"unknown figure kind {spec.kind!r}")


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
