"""Exact numbers ``a + b sqrt(d)`` with rational ``a``, ``b``, ``d``: the field ``Q(sqrt d)``.

The roots of a quadratic with rational coefficients live in ``Q(sqrt d)``, ``d`` its
discriminant, and so does everything computed from them with ``+ - * /``. Deciding signs
there is exact (compare ``a^2`` with ``b^2 d``), so an equilibrium whose probabilities involve
a square root can still be verified with regret exactly zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class Surd:
    """The exact number ``a + b sqrt(d)`` (``a``, ``b``, ``d`` rational, ``d`` not a square)."""

    a: Fraction
    b: Fraction = Fraction(0)
    d: Fraction = Fraction(0)

    def _lift(self, other: Any) -> Surd:
        """``other`` in the same field as ``self``; a rational ``self`` takes ``other``'s root."""
        if not isinstance(other, Surd):
            return Surd(Fraction(other), Fraction(0), self.d)
        if other.b != 0 and self.b != 0 and other.d != self.d:
            raise ValueError(f"sqrt({self.d}) and sqrt({other.d}) are not in one field Q(sqrt d)")
        return other

    def _field(self, other: Surd) -> Fraction:
        return self.d if self.b != 0 else other.d

    def __add__(self, other: Any) -> Surd:
        o = self._lift(other)
        return Surd(self.a + o.a, self.b + o.b, self._field(o))

    __radd__ = __add__

    def __neg__(self) -> Surd:
        return Surd(-self.a, -self.b, self.d)

    def __sub__(self, other: Any) -> Surd:
        return self + (-self._lift(other))

    def __rsub__(self, other: Any) -> Surd:
        return self._lift(other) - self

    def __mul__(self, other: Any) -> Surd:
        o = self._lift(other)
        d = self._field(o)
        return Surd(self.a * o.a + self.b * o.b * d, self.a * o.b + self.b * o.a, d)

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Surd:
        o = self._lift(other)
        norm = o.a * o.a - o.b * o.b * o.d
        if norm == 0:
            raise ZeroDivisionError("division by zero in Q(sqrt d)")
        return self * Surd(o.a / norm, -o.b / norm, o.d)

    def __rtruediv__(self, other: Any) -> Surd:
        return self._lift(other) / self

    def sign(self) -> int:
        """Exact sign: compare ``a^2`` with ``b^2 d`` when ``a`` and ``b`` differ in sign."""
        sa = (self.a > 0) - (self.a < 0)
        sb = (self.b > 0) - (self.b < 0)
        if sb == 0 or self.d == 0:
            return sa
        if sa == 0 or sa == sb:
            return sb
        big = self.a * self.a - self.b * self.b * self.d
        return sa if big > 0 else (sb if big < 0 else 0)

    def __float__(self) -> float:
        return float(self.a) + float(self.b) * float(self.d) ** 0.5

    def __eq__(self, other: Any) -> bool:
        return (self - other).sign() == 0

    def __hash__(self) -> int:  # equal to the hash of the equal Fraction when rational
        return hash(self.a) if self.b == 0 else hash((self.a, self.b, self.d))

    def __str__(self) -> str:
        if self.b == 0:
            return str(self.a)
        if self.d.denominator != 1 or self.d < 4 * 10 ** 12:  # write sqrt(d) with d a small square-free integer
            outside, inside = square_free(self.d)
            if inside != self.d:
                return str(Surd(self.a, self.b * outside, Fraction(inside)))
        b = abs(self.b)
        root = f"sqrt({self.d})" if b == 1 else (f"{b.numerator}*sqrt({self.d})" if b.denominator == 1 else
                                                 f"{b.numerator}*sqrt({self.d})/{b.denominator}"
                                                 if b.numerator != 1 else f"sqrt({self.d})/{b.denominator}")
        if self.a == 0:
            return root if self.b > 0 else f"-{root}"
        return f"{self.a} {'+' if self.b > 0 else '-'} {root}"


def exact_sign(x: Any) -> int:
    """The sign of a Surd or a rational number."""
    return x.sign() if isinstance(x, Surd) else (x > 0) - (x < 0)


def square_free(x: Fraction, limit: int = 2000) -> tuple[Fraction, int]:
    """``sqrt(x) = c sqrt(k)`` with ``c`` rational and ``k`` an integer without small square factors."""
    k = x.numerator * x.denominator
    c = Fraction(1, x.denominator)
    f = 2
    while f * f <= k and f < limit:
        while k % (f * f) == 0:
            k //= f * f
            c *= f
        f += 1
    return c, k


def rational_sqrt(x: Fraction) -> Fraction | None:
    from math import isqrt

    n, d = x.numerator, x.denominator
    sn, sd = isqrt(n), isqrt(d)
    return Fraction(sn, sd) if sn * sn == n and sd * sd == d else None
