"""Where a claim holds, as exact conditions in the file's own parameters ("holds while c < q - r").

Whether a pure profile of a strategic form is an equilibrium (or a strict one), or a strategy
strictly dominant, is a conjunction of sign conditions on payoff differences; that it is *not*
an equilibrium is a disjunction (some player gains by deviating). When every difference is
linear in the uncertain parameters (the others set at their baseline, ``at:`` values applied),
each sign condition is a half-space, so the conditions themselves are the exact region where
the claim holds. :func:`exact_conditions` derives them symbolically, drops those that hold all
over the declared box (a linear function is smallest at a corner, so that is decided exactly)
and says when one fails all over it. Other claims, games or payoffs give None: their region
is scanned one parameter at a time instead (:func:`~convenience.expectations.regions.holding_region`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from convenience.expectations.exact import MAX_CORNERS_PARAMETERS, sign_differences
from convenience.expectations.parse import Expectation

#: Checks whose region is a conjunction (``all``) or a disjunction (``any``) of sign conditions.
JOINS = {"equilibrium": "and", "strict": "and", "dominant": "and", "not_equilibrium": "or"}


@dataclass(frozen=True)
class ExactConditions:
    """The exact region of a claim: ``conditions`` joined by ``join`` ("and" / "or").

    ``everywhere`` / ``nowhere``: the claim holds at every point / no point of the declared box.
    """

    conditions: tuple[str, ...]
    join: str
    everywhere: bool = False
    nowhere: bool = False

    def text(self) -> str:
        """``"exactly while q > c + r and a >= 1 (within the declared ranges)"``."""
        if self.nowhere:
            return "exactly: nowhere within the declared ranges"
        if self.everywhere or not self.conditions:
            return "exactly: everywhere within the declared ranges"
        return f"exactly while {f' {self.join} '.join(self.conditions)} (within the declared ranges)"

    def to_dict(self) -> dict[str, Any]:
        return {"conditions": list(self.conditions), "join": self.join, "everywhere": self.everywhere,
                "nowhere": self.nowhere}


def _signs(game: Any, exp: Expectation) -> Iterable[tuple[Any, bool]]:
    """``(expression, strict)`` pairs, each meaning ``expression >= 0`` (``> 0`` when strict), whose
    conjunction (or, for ``not_equilibrium``, disjunction) is the claim."""
    if exp.check == "not_equilibrium":  # some deviation gains strictly
        for difference, _ in sign_differences(game, replace(exp, check="equilibrium")):
            yield difference, True
        return
    for difference, sense in sign_differences(game, exp):
        yield -difference, sense == "< 0"


def exact_conditions(game: Any, exp: Expectation, varying: Iterable[str]) -> ExactConditions | None:
    """The exact region of ``exp`` over the box of the ``varying`` parameters (the others at the
    baseline, ``at:`` values applied), or None when no exact linear form exists here."""
    import sympy
    from sympy.polys.rings import ring as make_ring

    from convenience.analysis.sensitivity.conditions import make_condition

    if getattr(game, "kind", "normal") != "normal" or exp.check not in JOINS or not hasattr(game, "payoffs"):
        return None
    varying = [n for n in varying if n not in exp.at]
    if not varying or len(varying) > MAX_CORNERS_PARAMETERS:
        return None
    join = JOINS[exp.check]
    values = {**game.baseline(), **exp.at}
    symbols = {n: sympy.Symbol(n, real=True) for n in game.parameters}
    constants = {symbols[n]: sympy.Rational(Fraction(v)) for n, v in values.items() if n not in varying}
    ring = make_ring([symbols[n] for n in varying], sympy.QQ)[0]
    box = [(Fraction(game.parameters[n].low), Fraction(game.parameters[n].high)) for n in varying]
    kept: dict[str, None] = {}
    decided: list[bool] = []  # per sign condition: True everywhere, False nowhere (the rest kept)
    try:
        for expression, strict in _signs(game, exp):
            expr = sympy.expand(sympy.sympify(expression).subs(constants))
            poly = ring.from_expr(expr)
            if any(poly.degree(g) > 1 for g in ring.gens):
                return None  # not multilinear: corners no longer bound it
            if poly.is_ground:  # a constant
                value = Fraction(str(poly.LC)) if poly else Fraction(0)
                decided.append(value > 0 if strict else value >= 0)
                continue
            corners = [_at(poly, corner) for corner in itertools.product(*box)]
            if all(c > 0 if strict else c >= 0 for c in corners):
                decided.append(True)
                continue
            if all(c <= 0 if strict else c < 0 for c in corners):
                decided.append(False)
                continue
            alone = _one_parameter(poly, strict)
            if alone is not None:
                kept[alone] = None
                continue
            condition = make_condition(poly, ring(1), strict)
            if isinstance(condition, bool):
                decided.append(condition)
            else:
                kept[condition.text] = None
    except (ValueError, TypeError, sympy.PolynomialError, sympy.CoercionFailed):
        return None
    if join == "and":
        if False in decided:
            return ExactConditions((), join, nowhere=True)
        return ExactConditions(tuple(kept), join, everywhere=not kept)
    if True in decided:
        return ExactConditions((), join, everywhere=True)
    return ExactConditions(tuple(kept), join, nowhere=not kept)


def _one_parameter(poly: Any, strict: bool) -> str | None:
    """``a*x + b >= 0`` as ``"x >= -b/a"`` (the sign flipped when ``a < 0``); None for other forms."""
    from convenience.expectations.checks import number_text

    terms = dict(poly.terms())
    used = [k for k, g in enumerate(poly.ring.gens) if any(m[k] for m in terms)]
    if len(used) != 1 or any(sum(m) > 1 for m in terms):
        return None
    k = used[0]
    unit = tuple(1 if i == k else 0 for i in range(poly.ring.ngens))
    a = Fraction(str(terms[unit]))
    b = Fraction(str(terms.get(tuple(0 for _ in unit), 0)))
    bound = -b / a
    op = (">" if strict else ">=") if a > 0 else ("<" if strict else "<=")
    return f"{poly.ring.symbols[k]} {op} {number_text(bound)}"


def _at(poly: Any, corner: tuple[Fraction, ...]) -> Fraction:
    value = poly(*[poly.ring.domain(c.numerator, c.denominator) for c in corner])
    return Fraction(int(value.numerator), int(value.denominator))


__all__ = ["ExactConditions", "exact_conditions"]
