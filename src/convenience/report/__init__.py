"""Markdown reports of games, with figures and an index comparing games.

``build.py`` turns the analysis of one game (:class:`convenience.pipeline.GameAnalysis`: solve,
stability, sensitivity, expectations) into a :class:`GameReport` of plain views through small
adapters (``views.py``, ``sensitivity.py``), computing nothing;
``markdown.py`` and ``sections.py`` render it as text (pure functions, helpers in
``text.py``), ``mermaid.py`` draws trees, ``plots.py`` returns matplotlib figures and
``index.py`` compares games. Only the ``convenience report`` command writes files.

The names below are imported on first use, so that the command line, which needs only the
defaults in ``defaults.py`` to declare its options, starts without loading the report code.
"""

__all__ = ["GameReport", "build_report", "game_report"]


def __getattr__(name: str):
    if name in __all__:
        from convenience.report import build

        return getattr(build, name)
    raise AttributeError(f"module 'convenience.report' has no attribute {name!r}")
