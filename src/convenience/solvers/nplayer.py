"""Equilibria of games with three or more players.

Two methods, both verified by regret:

* :func:`nplayer_support_enumeration` (small games, every isolated equilibrium). For each
  profile of supports, a player mixing over ``S_i`` must be indifferent among ``S_i``: the
  equations ``u_i(s, sigma_-i) = u_i(s0, sigma_-i)`` for ``s`` in ``S_i`` are polynomial
  (multilinear) in the other players' probabilities. The square system is solved exactly by a
  lexicographic Groebner basis (``sympy.solve_poly_system``); real solutions with positive
  probabilities on the supports whose best responses include the supports are equilibria.
  Source: McKelvey and McLennan, "Computation of equilibria in finite games", *Handbook of
  Computational Economics* 1 (1996), section 6; Datta, "Using computer algebra to find Nash
  equilibria" (ISSAC 2003). Rational solutions are exact (regret zero); irrational ones
  (three-player games can have them) are checked symbolically, to 50 digits, and reported as
  floats with their algebraic form in the notes. Support profiles are first ruled out by exact
  certificates where possible (:mod:`convenience.solvers.nplayer_prune`), and systems in which
  only two players mix are solved as linear systems
  (:mod:`convenience.solvers.nplayer_elimination`). A support profile whose system has a
  continuum of solutions is reported as a component with its extreme points and a verified
  interior point (:mod:`convenience.solvers.nplayer_components`), never dropped silently.
* :func:`nplayer_numeric` (larger games, at least one equilibrium). Minimise McKelvey's
  Lyapunov function ``L(sigma) = sum_i sum_s max(0, u_i(s, sigma_-i) - u_i(sigma))^2`` (zero
  exactly at equilibria; McKelvey, "A Liapunov function for Nash equilibria", 1991, the
  ``liap`` method of Gambit) from seeded random starts, then polish each minimum by Newton's
  method on the indifference equations of its support. A profile is reported only when its
  regret is at most ``REGRET_TOL`` times the payoff range.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations, product

import numpy as np

from convenience.budget import RAISE_BUDGET
from convenience.errors import Remedy, Setting
from convenience.normal_form import NormalFormGame
from convenience.results import REGRET_TOL, Equilibrium, SolveResult, make_equilibrium

from ._common import finish
from .nplayer_systems import accept_candidate, accept_rational, payoff_against, solve_polynomial_system


#: Work units of support enumeration for three or more players per support profile examined
#: (the exact tests that rule it out, and building its equations). Each polynomial system solved
#: is charged besides, before it starts (:data:`convenience.solvers.nplayer_systems.SYSTEM_UNITS`).
SUPPORT_UNITS = 200


def _supports(m: int):
    for k in range(1, m + 1):
        yield from combinations(range(m), k)


def unknown_name(player: int, strategy: int) -> str:
    """The name of the unknown probability of ``strategy`` of ``player`` in the indifference
    equations (its player before the underscore, which :func:`~.nplayer_systems.bezout_number`
    reads)."""
    return f"p{player}_{strategy}"


def support_profiles(shape) -> list[tuple[tuple[int, ...], ...]]:
    """Every profile of nonempty supports, largest first (so that a continuum is met before its
    faces, which are then skipped)."""
    return sorted(product(*(list(_supports(m)) for m in shape)), key=lambda p: -sum(map(len, p)))


def nplayer_support_enumeration(game: NormalFormGame, max_support_profiles: int = 5000,
                                prune: bool = True, eliminate: bool = True, **options) -> SolveResult:
    """Every equilibrium of a small N-player game by exact polynomial solving: the isolated
    ones, and continua as components with their extreme points.

    ``prune=False`` skips the exact tests that rule support profiles out before solving
    (:mod:`convenience.solvers.nplayer_prune`); ``eliminate=False`` solves every system by
    Groebner bases, also the linear ones where two players mix
    (:mod:`convenience.solvers.nplayer_elimination`). The answer is the same.

    The work is charged to a budget (:data:`SUPPORT_UNITS` per support profile, and each
    polynomial system by its size); when it runs out the error lists the equilibria found so far.
    """
    from .nplayer_systems import charging

    opts = {"max_support_profiles": max_support_profiles, **options}
    if not prune:
        opts["prune"] = False
    if not eliminate:
        opts["eliminate"] = False
    count = int(np.prod([2 ** m - 1 for m in game.shape]))
    if count > max_support_profiles:
        from convenience.errors import InputError

        raise InputError(f"{count} support profiles exceed max_support_profiles="
                         f"{max_support_profiles}; use method 'numerical' for this game",
                         key="method")
    search = _SupportSearch(game, count, prune, eliminate)
    def charge_system(units: int) -> None:
        search.spend.charge(units, found=lambda: [*search.found_so_far(),
                                                  f"the polynomial system being started needs {units:,} units"])

    with charging(charge_system):
        for supports in support_profiles(game.shape):
            search.examine(supports)
    return search.result(opts)


class _SupportSearch:
    """The state of one support enumeration: the payoffs in the three number types the steps
    need, the caches of the pruning tests, the work budget, and what has been found."""

    def __init__(self, game: NormalFormGame, count: int, prune: bool, eliminate: bool) -> None:
        import sympy

        from convenience.budget import budget

        from .nplayer_systems import SYSTEM_UNITS

        self.game, self.count, self.prune, self.eliminate = game, count, prune, eliminate
        self.exact_payoffs = game.payoffs if game.is_exact else \
            np.vectorize(Fraction, otypes=[object])(game.float_payoffs())
        self.sym_payoffs = np.vectorize(lambda v: sympy.Rational(v.numerator, v.denominator),
                                        otypes=[object])(self.exact_payoffs)
        self.float_payoffs = np.asarray(self.exact_payoffs, dtype=float)
        if prune:
            from .nplayer_prune import integer_payoffs

            self.int_payoffs = integer_payoffs(self.exact_payoffs)
        self.never_cache: dict = {}
        self.feasible_cache: dict = {}
        self.notes: list[str] = []
        self.profiles: list = []  # rational (or float) equilibria, verified again by ``finish``
        self.irrational: list[Equilibrium] = []
        self.components: list = []
        self.continua = 0
        self.examined = 0
        self.spend = budget(f"support enumeration (units: {SUPPORT_UNITS} per support profile, {SYSTEM_UNITS} x "
                            "unknowns x (Bezout number)^3 per polynomial system)",
                            remedies=(Remedy("find some equilibria with {}", Setting("method", "numerical")), RAISE_BUDGET,
                                      "analyse a smaller game"))

    def found_so_far(self) -> list[str]:
        """What the budget message lists: support profiles examined and equilibria found."""
        listed = [make_equilibrium(self.game, p).label() for p in self.profiles[:3]]
        more = f" and {len(self.profiles) - 3} more" if len(self.profiles) > 3 else ""
        total = len(self.profiles) + len(self.irrational)
        return [f"{self.examined:,} of {self.count:,} support profiles examined (largest supports first), "
                f"{total} equilibri{'um' if total == 1 else 'a'}"
                + (f" ({'; '.join(f'({t})' for t in listed)}{more})" if listed else "")]

    def examine(self, supports) -> None:
        """Find the equilibria with exactly these supports, unless a test rules them out."""
        self.spend.charge(SUPPORT_UNITS, found=self.found_so_far)
        self.examined += 1
        if self.prune and _ruled_out(self.exact_payoffs, self.int_payoffs, self.float_payoffs, supports,
                                     self.never_cache, self.feasible_cache):
            return
        variables, sigma, blocks = self.indifference_system(supports)
        equations = [e for _, own in blocks for e in own]
        if not variables:
            solutions: list[dict] = [{}]
        elif any(e.is_number for e in equations):
            return  # a nonzero constant: no solution on this support profile
        else:
            solutions = self.solve(supports, variables, sigma, blocks, equations)
        for solution in solutions:
            self.accept(supports, sigma, solution)

    def indifference_system(self, supports):
        """``(variables, sigma, blocks)``: the unknown probabilities, each player's mixture in
        them (the first support strategy gets the rest), and for each mixing player its
        unknowns and its indifference equations ``u_i(s) - u_i(S_i[0]) = 0``."""
        import sympy

        variables, sigma, own_variables = [], [], {}
        for i, (m, S) in enumerate(zip(self.game.shape, supports)):
            xs = [sympy.Integer(0)] * m
            if len(S) == 1:
                xs[S[0]] = sympy.Integer(1)
            else:
                vs = [sympy.Symbol(unknown_name(i, s), real=True) for s in S[1:]]
                variables += vs
                own_variables[i] = vs
                xs[S[0]] = 1 - sum(vs)
                for s, v in zip(S[1:], vs):
                    xs[s] = v
            sigma.append(np.array(xs, dtype=object))
        blocks = []
        for i, S in enumerate(supports):
            if len(S) > 1:
                u = payoff_against(self.sym_payoffs[i], i, sigma)
                own = [e for e in (sympy.expand(u[s] - u[S[0]]) for s in S[1:]) if e != 0]
                blocks.append((own_variables[i], own))
        return variables, sigma, blocks

    def solve(self, supports, variables, sigma, blocks, equations) -> list[dict]:
        """The isolated solutions of the system: by linear elimination when two players mix, else
        by a Groebner basis; a continuum of solutions goes to :meth:`continuum`."""
        try:
            if len(equations) < len(variables):
                raise NotImplementedError
            if self.eliminate:
                from .nplayer_elimination import solve_two_mixing

                mixing = solve_two_mixing(blocks)
                if mixing is not None:
                    return mixing
            return solve_polynomial_system(equations, variables)
        except NotImplementedError:
            return self.continuum(supports, variables, sigma, equations)

    def continuum(self, supports, variables, sigma, equations) -> list[dict]:
        """Record the continua of equilibria on this support profile and their boundary
        equilibria; return the isolated solutions left to check."""
        from .nplayer_components import continuum_analysis

        solutions, found, boundary, more = continuum_analysis(
            self.game, self.exact_payoffs, self.sym_payoffs, supports, variables, sigma, equations,
            known=self.components)
        self.notes += more
        self.components += found
        for e in boundary:
            if e.exact or not self.game.is_exact:
                self.profiles.append(e.profile)
            else:
                self.irrational.append(e)
        self.continua += len(more)
        return solutions

    def accept(self, supports, sigma, solution: dict) -> None:
        """Keep the solution if it is an equilibrium (probabilities, supports best replies)."""
        import sympy

        profile = self.rational_profile(supports, sigma, solution)
        if profile is not None:
            found = accept_rational(self.exact_payoffs, supports, profile)
            if found is not None:
                self.profiles.append(found)
            return
        candidate = [np.array([sympy.sympify(v).subs(solution) if solution else sympy.sympify(v) for v in x],
                              dtype=object) for x in sigma]
        found = accept_candidate(self.game, self.exact_payoffs, self.sym_payoffs, supports, candidate, self.notes)
        if isinstance(found, Equilibrium):
            self.irrational.append(found)
        elif found is not None:
            self.profiles.append(found)

    @staticmethod
    def rational_profile(supports, sigma, solution: dict) -> list[np.ndarray] | None:
        """The solution as a profile of fractions when every unknown has a rational value (the
        first strategy of each support gets the rest, as in :meth:`indifference_system`); None
        for an irrational solution, which is checked symbolically instead."""
        values = {str(v): value for v, value in solution.items()}
        if not all(getattr(value, "is_Rational", False) for value in values.values()):
            return None
        profile = []
        for i, (x, S) in enumerate(zip(sigma, supports)):
            z = np.array([Fraction(0)] * len(x), dtype=object)
            if len(S) == 1:
                z[S[0]] = Fraction(1)
            else:
                names = [unknown_name(i, s) for s in S[1:]]
                if any(name not in values for name in names):
                    return None
                for s, name in zip(S[1:], names):
                    z[s] = Fraction(int(values[name].p), int(values[name].q))
                z[S[0]] = 1 - sum(z[s] for s in S[1:])
            profile.append(z)
        return profile

    def result(self, options: dict) -> SolveResult:
        """The verified equilibria, the maximal continua and the notes."""
        from dataclasses import replace

        game, notes, profiles = self.game, list(self.notes), self.profiles
        components = self.components
        if components:
            from .nplayer_components import maximal, number_connected_sets

            components = sorted(maximal(components), key=lambda c: (
                sum(map(len, c.supports)),
                [[game.strategies[i].index(s) for s in S] for i, S in enumerate(c.supports)]))
            components = list(number_connected_sets(components))
            dims = sorted({c.dimension for c in components})
            one = len(components) == 1
            notes.insert(0, f"the game is degenerate: {len(components)} component"
                            f"{'' if one else 's'} of equilibria, {'a' if one else 'each a'} continuum "
                            f"(dimension {' or '.join(map(str, dims))}), reported with {'its' if one else 'their'} "
                            f"extreme points (also in the list) and a verified interior point")
        elif self.continua:
            notes.insert(0, "the game is degenerate: some support profiles have a continuum of "
                            "indifference solutions")
        if not game.is_exact:
            profiles = [tuple(np.asarray(x, dtype=float) for x in p) for p in profiles]
        result = finish(game, "support-enumeration", options, profiles, notes, components=tuple(components),
                        count_note=False)
        if self.irrational:
            keys = {e.key(9) for e in result.equilibria}
            extra = [e for e in self.irrational if e.key(9) not in keys]
            result = replace(result, equilibria=result.equilibria + tuple(extra))
        total = len(result.equilibria)
        return replace(result, notes=result.notes + (
            f"{total} equilibri{'um' if total == 1 else 'a'} found by exact polynomial solving over "
            f"{self.count} support profiles"
            + (f" ({len(self.irrational)} irrational, shown as floats)" if self.irrational else ""),))


def _ruled_out(payoffs, int_payoffs, fpayoffs, supports, never_cache, feasible_cache) -> bool:
    """Whether an exact test proves that no equilibrium has exactly these supports: a support
    strategy is weakly dominated on the others' supports (``int_payoffs``: the payoffs scaled
    to integers), or conditionally dominated, or no distribution on the others' supports makes
    a player's support a set of equal best replies."""
    from .nplayer_prune import weakly_beaten

    if weakly_beaten(int_payoffs, supports):
        return True
    if any(set(S) & _never_best(payoffs, i, supports, never_cache) for i, S in enumerate(supports)):
        return True
    if sum(len(S) > 1 for S in supports) < 3:
        return False  # at most two players mix: the equations are linear and cheap anyway
    from .nplayer_prune import correlated_infeasible

    return any(correlated_infeasible(payoffs, fpayoffs, i, supports, feasible_cache)
               for i in range(len(supports)))


