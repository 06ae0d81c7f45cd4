"""Defaults of ``convenience report``: Monte Carlo draws per game (keeps a dozen games well
under a minute) and the seed of every draw."""

DEFAULT_SAMPLES = 20_000
DEFAULT_SEED = 0
