"""Indifference systems in which exactly two players mix, solved as linear systems.

Player ``i``'s indifference equations are multilinear in the *other* players' probabilities,
never in its own. When only two players ``a`` and ``b`` mix (the rest play pure strategies),
``a``'s equations are linear in ``b``'s probabilities with rational coefficients, and vice
versa: two square linear systems, solved exactly by elimination over fractions
(:func:`convenience.solvers._exact.solve_exact`) instead of a Groebner basis. A singular or non-square system returns None and
the caller falls back to the general method (which also reports continua).

Three mixing players could be handled the same way (for fixed ``x_p``, ``a``'s equations are
linear in ``x_b`` and ``b``'s in ``x_a``; Cramer's rule leaves a small system in ``x_p``;
McKelvey and McLennan 1996, section 6), but in sympy arithmetic the elimination, together with
the certificate that the singular locus ``det A = 0`` holds no solution, measured no faster
than the Groebner basis it replaces, so it is not used.
"""

from __future__ import annotations


def solve_two_mixing(blocks):
    """The solution (a list with one dict) when exactly two players mix and both linear
    systems are square and regular, else None."""
    import sympy

    from .exact_linalg import solve_exact
    from .nplayer_algebra import rational

    if len(blocks) != 2:
        return None
    (va, ea), (vb, eb) = blocks
    point = {}
    for own, equations in ((va, eb), (vb, ea)):
        # the other player's equations are linear in this player's probabilities ``own``
        if len(equations) != len(own):
            return None
        A, r = _linear_part(equations, own)
        if A is None:
            return None
        x = solve_exact([[rational(v) for v in row] for row in A], [-rational(v) for v in r])
        if x is None:  # singular: the general method decides (and reports continua)
            return None
        for v, q in zip(own, x):
            point[v] = sympy.Rational(q.numerator, q.denominator)
    return [point]


def _linear_part(equations, unknowns):
    """``(A, r)`` with ``equations = A @ unknowns + r`` (rational entries, as lists), or
    ``(None, None)`` if some equation is not linear in ``unknowns`` with constant coefficients."""
    import sympy

    rows, rest = [], []
    for e in equations:
        poly = sympy.Poly(e, *unknowns, domain="QQ")
        if poly.total_degree() > 1:
            return None, None
        rows.append([poly.coeff_monomial(u) for u in unknowns])
        rest.append(poly.coeff_monomial(1))
    return rows, rest