def _never_best(payoffs: np.ndarray, i: int, supports, cache: dict) -> frozenset:
    """Player ``i``'s strategies that are never a best response while the others play within
    their supports: strictly dominated there by another pure strategy or by a mixture.

    Conditional dominance (Porter, Nudelman and Shoham, *Games Econ. Behav.* 63, 2008). It
    depends only on the others' supports, so it is cached per player and those supports. A
    dominating mixture comes from a linear program and is checked again in exact arithmetic,
    so nothing is pruned on a rounding error.
    """
    key = (i, tuple(T for j, T in enumerate(supports) if j != i))
    if key in cache:
        return cache[key]
    table = payoffs[i][np.ix_(*[range(payoffs.shape[1 + j]) if j == i else T
                                for j, T in enumerate(supports)])]
    table = np.moveaxis(table, i, 0).reshape(table.shape[i], -1)
    m = table.shape[0]
    out = set()
    for s in range(m):
        if any(t != s and all(a > b for a, b in zip(table[t], table[s])) for t in range(m)):
            out.add(s)
    if m >= 3:
        from .dominance import mixed_dominator

        ftable = np.asarray(table, dtype=float)
        scale = max(1.0, float(ftable.max() - ftable.min()))
        for s in range(m):
            if s in out:
                continue
            others = [t for t in range(m) if t != s]
            if len(others) == 2:  # a mixture of two: one weight, decided exactly
                if beaten_by_two(table, s, *others):
                    out.add(s)
                continue
            w = mixed_dominator(ftable, s, others, 1e-9 * scale)
            if w is None:
                continue
            for den in (10**3, 10**6):
                q = [Fraction(v).limit_denominator(den) for v in w]
                total = sum(q)
                if total == 0:
                    continue
                mix = [sum(qk * table[t][c] for qk, t in zip(q, others)) / total
                       for c in range(table.shape[1])]
                if all(a > b for a, b in zip(mix, table[s])):
                    out.add(s)
                    break
    cache[key] = frozenset(out)
    return cache[key]


