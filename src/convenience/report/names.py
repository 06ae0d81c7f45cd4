"""Short names and plain-word descriptions of equilibria, shared by every view of a game.

A report (and any other view) calls equilibria by short stable names, ``E1``, ``E2``, ... in
the order the solver lists them, and shows each one's full plan once, in one table. Elsewhere
an equilibrium is its name plus what happens when it is played:

* a tree equilibrium is its path in plain words, ``Russia restrains → Iran refrains``;
  where the play parts at a chance move, the shared start is written once and each outcome
  of the chance move gets its own line (:func:`play_lines`), so the play of each type of a
  signalling game stands on its own line (``Weak (1/10): Sender: Beer → Receiver retreats``);
  a table cell shows the lines one under the other, prose and figures on one line, and a
  list (:func:`play_items`) nests a chance move inside an outcome's play under that outcome;
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
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, NamedTuple

from convenience.report.tables import LINE_BREAK

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
    """``text`` on one line, cut to at most ``limit`` characters after a whole word, an
    ellipsis marking the cut (a single word longer than the limit is cut inside)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    cut = cut[:space] if space > 0 else cut[:limit - 1]
    return cut.rstrip(" ,;:·→") + "…"


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
class Step(NamedTuple):
    """One step of a path: its words, whether it is an outcome of a chance move, and the
    information set of the decision it is (None for chance). Two moves worded alike after
    different outcomes of chance are one decision only when they share an information set:
    a mover who tells the outcomes apart decides after each on its own."""

    text: str
    chance: bool
    infoset: int | None = None


@dataclass(frozen=True)
class Play:
    """What a tree equilibrium plays, as an outline: the moves every branch makes (``start``),
    then where the play parts either the outcomes of a chance move, each heading the play that
    follows it (``outcomes``; outcomes followed by the same play share one heading, ``Fake
    (3/10), Genuine (7/10)``), or the paths of a move played at random (``paths``, each the
    rest of a path, chance moves in it written inline). ``hidden``: branches left out."""

    start: tuple[Step, ...] = ()
    outcomes: tuple[tuple[Step, Play], ...] = ()
    paths: tuple[tuple[Step, ...], ...] = ()
    hidden: int = 0


def play_outline(equilibrium: Any, max_lines: int = MAX_LINES) -> Play:
    """The play of a tree equilibrium as a :class:`Play`, parting at each chance move met on
    its paths (at most ``max_lines`` paths, then how many are left out).

    Where play parts at a chance move, the moves every outcome makes right after it join the
    shared start when they are one decision (the same information set: the mover does not know
    the outcome), so the start says what is played whatever chance draws; outcomes followed by
    the same play share a heading, and when all of them are, the chance move changes nothing
    the players do and is not mentioned. A chance move inside an outcome's play parts it again
    (any depth). Where play parts at a move played at random by a player, each path is kept
    whole. With paths left out, nothing is grouped (what is not shown could differ)."""
    leaves, hidden = _leaves(equilibrium, max_lines)
    return replace(_outline(leaves, group=not hidden), hidden=hidden)


def _outline(paths: Sequence[Sequence[Step]], group: bool = True) -> Play:
    start = _common(paths)
    if len(paths) <= 1:
        return Play(tuple(start))
    rests = [path[len(start):] for path in paths]
    if not group or not all(rest and rest[0].chance for rest in rests):
        return Play(tuple(start), paths=tuple(tuple(rest) for rest in rests))
    shared = _common([rest[1:] for rest in rests])  # the same decision after every outcome
    shared = shared[:next((k for k, step in enumerate(shared) if step.chance), len(shared))]
    tails: dict[Step, list[Sequence[Step]]] = {}
    for rest in rests:
        tails.setdefault(rest[0], []).append(rest[1 + len(shared):])
    plays = {outcome: _outline(after) for outcome, after in tails.items()}
    if len({_wording(play) for play in plays.values()}) == 1:  # the same play whatever chance draws
        play = next(iter(plays.values()))
        return replace(play, start=(*start, *shared, *play.start))
    groups: dict[tuple[str, ...], tuple[list[str], Play]] = {}
    for outcome, play in plays.items():  # a move played at random after the outcome: a branch per path
        for branch in [Play((*play.start, *path)) for path in play.paths] or [play]:
            groups.setdefault(_wording(branch), ([], branch))[0].append(outcome.text)
    return Play((*start, *shared), outcomes=tuple((Step(", ".join(texts), True), play)
                                                  for texts, play in groups.values()))


