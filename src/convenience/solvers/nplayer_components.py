"""Continua of equilibria in games with three or more players.

In a nondegenerate game every support profile has finitely many solutions of its indifference
equations. In a degenerate one the equations of a support profile ``S`` can have a
positive-dimensional solution set (a player whose payoffs do not depend on his own choice, a
pure equilibrium in which one player is indifferent over a range of mixtures, ...). The
equilibria with supports ``S`` are then the real points of that algebraic set which satisfy
the inequalities

* ``x_s >= 0`` for every strategy ``s`` in a support (probabilities), and
* ``u_i(S_i[0]) >= u_i(s')`` for every strategy ``s'`` outside player ``i``'s support (no
  better reply),

a semi-algebraic set reported as one :class:`Continuum` component (McKelvey and McLennan,
*Handbook of Computational Economics* 1, 1996, section 6; Datta, ISSAC 2003). What is computed:

1. **Branches.** Each equation is factored and one factor chosen per equation, so that a
   reducible system splits into its pieces (sympy has no primary decomposition; a
   zero-dimensional branch gives isolated points, a positive-dimensional one a continuum).
   Points lying on a continuum are not listed separately.
2. **Dimension** of a branch from the leading monomials of its Groebner basis: the size of a
   largest set of variables no leading monomial lives in (Cox, Little and O'Shea, *Ideals,
   Varieties, and Algorithms*, 9.3).
3. **Extreme points.** Boundary points where inequalities become tight: the branch equations
   plus one, two, ... *walls* (irreducible factors of the inequalities) until the system is
   zero-dimensional, solved exactly.
   Every feasible one is verified as an equilibrium and listed (for a segment: its endpoints;
   for a polytope: its vertices).
4. **An interior point**, found by fixing the free variables at rational values between the
   extreme points (seeded) and solving for the rest; verified like every equilibrium.
5. **A parametrisation** of one-dimensional continua when the other probabilities are rational
   functions of one of them (always so for segments): "Ann plays Down with probability t ...,
   for 1/3 <= t <= 1". Otherwise the defining equations and inequalities are written out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from itertools import pairwise
from typing import Any

import numpy as np

from convenience.normal_form import NormalFormGame
from convenience.results import Equilibrium, format_number, make_equilibrium

from .nplayer_algebra import (basis as _basis, branches as _branches, contains as _contains,
                              dimension as _dimension, independent_sets as _independent_sets,
                              is_empty as _is_empty, nonnegative as _nonnegative,
                              on_variety as _on_variety, rational as _rational, value as _value,
                              walls as _walls)
from .nplayer_systems import (accept_candidate, charge_system, payoff_against, solve_polynomial_system,
                             support_text)

#: Most polynomial systems solved while looking for the extreme points of one continuum.
MAX_BOUNDARY_SYSTEMS = 400


@dataclass(frozen=True, eq=False)
class Continuum:
    """A connected piece of a positive-dimensional set of equilibria with fixed supports.

    ``supports`` names the strategies each player uses inside the set; ``dimension`` is the
    dimension of the set; ``equations`` (``... = 0``) and ``inequalities`` (``... >= 0``)
    define it in the probabilities ``p(Player, Strategy)`` (each player's first support
    strategy gets the remaining probability); ``parametrisation`` is a readable formula when
    one was found. ``equilibria`` are its verified extreme points (also in the result's
    equilibrium list) and ``interior`` a verified point with exactly these supports.
    ``contains(profile)`` tells whether a profile satisfies those equations and inequalities
    (used to drop continua that are faces of larger ones).
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    supports: tuple[tuple[str, ...], ...]
    dimension: int
    equations: tuple[str, ...]
    inequalities: tuple[str, ...]
    parametrisation: str
    equilibria: tuple[Equilibrium, ...]
    interior: Equilibrium | None
    connected_set: int
    description: str
    contains: Any = field(default=None, repr=False, compare=False)

    @property
    def is_singleton(self) -> bool:
        return False

    def label(self) -> str:
        return self.description

    def __str__(self) -> str:
        return self.description

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "continuum",
            "connected_set": self.connected_set,
            "support": {p: list(s) for p, s in zip(self.players, self.supports)},
            "dimension": self.dimension,
            "equations": list(self.equations),
            "inequalities": list(self.inequalities),
            "parametrisation": self.parametrisation,
            "extreme_equilibria": len(self.equilibria),
            "extreme_points": [e.to_dict()["profile"] for e in self.equilibria],
            "interior_point": self.interior.to_dict()["profile"] if self.interior is not None else None,
            "description": self.description,
        }