def beaten_by_two(table: np.ndarray, row: int, a: int, b: int) -> bool:
    """Whether some mixture ``w a + (1 - w) b`` of two rows of ``table`` does strictly better than
    ``row`` in every column, decided exactly: each column asks ``w`` to lie above or below one
    number (or nothing, or is never met), and such a ``w`` in [0, 1] exists exactly when the
    largest of the lower bounds is below the smallest of the upper ones, below 1 and the upper
    ones above 0."""
    low, high = None, None
    for x, y, z in zip(table[a], table[b], table[row]):
        da, db = x - z, y - z  # the mixture beats the row in this column while db + w (da - db) > 0
        if da == db:
            if db <= 0:
                return False
            continue
        bound = -db / (da - db)
        if da > db:
            low = bound if low is None or bound > low else low
        else:
            high = bound if high is None or bound < high else high
    return (low is None or high is None or low < high) and (low is None or low < 1) and (high is None or high > 0)


# ----------------------------------------------------------------------------- numerical
#: Payoff values read per unit of the numerical method's work budget (one evaluation of the
#: Lyapunov function reads each payoff once): the default budget lasts a few seconds, about
#: 2,000 evaluations for 12 players with two strategies each.
PAYOFFS_PER_UNIT = 100

def nplayer_numeric(game: NormalFormGame, seed: int = 0, starts: int = 10, **options) -> SolveResult:
    """Equilibria of an N-player game by Lyapunov minimisation and Newton polishing.

    Finds at least one equilibrium in practice (every finite game has one, and ``L`` is zero
    exactly there), not all of them. Pure equilibria are always included.
    """
    from scipy.optimize import minimize

    from convenience.budget import budget

    from .pure import pure_equilibria

    rng = np.random.default_rng(seed)
    P = game.float_payoffs()
    shape = game.shape
    n = game.n_players
    cuts = np.cumsum([0, *shape])
    scale = game.payoff_range()
    tol = REGRET_TOL * scale
    profiles = [game.pure_profile(idx) for idx in pure_equilibria(game)]
    candidates: list = []
    spend = budget(f"numerical method (units: {PAYOFFS_PER_UNIT} payoffs read)",
                   remedies=(Remedy(f"fewer starts ({{}}, now {starts})", Setting("option", "starts=N")), RAISE_BUDGET,
                             "analyse a smaller game"))
    per_evaluation = max(1, P.size // PAYOFFS_PER_UNIT)  # one evaluation reads every payoff once

    def found_so_far() -> list[str]:
        pure = [make_equilibrium(game, p).label() for p in profiles[:3]]
        more = f" and {len(profiles) - 3} more" if len(profiles) > 3 else ""
        return [f"{len(profiles)} pure equilibri{'um' if len(profiles) == 1 else 'a'}"
                + (f" ({'; '.join(f'({p})' for p in pure)}{more})" if pure else ""),
                f"{len(candidates)} mixed candidate{'' if len(candidates) == 1 else 's'} polished from "
                f"{len(done)} of {starts} starts (not yet verified)"]

    done: list[int] = []

    def unpack(z):
        out = []
        for i in range(n):
            w = z[cuts[i]:cuts[i + 1]]
            w = np.exp(w - w.max())
            out.append(w / w.sum())
        return out

    def liap(z):
        spend.charge(per_evaluation, found=found_so_far)
        sigma = unpack(z)
        total = 0.0
        for i in range(n):
            u = payoff_against(P[i], i, sigma)
            total += float(np.sum(np.maximum(0.0, u - u @ sigma[i]) ** 2))
        return total / scale ** 2

    for k in range(starts):
        z0 = rng.normal(size=cuts[-1]) if k else np.zeros(cuts[-1])
        res = minimize(liap, z0, method="BFGS", options={"gtol": 1e-12, "maxiter": 2000})
        sigma = unpack(res.x)
        polished = _polish(P, sigma, tol, lambda: spend.charge(per_evaluation, found=found_so_far))
        if polished is not None:
            candidates.append(polished)
        done.append(k)
    notes = [f"Lyapunov minimisation from {starts} seeded starts (seed {seed}) with Newton "
             f"polishing; regret tolerance {tol:.3g}; finds some equilibria, not necessarily all"]
    if game.is_exact:
        exact_found: list[tuple] = []
        for c in candidates:
            # checked in rational arithmetic: a payoff read costs about a hundred float reads
            spend.charge(P.size, found=found_so_far)
            guess = tuple([Fraction(v).limit_denominator(10**6) for v in x] for x in c)
            try:
                if all(sum(x) == 1 for x in guess):
                    make_equilibrium(game, guess)
                    exact_found.append(guess)
            except Exception:
                pass
        notes.append(f"{len(exact_found)} of {len(candidates)} numerical equilibria recovered exactly")
        profiles += exact_found
        result = finish(game, "numerical", {"seed": seed, "starts": starts, **options},
                        profiles, notes)
        return result
    profiles += candidates
    return finish(game, "numerical", {"seed": seed, "starts": starts, **options}, profiles, notes)


def _polish(P: np.ndarray, sigma: list, tol: float, charge=None):
    """Newton's method on the support's indifference equations; None if it fails. ``charge``
    is called once per evaluation of the equations (for the work budget)."""
    from scipy.optimize import root

    n = len(sigma)
    supports = [np.flatnonzero(x > 1e-6) for x in sigma]

    def expand(z):
        out, k = [], 0
        for x, S in zip(sigma, supports):
            y = np.zeros(len(x))
            y[S] = z[k:k + len(S)]
            k += len(S)
            out.append(y)
        return out

    def F(z):
        if charge is not None:
            charge()
        s = expand(z)
        eqs = []
        for i, S in enumerate(supports):
            u = payoff_against(P[i], i, s)
            eqs += list(u[S[1:]] - u[S[0]])
            eqs.append(s[i][S].sum() - 1.0)
        return np.array(eqs)

    z0 = np.concatenate([x[S] / x[S].sum() for x, S in zip(sigma, supports)])
    sol = root(F, z0, method="lm", options={"xtol": 1e-15, "ftol": 1e-15})
    s = expand(sol.x)
    if any((x < -1e-12).any() for x in s):
        return None
    s = [np.clip(x, 0.0, None) / np.clip(x, 0.0, None).sum() for x in s]
    regret = max(float(payoff_against(P[i], i, s).max() - payoff_against(P[i], i, s) @ s[i])
                 for i in range(n))
    if regret > tol:
        return None
    return tuple(s)