def _wording(play: Play) -> tuple[str, ...]:
    """How ``play`` reads, path by path: plays worded alike share a heading."""
    return tuple(_joined(path) for path in _paths(play))


def _paths(play: Play) -> list[list[Step]]:
    """Every path of ``play`` from its start, outcomes of chance included."""
    if play.outcomes:
        return [[*play.start, outcome, *path] for outcome, after in play.outcomes for path in _paths(after)]
    if play.paths:
        return [[*play.start, *path] for path in play.paths]
    return [list(play.start)]


def play_lines(equilibrium: Any, max_lines: int = MAX_LINES) -> list[str]:
    """What happens when the tree equilibrium is played, as lines to show one under the other
    (a table cell's lines: one per final outcome, since a cell cannot nest).

    A path that never branches is one line, ``["Russia restrains → Iran refrains"]``. Where
    play parts at a chance move (or at a move played at random), the start every branch shares
    is written once, ending in an arrow, and each branch follows on its own line, headed by the
    chance outcome and its probability::

        UnitedStates offers → Iran hedges →
        Reliable (1/5): Russia: Loyal
        Opportunist (4/5): Russia: Deal

    The start holds the moves made whatever chance draws (:func:`play_outline`); branches
    that go on alike share a line (``Fake (3/10), Genuine (7/10): Iran protests``), and when
    all of them do, the play is one line. A chance move at the root has no shared start: each
    type of a signalling game gets its own line. Chance moves inside a branch are written in its
    line (``Reliable (1/5): Iran commits → Fake (3/10): Iran protests``); consecutive outcomes
    are joined (``Strong (1/2) · Early (1/3): ...``), and a chance move that ends the game is
    one move (``Inspector reports → Upheld (2/3) or Overturned (1/3)``). At most ``max_lines``
    branches are shown, then how many more there are.
    """
    play = play_outline(equilibrium, max_lines)
    paths = _paths(play)
    if len(paths) == 1 and not play.hidden:
        return [_joined(paths[0]) or "the game ends at once"]
    start = len(play.start)
    lines = [_joined(path[start:]) or "the game ends" for path in paths]
    if play.hidden:
        lines.append(_more(play.hidden))
    return ([_joined(play.start, open_end=True)] if start else []) + lines


def play_items(equilibrium: Any, max_lines: int = MAX_LINES) -> tuple[str, list[tuple[int, str]]]:
    """The play of a tree equilibrium as its shared start (``""`` if none) and the items of a
    nested list, ``(depth, text)``: an item per outcome of a chance move and, under an outcome
    whose play parts at another chance move, that move's outcomes one level deeper, the heading
    written once (``Detected (1/4): Inspector reports, then:``). A move played at random after
    an outcome gives an item per path, each headed by the outcome. ``("...", [])`` when the play
    is one line."""
    play = play_outline(equilibrium, max_lines)
    if not play.outcomes and not play.paths and not play.hidden:
        return _joined(play.start) or "the game ends at once", []
    items = _outcome_items(play, 0) if play.outcomes else [(0, _joined(path)) for path in play.paths]
    if play.hidden:
        items.append((0, _more(play.hidden)))
    return _joined(play.start), items


def _outcome_items(play: Play, depth: int) -> list[tuple[int, str]]:
    items: list[tuple[int, str]] = []
    for outcome, after in play.outcomes:
        if after.outcomes:  # a chance move inside: its outcomes nest under this one
            items.append((depth, f"{_joined([outcome, *after.start])}, then:" if after.start else
                          f"{outcome.text}, then:"))
            items += _outcome_items(after, depth + 1)
        else:
            items += [(depth, _joined([outcome, *path])) for path in _paths(after)]
    return items


def _more(hidden: int) -> str:
    return f"and {hidden} more branch{'es' if hidden > 1 else ''}"


def _common(paths: Sequence[Sequence[Step]]) -> list[Step]:
    """The steps every path starts with."""
    common = 0
    while all(len(p) > common for p in paths) and len({p[common] for p in paths}) == 1:
        common += 1
    return list(paths[0][:common]) if paths else []


