"""Stability: how robust each equilibrium is, and which one a theory of play selects.

:func:`~.report.stability_report` gathers refinements, margins and selection signals for any
game; :mod:`.nplayer` holds the radius and perfection tests for three or more players,
:mod:`.dynamics` the evolutionary dynamics, :mod:`.qre` the logit quantal-response path.
"""
