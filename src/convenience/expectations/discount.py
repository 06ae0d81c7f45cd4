"""Exact regions of ``sustained`` claims of infinitely repeated games.

With grim trigger the target is sustained at ``delta`` exactly while, for every player ``i``
and every stage strategy ``k`` of ``i`` (the target's own included),

    c_i - (1 - delta) u_i(k, t_-i) - delta p_i >= 0,

``c_i`` the target's stage payoff and ``p_i`` the punishment's (see
:mod:`convenience.repeated.grim`: ``delta >= (d_i - c_i)/(d_i - p_i)`` for the best deviation
``d_i``; since ``1 - delta > 0`` the best deviation satisfies it exactly when every strategy
does, so no maximum is needed). Each condition is linear in ``delta`` and in the payoffs.

* Punishment by a named profile: ``p_i`` is a payoff of that profile, and the conditions
  themselves are the region.
* Nash reversion: ``p_i`` is player ``i``'s worst stage equilibrium, so the condition holds
  when it holds for *some* stage equilibrium. The stage equilibria are read cell by cell from
  the signs of the stage's payoff differences (:mod:`convenience.expectations.cells`); a pure
  one pays linear payoffs, and a mixed one of a 2x2 stage pays ``i`` no less than a pure
  equilibrium ``e`` exactly while ``u_i(e_i, o') >= u_i(e)`` (``o'`` the other's other
  strategy), in which case it never is the worst. Where the mixed equilibrium can be the worst
  (or is the only one) its payoff is a ratio of payoffs and no exact region is given here.

The region is then a union over cells of conditions joined by "and" and "or", written as a
sum of products (few alternatives, else the caller scans). Minmax punishment and finite
horizons have no exact region here.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from convenience.expectations.cells import (MAX_DISJUNCTS, NOTE, NoExactRegion, Signs, comparison_in, sign_table,
                                             structure)
from convenience.expectations.parse import Expectation

if TYPE_CHECKING:
    from convenience.repeated.game import ParametricRepeatedGame

#: A formula in disjunctive form: alternatives, each a set of literals ``(expression, strict)``
#: meaning ``expression >= 0`` (``> 0`` when strict).
Formula = list[frozenset]


def _and(a: Formula, b: Formula) -> Formula:
    return [x | y for x in a for y in b]


def _not(a: Formula) -> Formula:
    import sympy

    out: Formula = [frozenset()]
    for term in a:
        out = _and(out, [frozenset({(sympy.expand(-e), not strict)}) for e, strict in term])
    return out


class _Literals:
    """Literals put in a canonical form and classified over the box (True everywhere, False
    nowhere, or their text)."""

    def __init__(self, box: Any, delta: Any = None) -> None:
        self.box = box
        self.memo: dict[Any, Any] = {}
        self.delta = delta if delta is not None and getattr(delta, "is_Symbol", False) else None

    def canonical(self, literal: tuple[Any, bool]) -> tuple[Any, bool] | bool:
        """``(polynomial, strict)`` with the factors that keep one sign all over the box divided
        out (``(R_I - h)(1 - delta) >= 0`` is ``R_I >= h``) and coprime integer coefficients; or
        True/False when nothing is left."""
        import sympy

        from convenience.analysis.sensitivity.conditions import normalise

        expr, strict = literal
        expanded = sympy.expand(sympy.sympify(expr).subs(self.box.constants))
        if expanded == 0:
            return not strict
        coefficient, factors = sympy.factor_list(expanded)
        sign, kept = (1 if coefficient > 0 else -1), []
        for factor, power in factors:  # a factor of one sign is nonzero but on a boundary: ties aside
            if self._one_sign(factor, False):
                continue
            if self._one_sign(-factor, False):
                sign *= (-1) ** power
                continue
            if power % 2 == 0:  # never negative, zero only on a boundary: ties aside
                continue
            kept.append(factor)
        if not kept:
            return sign > 0
        poly = normalise(self.box.ring.from_expr(sympy.expand(sign * sympy.Mul(*kept))))
        return poly, strict

    def _one_sign(self, expr: Any, strict: bool) -> bool:
        try:
            return self.box.classify(expr, strict) is True
        except (ValueError, TypeError):
            return False

    def classify(self, literal: tuple[Any, bool]) -> Any:
        if literal not in self.memo:
            poly, strict = literal
            found = self.box.classify(poly.as_expr(), strict)
            if isinstance(found, str) or found is None:
                found = self._threshold(poly, strict) or found
            if found is None:  # of higher degree: exact all the same, but undecided over the box
                from convenience.analysis.sensitivity.conditions import make_condition

                condition = make_condition(poly, self.box.ring(1), strict)
                found = condition if isinstance(condition, bool) else condition.text
            self.memo[literal] = found
        return self.memo[literal]

    def _threshold(self, poly: Any, strict: bool) -> str | None:
        """``a delta + b >= 0`` as ``delta >= -b/a`` (``(T - R)/(T - P)``) when ``a`` keeps one
        sign over the box; None for other forms."""
        import sympy

        from convenience.repeated.grim import expression_text

        if self.delta is None:
            return None
        expr = poly.as_expr()
        if sympy.degree(expr, self.delta) != 1:
            return None
        a, b = sympy.expand(expr).coeff(self.delta, 1), sympy.expand(expr).coeff(self.delta, 0)
        if self.box.classify(a, True) is True:
            op = ">" if strict else ">="
        elif self.box.classify(-a, True) is True:
            op = "<" if strict else "<="
        else:
            return None
        return f"{self.delta} {op} {expression_text(sympy.cancel(-b / a))}"

    def simplify(self, formula: Formula) -> list[tuple[str, ...]] | bool:
        """The formula's alternatives as texts (True: everywhere; False: nowhere)."""
        terms: list[frozenset] = []
        for term in formula:
            kept: set = set()
            dead = False
            for literal in term:
                canonical = self.canonical(literal)
                if canonical is True:
                    continue
                if canonical is False or self.classify(canonical) is False:
                    dead = True
                    break
                if self.classify(canonical) is not True:
                    kept.add(canonical)
            if dead or any((-p, q) in kept for p, _ in kept for q in (True, False)):
                continue  # p > 0 (or >= 0) beside p < 0 (or <= 0): empty but for ties
            kept = {(p, strict) for p, strict in kept if strict or (p, True) not in kept}
            if not kept:
                return True
            terms.append(frozenset(_tightest(kept)))
        terms = [t for t in dict.fromkeys(terms) if not any(o < t for o in terms)]  # absorption
        if not terms:
            return False
        return [tuple(sorted(str(self.classify(x)) for x in t)) for t in terms]


