"""Reading and writing ``kind: tree`` game files (extensive form, Bayesian ``types:``).

The format is documented in ``docs/format-trees.md``. A node is a mapping:

* decision node: ``{player: P, actions: {A: node, B: node}, info: I1}`` (``info`` optional:
  nodes sharing a label form one information set);
* chance node: ``{chance: {Heads: p, Tails: 1 - p}, actions: {Heads: node, Tails: node}}``;
* terminal node: ``{payoffs: {P: expr, Q: expr}}`` or just the list ``[expr, expr]`` in player
  order.

Any node may carry ``name:`` and ``payoffs:`` (at an inner node, an outcome added to every
terminal below, as in Gambit). A Bayesian game declares ``types: {P: {Strong: 1/3, Weak: 2/3}}``;
the tree is then written once, drawn by a chance move for every type profile, each typed
player learns only its own type, and any payoff may be a mapping ``{Strong: 2, Weak: -1}``.

Every mistake is an :class:`~convenience.errors.InputError` naming file, line, column and key.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from convenience.errors import InputError, did_you_mean
from convenience.expressions import Expression, parse_expression
from convenience.extensive.parametric_tree import ParametricTree
from convenience.extensive.tree import MAX_DEPTH, MAX_NODES, Node
from convenience.spec.common import (
    Context,
    check_expect_entries,
    describe,
    load_parameters,
    sources,
)
from convenience.yamlio import LocDict, LocList

if TYPE_CHECKING:
    from convenience.extensive.tree import GameTree

TOP_KEYS = ("kind", "title", "description", "source", "players", "parameters", "tree", "types",
            "expect", "notes")
DECISION_KEYS = ("player", "info", "actions", "payoffs", "name", "source")
CHANCE_KEYS = ("chance", "actions", "payoffs", "name", "source")
TERMINAL_KEYS = ("payoffs", "name", "source")
#: Largest number of type profiles of a Bayesian game.
MAX_TYPE_PROFILES = 64


class _Reader:
    """Turns the ``tree:`` mapping into :class:`Node` objects, checking as it goes."""

    def __init__(self, ctx: Context, players: tuple[str, ...], parameters: Mapping[str, Any],
                 type_names: dict[str, str]) -> None:
        self.ctx = ctx
        self.players = players
        self.parameters = parameters
        self.type_names = type_names  # type name -> player
        self.count = 0
        self.names: dict[str, str] = {}
        self.sources: dict[str, tuple[str, ...]] = {}

    def expr(self, value: Any, container: Any, key: Any, path: str) -> Expression:
        line, column = container.loc(key)
        if isinstance(value, bool) or value is None or isinstance(value, (LocDict, LocList)):
            raise self.ctx.error(f"expected a number or an expression, got {describe(value)}", container, key, path)
        return parse_expression(value, self.parameters, file=self.ctx.file, line=line, column=column, key=path)

    def payoff(self, value: Any, container: Any, key: Any, path: str) -> Any:
        """An expression, or for Bayesian games a mapping type -> expression."""
        if isinstance(value, LocDict) and self.type_names:
            out = {}
            owner = None
            for t, v in value.items():
                t = str(t)
                if t not in self.type_names:
                    raise self.ctx.error(f"unknown type '{t}'{did_you_mean(t, self.type_names)}", value, t,
                                         f"{path}.{t}")
                if owner is not None and self.type_names[t] != owner:
                    raise self.ctx.error("a payoff may depend on the types of one player only", value, t,
                                         f"{path}.{t}")
                owner = self.type_names[t]
                out[t] = self.expr(v, value, t, f"{path}.{t}")
            missing = [t for t, p in self.type_names.items() if p == owner and t not in out]
            if missing:
                raise self.ctx.error(f"missing payoff for type {', '.join(missing)}", value, None, path)
            return out
        return self.expr(value, container, key, path)

    def payoffs(self, value: Any, container: Any, key: Any, path: str) -> dict[str, Any]:
        if isinstance(value, LocList):
            if len(value) != len(self.players):
                raise self.ctx.error(f"expected {len(self.players)} payoffs (one per player: "
                                     f"{', '.join(self.players)}), got {len(value)}", container, key, path)
            return {p: self.payoff(v, value, i, f"{path}[{p}]") for i, (p, v) in enumerate(zip(self.players, value))}
        if not isinstance(value, LocDict):
            raise self.ctx.error(f"payoffs must be a mapping player -> payoff or a list, got {describe(value)}",
                                 container, key, path)
        out = {}
        for p, v in value.items():
            p = str(p)
            if p not in self.players:
                raise self.ctx.error(f"unknown player '{p}'{did_you_mean(p, self.players)}", value, p, f"{path}.{p}")
            out[p] = self.payoff(v, value, p, f"{path}.{p}")
        return out

    def node(self, value: Any, container: Any, key: Any, path: str, label: str, given: set[str]) -> Node:
        """Read one node; ``given`` holds players whose payoffs an ancestor already set."""
        self.count += 1
        if self.count > MAX_NODES:
            raise self.ctx.error(f"the tree has more than {MAX_NODES:,} nodes, the limit for game files",
                                 container, key, path)
        line, column = container.loc(key)
        where = (line, column, path)
        if isinstance(value, LocList):
            node = Node("terminal", payoffs=self.payoffs(value, container, key, path), where=where, label=label)
            self._check_complete(node, given, container, key, path)
            return node
        if not isinstance(value, LocDict):
            raise self.ctx.error(f"expected a node (a mapping with player/chance/payoffs) or a list of payoffs, "
                                 f"got {describe(value)}", container, key, path)
        if "player" in value and "chance" in value:
            raise self.ctx.error("a node has either player: or chance:, not both", value, "chance", path)
        kind = "decision" if "player" in value else "chance" if "chance" in value else "terminal"
        allowed = {"decision": DECISION_KEYS, "chance": CHANCE_KEYS, "terminal": TERMINAL_KEYS}[kind]
        self.ctx.check_keys(value, allowed, path)
        node = Node(kind, where=where, label=label)
        if "name" in value:
            node.name = self._node_name(value, path)
        if "source" in value:
            self.sources[path] = sources(value["source"], self.ctx, value, "source", f"{path}.source")
        if "payoffs" in value:
            node.payoffs = self.payoffs(value["payoffs"], value, "payoffs", f"{path}.payoffs")
        if kind == "terminal":
            if "payoffs" not in value:
                raise self.ctx.error("missing payoffs: a terminal node needs payoffs (or give player: or chance: "
                                     "to make it a move)", container, key, path)
            self._check_complete(node, given, container, key, path)
            return node
        if kind == "decision":
            self._mover(node, value, path)
        if "actions" not in value:
            raise self.ctx.error("missing actions: a move needs at least one action", value, None, path)
        actions = value["actions"]
        if not isinstance(actions, LocDict) or not actions:
            raise self.ctx.error(f"actions must be a non-empty mapping action -> node, got {describe(actions)}",
                                 value, "actions", f"{path}.actions")
        probs = self._chance(value, actions, path) if kind == "chance" else None
        self._children(node, actions, probs, path, label, given | set(node.payoffs))
        return node

    def _node_name(self, value: LocDict, path: str) -> str:
        """The node's ``name:``, unique in the tree."""
        name = self.ctx.name(value["name"], value, "name", f"{path}.name", "node")
        if name in self.names:
            raise self.ctx.error(f"duplicate node name '{name}' (also used at {self.names[name]})",
                                 value, "name", f"{path}.name")
        self.names[name] = path
        return name

    def _mover(self, node: Node, value: LocDict, path: str) -> None:
        """A decision node's player (one of the game's) and its information set, if named."""
        player = self.ctx.name(value["player"], value, "player", f"{path}.player", "player")
        if player not in self.players:
            raise self.ctx.error(f"unknown player '{player}'{did_you_mean(player, self.players)}; players: "
                                 f"{', '.join(self.players)}", value, "player", f"{path}.player")
        node.player = player
        if "info" in value:
            node.info = self.ctx.name(value["info"], value, "info", f"{path}.info", "information set")

    def _chance(self, value: LocDict, actions: LocDict, path: str) -> LocDict:
        """A chance node's probabilities: one for each action, and no outcome without its subtree."""
        probs = value["chance"]
        if not isinstance(probs, LocDict) or not probs:
            raise self.ctx.error(f"chance must map each outcome to its probability, got {describe(probs)}",
                                 value, "chance", f"{path}.chance")
        for outcome in probs:
            if outcome not in actions:
                raise self.ctx.error(f"chance outcome '{outcome}' has no subtree under actions"
                                     f"{did_you_mean(str(outcome), map(str, actions))}", probs, outcome,
                                     f"{path}.chance.{outcome}")
        for outcome in actions:
            if outcome not in probs:
                raise self.ctx.error(f"action '{outcome}' of a chance node has no probability under chance:",
                                     actions, outcome, f"{path}.actions.{outcome}")
        return probs

    def _children(self, node: Node, actions: LocDict, probs: LocDict | None, path: str, label: str,
                  below: set[str]) -> None:
        """Each action's name, place, probability (chance nodes) and subtree, in the file's order."""
        for a, child in actions.items():
            if isinstance(a, bool):
                raise self.ctx.error(f"YAML reads this action name as {str(a).lower()} (Yes, No, On and Off are "
                                     "booleans in YAML); put the name in quotes", actions, a, f"{path}.actions")
            name = self.ctx.name(a, actions, a, f"{path}.actions", "action")
            child_path = f"{path}.actions.{name}"
            node.actions.append(name)
            node.action_where.append((*actions.loc(a), child_path))
            if probs is not None:
                node.probs.append(self.expr(probs[a], probs, a, f"{path}.chance.{name}"))
                node.prob_where.append((*probs.loc(a), f"{path}.chance.{name}"))
            child_label = name if label == "start" else f"{label}/{name}"
            node.children.append(self.node(child, actions, a, child_path, child_label, below))

    def _check_complete(self, node: Node, given: set[str], container: Any, key: Any, path: str) -> None:
        missing = [p for p in self.players if p not in node.payoffs and p not in given]
        if missing:
            raise self.ctx.error(f"missing payoff for {', '.join(missing)}", container, key, f"{path}.payoffs"
                                 if isinstance(container, LocDict) else path)


