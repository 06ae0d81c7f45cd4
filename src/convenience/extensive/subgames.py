"""Subgame-perfect equilibria by solving subgames bottom up (Selten 1965), and credibility.

A subgame starts at a node whose subtree cuts no information set. The subgame-perfect
equilibria are found from the deepest subgames up: each subgame is solved with the subgames
below it replaced by the payoffs of one of their equilibria; when a subgame has several
equilibria every combination is followed (up to ``MAX_SPE`` profiles). A subgame of perfect
information is solved by backward induction (all tie combinations); any other by its reduced
normal form (every equilibrium for two players through ``convenience.solvers.solve``), or, when
that normal form is large, by the sequence form (one equilibrium, said in the notes).

:func:`credibility_notes` explains why a Nash equilibrium is not subgame perfect: which
player, at which information set, is asked to play an action that it would not choose if
that point were reached, and what it would do instead.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from convenience.errors import ComputationError
from convenience.extensive.backward import MAX_SPE, all_subgame_perfect, backward_induction
from convenience.extensive.behaviour import best_response_values, expected_payoffs, regrets
from convenience.extensive.tree import TERMINAL, GameTree, Infoset
from convenience.numbers import format_number

if TYPE_CHECKING:
    from convenience.results import SolveResult


#: Two-player subgames whose reduced normal form has more profiles than this are solved by the
#: sequence form (one equilibrium) instead of enumerating all equilibria of the normal form.
NORMAL_FORM_LIMIT = 400


#: Cached properties of a :class:`GameTree` that depend only on its structure (nodes, moves,
#: information sets), never on payoffs or probabilities: trees of one structure share them.
STRUCTURAL_PROPERTIES = ("depth", "levels", "is_perfect_information", "_recall", "infoset_size", "action_offset",
                         "infoset_player", "infoset_first_node", "infoset_min_depth", "subgame_roots")

#: How many tree structures keep their subgame layout in memory (most recently used first out).
STRUCTURE_CACHE_SIZE = 16
#: Largest reduced normal form layout (profiles x terminals) kept for the trees of one structure.
MAX_SHARED_LAYOUT = 1_000_000


class _Structure:
    """What the subgames of every tree of one structure share: the structural properties
    computed so far, the subgame roots ordered deepest first with the nearest roots below each, and
    each cut subtree as a template (``(root, cut nodes) -> (template, old nodes, old sets, cut
    positions)``)."""

    def __init__(self) -> None:
        self.properties: dict[str, Any] = {}
        self.plan: tuple[list[int], dict[int, list[int]]] | None = None
        self.subtrees: dict[tuple[int, frozenset], tuple[GameTree, np.ndarray, np.ndarray, dict[int, int]]] = {}
        #: The reduced normal form's layout (:func:`~convenience.extensive.reduced.reduced_layout`), once built.
        self.reduced: Any = None


_structures: OrderedDict[tuple, _Structure] = OrderedDict()
#: The shared structure of each tree seen (kept out of the tree, so a pickled tree stays as it was).
_structure_of: weakref.WeakKeyDictionary[GameTree, _Structure] = weakref.WeakKeyDictionary()
_structures_lock = threading.Lock()


def structure_key(tree: GameTree) -> tuple | None:
    """A hashable key equal for two trees exactly when they differ at most in payoff and
    probability values (same kind of numbers); None for trees whose information sets are implicit
    (made on demand, not a plain tuple)."""
    if type(tree.infosets) is not tuple:
        return None
    key = (tree.players, tree.mover.tobytes(), tree.parent.tobytes(), tree.action.tobytes(),
           tree.first_child.tobytes(), tree.n_children.tobytes(), tree.infoset.tobytes(), tree.infosets,
           tuple(tree.chance_actions.items()), tuple(tree.names.items()), tuple(tree.where.items()),
           tree.title, tree.file, tree.payoffs.dtype.str, tree.prob.dtype.str)
    try:
        hash(key)
    except TypeError:  # labels or places of an unusual kind: no sharing
        return None
    return key


def _structure(tree: GameTree) -> _Structure | None:
    """The shared structure of ``tree`` (created on first sight); the tree receives the
    structural properties trees of its structure have computed so far."""
    with _structures_lock:
        shared = _structure_of.get(tree)
    if shared is not None:
        return shared
    key = structure_key(tree)
    if key is None:
        return None
    with _structures_lock:
        shared = _structures.get(key)
        if shared is None:
            shared = _structures[key] = _Structure()
            while len(_structures) > STRUCTURE_CACHE_SIZE:
                _structures.popitem(last=False)
        else:
            _structures.move_to_end(key)
        _structure_of[tree] = shared
    _share_properties(shared.properties, tree.__dict__)
    return shared


def _share_properties(known: dict, own: dict) -> None:
    """Copy the structural properties in ``known`` missing from ``own`` (instance dictionaries)."""
    for name in STRUCTURAL_PROPERTIES:
        if name in known and name not in own:
            own[name] = known[name]


def subtree(tree: GameTree, root: int, cut: dict[int, Any] | None = None) -> tuple[GameTree, np.ndarray, np.ndarray]:
    """The subgame at ``root`` as its own tree; nodes in ``cut`` become terminals with the given
    payoff vectors. Returns the tree, the original index of each new node, and the original
    index of each new information set.

    The layout of a cut depends only on the tree's structure: it is built once per structure
    and root, and later trees of that structure only fill in their payoffs and probabilities."""
    cut = cut or {}
    shared = _structure(tree)
    if shared is None:
        return _build_subtree(tree, root, cut)[:3]
    layout = shared.subtrees.get((root, frozenset(cut)))
    if layout is None:
        layout = shared.subtrees[(root, frozenset(cut))] = _build_subtree(tree, root, cut)
        return layout[:3]
    template, old, old_sets, position = layout
    payoffs = tree.payoffs[old]
    for v, value in cut.items():
        payoffs[position[v]] = value
    prob = tree.prob[old]
    prob[0] = tree.one()
    sub = GameTree(template.players, template.mover.copy(), template.parent.copy(), template.action.copy(),
                   template.first_child.copy(), template.n_children.copy(), prob, payoffs,
                   template.infoset.copy(), template.infosets, dict(template.chance_actions), dict(template.names),
                   dict(template.where), template.title, template.file)
    _share_properties(template.__dict__, sub.__dict__)
    return sub, old, old_sets


def _build_subtree(tree: GameTree, root: int,
                   cut: dict[int, Any]) -> tuple[GameTree, np.ndarray, np.ndarray, dict[int, int]]:
    """:func:`subtree` built from scratch, with the new index of each cut node."""
    order = [root]
    k = 0
    while k < len(order):
        v = order[k]
        if v not in cut:
            order.extend(tree.children(v))
        k += 1
    old = np.asarray(order, dtype=np.int64)
    new_of = {int(v): i for i, v in enumerate(order)}
    n = len(order)
    mover = tree.mover[old].copy()
    n_children = tree.n_children[old].copy()
    payoffs = tree.payoffs[old].copy()
    for v, value in cut.items():
        i = new_of[v]
        mover[i] = TERMINAL
        n_children[i] = 0
        payoffs[i] = value
    first_child = np.full(n, -1, dtype=np.int64)
    parent = np.full(n, -1, dtype=np.int64)
    for i, v in enumerate(order):
        if n_children[i]:
            first_child[i] = new_of[int(tree.first_child[v])]
        if i:
            parent[i] = new_of[int(tree.parent[v])]
    action = tree.action[old].copy()
    action[0] = -1
    prob = tree.prob[old].copy()
    prob[0] = tree.one()
    old_sets = sorted({int(tree.infoset[v]) for v in order if mover[new_of[v]] >= 0})
    set_of = {h: j for j, h in enumerate(old_sets)}
    infoset = np.full(n, -1, dtype=np.int64)
    members: dict[int, list[int]] = {j: [] for j in range(len(old_sets))}
    for i, v in enumerate(order):
        if mover[i] >= 0:
            infoset[i] = set_of[int(tree.infoset[v])]
            members[infoset[i]].append(i)
    infosets = tuple(Infoset(tree.infosets[h].player, tree.infosets[h].label, tree.infosets[h].actions,
                             tuple(members[j])) for j, h in enumerate(old_sets))
    chance_actions = {new_of[v]: acts for v, acts in tree.chance_actions.items() if v in new_of}
    names = {new_of[v]: s for v, s in tree.names.items() if v in new_of}
    where = {new_of[v]: w for v, w in tree.where.items() if v in new_of}
    sub = GameTree(tree.players, mover, parent, action, first_child, n_children, prob, payoffs, infoset, infosets,
                   chance_actions, names, where, tree.title, tree.file)
    return sub, old, np.asarray(old_sets, dtype=np.int64), {v: new_of[v] for v in cut}


def _children_roots(tree: GameTree, roots: set[int]) -> dict[int, list[int]]:
    """For each subgame root, the nearest subgame roots strictly below it."""
    nearest: dict[int, list[int]] = {r: [] for r in roots}
    for r in roots:
        if r == 0:
            continue
        u = int(tree.parent[r])
        while u not in roots:
            u = int(tree.parent[u])
        nearest[u].append(r)
    return nearest


def solve_subgame(sub: GameTree, cap: int = MAX_SPE, method: str = "auto",
                  solved: Callable[[Any], SolveResult | None] | None = None) -> tuple[list[np.ndarray], list[str]]:
    """Equilibrium behaviour vectors of one (cut) subgame, with notes.

    ``solved(form)``: the equilibria of a reduced normal form ``form`` already found elsewhere
    (the same normal form solved by ``method`` "auto"), or None to solve it here."""
    notes: list[str] = []
    if sub.is_perfect_information:
        from convenience.extensive.backward import choice_to_strategy

        choices, truncated = all_subgame_perfect(sub, backward_induction(sub), cap)
        if truncated:
            notes.append(f"more than {cap} subgame-perfect choices in a subgame; the first {cap} are listed")
        return [choice_to_strategy(sub, c) for c in choices], notes
    from convenience.extensive.reduced import plans_of, reduce_tree, reduced_layout
    from convenience.solvers import solve

    shared = _structure(sub)
    layout = shared.reduced if shared is not None else None  # the plans of this structure, once found
    if sub.n_players == 2:
        rows, columns = layout.shape if layout is not None else (len(plans_of(sub, 0)[0]), len(plans_of(sub, 1)[0]))
        profiles = rows * columns
        if profiles > NORMAL_FORM_LIMIT:
            from convenience.extensive.sequence_form import lemke_equilibrium

            notes.append(f"a subgame's reduced normal form has {profiles:,} strategy profiles; one of its "
                         "equilibria was found by the sequence form (others may exist)")
            return [lemke_equilibrium(sub)], notes
    if layout is None:
        layout = reduced_layout(sub)
        if shared is not None and layout.rows.size <= MAX_SHARED_LAYOUT:
            shared.reduced = layout
    form = reduce_tree(sub, layout)
    known = solved(form) if solved is not None and method == "auto" else None
    result = known if known is not None else solve(form.game, method=method)
    notes.extend(result.notes)
    if any(not component.is_singleton for component in result.components):
        notes.append("a subgame has a continuum of equilibria; its extreme equilibria are combined")
    out = []
    for eq in result.equilibria:
        strategy, _ = form.behaviour(eq.profile)
        out.append(strategy)
    if not out:
        raise ComputationError("a subgame's normal form gave no equilibrium")
    return out, notes


def subgame_perfect(tree: GameTree, cap: int = MAX_SPE, method: str = "auto",
                    solved: Callable[[Any], SolveResult | None] | None = None) -> tuple[list[np.ndarray], list[str]]:
    """Every subgame-perfect behaviour profile (up to ``cap``), found subgame by subgame.
    ``solved``: normal forms already solved (see :func:`solve_subgame`)."""
    shared = _structure(tree)
    tree.require_perfect_recall("subgame")
    plan = shared.plan if shared is not None else None
    if plan is None:
        roots = {int(r) for r in tree.subgame_roots}
        roots.add(0)
        depth = tree.depth
        plan = (sorted(roots, key=lambda v: -int(depth[v])), _children_roots(tree, roots))
        if shared is not None:
            shared.plan = plan
    deepest_first, below = plan
    if shared is not None:
        _share_properties(tree.__dict__, shared.properties)
    notes: list[str] = []
    cache: dict[int, list[tuple[Any, dict]]] = {}
    truncated = False
    for r in deepest_first:
        options = [cache[c] for c in below[r]]
        results: list[tuple[Any, dict]] = []
        for combo in itertools.product(*options):
            if len(results) >= cap:
                truncated = True
                break
            cut = {c: value for c, (value, _) in zip(below[r], combo)}
            sub, old_nodes, old_sets = subtree(tree, r, cut)
            strategies, sub_notes = solve_subgame(sub, cap, method, solved)
            notes.extend(n for n in sub_notes if n not in notes)
            for s in strategies:
                assign: dict[int, Any] = {}
                for _, a in combo:
                    assign.update(a)
                off = sub.action_offset
                for j, h in enumerate(old_sets):
                    assign[int(h)] = s[off[j]:off[j + 1]]
                value = np.array(expected_payoffs(sub, s), dtype=object if sub.is_exact else float)
                results.append((value, assign))
        cache[r] = results[:cap]
    if truncated:
        notes.append(f"more than {cap} subgame-perfect equilibria; the first {cap} are listed")
    out = []
    for _, assign in cache[0]:
        strategy = np.empty(int(tree.action_offset[-1]), dtype=object if tree.is_exact else float)
        for h, probs in assign.items():
            strategy[tree.action_offset[h]:tree.action_offset[h + 1]] = probs
        out.append(strategy)
    return out, notes


def subgame_regrets(tree: GameTree, strategy: np.ndarray) -> list[tuple[int, Any]]:
    """(subgame root, largest regret inside that subgame) for every proper subgame."""
    out = []
    off = tree.action_offset
    for r in tree.subgame_roots:
        r = int(r)
        sub, _, old_sets = subtree(tree, r)
        s = np.concatenate([strategy[off[h]:off[h + 1]] for h in old_sets]) if old_sets.size else strategy[:0]
        out.append((r, max(regrets(sub, s), default=tree.zero())))
    return out


def is_subgame_perfect(tree: GameTree, strategy: np.ndarray, tol: float = 0.0) -> bool:
    return all(reg <= tol for _, reg in subgame_regrets(tree, strategy))


def credibility_notes(tree: GameTree, strategy: np.ndarray, tol: float = 0.0) -> list[str]:
    """Why a Nash equilibrium is not subgame perfect: the threats or promises not credible.

    For the deepest subgames where the profile is not an equilibrium, names the player, the
    information set, the action it is asked to play and the one it would choose there.
    """
    notes = []
    off = tree.action_offset
    bad = [(r, reg) for r, reg in subgame_regrets(tree, strategy) if reg > tol]
    bad_roots = {r for r, _ in bad}
    depth = tree.depth
    for r, _ in sorted(bad, key=lambda x: -int(depth[x[0]])):
        # skip a subgame if a deeper failing subgame lies inside it (the deeper note explains it)
        if any(other != r and r in tree.path(other)[:-1] for other in bad_roots):
            continue
        sub, _, old_sets = subtree(tree, r)
        s = np.concatenate([strategy[off[h]:off[h + 1]] for h in old_sets])
        regs = regrets(sub, s)
        for i, reg in enumerate(regs):
            if reg <= tol:
                continue
            _, values = best_response_values(sub, s, i)
            for j, h in enumerate(old_sets):
                if sub.infosets[j].player != i:
                    continue
                vals = values[sub.action_offset[j]:sub.action_offset[j + 1]]
                probs = s[sub.action_offset[j]:sub.action_offset[j + 1]]
                best = max(vals)
                played = [k for k, p in enumerate(probs) if p > 0]
                if all(vals[k] >= best - tol for k in played):
                    continue
                acts = sub.infosets[j].actions
                worse = [acts[k] for k in played if vals[k] < best - tol]
                better = [acts[k] for k in range(len(acts)) if vals[k] >= best - tol]
                reach_note = "" if len(sub.infosets[j].nodes) == 1 and sub.infosets[j].nodes[0] == 0 else \
                    " (values weighted by how likely each node is)"
                where = f"'{sub.infosets[j].label}'"
                if tree.node_label(r) != sub.infosets[j].label:
                    where += f" (in the subgame after {tree.node_label(r)})"
                notes.append(
                    f"not credible: {tree.players[i]} is asked to play {', '.join(worse)} at "
                    f"{where}, but once there would play "
                    f"{' or '.join(better)} instead ({', '.join(f'{acts[k]} gives {format_number(vals[k])}' for k in range(len(acts)))}"
                    f"{reach_note})")
                break
    return notes


__all__ = ["subtree", "subgame_perfect", "solve_subgame", "subgame_regrets", "is_subgame_perfect",
           "credibility_notes"]


def complete_unreached(tree: GameTree, strategy: np.ndarray, unreached: frozenset) -> np.ndarray:
    """Fill information sets a player's own moves exclude with its best action there.

    A reduced-normal-form or sequence-form equilibrium leaves such sets unspecified (any
    action gives the same payoffs). Completing them with the best continuation, deepest
    first, avoids blaming a player for a filler action when checking subgame perfection.
    """
    if not unreached:
        return strategy
    from convenience.extensive.behaviour import edge_probabilities, reach_products
    from convenience.extensive.signalling import continuation_values

    out = strategy.copy()
    off = tree.action_offset
    order = sorted(unreached, key=lambda h: -int(tree.infoset_min_depth[h]))
    for h in order:
        infoset = tree.infosets[h]
        i = infoset.player
        others = reach_products(tree, edge_probabilities(tree, out), exclude=i)
        value = continuation_values(tree, out)
        weights = [others[v] for v in infoset.nodes]
        if all(w == 0 for w in weights):
            weights = [tree.one()] * len(infoset.nodes)
        scores = [sum((w * value[int(tree.first_child[v]) + a][i] for w, v in zip(weights, infoset.nodes)),
                      tree.zero()) for a in range(len(infoset.actions))]
        best = max(range(len(scores)), key=lambda a: scores[a])
        out[off[h]:off[h + 1]] = [tree.one() if a == best else tree.zero() for a in range(len(scores))]
    return out
