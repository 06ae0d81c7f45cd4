"""The ``convenience`` command line: a thin Typer app over the library.

Every command lives in ``convenience.commands.<name>`` and registers itself here. This is the
only layer that prints, writes files or exits: exit 0 on success, 2 on bad input (one
message naming file, line and key), 1 on an internal error.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="convenience",
    help="Game-theoretic analysis of strategic dilemmas: solve YAML games, analyse sensitivity, write reports.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

COMMANDS = ("solve", "analyze", "report", "check", "explore")


def _version(value: bool) -> None:
    if value:
        from convenience import __version__

        typer.echo(f"convenience {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Game-theoretic analysis of strategic dilemmas."""


for _name in COMMANDS:
    try:
        _module = importlib.import_module(f"convenience.commands.{_name}")
    except ModuleNotFoundError as _error:  # a command whose module is not installed
        if _error.name != f"convenience.commands.{_name}":
            raise
        continue
    _module.register(app)


#: The cyclic garbage collector's first threshold in the command-line tool: allocations (net
#: of deallocations) between two collections of the youngest objects (Python's default: 700).
#: Reading and solving a large game creates hundreds of thousands of small objects (fractions,
#: lists, dictionaries) that live until the end and hold no cycles; with the default the
#: collector scans them again and again (about a tenth of the time of solving a 200,000-node
#: tree, ``benchmarks/bench_efg.py``). Collections still happen, only less often.
GC_THRESHOLD = 10_000


def main() -> None:
    """Console-script entry point."""
    import gc

    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    app()
