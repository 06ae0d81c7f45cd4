"""The declared box of a claim's uncertain parameters, and exact regions stated over it.

:class:`Box` holds the ranges of the parameters a claim lets vary (the others at their
baseline, ``at:`` values applied) and classifies a sign condition on a polynomial of them as
holding everywhere in the box, nowhere, or as readable text: a polynomial of degree at most one
in each parameter is largest and smallest at the box's corners, so its corners decide exactly
(:func:`corner_values`). :class:`ExactConditions` is an exact region written in those
conditions; :mod:`.conditions`, :mod:`.cells` and :mod:`.discount` derive them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from convenience.expectations.exact import MAX_CORNERS_PARAMETERS
from convenience.expectations.parse import Expectation
from convenience.game import Game, ParametricAny

#: Sign conditions already classified, by box and expression: the claims of one game ask about
#: the same payoff differences over the same box, and the answer depends on nothing else.
_CLASSIFIED: dict[tuple, bool | str | None] = {}
#: Most classifications remembered (the memo is emptied when it is full).
MAX_CLASSIFIED = 20_000


@dataclass(frozen=True)
class ExactConditions:
    """The exact region of a claim: ``conditions`` joined by ``join`` ("and" / "or").

    ``everywhere`` / ``nowhere``: the claim holds at every point / no point of the declared box.
    """

    conditions: tuple[str, ...]
    join: str
    everywhere: bool = False
    nowhere: bool = False
    note: str = ""  # a caveat on the boundaries ("ties on a boundary aside")

    def text(self) -> str:
        """``"exactly while q > c + r and a >= 1 (within the declared ranges)"``."""
        tail = f"; {self.note}" if self.note else ""
        if self.nowhere:
            return "exactly: nowhere within the declared ranges"
        if self.everywhere or not self.conditions:
            return f"exactly: everywhere within the declared ranges{tail}"
        return f"exactly while {f' {self.join} '.join(self.conditions)} (within the declared ranges{tail})"

    def to_dict(self) -> dict[str, Any]:
        return {"conditions": list(self.conditions), "join": self.join, "everywhere": self.everywhere,
                "nowhere": self.nowhere}


class Box:
    """The declared box of the ``varying`` parameters, the others fixed at ``values``: sign
    conditions are classified over it as holding everywhere, nowhere, or as readable text."""

    def __init__(self, game: ParametricAny, varying: list[str], values: dict[str, Any]) -> None:
        import sympy
        from sympy.polys.rings import ring as make_ring

        symbols = {n: sympy.Symbol(n, real=True) for n in game.parameters}
        self.constants = {symbols[n]: sympy.Rational(Fraction(v)) for n, v in values.items()
                          if n not in varying and n in symbols}
        self.ring = make_ring([symbols[n] for n in varying], sympy.QQ)[0]
        self.box: list[tuple[Fraction, Fraction]] = []
        for n in varying:
            low, high = game.parameters[n].bounds()
            self.box.append((Fraction(low), Fraction(high)))
        #: Everything a classification depends on: the varying parameters, their ranges, the others' values.
        self.key = (tuple(varying), tuple(self.box), tuple(sorted(self.constants.items(), key=str)))

    def classify(self, expression: Any, strict: bool) -> bool | str | None:
        """``expression >= 0`` (``> 0`` when strict) over the box: True (everywhere), False
        (nowhere), its text, or None when it is not multilinear in the varying parameters.
        Remembered by box and expression (:data:`_CLASSIFIED`)."""
        import sympy

        expression = sympy.sympify(expression)
        key = (self.key, expression, strict)
        if key not in _CLASSIFIED:
            if len(_CLASSIFIED) >= MAX_CLASSIFIED:
                _CLASSIFIED.clear()
            _CLASSIFIED[key] = self._classify(expression, strict)
        return _CLASSIFIED[key]

    def _classify(self, expression: Any, strict: bool) -> bool | str | None:
        import sympy

        from convenience.analysis.sensitivity.conditions import make_condition

        expr = sympy.expand(expression.subs(self.constants))
        poly = self.ring.from_expr(expr)
        if any(poly.degree(g) > 1 for g in self.ring.gens):
            return None  # not multilinear: corners no longer bound it
        if poly.is_ground:  # a constant
            value = Fraction(str(poly.LC)) if poly else Fraction(0)
            return value > 0 if strict else value >= 0
        corners = corner_values(poly, self.box)
        if all(c > 0 if strict else c >= 0 for c in corners):
            return True
        if all(c <= 0 if strict else c < 0 for c in corners):
            return False
        alone = _one_parameter(poly, strict)
        if alone is not None:
            return alone
        condition = make_condition(poly, self.ring(1), strict)
        return condition if isinstance(condition, bool) else condition.text


def varying_parameters(game: Game, exp: Expectation, varying: Iterable[str]) -> list[str] | None:
    names = [n for n in varying if n not in exp.at]
    return names if names and len(names) <= MAX_CORNERS_PARAMETERS else None


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


def corner_values(poly: Any, box: list[tuple[Fraction, Fraction]]) -> list[Fraction]:
    """The values of a multilinear ``poly`` at the corners of ``box`` (only the parameters it
    involves are varied: the others cannot move it)."""
    terms = [(monom, Fraction(int(c.numerator), int(c.denominator))) for monom, c in poly.terms()]
    used = [k for k in range(len(box)) if any(m[k] for m, _ in terms)]
    out = []
    for corner in itertools.product(*(box[k] for k in used)):
        at = dict(zip(used, corner))
        total = Fraction(0)
        for monom, coeff in terms:
            for k, e in enumerate(monom):
                if e:
                    coeff *= at[k] ** e
            total += coeff
        out.append(total)
    return out


__all__ = ["Box", "ExactConditions", "corner_values", "varying_parameters"]
