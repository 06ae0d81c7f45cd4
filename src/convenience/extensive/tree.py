"""Game trees: a nested specification for building, flat arrays for solving.

A tree is written (YAML, Gambit ``.efg``) as nested :class:`Node` objects whose payoffs and
chance probabilities are :class:`~convenience.expressions.Expression` objects. Evaluating them
at parameter values gives a :class:`GameTree`: the same tree laid out **breadth first** in flat
numpy arrays, so that the children of every node are contiguous and every depth level is one
contiguous slice. Solvers walk levels with array operations instead of recursing over node
objects, which is what makes backward induction on a million nodes take milliseconds.

Conventions of :class:`GameTree` (``n`` nodes, node 0 the root):

* ``mover[v]`` is the index of the player moving at ``v``, ``CHANCE`` (-1) or ``TERMINAL`` (-2);
* ``first_child[v]`` and ``n_children[v]``: the children of ``v`` are nodes
  ``first_child[v] .. first_child[v] + n_children[v] - 1`` (in action order);
* ``parent[v]`` and ``action[v]``: the node above ``v`` and the index of the action leading to it;
* ``prob[v]``: the probability of the chance move into ``v`` (1 below decision nodes);
* ``payoffs[v, i]``: player ``i``'s payoff at terminal ``v`` (the sum of every outcome on the
  path, as in Gambit, where inner nodes may carry incremental outcomes); zero at inner nodes;
* ``infoset[v]``: the information set of a decision node, an index into ``infosets``; ``-1`` for
  chance and terminal nodes;
* ``levels``: ``levels[d] .. levels[d+1]-1`` are the nodes at depth ``d``.

Exact trees hold ``fractions.Fraction`` in object arrays (payoffs and probabilities); float
trees hold float64.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from convenience.display import NotebookDisplay

CHANCE = -1
TERMINAL = -2
#: Largest tree read from a game file (nodes); the array solvers themselves have no limit.
MAX_NODES = 200_000
#: Deepest tree read from a game file (moves from the root to a leaf).
MAX_DEPTH = 60


@dataclass
class Node:
    """One node of a tree as written: decision (``player``), chance or terminal.

    ``payoffs`` maps player names to expressions of the outcome attached to this node (for a
    terminal, its payoffs; for an inner node, an incremental outcome added to every terminal
    below). ``probs`` (chance nodes) holds one expression per action. ``where`` is
    ``(line, column, key)`` of the node in its file, ``action_where`` the same per action.
    """

    kind: str  # "decision", "chance" or "terminal"
    player: str | None = None
    info: str | None = None
    actions: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    probs: list[Any] = field(default_factory=list)
    payoffs: dict[str, Any] = field(default_factory=dict)
    name: str | None = None
    where: tuple = (None, None, None)
    action_where: list[tuple] = field(default_factory=list)
    label: str = ""  # default information-set label (path of actions), filled by the loader
    prob_where: list[tuple] = field(default_factory=list)  # (line, column, key) of each probability

    def walk(self):
        """Every node of the subtree, preorder."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass(frozen=True)
