"""The budget of the symbolic analysis, counted in work rather than seconds.

Exact conditions and thresholds are computed in sympy's sparse polynomial rings, where the
cost of every step grows with the number of terms of the polynomials it handles. The budget
counts those terms (and one unit per candidate or stage), so it runs out at the same step on
every machine, however fast or loaded: when it does, :class:`SymbolicBudgetExceeded` tells the
caller to answer the same questions numerically, and the result says so.
"""

from __future__ import annotations

from typing import Any

#: Polynomial terms one game's symbolic analysis may handle (conditions and every threshold
#: search together) before the analysis continues numerically. The bundled games use at most a
#: few thousand; the symbolic step of a game near this budget takes a few seconds on a laptop.
SYMBOLIC_WORK = 200_000


#: Work per term of a condition of a mixed candidate, in units of a pure candidate's terms: its
#: conditions come out of determinants and polynomial gcds (measured: about forty times the
#: time per term of a pure candidate's or a threshold search's).
MIXED_WEIGHT = 40


class SymbolicBudgetExceeded(Exception):
    """The symbolic analysis used up its work budget (see :data:`SYMBOLIC_WORK`)."""


class WorkBudget:
    """Units of symbolic work left; :meth:`charge` raises once more than ``limit`` are used.

    ``limit`` None never runs out. One budget may be shared by several steps (the conditions,
    then each parameter's thresholds), so together they stay within it.
    """

    def __init__(self, limit: int | None = SYMBOLIC_WORK) -> None:
        if limit is not None and limit < 0:
            raise ValueError(f"a work budget cannot be negative (got {limit})")
        self.limit = limit
        self.used = 0

    def charge(self, units: int = 1) -> None:
        """Count ``units`` of work done; raise when the total passes the limit."""
        self.used += int(units)
        if self.limit is not None and self.used > self.limit:
            raise SymbolicBudgetExceeded(f"the symbolic analysis used its work budget of {self.limit:,} "
                                         "polynomial terms")

    @property
    def spent(self) -> bool:
        return self.limit is not None and self.used >= self.limit


def term_count(*items: Any) -> int:
    """Number of polynomial terms in ring or fraction-field elements (a constant counts one)."""
    total = 0
    for x in items:
        if hasattr(x, "numer") and hasattr(x, "denom") and hasattr(x.numer, "terms"):
            total += len(x.numer) + len(x.denom)
        elif hasattr(x, "terms"):
            total += max(1, len(x))
        else:
            total += 1
    return total


def condition_terms(conditions: Any) -> int:
    """Terms of a sequence of conditions (numerator and denominator of each)."""
    return sum(term_count(c.numer, c.denom) for c in conditions)