def _tightest(literals: set) -> set:
    """The literals without the bounds on one parameter that a tighter one implies."""
    best: dict[tuple[int, int], tuple[Any, Any]] = {}
    rest = set()
    for literal in literals:
        poly, strict = literal
        terms = dict(poly.terms())
        used = {k for m in terms for k, e in enumerate(m) if e}
        if len(used) != 1 or any(sum(m) > 1 for m in terms):
            rest.add(literal)
            continue
        k = used.pop()
        unit = tuple(1 if i == k else 0 for i in range(poly.ring.ngens))
        a = Fraction(str(terms[unit]))
        b = Fraction(str(terms.get(tuple(0 for _ in unit), 0)))
        side, bound = (1 if a > 0 else -1), -b / a  # x > bound (side 1) or x < bound (side -1)
        rank = (side * bound, strict)
        if (k, side) not in best or rank > best[(k, side)][0]:
            best[(k, side)] = (rank, literal)
    return rest | {literal for _, literal in best.values()}


def sustained_region(game: ParametricRepeatedGame, exp: Expectation, varying: Iterable[str],
                     limit: int | None = MAX_DISJUNCTS) -> Any:
    """The exact region of a ``sustained`` claim (an
    :class:`~convenience.expectations.box.ExactConditions`), or None (also when it has
    more than ``limit`` alternatives)."""
    import sympy

    from convenience.expectations.box import Box, ExactConditions, varying_parameters

    if game.horizon is not None or game.target is None:
        return None
    names = varying_parameters(game, exp, varying)
    if names is None:
        return None
    box = Box(game, names, {**game.baseline(), **exp.at})
    delta = sympy.sympify(game.symbolic_discount())
    literals = _Literals(box, delta)
    try:
        if literals.classify((sympy.expand(1 - delta), True)) is not True or \
                literals.classify((delta, False)) is not True:
            return None  # the conditions read as above only for 0 <= delta < 1
        formula = _sustained(game, box, delta, negate=exp.target is False)
        found = literals.simplify(formula)
    except (NoExactRegion, ValueError, TypeError, sympy.PolynomialError, sympy.CoercionFailed):
        return None
    if found is True:
        return ExactConditions((), "and", everywhere=True)
    if found is False:
        return ExactConditions((), "and", nowhere=True)
    if limit is not None and len(found) > limit:
        return None
    if len(found) == 1:
        return ExactConditions(found[0], "and", note=NOTE)
    return ExactConditions(tuple(t[0] if len(t) == 1 else f"({' and '.join(t)})" for t in found), "or", note=NOTE)