# ----------------------------------------------------------------------------- the analysis
def continuum_analysis(game, exact_payoffs, sym_payoffs, supports, variables, sigma, equations,
                       seed: int = 0, known=()):
    """Isolated solutions and continua of one support profile's indifference equations.

    Returns ``(points, continua, equilibria, notes)``: ``points`` are solutions (dicts) of
    zero-dimensional branches not lying on a continuum, for the caller to check like any other
    solution; ``continua`` are :class:`Continuum` objects whose extreme and interior points are
    verified; ``equilibria`` are every verified extreme or boundary point (for the list).
    ``known`` are continua found already: a branch with a point inside one of higher dimension
    is a face of it and is skipped (support profiles are visited largest first).
    """

    constraints = _constraints(game, sym_payoffs, supports, sigma)
    if constraints is None:
        return [], [], [], []
    zero: list = []
    positive: list = []
    for eqs in _branches(equations, variables):
        basis = _basis(eqs, variables)
        if _is_empty(basis):
            continue
        (zero if _dimension(basis, variables) == 0 else positive).append((eqs, basis))
    # a branch inside another describes part of the same continuum
    kept = []
    for k, (eqs, basis) in enumerate(positive):
        if not any(j != k and _contains(other, basis) and not (j > k and _contains(basis, other))
                   for j, (_, other) in enumerate(positive)):
            kept.append((eqs, basis))
    continua, notes, boundary_points, settled = [], [], [], []
    for eqs, basis in kept:
        found, extra, note = _one_continuum(game, exact_payoffs, sym_payoffs, supports, variables, sigma,
                                            eqs, basis, constraints, seed, known)
        if found is not None:
            continua.append(found)
            settled.append(basis)
        boundary_points += extra
        if note:
            notes.append(note)
    points = []
    for eqs, basis in zero:
        try:
            solutions = solve_polynomial_system(eqs, variables)
        except NotImplementedError:  # not expected for a zero-dimensional branch; never silent
            notes.append(f"support profile {support_text(game, supports)}: a branch of its equations "
                         f"could not be solved; its equilibria may be missing")
            continue
        points += [sol for sol in solutions if not any(_on_variety(b, sol) for b in settled)]
    return points, continua, boundary_points, notes


def _constraints(game, sym_payoffs, supports, sigma):
    """The inequalities ``g >= 0`` of a support profile as ``(expression, text)``, or None when
    a constant one fails (no equilibrium has these supports)."""
    import sympy


    out = []
    for i, S in enumerate(supports):
        if len(S) > 1:
            for s in S:
                out.append((sympy.expand(sigma[i][s]), f"{game.players[i]} plays {game.strategies[i][s]} "
                                                       f"with probability >= 0"))
        u = payoff_against(sym_payoffs[i], i, sigma)
        for t in range(len(u)):
            if t in S:
                continue
            g = sympy.expand(u[S[0]] - u[t])
            if g.is_number:
                if g < 0:
                    return None
                continue
            out.append((g, f"{game.players[i]} gets at least as much from "
                           f"{game.strategies[i][S[0]]} as from {game.strategies[i][t]}"))
    return out


