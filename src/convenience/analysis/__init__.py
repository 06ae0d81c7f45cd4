"""Analyses of solved games: sensitivity, robustness, stability, dynamics, batch solvers."""
