"""Gambit ``.efg`` files (extensive form, format version 2): reading and writing.

The format lists nodes in prefix order after a header
``EFG 2 R "title" { "Player 1" "Player 2" } "comment"``:

* ``p "node" player infoset "infoset name" { "action" ... } outcome ...`` a decision node;
* ``c "node" infoset "infoset name" { "action" prob ... } outcome ...`` a chance node;
* ``t "node" outcome "outcome name" { payoff, payoff }`` a terminal node.

An outcome number other than 0 is followed by its name and payoffs the first time it
appears; later nodes may refer to it by number alone. Outcomes at inner nodes are
incremental: their payoffs add to every terminal below, as in Gambit. Action lists may be
omitted at later nodes of the same information set. Numbers may be integers, decimals or
fractions (``1/3``); they load exactly.

Files written one node per line are read straight into arrays
(:mod:`convenience.spec.efg_arrays`); others, and files with a mistake, node by node here.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from convenience.errors import InputError
from convenience.expressions import Expression, ExpressionError, exact_number
from convenience.extensive.parametric_tree import ParametricTree
from convenience.extensive.tree import CHANCE, MAX_DEPTH, TERMINAL, GameTree, Node, preorder

_TOKEN = re.compile(r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<comma>,)|(?P<word>[^\s{},"]+))')


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    out = []
    pos = 0
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    import bisect

    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            line = bisect.bisect_right(line_starts, pos)
            raise InputError(f"unexpected character {text[pos]!r}", line=line, column=pos - line_starts[line - 1] + 1)
        kind = m.lastgroup
        assert kind is not None, "every alternative of the token pattern is a named group"
        start = m.start(kind)
        line = bisect.bisect_right(line_starts, start)
        value = m.group(kind)
        if kind == "string":
            value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        if kind != "comma":
            out.append((kind, value, line, start - line_starts[line - 1] + 1))
        pos = m.end()
    return out


class _Stream:
    def __init__(self, tokens: list, file: str | None) -> None:
        self.tokens = tokens
        self.i = 0
        self.file = file

    def error(self, message: str, key: str | None = None) -> InputError:
        tok = self.tokens[min(self.i, len(self.tokens) - 1)] if self.tokens else ("", "", 1, 1)
        return InputError(message, file=self.file, line=tok[2], column=tok[3], key=key)

    def peek(self) -> tuple | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def at(self, kind: str, value: str | None = None) -> bool:
        """Whether the next token is of ``kind`` (and reads ``value``, when given)."""
        tok = self.peek()
        return tok is not None and tok[0] == kind and (value is None or tok[1] == value)

    def take(self, kind: str | None = None, what: str = "") -> tuple:
        tok = self.peek()
        if tok is None:
            raise self.error(f"file ends early; expected {what or kind}")
        if kind and tok[0] != kind:
            raise self.error(f"expected {what or kind}, got {tok[1]!r}")
        self.i += 1
        return tok

    def number(self, what: str) -> Fraction:
        tok = self.take("word", what)
        try:
            return exact_number(tok[1])
        except ExpressionError as error:
            self.i -= 1
            raise self.error(f"{error} for {what}") from None
        except (ValueError, ZeroDivisionError):
            self.i -= 1
            raise self.error(f"expected a number for {what}, got {tok[1][:40]!r}") from None

    def integer(self, what: str) -> int:
        tok = self.take("word", what)
        if not re.fullmatch(r"\d{1,9}", tok[1]):
            self.i -= 1
            raise self.error(f"expected a whole number of at most 9 digits for {what}, got {tok[1][:40]!r}")
        return int(tok[1])


#: Largest tree read from an ``.efg`` file (nodes): files laid out one node per line are read
#: straight into arrays (:mod:`convenience.spec.efg_arrays`), about a second and 150 MB of
#: memory per 100,000 nodes.
MAX_EFG_NODES = 500_000


def read_efg(text: str, file: str | None = None) -> ParametricTree:
    """A :class:`ParametricTree` (constant payoffs) from the text of a Gambit ``.efg`` file.

    Files written one node per line (as Gambit writes them) are read straight into the arrays
    of the numeric tree; any other layout, and any file with an error, is read node by node
    here, with every problem named by line and column.
    """
    from convenience.spec.efg_arrays import Irregular, read_efg_arrays

    try:
        title, players, description, numeric = read_efg_arrays(text, file, MAX_EFG_NODES)
    except Irregular:
        return _read_nodes_and_check(text, file)
    return ParametricTree(title=title or "Untitled", players=tuple(players), root=NodesOnDemand(text, file, players),
                          description=description, file=file, numeric_tree=numeric)


def read_nodes(text: str, file: str | None, players: list[str]) -> Node:
    """The nested nodes of an ``.efg`` text already checked (the view reports and conversions use)."""
    s = _Stream(_tokens(text), file)
    _header(s)
    root = _NodeReader(s, players).node("root", "start")
    _fill_missing_payoffs(root, tuple(players))
    return root


_NODE_FIELDS = frozenset(Node.__dataclass_fields__)


class NodesOnDemand(Node):
    """The root :class:`Node` of a tree read into arrays: the nested nodes are read from the
    file's text the first time any of them is asked for (solving needs only the arrays)."""

    def __init__(self, text: str, file: str | None, players: list[str]) -> None:
        self.__dict__["_source"] = (text, file, players)

    def __getattribute__(self, name: str) -> Any:
        own = object.__getattribute__(self, "__dict__")
        if "_source" in own and (name in _NODE_FIELDS or name in ("__getstate__", "__reduce_ex__")):
            root = read_nodes(*own.pop("_source"))
            own.update(root.__dict__)
        return object.__getattribute__(self, name)


