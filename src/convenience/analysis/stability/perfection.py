"""Trembling-hand perfection for equilibria of games with any number of players.

**Trembling-hand perfection** (Selten 1975; :func:`nplayer_perfection`). ``sigma`` is perfect iff
it is a limit of completely mixed profiles against which every ``sigma_i`` is a best reply (van
Damme, *Stability and Perfection of Nash Equilibria*, 1991, theorem 2.2.5). For two players this
is decided exactly by weak dominance (``stability.is_perfect``); for more players, in order:

1. completely mixed: perfect (it is such a profile itself);
2. some ``sigma_i`` weakly dominated (a linear programme against the others' pure profiles,
   certificate re-checked exactly for rational payoffs): **not perfect**;
3. regular (every outside strategy does strictly worse, and the support system's Jacobian is
   nonsingular; decided exactly for rational payoffs): **perfect**, since regular equilibria are
   strictly perfect (van Damme 1991, section 2.5);
4. pure equilibria: some equally good alternative does strictly better against every completely
   mixed profile close enough (its gain is a polynomial in the trembles whose negative terms
   are all multiples of positive ones; exact for rational payoffs): **not perfect**;
5. local first-order tests: no direction of change of the others' profile keeps ``sigma_i`` a best
   reply to first order (every tied outside strategy no better, support strategies still
   equal), for some player ``i``; or no direction of change of the whole profile does so for
   every player at once; then no completely mixed profile near ``sigma`` does: **not perfect**
   (decided by small linear programmes, floating point);
6. pure equilibria: a line of completely mixed profiles ``t + delta (c - t)`` against which each
   ``t_i`` is a best reply for all small ``delta`` (payoff differences are polynomials in
   ``delta``, read term by term; exact for rational payoffs): **perfect**;
7. ``epsilon``-perturbed equilibria: the outside strategies get probability ``epsilon * c`` (``c``
   uniform, then seeded random weights), the support probabilities solve the indifference
   system by Newton's method from ``sigma``, and every outside strategy must be no better; when
   this holds for ``epsilon = 1e-2, ..., 1e-8`` with the profiles converging to ``sigma``: **perfect
   (numerical)**, a finite sequence standing for the limit;
8. otherwise **undetermined**.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, product
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame

from convenience.analysis.stability.common import (support_of, tolerance,
                                                  weakly_dominated)
from convenience.solvers.exact_linalg import rationalize, solve_exact
from convenience.analysis.stability.support_system import SupportSystem, against, against_pair, newton

EPSILONS = tuple(10.0 ** -k for k in range(2, 9))


# -- perfection --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Perfection:
    """``perfect`` True, False or None (undetermined); ``basis``: how it was decided; ``exact``:
    decided in exact arithmetic."""

    perfect: bool | None
    basis: str
    exact: bool

    def cell(self) -> str:
        if self.perfect is None:
            return "undetermined"
        word = "yes" if self.perfect else "no"
        return word if self.exact else f"{word} (numerical)"


def _flat_against_others(game: NormalFormGame, i: int) -> np.ndarray:
    """Player ``i``'s payoffs as a matrix: own strategies by the others' pure profiles."""
    table = np.moveaxis(game.payoffs[i], i, 0)
    return table.reshape(table.shape[0], -1)


def dominated_player(game: NormalFormGame, profile: Sequence) -> tuple[int, bool] | None:
    """``(player, confirmed exactly)`` for the first player whose equilibrium strategy is weakly
    dominated against the others' pure profiles, or None."""
    scale = game.payoff_range()
    for i in range(game.n_players):
        matrix = _flat_against_others(game, i)
        z = weakly_dominated(np.asarray(matrix, dtype=float), np.asarray(profile[i], dtype=float), scale)
        if z is None:
            continue
        if not game.is_exact:
            return i, False
        zq = np.array([rationalize(v) for v in np.clip(z, 0, None)], dtype=object)
        zq = zq / sum(zq)
        gain = zq @ matrix - np.asarray(profile[i], dtype=object) @ matrix
        if all(g >= 0 for g in gain) and any(g > 0 for g in gain):
            return i, True
    return None


