"""Polynomial helpers for the continua of N-player games: bases, dimension, branches, walls.

Small exact tools used by :mod:`convenience.solvers.nplayer_components`, all on sympy
expressions over the rationals:

* :func:`basis` a grevlex Groebner basis (None stands for the empty system, the whole space);
* :func:`dimension` of a variety from the leading monomials of its basis: the size of a
  largest set of variables that no leading monomial lives in (Cox, Little and O'Shea,
  *Ideals, Varieties, and Algorithms*, 9.3);
* :func:`branches`: one system per choice of an irreducible factor of every equation (sympy
  has no primary decomposition; factoring separates the usual reducible cases);
* :func:`walls`: the irreducible factors of the inequalities, where one becomes tight;
* exact or 50-digit evaluation and sign tests of points that may be irrational.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations, product

#: Most factor combinations tried when splitting a reducible system into branches.
MAX_BRANCHES = 64


def basis(equations, variables):
    """A grevlex Groebner basis, or None for the empty system (the whole space)."""
    import sympy

    from .nplayer_systems import charge_system

    if not equations:
        return None
    charge_system(equations, variables)
    return sympy.groebner(equations, *variables, order="grevlex", domain="QQ")


def is_empty(basis) -> bool:
    return basis is not None and list(basis.exprs) == [1]


def independent_sets(basis, variables):
    """Sets of variables no leading monomial lives in, largest first (their size is the
    dimension of the variety)."""
    if basis is None:
        return [tuple(variables)]
    from sympy.polys.orderings import grevlex

    leads = []
    for p in basis.polys:
        monomial = p.terms(order=grevlex)[0][0]
        leads.append(frozenset(v for v, e in zip(variables, monomial) if e > 0))
    for k in range(len(variables), -1, -1):
        found = [U for U in combinations(variables, k) if not any(lead <= set(U) for lead in leads)]
        if found:
            return found
    return [()]


def dimension(basis, variables) -> int:
    return len(independent_sets(basis, variables)[0])


def branches(equations, variables):
    """Equation systems, one per choice of an irreducible factor of every equation."""
    import sympy

    options = []
    for e in equations:
        factors = [f for f, _ in sympy.factor_list(e, *variables)[1] if not f.is_number]
        options.append(factors or [e])
    total = 1
    for o in options:
        total *= len(o)
    if total > MAX_BRANCHES:
        return [list(equations)]
    seen, out = set(), []
    for choice in product(*options):
        key = frozenset(sympy.expand(c) for c in choice)
        if key not in seen:
            seen.add(key)
            out.append(list(key))
    return out


def contains(outer, inner) -> bool:
    """Whether the variety of basis ``inner`` lies inside that of ``outer``."""
    if outer is None:
        return True
    if inner is None:
        return False
    return all(inner.contains(p) for p in outer.exprs)


def value(expr, point):
    import sympy

    return sympy.sympify(expr).subs(point) if point else sympy.sympify(expr)


def nonnegative(value, strict: bool = False) -> bool:
    import sympy

    if value.is_Rational:
        return value > 0 if strict else value >= 0
    v = sympy.N(value, 50)
    return v > 1e-40 if strict else v >= -1e-40


def on_variety(basis, point) -> bool:
    import sympy

    if basis is None:
        return True
    for p in basis.exprs:
        v = value(p, point)
        if not (v == 0 if v.is_Rational else abs(sympy.N(v, 50)) < 1e-35):
            return False
    return True


def walls(constraints, variables):
    """The irreducible factors of the inequalities: the hypersurfaces where one becomes tight
    (a product such as ``(1 - b)(3t - 1)`` has two walls, and its corners lie on both)."""
    import sympy

    out, seen = [], set()
    for g, _ in constraints:
        for f, _ in sympy.factor_list(g, *variables)[1]:
            f = sympy.expand(f)
            if not f.is_number and f not in seen and -f not in seen:
                seen.add(f)
                out.append(f)
    return out


def rational(value) -> Fraction:
    """A rational value exactly; an irrational one as the simplest fraction near its float."""
    import sympy

    from .exact_linalg import rationalize

    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return rationalize(sympy.N(value, 30))