def _read_nodes_and_check(text: str, file: str | None) -> ParametricTree:
    """Read the file token by token into nested nodes, checking everything on the way."""
    from convenience.spec.tree import validate_tree

    try:
        tokens = _tokens(text)
    except InputError as error:
        raise error.located(file=file) from None
    s = _Stream(tokens, file)
    title, players, description = _header(s)
    root = _NodeReader(s, players).node("root", "start")
    rest = s.peek()
    if rest is not None:
        raise s.error(f"unexpected text after the tree: {rest[1]!r}")
    _fill_missing_payoffs(root, tuple(players))
    tree = ParametricTree(title=title or "Untitled", players=tuple(players), root=root, description=description,
                          file=file)
    try:
        warnings = validate_tree(tree, max_nodes=MAX_EFG_NODES)
    except InputError as error:  # problems with the player list point at the header
        raise error.located(file=file, line=1, column=1) from None
    if warnings:
        object.__setattr__(tree, "warnings", tuple(warnings))
    return tree


def _header(s: _Stream) -> tuple[str, list[str], str]:
    """``EFG 2 R "title" { "Player 1" ... } "comment"``: the title, the players and the comment."""
    head = s.take("word", "EFG")
    if head[1] != "EFG":
        raise s.error("not a Gambit extensive-form file (it must start with 'EFG 2 R')")
    version = s.take("word", "version")
    if version[1] != "2":
        raise s.error(f"only version 2 of the .efg format is read, got {version[1]}")
    s.take("word", "R")
    title = s.take("string", "the title")[1]
    s.take("brace", "{")
    players: list[str] = []
    while s.at("string"):
        players.append(s.take("string")[1])
    s.take("brace", "} after the player names")
    if len(set(players)) != len(players):
        raise s.error("duplicate player names")
    description = ""
    if s.at("string"):
        description = s.take("string")[1]
    return title, players, description


