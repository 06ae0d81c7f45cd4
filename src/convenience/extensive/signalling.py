"""Perfect Bayesian equilibria of small games with incomplete information (signalling games).

A (weak) perfect Bayesian equilibrium is a behaviour profile with a belief at every
information set such that (1) every player's actions are optimal at every information set
given its belief and the others' strategies (sequential rationality) and (2) beliefs follow
Bayes' rule wherever the information set is reached with positive probability. Off the
equilibrium path any belief is allowed; what matters is **which** beliefs sustain the
equilibrium, and those are reported: an interval for two-node information sets (for example
``P(Weak) in [1/2, 1]``), a feasibility check with the binding conditions for larger ones.

Candidates are the Nash equilibria of the reduced normal form (every extreme equilibrium for
two players), turned into behaviour strategies; each is kept when some beliefs make it
sequentially rational. Equilibria of signalling games are classified as **pooling** (every
type of the sender sends the same message), **separating** (each type a different one) or
**semi-separating** (some type mixes or types partly pool).

Pooling equilibria often rest on off-path beliefs no reasonable receiver would hold. The
**Intuitive Criterion** (Cho and Kreps, "Signaling games and stable equilibria", QJE 1987)
tests them: for a message nobody sends, rule out the types that could not gain from sending
it whatever the receiver then did (their equilibrium payoff beats every best reply); if some
remaining type gains from the message against every best reply to beliefs on the remaining
types, the equilibrium fails. :func:`intuitive_criterion` applies it to every off-path message.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from convenience.extensive.behaviour import edge_probabilities, reach_products
from convenience.extensive.tree import CHANCE, GameTree
from convenience.numbers import format_number


def continuation_values(tree: GameTree, strategy: np.ndarray) -> np.ndarray:
    """Expected payoff vector of play from every node onward under ``strategy``."""
    edge = edge_probabilities(tree, strategy)
    value = tree.payoffs.copy()
    for lo, hi, nxt, inner in tree.inner_levels_bottom_up():
        starts = tree.first_child[inner] - hi
        weighted = value[hi:nxt] * edge[hi:nxt, None]
        value[inner] = np.add.reduceat(weighted, starts, axis=0)
    return value


def belief_analysis(tree: GameTree, strategy: np.ndarray, tol: float = 1e-9) -> tuple[bool, dict, dict, list[str]]:
    """Check sequential rationality with Bayes-consistent beliefs.

    Returns ``(ok, beliefs, ranges, notes)``: ``beliefs`` maps information-set labels on the
    path to node-label -> probability; ``ranges`` maps off-path labels to a description of
    the beliefs that sustain the prescribed actions; ``notes`` says why a profile fails.
    """
    eps: Any = 0 if tree.is_exact else tol
    reach = reach_products(tree, edge_probabilities(tree, strategy))
    value = continuation_values(tree, strategy)
    off = tree.action_offset
    beliefs: dict[str, dict[str, Any]] = {}
    ranges: dict[str, str] = {}
    notes: list[str] = []
    for h, infoset in enumerate(tree.infosets):
        i = infoset.player
        nodes = list(infoset.nodes)
        played = [a for a, p in enumerate(strategy[off[h]:off[h + 1]]) if p > 0]
        # for each node, the player's value of each action
        vals = [[value[int(tree.first_child[x]) + a][i] for a in range(len(infoset.actions))] for x in nodes]
        total = sum((reach[x] for x in nodes), tree.zero())
        names = _node_names(tree, nodes)
        if total > 0:
            mu = [reach[x] / total for x in nodes]
            if len(nodes) > 1:
                beliefs[infoset.label] = dict(zip(names, mu))
            note = _bayes_rationality(tree, h, vals, mu, played, eps)
        else:
            note, sustaining = _off_path_rationality(tree, h, vals, names, played, eps)
            if sustaining:
                ranges[infoset.label] = sustaining
        if note:
            notes.append(note)
    return not notes, beliefs, ranges, notes


def _bayes_rationality(tree: GameTree, h: int, vals: list[list[Any]], mu: list[Any], played: list[int],
                       eps: Any) -> str:
    """On the path: why the played actions at information set ``h`` are not best replies to
    the beliefs ``mu`` given by Bayes' rule ("" when they are)."""
    infoset = tree.infosets[h]
    expected = [sum((m * v[a] for m, v in zip(mu, vals)), tree.zero()) for a in range(len(infoset.actions))]
    best = max(expected)
    if any(expected[a] < best - eps for a in played):
        return f"{tree.players[infoset.player]} does not best respond at '{infoset.label}' given Bayes' rule"
    return ""


