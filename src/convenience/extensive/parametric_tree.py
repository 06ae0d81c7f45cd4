"""A game tree as written in a file: payoffs and chance probabilities as expressions.

:class:`ParametricTree` is to trees what :class:`~convenience.parametric.ParametricGame` is to
tables: labels, parameters (baselines, ranges, sources) and the nested
:class:`~convenience.extensive.tree.Node` structure whose payoffs and probabilities are
:class:`~convenience.expressions.Expression` objects. ``at(values)`` evaluates them into a flat
numeric :class:`~convenience.extensive.tree.GameTree` (exact when everything is rational).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from convenience.display import NotebookDisplay
from convenience.extensive.tree import GameTree, Node, TreeLayout

if TYPE_CHECKING:
    from convenience.parametric import Number, Parameter


@dataclass(frozen=True, eq=False)
class ParametricTree(NotebookDisplay):
    """An extensive-form game with expression payoffs (``kind: tree`` files, ``.efg`` files).

    ``types`` (Bayesian games) maps a player to its type names and prior expressions; the tree
    in ``root`` already contains the chance move that draws the types. ``warnings`` holds
    notes found while reading (chance probabilities that can leave [0, 1] within the
    declared parameter ranges).
    """

    title: str
    players: tuple[str, ...]
    root: Node
    parameters: dict[str, Parameter] = field(default_factory=dict)
    description: str = ""
    source: tuple[str, ...] = ()
    expect: tuple = ()
    file: str | None = None
    sources: dict = field(default_factory=dict)
    types: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    numeric_tree: GameTree | None = field(default=None, repr=False)  # laid out once (a file without parameters)

    kind = "tree"

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def n_nodes(self) -> int:
        if self.numeric_tree is not None:
            return self.numeric_tree.n_nodes
        return sum(1 for _ in self.root.walk())

    @property
    def is_constant(self) -> bool:
        """True when no payoff or probability depends on a parameter."""
        if self.numeric_tree is not None:
            return True
        for node in self.root.walk():
            for e in list(node.payoffs.values()) + list(node.probs):
                if getattr(e, "parameters", None):
                    return False
        return True

    def baseline(self) -> dict[str, Number]:
        return {name: p.value for name, p in self.parameters.items()}

    def values(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Baseline values with some replaced; unknown names are an error."""
        from convenience.parametric import parameter_values

        return parameter_values(self.parameters, overrides, self.file)

    def at(self, values: Mapping[str, Any] | None = None) -> GameTree:
        """The numeric tree at the baseline with ``values`` overriding some parameters (the
        nodes are laid out once per tree, :class:`~convenience.extensive.tree.TreeLayout`; a
        tree without parameters read straight into arrays is the tree laid out when read)."""
        if self.numeric_tree is not None:
            self.values(values)  # an unknown name is an error, as for any tree
            return self.numeric_tree
        tree = self.layout().at(self.values(values))
        if self.types:
            object.__setattr__(tree, "bayesian", True)
        return tree

    def layout(self) -> TreeLayout:
        """The flat layout of the nodes, made on first use and remembered (outside the object,
        so that a pickled tree stays as it was)."""
        with _layouts_lock:
            found = _layouts.get(self)
        if found is None or found.root is not self.root or found.players != tuple(self.players) \
                or found.title != self.title or found.file != self.file:
            found = TreeLayout(self.root, self.players, title=self.title, file=self.file)
            with _layouts_lock:
                _layouts[self] = found
        return found


_layouts: weakref.WeakKeyDictionary[ParametricTree, TreeLayout] = weakref.WeakKeyDictionary()
_layouts_lock = threading.Lock()
