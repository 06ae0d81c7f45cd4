"""Defaults of ``convenience report``: Monte Carlo draws per game and the seed of every draw.

They are the pipeline's (:mod:`convenience.pipeline` loads nothing heavy), named here so the
command line can declare its options without loading the report code.
"""

from convenience.pipeline import DEFAULT_SAMPLES, DEFAULT_SEED

__all__ = ["DEFAULT_SAMPLES", "DEFAULT_SEED"]