class Infoset:
    """An information set: who moves, its label, its actions, and its nodes (indices)."""

    player: int
    label: str
    actions: tuple[str, ...]
    nodes: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class GameTree(NotebookDisplay):
    """A numeric game tree in breadth-first flat arrays (see the module docstring)."""

    players: tuple[str, ...]
    mover: np.ndarray
    parent: np.ndarray
    action: np.ndarray
    first_child: np.ndarray
    n_children: np.ndarray
    prob: np.ndarray
    payoffs: np.ndarray
    infoset: np.ndarray
    infosets: tuple[Infoset, ...] = ()
    chance_actions: dict = field(default_factory=dict)  # node -> tuple of outcome labels
    names: dict = field(default_factory=dict)  # node -> name written in the file
    where: Mapping = field(default_factory=dict)  # node -> (line, column, key)
    title: str = ""
    file: str | None = None
    bayesian: bool = False  # drawn from a file's ``types:`` (the chance root draws the types)

    kind = "tree"

    # -- shape ------------------------------------------------------------------------------
    @property
    def n_nodes(self) -> int:
        return int(self.mover.shape[0])

    @property
    def n_players(self) -> int:
        return len(self.players)

    @property
    def is_exact(self) -> bool:
        return self.payoffs.dtype == object

    @cached_property
    def depth(self) -> np.ndarray:
        depth = np.zeros(self.n_nodes, dtype=np.int64)
        for lo, hi in zip(self.levels[:-1], self.levels[1:]):
            if lo:
                depth[lo:hi] = depth[self.parent[lo:hi]] + 1
        return depth

    @cached_property
    def levels(self) -> np.ndarray:
        """Start index of each depth level, plus ``n`` at the end."""
        starts = [0]
        end = 1
        n = self.n_nodes
        while end < n:
            lo = starts[-1]
            inner = self.n_children[lo:end] > 0
            if not inner.any():
                break
            last = np.flatnonzero(inner)[-1] + lo
            starts.append(end)
            end = int(self.first_child[last] + self.n_children[last])
        starts.append(n)
        return np.asarray(starts, dtype=np.int64)

    def inner_levels_bottom_up(self):
        """``(lo, hi, nxt, inner)`` for each level with decision or chance nodes, deepest first:
        the level's nodes are ``lo:hi``, their children lie in ``hi:nxt``, and ``inner`` indexes
        the nodes with children. The order of every backward-induction pass."""
        levels = self.levels
        for d in range(len(levels) - 3, -1, -1):
            lo, hi, nxt = int(levels[d]), int(levels[d + 1]), int(levels[d + 2])
            inner = np.flatnonzero(self.n_children[lo:hi] > 0) + lo
            if inner.size:
                yield lo, hi, nxt, inner

    @property
    def terminals(self) -> np.ndarray:
        return np.flatnonzero(self.mover == TERMINAL)

    @cached_property
    def is_perfect_information(self) -> bool:
        if isinstance(self.infosets, _LazyInfosets):
            return True
        return all(len(h.nodes) == 1 for h in self.infosets)

    def actions_at(self, node: int) -> tuple[str, ...]:
        """The action labels at an inner node."""
        h = int(self.infoset[node])
        if h >= 0:
            return self.infosets[h].actions
        return self.chance_actions.get(node) or tuple(str(k + 1) for k in range(int(self.n_children[node])))

    def children(self, node: int) -> range:
        start = int(self.first_child[node])
        return range(start, start + int(self.n_children[node]))

    def path(self, node: int) -> list[int]:
        """Nodes from the root to ``node``."""
        out = [node]
        while self.parent[out[-1]] >= 0:
            out.append(int(self.parent[out[-1]]))
        return out[::-1]

    def path_label(self, node: int) -> str:
        """``"In/Fight"``: the actions from the root to ``node`` (``"start"`` for the root)."""
        steps = [self.actions_at(int(self.parent[v]))[int(self.action[v])] for v in self.path(node)[1:]]
        return "/".join(steps) if steps else "start"

    def node_label(self, node: int) -> str:
        """The node's name if it has one, else its path."""
        return self.names.get(node) or self.path_label(node)

    def infoset_label(self, h: int) -> str:
        return self.infosets[h].label

    def zero(self) -> Any:
        return Fraction(0) if self.is_exact else 0.0

    def one(self) -> Any:
        return Fraction(1) if self.is_exact else 1.0

    # -- structure --------------------------------------------------------------------------
    @cached_property
    def _recall(self) -> tuple[int, int, str] | None:
        """(information set, offending node, explanation) of the first perfect-recall failure."""
        if self.is_perfect_information:
            return None
        history = own_histories(self)
        for h, infoset in enumerate(self.infosets):
            first = history[infoset.nodes[0]]
            for v in infoset.nodes[1:]:
                if history[v] != first:
                    player = self.players[infoset.player]
                    return h, v, (f"imperfect recall: {player} cannot tell apart nodes of information set "
                                  f"'{infoset.label}' that follow different moves of its own "
                                  f"({_history_text(self, first)} versus {_history_text(self, history[v])})")
        return None

    @property
    def recall_problem(self) -> str | None:
        """Why the tree lacks perfect recall (``None`` when it has it).

        Perfect recall: all nodes of an information set share the mover's own history (the
        sequence of its own information sets and actions on the path).
        """
        return None if self._recall is None else self._recall[2]

    def require_perfect_recall(self, method: str) -> None:
        """Raise :class:`InputError` naming the information set if recall is imperfect."""
        if self._recall is None:
            return
        from convenience.errors import InputError

        _, v, problem = self._recall
        line, column, key = self.where.get(v, (None, None, None))
        raise InputError(f"{problem}; the {method} method needs perfect recall", file=self.file,
                         line=line, column=column, key=key)

    # -- behaviour-strategy layout -------------------------------------------------------------
    @cached_property
    def infoset_size(self) -> np.ndarray:
        """Number of actions at each information set."""
        if isinstance(self.infosets, _LazyInfosets):
            return self.n_children[self.infosets._decision]
        return np.asarray([len(h.actions) for h in self.infosets], dtype=np.int64)

    @cached_property
    def action_offset(self) -> np.ndarray:
        """Where each information set's actions start in a flat behaviour vector (plus the end)."""
        return np.concatenate(([0], np.cumsum(self.infoset_size))).astype(np.int64)

    @cached_property
    def infoset_player(self) -> np.ndarray:
        if isinstance(self.infosets, _LazyInfosets):
            return self.mover[self.infosets._decision]
        return np.asarray([h.player for h in self.infosets], dtype=np.int64)

    @cached_property
    def infoset_first_node(self) -> np.ndarray:
        if isinstance(self.infosets, _LazyInfosets):
            return self.infosets._decision
        return np.asarray([h.nodes[0] for h in self.infosets], dtype=np.int64)

    @cached_property
    def infoset_min_depth(self) -> np.ndarray:
        if isinstance(self.infosets, _LazyInfosets):
            return self.depth[self.infosets._decision]
        return np.asarray([int(self.depth[list(h.nodes)].min()) for h in self.infosets], dtype=np.int64)

    @cached_property
    def scaled_payoffs(self) -> tuple[np.ndarray, int]:
        """``(payoffs * scale, scale)`` of an exact tree: the payoffs as whole numbers over their
        common denominator ``scale``. Solvers compare and copy whole numbers many times faster
        than fractions, and order and ties are the same; computed once per tree."""
        flat = self.payoffs.ravel()
        scale = math.lcm(*{x.denominator for x in flat}) if flat.size else 1
        whole = [x.numerator for x in flat] if scale == 1 else [x.numerator * (scale // x.denominator) for x in flat]
        out = np.empty(flat.size, dtype=object)
        out[:] = whole
        return out.reshape(self.payoffs.shape), scale

    @cached_property
    def subgame_roots(self) -> np.ndarray:
        """Nodes that start a subgame (every information set below lies wholly below)."""
        return find_subgame_roots(self)


def own_histories(tree: GameTree) -> list[tuple]:
    """For every node, the tuple of (infoset, action) pairs of the player moving there."""
    n = tree.n_nodes
    # per node, per player history: store as dict player -> tuple, built top-down
    hist: list[dict[int, tuple]] = [dict() for _ in range(n)]
    out: list[tuple] = [()] * n
    for v in range(1, n):
        p = int(tree.parent[v])
        mover = int(tree.mover[p])
        h = hist[p]
        if mover >= 0:
            h = dict(h)
            h[mover] = h.get(mover, ()) + ((int(tree.infoset[p]), int(tree.action[v])),)
        hist[v] = h
    for v in range(n):
        if tree.mover[v] >= 0:
            out[v] = hist[v].get(int(tree.mover[v]), ())
    return out


def _history_text(tree: GameTree, history: tuple) -> str:
    if not history:
        return "no earlier move"
    return ", ".join(f"{tree.infosets[h].actions[a]} at '{tree.infosets[h].label}'" for h, a in history)


def find_subgame_roots(tree: GameTree) -> np.ndarray:
    """Roots of subgames: nodes whose subtree contains whole information sets only.

    A node ``v`` roots a subgame when every information set meeting the subtree of ``v`` lies
    inside it (and ``v`` itself is a singleton or chance node). Computed with preorder
    intervals: each information set has a smallest and largest preorder number, and ``v``
    qualifies when no set straddles its interval.
    """
    n = tree.n_nodes
    order, size = preorder(tree)
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n)
    ok = tree.mover != TERMINAL
    # preorder positions of every multi-node information set, sorted
    spans = [np.sort(pos[list(h.nodes)]) for h in tree.infosets if len(h.nodes) > 1]
    if not spans:
        return np.flatnonzero(ok)
    candidates = np.flatnonzero(ok)
    a = pos[candidates]
    b = a + size[candidates] - 1
    straddled = np.zeros(candidates.size, dtype=bool)
    for p in spans:  # a set straddles a subtree if some but not all of its nodes lie inside [a, b]
        inside = np.searchsorted(p, b, "right") - np.searchsorted(p, a, "left")
        straddled |= (inside > 0) & (inside < p.size)
    roots = candidates[~straddled]
    return np.asarray(roots, dtype=np.int64)


def preorder(tree: GameTree) -> tuple[np.ndarray, np.ndarray]:
    """Preorder node sequence and the subtree size of every node."""
    n = tree.n_nodes
    size = np.ones(n, dtype=np.int64)
    for lo, hi in reversed(list(zip(tree.levels[:-1], tree.levels[1:]))):
        if lo == 0:
            continue
        np.add.at(size, tree.parent[lo:hi], size[lo:hi])
    order = np.empty(n, dtype=np.int64)
    start = np.zeros(n, dtype=np.int64)  # preorder position of every node
    for lo, hi in zip(tree.levels[1:-1], tree.levels[2:]):
        lo, hi = int(lo), int(hi)
        par = tree.parent[lo:hi]
        sz = size[lo:hi]
        before = np.cumsum(sz) - sz  # sizes of the earlier nodes of this level
        group = tree.first_child[par] - lo  # each node's first sibling
        start[lo:hi] = start[par] + 1 + before - before[group]
    order[start] = np.arange(n)
    return order, size


def build_tree(root: Node, players: tuple[str, ...], values: dict[str, Any], *, title: str = "",
               file: str | None = None) -> GameTree:
    """Evaluate a :class:`Node` tree at parameter ``values`` into a flat :class:`GameTree`.

    Payoffs of inner nodes are added to every terminal below. The result is exact when every
    payoff and probability evaluates to a rational number. Evaluation errors (division by
    zero) are :class:`InputError` naming the node. (:class:`TreeLayout` lays the nodes out once
    for many evaluations.)
    """
    return TreeLayout(root, players, title=title, file=file).at(values)


class TreeLayout:
    """The flat layout of a :class:`Node` tree, made once: nodes in breadth-first order, movers,
    children, information sets, names and places, and the expressions left to evaluate (each
    node's own payoffs, each chance move's probabilities). :meth:`at` evaluates them at some
    parameter values into a :class:`GameTree`, as :func:`build_tree` does, without walking the
    nodes again: a tree solved at many points is laid out once."""

    def __init__(self, root: Node, players: tuple[str, ...], *, title: str = "", file: str | None = None) -> None:
        index = {p: i for i, p in enumerate(players)}
        nodes, parents, actions = _breadth_first(root)
        n = len(nodes)
        self.root, self.players, self.title, self.file = root, tuple(players), title, file
        self.parents = parents
        self.mover = np.empty(n, dtype=np.int64)
        self.first_child = np.full(n, -1, dtype=np.int64)
        self.n_children = np.zeros(n, dtype=np.int64)
        self.infoset = np.full(n, -1, dtype=np.int64)
        self.parent_array = np.asarray(parents, dtype=np.int64)
        self.action_array = np.asarray(actions, dtype=np.int64)
        sets = _InfosetTable()
        self.chance_actions: dict[int, tuple[str, ...]] = {}
        self.names: dict[int, str] = {}
        self.where: dict[int, tuple] = {}
        #: per node: its own payoff expressions ``(player, expression)`` and its place
        self.own_payoffs: list[tuple[tuple[str, Any], ...]] = []
        self.terminal: list[bool] = []
        #: per chance move, in node order: ``(first child, ((expression, place), ...))``
        self.chance: list[tuple[int, tuple[tuple[Any, tuple], ...]]] = []
        next_child = 1
        for v, node in enumerate(nodes):
            self.own_payoffs.append(tuple(node.payoffs.items()))
            self.terminal.append(node.kind == "terminal")
            if node.name:
                self.names[v] = node.name
            self.where[v] = node.where
            if node.children:
                self.first_child[v] = next_child
                self.n_children[v] = len(node.children)
                next_child += len(node.children)
            if node.kind == "terminal":
                self.mover[v] = TERMINAL
            elif node.kind == "chance":
                self.mover[v] = CHANCE
                self.chance_actions[v] = tuple(node.actions)
                self.chance.append((int(self.first_child[v]), tuple(
                    (e, node.action_where[a] if node.action_where else node.where) for a, e in enumerate(node.probs))))
            else:
                assert node.player is not None  # a decision node has a mover
                self.mover[v] = index[node.player]
                self.infoset[v] = sets.add(v, node, index[node.player])
        self.infosets = sets.infosets()

    def at(self, values: dict[str, Any]) -> GameTree:
        """The numeric tree at ``values`` (every parameter the expressions use)."""
        n = len(self.parents)
        value = _evaluator(values, self.file)
        players = self.players
        zero = Fraction(0)
        prob: list[Any] = [Fraction(1)] * n
        pay: list[list[Any]] = []
        running: list[dict[str, Any]] = [dict()] * n
        chance = iter(self.chance)
        for v in range(n):
            total = dict(running[self.parents[v]] if v else {})  # payoffs accumulated from the root
            where = self.where[v]
            for p, e in self.own_payoffs[v]:
                total[p] = total.get(p, zero) + value(e, where)
            running[v] = total
            pay.append([total.get(p, zero) for p in players] if self.terminal[v] else [zero] * len(players))
            if self.mover[v] == CHANCE:
                start, probs = next(chance)
                for a, (e, place) in enumerate(probs):
                    prob[start + a] = value(e, place)
        payoffs, probs_array = _number_arrays(pay, prob, len(players))
        return GameTree(players, self.mover.copy(), self.parent_array.copy(), self.action_array.copy(),
                        self.first_child.copy(), self.n_children.copy(), probs_array, payoffs, self.infoset.copy(),
                        self.infosets, dict(self.chance_actions), dict(self.names), dict(self.where), self.title,
                        self.file)


def _breadth_first(root: Node) -> tuple[list[Node], list[int], list[int]]:
    """The nodes in breadth-first order, each one's parent (-1 at the root) and the index of
    the action leading to it (-1 at the root): the layout of :class:`GameTree`."""
    nodes: list[Node] = [root]
    parents = [-1]
    actions = [-1]
    k = 0
    while k < len(nodes):
        for a, child in enumerate(nodes[k].children):
            nodes.append(child)
            parents.append(k)
            actions.append(a)
        k += 1
    return nodes, parents, actions


def _evaluator(values: dict[str, Any], file: str | None) -> Callable[[Any, tuple], Any]:
    """Evaluate a payoff or probability at ``values``: integers as exact fractions, an
    evaluation error as an :class:`InputError` at the node's place in ``file``."""
    from convenience.errors import InputError

    def value(expr: Any, where: tuple) -> Any:
        try:
            result = expr.evaluate(values) if hasattr(expr, "evaluate") else expr
        except (ZeroDivisionError, OverflowError, ValueError) as error:
            raise InputError(f"cannot evaluate {expr}: {error}", file=file, line=where[0], column=where[1],
                             key=where[2]) from None
        if isinstance(result, int):
            result = Fraction(result)
        return result

    return value


class _InfosetTable:
    """The information sets met while laying out a tree: decision nodes sharing an explicit
    ``info`` label form one set per player, any other node is its own; labels are kept unique
    per player."""

    def __init__(self) -> None:
        self.index: dict[tuple, int] = {}
        self.used_labels: set[tuple[int, str]] = set()
        self.members: list[list[int]] = []
        self.meta: list[tuple[int, str, tuple[str, ...]]] = []

    def add(self, v: int, node: Node, player: int) -> int:
        """Put decision node ``v`` of ``player`` into its set; the set's index."""
        key = (player, "info", node.info) if node.info else (player, "node", v)
        if key not in self.index:
            label = node.info or node.name or node.label or f"node {v}"
            if (player, label) in self.used_labels:
                label = f"{label} ({len(self.members) + 1})"
            self.used_labels.add((player, label))
            self.index[key] = len(self.members)
            self.members.append([])
            self.meta.append((player, label, tuple(node.actions)))
        h = self.index[key]
        self.members[h].append(v)
        return h

    def infosets(self) -> tuple[Infoset, ...]:
        return tuple(Infoset(p, label, acts, tuple(members))
                     for (p, label, acts), members in zip(self.meta, self.members))


def _number_arrays(pay: list[list[Any]], prob: list[Any], players: int) -> tuple[np.ndarray, np.ndarray]:
    """Payoffs and probabilities as arrays: exact fractions (object arrays) when every one is
    rational, floats otherwise."""
    n = len(pay)
    if all(isinstance(x, Fraction) for row in pay for x in row) and all(isinstance(x, Fraction) for x in prob):
        payoffs = np.empty((n, players), dtype=object)
        for v, row in enumerate(pay):
            payoffs[v, :] = row
        probs = np.empty(n, dtype=object)
        probs[:] = prob
        return payoffs, probs
    return (np.array([[float(x) for x in row] for row in pay], dtype=float).reshape(n, players),
            np.array([float(x) for x in prob], dtype=float))


def tree_from_arrays(players: tuple[str, ...], mover: np.ndarray, n_children: np.ndarray,
                     payoffs: np.ndarray, prob: np.ndarray | None = None, title: str = "") -> GameTree:
    """A perfect-information tree from breadth-first arrays (used for large random trees).

    ``mover`` and ``n_children`` are given in breadth-first order; children are laid out
    contiguously in the same order, so ``first_child`` and ``parent`` follow. Every decision
    node is its own information set with actions ``"1", "2", ...``.
    """
    n = int(mover.shape[0])
    n_children = np.asarray(n_children, dtype=np.int64)
    first_child = np.full(n, -1, dtype=np.int64)
    inner = n_children > 0
    starts = 1 + np.concatenate(([0], np.cumsum(n_children)[:-1]))
    first_child[inner] = starts[inner]
    parent = np.repeat(np.arange(n, dtype=np.int64), n_children)
    parent = np.concatenate(([-1], parent))
    action = np.arange(n, dtype=np.int64) - np.concatenate(([0], first_child[parent[1:]]))
    action[0] = -1
    infoset = np.full(n, -1, dtype=np.int64)
    decision = np.flatnonzero(np.asarray(mover) >= 0)
    infoset[decision] = np.arange(decision.size)
    if prob is None:
        prob = np.ones(n)
    return GameTree(tuple(players), np.asarray(mover, dtype=np.int64), parent, action, first_child, n_children,
                    prob, payoffs, infoset, _LazyInfosets(mover, n_children, decision), title=title)


class _LazyInfosets(tuple):
    """Singleton information sets of a large perfect-information tree, made on demand."""

    _mover: np.ndarray
    _k: np.ndarray
    _decision: np.ndarray

    def __new__(cls, mover, n_children, decision):
        self = super().__new__(cls)
        self._mover, self._k, self._decision = mover, n_children, decision
        return self

    def __len__(self) -> int:
        return int(self._decision.size)

    def __getitem__(self, h):
        if isinstance(h, slice):
            return tuple(self[i] for i in range(*h.indices(len(self))))
        v = int(self._decision[h])
        return Infoset(int(self._mover[v]), f"node {v}", tuple(str(a + 1) for a in range(int(self._k[v]))), (v,))

    def __iter__(self):
        return (self[h] for h in range(len(self)))


def float_copy(tree: GameTree) -> GameTree:
    """The same tree with float64 payoffs and probabilities (the fast path)."""
    if not tree.is_exact:
        return tree
    from dataclasses import replace

    return replace(tree, payoffs=np.asarray(tree.payoffs, dtype=float), prob=np.asarray(tree.prob, dtype=float))


def exact_copy(tree: GameTree) -> GameTree:
    """The same tree with exact payoffs, and chance probabilities rounded to fractions with
    denominators up to 1000 that sum to exactly one (so the copy is a well-formed game)."""
    if tree.is_exact:
        return tree
    payoffs = np.empty(tree.payoffs.shape, dtype=object)
    payoffs[...] = [[Fraction(float(x)) for x in row] for row in tree.payoffs]
    prob = np.empty(tree.n_nodes, dtype=object)
    prob[:] = [Fraction(float(x)).limit_denominator(1000) for x in tree.prob]
    for v in np.flatnonzero(tree.mover == CHANCE):  # make each chance move sum to one exactly
        kids = list(tree.children(int(v)))
        prob[kids[-1]] = 1 - sum(prob[kids[:-1]], Fraction(0))
    from dataclasses import replace

    return replace(tree, payoffs=payoffs, prob=prob)
