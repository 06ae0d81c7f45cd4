"""convenience: game-theoretic analysis of strategic dilemmas.

Games are written in YAML with payoffs as expressions of named parameters;
convenience finds and verifies their equilibria, measures how robust each one
is to the assumptions, and writes Markdown reports.
"""

__version__ = "0.1.0"