def _joined(steps: Sequence[Step], open_end: bool = False) -> str:
    """``Russia: Strict → Iran keeps → Fake (3/10): Iran protests``: moves joined by arrows, a
    chance outcome followed by a colon (``NoReport (7/10): the game ends`` when nothing follows
    it), consecutive outcomes by a dot. ``open_end``: the text goes on on another line, so it
    ends in an arrow (or a colon after a chance outcome)."""
    out = ""
    for k, step in enumerate(steps):
        if k:
            out += (" · " if step.chance else ": ") if steps[k - 1].chance else ARROW
        out += step.text
    if steps and open_end:
        out += ":" if steps[-1].chance else ARROW.rstrip()
    elif steps and steps[-1].chance:
        out += ": the game ends"
    return out


def _leaves(equilibrium: Any, max_lines: int) -> tuple[list[list[Step]], int]:
    """``([steps to a leaf, ...], branches left out)``: the paths the equilibrium plays with
    positive probability, in the tree's order, at most ``max_lines`` of them."""
    tree = equilibrium.tree
    odds = getattr(equilibrium, "chance_odds", True)
    leaves: list[list[Step]] = []
    stack: list[tuple[int, list[Step]]] = [(0, [])]
    hidden = 0
    while stack:
        node, steps = stack.pop()
        mover = int(tree.mover[node])
        if mover == -2:  # terminal
            leaves.append(steps)
            continue
        first = int(tree.first_child[node])
        todo: list[tuple[int, list[Step]]]
        if mover == -1:  # chance
            labels = tree.actions_at(node)
            drawn = [(first + a, f"{labels[a]} ({number(tree.prob[first + a])})" if odds else labels[a])
                     for a in range(int(tree.n_children[node])) if tree.prob[first + a] > 0]
            if all(int(tree.mover[child]) == -2 for child, _ in drawn):  # chance ends the game
                todo = [(drawn[0][0], steps + [Step(" or ".join(text for _, text in drawn), False)])]
            else:
                todo = [(child, steps + [Step(text, True)]) for child, text in drawn]
        else:
            h = int(tree.infoset[node])
            probs = equilibrium.action_probabilities(h)
            actions = tree.infosets[h].actions
            used = [(a, p) for a, p in enumerate(probs) if p is None or p > 0]
            player = tree.players[mover]
            if len(used) == 1:
                todo = [(first + used[0][0], steps + [Step(action_phrase(player, actions[used[0][0]], tree.players),
                                                           False, h)])]
            elif all(int(tree.mover[first + a]) == -2 for a, _ in used):  # a last move, mixed
                mixed = mixed_phrase(player, [(actions[a], p) for a, p in used], tree.players)
                todo = [(first + used[0][0], steps + [Step(mixed, False, h)])]
            else:
                todo = [(first + a, steps + [Step(_weighted(action_phrase(player, actions[a], tree.players), p), False, h)])
                        for a, p in used]
        if len(leaves) + len(stack) + len(todo) > max_lines:
            hidden += len(todo) - 1
            todo = todo[:1]
        stack.extend(reversed(todo))
    return leaves, hidden


def one_line(text: str, limit: int | None = None) -> str:
    """A play written on lines (joined by :data:`LINE_BREAK`) on one line, for prose and
    figures: ``UnitedStates offers → Iran hedges → Reliable (1/5): Russia: Loyal; Opportunist
    (4/5): Russia: Deal`` (a line ending in an arrow or a colon goes on after a space, the
    others after a semicolon). Over ``limit`` characters, the branches that do not fit are left
    out whole (``...; …``); the text is cut after a word only when not even one branch fits."""
    units: list[str] = []
    for line in text.split(LINE_BREAK):
        if units and units[-1].endswith((ARROW.rstrip(), ":")):
            units[-1] += " " + line
        else:
            units.append(line)
    whole = "; ".join(units)
    if limit is None or len(whole) <= limit:
        return whole
    kept = next((k for k in range(len(units) - 1, 0, -1) if len("; ".join(units[:k]) + "; …") <= limit), 0)
    return "; ".join(units[:kept]) + "; …" if kept else fit(whole, limit)


def play_text(equilibrium: Any, limit: int | None = MAX_LABEL) -> str:
    """The play of a tree equilibrium for a table cell: its lines (:func:`play_lines`) joined by
    :data:`LINE_BREAK` (a line break in the cell), a line longer than ``limit`` wrapped after
    an arrow (:func:`wrapped`)."""
    lines = play_lines(equilibrium)
    return LINE_BREAK.join(lines if limit is None else [part for line in lines for part in wrapped(line, limit)])