def _type_profiles(types: Mapping[str, Mapping]) -> int:
    """How many type profiles a Bayesian game has (the tree is copied once for each)."""
    profiles = 1
    for named in types.values():
        profiles *= len([t for t in named if t != "__where__"])
    return profiles


def _check_size(tree: Any, ctx: Context, data: LocDict, copies: int) -> None:
    """Refuse, before building anything, a tree over :data:`MAX_NODES` nodes (counting every copy
    that YAML anchors and aliases or type profiles make) or deeper than :data:`MAX_DEPTH`."""
    sizes: dict[int, tuple[int, int]] = {}

    def size(value: Any) -> tuple[int, int]:  # (nodes, depth); recursion bounded by the YAML nesting limit
        known = sizes.get(id(value))
        if known is not None:
            return known
        nodes, depth = 1, 0
        actions = value.get("actions") if isinstance(value, LocDict) else None
        if isinstance(actions, LocDict):
            for child in actions.values():
                n, d = size(child)
                nodes, depth = nodes + n, max(depth, d + 1)
        sizes[id(value)] = (min(nodes, 10 * MAX_NODES), depth)
        return sizes[id(value)]

    nodes, depth = size(tree)
    if nodes * copies > MAX_NODES:
        raise ctx.error(f"the tree has more than {MAX_NODES:,} nodes, the limit for game files"
                        + (" (counting every copy that anchors, aliases and type profiles make)"), data, "tree", "tree")
    if depth > MAX_DEPTH:
        raise ctx.error(f"the tree is {depth} moves deep; the limit for game files is {MAX_DEPTH}", data, "tree", "tree")


