"""Behaviour strategies on a tree: realization, expected payoffs, best responses, regret.

A behaviour profile is one flat vector ``strategy`` holding, for every information set ``h``,
the probabilities of its actions at ``strategy[action_offset[h] : action_offset[h+1]]``.
Everything here is array work over the breadth-first levels of a
:class:`~convenience.extensive.tree.GameTree`.

The **regret** of a profile is the largest gain any player gets from switching to a best
response. Best responses are computed over the player's own sequences (Kuhn's theorem: with
perfect recall a behaviour best response exists, and it is found bottom-up over the player's
own information sets), so the check is exact for exact trees. Every equilibrium this package
reports has passed it: exactly zero regret for exact trees, at most ``REGRET_TOL`` times the
payoff range for float trees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from fractions import Fraction
from typing import Any

import numpy as np

from convenience.errors import ComputationError
from convenience.extensive.pure_profiles import positive_reach, pure_choice, pure_values
from convenience.extensive.tree import CHANCE, TERMINAL, GameTree

REGRET_TOL = 1e-9


def edge_probabilities(tree: GameTree, strategy: np.ndarray) -> np.ndarray:
    """For every node, the probability of the move from its parent into it."""
    n = tree.n_nodes
    parent = tree.parent[1:]
    h = tree.infoset[parent]
    decision = tree.mover[parent] >= 0
    edge = np.empty(n, dtype=object if tree.is_exact else float)
    edge[0] = tree.one()
    child_prob = tree.prob[1:].copy()
    idx = tree.action_offset[np.where(decision, h, 0)] + tree.action[1:]
    child_prob[decision] = strategy[idx[decision]]
    edge[1:] = child_prob
    return edge


def reach_products(tree: GameTree, edge: np.ndarray, *, exclude: int | None = None,
                   only: int | None = None) -> np.ndarray:
    """Product of edge probabilities from the root to every node.

    ``exclude=i`` leaves out player ``i``'s own moves (chance and others' reach);
    ``only=i`` keeps just player ``i``'s moves.
    """
    parent_mover = np.concatenate(([TERMINAL], tree.mover[tree.parent[1:]]))
    factor = edge.copy()
    if exclude is not None:
        factor[parent_mover == exclude] = tree.one()
    if only is not None:
        factor[parent_mover != only] = tree.one()
    reach = factor.copy()
    for lo, hi in zip(tree.levels[1:-1], tree.levels[2:]):
        reach[lo:hi] = reach[tree.parent[lo:hi]] * factor[lo:hi]
    return reach


def expected_payoffs(tree: GameTree, strategy: np.ndarray) -> tuple:
    """Each player's expected payoff under a behaviour profile."""
    reach = reach_products(tree, edge_probabilities(tree, strategy))
    z = tree.terminals
    return tuple(reach[z] @ tree.payoffs[z, i] for i in range(tree.n_players))


def last_own_sequence(tree: GameTree, player: int) -> np.ndarray:
    """For every node, the flat index of ``player``'s last action above it (-1: none yet)."""
    seq = np.full(tree.n_nodes, -1, dtype=np.int64)
    for lo, hi in zip(tree.levels[1:-1], tree.levels[2:]):
        par = tree.parent[lo:hi]
        mine = tree.mover[par] == player
        own = tree.action_offset[np.where(mine, tree.infoset[par], 0)] + tree.action[lo:hi]
        seq[lo:hi] = np.where(mine, own, seq[par])
    return seq


