"""Games are typed, and code asks a game its kind in one place only.

A game is a :data:`convenience.game.Game`: code that accepts a game says which (``Game``, a
parametric one, or the one class it handles) and code whose work depends on the kind of game
asks :mod:`convenience.game` (``game_kind``, ``is_normal``, ``is_tree``, ``is_repeated``,
``is_parametric``, ``stage_game``, ``strategic``). This test fails when a game goes untyped again
(a ``game`` annotated ``Any``) or when a kind is guessed from the attributes a game happens to
have (``hasattr(game, ...)``, ``hasattr(x, "stage")``, ``getattr(game, "kind")``).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "convenience"

#: Attributes whose presence tells one kind of game from another (a repeated game's stage game,
#: a tree's root, a parametric game's ``at``, a strategic form's payoffs): probing them with
#: ``hasattr`` is a second dispatch on the kind of game.
KIND_ATTRIBUTES = frozenset({"stage", "root", "at", "expressions", "numeric_function", "float_payoffs", "payoffs",
                             "horizon", "discount", "punishment", "kind"})
#: The one module that reads a game's ``kind`` attribute.
DISPATCH = PACKAGE / "game.py"


def _is_any(annotation: ast.expr | None) -> bool:
    return (isinstance(annotation, ast.Name) and annotation.id == "Any") or (
        isinstance(annotation, ast.Constant) and annotation.value == "Any")


def _text(node: ast.expr) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def offences(source: str, dispatch: bool = False) -> list[tuple[int, str]]:
    """``(line, what)`` for every untyped game and every probe of a game's kind in ``source``
    (``dispatch``: the module that reads the kind, allowed ``getattr(game, "kind")``)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            for arg in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
                if arg is not None and arg.arg == "game" and _is_any(arg.annotation):
                    found.append((arg.lineno, f"game: Any (parameter of {node.name})"))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == "game" and _is_any(node.annotation):
                found.append((node.lineno, "game: Any (variable)"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) >= 2:
            subject, attribute = node.args[0], _text(node.args[1])
            named_game = isinstance(subject, ast.Name) and subject.id == "game"
            if node.func.id == "hasattr" and (named_game or attribute in KIND_ATTRIBUTES):
                found.append((node.lineno, f"hasattr({ast.unparse(subject)}, {attribute!r})"))
            if node.func.id == "getattr" and named_game and attribute == "kind" and not dispatch:
                found.append((node.lineno, "getattr(game, 'kind')"))
    return sorted(found)


def test_no_untyped_game_and_no_probe_of_its_kind() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for line, what in offences(path.read_text(encoding="utf-8"), dispatch=path == DISPATCH):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {what}")
    assert not found, ("type the game (convenience.game: Game, ParametricAny or one class) and ask its kind "
                       "through convenience.game:\n" + "\n".join(found))


def test_the_scan_sees_each_offence() -> None:
    source = '''
def a(game: Any, other: Any) -> None:
    if hasattr(game, "players"):
        pass
    if hasattr(thing, "stage") or hasattr(thing, "label"):
        pass
    kind = getattr(game, "kind", None)


def b(*, game: "Any" = None) -> None:
    game: Any = 1
'''
    assert offences(source) == [
        (2, "game: Any (parameter of a)"),
        (3, "hasattr(game, 'players')"),
        (5, "hasattr(thing, 'stage')"),
        (7, "getattr(game, 'kind')"),
        (10, "game: Any (parameter of b)"),
        (11, "game: Any (variable)"),
    ]
    assert offences(source, dispatch=True)[-3:] == [(5, "hasattr(thing, 'stage')"), (10, "game: Any (parameter of b)"),
                                                    (11, "game: Any (variable)")]
    assert offences("def c(game: Game, tree: Any) -> None:\n    return hasattr(tree, 'label')\n") == []
