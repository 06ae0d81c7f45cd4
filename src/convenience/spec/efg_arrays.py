"""A Gambit ``.efg`` file read straight into the flat arrays of a game tree.

The general reader (:func:`convenience.spec.gambit_efg.read_efg`) builds one node object and
one expression per number, then lays the nodes out in arrays: seconds for a 100,000-node
file. Gambit writes one node per line; for files laid out that way :func:`read_efg_arrays`
reads each line with one pattern, turns number tokens into fractions without the expression
machinery, checks on arrays what the general reader checks, and lays out the
:class:`~convenience.extensive.tree.GameTree` directly (the same arrays, information sets and
places the general reader would produce). Anything else (a node over two lines, a comma
between words, a number written unusually, an error of any kind) raises :class:`Irregular`,
and the general reader reads the file instead, with its exact messages.

The nested :class:`~convenience.extensive.tree.Node` view of such a tree (for reports and
conversions) is read from the text only when first asked for
(:class:`~convenience.spec.gambit_efg.NodesOnDemand`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from convenience.extensive.tree import CHANCE, MAX_DEPTH, TERMINAL, GameTree, Infoset


class Irregular(Exception):
    """The file is not laid out one node per line, or has an error: read it the general way."""


_GAP = r"[^\S\n]*"  # spaces and tabs: a pattern never reaches into the next line
_SEPARATOR = r"(?:[^\S\n]|,)"
_STRING = r'"((?:[^"\\\n]|\\[^\n])*)"'
_ANY_STRING = r'"(?:[^"\\\n]|\\[^\n])*"'
_WORD = r'([^\s{},"]+)'
_WHOLE = r'([0-9]{1,9})(?=[\s{}"]|$)'  # a whole-number token (the word ends there)
_KIND = re.compile(r"^[^\S\n]*(\S)", re.MULTILINE)
_LABEL = re.compile(_STRING)
_LABEL_AND_NUMBER = re.compile(_STRING + _GAP + _WORD)
_SIMPLE_NUMBER = re.compile(r"(-?)([0-9]{1,18})(?:\.([0-9]{1,18}))?(?:/([0-9]{1,18}))?")


def _patterns(players: int) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Whole-line patterns of a terminal, a decision and a chance node (``players`` payoffs
    in an outcome's braces, each its own group)."""
    payoffs = (r"\{" + _SEPARATOR + "*" + _WORD + ("(?:" + _SEPARATOR + "+" + _WORD + ")") * (players - 1)
               + _SEPARATOR + r"*\}")
    outcome = _WHOLE + r"(?:" + _GAP + _ANY_STRING + _GAP + r"(?=(\{))" + payoffs + ")?"
    start = r"^([^\S\n]*)"
    end = _GAP + "$"
    terminal = start + "t" + _GAP + _STRING + _GAP + outcome + end
    decision = (start + "p" + _GAP + _STRING + _GAP + _WHOLE + _GAP + _WHOLE + "(?:" + _GAP + _STRING + ")?"
                + r"(?:" + _GAP + r"(\{(?:" + _GAP + _ANY_STRING + ")*" + _GAP + r"\}))?" + _GAP + outcome + end)
    chance = (start + "c" + _GAP + _STRING + _GAP + _WHOLE + "(?:" + _GAP + _STRING + ")?"
              + r"(?:" + _GAP + r"(\{(?:" + _GAP + _ANY_STRING + _GAP + r'[^\s{},"]+)*' + _GAP + r"\}))?"
              + _GAP + outcome + end)
    return (re.compile(terminal, re.MULTILINE), re.compile(decision, re.MULTILINE),
            re.compile(chance, re.MULTILINE))


