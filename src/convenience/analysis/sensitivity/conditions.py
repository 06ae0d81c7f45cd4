"""Conditions on the parameters, as polynomials: the building blocks of the symbolic analysis.

Payoffs become elements of sympy's sparse polynomial ring (or its fraction field when a
parameter divides), :func:`to_algebra`. A :class:`Condition` is a pair ``(numerator,
denominator)`` of polynomials that holds where ``numerator/denominator >= 0`` (``> 0`` when
strict); :func:`make_condition` builds one in lowest terms with readable text, and a
:class:`CandidateCondition` says when one candidate equilibrium holds. Shared by the
normal-form conditions (:mod:`.symbolic`), the three-mixer roots (:mod:`.nplayer_conditions`)
and the conditions of game trees (:mod:`.tree_conditions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from convenience.analysis.sensitivity.candidates import Support


class NotRational(Exception):
    """A payoff is not a rational function of the parameters (``max``, ``sqrt``, ...)."""


@dataclass(frozen=True)
class Condition:
    """One inequality ``numerator/denominator >= 0`` (``> 0`` when ``strict``)."""

    text: str
    strict: bool
    numer: Any = field(repr=False, compare=False)
    denom: Any = field(repr=False, compare=False)
    nonzero: bool = False  # the condition is ``numer != 0`` (a Cramer denominator)

    @property
    def expression(self) -> Any:
        """The left-hand side as a sympy expression (compared with zero)."""
        return self.numer.as_expr() / self.denom.as_expr()

    def holds(self, point: Sequence[Any]) -> bool:
        """Exact check at a point given as ring-domain values in the ring's symbol order."""
        if self.nonzero:
            return self.numer(*point) != 0
        d = self.denom(*point)
        if d == 0:
            return False
        value = self.numer(*point) * d
        return value > 0 if self.strict else value >= 0

    def to_dict(self) -> dict:
        return {"condition": self.text, "strict": self.strict, "nonzero": self.nonzero}


@dataclass(frozen=True)
class CandidateCondition:
    """When one candidate (pure profile or mixed support pair) is an equilibrium.

    ``status`` is ``"always"``, ``"never"``, ``"conditional"`` or ``"degenerate"`` (the
    indifference system is singular for every parameter value: a continuum of mixed
    equilibria may exist and is left to the solvers). ``probabilities`` gives, for mixed
    candidates, each player's strategy probabilities as sympy expressions.
    """

    support: Support
    conditions: tuple[Condition, ...]
    status: str
    weights: tuple[tuple[Any, ...], ...] | None = None  # Ratio (or 0) per strategy, mixed only
    players: tuple[str, ...] = ()
    strategies: tuple[tuple[str, ...], ...] = ()
    reason: str = ""
    noun: str = "an equilibrium"  # "subgame perfect" for tree choice profiles
    outcome: str = ""  # tree choice profiles: the choices on the equilibrium path

    @property
    def label(self) -> str:
        return self.support.label

    @property
    def probabilities(self) -> tuple[tuple[Any, ...], ...] | None:
        """Each player's strategy probabilities as sympy expressions (mixed candidates)."""
        if self.weights is None:
            return None
        return tuple(tuple(w.as_expr() if isinstance(w, Ratio) else w for w in row) for row in self.weights)

    def holds(self, point: Sequence[Any]) -> bool:
        if self.status in ("never", "degenerate"):
            return False
        return all(c.holds(point) for c in self.conditions)

    def sentence(self) -> str:
        """Plain words: ``"Stag/Stag is an equilibrium iff c <= b"``."""
        if self.status == "always":
            return f"{self.label} is {self.noun} for every parameter value"
        if self.status == "never":
            return f"{self.label} is never {self.noun}" + (f" ({self.reason})" if self.reason else "")
        if self.status == "degenerate":
            return f"{self.label}: {self.reason}"
        text = f"{self.label} is {self.noun} iff " + " and ".join(c.text for c in self.conditions)
        if self.weights is not None:
            text += f", with {self.mixture_text()}"
        return text

    def mixture_text(self) -> str:
        parts = []
        for player, strategies, probs, support in zip(self.players, self.strategies, self.weights or (),
                                                      self.support.support):
            if len(support) == 1:
                parts.append(f"{player}: {strategies[support[0]]}")
                continue
            inner = ", ".join(f"{strategies[k]} = {probs[k]}" for k in support)
            parts.append(f"{player}: {inner}")
        return "; ".join(parts)

    def to_dict(self) -> dict:
        out = {"label": self.label, "pure": self.support.is_pure, "status": self.status,
               "conditions": [c.to_dict() for c in self.conditions], "sentence": self.sentence()}
        if self.weights is not None:
            out["probabilities"] = {player: {strategies[k]: str(probs[k]) for k in support}
                                    for player, strategies, probs, support in
                                    zip(self.players, self.strategies, self.weights,
                                        self.support.support)}
        return out


