"""``convenience solve``, ``validate``, ``schema`` and ``convert``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from convenience.budget import BudgetExceeded
from convenience.commands import budget_option, guarded, write_atomic
from convenience.errors import InputError


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


FILES = typer.Argument(..., help="Game files (YAML .yaml/.yml, Gambit .nfg/.efg) or directories of them.",
                       show_default=False)
SET = typer.Option(None, "--set", help="Override a parameter's baseline, e.g. --set k=2 (repeatable).",
                   metavar="NAME=VALUE")


def _print_table(result, console) -> None:
    from rich.table import Table

    from convenience.report.solution import component_text, equilibrium_rows

    header, rows = equilibrium_rows(result)
    title = getattr(result.game, "title", "")
    exactness = "exact" if result.exact else "float, verified by regret"
    table = Table(title=f"{title}\n({result.method}; {len(result.equilibria)} found; {exactness})",
                  title_justify="left")
    for h in header:
        table.add_column(h)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    for k, component in enumerate(result.components, 1):
        console.print(f"  component {k}: {component_text(component)}",
                      markup=False)
    for note in result.notes:
        console.print(f"  note: {note}", markup=False)


def register(app: typer.Typer) -> None:
    @app.command()
    @guarded
    def solve(
        files: List[Path] = FILES,
        method: str = typer.Option("auto", "--method", "-m", help="auto, pure, support-enumeration, "
                                   "vertex-enumeration, lemke-howson, lp, ... (trees: spe, subgame, "
                                   "normal-form, sequence-form, pbe)."),
        set_: Optional[List[str]] = SET,
        output: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Output format."),
        exact: Optional[bool] = typer.Option(None, "--exact/--float",
                                             help="Exact rational arithmetic, or the float path (verified by "
                                                  "regret). Default: exact when every payoff is rational."),
        normal_form: bool = typer.Option(False, "--normal-form", help="For trees: show the reduced "
                                         "strategic form and solve it."),
        option: Optional[List[str]] = typer.Option(None, "--option", "-O", metavar="KEY=VALUE",
                                                   help="A method option, e.g. -O initial_dropped_label=2 "
                                                        "(repeatable; see docs/algorithms.md)."),
        budget: Optional[str] = budget_option(),
    ) -> None:
        """Find and verify the equilibria of each game."""
        from convenience.equilibria import solve_game
        from convenience.pipeline import load_library
        from convenience.spec import parse_assignments

        options = parse_options(option)
        results = []
        library = load_library(files, parse_assignments(set_), own_overrides=False)
        if not library.games:
            raise InputError("no game found (files with players:, tree:, stage: or types:)",
                             file=", ".join(map(str, files)))
        for path, game in library.games:
            if normal_form:
                game = _reduced(game)
            try:
                results.append(solve_game(game, method=method, exact=exact, **options))
            except BudgetExceeded as error:  # name the file: several may be solved
                raise error.located(str(path)) from None
            except TypeError as error:
                if "unexpected keyword argument" not in str(error):
                    raise
                raise InputError(f"method '{method}' does not take that option ({error})", key="--option") from None
        if output is OutputFormat.json:
            data = [r.to_dict() for r in results]
            typer.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
        elif output is OutputFormat.markdown:
            from convenience.report.solution import result_markdown

            typer.echo("\n".join(result_markdown(r) for r in results), nl=False)
        else:
            from rich.console import Console

            console = Console(highlight=False)
            for result in results:
                if normal_form:
                    _print_strategic_form(result.game, console)
                _print_table(result, console)

    @app.command()
    @guarded
    def validate(files: List[Path] = FILES, set_: Optional[List[str]] = SET) -> None:
        """Check game files without solving them."""
        from convenience.api import load
        from convenience.spec import expand_paths, parse_assignments

        overrides = parse_assignments(set_)
        failed = 0
        paths = expand_paths(files)
        if not paths:
            raise InputError("no game found (files with players:, tree:, stage: or types:)",
                             file=", ".join(map(str, files)))
        for path in paths:
            try:
                game = load(path, overrides)
            except InputError as error:
                typer.echo(f"error: {error}", err=True)
                failed += 1
                continue
            typer.echo(f"ok: {path}: {_describe(game)}")
            for warning in getattr(game, "warnings", ()):
                typer.echo(f"warning: {warning}", err=True)
        if failed:
            raise typer.Exit(2)

    @app.command()
    @guarded
    def schema(output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to a file.")) -> None:
        """Print the JSON Schema of game files (for editor validation and completion)."""
        from convenience.spec.schema import game_schema

        if output:
            from convenience.commands.output import check_output_file

            check_output_file(output)
        text = json.dumps(game_schema(), indent=2) + "\n"
        if output:
            write_atomic(output, text)
        else:
            typer.echo(text, nl=False)

    @app.command()
    @guarded
    def convert(
        source: Path = typer.Argument(..., help="Game file to read (.yaml, .nfg, .efg)."),
        output: Path = typer.Option(..., "--output", "-o", help="File to write; its suffix picks the "
                                    "format (.yaml, .nfg, .efg)."),
        set_: Optional[List[str]] = SET,
    ) -> None:
        """Convert between YAML and Gambit's .nfg/.efg (parameters are fixed at their values)."""
        from convenience.api import load
        from convenience.commands.output import check_output_file
        from convenience.spec import parse_assignments
        from convenience.spec.convert import convert_game

        check_output_file(output, [source])
        game = load(source, parse_assignments(set_))
        text = convert_game(game, output.suffix.lower(), str(output))
        write_atomic(output, text)
        typer.echo(f"wrote {output}")


def parse_options(items: list[str] | None) -> dict:
    """``["seed=3", "cross_check=false"]`` to ``{"seed": 3, "cross_check": False}``."""
    options: dict = {}
    for item in items or []:
        key, sep, text = item.partition("=")
        key, text = key.strip(), text.strip()
        if not sep or not key.isidentifier() or not text:
            raise InputError(f"--option expects KEY=VALUE with KEY a name, got '{item}'", key="--option")
        lowered = text.lower()
        if lowered in ("true", "false"):
            options[key] = lowered == "true"
            continue
        for convert in (int, float):
            try:
                options[key] = convert(text)
                break
            except ValueError:
                continue
        else:
            options[key] = text
    return options


def _reduced(game):
    if getattr(game, "kind", "normal") != "tree":
        raise InputError("--normal-form applies to game trees only", key="--normal-form")
    from convenience.extensive import reduced_normal_form

    return reduced_normal_form(game.at() if hasattr(game, "at") else game)


def _print_strategic_form(game, console) -> None:
    from rich.table import Table

    from convenience.results import format_number

    if game.n_players != 2:
        console.print(f"reduced strategic form: {' x '.join(map(str, game.shape))} strategies", markup=False)
        return
    table = Table(title=f"Reduced strategic form ({game.players[0]} rows, {game.players[1]} columns)",
                  title_justify="left")
    table.add_column("")
    for s in game.strategies[1]:
        table.add_column(s)
    for i, r in enumerate(game.strategies[0]):
        table.add_row(r, *[f"{format_number(game.payoffs[0][i, j])}, {format_number(game.payoffs[1][i, j])}"
                           for j in range(game.shape[1])])
    console.print(table)


def _describe(game) -> str:
    kind = getattr(game, "kind", "normal")
    parameters = len(getattr(game, "parameters", {}) or {})
    if kind == "normal":
        shape = " x ".join(str(len(s)) for s in game.strategies)
        return f"normal-form game '{game.title}', {len(game.players)} players, {shape}, {parameters} parameters"
    return f"{kind} game '{getattr(game, 'title', '')}', {parameters} parameters"