def _off_path_rationality(tree: GameTree, h: int, vals: list[list[Any]], names: list[str], played: list[int],
                          eps: Any) -> tuple[str, str]:
    """Off the path: ``(why no belief makes the played actions optimal, or "", the beliefs
    that do)``: exactly for a single node, an interval for two nodes, a feasibility linear
    program for more."""
    infoset = tree.infosets[h]
    player = tree.players[infoset.player]
    if len(vals) == 1:
        v = vals[0]
        if any(v[a] < max(v) - eps for a in played):
            return (f"{player} would not play {infoset.actions[played[0]]} at '{infoset.label}' if it were "
                    "reached"), ""
        return "", ""
    if len(vals) == 2:
        lo, hi = _belief_interval(vals, played, tree.is_exact, eps)
        if lo > hi + eps:
            return (f"no belief at '{infoset.label}' makes {player}'s "
                    f"{', '.join(infoset.actions[a] for a in played)} optimal"), ""
        hi = max(hi, lo)
        return "", (f"P({names[0]}) in [{format_number(lo)}, {format_number(hi)}]" if lo != hi
                    else f"P({names[0]}) = {format_number(lo)}")
    if not _feasible_beliefs(vals, played):
        return f"no belief at '{infoset.label}' makes {player}'s choice optimal", ""
    return "", "some beliefs over " + ", ".join(names) + " sustain it (checked by LP)"


def _belief_interval(vals: list[list[Any]], played: list[int], exact: bool, eps: Any) -> tuple[Any, Any]:
    """The beliefs ``mu`` on the first of two nodes under which every played action is at least
    as good as every other: ``mu*d1 + (1-mu)*d2 >= 0`` with ``d`` the difference of their
    values at each node, intersected into ``[lo, hi]`` (empty when ``lo > hi``)."""
    lo, hi = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
    for a in played:
        for b in range(len(vals[0])):
            if b == a:
                continue
            d1 = vals[0][a] - vals[0][b]
            d2 = vals[1][a] - vals[1][b]
            slope = d1 - d2
            if slope == 0:
                if d2 < -eps:
                    lo, hi = Fraction(1) if exact else 1.0, Fraction(0) if exact else 0.0
                continue
            cut = -d2 / slope
            if slope > 0:
                lo = max(lo, cut)
            else:
                hi = min(hi, cut)
    return lo, hi


def _node_names(tree: GameTree, nodes: list[int]) -> list[str]:
    """Name nodes of an information set by the type (chance draw at the root) when that tells
    them apart, by their path otherwise."""
    if tree.mover[0] == CHANCE and 0 not in nodes:
        types = [tree.actions_at(0)[int(tree.action[tree.path(x)[1]])] for x in nodes]
        if len(set(types)) == len(types):
            return types
    return [tree.node_label(x) for x in nodes]


def _feasible_beliefs(vals: list[list[Any]], played: list[int]) -> bool:
    from scipy.optimize import linprog

    k = len(vals)
    rows = []
    for a in played:
        for b in range(len(vals[0])):
            if b != a:
                rows.append([-(float(v[a]) - float(v[b])) for v in vals])
    if not rows:
        return True
    res = linprog(np.zeros(k), A_ub=np.array(rows), b_ub=np.full(len(rows), 1e-12), A_eq=np.ones((1, k)),
                  b_eq=[1.0], bounds=[(0, 1)] * k, method="highs")
    return bool(res.status == 0)


def sender_structure(tree: GameTree) -> tuple[int, list[int]] | None:
    """``(sender, type nodes)`` when the root is a chance move to one player's distinct sets."""
    if tree.mover[0] != CHANCE:
        return None
    kids = list(tree.children(0))
    movers = {int(tree.mover[v]) for v in kids}
    if len(movers) != 1 or min(movers) < 0:
        return None
    sets = [int(tree.infoset[v]) for v in kids]
    if len(set(sets)) != len(sets):
        return None
    return movers.pop(), kids


