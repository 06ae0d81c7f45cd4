"""Sensitivity: how the equilibrium set depends on the parameters.

:func:`~.analyze.analyze` is the entry point (a :class:`~.analyze.SensitivityReport`).
Exact conditions (:mod:`.symbolic`, :mod:`.tree_conditions`, :mod:`.nplayer_conditions`, over
the candidates of :mod:`.candidates`), thresholds (:mod:`.thresholds`), one-way sweeps
(:mod:`.sweeps`), regime maps (:mod:`.regimes`), many games at once (:mod:`.vectorised`),
games without closed forms (:mod:`.generic`) and ordinal games (:mod:`.ordinal`).
"""
