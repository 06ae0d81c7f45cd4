"""Repeated games: the game types (:mod:`.game`) and their analysis (:mod:`.solve`).

:mod:`.game` holds :class:`~.game.ParametricRepeatedGame` and :class:`~.game.RepeatedGame` and
imports no analysis; :mod:`.solve` holds :func:`~.solve.analyse_repeated` (grim-trigger
conditions, critical discount factors, folk-theorem checks, finite repetition) built from
:mod:`.grim`, :mod:`.minmax`, :mod:`.finite` and :mod:`.result`; :mod:`.tree` unrolls a finite
repetition into a game tree.
"""
