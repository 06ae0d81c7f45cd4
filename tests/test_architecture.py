"""The import graph of ``src/convenience`` keeps the architecture's shape.

Every module belongs to one layer; a module imports only from its own layer or the ones below:

    foundation  errors, budget, yamlio, expressions, numbers, processes (no game in sight)
    game types  normal_form, parametric, results, game, a tree and its strategies, a repeated game
    spec        files read into game types and written back (YAML, Gambit)
    solvers     equilibria of a game: solvers/, extensive/, repeated/, equilibria
    analysis    what holds around the baseline: analysis/, expectations/
    pipeline    pipeline (one analysis of a game), api (the library's front door)
    report      Markdown and figures from a finished analysis
    explore     the interactive explorer
    commands    the command line: commands/, cli

Three more rules: no import cycle between modules, counting imports inside functions (only
imports under ``if TYPE_CHECKING:`` are left out, since they never run); no module imports
another module's private (``_underscored``) name, nor a private module of another package.
The one sanctioned upward reach is a notebook display hook (``_repr_markdown_`` or
``to_markdown`` on a result) borrowing report/'s renderer when a notebook asks for it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "convenience"

LAYERS: dict[str, tuple[str, ...]] = {
    "foundation": ("convenience", "convenience.errors", "convenience.budget", "convenience.processes",
                   "convenience.yamlio", "convenience.expressions"),
    "game types": ("convenience.display", "convenience.normal_form", "convenience.parametric", "convenience.results", "convenience.game",
                   "convenience.extensive.tree", "convenience.extensive.parametric_tree",
                   "convenience.extensive.behaviour", "convenience.extensive.pure_profiles", "convenience.extensive.reduced",
                   "convenience.repeated.game"),
    "spec": ("convenience.spec",),
    "solvers": ("convenience.solvers", "convenience.extensive", "convenience.repeated", "convenience.equilibria"),
    "analysis": ("convenience.analysis", "convenience.expectations"),
    "pipeline": ("convenience.pipeline", "convenience.api"),
    "report": ("convenience.report",),
    "explore": ("convenience.explore",),
    "commands": ("convenience.commands", "convenience.cli", "convenience.__main__"),
}
RANK = {layer: rank for rank, layer in enumerate(LAYERS)}
DISPLAY_HOOKS = {"_repr_markdown_", "_repr_html_", "to_markdown"}


@dataclass(frozen=True)
class Import:
    """One ``import`` statement's target, as seen from the importing module."""

    source: str  # importing module
    target: str  # imported module (a name imported from a module counts as the module)
    name: str  # the imported name ('' for a plain module import)
    line: int
    function: str  # enclosing function ('' at module level)
    type_only: bool  # under ``if TYPE_CHECKING:``


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str:
    """The layer of ``module``: the longest prefix named in :data:`LAYERS`."""
    best, length = None, -1
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > length:
                best, length = layer, len(prefix)
    assert best is not None, f"{module} belongs to no layer; add it to LAYERS"
    return best


def _absolute(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str) -> None:
        self.module = module
        self.imports: list[Import] = []
        self.functions: list[str] = []
        self.type_only = 0

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        guarded = (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
        self.type_only += guarded
        for child in node.body:
            self.visit(child)
        self.type_only -= guarded
        for child in node.orelse:
            self.visit(child)

    def _add(self, target: str, name: str, line: int) -> None:
        function = self.functions[-1] if self.functions else ""
        self.imports.append(Import(self.module, target, name, line, function, self.type_only > 0))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] == "convenience":
                self._add(alias.name, "", node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        target = _absolute(self.module, node)
        if target.split(".")[0] != "convenience":
            return
        for alias in node.names:
            submodule = f"{target}.{alias.name}"
            if submodule in MODULES:
                self._add(submodule, "", node.lineno)
            else:
                self._add(target, alias.name, node.lineno)


def all_imports() -> list[Import]:
    found: list[Import] = []
    for module, path in MODULES.items():
        collector = _Collector(module)
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        found.extend(collector.imports)
    return found


IMPORTS = all_imports()


def _where(imp: Import) -> str:
    inside = f" (in {imp.function})" if imp.function else ""
    return f"{imp.source}:{imp.line}{inside} imports {imp.target}{'.' + imp.name if imp.name else ''}"


def test_every_module_has_a_layer_and_imports_exist():
    for module in MODULES:
        layer_of(module)
    missing = [_where(i) for i in IMPORTS if i.target not in MODULES]
    assert not missing, "\n".join(missing)


def test_no_import_goes_up_the_layers():
    upward = [f"{_where(i)}: {layer_of(i.source)} -> {layer_of(i.target)}" for i in IMPORTS
              if RANK[layer_of(i.target)] > RANK[layer_of(i.source)] and i.function not in DISPLAY_HOOKS]
    assert not upward, "\n".join(upward)


def test_no_private_name_crosses_a_module():
    private = [_where(i) for i in IMPORTS
               if i.name.startswith("_") and not i.name.startswith("__") and i.target != i.source]
    assert not private, "\n".join(private)


def test_private_modules_stay_inside_their_package():
    def package(module: str) -> str:
        return module.rsplit(".", 1)[0]

    outside = [_where(i) for i in IMPORTS
               if i.target.rsplit(".", 1)[-1].startswith("_") and not i.target.endswith("__")
               and package(i.target) != package(i.source)]
    assert not outside, "\n".join(outside)


def cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), over every import that runs."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for imp in IMPORTS:
        if not imp.type_only and imp.target != imp.source and imp.target in MODULES:
            graph[imp.source].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_no_import_cycles_even_inside_functions():
    found = cycles()
    assert not found, "\n".join(" <-> ".join(group) for group in found)


def test_the_checks_can_fail():
    """The collector sees imports inside functions, relative imports and TYPE_CHECKING guards."""
    source = ("from typing import TYPE_CHECKING\n"
              "if TYPE_CHECKING:\n    from convenience.report import build\n"
              "def f():\n    from ..solvers._common import _order\n")
    collector = _Collector("convenience.analysis.topology")
    collector.visit(ast.parse(source))
    (guarded, inner) = collector.imports
    assert guarded.type_only and guarded.target == "convenience.report.build"
    assert (inner.target, inner.name, inner.function, inner.type_only) == (
        "convenience.solvers._common", "_order", "f", False)
    assert layer_of("convenience.report.build") == "report" and layer_of("convenience.extensive.tree") == "game types"
    assert RANK["report"] > RANK["analysis"]
