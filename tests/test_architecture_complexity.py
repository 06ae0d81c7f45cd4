"""Every function in ``src/convenience`` stays readable: cyclomatic complexity at most 30.

The count is McCabe's number as radon gives it (``radon cc``): 1, plus one for each ``if``,
``elif`` and conditional expression, each loop (and a loop's ``else``), each ``except`` (and a
``try``'s ``else``), each boolean operand after the first, each comprehension's ``for`` and
``if``, each ``assert`` and each ``case`` of a ``match`` but a catch-all; a function defined
inside another counts on its own. ruff's C901 (pyproject) counts differently (no boolean
operands, nested functions included) and runs as well.

A function waiting to be broken into named steps may be listed in :data:`WAITING` with its
count, which may only go down; it leaves the list once it is at most the limit (none today).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "convenience"
LIMIT = 30
#: ``module path: function`` -> its complexity today.
WAITING: dict[str, int] = {}

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _decisions(node: ast.AST) -> int:
    """Decision points in ``node`` and below, leaving out functions and classes defined there."""
    if isinstance(node, _NESTED):
        return 0
    if isinstance(node, ast.Assert):
        return 1
    count = 0
    if isinstance(node, ast.Try):
        count = len(node.handlers) + bool(node.orelse)
    elif isinstance(node, ast.BoolOp):
        count = len(node.values) - 1
    elif isinstance(node, (ast.If, ast.IfExp)):
        count = 1
    elif isinstance(node, ast.Match):
        catch_all = any(getattr(case.pattern, "pattern", False) is None for case in node.cases)
        count = max(0, len(node.cases) - catch_all)
    elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        count = 1 + bool(node.orelse)
    elif isinstance(node, ast.comprehension):
        count = 1 + len(node.ifs)
    return count + sum(_decisions(child) for child in ast.iter_child_nodes(node))


def complexity(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """The cyclomatic complexity of one function's body."""
    return 1 + sum(_decisions(statement) for statement in function.body)


def complexities(root: Path = PACKAGE) -> dict[str, int]:
    """``module path: qualified name`` -> complexity, for every function and method under
    ``root`` (nested ones too, as ``outer.inner``)."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, module: str, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                if not isinstance(child, ast.ClassDef):
                    found[f"{module}:{name}"] = complexity(child)
                visit(child, module, name + ".")
            else:
                visit(child, module, prefix)

    for path in sorted(root.rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8")), path.relative_to(root).as_posix(), "")
    return found


def test_no_function_is_more_complex_than_the_limit():
    found = complexities()
    over = {key: value for key, value in found.items() if value > LIMIT and key not in WAITING}
    assert not over, f"break these functions into named steps (complexity > {LIMIT}): {over}"


def test_functions_waiting_to_be_split_do_not_grow():
    found = complexities()
    grown = {key: (found.get(key), ceiling) for key, ceiling in WAITING.items()
             if key in found and found[key] > ceiling}
    assert not grown, f"(now, allowed): {grown}"
    done = [key for key in WAITING if found.get(key, 0) <= LIMIT]
    assert not done, f"within the limit now: take them off WAITING: {done}"


def test_the_count_follows_the_textbook(tmp_path):
    source = '''
def simple(x):
    return x

def branchy(x, items):
    if x and items or not x:          # if: 1, two boolean operators: 2
        pass
    elif x:                           # 1
        pass
    for item in items:                # 1
        pass
    else:                             # the loop's else: 1
        pass
    while x:                          # 1
        x -= 1
    try:
        pass
    except ValueError:                # 1
        pass
    except KeyError:                  # 1
        pass
    y = [i for i in items if i if x]  # for: 1, two ifs: 2
    assert y                          # 1
    z = 1 if x else 2                 # 1

    def inner(v):                     # counted on its own
        if v:
            return v
    return z
'''
    (tmp_path / "module.py").write_text(source, encoding="utf-8")
    found = complexities(tmp_path)
    assert found == {"module.py:simple": 1, "module.py:branchy": 15, "module.py:branchy.inner": 2}
    assert [key for key, value in found.items() if value > 14] == ["module.py:branchy"]