def wrapped(line: str, limit: int = MAX_LABEL) -> list[str]:
    """``line`` as lines of at most ``limit`` characters, broken after an arrow (so a line that
    ends in one goes on in the next, as a shared start does); a single move longer than the
    limit is cut after a word (:func:`fit`)."""
    out: list[str] = []
    for step in line.split(ARROW):
        if out and len(out[-1]) + len(ARROW) + len(step) <= limit:
            out[-1] += ARROW + step
        else:
            if out:
                out[-1] += ARROW.rstrip()
            out.append(step)
    return [fit(part, limit) for part in out]


def plain_path(equilibrium: Any, limit: int | None = None) -> str:
    """The play of a tree equilibrium on one line (:func:`one_line` of :func:`play_lines`), cut
    to ``limit``: ``Entrant: In → Strong (1/4): Incumbent fights; Weak (3/4): Incumbent
    accommodates``."""
    text = one_line(LINE_BREAK.join(play_lines(equilibrium)))
    return text if limit is None else fit(text, limit)


class _Plan:
    """A plan read back from its label, enough to walk its path (see :func:`plan_path`): at each
    information set the actions played; several (``"Mobilize or Stand"``) have probabilities
    the label does not give (None). Chance outcomes are named without their probabilities: the
    plan may come from a draw or a point where they differ from the tree's."""

    chance_odds = False

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
    """The play (:func:`play_text`) of the plan written ``label`` (``"Russia: CloseEyes; Iran: Restrain:
    Refrain, CloseEyes: Refrain"``) in ``tree``; a move written ``"Mobilize or Stand"`` is
    played at random (its probabilities are not in the label, so none are shown); empty when
    the label does not read as a plan of this tree (an unknown action). Chance outcomes are
    named without probabilities (``Reliable: Russia: Loyal``): the plan may hold where they
    differ from ``tree``'s."""
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
        found = _choices_by_label(text, [tree.infosets[h] for h in own], alone=len(own) == 1)
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
    return play_text(_Plan(tree, choices), limit)


def _choices_by_label(text: str, infosets: list[Any], alone: bool = False) -> dict[str, str] | None:
    """``{"reliable Russia, Iran hedging": "Loyal", ...}`` read from a player's part of a plan,
    ``"reliable Russia, Iran hedging: Loyal, opportunist Russia, Iran hedging: Deal"``: each
    information set's label followed by one of its actions, or several played at random
    (``"Mobilize or Stand"``, or a support as the sensitivity analysis writes it,
    ``"Mobilize, Stand"``), the labels themselves allowed to hold commas; None when the text
    is not exactly such entries. ``alone``: the player moves at one information set, which the
    text does not name (``"Mobilize, Stand"``)."""
    if alone:
        taken = _actions(text, infosets[0].actions, infosets)
        return {infosets[0].label: " or ".join(taken[0])} if taken is not None and not taken[1] else None
    wanted: dict[str, str] = {}
    rest = text
    while rest:
        for infoset in sorted(infosets, key=lambda i: -len(i.label)):
            taken = _actions(rest[len(infoset.label) + 2:], infoset.actions, infosets) \
                if rest.startswith(f"{infoset.label}: ") else None
            if taken is not None:
                wanted[infoset.label], rest = " or ".join(taken[0]), taken[1]
                break
        else:
            return None
    return wanted


def _actions(text: str, actions: Sequence[str], infosets: Sequence[Any] = ()) -> tuple[list[str], str] | None:
    """The actions ``text`` starts with (``"Attack or BackDown, ..."``, or ``"Attack, BackDown,
    ..."``: a support) and what follows the comma after them; None when it does not start
    with one of ``actions``. After a comma, the label of one of ``infosets`` followed by a colon
    starts the next entry; another of ``actions`` continues the support."""
    taken: list[str] = []

    def starts_action(rest: str) -> str | None:
        return next((a for a in sorted(actions, key=len, reverse=True)
                     if rest == a or rest.startswith((f"{a}, ", f"{a} or "))), None)

    while True:
        action = starts_action(text)
        if action is None:
            return None
        taken.append(action)
        text = text[len(action):]
        if text.startswith(" or "):
            text = text[4:]
            continue
        rest = text[2:]
        if text.startswith(", ") and starts_action(rest) is not None \
                and not any(rest.startswith(f"{i.label}: ") for i in infosets):
            text = rest
            continue
        return taken, rest


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
    """What an equilibrium does, in a table cell: a tree's play (:func:`play_text`, a line
    per branch of chance), a profile otherwise."""
    if hasattr(equilibrium, "tree"):
        return play_text(equilibrium, limit)
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
        text = one_line(self.description(label) or self.description(self.label_of(name)))
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