def register_ring_pickling() -> None:
    """Pickle sympy polynomial rings by their constructor arguments.

    sympy's ``PolyRing.__getstate__`` deletes keys of the dict it iterates once the ring has
    cached monomial functions, so a ring in use cannot be pickled; rings are cached by their
    arguments, so rebuilding one from them gives the same ring.
    """
    import copyreg

    from sympy.polys.rings import PolyRing

    copyreg.pickle(PolyRing, _ring_arguments)


def _ring_arguments(ring: Any) -> tuple:
    from sympy.polys.rings import PolyRing

    return PolyRing, (ring.symbols, ring.domain, ring.order)


def fraction_parts(value: Any) -> tuple[int, int]:
    """``(numerator, denominator)`` of an exact value (floats read as their shortest decimal)."""
    if isinstance(value, float):
        value = Fraction(repr(value))
    if hasattr(value, "is_Rational"):
        return int(value.p), int(value.q)
    value = Fraction(value)
    return value.numerator, value.denominator


# -- building -----------------------------------------------------------------------------------
def to_algebra(payoffs: np.ndarray, names: tuple[str, ...]):
    """Payoffs as ring (or fraction-field) elements; raises NotRational otherwise."""
    import sympy
    from sympy.polys.fields import field as make_field
    from sympy.polys.polyerrors import PolynomialError
    from sympy.polys.rings import ring as make_ring

    register_ring_pickling()
    symbols = [sympy.Symbol(n, real=True) for n in names] or [sympy.Symbol("_none", real=True)]
    ring = make_ring(symbols, sympy.QQ)[0]
    out = np.empty(payoffs.shape, dtype=object)
    try:
        for index, expr in np.ndenumerate(payoffs):
            out[index] = ring.from_expr(sympy.sympify(expr))
        return out, ring, False
    except (ValueError, PolynomialError, sympy.CoercionFailed):
        pass
    fld = make_field(symbols, sympy.QQ)[0]
    for index, expr in np.ndenumerate(payoffs):
        try:
            out[index] = fld.from_expr(sympy.sympify(expr))
        except (ValueError, PolynomialError, sympy.CoercionFailed):
            raise NotRational(_non_rational_text(sympy.sympify(expr))) from None
    return out, fld.ring, True


def _non_rational_text(expr: Any) -> str:
    """``"a payoff uses min(1, d + r)"``: the parts of ``expr`` that are not rational."""
    import sympy

    parts = [a for a in expr.atoms(sympy.Min, sympy.Max, sympy.Function, sympy.Pow)
             if not (isinstance(a, sympy.Pow) and a.exp.is_Integer)]
    text = ", ".join(sorted({str(a) for a in parts})) or str(expr)
    for name in ("Min", "Max", "Abs"):
        text = text.replace(f"{name}(", f"{name.lower()}(")
    return f"a payoff uses {text}"


def numerator_denominator(x: Any, ring: Any) -> tuple[Any, Any]:
    if type(x).__name__ == "FracElement":
        return x.numer, x.denom
    return x, ring.one