def _one_continuum(game, exact_payoffs, sym_payoffs, supports, variables, sigma, eqs, basis,
                   constraints, seed, known=()):
    """``(continuum, equilibria, note)`` for one positive-dimensional branch.

    ``continuum`` is a :class:`Continuum` when equilibria with exactly ``supports`` fill a
    positive-dimensional part of the branch (an interior point proves it), else None; then
    ``equilibria`` lists verified boundary points and ``note`` says what could not be settled.
    """

    dim = _dimension(basis, variables)
    free = _independent_sets(basis, variables)[0]
    larger = [c for c in known if c.dimension > dim and c.contains is not None]
    if larger:
        probe = _interior_point(game, exact_payoffs, sym_payoffs, supports, variables, sigma, eqs,
                                constraints, free, [], seed)
        if probe is not None and any(c.contains(probe.profile) for c in larger):
            return None, [], None  # a face of a continuum already reported
    extremes, capped = _boundary_points(eqs, variables, constraints)
    param = _parametrisation(game, supports, variables, sigma, basis, free, extremes, constraints) \
        if dim == 1 else None
    midpoints = []
    if param is not None:
        text_param, pieces = param
        if not pieces:
            return None, [], None  # only isolated points, or only points with smaller supports
        ends = {v for piece in pieces for v in piece}
        extremes = [p for p in extremes if _value(free[0], p) in ends]
        midpoints = [[_rational((a + b) / 2)] for a, b in pieces]
    from ._common import canonical_order

    extreme_eqs = sorted(_dedupe([e for e in (_verify(game, exact_payoffs, sym_payoffs, sigma, p)
                                              for p in extremes) if e is not None]), key=canonical_order)
    interior = _interior_point(game, exact_payoffs, sym_payoffs, supports, variables, sigma, eqs,
                               constraints, free, extremes, seed, midpoints)
    if interior is None:
        return _without_interior(game, supports, dim, extreme_eqs, capped or param is not None)
    names = tuple(tuple(game.strategies[i][s] for s in S) for i, S in enumerate(supports))
    readable = _readable_symbols(game, supports, variables)
    equations = tuple(f"{_show(p, readable)} = 0" for p in (basis.exprs if basis is not None else ()))
    inequalities = tuple(f"{_show(g, readable)} >= 0" for g, _ in constraints)
    text_param = param[0] if param is not None else None
    text = _continuum_text(game, names, dim, text_param, equations + inequalities, len(extreme_eqs), capped,
                           interior)
    member = Membership(supports, variables, basis, constraints)
    return (Continuum(game.players, game.strategies, names, dim, equations, inequalities, text_param or "",
                      tuple(extreme_eqs), interior, 0, text, member),
            extreme_eqs, None)


def _without_interior(game: NormalFormGame, supports: Any, dim: int, extreme_eqs: list, unsettled: bool) -> tuple:
    """A branch where sampling found no equilibrium with exactly these supports: its boundary
    equilibria and a note when they may not be all (the search was capped, the branch has a
    parametrisation, or some boundary point has the full supports); else nothing."""
    full = [e for e in extreme_eqs if all(len(a) == len(S) for a, S in zip(e.support_indices, supports))]
    if unsettled or full:
        return None, extreme_eqs, (
            f"support profile {support_text(game, supports)} has a {dim}-dimensional set of indifference "
            f"solutions on which no equilibrium with exactly these supports was found by sampling; its "
            f"{len(extreme_eqs)} boundary equilibria are listed and others may be missing")
    return None, [], None  # the branch meets no profile with these supports


def _boundary_points(eqs: list, variables: list, constraints: list) -> tuple[list, bool]:
    """The branch's extreme points: solutions of the equations with as many inequalities made tight
    as leave finitely many, kept where every inequality holds; and whether the search was capped
    at :data:`MAX_BOUNDARY_SYSTEMS` systems."""
    extremes: list = []
    budget = [MAX_BOUNDARY_SYSTEMS]
    walls = _walls(constraints, variables)

    def boundary(system: list, start: int) -> None:
        if budget[0] <= 0:
            return
        budget[0] -= 1
        b = _basis(system, variables)
        if _is_empty(b):
            return
        if _dimension(b, variables) == 0:
            for sol in solve_polynomial_system(system, variables):
                if all(_nonnegative(_value(g, sol)) for g, _ in constraints):
                    extremes.append(sol)
            return
        for k in range(start, len(walls)):
            boundary(system + [walls[k]], k + 1)

    boundary(list(eqs), 0)
    return extremes, budget[0] <= 0


def _continuum_text(game: NormalFormGame, names: tuple, dim: int, text_param: str | None, relations: tuple,
                    n_extremes: int, capped: bool, interior: Any) -> str:
    """One sentence for a continuum: its parametrisation (dimension 1) or its defining relations,
    its extreme points and an interior point."""
    if text_param is not None:
        text = f"a continuum (dimension 1) of equilibria: {text_param}"
    else:
        text = (f"a continuum (dimension {dim}) of equilibria with supports "
                f"{'; '.join(f'{p}: ' + ', '.join(s) for p, s in zip(game.players, names))}: the profiles "
                f"satisfying " + ", ".join(relations))
    text += f"; {n_extremes} extreme point{'' if n_extremes == 1 else 's'}"
    if dim > 1:
        text += " (boundary points where the inequalities are tight)"
    if capped:
        text += f" (search capped at {MAX_BOUNDARY_SYSTEMS} systems: some may be missing)"
    return text + f"; an interior point: {interior.label()}"


