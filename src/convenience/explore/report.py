"""Explorer pages beside the Markdown reports: ``NAME.html`` next to ``NAME.md``, linked from both
the report and the index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

LINK_TEXT = "explore"


def explorer_page(game: Any, source: str) -> bytes | None:
    """The page's bytes, or None when the explorer cannot show this kind of game."""
    from convenience.explore.data import Unsupported
    from convenience.explore.page import explore_page

    try:
        return explore_page(game, source).encode("utf-8")
    except Unsupported:
        return None


def with_link(markdown: bytes, page: str) -> bytes:
    """The report with one line after its title pointing to its explorer page."""
    text = markdown.decode("utf-8")
    title, sep, rest = text.partition("\n")
    line = (f"Explore this game interactively: [{page}]({page}) (a slider for every assumption; the "
            "equilibria, the game and the claims follow).")
    return f"{title}{sep}\n{line}\n{rest}".encode()


def add_explorers(outputs: dict[Path, bytes], games: Any, outdir: Path) -> set[str]:
    """Add each game's page to ``outputs`` and link it from its report; the names that got one."""
    done = set()
    for analysis in games:
        name = Path(analysis.source).stem
        report = outdir / f"{name}.md"
        page = explorer_page(analysis.game, analysis.source)
        if page is None or report not in outputs:
            continue
        outputs[outdir / f"{name}.html"] = page
        outputs[report] = with_link(outputs[report], f"{name}.html")
        done.add(name)
    return done
