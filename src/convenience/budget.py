"""Work budgets: how much a computation may do, counted in units of work, never in seconds.

A limit measured in seconds makes the answer depend on the machine: a slow laptop would stop
where a fast server goes on, and the two would print different reports. A :class:`WorkBudget`
counts what the algorithm does instead (systems solved, supports tried, nodes visited; each
caller says what one unit is), so a run that completes prints the same bytes everywhere, however
slow, and a run that does not complete stops at the same place everywhere.

Spending past the limit raises :class:`BudgetExceeded`, a :class:`ComputationError` that says
what was being computed, what was found so far and how to go further::

    budget = WorkBudget(10_000, "support enumeration (supports tried)")
    for support in supports:
        budget.charge(found=lambda: [str(e) for e in found])
        ...

A caller that can fall back to another method catches :class:`BudgetExceeded`; one that cannot
lets it reach the command line, which prints the message and exits non-zero.

The limit of a new budget is :func:`current_limit`: :data:`DEFAULT_BUDGET` unless a caller
(the command line's ``--budget``) chose another for the work it runs inside :func:`budget_limit`.
Each computation documents its unit (``docs/cli.md``, "Work budgets"), scaled so that the
default lasts a few seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from convenience.errors import ComputationError, Remedy, Setting

#: The work budget of one solve or analysis step when the user gives none (``--budget``).
DEFAULT_BUDGET = 1_000_000

#: Raising the budget, as a remedy (``--budget`` on the command line, ``budget_limit(N)`` in Python).
RAISE_BUDGET = Remedy("raise the budget with {}", Setting("budget"))
#: What the message suggests when a budget runs out and the caller names nothing better.
DEFAULT_REMEDIES: tuple[str | Remedy, ...] = (RAISE_BUDGET, "choose a faster method", "analyse a smaller game")

_LIMIT: ContextVar[int | None] = ContextVar("convenience_work_budget", default=DEFAULT_BUDGET)

Found = Iterable[str] | Callable[[], Iterable[str]] | None


class BudgetExceeded(ComputationError):
    """A computation spent its whole work budget before it finished.

    ``what`` names the computation and its unit, ``limit`` and ``spent`` count units, ``found``
    lists (as text) what was established before it stopped, and ``remedies`` say how to go
    further (a :class:`~convenience.errors.Remedy` names the setting to change as data: worded
    as a flag on the command line, as a keyword argument in Python). ``needed`` is set when the computation was counted before it started and refused
    (:meth:`WorkBudget.reserve`): then nothing was spent. ``str(error)`` joins them into one
    message, worded for the interface in use (:meth:`message` for another).
    """

    def __init__(self, what: str, limit: int, spent: int, *, found: Iterable[str] = (),
                 remedies: Iterable[str | Remedy] = DEFAULT_REMEDIES, needed: int | None = None) -> None:
        self.what = what
        self.limit = limit
        self.spent = spent
        self.found = tuple(found)
        self.remedies = tuple(remedies)
        self.needed = needed
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.message()

    def message(self, interface: str | None = None) -> str:
        """The whole message, its remedies worded for ``interface`` ("python" or "cli"; default:
        :func:`~convenience.errors.wording`)."""
        if self.needed is not None:
            text = (f"{self.what}: needs {self.needed:,} units, more than its work budget of {self.limit:,} "
                    "units, so it was not started")
        else:
            text = f"{self.what}: stopped after spending its work budget of {self.limit:,} units"
        if self.found:
            text += "; found so far: " + "; ".join(self.found)
        else:
            text += "; nothing found so far"
        if self.remedies:
            text += "; to go further: " + ", or ".join(
                r.words(interface) if isinstance(r, Remedy) else r for r in self.remedies)
        return text

    def __reduce__(self):  # picklable, so a worker process can send it back whole
        return _rebuild, (self.what, self.limit, self.spent, self.found, self.remedies, self.needed)

    def located(self, file: str | None) -> "BudgetExceeded":
        """A copy whose message starts with the game file it was computing (if known and not yet named)."""
        if not file or self.what.startswith(f"{file}: "):
            return self
        return BudgetExceeded(f"{file}: {self.what}", self.limit, self.spent, found=self.found,
                              remedies=self.remedies, needed=self.needed)

    def with_found(self, found: Iterable[str]) -> "BudgetExceeded":
        """A copy that also lists ``found`` (for a caller that knows more than the charger)."""
        return BudgetExceeded(self.what, self.limit, self.spent, found=(*self.found, *found),
                              remedies=self.remedies, needed=self.needed)


class WorkBudget:
    """A counter of work units that raises :class:`BudgetExceeded` once ``limit`` is passed.

    ``limit=None`` means unlimited (the counter still counts, so ``spent`` can be reported).
    One budget may be shared by several steps of one computation: each charges what it does.
    """

    __slots__ = ("limit", "what", "spent", "remedies")

    def __init__(self, limit: int | None, what: str, *, remedies: Iterable[str | Remedy] = DEFAULT_REMEDIES) -> None:
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
            raise ValueError(f"a work budget is a whole number of units >= 0 or None, not {limit!r}")
        self.limit = limit
        self.what = what
        self.spent = 0
        self.remedies = tuple(remedies)

    def __repr__(self) -> str:
        return f"WorkBudget({self.limit!r}, {self.what!r}, spent={self.spent})"

    @property
    def remaining(self) -> int | None:
        """Units left before the budget runs out (``None`` when unlimited)."""
        return None if self.limit is None else max(self.limit - self.spent, 0)

    def affords(self, units: int) -> bool:
        """Whether ``units`` more can be spent; lets a caller refuse a step before starting it."""
        return self.limit is None or self.spent + units <= self.limit

    def charge(self, units: int = 1, *, found: Found = None) -> None:
        """Spend ``units``; past the limit raise :class:`BudgetExceeded` listing ``found``.

        ``found`` may be a callable so that describing the partial result costs nothing
        until the budget actually runs out.
        """
        self.spent += units
        if self.limit is not None and self.spent > self.limit:
            raise self.exceeded(found)

    def reserve(self, units: int, *, found: Found = None) -> None:
        """Spend ``units`` counted before the work starts, or, if they are more than the budget
        has left, raise :class:`BudgetExceeded` saying what is needed without spending anything
        (a computation whose cost is known in advance is refused at once, not after it ran)."""
        if not self.affords(units):
            listed = found() if callable(found) else found
            raise BudgetExceeded(self.what, self.limit if self.limit is not None else self.spent, self.spent,
                                 found=listed or (), remedies=self.remedies, needed=self.spent + units)
        self.spent += units

    def exceeded(self, found: Found = None) -> BudgetExceeded:
        """The error this budget raises when spent (for a caller that refuses a step up front)."""
        listed = found() if callable(found) else found
        return BudgetExceeded(self.what, self.limit if self.limit is not None else self.spent, self.spent,
                              found=listed or (), remedies=self.remedies)


def _rebuild(what: str, limit: int, spent: int, found: tuple, remedies: tuple,
             needed: int | None = None) -> BudgetExceeded:
    return BudgetExceeded(what, limit, spent, found=found, remedies=remedies, needed=needed)


def unlimited(what: str = "unlimited work") -> WorkBudget:
    """A budget that never runs out (for library calls that ask for none)."""
    return WorkBudget(None, what)


def current_limit() -> int | None:
    """The limit new budgets get: :data:`DEFAULT_BUDGET`, or what :func:`budget_limit` set."""
    return _LIMIT.get()


@contextmanager
def budget_limit(limit: int | None) -> Iterator[None]:
    """Give every budget created inside the ``with`` block ``limit`` units (``None``: unlimited).

    Worker processes started inside the block by forking inherit the limit.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"a work budget is a whole number of units >= 0 or None, not {limit!r}")
    token = _LIMIT.set(limit)
    try:
        yield
    finally:
        _LIMIT.reset(token)


def budget(what: str, *, remedies: Iterable[str | Remedy] = DEFAULT_REMEDIES) -> WorkBudget:
    """A fresh budget of :func:`current_limit` units for the computation ``what``."""
    return WorkBudget(current_limit(), what, remedies=remedies)
