"""Short names and plain-word descriptions of equilibria, shared by every view of a game.

A report (and any other view) calls equilibria by short stable names, ``E1``, ``E2``, ... in
the order the solver lists them, and shows each one's full plan once, in one table. Elsewhere
an equilibrium is its name plus what happens when it is played:

* a tree equilibrium is its path in plain words, ``Russia restrains → Iran refrains``;
  a chance move splits the path into one line per outcome, so the play of each type of a
  signalling game stands on its own line (``Weak (1/10): Sender: Beer → Receiver retreats``);
* a strategic-form equilibrium is its profile, ``(Tariff, Tariff)``, or the mixtures of
  the players who mix.

Verbs are conjugated only when an action reads as one (``Restrain`` -> ``restrains``,
``CloseEyes`` -> ``closes eyes``); other actions keep the ``Player: Action`` form
(``Entrant: In``). Nothing here solves or reads files: these are pure functions of
equilibria the analysis has already verified.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from fractions import Fraction
from typing import Any

#: The longest label a table cell or a sentence shows; longer text is cut with an ellipsis
#: (the full plan is in the report's table of plans).
MAX_LABEL = 80
#: The most path lines shown for one equilibrium (chance outcomes and mixed moves branch).
MAX_LINES = 6
ARROW = " → "

# Action words that are not verbs, so "Player: Action" reads better than a conjugated verb.
_NOT_VERBS = frozenset({
    "in", "out", "up", "down", "left", "right", "across", "top", "bottom", "middle", "centre", "center",
    "yes", "no", "none", "nothing", "high", "low", "strong", "weak", "beer", "quiche", "silent", "tough",
    "soft", "hawk", "dove", "hawkish", "dovish", "red", "green", "blue", "big", "small", "early", "late",
    "first", "second", "now", "never", "always", "all", "some", "status", "quo", "same", "other", "home",
    "away", "north", "south", "east", "west", "peace", "war", "alone", "strict", "discreet", "together",
    "quiet", "firm", "fake", "real", "honest", "secret", "full", "lax", "loose", "tight", "aloof", "both",
    "neither", "either", "only", "fast", "slow", "hard", "easy"
})
_ADJECTIVE_ENDINGS = ("ent", "al", "ous", "ive", "ful", "less", "ic", "ed", "ing", "ish", "ant")


# -- names ----------------------------------------------------------------------------------
def short_name(index: int, prefix: str = "E") -> str:
    """``E3`` for the third equilibrium (``index`` counts from 1)."""
    return f"{prefix}{index}"


def short_names(count: int, prefix: str = "E") -> tuple[str, ...]:
    """``("E1", ..., "En")``."""
    return tuple(short_name(k, prefix) for k in range(1, count + 1))


def fit(text: str, limit: int = MAX_LABEL) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rstrip(" ,;:→")
    return cut + "…"


def number(value: Any) -> str:
    """``1/3`` for exact probabilities, three significant digits for floats."""
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.3g}"


# -- verbs ----------------------------------------------------------------------------------
def _words(action: str) -> list[str]:
    """``CloseEyes`` -> ``["Close", "Eyes"]``; ``close_eyes`` / ``close eyes`` likewise."""
    parts = re.split(r"[\s_\-]+", action.strip())
    out: list[str] = []
    for part in parts:
        out += re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+|[^A-Za-z\d]+", part) or [part]
    return [w for w in out if w]


def _third_person(verb: str) -> str:
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if len(verb) > 1 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _is_verb(word: str) -> bool:
    lower = word.lower()
    return (len(word) > 2 and word.isalpha() and not word.isupper() and lower not in _NOT_VERBS
            and not lower.endswith(_ADJECTIVE_ENDINGS))


def action_phrase(player: str, action: str, proper: Collection[str] = ()) -> str:
    """``Russia restrains``, ``Russia closes eyes``; ``Entrant: In`` when the action is no verb.
    Words in ``proper`` (the players' names) keep their capital: ``Turkey backs Iran``."""
    words = _words(action)
    if not words or not _is_verb(words[0]):
        return f"{player}: {action}"
    rest = [w if (w.isupper() and len(w) > 1) or w in proper else w.lower() for w in words[1:]]
    return " ".join([player, _third_person(words[0].lower()), *rest])


def mixed_phrase(player: str, used: Sequence[tuple[str, Any]], proper: Collection[str] = ()) -> str:
    """``Challenger attacks (1/4) or backs down (3/4)``."""
    parts = []
    for k, (action, p) in enumerate(used):
        phrase = action_phrase(player, action, proper)
        if k and phrase.startswith(player + " "):
            phrase = phrase[len(player) + 1:]
        parts.append(_weighted(phrase, p))
    return " or ".join(parts)


def _weighted(phrase: str, p: Any) -> str:
    """``"Iran hedges (1/2)"``; the phrase alone when the probability is not known (None: a
    plan read back from a label that names only the actions played)."""
    return phrase if p is None else f"{phrase} ({number(p)})"


# -- tree equilibria ------------------------------------------------------------------------
def path_lines(equilibrium: Any, max_lines: int = MAX_LINES) -> list[str]:
    """What happens when the tree equilibrium is played, one line per branch of chance (or of
    a mixed move): ``["Russia restrains → Iran refrains"]``. A chance move at the root heads
    each line with its outcome and probability (``"Weak (1/10): ..."``)."""
    lines, hidden = _branches(equilibrium, max_lines)
    out = [(f"{head}: " if head else "") + (ARROW.join(steps) or "the game ends at once") for head, steps in lines]
    if hidden:
        out.append(f"… and {hidden} more branch{'es' if hidden > 1 else ''}")
    return out


def _branches(equilibrium: Any, max_lines: int) -> tuple[list[tuple[str, list[str]]], int]:
    """``([(chance head, steps), ...], branches left out)`` of the equilibrium's play."""
    tree = equilibrium.tree
    lines: list[tuple[str, list[str]]] = []
    stack: list[tuple[int, str, list[str]]] = [(0, "", [])]
    hidden = 0
    while stack:
        node, head, steps = stack.pop()
        mover = int(tree.mover[node])
        if mover == -2:  # terminal
            lines.append((head, steps))
            continue
        first = int(tree.first_child[node])
        if mover == -1:  # chance
            probs = [tree.prob[first + a] for a in range(int(tree.n_children[node]))]
            labels = tree.actions_at(node)
            branches = [(first + a, f"{labels[a]} ({number(p)})") for a, p in enumerate(probs) if p > 0]
            if node == 0 or not steps:
                todo = [(child, (head + " · " if head else "") + text, list(steps)) for child, text in branches]
            else:
                todo = [(child, head, steps + [text]) for child, text in branches]
        else:
            h = int(tree.infoset[node])
            probs = equilibrium.action_probabilities(h)
            actions = tree.infosets[h].actions
            used = [(a, p) for a, p in enumerate(probs) if p is None or p > 0]
            player = tree.players[mover]
            if len(used) == 1:
                todo = [(first + used[0][0], head, steps + [action_phrase(player, actions[used[0][0]], tree.players)])]
            elif all(int(tree.mover[first + a]) == -2 for a, _ in used):  # a last move, mixed
                mixed = mixed_phrase(player, [(actions[a], p) for a, p in used], tree.players)
                todo = [(first + used[0][0], head, steps + [mixed])]
            else:
                todo = [(first + a, head, steps + [_weighted(action_phrase(player, actions[a], tree.players), p)])
                        for a, p in used]
        if len(lines) + len(stack) + len(todo) > max_lines:
            hidden += len(todo) - 1
            todo = todo[:1]
        stack.extend(reversed(todo))
    return lines, hidden


def plain_path(equilibrium: Any, limit: int | None = None) -> str:
    """The path of a tree equilibrium on one line, cut to ``limit``.

    When chance moves first, play that is the same whatever chance drew is written once
    (``Sender: Beer → Receiver retreats`` for a pooling equilibrium), moves shared by every
    branch come first, and outcomes followed by the same play share a line
    (``Entrant: In → Strong: Incumbent fights; Weak: Incumbent accommodates``).
    """
    lines, hidden = _branches(equilibrium, MAX_LINES)
    if lines and all(head for head, _ in lines) and not hidden:
        steps = [list(s) for _, s in lines]
        common = 0
        while all(len(s) > common for s in steps) and len({s[common] for s in steps}) == 1:
            common += 1
        merged: dict[str, list[str]] = {}
        for head, rest in lines:
            key = ARROW.join(rest[common:])
            short = head.split(" · ")[0].rsplit(" (", 1)[0]
            if short not in merged.setdefault(key, []):
                merged[key].append(short)
        prefix = ARROW.join(steps[0][:common])
        if len(merged) == 1:
            text = prefix or next(iter(merged))
        else:
            branches = "; ".join(f"{', '.join(heads)}: {rest or 'ends'}" for rest, heads in merged.items())
            text = f"{prefix}{ARROW}{branches}" if prefix else branches
    elif len(lines) > 1 and not any(head for head, _ in lines) and not hidden:
        text = _factored([steps for _, steps in lines])
    else:
        text = "; ".join(path_lines(equilibrium))
    return text if limit is None else fit(text, limit)


def _factored(branches: list[list[str]]) -> str:
    """Branches that part at a chance or mixed move inside the tree, written with their shared
    start once: ``"Russia: Strict → Iran keeps → Fake (3/10) → Iran protests; Genuine (7/10) →
    Iran: Silent"``; branches that go on alike after the parting move share one entry
    (``"Fake (3/10), Genuine (7/10) → Iran protests"``)."""
    common = 0
    while all(len(b) > common for b in branches) and len({b[common] for b in branches}) == 1:
        common += 1
    merged: dict[str, list[str]] = {}
    for b in branches:
        rest = b[common:]
        merged.setdefault(ARROW.join(rest[1:]), []).append(rest[0] if rest else "")
    prefix = branches[0][:common]
    parts = [ARROW.join([", ".join(h for h in heads if h)] + ([rest] if rest else [])) for rest, heads in merged.items()]
    return ARROW.join(prefix + ["; ".join(parts)]) if prefix else "; ".join(parts)


class _Plan:
    """A plan read back from its label, enough to walk its path (see :func:`plan_path`): at each
    information set the actions played; several (``"Mobilize or Stand"``) have probabilities
    the label does not give (None)."""

    def __init__(self, tree: Any, choices: dict[int, tuple[int, ...]]) -> None:
        self.tree = tree
        self.choices = choices

    def action_probabilities(self, h: int) -> list[int | None]:
        n = len(self.tree.infosets[h].actions)
        played = self.choices.get(h, (0,))
        if len(played) == 1:
            return [int(a == played[0]) for a in range(n)]
        return [None if a in played else 0 for a in range(n)]


def plan_path(tree: Any, label: str, limit: int | None = None) -> str:
    """The plain path of the plan written ``label`` (``"Russia: CloseEyes; Iran: Restrain:
    Refrain, CloseEyes: Refrain"``) in ``tree``; a move written ``"Mobilize or Stand"`` is
    played at random (its probabilities are not in the label, so none are shown); empty when
    the label does not read as a plan of this tree (an unknown action)."""
    by_player: dict[str, str] = {}
    for chunk in label.split("; "):
        head, sep, rest = chunk.partition(": ")
        if not sep or head not in tree.players:
            return ""
        by_player[head] = rest
    choices: dict[int, tuple[int, ...]] = {}
    for i, player in enumerate(tree.players):
        own = [h for h, infoset in enumerate(tree.infosets) if infoset.player == i]
        text = by_player.get(player)
        if text is None:
            continue
        found = {tree.infosets[own[0]].label: text} if len(own) == 1 else \
            _choices_by_label(text, [tree.infosets[h] for h in own])
        if found is None:
            return ""
        wanted: dict[str, str] = found
        for h in own:
            chosen = wanted.get(tree.infosets[h].label)
            if chosen is None:
                continue
            actions = tree.infosets[h].actions
            played = chosen.split(" or ")
            if any(a not in actions for a in played):
                return ""
            choices[h] = tuple(actions.index(a) for a in played)
    return plain_path(_Plan(tree, choices), limit)


def _choices_by_label(text: str, infosets: list[Any]) -> dict[str, str] | None:
    """``{"reliable Russia, Iran hedging": "Loyal", ...}`` read from a player's part of a plan,
    ``"reliable Russia, Iran hedging: Loyal, opportunist Russia, Iran hedging: Deal"``: each
    information set's label followed by one of its actions (or several played at random,
    ``"Mobilize or Stand"``), the labels themselves allowed to hold commas; None when the text
    is not exactly such entries."""
    wanted: dict[str, str] = {}
    rest = text
    while rest:
        for infoset in sorted(infosets, key=lambda i: -len(i.label)):
            taken = _actions(rest[len(infoset.label) + 2:], infoset.actions) \
                if rest.startswith(f"{infoset.label}: ") else None
            if taken is not None:
                wanted[infoset.label], rest = " or ".join(taken[0]), taken[1]
                break
        else:
            return None
    return wanted


def _actions(text: str, actions: Sequence[str]) -> tuple[list[str], str] | None:
    """The actions ``text`` starts with (``"Attack or BackDown, ..."``) and what follows the
    comma after them; None when it does not start with one of ``actions``."""
    taken: list[str] = []
    while True:
        action = next((a for a in sorted(actions, key=len, reverse=True)
                       if text == a or text.startswith((f"{a}, ", f"{a} or "))), None)
        if action is None:
            return None
        taken.append(action)
        text = text[len(action):]
        if not text.startswith(" or "):
            return taken, text[2:]
        text = text[4:]


def type_lines(equilibrium: Any) -> list[str]:
    """The play of each type of a game whose root is a chance move, one line per type; empty
    for trees that do not start with chance."""
    tree = equilibrium.tree
    if int(tree.mover[0]) != -1:
        return []
    return path_lines(equilibrium, max_lines=max(MAX_LINES, int(tree.n_children[0])))


# -- strategic-form equilibria --------------------------------------------------------------
def profile_text(equilibrium: Any, limit: int | None = MAX_LABEL) -> str:
    """``(Tariff, Tariff)`` for a pure profile; for a mixed one, each player's play
    (``Row: Up 1/2, Down 1/2; Column: Left``), cut to ``limit``."""
    players = list(equilibrium.players)
    if getattr(equilibrium, "is_pure", False):
        text = "(" + ", ".join(equilibrium.strategy_label(i) for i in range(len(players))) + ")"
    else:
        text = "; ".join(f"{p}: {equilibrium.strategy_label(i)}" for i, p in enumerate(players))
    return text if limit is None else fit(text, limit)


def describe(equilibrium: Any, limit: int | None = MAX_LABEL) -> str:
    """What an equilibrium does, in a table cell: a tree's plain path, a profile otherwise."""
    if hasattr(equilibrium, "tree"):
        return plain_path(equilibrium, limit)
    if hasattr(equilibrium, "strategy_label"):
        return profile_text(equilibrium, limit)
    return fit(str(equilibrium.label()), limit or 10**9)


def compress_names(text: str, prefix: str = "E") -> str:
    """Lists of short names in ``text`` sorted and shortened to ranges:
    ``"E1, E3, E2 and E4 stop"`` -> ``"E1–E4 stop"``."""
    item = rf"{prefix}\d+"
    pattern = re.compile(rf"\b{item}(?:(?:, | and ){item}\b)+")

    def shorten(match: re.Match) -> str:
        numbers = sorted({int(n) for n in re.findall(rf"{prefix}(\d+)", match.group(0))})
        runs: list[list[int]] = []
        for n in numbers:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        parts = [f"{prefix}{r[0]}–{prefix}{r[-1]}" if len(r) > 2 else ", ".join(f"{prefix}{n}" for n in r)
                 for r in runs]
        words = ", ".join(parts).rsplit(", ", 1)
        return " and ".join(words) if len(words) == 2 else words[0]

    return pattern.sub(shorten, text)


# -- one namespace per report ---------------------------------------------------------------
class Names:
    """Short names for the equilibria of one game, keyed by their full labels.

    Equilibria are named in the order they are added (``E1``, ``E2``, ...); adding a label
    already named keeps its name, so the same equilibrium has the same name in every
    section. :meth:`rename` replaces every full label inside a text by its name.
    """

    def __init__(self, prefix: str = "E") -> None:
        self.prefix = prefix
        self._names: dict[str, str] = {}
        self._described: dict[str, str] = {}
        self._aliases: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        self._objects: dict[str, Any] = {}

    def add(self, label: str, description: str = "") -> str:
        label = str(label)
        if label not in self._names:
            self._names[label] = short_name(len(self._names) + 1, self.prefix)
        if description and label not in self._described:
            self._described[label] = description
        return self._names[label]

    def add_equilibrium(self, equilibrium: Any) -> str:
        """Name an equilibrium object (described by its path or profile); remember its full plan."""
        label = str(equilibrium.label())
        name = self.add(label, describe(equilibrium))
        self._objects.setdefault(label, equilibrium)
        return name

    def add_all(self, equilibria: Iterable[Any]) -> tuple[str, ...]:
        return tuple(self.add_equilibrium(e) for e in equilibria)

    def alias(self, other: str, label: str) -> None:
        """Let ``other`` (another way of writing the equilibrium ``label``) share its name."""
        if other not in self._names and label in self._names:
            self._aliases[other] = self._names[label]

    def shorten(self, text: str, short: str) -> None:
        """Write ``short`` for ``text`` wherever :meth:`rename` meets it (not an equilibrium's name:
        e.g. a repeated game's target profile)."""
        self._texts[text] = short

    def equilibrium(self, label: str) -> Any:
        """The equilibrium object named for ``label``, if one was added."""
        return self._objects.get(str(label))

    def name(self, label: str) -> str | None:
        label = str(label)
        return self._names.get(label) or self._aliases.get(label)

    def description(self, label: str) -> str:
        return self._described.get(str(label), "")

    def titled(self, label: str, limit: int = MAX_LABEL) -> str:
        """``E1 (Russia restrains → Iran refrains)``, or the label cut to ``limit`` if unnamed."""
        name = self.name(label)
        if name is None:
            return fit(label, limit)
        text = self.description(label) or self.description(self.label_of(name))
        if not text:
            return name
        if text.startswith("(") and text.endswith(")"):
            return f"{name} {fit(text, limit - len(name) - 1)}"
        return f"{name} ({fit(text, limit - len(name) - 3)})"

    def label_of(self, name: str) -> str:
        """The full label first given ``name``."""
        return next((label for label, n in self._names.items() if n == name), "")

    def labels(self) -> list[str]:
        return list(self._names)

    def rename(self, text: str) -> str:
        """``text`` with every named label replaced by its short name (longest labels first)."""
        known = {**self._texts, **self._aliases, **self._names}
        for label in sorted(known, key=len, reverse=True):
            if label and label in text:
                text = text.replace(label, known[label])
        return text

    def rename_all(self, texts: Sequence[str]) -> list[str]:
        return [self.rename(t) for t in texts]
