"""``convenience explore``: an interactive HTML page for one game."""

from __future__ import annotations

from pathlib import Path

import typer

from convenience.commands import guarded
from convenience.errors import InputError


def register(app: typer.Typer) -> None:
    @app.command()
    @guarded
    def explore(
        file: Path = typer.Argument(..., help="Game file (YAML).", show_default=False),
        output: Path | None = typer.Option(None, "--output", "-o",
                                              help="Page to write (default: the game's name with .html, "
                                                   "beside the game file)."),
    ) -> None:
        """Write a self-contained interactive page: sliders over every parameter, live equilibria."""
        from convenience.api import load
        from convenience.commands.output import check_output_file, write_file
        from convenience.explore import explore_page
        from convenience.explore.data import Unsupported

        output = output if output is not None else file.with_suffix(".html")
        check_output_file(output, [file])
        game = load(file)
        try:
            page = explore_page(game, file.name)
        except Unsupported as error:
            raise InputError(f"the explorer cannot show this game: {error}", file=str(file)) from None
        write_file(output, page)
        typer.echo(f"wrote {output}")
