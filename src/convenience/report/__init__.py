"""Markdown reports of games: verdict, game, assumptions, equilibria, stability, sensitivity,
expectations and provenance, with figures and an index comparing games.

``build_report`` collects results (``build.py``), ``render_report`` turns them into text
(``markdown.py``), ``plots.py`` draws figures and ``index.py`` compares games; only the
``convenience report`` command writes files.
"""

from convenience.report.build import GameReport, build_report

__all__ = ["GameReport", "build_report"]