def load_tree(data: LocDict, file: str | None, overrides: Mapping[str, Any] | None = None) -> ParametricTree:
    """A :class:`ParametricTree` from a parsed ``kind: tree`` (or Bayesian ``types:``) file."""
    ctx = Context(file)
    title, description = ctx.header(data, TOP_KEYS, required=("title", "players", "tree"))
    parameters = load_parameters(data.get("parameters"), ctx, overrides, data)
    players = _players(data["players"], ctx, data)
    types, type_names = _types(data.get("types"), ctx, data, players, parameters)
    _check_size(data["tree"], ctx, data, _type_profiles(types))
    reader = _Reader(ctx, players, parameters, type_names)
    body = reader.node(data["tree"], data, "tree", "tree", "start", set())
    root = _expand_types(body, types, players) if types else _resolve(body, {})
    expect = data.get("expect") or ()
    if expect and not isinstance(expect, LocList):
        raise ctx.error("expect must be a list of claims", data, "expect", "expect")
    check_expect_entries(expect, ctx)
    tree = ParametricTree(title=title, players=players, root=root, parameters=parameters,
                          description=description.strip(),
                          source=sources(data.get("source"), ctx, data, "source", "source"),
                          expect=tuple(expect), file=file, sources=reader.sources,
                          types={p: {t: e for t, e in ts.items() if t != "__where__"} for p, ts in types.items()})
    warnings = validate_tree(tree, ctx, data)
    if warnings:
        object.__setattr__(tree, "warnings", tuple(warnings))
    return tree


