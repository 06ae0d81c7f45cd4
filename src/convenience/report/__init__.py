"""Markdown reports of games, with figures and an index comparing games.

``build.py`` collects the results of one game (solve, stability, sensitivity, expectations)
into a :class:`GameReport` through small adapters (``views.py``, ``sensitivity.py``);
``markdown.py`` and ``sections.py`` render it as text (pure functions, helpers in
``text.py``), ``mermaid.py`` draws trees, ``plots.py`` returns matplotlib figures and
``index.py`` compares games. Only the ``convenience report`` command writes files.
"""

from convenience.report.build import GameReport, build_report

__all__ = ["GameReport", "build_report"]