@dataclass(frozen=True, eq=False)
class Membership:
    """A test: does a profile (Fractions or floats) satisfy a branch's equations and
    inequalities, with zero probability outside ``supports``? (A plain object, so that a
    continuum carrying it can be pickled.)"""

    supports: Any
    variables: Any
    basis: Any
    constraints: Any

    def __call__(self, profile: Any) -> bool:
        import sympy

        exact = all(isinstance(v, Fraction) for x in profile for v in x)
        tol = 0 if exact else 1e-9
        for S, x in zip(self.supports, profile):
            if any(abs(v) > tol for s, v in enumerate(x) if s not in S):
                return False
        point = {}
        for v in self.variables:
            i, s = (int(k) for k in v.name[1:].split("_"))
            value = profile[i][s]
            point[v] = sympy.Rational(value.numerator, value.denominator) if exact else sympy.Float(float(value), 30)
        for p in (self.basis.exprs if self.basis is not None else ()):
            if abs(_value(p, point)) > tol:
                return False
        return all(_value(g, point) >= -tol for g, _ in self.constraints)


def maximal(continua) -> tuple:
    """The continua that are not faces of larger ones: a continuum is dropped when its
    extreme and interior points all satisfy the description of one of higher dimension."""
    out = []
    for c in continua:
        points = [e.profile for e in c.equilibria] + ([c.interior.profile] if c.interior is not None else [])
        if not any(d.dimension > c.dimension and d.contains is not None and all(d.contains(p) for p in points)
                   for d in continua):
            out.append(c)
    return tuple(out)


def _candidate(sigma, point):
    return [np.array([_value(v, point) for v in x], dtype=object) for x in sigma]


def _verify(game, exact_payoffs, sym_payoffs, sigma, point, supports=None):
    """The verified :class:`Equilibrium` at ``point`` (its supports read off the point)."""

    candidate = _candidate(sigma, point)
    for x in candidate:
        if any(not _nonnegative(v) for v in x):
            return None
    if supports is None:
        supports = tuple(tuple(s for s, v in enumerate(x) if _nonnegative(v, strict=True)) for x in candidate)
    found = accept_candidate(game, exact_payoffs, sym_payoffs, supports, candidate, [])
    if found is None or isinstance(found, Equilibrium):
        return found
    if game.is_exact:
        return make_equilibrium(game, found)
    return make_equilibrium(game, tuple(np.asarray(x, dtype=float) for x in found))


def _dedupe(equilibria):
    seen, out = set(), []
    for e in equilibria:
        k = e.key(9)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out


def _interior_point(game, exact_payoffs, sym_payoffs, supports, variables, sigma, eqs, constraints,
                    free, extremes, seed, first=()):
    """A verified equilibrium with exactly ``supports`` on the branch, or None."""
    import sympy


    rng = np.random.default_rng(seed)
    coords = [[_rational(_value(v, p)) for v in free] for p in extremes]
    trials = [list(v) for v in first]
    if coords:
        trials.append([sum(c[k] for c in coords) / len(coords) for k in range(len(free))])
        if len(free) == 1:
            ts = sorted({c[0] for c in coords})
            trials += [[(a + b) / 2] for a, b in pairwise(ts)]
        for _ in range(8):
            w = [Fraction(int(v), 1000) for v in rng.integers(1, 1000, size=len(coords))]
            trials.append([sum(wk * c[k] for wk, c in zip(w, coords)) / sum(w) for k in range(len(free))])
    for _ in range(12):
        trials.append([Fraction(int(v), 997) for v in rng.integers(1, 997, size=len(free))])
    for values in trials:
        system = list(eqs) + [v - sympy.Rational(t.numerator, t.denominator) for v, t in zip(free, values)]
        try:
            sols = solve_polynomial_system(system, variables)
        except NotImplementedError:
            continue
        for sol in sols:
            if all(_nonnegative(_value(g, sol)) for g, _ in constraints):
                e = _verify(game, exact_payoffs, sym_payoffs, sigma, sol, supports)
                if e is not None:
                    return e
    return None


