"""Explorer pages beside the Markdown reports: ``NAME.html`` next to ``NAME.md``, linked from both
the report and the index."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from convenience.game import Game

LINK_TEXT = "explore"


def explorer_page(game: Game, source: str, plane: tuple[str, str] | None = None,
                  boundaries: Sequence[str] = (), names: Any = None, analysis: Any = None) -> bytes | None:
    """The page's bytes, or None when the explorer cannot show this kind of game."""
    from convenience.explore.data import Unsupported
    from convenience.explore.page import explore_page

    try:
        return explore_page(game, source, plane, boundaries, names, analysis).encode("utf-8")
    except Unsupported:
        return None


def report_plane(analysis: Any) -> tuple[str, str] | None:
    """The two parameters the report's sensitivity puts first: its regime map's, else the two
    most fragile."""
    sensitivity = analysis.sensitivity
    if sensitivity is None:
        return None
    regime_map = getattr(sensitivity, "regime_map", None)
    if regime_map is not None:
        return regime_map.x, regime_map.y
    fragile = [t.parameter for t in getattr(sensitivity, "tornado", ()) if t.fragility() is not None]
    return (fragile[0], fragile[1]) if len(fragile) >= 2 else None


def report_boundaries(analysis: Any) -> tuple[str, ...]:
    """Exact equations of where the report finds the equilibria change: the boundaries of its
    regime map (the other parameters at their baselines) and every exact threshold, written as
    its parameter equal to an expression of the others ("w = s"); each once."""
    sensitivity = analysis.sensitivity
    if sensitivity is None:
        return ()
    found: list[str] = []
    regime_map = getattr(sensitivity, "regime_map", None)
    if regime_map is not None:
        found += [e for boundary in regime_map.boundaries for e in boundary.equations]
    for parameter in getattr(sensitivity, "thresholds", ()):
        for threshold in parameter.thresholds:
            right = threshold.symbolic or threshold.exact
            if right and not threshold.numerical:
                found.append(f"{threshold.parameter} = {right}")
    return tuple(dict.fromkeys(found))


def with_link(markdown: bytes, page: str) -> bytes:
    """The report with one line after its title pointing to its explorer page."""
    text = markdown.decode("utf-8")
    title, sep, rest = text.partition("\n")
    line = (f"Explore this game interactively: [{page}]({page}) (a slider for every assumption; the "
            "equilibria, the game and the claims follow).")
    return f"{title}{sep}\n{line}\n{rest}".encode()


def report_page(analysis: Any) -> bytes | None:
    """The explorer page of one analysed game, as the report links it (None when the explorer
    cannot show this kind of game)."""
    from convenience.report.build import report_names

    return explorer_page(analysis.game, analysis.source, report_plane(analysis), report_boundaries(analysis),
                         report_names(analysis), getattr(analysis.sensitivity, "conditions", None))


def add_explorers(outputs: dict[Path, bytes], games: Any, outdir: Path,
                  pages: Sequence[bytes | None] | None = None) -> set[str]:
    """Add each game's page to ``outputs`` and link it from its report; the names that got one.
    ``pages``: the pages of ``games`` already built (by :func:`report_page`), say read from a cache."""
    done = set()
    for k, analysis in enumerate(games):
        name = Path(analysis.source).stem
        report = outdir / f"{name}.md"
        page = pages[k] if pages is not None else report_page(analysis)
        if page is None or report not in outputs:
            continue
        outputs[outdir / f"{name}.html"] = page
        outputs[report] = with_link(outputs[report], f"{name}.html")
        done.add(name)
    return done
