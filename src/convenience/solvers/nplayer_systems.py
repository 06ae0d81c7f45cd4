"""The indifference system of one support profile of an n-player game, solved exactly.

:func:`solve_polynomial_system` finds the real solutions of the square polynomial system
(lexicographic Groebner basis, back substitution); :func:`accept_candidate` keeps a solution
that is a probability profile whose supports are best replies, exact when rational and checked
to 50 digits (with a closed form in the notes) when irrational. Shared by the isolated
equilibria of :mod:`convenience.solvers.nplayer` and the continua of
:mod:`convenience.solvers.nplayer_components`.

A Groebner basis cannot be stopped while it runs, and its cost grows with the number of
solutions: so every polynomial system is charged to the work budget of the enumeration *before*
it is solved (:func:`charge_system`), :data:`SYSTEM_UNITS` times its unknowns times the cube of
its multihomogeneous Bezout number (:func:`bezout_number`, the number of solutions a generic
system of that shape has). Measured on random games: 6 unknowns and 10 solutions (3 x 3 x 3, all
strategies mixed) take about 0.8 s; 9 unknowns and 56 solutions (4 x 4 x 4) over 6 minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from fractions import Fraction

import numpy as np

from convenience.normal_form import NormalFormGame
from convenience.results import Equilibrium, make_equilibrium


#: Work units of one polynomial system per unknown and per cube of its Bezout number.
SYSTEM_UNITS = 10

_CHARGE: ContextVar[Callable[[int], None] | None] = ContextVar("convenience_system_charge", default=None)


@contextmanager
def charging(charge: Callable[[int], None]) -> Iterator[None]:
    """Charge every polynomial system solved inside the block through ``charge(units)``."""
    token = _CHARGE.set(charge)
    try:
        yield
    finally:
        _CHARGE.reset(token)


def bezout_number(equations, variables) -> int:
    """The multihomogeneous Bezout number of the system: the variables fall into blocks (one per
    player, named ``p{player}_{strategy}``), an equation of degree ``a_j`` in block ``j``
    contributes the factor ``sum_j a_j x_j``, and the number is the coefficient of ``prod_j
    x_j^{d_j}`` (``d_j`` the size of block ``j``) in the product over the equations. For a square
    system of indifference equations this is the number of solutions of a generic game of that
    shape (McKelvey and McLennan, *J. Econ. Theory* 72, 1997): 10 for three players mixing over
    three strategies each. Only the first as many equations as unknowns count, and monomials of
    lower degree are summed, so under- and overdetermined systems get a finite estimate too."""
    import sympy

    blocks: dict[str, list[int]] = {}
    for k, v in enumerate(variables):
        blocks.setdefault(str(v.name).split("_")[0], []).append(k)
    sizes = [len(members) for members in blocks.values()]
    counts: dict[tuple[int, ...], int] = {tuple(0 for _ in sizes): 1}
    for equation in list(equations)[:len(variables)]:
        monomials = sympy.Poly(equation, *variables).monoms()
        degrees = [max((sum(m[k] for k in members) for m in monomials), default=0) for members in blocks.values()]
        following: dict[tuple[int, ...], int] = {}
        for exponents, count in counts.items():
            for j, degree in enumerate(degrees):
                if degree and exponents[j] < sizes[j]:
                    raised = exponents[:j] + (exponents[j] + 1,) + exponents[j + 1:]
                    following[raised] = following.get(raised, 0) + count * degree
        counts = following or counts
    return sum(counts.values())


def system_units(equations, variables) -> int:
    """Work units charged before solving the system (see the module's docstring)."""
    return SYSTEM_UNITS * max(1, len(variables)) * bezout_number(equations, variables) ** 3


def charge_system(equations, variables) -> None:
    """Charge the system to the budget of the enumeration running it, if any."""
    charge = _CHARGE.get()
    if charge is not None and equations:
        charge(system_units(equations, variables))


def payoff_against(table: np.ndarray, player: int, sigma: list) -> np.ndarray:
    """Player's payoff for each own strategy against the others' mixtures (any number type)."""
    values = np.moveaxis(table, player, 0)
    others = [x for j, x in enumerate(sigma) if j != player]
    for x in reversed(others):
        values = values @ x
    return values


def solve_polynomial_system(equations, variables):
    """Real solutions of a zero-dimensional polynomial system over the rationals.

    A lexicographic Groebner basis is triangular: its last polynomials involve only the last
    variable (computed directly for up to four unknowns, through a grevlex basis and FGLM
    beyond). Roots are found from the last variable back to the first. Rational roots stay
    exact; an irrational root switches to 60-digit floats for the rest of the way. Raises
    ``NotImplementedError`` for a positive-dimensional (continuum) solution set.
    """
    import sympy

    charge_system(equations, variables)
    if len(variables) <= 4:
        # small systems: F5B straight to the lexicographic basis is fastest
        basis = sympy.groebner(equations, *variables, order="lex", domain="QQ", method="f5b")
        if list(basis.exprs) == [1]:
            return []
        if not basis.is_zero_dimensional:
            raise NotImplementedError("positive-dimensional solution set")
    else:
        # larger ones: a degree-reverse-lexicographic basis, converted to lex by FGLM
        # (Faugere, Gianni, Lazard and Mora 1993), is several times faster
        basis = sympy.groebner(equations, *variables, order="grevlex", domain="QQ")
        if list(basis.exprs) == [1]:
            return []
        if not basis.is_zero_dimensional:
            raise NotImplementedError("positive-dimensional solution set")
        basis = basis.fglm("lex")
    polys = [sympy.Poly(p, *variables, domain="QQ") for p in basis.exprs]
    uses = [frozenset(x for x, d in zip(variables, p.degree_list()) if d > 0) for p in polys]
    out = []

    def back(k: int, assignment: dict):
        if k < 0:
            out.append(dict(assignment))
            return
        v = variables[k]
        allowed = set(variables[k:])
        here = [p for p, u in zip(polys, uses) if v in u and u <= allowed]
        if not here:
            raise NotImplementedError("positive-dimensional solution set")
        if all(val.is_Rational for val in assignment.values()):
            # exact: evaluate the assigned variables, gcd, real roots (rational stay exact)
            univariate = []
            for p in here:
                q = p.eval(assignment) if assignment else p
                q = sympy.Poly(q.as_expr(), v, domain="QQ")
                if not q.is_zero:
                    univariate.append(q)
            if not univariate:
                raise NotImplementedError("positive-dimensional solution set")
            g = univariate[0]
            for q in univariate[1:]:
                g = g.gcd(q)
            roots = g.real_roots() if g.degree() > 0 else []
            values = [r if r.is_Rational else sympy.Float(r.evalf(60), 60) for r in roots]
        else:
            # an irrational value is assigned: continue with 60-digit floats
            exprs = [sympy.expand(p.as_expr().subs(assignment)) for p in here]
            exprs = [e for e in exprs if e != 0]
            if not exprs:
                raise NotImplementedError("positive-dimensional solution set")
            p0 = min(exprs, key=lambda e: sympy.Poly(e, v).degree())
            cands = sympy.Poly(p0, v).nroots(n=50, maxsteps=200)
            values = [sympy.re(r) for r in cands if abs(sympy.im(r)) < 1e-40]
            values = [r for r in values if all(abs(e.subs(v, r)) < 1e-30 for e in exprs)]
        for r in values:
            if not (-1 <= r <= 1):
                continue  # a probability must lie in [0, 1]
            back(k - 1, {**assignment, v: r})

    back(len(variables) - 1, {})
    return out


def support_text(game: NormalFormGame, supports) -> str:
    return "(" + "; ".join(f"{p}: {', '.join(game.strategies[i][s] for s in S)}"
                           for i, (p, S) in enumerate(zip(game.players, supports))) + ")"


def accept_candidate(game, exact_payoffs, sym_payoffs, supports, candidate, notes):
    """A rational profile, an irrational :class:`Equilibrium`, or None if not an equilibrium."""
    import sympy

    for x in candidate:
        for v in x:
            if not v.is_real:
                return None
            if v.is_negative or (v.is_zero is False and sympy.N(v, 50) < 0):
                return None
    for S, x in zip(supports, candidate):
        if any(sympy.N(x[s], 50) <= 0 for s in S):
            return None
    if all(v.is_Rational for x in candidate for v in x):
        return accept_rational(exact_payoffs, supports,
                               [np.array([Fraction(int(v.p), int(v.q)) for v in x], dtype=object) for x in candidate])
    # irrational: check best responses to 50 digits
    for i, S in enumerate(supports):
        u = payoff_against(sym_payoffs[i], i, candidate)
        values = [sympy.N(v, 50) for v in u]
        best = max(values)
        if any(values[s] < best - sympy.Float(1e-40, 50) for s in S):
            return None
    floats = tuple(np.array([float(v) for v in x]) for x in candidate)
    fgame = game if not game.is_exact else NormalFormGame(game.players, game.strategies,
                                                          game.float_payoffs().copy(), game.title)
    eq = make_equilibrium(fgame, floats)
    notes.append("irrational equilibrium " + "; ".join(
        f"{p}: " + ", ".join(f"{game.strategies[i][s]} = {closed_form(x[s])}" for s in S)
        for i, (p, S, x) in enumerate(zip(game.players, supports, candidate))))
    return Equilibrium(game.players, game.strategies, eq.profile, eq.payoffs, eq.regret, False)


def accept_rational(exact_payoffs, supports, profile) -> tuple | None:
    """The profile of fractions if it is an equilibrium with these supports (probabilities, each
    positive on its support, the supports best replies), else None; exact."""
    for S, x in zip(supports, profile):
        if any(v < 0 for v in x) or any(x[s] <= 0 for s in S):
            return None
    for i, S in enumerate(supports):
        u = payoff_against(exact_payoffs[i], i, profile)
        if max(u) != u[S[0]]:
            return None  # a better reply outside the support
    return tuple(profile)


def closed_form(value) -> str:
    """A radical form of a 60-digit root of an integer quadratic (found by integer relation
    detection, ``mpmath.findpoly``, and checked to 40 digits), else 15 digits."""
    import mpmath
    import sympy

    with mpmath.workdps(60):
        coefficients = mpmath.findpoly(mpmath.mpf(str(value)), 2, maxcoeff=10**8)
    if coefficients:
        x = sympy.Symbol("x")
        quadratic = sum(int(c) * x ** (len(coefficients) - 1 - k) for k, c in enumerate(coefficients))
        for root in sympy.roots(sympy.Poly(quadratic, x)):  # radicals, as sympy.solve writes them
            if root.is_real and abs(sympy.N(root, 60) - value) < 1e-40 and len(str(root)) < 40:
                return str(root)
    return f"{float(value):.15g}"
