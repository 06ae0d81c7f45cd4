"""Monte Carlo over uncertain assumptions: distributions, robustness shares, parallel chunks.

:mod:`.distributions` samples the declared distributions, :mod:`.robustness` counts how often
each equilibrium survives, :mod:`.parallel` runs seeded chunks serially, on local processes
or on a Dask cluster with the same answer.
"""
