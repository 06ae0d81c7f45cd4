"""The command-line grammar every command shares.

One spelling for each idea, whatever the command:

- ``FILE...`` arguments, where ``-`` reads one game from standard input;
- ``-f/--format table|json|markdown`` for whatever a command prints;
- ``-o/--output FILE`` to write that output to a file instead (whole or not at all);
- ``-q/--quiet`` (results and errors only) and ``-v/--verbose`` (also say what is being done);
- ``-j/--jobs N`` for local parallel processes (``-w/--workers`` is the same option) and
  ``--scheduler ADDRESS`` for a Dask cluster.

Messages about the work (progress, "wrote ...", how work was split) go to standard error, so
standard output holds only results and can be piped.
"""

from __future__ import annotations

import io
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import typer
from typer.core import TyperCommand

from convenience.errors import InputError


class Command(TyperCommand):
    """A Typer command whose usage line names its arguments as ``FILE...`` (``[FILE]...`` when
    optional), the way click and most command-line tools write them."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                continue
            name = (param.metavar or param.name or "").strip("{}[]").upper()
            name += "..." if param.nargs != 1 else ""
            pieces.append(name if param.required else f"[{name}]")
        return pieces


class Format(str, Enum):
    """What a command prints: a terminal table, JSON for programs, or Markdown for documents."""

    table = "table"
    json = "json"
    markdown = "markdown"


#: ``-`` as a file name: read the game from standard input.
STDIN = "-"


def files_argument(help_text: str, *, many: bool = True) -> Any:
    """The ``FILE...`` (or ``FILE``) argument; ``-`` reads a game from standard input."""
    return typer.Argument(..., metavar="FILE", show_default=False,
                          help=f"{help_text} Use - to read one game from standard input.")


def format_option(help_text: str = "Output format.") -> Any:
    return typer.Option(Format.table, "--format", "-f", help=help_text)


def output_option(help_text: str = "Write the output to this file instead of standard output "
                                   "(whole or not at all).") -> Any:
    return typer.Option(None, "--output", "-o", metavar="FILE", help=help_text)


QUIET = typer.Option(False, "--quiet", "-q", help="Print only results and errors.")
VERBOSE = typer.Option(False, "--verbose", "-v", help="Also say what is being done (on standard error).")
SCHEDULER = typer.Option(None, "--scheduler", metavar="ADDRESS",
                         help="Distribute Monte Carlo sampling on a Dask scheduler (tcp://host:8786); "
                              "needs the 'distributed' extra. Same answer as a local run.")


def jobs_option(default: int, help_text: str, minimum: int = 1) -> Any:
    """``-j/--jobs N``, also spelt ``-w/--workers N``."""
    return typer.Option(default, "--jobs", "-j", "--workers", "-w", metavar="N", min=minimum, help=help_text)


def _show_library_log(verbose: bool) -> None:
    """The library's own account of its work (logger ``convenience``, level INFO) on standard
    error with ``--verbose``, silent otherwise."""
    import logging

    class EchoHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            typer.echo(record.getMessage(), err=True)

    log = logging.getLogger("convenience")
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    if not any(type(h).__name__ == "EchoHandler" for h in log.handlers):
        log.addHandler(EchoHandler())


class Messages:
    """Where a command says what it is doing: standard error, unless ``--quiet``; details only
    with ``--verbose``."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        if quiet and verbose:
            raise InputError("--quiet and --verbose exclude each other", key="--quiet")
        self.quiet, self.verbose = quiet, verbose
        if verbose or "logging" in sys.modules:  # logging is imported only when needed
            _show_library_log(verbose)

    def info(self, text: str) -> None:
        """A message about the work (``wrote ...``, warnings); silenced by ``--quiet``."""
        if not self.quiet:
            typer.echo(text, err=True)

    def detail(self, text: str) -> None:
        """A detail shown only with ``--verbose``."""
        if self.verbose:
            typer.echo(text, err=True)


def emit(text: str | Iterable[str], output: Path | None, messages: Messages | None = None) -> None:
    """Print ``text`` (or its pieces, as they are made) on standard output, or write it whole to
    ``output``."""
    if output is None:
        for piece in ((text,) if isinstance(text, str) else text):
            typer.echo(piece, nl=False)
        return
    from convenience.commands import write_atomic

    write_atomic(output, text)
    if messages is not None:
        messages.info(f"wrote {output}")


def rich_text(draw: Callable[[Any], None], width: int = 100) -> str:
    """What ``draw(console)`` prints on a rich console, as plain text (for ``-f table -o FILE``)."""
    from rich.console import Console

    buffer = io.StringIO()
    draw(Console(file=buffer, width=width, color_system=None, highlight=False, force_terminal=False))
    return buffer.getvalue()


def show_table(draw: Callable[[Any], None], output: Path | None, messages: Messages | None = None) -> None:
    """Draw rich tables on the terminal, or as plain text into ``output``."""
    if output is None:
        from rich.console import Console

        draw(Console(highlight=False))
        return
    emit(rich_text(draw), output, messages)


def stdin_count(paths: list[Path] | list[str]) -> int:
    """How many times ``-`` is given; more than once is refused (standard input is read once)."""
    count = sum(1 for p in paths if str(p) == STDIN)
    if count > 1:
        raise InputError("standard input (-) can be read only once", key=STDIN)
    return count


@contextmanager
def scheduler_client(address: str | None, messages: Messages | None = None) -> Iterator[Any]:
    """A connected Dask client for ``--scheduler ADDRESS`` (None without one), closed afterwards.

    Connecting first means a run fails at once, exit 2, when the scheduler cannot be reached,
    whatever the work: a run never silently ignores its ``--scheduler``.
    """
    if address is None:
        yield None
        return
    from convenience.analysis.montecarlo.parallel import dask_client

    client, own = dask_client(address)
    try:
        if messages is not None:
            workers = len(client.scheduler_info().get("workers", {}))
            messages.detail(f"Dask scheduler {address}: {workers} workers")
        yield client
    finally:
        if own:
            client.close()
