"""Numbers as people and JSON read them: exact values as ``3/4``, floats as short decimals.

Used by every layer that writes a number into a note, a table or a JSON document, so the same
value reads the same everywhere.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any


def format_number(value: Any, digits: int = 4, *, missing: str = "—") -> str:
    """The one way a number reads: ``3/4`` for exact values (Fractions and sympy rationals),
    whole numbers in full, other floats to ``digits`` significant digits, ``0`` for zero
    (never ``-0``), and ``missing`` for None."""
    if value is None:
        return missing
    if getattr(value, "is_Rational", False):
        value = Fraction(int(value.p), int(value.q))
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{digits}g}"
    return "0" if text in ("-0", "0") else text


def json_number(value: Any) -> Any:
    """Exact values as strings such as ``"3/4"`` (integers as ints); floats as numbers."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return float(value)


def decimal_fraction(value: Any) -> Fraction:
    """``value`` as an exact fraction: a ``Fraction`` or an int as it is, a float as the decimal
    it prints as (``0.1`` is 1/10, not the binary double nearest to it), unless that needs a
    denominator above 10^12 (then the float's own binary value)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    f = Fraction(repr(float(value)))
    return f if f.denominator <= 10**12 else Fraction(float(value))


__all__ = ["decimal_fraction", "format_number", "json_number"]