def best_response_values(tree: GameTree, strategy: np.ndarray, player: int,
                         edge: np.ndarray | None = None) -> tuple[Any, np.ndarray]:
    """Player's best-response payoff against the others' behaviour, and its action values.

    Returns ``(value, action_values)`` where ``action_values[k]`` is the (reach-weighted)
    value of the flat action ``k`` of one of ``player``'s information sets when the player
    best-responds below it. Requires perfect recall.
    """
    if edge is None:
        edge = edge_probabilities(tree, strategy)
    others = reach_products(tree, edge, exclude=player)
    z = tree.terminals
    seq = last_own_sequence(tree, player)
    contribution = others[z] * tree.payoffs[z, player]
    total = int(tree.action_offset[-1])
    values = np.zeros(total, dtype=object if tree.is_exact else float)
    if tree.is_exact:
        values[:] = Fraction(0)
    zs = seq[z]
    np.add.at(values, zs[zs >= 0], contribution[zs >= 0])
    root = sum(contribution[zs < 0], tree.zero())
    mine = np.flatnonzero(tree.infoset_player == player)
    if mine.size:
        parent_seq = seq[tree.infoset_first_node[mine]]
        depth = tree.infoset_min_depth[mine]
        order = np.argsort(-depth, kind="stable")
        mine, parent_seq, depth = mine[order], parent_seq[order], depth[order]
        bounds = np.flatnonzero(np.diff(depth)) + 1
        for group in np.split(np.arange(mine.size), bounds):
            hs = mine[group]
            starts = tree.action_offset[hs]
            sizes = tree.infoset_size[hs]
            idx = np.repeat(starts - np.concatenate(([0], np.cumsum(sizes)[:-1])), sizes) + np.arange(sizes.sum())
            seg = np.concatenate(([0], np.cumsum(sizes)[:-1]))
            best = np.maximum.reduceat(values[idx], seg)
            ps = parent_seq[group]
            np.add.at(values, ps[ps >= 0], best[ps >= 0])
            root = root + sum(best[ps < 0], tree.zero())
    return root, values


def regrets(tree: GameTree, strategy: np.ndarray) -> tuple:
    """Each player's gain from a best response (zero for all at a Nash equilibrium)."""
    edge = edge_probabilities(tree, strategy)
    reach = reach_products(tree, edge)
    z = tree.terminals
    out = []
    for i in range(tree.n_players):
        current = reach[z] @ tree.payoffs[z, i]
        best, _ = best_response_values(tree, strategy, i, edge)
        out.append(best - current)
    return tuple(out)


def payoff_range(tree: GameTree) -> float:
    z = tree.terminals
    if not z.size:
        return 1.0
    values = np.asarray(tree.payoffs[z], dtype=float)
    return max(1.0, float(values.max() - values.min()))


def uniform_strategy(tree: GameTree) -> np.ndarray:
    """Every information set mixes uniformly (a neutral filler for unreached sets)."""
    sizes = tree.infoset_size
    if tree.is_exact:
        out = np.empty(int(tree.action_offset[-1]), dtype=object)
        out[:] = [Fraction(1, int(k)) for k in np.repeat(sizes, sizes)]
        return out
    return np.repeat(1.0 / sizes, sizes)


def pure_strategy(tree: GameTree, choice: np.ndarray) -> np.ndarray:
    """The behaviour vector playing action ``choice[h]`` at every information set ``h``."""
    total = int(tree.action_offset[-1])
    if tree.is_exact:
        out = np.empty(total, dtype=object)
        out[:] = Fraction(0)
        out[tree.action_offset[:-1] + choice] = Fraction(1)
        return out
    out = np.zeros(total)
    out[tree.action_offset[:-1] + choice] = 1.0
    return out


def _number(value: Any) -> Any:
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return float(value)


def _text(value: Any) -> str:
    if isinstance(value, Fraction):
        return str(value)
    return f"{float(value):.4g}"


