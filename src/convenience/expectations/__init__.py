"""Expectations: claims a game file makes about its own solution, checked as data.

A game file's ``expect:`` list states what the model should reproduce, for example the
article's outcome at the baseline. Each entry has an ``id``, optionally the catalogue ``claim``
it tests (``seeds/claims.yaml``) and exactly one *check*:

======================  ===================================================================
``equilibrium: P``      the pure profile ``P`` is a Nash equilibrium
``not_equilibrium: P``  ``P`` is not a Nash equilibrium
``strict: P``           ``P`` is a strict equilibrium: every unilateral deviation loses
``unique: P``           the equilibrium set is exactly ``P`` (mixed equilibria and continua
                        count); ``unique: true`` only asks for exactly one equilibrium
``outcome: Q``          there is an equilibrium, and in every one the players named in the
                        partial profile ``Q`` play the named strategies with certainty
``never_played: Q``     no equilibrium gives the named strategies positive probability
``dominant: Q``         each named strategy is strictly dominant for its player
``payoff_dominant: P``  ``P`` is an equilibrium that pays every player strictly more than any
                        other equilibrium does
``spe_path: [a, ...]``  trees: following every subgame-perfect equilibrium from the root
                        plays these actions (a chance node takes the outcome named next)
``spe_action: {n: a}``  trees: every subgame-perfect equilibrium plays ``a`` at node ``n``
                        (its ``name:`` in the file, or its path such as ``Restrain/Provoke``)
``sustained: bool``     repeated games: the target profile is (or is not) sustained at the
                        game's discount factor
======================  ===================================================================

Profiles are mappings ``{Russia: Coordinate, Iran: Coordinate}`` (or lists in player order).
Two modifiers apply to any check: ``at: {k: 2}`` evaluates it at other parameter values, and
``robust: {at_least: 0.8, draws: 200, seed: 0}`` asks that it hold in that share of Monte
Carlo draws from the parameters' declared distributions.

When a check fails, :func:`check_game` says why and where it would hold: for each parameter
with a range, a 1-D scan (others at their baseline) locates the intervals where the check
holds, each end refined by bisection. ``games/conclusions.yaml`` (``kind: conclusions``)
states cross-game conclusions, each holding when the listed expectations of other files hold.

Modules: :mod:`.parse` reads the entries, :mod:`.checks` evaluates one check at one parameter
point, :mod:`.regions` measures robustness and holding regions, :mod:`.run` checks games,
files and conclusion files and returns :class:`ClaimResult` verdicts.
"""

from convenience.expectations.checks import Point, describe, dominance_solution, evaluate
from convenience.expectations.parse import CHECKS, Expectation, parse_expectations
from convenience.expectations.regions import holding_region, robust_share
from convenience.expectations.conclusions import check_conclusions
from convenience.expectations.run import ClaimResult, check_game

__all__ = ["CHECKS", "ClaimResult", "Expectation", "Point", "check_conclusions", "check_game",
           "describe", "dominance_solution", "evaluate", "holding_region", "parse_expectations", "robust_share"]
