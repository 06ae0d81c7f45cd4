"""Indifference systems in which two or three players mix, solved by linear elimination.

Player ``i``'s indifference equations are multilinear in the *other* players' probabilities,
never in its own. So when only a few players mix (the rest play pure strategies) the system
has a structure a general Groebner basis ignores:

* **Two mixing players** ``a`` and ``b``: ``a``'s equations are linear in ``b``'s
  probabilities with rational coefficients, and vice versa. Two square linear systems, solved
  exactly with python-flint's rational matrices (``fmpq_mat``).
* **Three mixing players** ``a``, ``b`` and ``p`` with equal support sizes for ``a`` and ``b``:
  for fixed ``x_p``, ``a``'s equations ``A_a(x_p) x_b + r_a(x_p) = 0`` are linear in ``x_b``
  and ``b``'s in ``x_a``. Cramer's rule gives ``x_b = N_b / d_a`` and ``x_a = N_a / d_b`` with
  ``d = det A``, polynomials in ``x_p``; substituted into ``p``'s (bilinear) equations and
  multiplied by ``d_a d_b`` they leave a small polynomial system in ``x_p`` alone (univariate
  when ``p`` mixes over two strategies), solved exactly. This is the classical elimination
  for three-player games (McKelvey and McLennan, *Handbook of Computational Economics* 1,
  1996, section 6).

  Solutions with ``d_a(x_p) = 0`` are not covered by Cramer's rule. There ``a``'s system is
  singular, and it can only be consistent if every maximal minor of the augmented matrix
  ``[A_a | r_a]`` vanishes; a Groebner basis of those minors equal to ``[1]`` proves that no
  such solution exists. Otherwise (and whenever a step does not apply) the functions return
  None and the caller uses the general Groebner-basis method, so nothing is ever lost.
"""

from __future__ import annotations


def solve_two_mixing(blocks):
    """Solutions (a list with at most one dict) when exactly two players mix, or None."""
    import flint
    import sympy

    if len(blocks) != 2:
        return None
    (va, ea), (vb, eb) = blocks
    point = {}
    for own, equations, other in ((va, eb, vb), (vb, ea, va)):
        # the equations of the player owning ``other`` are linear in ``own``
        if len(equations) != len(own):
            return None
        A, r = _linear_part(equations, own, ())
        if A is None:
            return None
        M = flint.fmpq_mat([[_fmpq(v) for v in row] for row in A.tolist()])
        rhs = flint.fmpq_mat([[-_fmpq(v)] for v in r])
        if M.det() == 0:
            return None
        x = M.solve(rhs)
        for k, v in enumerate(own):
            q = x[k, 0]
            point[v] = sympy.Rational(int(q.p), int(q.q))
    return [point]