def is_regular(game: NormalFormGame, profile: Sequence) -> bool:
    """Quasi-strict (every outside strategy strictly worse) with a nonsingular support system;
    exact for rational payoffs."""
    supports = support_of(profile)
    tol = tolerance(game)
    for i in range(game.n_players):
        values = game.pure_payoffs_against(tuple(profile), i)
        top = max(values[k] for k in supports[i])
        if any(values[r] >= top - tol for r in range(len(values)) if r not in supports[i]):
            return False
    if all(len(s) == 1 for s in supports):
        return True
    system = SupportSystem(game.shape, supports)
    if not game.is_exact:
        u = game.float_payoffs() / game.payoff_range()
        return bool(np.linalg.cond(system.jacobian(u, system.start(profile, u))) < 1e10)
    sigma = [np.array(list(x), dtype=object) for x in profile]
    jac = system.jacobian_at(game.payoffs, sigma, np.full((system.size, system.size), Fraction(0), dtype=object))
    return solve_exact(jac.tolist(), [0] * system.size) is not None  # None exactly when singular


#: Most payoff gains :func:`pure_tremble_beaten` reads for one player and strategy (3^10: eleven
#: players with two strategies each); beyond, the test is not made (the others still are).
MAX_GAINS = 3 ** 10


def pure_tremble_beaten(game: NormalFormGame, cell: tuple[int, ...]) -> tuple[int, int] | None:
    """For a pure equilibrium: ``(player, strategy)`` when some alternative ``r`` of a player does
    strictly better than ``t_i`` against *every* completely mixed profile close enough to it;
    then the equilibrium is not perfect. Exact for rational payoffs.

    With trembles ``a_jk >= 0`` (player ``j`` moves probability ``a_jk`` from ``t_j`` to ``k``), the
    gain of ``r`` is a polynomial in the ``a_jk``, multilinear across players; its coefficient on
    ``prod a_(j, k_j)`` over a set ``T`` of players is the inclusion-exclusion sum of the gains at the
    pure profiles where some of ``T`` switch. It is positive for all small positive trembles when
    some coefficient is positive and every negative term is a multiple of a positive one (each
    positive term outweighs the finitely many smaller terms it divides).
    """
    n = game.n_players
    payoffs = game.payoffs if game.is_exact else game.float_payoffs()
    tol = tolerance(game)
    for i in range(n):
        others = [j for j in range(n) if j != i]
        # each term sums the gains at the profiles where some of its players switch: per other
        # player, 1 (not in the term) + 2 (in it, switched or not) per alternative strategy
        if np.prod([2 * game.shape[j] - 1 for j in others], dtype=float) > MAX_GAINS:
            return None
        for r in range(game.shape[i]):
            if r == cell[i]:
                continue

            def gain(switch: dict[int, int], i: int = i, r: int = r) -> Any:
                base = [switch.get(j, cell[j]) for j in range(n)]
                moved = list(base)
                moved[i] = r
                return payoffs[(i,) + tuple(moved)] - payoffs[(i,) + tuple(base)]

            if abs(gain({})) > tol:
                continue  # r is strictly worse at the equilibrium: it stays worse nearby
            positive, negative = [], []
            for size in range(1, n):
                for players in combinations(others, size):
                    for ks in product(*[[k for k in range(game.shape[j]) if k != cell[j]] for j in players]):
                        term = dict(zip(players, ks))
                        coefficient = sum((-1) ** (size - len(sub)) * gain({j: term[j] for j in sub})
                                          for m in range(size + 1) for sub in combinations(players, m))
                        if coefficient > tol:
                            positive.append(term)
                        elif coefficient < -tol:
                            negative.append(term)

            def divides(small: dict, large: dict) -> bool:
                return len(small) < len(large) and all(large.get(j) == k for j, k in small.items())

            if positive and all(any(divides(p, m) for p in positive) for m in negative):
                return i, r
    return None