def _readable_symbols(game, supports, variables):
    import sympy

    out = {}
    for v in variables:
        i, s = (int(x) for x in v.name[1:].split("_"))
        out[v] = sympy.Symbol(f"p({game.players[i]}, {game.strategies[i][s]})")
    return out


def _show(expr, readable) -> str:
    """The expression in readable probabilities, factored when that is shorter."""
    import sympy

    expr = sympy.sympify(expr).subs(readable)
    return min(str(expr), str(sympy.factor(expr)), key=len)


def _parametrisation(game, supports, variables, sigma, basis, free, extremes, constraints):
    """``(text, pieces)``: "Ann plays Down with probability t ..., for a <= t <= b" and the
    intervals of ``t`` (between consecutive boundary values) where the equilibria have exactly
    ``supports``, when every probability is a rational function of one free probability ``t``;
    None otherwise."""
    import sympy

    t = free[0]
    others = [v for v in variables if v != t]
    if basis is None and others:
        return None
    if others:
        charge_system(list(basis.exprs), variables)
    lex = sympy.groebner(list(basis.exprs), *others, t, order="lex", domain="QQ") if others else None
    formula = {}
    for v in reversed(others):  # a lex basis is triangular: later variables are solved first
        for p in lex.exprs:
            poly = sympy.Poly(p, *others)
            if poly.degree(v) == 1 and all(poly.degree(w) == 0 for w in others if w != v and w not in formula):
                a = sympy.expand(p).coeff(v, 1)
                b = sympy.expand(p - a * v)
                if not a.is_zero:
                    formula[v] = sympy.factor(sympy.sympify(-b / a).subs(formula))
                    break
        else:
            return None
    formula[t] = t
    values = sorted({_value(t, p) for p in extremes}, key=lambda r: float(sympy.N(r, 30)))
    if not values:
        return None
    name = sympy.Symbol("t")
    i, s = (int(x) for x in t.name[1:].split("_"))

    def feasible(tv):
        point = {v: f.subs(t, tv) for v, f in formula.items()}
        return all(_nonnegative(_value(g, point)) for g, _ in constraints)

    def exact_support(tv):
        point = {v: f.subs(t, tv) for v, f in formula.items()}
        return all(_nonnegative(_value(x[r], point), strict=True) for S, x in zip(supports, sigma) for r in S)

    pieces = [(a, b) for a, b in pairwise(values)
              if feasible((a + b) / 2) and exact_support((a + b) / 2)]
    merged = []
    for a, b in pieces:
        if merged and merged[-1][1] == a:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    pieces = merged
    if not pieces:
        return "", []
    ranges = " or ".join(f"{_num(a)} <= t <= {_num(b)}" for a, b in pieces)
    parts = []
    for j, (S, x) in enumerate(zip(supports, sigma)):
        if len(S) == 1:
            parts.append(f"{game.players[j]} plays {game.strategies[j][S[0]]}")
            continue
        probs = [f"{game.strategies[j][r]} with probability "
                 f"{_show(sympy.factor(sympy.sympify(x[r]).subs(formula).subs(t, name)), {})}" for r in S]
        parts.append(f"{game.players[j]} plays " + " and ".join(probs))
    return (", ".join(parts) + f", for {ranges} (t is the probability that {game.players[i]} plays "
            f"{game.strategies[i][s]})"), pieces


def _num(value) -> str:
    import sympy

    if value.is_Rational:
        return format_number(Fraction(int(value.p), int(value.q)))
    return f"{float(sympy.N(value, 30)):.12g}"


def number_connected_sets(continua) -> tuple:
    """The continua with ``connected_set`` numbers: continua sharing an extreme point share one
    (a face dropped by :func:`maximal` is inside its larger continuum)."""
    from dataclasses import replace

    from .components import connected_set_numbers

    keys = [{e.key(9) for e in c.equilibria} for c in continua]
    numbers = connected_set_numbers(len(continua), lambda a, b: bool(keys[a] & keys[b]))
    return tuple(replace(c, connected_set=number) for c, number in zip(continua, numbers))
