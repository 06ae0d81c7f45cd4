"""Deciding exactly whether a claim holds everywhere in the declared box.

Whether a pure profile is an equilibrium, a strict equilibrium, or a strategy strictly
dominant is a conjunction of sign conditions on payoff differences. When each difference is
*multilinear* in the parameters (of degree at most one in each; linear payoffs are), its
largest and smallest values over a box are taken at the box's corners, so evaluating it there
in exact rational arithmetic decides "holds everywhere" (or not) exactly. Other checks and
other payoffs return None: the box is then sampled, and the result says so.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from convenience.expectations.parse import Expectation
from convenience.game import ParametricAny, is_normal

if TYPE_CHECKING:
    from convenience.parametric import ParametricGame

#: Checks decided here; the others are sampled.
EXACT_CHECKS = frozenset({"equilibrium", "strict", "dominant"})
#: Most parameters one payoff difference may involve (2^k corners each).
MAX_CORNERS_PARAMETERS = 10


def sign_differences(game: ParametricGame, exp: Expectation) -> Iterable[tuple[Any, str]]:
    """(difference, sense) pairs whose sign conditions together make the check hold.

    ``"<= 0"``: the difference must never be positive; ``"< 0"``: must stay negative.
    """
    payoffs = game.payoffs  # sympy expressions, shape (n, *shape)
    shape = tuple(game.shape)
    if exp.check in ("equilibrium", "strict"):
        index = tuple(exp.target[p] for p in range(len(shape)))
        sense = "<= 0" if exp.check == "equilibrium" else "< 0"
        for p in range(len(shape)):
            for s in range(shape[p]):
                if s != index[p]:
                    other = index[:p] + (s,) + index[p + 1:]
                    yield payoffs[(p, *other)] - payoffs[(p, *index)], sense
        return
    for p, s in exp.target.items():  # dominant: every other strategy does strictly worse everywhere
        others = [range(m) for q, m in enumerate(shape) if q != p]
        for rest in itertools.product(*others):
            for r in range(shape[p]):
                if r == s:
                    continue
                mine = list(rest)
                mine.insert(p, s)
                theirs = list(rest)
                theirs.insert(p, r)
                yield payoffs[(p, *theirs)] - payoffs[(p, *mine)], "< 0"


def holds_everywhere(game: ParametricAny, exp: Expectation, varying: Iterable[str]) -> bool | None:
    """Whether ``exp`` holds at every point of the box of ``varying`` parameters (the others at
    the baseline, ``at:`` values applied); None when it cannot be decided exactly here."""
    import sympy

    if not is_normal(game) or exp.check not in EXACT_CHECKS:
        return None
    varying = [n for n in varying if n not in exp.at]
    fixed_values = {**game.baseline(), **exp.at}
    symbols = {n: sympy.Symbol(n, real=True) for n in game.parameters}
    fixed_subs = {symbols[n]: sympy.Rational(Fraction(v)) for n, v in fixed_values.items() if n not in varying}
    for difference, sense in sign_differences(game, exp):
        expr = sympy.sympify(difference).subs(fixed_subs)
        free = sorted(expr.free_symbols, key=str)
        if len(free) > MAX_CORNERS_PARAMETERS:
            return None
        if free:
            try:
                poly = sympy.Poly(expr, *free)
            except sympy.PolynomialError:
                return None
            if any(poly.degree(s) > 1 for s in free):
                return None
        corners = itertools.product(*([sympy.Rational(Fraction(end)) for end in game.parameters[str(s)].bounds()]
                                      for s in free))
        for corner in corners:
            value = expr.subs(dict(zip(free, corner))) if free else expr
            if not value.is_number:
                return None
            if (sense == "<= 0" and value > 0) or (sense == "< 0" and value >= 0):
                return False
    return True


__all__ = ["EXACT_CHECKS", "holds_everywhere", "sign_differences"]