def first_order_blocked(game: NormalFormGame, profile: Sequence, player: int | None = None) -> bool:
    """True when no nonzero first-order change ``w`` of the profile (within the tangent cones of
    the simplices) keeps the tied outside strategies no better and the support strategies
    equally good: for every player at once (``player`` None, ``w`` the whole profile), or for
    ``player`` alone (``w`` the others' part). Then no profile near ``sigma`` that differs from it
    (in the others' part) keeps those strategies best replies: on the unit sphere of the cone
    some first-order violation is at least a fixed positive amount, which the second-order
    terms cannot undo close enough to ``sigma``. If that part of ``sigma`` is not completely
    mixed, ``sigma`` is not perfect. Decided by linear programmes (maximise and minimise each
    coordinate of ``w`` over the cone cut by those conditions, in a unit box), in floating point."""
    from scipy.optimize import linprog

    supports = support_of(profile)
    n, shape = game.n_players, game.shape
    u = game.float_payoffs() / game.payoff_range()
    sigma = [np.asarray(x, dtype=float) for x in profile]
    starts = np.cumsum([0] + list(shape)).tolist()
    size = starts[-1]
    rows_ub: list[Any] = []
    rows_eq: list[Any] = []
    moving = [j for j in range(n) if j != player]
    tol = 0 if game.is_exact else 1e-12 * game.payoff_range()
    for i in (range(n) if player is None else [player]):
        exact_values = game.pure_payoffs_against(tuple(profile), i)  # ties decided exactly when payoffs are rational
        s0 = supports[i][0]
        ties = [r for r in range(shape[i]) if r not in supports[i] and exact_values[r] >= exact_values[s0] - tol]
        for r, target in [(r, rows_ub) for r in ties] + [(r, rows_eq) for r in supports[i][1:]]:
            row = np.zeros(size)  # first-order change of u_i(r, .) - u_i(s0, .)
            for j in moving:
                if j != i:
                    block = against_pair(u[i], sigma, i, j)
                    row[starts[j]:starts[j + 1]] = block[r] - block[s0]
            target.append(row)
    if not rows_ub and not rows_eq:
        return False
    bounds = []
    for j in range(n):
        if j not in moving:
            bounds += [(0.0, 0.0)] * shape[j]
            continue
        bounds += [(-1.0, 1.0) if k in supports[j] else (0.0, 1.0) for k in range(shape[j])]
        rows_eq.append(np.concatenate([np.zeros(starts[j]), np.ones(shape[j]), np.zeros(size - starts[j + 1])]))
    a_ub = np.array(rows_ub) if rows_ub else None
    b_ub = np.zeros(len(rows_ub)) if rows_ub else None
    for index in range(size):
        if bounds[index] == (0.0, 0.0):
            continue
        for sign in (1.0, -1.0):
            objective = np.zeros(size)
            objective[index] = -sign
            res = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=np.array(rows_eq), b_eq=np.zeros(len(rows_eq)),
                          bounds=bounds, method="highs")
            if res.status != 0 or -res.fun > 1e-9:
                return False
    return True


def _perturbed_limit(game: NormalFormGame, profile: Sequence, seed: int, tries: int = 12) -> bool:
    """Equilibria of epsilon-perturbed games converging to ``sigma`` found for every epsilon in
    ``EPSILONS`` along one choice of trembles ``c`` (uniform first, then seeded random)."""
    supports = support_of(profile)
    shape = game.shape
    u = game.float_payoffs() / game.payoff_range()
    rng = np.random.default_rng(seed)
    sigma = [np.asarray(x, dtype=float) for x in profile]
    for attempt in range(tries):
        weights = []
        for j, m in enumerate(shape):
            w = np.ones(m) if attempt == 0 else rng.uniform(0.05, 1.0, m)
            w[list(supports[j])] = 0.0
            weights.append(w)
        ok = True
        for eps in EPSILONS:
            system = SupportSystem(shape, supports, fixed=[eps * w for w in weights])
            # start from sigma with the support scaled to leave room for the trembles
            found = newton(system, u, system.start([x * (1 - eps * w.sum()) for x, w in zip(sigma, weights)], u))
            if found is None or system.margin(u, found) < -1e-12:
                ok = False
                break
            tau = system.profile(found)
            if max(np.abs(t - s).max() for t, s in zip(tau, sigma)) > 10 * eps * max(1, max(shape)):
                ok = False
                break
        if ok:
            return True
    return False