class _NodeReader:
    """Reads the nodes of an .efg file in prefix order into :class:`Node` trees, keeping the
    outcomes and information sets met so far (later nodes may name them by number alone)."""

    def __init__(self, s: _Stream, players: list[str]) -> None:
        self.s = s
        self.players = players
        self.outcomes: dict[int, dict[str, Expression]] = {}
        self.infosets: dict[tuple, tuple[str, list[str], list[Fraction] | None]] = {}
        self.count = 0

    def outcome(self, key: str) -> dict[str, Expression]:
        """A node's outcome: its payoffs by player (none for outcome 0), given here or before."""
        s = self.s
        number = s.integer("an outcome number")
        if number == 0:
            return {}
        nxt = s.peek()
        if nxt and nxt[0] == "string":
            s.take("string")
            s.take("brace", "{ before the outcome's payoffs")
            values = []
            while s.at("word"):
                values.append(s.number("a payoff"))
            s.take("brace", "} after the payoffs")
            if len(values) != len(self.players):
                raise s.error(f"outcome {number} has {len(values)} payoffs for {len(self.players)} players", key)
            self.outcomes[number] = {p: Expression.number(v) for p, v in zip(self.players, values)}
        if number not in self.outcomes:
            raise s.error(f"outcome {number} is used before its payoffs are given", key)
        return dict(self.outcomes[number])

    def node(self, path: str, label: str, depth: int = 0) -> Node:
        """The node at ``path`` and, recursively, every node below it."""
        s = self.s
        self.count += 1
        if self.count > MAX_EFG_NODES:
            raise s.error(f"the tree has more than {MAX_EFG_NODES:,} nodes, the limit for .efg files", path)
        if depth > MAX_DEPTH:
            raise s.error(f"the tree is more than {MAX_DEPTH} moves deep, the limit for game files", path)
        kind_tok = s.take("word", "a node type (p, c or t)")
        where = (kind_tok[2], kind_tok[3], path)
        name = s.take("string", "the node name")[1] or None
        kind = kind_tok[1]
        if kind == "t":
            result = Node("terminal", name=name, where=where, label=label)
            result.payoffs = self.outcome(path)
            if not result.payoffs:
                result.payoffs = {}
            return result
        if kind not in ("p", "c"):
            s.i -= 2
            raise s.error(f"unknown node type {kind!r}; expected p, c or t", path)
        player, number, info_name, actions, probs = self.move(kind, path)
        payoffs = self.outcome(path)
        if kind == "p":
            pname = self.players[player - 1]
            result = Node("decision", player=pname, info=info_name or f"{pname} {number}", name=name,
                          where=where, label=label)
        else:
            if probs is None:
                raise s.error("a chance move needs the probability of each action", path)
            result = Node("chance", name=name, where=where, label=label)
            result.probs = [Expression.number(p) for p in probs]
        result.payoffs = payoffs
        result.actions = list(actions)
        for a in actions:
            child_path = f"{path}.{a}"
            result.action_where.append((where[0], where[1], child_path))
            result.children.append(self.node(child_path, a if label == "start" else f"{label}/{a}", depth + 1))
        return result

    def move(self, kind: str, path: str) -> tuple[int, int, str, list[str], list[Fraction] | None]:
        """A decision (``p``) or chance (``c``) move: its player (0 for chance), information set
        number and name, actions and (chance) probabilities, the actions and probabilities
        taken from the set's first node when not repeated."""
        s = self.s
        if kind == "p":
            player = s.integer("the player number")
            if not 1 <= player <= len(self.players):
                raise s.error(f"player {player} does not exist (players are 1..{len(self.players)})", path)
        else:
            player = 0
        number = s.integer("the information set number")
        info_name = ""
        if s.at("string"):
            info_name = s.take("string")[1]
        actions: list[str] | None = None
        probs: list[Fraction] | None = None
        if s.at("brace", "{"):
            s.take("brace")
            actions, listed = [], []
            while s.at("string"):
                actions.append(s.take("string")[1])
                if kind == "c":
                    listed.append(s.number("a chance probability"))
            probs = listed if kind == "c" else None
            s.take("brace", "} after the actions")
            if not actions:
                raise s.error("a move needs at least one action", path)
            if len(set(actions)) != len(actions):
                raise s.error("duplicate action labels at one node", path)
        key = (player, number)
        if key in self.infosets:
            known_name, known_actions, known_probs = self.infosets[key]
            if actions is not None and actions != known_actions:
                raise s.error(f"information set {number} of player {player} has actions {known_actions} elsewhere "
                              f"but {actions} here", path)
            actions, probs = known_actions, probs if probs is not None else known_probs
            info_name = info_name or known_name
        elif actions is None:
            raise s.error(f"the first node of information set {number} must list its actions", path)
        else:
            self.infosets[key] = (info_name, actions, probs)
        return player, number, info_name, actions, probs


def _fill_missing_payoffs(root: Node, players: tuple[str, ...]) -> None:
    """Gambit treats a terminal without outcome as paying zero (plus inner outcomes)."""
    for node in root.walk():
        if node.kind == "terminal":
            for p in players:
                node.payoffs.setdefault(p, Expression.number(0))


def _number(x: Any) -> str:
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return repr(float(x))


def _quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_efg(tree: Any) -> str:
    """Text of a Gambit ``.efg`` file for a tree (a parametric tree is written at its baseline).

    Payoffs are written at terminals (outcomes at inner nodes already added in). Float chance
    probabilities are written as fractions within 1e-9 that sum to exactly one, as Gambit
    requires.
    """
    game: GameTree = tree if isinstance(tree, GameTree) else tree.at()
    lines = [f"EFG 2 R {_quote(game.title or 'Untitled')} {{ {' '.join(_quote(p) for p in game.players)} }}",
             _quote(getattr(tree, "description", "") or ""), ""]
    order, _ = preorder(game)
    numbers: dict[int, int] = {}
    per_player: dict[int, int] = {}
    outcome = 0
    chance_sets = 0
    for v in order:
        v = int(v)
        name = _quote(game.names.get(v, ""))
        m = int(game.mover[v])
        if m == TERMINAL:
            outcome += 1
            pays = ", ".join(_number(x) for x in game.payoffs[v])
            lines.append(f"t {name} {outcome} \"\" {{ {pays} }}")
        elif m == CHANCE:
            chance_sets += 1
            probs = [game.prob[c] for c in game.children(v)]
            if not game.is_exact:  # Gambit reads decimals exactly and insists on a sum of exactly one
                probs = [Fraction(float(x)).limit_denominator(10**9) for x in probs]
                probs[-1] = 1 - sum(probs[:-1], Fraction(0))
            acts = " ".join(f"{_quote(a)} {_number(x)}" for a, x in zip(game.actions_at(v), probs))
            lines.append(f"c {name} {chance_sets} \"\" {{ {acts} }} 0")
        else:
            h = int(game.infoset[v])
            if h not in numbers:
                per_player[m] = per_player.get(m, 0) + 1
                numbers[h] = per_player[m]
            label = _quote(game.infosets[h].label)
            acts = " { " + " ".join(_quote(a) for a in game.infosets[h].actions) + " }"
            lines.append(f"p {name} {m + 1} {numbers[h]} {label}{acts} 0")
    return "\n".join(lines) + "\n"