def solve_three_mixing(blocks, solve_polynomial_system, max_parameters: int = 1):
    """Solutions (dicts) when exactly three players mix, or None when elimination does not
    apply or cannot certify the singular cases (then the caller uses Groebner bases).

    ``max_parameters`` bounds the unknowns left after elimination. With one (the parameter
    player mixes over two strategies) the reduced system is a single univariate polynomial
    and the singular case a univariate gcd, which is where elimination beats a Groebner basis
    in sympy; with more, certifying the singular locus costs about as much as the basis.
    """
    import sympy

    if len(blocks) != 3 or any(len(e) != len(v) for v, e in blocks):
        return None
    sizes = [len(v) for v, _ in blocks]
    choices = [k for k in range(3) if sizes[(k + 1) % 3] == sizes[(k + 2) % 3]]
    if not choices:
        return None
    k = min(choices, key=lambda j: sizes[j])
    if sizes[k] > max_parameters:
        return None
    vp, ep = blocks[k]
    va, ea = blocks[(k + 1) % 3]
    vb, eb = blocks[(k + 2) % 3]
    Aa, ra = _linear_part(ea, vb, vp)  # a's equations: Aa xb + ra = 0
    Ab, rb = _linear_part(eb, va, vp)  # b's equations: Ab xa + rb = 0
    if Aa is None or Ab is None:
        return None
    everything = [e for _, eqs in blocks for e in eqs]
    unknowns = [v for vs, _ in blocks for v in vs]
    for A, r in ((Aa, ra), (Ab, rb)):
        if not _singular_part_empty(A, r, vp, everything, unknowns):
            return None
    da, db = sympy.expand(Aa.det(method="berkowitz")), sympy.expand(Ab.det(method="berkowitz"))
    Nb = [sympy.expand(v) for v in -(Aa.adjugate(method="berkowitz") * _column(ra))]
    Na = [sympy.expand(v) for v in -(Ab.adjugate(method="berkowitz") * _column(rb))]
    reduced = []
    for e in ep:
        poly = sympy.Poly(e, *va, *vb)
        total = sympy.Integer(0)
        for monomial, coeff in poly.terms():
            ia = [j for j, d in enumerate(monomial[:len(va)]) if d]
            ib = [j for j, d in enumerate(monomial[len(va):]) if d]
            if len(ia) > 1 or len(ib) > 1 or any(d > 1 for d in monomial):
                return None  # not bilinear (cannot happen for indifference equations)
            total += coeff * (Na[ia[0]] if ia else db) * (Nb[ib[0]] if ib else da)
        reduced.append(sympy.expand(total))
    if any(r == 0 for r in reduced):
        return None
    if any(r.is_number for r in reduced):
        return []
    try:
        solutions = solve_polynomial_system(reduced, list(vp))
    except NotImplementedError:
        return None
    out = []
    for sol in solutions:
        dav, dbv = da.subs(sol), db.subs(sol)
        if _is_zero(dav) or _is_zero(dbv):
            continue  # on the singular locus, which holds no solution (checked above)
        point = dict(sol)
        for v, n in zip(va, Na):
            point[v] = n.subs(sol) / dbv
        for v, n in zip(vb, Nb):
            point[v] = n.subs(sol) / dav
        out.append(point)
    return out


def _column(r):
    import sympy

    return sympy.Matrix(r)


def _linear_part(equations, unknowns, parameters):
    """``(A, r)`` with ``equations = A @ unknowns + r``, entries polynomials in ``parameters``;
    ``(None, None)`` if some equation is not linear in ``unknowns``."""
    import sympy

    rows, rest = [], []
    for e in equations:
        poly = sympy.Poly(e, *unknowns)
        if poly.total_degree() > 1:
            return None, None
        rows.append([poly.coeff_monomial(u) for u in unknowns])
        rest.append(poly.coeff_monomial(1))
    return sympy.Matrix(rows), rest


def _singular_part_empty(A, r, parameters, system, unknowns) -> bool:
    """Whether no solution of ``system`` has ``det A = 0``.

    Where ``A`` is singular, ``A x + r = 0`` is consistent only if every maximal minor of
    ``[A | r]`` vanishes. When the minors have no common zero (Groebner basis ``[1]``), or the
    whole system together with the minors has none, no solution is lost by Cramer's rule.
    """
    from itertools import combinations

    import sympy

    aug = A.row_join(sympy.Matrix(r))
    n = A.shape[0]
    minors = []
    for cols in combinations(range(aug.shape[1]), n):
        m = sympy.expand(aug.extract(list(range(n)), list(cols)).det(method="berkowitz"))
        if m.is_number and m != 0:
            return True
        if m != 0:
            minors.append(m)
    if not minors or not parameters:
        return False
    basis = sympy.groebner(minors, *parameters, order="grevlex", domain="QQ")
    if list(basis.exprs) == [1]:
        return True
    basis = sympy.groebner(list(system) + minors, *unknowns, order="grevlex", domain="QQ")
    return list(basis.exprs) == [1]


def _is_zero(value) -> bool:
    import sympy

    if value.is_Rational:
        return value == 0
    return abs(sympy.N(value, 50)) < 1e-40


def _fmpq(value):
    import flint
    import sympy

    value = sympy.Rational(value)
    return flint.fmpq(int(value.p), int(value.q))
