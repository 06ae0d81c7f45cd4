"""Command-line commands, one module each, plus what they share.

Each module has ``register(app)``; :func:`guarded` turns the library's typed errors into one
clear message and an exit code (2 bad input, 3 work budget spent, 1 internal error) without a
traceback, and
:func:`write_atomic` writes an output file whole or not at all.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

import typer

from convenience.budget import BudgetExceeded
from convenience.errors import InputError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
EXIT_BUDGET = 3


def error_exit(message: str, code: int) -> None:
    """Print ``convenience: error: ...`` on stderr and exit with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


#: Largest ``--budget`` accepted (a budget this large is for practical purposes unlimited).
MAX_BUDGET = 10**15


def budget_option() -> Any:
    """The ``--budget UNITS`` option; :func:`guarded` applies it to the whole command."""
    from convenience.budget import DEFAULT_BUDGET

    return typer.Option(None, "--budget", metavar="UNITS",
                        help=f"Work budget of each computation, in its units of work (default {DEFAULT_BUDGET:,}; "
                             "'unlimited' for none; see docs/cli.md).")


def parse_budget(text: str | None) -> int | None:
    """``--budget`` as a limit: a whole number of units from 1 to :data:`MAX_BUDGET` (``_`` and ``,``
    may group digits), or ``unlimited`` (None); no option gives the default."""
    from convenience.budget import DEFAULT_BUDGET

    if text is None:
        return DEFAULT_BUDGET
    cleaned = text.strip().replace("_", "").replace(",", "")
    if cleaned.lower() == "unlimited":
        return None
    if not cleaned.isdigit() or len(cleaned) > 16 or not 1 <= int(cleaned) <= MAX_BUDGET:
        raise InputError(f"expects a whole number of work units from 1 to {MAX_BUDGET:,} or 'unlimited', "
                         f"got '{text}'", key="--budget")
    return int(cleaned)


def guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command, mapping InputError to exit 2, a spent work budget to exit 3 (the message says
    what was found so far and how to go further) and other failures to exit 1. A command with a
    ``budget`` parameter (:func:`budget_option`) runs inside that work budget. Messages name the
    settings to change as command-line flags (:func:`~convenience.errors.worded_for`)."""


    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from convenience.budget import budget_limit
        from convenience.errors import worded_for

        try:
            with worded_for("cli"), budget_limit(parse_budget(kwargs.get("budget"))):
                return function(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except InputError as error:
            with worded_for("cli"):  # the option it names as a flag
                message = str(error)
            error_exit(message, EXIT_BAD_INPUT)
        except BudgetExceeded as error:
            error_exit(error.message("cli"), EXIT_BUDGET)
        except KeyboardInterrupt:
            error_exit("interrupted", 130)
        except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback for users
            if os.environ.get("CONVENIENCE_DEBUG"):
                raise
            error_exit(f"internal error: {type(error).__name__}: {error} "
                       "(set CONVENIENCE_DEBUG=1 for a traceback)", EXIT_INTERNAL)

    return wrapper


def write_atomic(path: str | Path, data: str | bytes | Iterable[str]) -> None:
    """Write ``data`` (text, bytes or text in pieces) to ``path`` whole or not at all, honouring the umask (see
    :func:`convenience.commands.output.write_file`)."""
    from convenience.commands.output import write_file

    write_file(path, data)


def is_terminal() -> bool:
    """True when stdout is an interactive terminal and not running under CI."""
    return sys.stdout.isatty() and not os.environ.get("CI")