def classify(tree: GameTree, strategy: np.ndarray) -> str:
    """``pooling on Quiche``, ``separating (Strong: Beer, Weak: Quiche)`` or ``semi-separating``."""
    found = sender_structure(tree)
    if found is None:
        return ""
    _, kids = found
    off = tree.action_offset
    messages = []
    for v in kids:
        h = int(tree.infoset[v])
        messages.append(tuple(strategy[off[h]:off[h + 1]]))
    types = [tree.actions_at(0)[int(tree.action[v])] for v in kids]
    acts = tree.infosets[int(tree.infoset[kids[0]])].actions
    pure = all(sum(1 for p in m if p > 0) == 1 for m in messages)
    if pure and len(set(messages)) == 1:
        return f"pooling on {acts[[p > 0 for p in messages[0]].index(True)]}"
    if pure and len(set(messages)) == len(messages):
        sent = ", ".join(f"{t}: {tree.infosets[int(tree.infoset[v])].actions[[p > 0 for p in m].index(True)]}"
                         for t, v, m in zip(types, kids, messages))
        return f"separating ({sent})"
    return "semi-separating"


def _best_replies(values: list[list[Any]], types: list[int]) -> list[int]:
    """Receiver actions that are a best reply to some belief over ``types`` (rows of
    ``values``: the receiver's payoff of each action at each type's node)."""
    return [a for a in range(len(values[0])) if _feasible_beliefs([values[t] for t in types], [a])]


def intuitive_criterion(tree: GameTree, strategy: np.ndarray) -> tuple[bool | None, str]:
    """Whether the equilibrium ``strategy`` of a signalling game survives the Intuitive
    Criterion, and a sentence saying why it fails; ``None`` when it sends every message (nothing
    to test) or the tree is not a signalling game (a chance move drawing the sender's type, then
    a receiver who sees only the message)."""
    found = sender_structure(tree)
    if found is None:
        return None, ""
    sender, kids = found
    messages = tree.actions_at(kids[0])
    if any(tree.actions_at(v) != messages for v in kids):
        return None, ""
    reach = reach_products(tree, edge_probabilities(tree, strategy))
    value = continuation_values(tree, strategy)
    types = [tree.actions_at(0)[int(tree.action[v])] for v in kids]
    payoff = [value[v][sender] for v in kids]
    tested = False
    for m, message in enumerate(messages):
        targets = [int(tree.first_child[v]) + m for v in kids]
        receiver = _unsent_message_receiver(tree, targets, reach, sender)
        if receiver is None:
            continue
        tested = True
        n = len(tree.infosets[int(tree.infoset[targets[0]])].actions)
        heard = [[value[int(tree.first_child[x]) + a][receiver] for a in range(n)] for x in targets]
        gets = [[value[int(tree.first_child[x]) + a][sender] for a in range(n)] for x in targets]
        failure = _equilibrium_dominance(heard, gets, payoff, types, message)
        if failure:
            return False, failure
    return (True, "") if tested else (None, "")


def _unsent_message_receiver(tree: GameTree, targets: list[int], reach: Any, sender: int) -> int | None:
    """The receiver of a message no type sends (``targets``: the nodes it leads to, one per
    type), when they form one information set of another player; None otherwise (the message
    is sent, or nobody else hears it alone)."""
    if any(reach[x] > 0 for x in targets):
        return None
    sets = {int(tree.infoset[x]) for x in targets}
    if len(sets) != 1 or any(tree.mover[x] < 0 for x in targets):
        return None
    receiver = int(tree.infoset_player[sets.pop()])
    return None if receiver == sender else receiver


def _equilibrium_dominance(heard: list[list[Any]], gets: list[list[Any]], payoff: list[Any], types: list[str],
                           message: str) -> str:
    """The Intuitive Criterion's test of one unsent ``message`` ("" when the equilibrium passes).

    ``heard``/``gets``: the receiver's and the sender's payoff of each reply at each type's
    node, ``payoff`` each type's equilibrium payoff. The types whose equilibrium payoff beats
    every best reply are ruled out; the equilibrium fails when a remaining type gains against
    every best reply to beliefs on the remaining types.
    """
    everyone = list(range(len(types)))
    replies = _best_replies(heard, everyone)
    excluded = [t for t in everyone if payoff[t] > max(gets[t][a] for a in replies)]
    remaining = [t for t in everyone if t not in excluded]
    if not excluded or not remaining:
        return ""
    replies = _best_replies(heard, remaining)
    for t in remaining:
        if min(gets[t][a] for a in replies) > payoff[t]:
            return (f"fails the Intuitive Criterion: only {', '.join(types[r] for r in remaining)} could "
                    f"gain from {message}, and believed so, {types[t]} would send it "
                    f"(at least {format_number(min(gets[t][a] for a in replies))} instead of {format_number(payoff[t])})")
    return ""