def _players(value: Any, ctx: Context, container: LocDict) -> tuple[str, ...]:
    if isinstance(value, LocDict):  # tolerate the normal-form style {name: ...} without strategies
        for name, listed in value.items():
            if listed not in (None, "", []):
                raise ctx.error(f"in a game tree, players is a list of names ({', '.join(map(str, value))}); each "
                                "player's choices come from the actions of the tree, so remove the strategies "
                                f"given to {name}", value, name, f"players.{name}")
        value_list = list(value)
        holder: LocDict | LocList = value
        keys: list = value_list
    else:
        holder = ctx.sequence(value, container, "players", "players")
        keys = list(range(len(holder)))
    if not keys:
        raise ctx.error("a game needs at least one player", container, "players", "players")
    players: list[str] = []
    for k in keys:
        name = ctx.name(k if isinstance(holder, LocDict) else holder[k], holder, k, "players", "player")
        if name.lower() == "chance":
            raise ctx.error("'chance' is reserved for chance moves", holder, k, "players")
        if name in players:
            raise ctx.error(f"duplicate player '{name}'", holder, k, "players")
        players.append(name)
    return tuple(players)


def _types(value: Any, ctx: Context, container: LocDict, players: tuple[str, ...],
           parameters: Mapping[str, Any]) -> tuple[dict, dict]:
    if value is None:
        return {}, {}
    value = ctx.mapping(value, container, "types", "types")
    types: dict[str, dict[str, Expression]] = {}
    owner: dict[str, str] = {}
    for p, spec in value.items():
        p = str(p)
        if p not in players:
            raise ctx.error(f"unknown player '{p}'{did_you_mean(p, players)}", value, p, f"types.{p}")
        spec = ctx.mapping(spec, value, p, f"types.{p}")
        if not spec:
            raise ctx.error(f"{p} needs at least one type", value, p, f"types.{p}")
        types[p] = {}
        for t, prior in spec.items():
            t = ctx.name(t, spec, t, f"types.{p}", "type")
            if t in owner:
                raise ctx.error(f"type name '{t}' is already a type of {owner[t]}", spec, t, f"types.{p}.{t}")
            if t in players:
                raise ctx.error(f"type name '{t}' is also a player name", spec, t, f"types.{p}.{t}")
            owner[t] = p
            line, column = spec.loc(t)
            types[p][t] = parse_expression(prior, parameters, file=ctx.file, line=line, column=column,
                                           key=f"types.{p}.{t}")
        types[p]["__where__"] = (spec.line, spec.column, f"types.{p}")  # type: ignore[assignment]
    profiles = 1
    for ts in types.values():
        profiles *= len(ts) - 1
    if profiles > MAX_TYPE_PROFILES:
        raise ctx.error(f"{profiles} type profiles; the limit is {MAX_TYPE_PROFILES}", container, "types", "types")
    return types, owner