def _conditions(payoffs: Any, target: tuple[int, ...], player: int, punishment: Any, delta: Any) -> frozenset:
    """Player's incentive conditions against a punishment paying it ``punishment``."""
    import sympy

    c = payoffs[(player, *target)]
    out = set()
    for k in range(payoffs.shape[player + 1]):
        cell = list(target)
        cell[player] = k
        out.add((sympy.expand(c - (1 - delta) * payoffs[(player, *cell)] - delta * punishment), False))
    return frozenset(out)


def _sustained(game: ParametricRepeatedGame, box: Any, delta: Any, negate: bool = False) -> Formula:
    """Where the target is sustained (``negate``: where it is not), cell by cell."""
    from convenience.expectations.cells import cover

    if game.target is None:
        raise NoExactRegion("no target profile")
    stage, target, punishment = game.stage, tuple(game.target), game.punishment
    payoffs, shape = stage.payoffs, tuple(stage.shape)
    n = len(shape)
    if isinstance(punishment, tuple):
        term: frozenset = frozenset()
        for i in range(n):
            term |= _conditions(payoffs, target, i, payoffs[(i, *punishment)], delta)
        return _not([term]) if negate else [term]
    if punishment != "nash":
        raise NoExactRegion("minmax punishment")
    signs = Signs(box)
    table = sign_table(payoffs, shape, signs)
    extras = Signs(box)
    every = list(signs.cells())
    groups: dict[Any, list[tuple[int, ...]]] = {}
    for cell in every:
        better = comparison_in(table, cell)
        found = structure(shape, better)
        if found.mixed is None:
            raise NoExactRegion("in part of the box the signs of the stage's payoff differences leave its equilibria open")
        formula: Formula = [frozenset()]
        for i in range(n):
            options = [_conditions(payoffs, target, i, payoffs[(i, *e)], delta) for e in found.pure]
            if found.mixed and not _never_worst(payoffs, found, i, extras):
                options.append(_mixed_conditions(payoffs, target, found, i, delta, better))
            formula = _and(formula, options)
        groups.setdefault(frozenset(_not(formula) if negate else formula), []).append(cell)
    out: Formula = []
    for formula_key, cells in groups.items():
        terms = [frozenset(_atom_literal(signs, a) for a in term) for term in cover(len(signs.atoms), cells, set(every))]
        out += _and(terms, list(formula_key))
    return out


def _never_worst(payoffs: Any, found: Any, i: int, extras: Signs) -> bool:
    """Whether the mixed stage equilibrium pays ``i`` at least as much as some pure one all over
    the box (``u_i(e_i, o') >= u_i(e)``), so that it is never ``i``'s worst."""
    other = 1 - i
    for e in found.pure:
        switched = list(e)
        switched[other] = next(k for k in found.alive[other] if k != e[other])
        constant, atom = extras.sign(payoffs[(i, *switched)] - payoffs[(i, *e)])
        if atom == 0 and constant >= 0:
            return True
    return False


def _mixed_conditions(payoffs: Any, target: tuple[int, ...], found: Any, i: int, delta: Any, better: Any) -> frozenset:
    """Player ``i``'s incentive conditions against the mixed stage equilibrium of a 2x2 cell,
    whose payoff to ``i`` is ``(AD - BC)/(A - B - C + D)`` (``A = u_i(a, b)``, ``B = u_i(a, b')``,
    ``C = u_i(a', b)``, ``D = u_i(a', b')``), multiplied out by the denominator, whose sign the
    cell fixes (that of ``A - C``)."""
    import sympy

    (a, a2), (b, b2) = found.alive[i], found.alive[1 - i]

    def u(mine: int, theirs: int) -> Any:
        cell = [0, 0]
        cell[i], cell[1 - i] = mine, theirs
        return payoffs[(i, *cell)]

    A, B, C, D = u(a, b), u(a, b2), u(a2, b), u(a2, b2)
    profile = [0, 0]
    profile[1 - i] = b
    sign = better(i, tuple(profile), a, a2)
    numerator, denominator = A * D - B * C, A - B - C + D
    c = payoffs[(i, *target)]
    out = set()
    for k in range(payoffs.shape[i + 1]):
        cell = list(target)
        cell[i] = k
        rest = c - (1 - delta) * payoffs[(i, *cell)]
        out.add((sympy.expand(sign * (rest * denominator - delta * numerator)), False))
    return frozenset(out)


def _atom_literal(signs: Signs, atom: int) -> tuple[Any, bool]:
    """A cell's sign of one payoff difference as a literal (strict: ties on its boundary aside)."""
    key = signs.atoms[abs(atom) - 1].key
    return (key if atom > 0 else -key).as_expr(), True


__all__ = ["sustained_region"]