def normalise(p: Any) -> Any:
    """Scale a polynomial by a positive rational so its coefficients are coprime integers."""
    if not p:
        return p
    from math import gcd, lcm

    coeffs = [Fraction(int(c.numerator), int(c.denominator)) for c in p.coeffs()]
    den = lcm(*(c.denominator for c in coeffs))
    num = gcd(*(int(c * den) for c in coeffs))
    return p * p.ring.domain(den, num)


def poly_text(p: Any) -> str:
    """``"B_R - T - k"``: a polynomial written straight from its terms (no sympy printing)."""
    names = [str(g) for g in p.ring.symbols]
    out: list[str] = []
    terms = sorted(p.terms(), key=lambda t: t[1] < 0)  # positive terms first, otherwise ring order
    for monom, coeff in terms:
        c = Fraction(int(coeff.numerator), int(coeff.denominator))
        factors = [name if e == 1 else f"{name}^{e}" for name, e in zip(names, monom) if e]
        a = abs(c)
        if not factors:
            body = str(a)
        else:
            body = "*".join(factors)
            if a.numerator != 1:
                body = f"{a.numerator}*{body}"
            if a.denominator != 1:
                body = f"{body}/{a.denominator}"
        if not out:
            out.append(f"-{body}" if c < 0 else body)
        else:
            out.append(f" - {body}" if c < 0 else f" + {body}")
    return "".join(out) or "0"


def _inequality_text(numer: Any, denom: Any, strict: bool) -> str:
    """``"k <= B_I"``-style text of ``numer/denom >= 0`` (``>`` when strict)."""
    op, flipped = (">", "<") if strict else (">=", "<=")
    if denom.is_ground:
        g = numer if denom.LC > 0 else -numer
        ring = g.ring
        pos = ring.from_dict({m: c for m, c in g.terms() if c > 0})
        neg = ring.from_dict({m: -c for m, c in g.terms() if c < 0})
        if pos.is_ground and not neg.is_ground:
            return f"{poly_text(neg)} {flipped} {poly_text(pos)}"
        return f"{poly_text(pos)} {op} {poly_text(neg)}"

    def wrap(p: Any) -> str:
        text = poly_text(p)
        return f"({text})" if len(p.terms()) > 1 or text.startswith("-") else text

    return f"{wrap(numer)}/{wrap(denom)} {op} 0"


@dataclass(frozen=True)
class Ratio:
    """A probability ``numer/denom`` of two polynomials in the parameters."""

    numer: Any
    denom: Any

    def __str__(self) -> str:
        if self.denom.is_ground and self.denom == 1:
            return poly_text(self.numer)
        wrap = [f"({poly_text(p)})" if len(p.terms()) > 1 or poly_text(p).startswith("-") else poly_text(p)
                for p in (self.numer, self.denom)]
        return f"{wrap[0]}/{wrap[1]}"

    def as_expr(self) -> Any:
        return self.numer.as_expr() / self.denom.as_expr()


def make_condition(numer: Any, denom: Any, strict: bool) -> Condition | bool:
    """A Condition, or True/False when it does not depend on the parameters."""
    if not numer or (numer.is_ground and denom.is_ground):
        if not denom:
            return False
        value = numer.LC * denom.LC if numer else 0
        return value > 0 if strict else value >= 0
    if not denom.is_ground:
        numer, denom = numer.cancel(denom)
        if numer.is_ground and denom.is_ground:
            return make_condition(numer, denom, strict)
    numer, denom = normalise(numer), normalise(denom)
    if denom.LC < 0:  # same sign of the ratio, friendlier text
        numer, denom = -numer, -denom
    return Condition(_inequality_text(numer, denom, strict), strict, numer, denom)


def collect_conditions(conditions: list, candidate_conditions: list, seen: set) -> bool:
    """Append new Condition objects; False when some condition is constantly false."""
    for c in conditions:
        if c is False:
            return False
        if c is True:
            continue
        key = (c.numer, c.denom, c.strict)
        if key not in seen:
            seen.add(key)
            candidate_conditions.append(c)
    return True