def _resolve(node: Node, chosen: dict[str, str], typed: Mapping[str, str] | None = None) -> Node:
    """A copy of ``node`` with type-dependent payoffs fixed for the type profile ``chosen``."""
    def pick(value: Any) -> Any:
        if isinstance(value, dict):
            for t, e in value.items():
                if t in chosen.values():
                    return e
        return value

    info = node.info
    if node.kind == "decision" and typed and node.player is not None and node.player in typed:
        base = info or node.name or node.label
        t = typed[node.player]
        info = t if base == "start" else f"{base} ({t})"
    elif node.kind == "decision" and typed is not None:
        info = info or node.name or node.label
    copy = Node(node.kind, node.player, info, list(node.actions), [], list(node.probs),
                {p: pick(v) for p, v in node.payoffs.items()}, node.name if typed is None else None,
                node.where, list(node.action_where), node.label, list(node.prob_where))
    copy.children = [_resolve(c, chosen, typed) for c in node.children]
    return copy


def _expand_types(body: Node, types: dict, players: tuple[str, ...]) -> Node:
    """The chance move drawing every type profile, each followed by a copy of ``body``."""
    typed_players = [p for p in players if p in types]
    names = [[t for t in types[p] if t != "__where__"] for p in typed_players]
    root = Node("chance", where=types[typed_players[0]]["__where__"], label="types")
    for combo in itertools.product(*names):
        chosen = dict(zip(typed_players, combo))
        prob: Expression | None = None
        for p, t in chosen.items():
            e = types[p][t]
            prob = e if prob is None else Expression("*", (prob, e))
        root.actions.append(", ".join(combo))
        root.probs.append(prob)
        line, column, key = types[typed_players[0]]["__where__"]
        root.action_where.append((line, column, f"types.{'.'.join(combo)}"))
        root.prob_where.append((line, column, f"types.{'.'.join(combo)}"))
        root.children.append(_resolve(body, chosen, chosen))
    return root


def validate_tree(tree: ParametricTree, ctx: Context | None = None, data: LocDict | None = None, *,
                  max_nodes: int = MAX_NODES) -> list[str]:
    """Check a tree; raise :class:`InputError` for errors and return warnings.

    Errors: information sets mixing players or with different actions, chance
    probabilities that are negative or do not sum to one at the baseline, players who never
    move, trees over the size limit. Warnings: chance probabilities that leave [0, 1]
    somewhere within the declared parameter ranges.
    """
    file = tree.file
    count = 0
    seen_info: dict[tuple, Node] = {}
    label_owner: dict[str, Node] = {}
    movers: set[str] = set()
    warnings: list[str] = []
    baseline = tree.baseline()
    span = _intervals(tree.root)
    for node in tree.root.walk():
        count += 1
        line, column, key = node.where
        if count > max_nodes:
            raise InputError(f"the tree has more than {max_nodes:,} nodes, the limit for game files",
                             file=file, line=line, column=column, key=key)
        if node.kind == "decision":
            movers.add(node.player)
            if not node.info:
                continue
            other = label_owner.get(node.info)
            if other is not None and other.player != node.player:
                raise InputError(f"information set '{node.info}' mixes players {other.player} and {node.player}",
                                 file=file, line=line, column=column, key=f"{key}.info")
            label_owner[node.info] = node
            first = seen_info.setdefault((node.player, node.info), node)
            if first is not node and list(first.actions) != list(node.actions):
                raise InputError(f"information set '{node.info}' has actions {', '.join(first.actions)} at "
                                 f"{first.where[2]} but {', '.join(node.actions)} here; every node of an "
                                 "information set needs the same actions", file=file, line=line, column=column,
                                 key=f"{key}.actions")
            if first is not node and (_is_ancestor(span, first, node) or _is_ancestor(span, node, first)):
                raise InputError(f"information set '{node.info}' contains a node and one of its successors "
                                 "(the player would forget its own move)", file=file, line=line,
                                 column=column, key=f"{key}.info")
        elif node.kind == "chance":
            warnings.extend(_check_chance(node, baseline, tree, file))
    never = [p for p in tree.players if p not in movers]
    if never:
        where = (data.loc("players") if data is not None else (None, None))
        raise InputError(f"player{'s' if len(never) > 1 else ''} {', '.join(never)} never move"
                         f"{'s' if len(never) == 1 else ''}; remove {'them' if len(never) > 1 else 'it'} or "
                         "give a node to each", file=file, line=where[0], column=where[1], key="players")
    return warnings


