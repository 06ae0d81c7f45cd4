"""Typed errors: bad input (the user's to fix) versus a failed computation (ours).

The library raises these; only the command line turns them into messages and exit codes
(2 for :class:`InputError`, 1 for anything else).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class ConvenienceError(Exception):
    """Base class of every error convenience raises on purpose."""


class InputError(ConvenienceError):
    """A game file or an option is wrong; the message says where and what.

    ``str(error)`` reads ``file:line:column: key: message``, leaving out the parts that are
    unknown, so an editor can jump to the place.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None, key: str | None = None) -> None:
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
                column: int | None = None, key: str | None = None) -> "InputError":
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