def _line_certificate(game: NormalFormGame, cell: tuple[int, ...], weights: Sequence[Sequence[Any]]) -> bool:
    """For a pure equilibrium ``cell``: along ``tau_j = t_j + delta (c_j - t_j)`` (``c_j`` the
    normalised ``weights``, all positive, so ``tau`` is completely mixed for ``0 < delta < 1``),
    is every ``t_i`` a best reply for all small ``delta``? Each payoff difference is a polynomial
    in ``delta`` whose coefficients are computed (exactly for rational payoffs) and read
    lexicographically."""
    n, exact = game.n_players, game.is_exact
    one = Fraction(1) if exact else 1.0
    payoffs = game.payoffs if exact else game.float_payoffs()
    pure = [np.array([one * (k == cell[j]) for k in range(m)], dtype=object if exact else float)
            for j, m in enumerate(game.shape)]
    moves = []
    for j, w in enumerate(weights):
        c = np.array([one * v for v in w], dtype=object if exact else float)
        moves.append(c / sum(c) - pure[j])
    tol = 0 if exact else 1e-12 * game.payoff_range()
    for i in range(n):
        others = [j for j in range(n) if j != i]
        coefficients: list[Any] = []
        for degree in range(n):
            total = None
            for chosen in combinations(others, degree):
                sigma = [moves[j] if j in chosen else pure[j] for j in range(n)]
                values = against(payoffs[i], sigma, i)
                total = values if total is None else total + values
            coefficients.append(total)
        for r in range(game.shape[i]):
            if r == cell[i]:
                continue
            for coefficient in coefficients:
                difference = coefficient[cell[i]] - coefficient[r]
                if difference > tol:
                    break
                if difference < -tol:
                    return False
    return True


def nplayer_perfection(game: NormalFormGame, profile: Sequence, seed: int = 0) -> Perfection:
    """Trembling-hand perfection of an equilibrium of a game with any number of players, by the
    tests listed in the module docstring, in that order."""
    from convenience.solvers.indifferent import own_choice_never_matters

    supports = support_of(profile)
    if all(len(s) == m for s, m in zip(supports, game.shape)):
        return Perfection(True, "completely mixed", True)
    if own_choice_never_matters(game):
        return Perfection(True, "no player's own choice changes its payoff, so every strategy is a best reply to "
                                "every tremble", game.is_exact)
    dominated = dominated_player(game, profile)
    if dominated is not None:
        i, confirmed = dominated
        return Perfection(False, f"{game.players[i]}'s strategy is weakly dominated", confirmed)
    if is_regular(game, profile):
        return Perfection(True, "regular equilibrium (every other strategy strictly worse, nonsingular "
                                "indifference system), hence perfect", game.is_exact)
    cell = tuple(s[0] for s in supports) if all(len(s) == 1 for s in supports) else None  # a pure equilibrium
    if cell is not None:
        beaten = pure_tremble_beaten(game, cell)
        if beaten is not None:
            i, r = beaten
            return Perfection(False, f"{game.players[i]}'s {game.strategies[i][r]} is as good at the equilibrium and "
                                     "strictly better against every completely mixed profile near it", game.is_exact)
    for i in range(game.n_players):
        others_mixed = all(len(supports[j]) == game.shape[j] for j in range(game.n_players) if j != i)
        if not others_mixed and first_order_blocked(game, profile, i):
            return Perfection(False, f"no completely mixed profile near it keeps {game.players[i]}'s strategy a "
                                     "best reply (first-order test)", False)
    if first_order_blocked(game, profile):
        return Perfection(False, "no completely mixed profile near it keeps every player's strategy a best reply "
                                 "(first-order test)", False)
    if cell is not None:
        rng = np.random.default_rng(seed)
        trials = [[[1] * m for m in game.shape]]  # uniform trembles, then seeded random ones
        trials += [[[int(v) for v in rng.integers(1, 10, m)] for m in game.shape] for _ in range(8)]
        for weights in trials:
            if _line_certificate(game, cell, weights):
                return Perfection(True, "a best reply against completely mixed profiles converging to it along a "
                                        "line (the payoff differences, polynomials in the step, checked term by "
                                        "term)", game.is_exact)
    if _perturbed_limit(game, profile, seed):
        return Perfection(True, "limit of equilibria of epsilon-perturbed games (epsilon = 1e-2 to 1e-8)", False)
    return Perfection(None, "undetermined: neither a proof nor a converging sequence of perturbed equilibria "
                            "was found", False)