def _intervals(root: Node) -> dict[int, tuple[int, int]]:
    """Preorder number of every node and of the last node of its subtree (by ``id``)."""
    out: dict[int, tuple[int, int]] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    count = 0
    first: dict[int, int] = {}
    while stack:
        node, done = stack.pop()
        if done:
            out[id(node)] = (first[id(node)], count - 1)
            continue
        first[id(node)] = count
        count += 1
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.children))
    return out


def _is_ancestor(span: dict[int, tuple[int, int]], a: Node, b: Node) -> bool:
    """``a`` lies strictly above ``b``."""
    (a0, a1), (b0, _) = span[id(a)], span[id(b)]
    return a0 < b0 <= a1


def _check_chance(node: Node, baseline: dict, tree: ParametricTree, file: str | None) -> list[str]:
    line, column, key = node.where
    values = []
    for a, e in zip(node.actions, node.probs):
        k = node.actions.index(a)
        w = node.prob_where[k] if node.prob_where else node.action_where[k] if node.action_where else node.where
        try:
            x = e.evaluate(baseline)
        except (ZeroDivisionError, ValueError, OverflowError) as error:
            raise InputError(f"cannot evaluate probability {e}: {error}", file=file, line=w[0], column=w[1],
                             key=w[2]) from None
        if x < 0:
            raise InputError(f"probability of '{a}' is negative ({x}) at the baseline", file=file, line=w[0],
                             column=w[1], key=w[2])
        values.append(x)
    total = sum(values)
    exact = all(isinstance(v, Fraction) for v in values)
    if (exact and total != 1) or (not exact and abs(float(total) - 1) > 1e-9):
        raise InputError(f"chance probabilities sum to {total}, not 1, at the baseline", file=file, line=line,
                         column=column, key=key)
    problem = _chance_range_problem(node, baseline, tree, file)
    return [str(problem)] if problem is not None else []


def _chance_range_problem(node: Node, baseline: dict, tree: ParametricTree, file: str | None) -> InputError | None:
    """A probability of this chance node that leaves [0, 1] somewhere inside the declared
    ranges (tried at the corners of the box of the parameters it uses), located, or None."""
    used = sorted(set().union(*(e.parameters for e in node.probs)))
    ranged = [p for p in used if tree.parameters[p].range is not None]
    if not ranged or len(ranged) > 10:
        return None
    corners = itertools.product(*((tree.parameters[p].low, tree.parameters[p].high) for p in ranged))
    for corner in corners:
        point = dict(baseline)
        point.update(dict(zip(ranged, corner)))
        for k, (a, e) in enumerate(zip(node.actions, node.probs)):
            try:
                x = e.evaluate(point)
            except (ZeroDivisionError, ValueError, OverflowError):
                continue
            if x < 0 or x > 1:
                w = node.prob_where[k] if node.prob_where else node.where
                at = ", ".join(f"{p} = {v}" for p, v in zip(ranged, corner))
                ranges = ", ".join(f"{p} in [{tree.parameters[p].low}, {tree.parameters[p].high}]" for p in ranged)
                return InputError(f"probability of '{a}' ({e}) leaves [0, 1] at {at}, inside the declared "
                                  f"ranges ({ranges})", file=file, line=w[0], column=w[1], key=w[2])
    return None


def chance_range_problems(tree: ParametricTree) -> list[InputError]:
    """Every chance node whose probabilities leave [0, 1] inside the declared parameter ranges.

    Loading only warns (the baseline is valid, so the tree solves); sensitivity analysis
    refuses such a tree, since its sweeps and draws would use those impossible probabilities.
    """
    baseline = tree.baseline()
    found = (_chance_range_problem(n, baseline, tree, tree.file) for n in tree.root.walk() if n.kind == "chance")
    return [problem for problem in found if problem is not None]