_HEADER_TOKEN = re.compile(r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<word>[^\s{},"]+))')


def _unescape(raw: str) -> str:
    return raw.replace('\\"', '"').replace("\\\\", "\\") if "\\" in raw else raw


class _Numbers:
    """Number tokens to exact fractions, each distinct token converted once."""

    def __init__(self) -> None:
        self.known: dict[str, Fraction] = {}

    def __call__(self, token: str) -> Fraction:
        value = self.known.get(token)
        if value is None:
            value = self.known[token] = _convert(token)
        return value

    def many(self, tokens: list[str]) -> list[Fraction]:
        """The values of ``tokens``; when the new ones are all made of digits, a leading minus
        sign, points and slashes (checked over all of them at once), each is converted without
        a pattern of its own."""
        known = self.known
        new = [t for t in set(tokens) if t not in known]
        joined = " " + " ".join(new)
        if _NUMBER_CHARACTERS.fullmatch(joined) and joined.count("-") == joined.count(" -") \
                and max(map(len, new), default=0) <= 36:
            for t in new:
                try:
                    known[t] = _plain(t)
                except (ValueError, ZeroDivisionError):  # 1/2.5, a lone minus sign, 1/0: the general rules
                    known[t] = _convert(t)
        else:
            known.update((t, _convert(t)) for t in new)
        return [known[t] for t in tokens]


_NUMBER_CHARACTERS = re.compile(r"[0-9./ -]*")
_TENS = [10 ** k for k in range(40)]


def _plain(token: str) -> Fraction:
    """An integer, a decimal or a fraction of integers (sign in front); ``ValueError`` if not one."""
    if "/" in token:
        top, below = token.split("/")
        denominator = int(below)
    else:
        top, denominator = token, 1
    if "." in top:
        whole, decimals = top.split(".")
        return Fraction(int(whole + decimals), _TENS[len(decimals)] * denominator)
    return Fraction(int(top), denominator) if denominator != 1 else Fraction(int(top))


def _convert(token: str) -> Fraction:
    """Any number token, by the general rules and their bounds (:class:`Irregular` if not one)."""
    if _SIMPLE_NUMBER.fullmatch(token):
        try:
            return _plain(token)
        except ZeroDivisionError:
            raise Irregular from None
    from convenience.expressions import ExpressionError, exact_number

    try:
        return exact_number(token)
    except (ExpressionError, ValueError, ArithmeticError):
        raise Irregular from None


def _header(text: str) -> tuple[str, list[str], str, int]:
    """Title, players, comment and where the nodes start (the start of the next line)."""
    pos = 0
    tokens: list[tuple[str, str]] = []

    def take() -> tuple[str, str]:
        nonlocal pos
        m = _HEADER_TOKEN.match(text, pos)
        if not m:
            raise Irregular
        pos = m.end()
        kind = m.lastgroup or ""
        value = m.group(kind)
        return kind, _unescape(value[1:-1]) if kind == "string" else value

    tokens = [take() for _ in range(5)]
    if [t[1] for t in tokens[:3]] != ["EFG", "2", "R"] or tokens[3][0] != "string" or tokens[4] != ("brace", "{"):
        raise Irregular
    players = []
    while (token := take())[0] == "string":
        players.append(token[1])
    if token != ("brace", "}") or len(set(players)) != len(players):
        raise Irregular
    description = ""
    m = _HEADER_TOKEN.match(text, pos)
    if m and m.lastgroup == "string":
        description = _unescape(m.group("string")[1:-1])
        pos = m.end()
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end + 1
    if text[pos:end].strip():
        raise Irregular
    return tokens[3][1], players, description, end


class _Reading:
    """The nodes in file (prefix) order as arrays and lists, with what the layout needs."""

    def __init__(self, text: str, start: int, players: list[str]) -> None:
        self.text = text
        self.start = start  # where the nodes begin (the start of a line)
        self.players = players
        self.number = _Numbers()
        self.actions: dict[int, tuple[str, ...]] = {}  # inner node -> action labels
        self.names: dict[int, str] = {}
        self.columns: dict[int, int] = {}  # nodes not starting their line
        self.sets: dict[tuple[int, str], int] = {}  # (player, label) -> our set number
        self.set_info: list[tuple[int, str, tuple[str, ...]]] = []
        kinds = _KIND.findall(text, start)
        self.n = len(kinds)
        code = np.frombuffer("".join(kinds).encode("utf-8", "replace"), dtype=np.uint8)
        if code.size != self.n:
            raise Irregular
        terminal, decision, chance = _patterns(len(players))
        self.kind_of = code
        self.at = {k: np.flatnonzero(code == ord(k)) for k in "tpc"}
        rows = {k: pattern.findall(text, start) for k, pattern in zip("tpc", (terminal, decision, chance))}
        if any(len(rows[k]) != self.at[k].size for k in "tpc") or sum(len(r) for r in rows.values()) != self.n:
            raise Irregular  # a line that is not one whole node
        self.mover = np.full(self.n, TERMINAL, dtype=np.int64)
        self.n_children = np.zeros(self.n, dtype=np.int64)
        self.infoset = np.full(self.n, -1, dtype=np.int64)
        self.chance_probs: dict[int, list[Fraction]] = {}
        for k in "tpc":
            for i, row in zip(self.at[k].tolist(), rows[k]):
                if row[0]:
                    self.columns[i] = len(row[0]) + 1
                if row[1]:
                    self.names[i] = _unescape(row[1])
        self._decisions(rows["p"])
        self._chances(rows["c"])
        self.outcome_rows = rows
        self._structure()

    def _decisions(self, rows: list[tuple]) -> None:
        by_number: dict[tuple[int, int], tuple[str, tuple[str, ...]]] = {}
        labels_of: dict[str, tuple[str, ...]] = {}
        label_player: dict[str, int] = {}
        players = self.players
        nodes = self.at["p"].tolist()
        movers = []
        sets = []
        counts = []
        for i, (_, _, player_text, set_text, set_name, listed, *_) in zip(nodes, rows):
            player, number = int(player_text), int(set_text)
            if not 1 <= player <= len(players):
                raise Irregular
            labels = None
            if listed:
                labels = labels_of.get(listed)
                if labels is None:
                    labels = labels_of[listed] = tuple(_unescape(a) for a in _LABEL.findall(listed))
                    if not labels or len(set(labels)) != len(labels):
                        raise Irregular
            known = by_number.get((player, number))
            if known is None:
                if labels is None:
                    raise Irregular
                known = by_number[(player, number)] = (_unescape(set_name), labels)
                name = known[0]
            else:
                if labels is not None and labels != known[1]:
                    raise Irregular
                name = _unescape(set_name) or known[0]
                labels = known[1]
            label = name or f"{players[player - 1]} {number}"
            if label_player.setdefault(label, player) != player:  # one label, two players
                raise Irregular
            h = self.sets.get((player - 1, label))
            if h is None:
                h = self.sets[(player - 1, label)] = len(self.set_info)
                self.set_info.append((player - 1, label, labels))
            elif self.set_info[h][2] != labels:
                raise Irregular
            self.actions[i] = labels
            movers.append(player - 1)
            sets.append(h)
            counts.append(len(labels))
        at = self.at["p"]
        self.mover[at] = movers
        self.infoset[at] = sets
        self.n_children[at] = counts
        if set(range(len(players))) - set(movers):  # a player who never moves
            raise Irregular

    def _chances(self, rows: list[tuple]) -> None:
        by_number: dict[int, tuple[tuple[str, ...], list[Fraction]]] = {}
        for i, (_, _, set_text, _, listed, *_) in zip(self.at["c"].tolist(), rows):
            number = int(set_text)
            given: tuple[tuple[str, ...], list[Fraction]] | None = None
            if listed:
                pairs = _LABEL_AND_NUMBER.findall(listed)
                given = tuple(_unescape(a) for a, _ in pairs), [self.number(x) for _, x in pairs]
                if not given[0] or len(set(given[0])) != len(given[0]):
                    raise Irregular
            known = by_number.setdefault(number, given) if given is not None else by_number.get(number)
            if known is None or (given is not None and given[0] != known[0]):
                raise Irregular
            labels, probs = known[0], given[1] if given is not None else known[1]
            if any(p < 0 for p in probs) or sum(probs) != 1:
                raise Irregular
            self.actions[i] = labels
            self.chance_probs[i] = probs
            self.n_children[i] = len(labels)
        self.mover[self.at["c"]] = CHANCE

    def _structure(self) -> None:
        """Parent, action index, depth and chance probability of every node from the prefix order."""
        n = self.n
        parent = [-1] * n
        action = [-1] * n
        depth = [0] * n
        prob = [_ONE] * n
        probs_of = self.chance_probs
        open_: list[list] = []  # [node, children left, next action, probabilities] above the current node
        for i, k in enumerate(self.n_children.tolist()):
            if open_:
                top = open_[-1]
                p = top[0]
                parent[i] = p
                a = action[i] = top[2]
                depth[i] = depth[p] + 1
                if top[3] is not None:
                    prob[i] = top[3][a]
                top[2] += 1
                if top[1] == top[2]:
                    open_.pop()
            elif i:  # text after a complete tree
                raise Irregular
            if k:
                open_.append([i, k, 0, probs_of.get(i)])
        if open_ or not n or max(depth) > MAX_DEPTH:
            raise Irregular
        self.parent, self.action, self.depth, self.prob = parent, action, depth, prob

    def terminal_payoffs(self) -> list[Fraction]:
        """Every terminal's payoffs (file order, flat): the outcomes on its path added up."""
        players = len(self.players)
        rows = self.outcome_rows
        inner_zero = all(r[-players - 2] == "0" for r in rows["p"]) and all(r[-players - 2] == "0" for r in rows["c"])
        if inner_zero and all(r[3] or r[2] == "0" for r in rows["t"]):  # each terminal gives its payoffs
            return self.number.many([x for r in rows["t"] for x in (r[4:] if r[3] else ("0",) * players)])
        return self._payoffs_along_paths()

    def _payoffs_along_paths(self) -> list[Fraction]:
        """The general case: outcomes named by number alone, or at inner nodes, added down the paths."""
        players = len(self.players)
        outcomes: dict[int, tuple] = {}
        zero = (_ZERO,) * players
        own: list[tuple | None] = [None] * self.n
        for k in "tpc":
            for i, r in zip(self.at[k].tolist(), self.outcome_rows[k]):
                own[i] = r[-players - 2:]  # number, brace, payoffs
        total: list[tuple] = []
        out: list[Fraction] = []
        for i in range(self.n):
            number_text, brace, *values = own[i]  # type: ignore[misc]
            number = int(number_text)
            above = total[self.parent[i]] if i else zero
            if number == 0:
                if brace:
                    raise Irregular
                mine = None
            else:
                if brace:
                    outcomes[number] = tuple(self.number(x) for x in values)
                mine = outcomes.get(number)
                if mine is None:
                    raise Irregular
            total.append(above if mine is None else tuple(_ZERO + a + b for a, b in zip(above, mine)))
            if self.kind_of[i] == ord("t"):
                out.extend(total[-1])
        return out


_ONE = Fraction(1)
_ZERO = Fraction(0)


def read_efg_arrays(text: str, file: str | None, max_nodes: int) -> tuple[str, list[str], str, GameTree]:
    """Title, players, comment and the laid-out tree of an ``.efg`` text written one node per
    line; :class:`Irregular` for anything else (then the general reader reads it)."""
    title, players, description, start = _header(text)
    if not players or text.count("\n", start) >= max_nodes and len(_KIND.findall(text, start)) > max_nodes:
        raise Irregular  # the general reader names the node over the limit
    reading = _Reading(text, start, players)
    tree = _lay_out(reading, title or "Untitled", file)
    if _set_with_successor(reading):
        raise Irregular
    return title, players, description, tree


def _set_with_successor(reading: _Reading) -> bool:
    """Whether an information set holds a node and one of its successors."""
    infoset = reading.infoset
    decision = np.flatnonzero(infoset >= 0)
    sizes = np.bincount(infoset[decision], minlength=len(reading.set_info))
    if not (sizes > 1).any():
        return False
    n = infoset.size
    parent = np.asarray(reading.parent, dtype=np.int64)
    depth = np.asarray(reading.depth, dtype=np.int64)
    size = np.ones(n, dtype=np.int64)  # subtree sizes; node i's subtree is i .. i + size - 1 (file order)
    for d in range(int(depth.max()), 0, -1):
        at = np.flatnonzero(depth == d)
        np.add.at(size, parent[at], size[at])
    shared = decision[sizes[infoset[decision]] > 1]
    shared = shared[np.lexsort((shared, infoset[shared]))]
    same = infoset[shared[1:]] == infoset[shared[:-1]]
    return bool((same & (shared[1:] < shared[:-1] + size[shared[:-1]])).any())


def _lay_out(reading: _Reading, title: str, file: str | None) -> GameTree:
    """The tree breadth first, as :func:`~convenience.extensive.tree.build_tree` lays it out."""
    n = len(reading.mover)
    players = len(reading.players)
    order = np.argsort(np.asarray(reading.depth, dtype=np.int64), kind="stable")  # file order is preorder
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    parent_in_file = np.asarray(reading.parent, dtype=np.int64)[order]
    parent = np.where(parent_in_file >= 0, position[np.maximum(parent_in_file, 0)], -1)
    n_children = reading.n_children[order]
    first_child = np.where(n_children > 0, 1 + np.cumsum(n_children) - n_children, -1)
    mover = reading.mover[order]
    prob = np.empty(n, dtype=object)
    prob[:] = reading.prob
    payoffs = np.empty((n, players), dtype=object)
    payoffs[:] = _ZERO
    flat = reading.terminal_payoffs()
    del reading.outcome_rows  # the matched text of every line: the tree keeps only what it needs
    terminals = reading.at["t"]
    payoffs[position[terminals]] = np.asarray(flat, dtype=object).reshape(terminals.size, players)
    infoset, infosets = _information_sets(reading, order)
    chance = reading.at["c"]
    chance_actions = {int(position[i]): reading.actions[int(i)] for i in chance[np.argsort(position[chance])]}
    names = {int(position[i]): name for i, name in reading.names.items()}
    return GameTree(tuple(reading.players), mover, parent, np.asarray(reading.action, dtype=np.int64)[order],
                    first_child, n_children, prob[order], payoffs, infoset, infosets, chance_actions,
                    dict(sorted(names.items())), NodePlaces(reading, order), title, file)


def _information_sets(reading: _Reading, order: np.ndarray) -> tuple[np.ndarray, tuple[Infoset, ...]]:
    """Information sets numbered by first node breadth first, members breadth first."""
    raw = reading.infoset[order]
    decision = np.flatnonzero(raw >= 0)
    ids = raw[decision]
    unique, first = np.unique(ids, return_index=True)
    renumber = np.empty(len(reading.set_info), dtype=np.int64)
    ranked = unique[np.argsort(first)]
    renumber[ranked] = np.arange(ranked.size)
    infoset = np.full(raw.size, -1, dtype=np.int64)
    infoset[decision] = renumber[ids]
    grouped = decision[np.argsort(infoset[decision], kind="stable")].tolist()
    counts = np.bincount(infoset[decision], minlength=ranked.size).tolist()
    sets = []
    k = 0
    for h, count in zip(ranked.tolist(), counts):
        player, label, actions = reading.set_info[h]
        sets.append(Infoset(player, label, actions, tuple(grouped[k:k + count])))
        k += count
    return infoset, tuple(sets)


class NodePlaces(Mapping):
    """Node -> ``(line, column, key)`` of a tree read from an ``.efg`` file, made on demand
    (the key is the path of actions, ``root.In.Fight``, as the general reader writes it)."""

    def __init__(self, reading: _Reading, order: np.ndarray) -> None:
        self._text, self._start, self._columns = reading.text, reading.start, reading.columns
        self._parent, self._action, self._actions = reading.parent, reading.action, reading.actions
        self._order = order
        self._lines: list[int] | None = None
        self._keys: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._parent)

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self._parent)))

    def __getitem__(self, v: Any) -> tuple[int, int, str]:
        if not isinstance(v, (int, np.integer)) or not 0 <= v < len(self._parent):
            raise KeyError(v)
        if self._lines is None:  # the line of every node: the lines that are not blank
            first = self._text.count("\n", 0, self._start) + 1
            self._lines = [first + k for k, line in enumerate(self._text[self._start:].split("\n"))
                           if line and not line.isspace()]
        i = int(self._order[v])
        return self._lines[i], self._columns.get(i, 1), self._key(i)

    def _key(self, i: int) -> str:
        key = self._keys.get(i)
        if key is None:
            up = self._parent[i]
            key = "root" if up < 0 else f"{self._key(up)}.{self._actions[up][self._action[i]]}"
            self._keys[i] = key
        return key
