"""``convenience solve``, ``validate``, ``schema`` and ``convert``."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from convenience.budget import BudgetExceeded
from convenience.commands import budget_option, guarded, write_atomic
from convenience.commands.grammar import (
    QUIET,
    STDIN,
    VERBOSE,
    Command,
    Format,
    Messages,
    emit,
    files_argument,
    format_option,
    output_option,
    show_table,
    stdin_count,
)
from convenience.errors import InputError, did_you_mean
from convenience.game import Game, game_kind, is_parametric, is_tree
from convenience.json_text import dumps, iter_json

if TYPE_CHECKING:
    from convenience.normal_form import NormalFormGame

OutputFormat = Format  # the name this module used before the shared grammar

FILES = files_argument("Game files (YAML .yaml/.yml, Gambit .nfg/.efg) or directories of them.")

#: The options (``-O KEY=VALUE``) each method reads; every other key is refused. Methods that
#: hand the game on to another method (``dominance``, ``normal-form``, ``pbe``) also take the
#: options of the method they hand it to.
METHOD_OPTIONS: dict[str, tuple[str, ...]] = {
    "pure": (),
    "support-enumeration": ("max_support_profiles", "prune", "eliminate"),
    "vertex-enumeration": ("cross_check",),
    "lemke-howson": ("initial_dropped_label",),
    "lp": (),
    "dominance": ("then", "mixed"),
    "numerical": ("seed", "starts"),
    "spe": ("cap",),
    "backward-induction": ("cap",),
    "subgame": ("cap",),
    "normal-form": ("solver",),
    "sequence-form": (),
    "pbe": ("solver",),
    "grim-trigger": ("punishment", "target"),
    "finite": ("punishment", "horizon", "target"),
}
_HANDING_ON = ("dominance", "normal-form", "pbe")
_STRATEGIC = ("pure", "support-enumeration", "vertex-enumeration", "lemke-howson", "lp", "dominance", "numerical")
SET = typer.Option(None, "--set", help="Override a parameter's baseline, e.g. --set k=2 (repeatable).",
                   metavar="NAME=VALUE")


#: Longest cell of the terminal table, in characters. A profile of a large tree (thousands of
#: information sets) would fill thousands of screens and take seconds to lay out; the table
#: shows its start and says how much is left and where the whole of it is.
MAX_CELL = 1_000


def fit_cell(cell: str, limit: int = MAX_CELL) -> str:
    """``cell`` if it has at most ``limit`` characters, else its start, cut after a whole entry
    (at a comma or semicolon), and how many characters are left out."""
    if len(cell) <= limit:
        return cell
    cut = max(cell.rfind(", ", 0, limit), cell.rfind("; ", 0, limit))
    cut = cut if cut > 0 else limit
    return f"{cell[:cut]} … ({len(cell) - cut:,} more characters; all of it with -f json or -f markdown)"


def _print_table(result, console) -> None:
    from rich.table import Table

    from convenience.report.solution import component_text, equilibrium_rows

    header, rows = equilibrium_rows(result)
    title = getattr(result.game, "title", "")
    exactness = "exact" if result.exact else "float, verified by regret"
    from convenience.solvers.indifferent import whole_strategy_space

    found = f"{len(result.equilibria)} found"
    if whole_strategy_space(result) is not None:
        found = f"every profile is an equilibrium; {len(result.equilibria)} listed"
    table = Table(title=f"{title}\n({result.method}; {found}; {exactness})",
                  title_justify="left")
    for h in header:
        table.add_column(h)
    for row in rows:
        table.add_row(*(fit_cell(cell) for cell in row))
    console.print(table)
    for k, component in enumerate(result.components, 1):
        console.print(f"  component {k}: {component_text(component)}",
                      markup=False)
    for note in result.notes:
        console.print(f"  note: {note}", markup=False)


def register(app: typer.Typer) -> None:
    @app.command(cls=Command)
    @guarded
    def solve(
        files: List[Path] = FILES,
        method: str = typer.Option("auto", "--method", "-m", help="auto, pure, support-enumeration, "
                                   "vertex-enumeration, lemke-howson, lp, ... (trees: spe, subgame, "
                                   "normal-form, sequence-form, pbe)."),
        set_: Optional[List[str]] = SET,
        output_format: Format = format_option(),
        output: Optional[Path] = output_option(),
        exact: Optional[bool] = typer.Option(None, "--exact/--float",
                                             help="Exact rational arithmetic, or the float path (verified by "
                                                  "regret). Default: exact when every payoff is rational."),
        normal_form: bool = typer.Option(False, "--normal-form", help="For trees: show the reduced "
                                         "strategic form and solve it."),
        option: Optional[List[str]] = typer.Option(None, "--option", "-O", metavar="KEY=VALUE",
                                                   help="A method option, e.g. -O initial_dropped_label=2 "
                                                        "(repeatable; see docs/algorithms.md)."),
        budget: Optional[str] = budget_option(),
        quiet: bool = QUIET,
        verbose: bool = VERBOSE,
    ) -> None:
        """Find and verify the equilibria of each game."""
        run_solve(files, method, set_, output_format, output, exact, normal_form, option, quiet, verbose)

    @app.command(cls=Command)
    @guarded
    def validate(files: List[Path] = FILES, set_: Optional[List[str]] = SET,
                 output_format: Format = format_option(), output: Optional[Path] = output_option(),
                 quiet: bool = QUIET, verbose: bool = VERBOSE) -> None:
        """Check game files without solving them."""
        run_validate(files, set_, output_format, output, quiet, verbose)

    @app.command(cls=Command)
    @guarded
    def schema(output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to a file.")) -> None:
        """Print the JSON Schema of game files (for editor validation and completion)."""
        from convenience.spec.schema import game_schema

        if output:
            from convenience.commands.output import check_output_file

            check_output_file(output)
        text = dumps(game_schema()) + "\n"
        if output:
            write_atomic(output, text)
        else:
            typer.echo(text, nl=False)

    @app.command(cls=Command)
    @guarded
    def convert(
        source: Path = typer.Argument(..., metavar="FILE", help="Game file to read (.yaml, .nfg, .efg)."),
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


def run_solve(files: List[Path], method: str, set_: Optional[List[str]], output_format: Format,
              output: Optional[Path], exact: Optional[bool], normal_form: bool, option: Optional[List[str]],
              quiet: bool, verbose: bool) -> None:
    """``convenience solve``: solve every game given and show the verified equilibria (the work
    budget, ``--budget``, is set by :func:`~convenience.commands.guarded`)."""
    from convenience.equilibria import solve_game
    from convenience.pipeline import load_library
    from convenience.spec import parse_assignments

    messages = Messages(quiet, verbose)
    stdin_count(files)
    options = parse_options(option)
    check_method_options(method, options)
    results = []
    if output is not None:
        from convenience.commands.output import check_output_file

        check_output_file(output, [f for f in files if str(f) != STDIN])
    library = load_library(files, parse_assignments(set_), own_overrides=False)
    if not library.games:
        raise InputError("no game found (files with players:, tree:, stage: or types:)",
                         file=", ".join(map(str, files)))
    for path, game in library.games:
        messages.detail(f"solving {path}")
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
        messages.detail(f"  {results[-1].method}: {len(results[-1].equilibria)} equilibria")
    if output_format is Format.json:
        data = [r.to_dict(lazy=True) for r in results]  # each equilibrium made as it is written
        emit(itertools.chain(iter_json(data[0] if len(data) == 1 else data, ensure_ascii=False), ["\n"]),
             output, messages)
    elif output_format is Format.markdown:
        from convenience.report.solution import result_markdown

        emit("\n".join(result_markdown(r) for r in results), output, messages)
    else:
        def draw(console) -> None:
            for result in results:
                if normal_form:
                    _print_strategic_form(result.game, console)
                _print_table(result, console)

        show_table(draw, output, messages)


def run_validate(files: List[Path], set_: Optional[List[str]], output_format: Format, output: Optional[Path],
                 quiet: bool, verbose: bool) -> None:
    """``convenience validate``: read every game given and list it, or the errors found in it."""
    from convenience.api import load
    from convenience.spec import expand_paths, parse_assignments

    messages = Messages(quiet, verbose)
    overrides = parse_assignments(set_)
    stdin_count(files)
    if output is not None:
        from convenience.commands.output import check_output_file

        check_output_file(output, [f for f in files if str(f) != STDIN])
    paths = expand_paths(files)
    if not paths:
        raise InputError("no game found (files with players:, tree:, stage: or types:)",
                         file=", ".join(map(str, files)))
    rows: list[dict] = []
    for path in paths:
        try:
            game = read_stdin_game(overrides) if str(path) == STDIN else load(path, overrides)
        except InputError as error:
            errors = [error]
            if str(path) != STDIN and path.suffix.lower() in (".yaml", ".yml"):
                from convenience.spec.collect import file_errors

                errors = file_errors(path, error, overrides)
            rows.append({"file": str(path), "ok": False, "error": str(error),
                         "errors": [str(e) for e in errors]})
            continue
        rows.append({"file": str(path), "ok": True, "game": _describe(game),
                     "warnings": [str(w) for w in getattr(game, "warnings", ())]})
    if output_format is Format.json:
        emit(dumps(rows, ensure_ascii=False) + "\n", output, messages)
    elif output_format is Format.markdown:
        emit("".join(f"- {'ok' if r['ok'] else 'error'}: `{r['file']}`: "
                     f"{_escape(r.get('game') or '; '.join(r.get('errors', ())))}\n"
                     + "".join(f"  - warning: {_escape(w)}\n" for w in r.get("warnings", ()))
                     for r in rows), output, messages)
    else:
        emit("".join(f"ok: {r['file']}: {r['game']}\n" for r in rows if r["ok"]), output, messages)
    if output_format is Format.table or output is not None:
        for r in rows:  # errors and warnings on standard error, as ever
            for line in r.get("errors", ()):
                typer.echo(f"error: {line}", err=True)
            for warning in r.get("warnings", ()):
                messages.info(f"warning: {warning}")
    if any(not r["ok"] for r in rows):
        raise typer.Exit(2)


def read_stdin_game(overrides: dict | None = None):
    """The game on standard input (YAML, or Gambit .nfg/.efg text), named ``<stdin>``."""
    from convenience.spec import game_from_text, read_stdin

    return game_from_text(read_stdin(), "<stdin>", overrides)


def _escape(text: str) -> str:
    """Markdown-safe text for list items (no markup from labels or messages)."""
    from convenience.report.text import prose

    return prose(text)


def check_method_options(method: str, options: dict) -> None:
    """Refuse ``-O`` keys no method reads (with a did-you-mean), and keys the chosen method
    does not read."""
    known = sorted({key for keys in METHOD_OPTIONS.values() for key in keys})
    for key in options:
        if key not in known:
            raise InputError(f"unknown option '{key}'{did_you_mean(key, known)}; method options: "
                             f"{', '.join(known)} (see docs/algorithms.md)", key=f"-O {key}")
        if method in METHOD_OPTIONS:
            takes = set(METHOD_OPTIONS[method])
            if method in _HANDING_ON:
                takes.update(k for m in _STRATEGIC for k in METHOD_OPTIONS[m])
            if key not in takes:
                raise InputError(f"method '{method}' takes no option '{key}'"
                                 f"{'; it takes ' + ', '.join(sorted(takes)) if takes else ''}",
                                 key=f"-O {key}")


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


def _reduced(game: Game) -> NormalFormGame:
    if not is_tree(game):
        raise InputError("--normal-form applies to game trees only", key="--normal-form")
    from convenience.extensive import reduced_normal_form

    return reduced_normal_form(game.at() if is_parametric(game) else game)


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
    kind = game_kind(game)
    parameters = len(getattr(game, "parameters", {}) or {})
    if kind == "normal":
        shape = " x ".join(str(len(s)) for s in game.strategies)
        return f"normal-form game '{game.title}', {len(game.players)} players, {shape}, {parameters} parameters"
    return f"{kind} game '{getattr(game, 'title', '')}', {parameters} parameters"