# -- writing ------------------------------------------------------------------------------------
def tree_to_yaml_data(tree: ParametricTree | Any) -> dict:
    """A plain dict that :func:`load_tree` reads back into the same game.

    Accepts a :class:`ParametricTree` (expressions kept as written) or a numeric
    :class:`~convenience.extensive.tree.GameTree` (terminal payoffs, chance probabilities).
    Information sets are written as ``info:`` labels wherever they hold several nodes.
    """
    from convenience.extensive.tree import GameTree

    if isinstance(tree, GameTree):
        tree = parametric_from_game_tree(tree)
    counts: dict[tuple, int] = {}
    for node in tree.root.walk():
        if node.kind == "decision" and node.info:
            counts[(node.player, node.info)] = counts.get((node.player, node.info), 0) + 1

    def number(e: Any) -> Any:
        if isinstance(e, Expression) and e.op == "num":
            v = e.args[0]
            return int(v) if v.denominator == 1 else str(v)
        if isinstance(e, Expression) and e.op == "neg" and e.args[0].op == "num":
            v = -e.args[0].args[0]
            return int(v) if v.denominator == 1 else str(v)
        if isinstance(e, Fraction):
            return int(e) if e.denominator == 1 else str(e)
        if isinstance(e, float):
            return e
        return str(e)

    def write(node: Node) -> Any:
        out: dict[str, Any] = {}
        if node.name:
            out["name"] = node.name
        if node.kind == "decision":
            out["player"] = node.player
            if node.info and (counts.get((node.player, node.info), 0) > 1 or node.info != node.label):
                out["info"] = node.info
        if node.kind == "chance":
            out["chance"] = {a: number(p) for a, p in zip(node.actions, node.probs)}
        if node.payoffs:
            out["payoffs"] = {p: number(node.payoffs[p]) for p in tree.players if p in node.payoffs}
        if node.children:
            out["actions"] = {a: write(c) for a, c in zip(node.actions, node.children)}
        return out

    data: dict[str, Any] = {"kind": "tree", "title": tree.title}
    if tree.description:
        data["description"] = tree.description
    data["players"] = list(tree.players)
    if tree.parameters:
        params = {}
        for name, p in tree.parameters.items():
            entry: dict[str, Any] = {"value": number(p.value)}
            if p.range is not None:
                entry["range"] = [number(p.low), number(p.high)]
            if p.description:
                entry["description"] = p.description
            params[name] = entry
        data["parameters"] = params
    data["tree"] = write(tree.root)
    return data


def dump_tree_yaml(tree: Any) -> str:
    """YAML text of a tree (for ``convenience convert``)."""
    import yaml

    return yaml.safe_dump(tree_to_yaml_data(tree), sort_keys=False, allow_unicode=True, width=100)


def parametric_from_game_tree(game: GameTree) -> ParametricTree:
    """A constant :class:`ParametricTree` from a numeric tree (payoffs at terminals only)."""
    from convenience.extensive.tree import CHANCE, TERMINAL

    def const(x: Any) -> Any:
        if isinstance(x, Fraction):
            return Expression.number(x)
        return Expression.number(Fraction(float(x)).limit_denominator(10**12)) \
            if float(x) == float(Fraction(float(x)).limit_denominator(10**12)) else Expression.number(Fraction(float(x)))

    nodes: dict[int, Node] = {}
    for v in range(game.n_nodes):
        m = int(game.mover[v])
        if m == TERMINAL:
            node = Node("terminal", payoffs={p: const(game.payoffs[v, i]) for i, p in enumerate(game.players)})
        elif m == CHANCE:
            node = Node("chance", actions=list(game.actions_at(v)),
                        probs=[const(game.prob[c]) for c in game.children(v)])
        else:
            h = int(game.infoset[v])
            node = Node("decision", player=game.players[m], info=game.infosets[h].label,
                        actions=list(game.actions_at(v)))
        node.name = game.names.get(v)
        node.label = game.path_label(v)
        nodes[v] = node
        if v:
            nodes[int(game.parent[v])].children.append(node)
    return ParametricTree(title=game.title, players=game.players, root=nodes[0], file=game.file)
