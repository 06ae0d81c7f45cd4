"""Monte Carlo over uncertain assumptions: distributions, robustness shares, parallel chunks.

:mod:`.engine` is the one place parameter points are drawn (one seed discipline) and handed to
a batch evaluator or evaluated point by point; :mod:`.distributions` samples the declared
distributions, :mod:`.robustness` counts how often each equilibrium survives, :mod:`.parallel`
runs seeded chunks serially, on local processes or on a Dask cluster with the same answer.
"""
