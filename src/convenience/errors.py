"""Typed errors: bad input (the user's to fix) versus a failed computation (ours).

The library raises these; only the command line turns them into messages and exit codes
(2 for :class:`InputError`, 1 for anything else).

A message that tells the user what to change names the setting as data (a :class:`Setting`,
or a :class:`Remedy` holding one), not as a command-line flag: the Python API words it as a
keyword argument (``exact=False``, ``method='lemke-howson'``), the command line, which runs
inside :func:`worded_for` ``("cli")``, as a flag (``--float``, ``-m lemke-howson``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

#: The interfaces a message can be worded for.
INTERFACES = ("python", "cli")
_WORDING: ContextVar[str] = ContextVar("convenience_wording", default="python")


@contextmanager
def worded_for(interface: str) -> Iterator[None]:
    """Word the settings named in messages for ``interface`` ("python" or "cli") inside the block."""
    if interface not in INTERFACES:
        raise ValueError(f"interface must be one of {INTERFACES}, not {interface!r}")
    token = _WORDING.set(interface)
    try:
        yield
    finally:
        _WORDING.reset(token)


def wording() -> str:
    """The interface messages are worded for here: "python" unless :func:`worded_for` says otherwise."""
    return _WORDING.get()


#: How each setting is named: (on the command line, in the Python API); ``{}`` is its value.
SETTING_WORDS: dict[str, tuple[str, str]] = {
    "budget": ("--budget {}", "convenience.budget.budget_limit({})"),
    "method": ("-m {}", "method='{}'"),
    "float": ("--float", "exact=False"),
    "exact": ("--exact", "exact=True"),
    "option": ("-O {}", "{}"),
    "draw_cap": ("--draw-cap {}", "draw_cap={}"),
    "solve": ("convenience solve", "solve_game"),
}


@dataclass(frozen=True)
class Setting:
    """A setting the user can change, as data: ``name`` one of :data:`SETTING_WORDS`, ``value``
    its value in words (None when the message names none: the flag alone, ``N`` in Python)."""

    name: str
    value: str | None = None

    def words(self, interface: str | None = None) -> str:
        """``--budget`` on the command line, ``convenience.budget.budget_limit(N)`` in Python (default:
        :func:`wording`)."""
        cli, python = SETTING_WORDS[self.name]
        if (interface or wording()) == "cli":
            return cli.format("" if self.value is None else self.value).rstrip()
        return python.format("N" if self.value is None else self.value)

    def __str__(self) -> str:
        return self.words()


@dataclass(frozen=True)
class Option:
    """An option named as the place of an error, as data: ``name`` is its keyword argument
    (``draw_cap``); the command line words it as its flag (``--draw-cap``)."""

    name: str

    def words(self, interface: str | None = None) -> str:
        return "--" + self.name.replace("_", "-") if (interface or wording()) == "cli" else self.name

    def __str__(self) -> str:
        return self.words()


@dataclass(frozen=True)
class Remedy:
    """One way to go further: ``text`` with ``{}`` where ``setting`` is named, worded when shown."""

    text: str
    setting: Setting | None = None

    def words(self, interface: str | None = None) -> str:
        return self.text.format(self.setting.words(interface)) if self.setting is not None else self.text

    def __str__(self) -> str:
        return self.words()


class ConvenienceError(Exception):
    """Base class of every error convenience raises on purpose."""


class InputError(ConvenienceError):
    """A game file or an option is wrong; the message says where and what.

    ``str(error)`` reads ``file:line:column: key: message``, leaving out the parts that are
    unknown, so an editor can jump to the place. A wrong argument's ``key`` is an
    :class:`Option`: ``--samples`` on the command line, ``samples`` in Python.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None, key: str | Option | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"

    def located(self, *, file: str | None = None, line: int | None = None,
                column: int | None = None, key: str | Option | None = None) -> "InputError":
        """A copy with missing location parts filled in (existing parts win)."""
        return InputError(self.message, file=self.file or file,
                          line=self.line if self.line is not None else line,
                          column=self.column if self.column is not None else column,
                          key=self.key or key)


class ComputationError(ConvenienceError):
    """A solver or an analysis could not produce a verified answer."""


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """A ``" (did you mean 'x'?)"`` suffix for the closest choice, or ``""``."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