@dataclass(frozen=True, eq=False)
class BehaviourEquilibrium:
    """A verified behaviour-strategy profile of a tree.

    ``strategy`` is the flat vector of action probabilities (see the module docstring);
    ``payoffs`` the expected payoffs; ``regret`` the verified largest gain from deviating;
    ``concept`` says what was checked ("subgame perfect", "Nash", "perfect Bayesian",
    "Bayesian Nash"). ``beliefs`` (perfect Bayesian equilibria) maps information-set labels
    to node-label -> probability, and ``belief_ranges`` gives, for information sets off the
    equilibrium path, the interval of beliefs that sustains the equilibrium. ``unreached``
    lists information sets whose actions are irrelevant (the player's own earlier moves
    exclude them).
    """

    tree: GameTree
    strategy: np.ndarray
    payoffs: tuple
    regret: Any
    exact: bool
    concept: str = "Nash"
    beliefs: dict = field(default_factory=dict)
    belief_ranges: dict = field(default_factory=dict)
    unreached: frozenset = frozenset()
    notes: tuple[str, ...] = ()
    classification: str = ""
    intuitive: bool | None = None  # survives the Intuitive Criterion (None: not tested)
    #: the action played at each information set when the profile is pure, known from its
    #: construction (backward induction) or found on first use; None until then
    _pure: tuple[int, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def players(self) -> tuple[str, ...]:
        return self.tree.players

    def action_probabilities(self, h: int) -> np.ndarray:
        off = self.tree.action_offset
        return self.strategy[off[h]:off[h + 1]]

    @property
    def is_pure(self) -> bool:
        if self._pure is not None:
            return True
        strategy = self.strategy
        return bool(((strategy == 0) | (strategy == 1)).all()) if strategy.size else True

    @cached_property
    def pure_actions(self) -> tuple[int, ...] | None:
        """The action played at each information set when the profile is pure, else None."""
        if self._pure is not None:
            return self._pure
        chosen = pure_choice(self.tree, self.strategy) if self.is_pure else None
        return None if chosen is None else tuple(chosen.tolist())

    def choice(self, h: int) -> str:
        """``"Fight"`` or ``"Fight 1/3, Accommodate 2/3"`` at information set ``h``."""
        if self.pure_actions is not None:
            return self.tree.infosets[h].actions[self.pure_actions[h]]
        acts = self.tree.infosets[h].actions
        used = [(a, p) for a, p in zip(acts, self.action_probabilities(h)) if p > 0]
        if len(used) == 1:
            return used[0][0]
        return ", ".join(f"{a} {_text(p)}" for a, p in used)

    def path(self) -> list[str]:
        """The moves on the equilibrium path (those reached with positive probability)."""
        tree = self.tree
        if tree.is_exact:
            reach: Any = positive_reach(tree, self.strategy)
            reached = np.asarray(sorted(reach), dtype=np.int64)
        else:
            reach = reach_products(tree, edge_probabilities(tree, self.strategy))
            reached = np.flatnonzero(reach > 0)
        moves = []
        for v in reached[reached > 0]:
            u = int(tree.parent[v])
            who = "chance" if tree.mover[u] == CHANCE else tree.players[int(tree.mover[u])]
            act = tree.actions_at(u)[int(tree.action[v])]
            prob = reach[v] / reach[u] if reach[u] else 0
            suffix = "" if prob == 1 else f" ({_text(prob)})"
            moves.append(f"{who}: {act}{suffix} at {tree.node_label(u)}")
        return moves

    def label(self) -> str:
        """``"Entrant: In; Incumbent: Accommodate"`` (information sets named when several)."""
        return self._label(lambda h: h not in self.unreached, self.choice)

    def outcome(self) -> str:
        """The equilibrium path as choices: the label restricted to the information sets
        reached with positive probability, probabilities dropped (``"Entrant: In; Incumbent:
        Fight or Accommodate"``). Plans that differ only off the path share an outcome."""
        tree = self.tree
        reach = reach_products(tree, edge_probabilities(tree, self.strategy))
        live = np.asarray([x > 0 for x in reach], dtype=bool) if tree.is_exact else reach > 0
        reached = set(tree.infoset[(tree.mover >= 0) & live].tolist())

        def played(h: int) -> str:
            acts = tree.infosets[h].actions
            return " or ".join(a for a, p in zip(acts, self.action_probabilities(h)) if p > 0)

        return self._label(lambda h: h in reached, played)

    def _label(self, shown, choice) -> str:
        """Each player's ``choice(h)`` at the information sets ``h`` that are ``shown``."""
        tree = self.tree
        parts = []
        for i, player in enumerate(tree.players):
            own = np.flatnonzero(tree.infoset_player == i)
            hs = [h for h in own if shown(h)]
            if not hs:
                continue
            if len(own) == 1:
                parts.append(f"{player}: {choice(hs[0])}")
            else:
                inner = ", ".join(f"{tree.infosets[h].label}: {choice(h)}" for h in hs)
                parts.append(f"{player}: {inner}")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """player -> information set -> action -> probability (exact values as strings)."""
        tree = self.tree
        profile: dict[str, dict] = {p: {} for p in tree.players}
        pure = self.is_pure
        if pure and self.exact:  # zeros and ones, as _number writes them, without a call per action
            numbers: list = (self.strategy == 1).astype(np.int64).tolist()
        else:
            numbers = [_number(p) for p in self.strategy]
        offsets = tree.action_offset.tolist()
        for h, infoset in enumerate(tree.infosets):
            if h in self.unreached:
                continue
            profile[tree.players[infoset.player]][infoset.label] = dict(
                zip(infoset.actions, numbers[offsets[h]:offsets[h + 1]]))
        data: dict[str, Any] = {
            "concept": self.concept,
            "profile": profile,
            "payoffs": {p: _number(v) for p, v in zip(tree.players, self.payoffs)},
            "max_regret": _number(self.regret),
            "pure": pure,
            "exact": self.exact,
            "path": self.path(),
        }
        if self.unreached:
            data["unreached"] = sorted(tree.infosets[h].label for h in self.unreached)
        if self.beliefs:
            data["beliefs"] = {h: {v: _number(p) for v, p in b.items()} for h, b in self.beliefs.items()}
        if self.belief_ranges:
            data["belief_ranges"] = {h: r for h, r in self.belief_ranges.items()}
        if self.classification:
            data["classification"] = self.classification
        if self.intuitive is not None:
            data["intuitive_criterion"] = self.intuitive
        if self.notes:
            data["notes"] = list(self.notes)
        return data


def make_behaviour_equilibrium(tree: GameTree, strategy: np.ndarray, *, concept: str = "Nash",
                               tol: float | None = None, choice: np.ndarray | None = None,
                               **extra: Any) -> BehaviourEquilibrium:
    """Verify ``strategy`` and wrap it; raise :class:`ComputationError` if it is no equilibrium.

    Probabilities must be non-negative and sum to one at each information set. Exact trees
    need exactly zero regret; float trees at most ``tol`` (default ``REGRET_TOL``) times the
    payoff range. ``choice`` (one action per information set) says that ``strategy`` is
    :func:`pure_strategy` of it, as backward induction builds it: the strategy is then not
    searched again for the action played at each set (its regret is still verified).
    """
    off = tree.action_offset
    if choice is not None:
        choice = np.asarray(choice, dtype=np.int64)
        extra["_pure"] = tuple(choice.tolist())
    elif tree.is_exact:
        strategy = np.asarray([x if type(x) is Fraction else Fraction(x) for x in strategy], dtype=object)
        choice = pure_choice(tree, strategy)
        sums = np.add.reduceat(strategy, off[:-1]) if strategy.size and choice is None else ()
        if choice is None and (any(x < 0 for x in strategy) or any(s != 1 for s in sums)):
            raise ComputationError("not a behaviour strategy (probabilities must be >= 0 and sum to 1)")
    else:
        strategy = np.asarray(strategy, dtype=float)
        if strategy.size:
            if (strategy < -1e-12).any() or (np.abs(np.add.reduceat(strategy, off[:-1]) - 1) > 1e-9).any():
                raise ComputationError("not a behaviour strategy (probabilities must be >= 0 and sum to 1)")
            strategy = np.clip(strategy, 0.0, None)
            strategy = strategy / np.repeat(np.add.reduceat(strategy, off[:-1]), tree.infoset_size)
    root: tuple | None = None
    if choice is not None and tree.is_exact and tree.is_perfect_information:  # by backward induction, exactly
        value, best = pure_values(tree, choice)
        root = tuple(value)
        regret = max((b - v for b, v in zip(best, value)), default=tree.zero())
    else:
        regret = max(regrets(tree, strategy), default=tree.zero())
    if tree.is_exact:
        if regret != 0:
            raise ComputationError(f"profile is not an equilibrium (regret {regret})")
    else:
        limit = (REGRET_TOL if tol is None else tol) * payoff_range(tree)
        if regret > limit:
            raise ComputationError(f"profile is not an equilibrium (regret {regret:.3g} > {limit:.3g})")
        regret = max(float(regret), 0.0)
    payoffs = expected_payoffs(tree, strategy) if root is None else root
    if not tree.is_exact:
        payoffs = tuple(float(v) for v in payoffs)
    return BehaviourEquilibrium(tree, strategy, payoffs, regret, tree.is_exact, concept, **extra)


def own_unreached(tree: GameTree, strategy: np.ndarray) -> frozenset:
    """Information sets the mover's own earlier moves exclude (their actions are irrelevant)."""
    edge = edge_probabilities(tree, strategy)
    out = set()
    for i in range(tree.n_players):
        own = reach_products(tree, edge, only=i)
        for h in np.flatnonzero(tree.infoset_player == i):
            if all(own[v] == 0 for v in tree.infosets[int(h)].nodes):
                out.add(int(h))
    return frozenset(out)
