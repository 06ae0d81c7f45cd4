"""Analyses of solved games: sensitivity/ (conditions, thresholds, regimes), stability/ (refinements, dynamics), montecarlo/ (robustness), topology (canonical 2x2 dilemmas)."""
