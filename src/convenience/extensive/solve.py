"""One entry point for trees: :func:`solve_tree` picks the method by name.

Methods (a plain dict, ``TREE_METHODS``):

* ``spe`` (alias ``backward-induction``): subgame-perfect equilibria of a perfect-information
  tree by backward induction over flat arrays, every tie combination up to ``MAX_SPE``;
* ``subgame``: subgame-perfect equilibria of any tree with perfect recall, subgame by subgame;
* ``normal-form``: Nash equilibria through the reduced normal form (every extreme equilibrium
  for two players), each with a credibility note when it is not subgame perfect;
* ``sequence-form``: one Nash equilibrium of a two-player tree by Lemke's algorithm on the
  sequence form (linear in the tree: for games whose normal form is too large);
* ``pbe``: perfect Bayesian equilibria with beliefs, classified for signalling games.

``auto`` uses ``spe`` for perfect information and ``subgame`` otherwise.
"""

from __future__ import annotations

from typing import Any, Callable

from convenience.errors import InputError, Option, Setting, did_you_mean
from convenience.extensive.backward import (MAX_SPE, all_subgame_perfect, backward_induction,
                                            choice_to_strategy, tie_descriptions)
from convenience.extensive.behaviour import BehaviourEquilibrium, make_behaviour_equilibrium, own_unreached
from convenience.extensive.reduced import ReducedForm
from convenience.extensive.tree import GameTree
from convenience.results import SolveResult
from convenience.numbers import format_number


def _numeric(tree: Any, values: Any = None) -> GameTree:
    if isinstance(tree, GameTree):
        return tree
    return tree.at(values)


def _spe(tree: GameTree, cap: int = MAX_SPE, bayesian: bool = False, **_: Any) -> SolveResult:
    if not tree.is_perfect_information:
        raise InputError("backward induction needs perfect information (every information set a single node); "
                         f"use {Setting('method', 'subgame')} or {Setting('method', 'normal-form')}", file=tree.file,
                         key=Option("method"))
    induction = backward_induction(tree)
    choices, truncated = all_subgame_perfect(tree, induction, cap)
    notes = []
    if induction.n_ties:
        notes.append(f"ties at {induction.n_ties} node(s): {len(choices)} subgame-perfect "
                     f"equilibri{'um' if len(choices) == 1 else 'a'}"
                     f"{' (cap reached; more exist)' if truncated else ''}")
        notes.extend(tie_descriptions(tree, induction))
    else:
        notes.append("no ties: the subgame-perfect equilibrium is unique")
    first = tree.infoset_first_node
    equilibria = tuple(make_behaviour_equilibrium(tree, choice_to_strategy(tree, c), concept="subgame perfect",
                                                  choice=c[first]) for c in choices)
    return SolveResult(tree, "spe", {"cap": cap}, equilibria, (), tuple(notes))


def _subgame(tree: GameTree, cap: int = MAX_SPE, bayesian: bool = False,
             solved: Callable[[Any], SolveResult | None] | None = None, **options: Any) -> SolveResult:
    from convenience.extensive.subgames import subgame_perfect

    strategies, notes = subgame_perfect(tree, cap, solved=solved)
    equilibria = []
    seen = set()
    for s in strategies:
        eq = make_behaviour_equilibrium(tree, s, concept="subgame perfect")
        key = tuple(str(x) if tree.is_exact else round(float(x), 9) for x in eq.strategy)
        if key not in seen:
            seen.add(key)
            equilibria.append(eq)
    return SolveResult(tree, "subgame", {"cap": cap}, tuple(equilibria), (), tuple(notes))


def _normal_form(tree: GameTree, solver: str = "auto", bayesian: bool = False, **options: Any) -> SolveResult:
    from convenience.extensive.reduced import reduce_tree
    from convenience.solvers import solve

    form = reduce_tree(tree)
    return nash_from_reduced(form, solve(form.game, method=solver, **options), bayesian)


def is_bayesian(tree: GameTree) -> bool:
    """True for a tree whose chance move draws the players' types (Bayesian concepts apply)."""
    return bool(getattr(tree, "types", None)) or tree.bayesian


def nash_from_reduced(form: ReducedForm, result: SolveResult, bayesian: bool = False) -> SolveResult:
    """The Nash equilibria ``result`` of a tree's reduced normal form ``form`` as behaviour
    strategies of the tree, each marked subgame perfect or given its credibility notes."""
    from convenience.extensive.subgames import complete_unreached, credibility_notes, is_subgame_perfect

    tree = form.tree
    notes = list(result.notes)
    concept = "Bayesian Nash" if bayesian else "Nash"
    if not form.reduced:
        notes.append("imperfect recall: equilibria are reported as mixed strategies of the full normal form")
        return SolveResult(tree, "normal-form", {"solver": result.method}, result.equilibria,
                           result.components, tuple(notes))
    equilibria = []
    for eq in result.equilibria:
        strategy, unreached = form.behaviour(eq.profile)
        strategy = complete_unreached(tree, strategy, unreached)
        perfect = is_subgame_perfect(tree, strategy, 0 if tree.is_exact else 1e-9)
        extra = [] if perfect else credibility_notes(tree, strategy, 0 if tree.is_exact else 1e-9)
        equilibria.append(make_behaviour_equilibrium(
            tree, strategy, concept=f"{concept} (subgame perfect)" if perfect else concept,
            unreached=unreached, notes=tuple(extra)))
    if result.components:
        notes.append(f"{len(result.components)} connected component(s) of equilibria; extreme points listed")
    notes.extend(_equilibrium_notes(equilibria))
    return SolveResult(tree, "normal-form", {"solver": result.method}, tuple(equilibria), result.components,
                       tuple(notes))


def _equilibrium_notes(equilibria: list) -> list[str]:
    """Result-level notes repeating what each equilibrium carries (credibility, beliefs)."""
    out = []
    for k, eq in enumerate(equilibria, start=1):
        if not isinstance(eq, BehaviourEquilibrium):
            continue
        for note in eq.notes:
            out.append(f"equilibrium {k} ({eq.label()}) is not subgame perfect: {note}")
        parts = []
        if eq.classification:
            parts.append(eq.classification)
        for label, belief in eq.beliefs.items():
            parts.append(f"belief at '{label}' by Bayes' rule: "
                         + ", ".join(f"{node} {format_number(p)}" for node, p in belief.items()))
        for label, text in eq.belief_ranges.items():
            parts.append(f"off the path at '{label}': sustained by {text}")
        if parts:
            out.append(f"equilibrium {k}: " + "; ".join(parts))
    return out


def _sequence_form(tree: GameTree, **_: Any) -> SolveResult:
    from convenience.extensive.sequence_form import lemke_equilibrium

    from convenience.extensive.subgames import complete_unreached, credibility_notes, is_subgame_perfect

    strategy = lemke_equilibrium(tree)
    unreached = own_unreached(tree, strategy)
    strategy = complete_unreached(tree, strategy, unreached)
    tol = 0 if tree.is_exact else 1e-9
    perfect = is_subgame_perfect(tree, strategy, tol)
    eq = make_behaviour_equilibrium(tree, strategy, concept="Nash (subgame perfect)" if perfect else "Nash",
                                    unreached=unreached,
                                    notes=() if perfect else tuple(credibility_notes(tree, strategy, tol)))
    return SolveResult(tree, "sequence-form", {}, (eq,), (),
                       ("one equilibrium (Lemke's algorithm on the sequence form); others may exist",
                        *_equilibrium_notes([eq])))


def _pbe(tree: GameTree, solver: str = "auto", bayesian: bool = False, **options: Any) -> SolveResult:
    return pbe_from_nash(tree, _normal_form(tree, solver=solver, **options))


def pbe_from_nash(tree: GameTree, base: SolveResult) -> SolveResult:
    """The perfect Bayesian equilibria (with beliefs) among the Nash equilibria ``base`` of ``tree``."""
    from convenience.extensive.signalling import belief_analysis, classify, intuitive_criterion

    notes = list(base.notes)
    equilibria: list[BehaviourEquilibrium] = []
    refinements: list[str] = []
    for eq in base.equilibria:
        if not isinstance(eq, BehaviourEquilibrium):
            continue
        strategy = eq.strategy
        ok, beliefs, ranges, why = belief_analysis(tree, strategy)
        if not ok:
            notes.append(f"Nash equilibrium [{eq.label()}] is not perfect Bayesian: {'; '.join(why)}")
            continue
        intuitive, why_not = intuitive_criterion(tree, strategy)
        equilibria.append(make_behaviour_equilibrium(
            tree, strategy, concept="perfect Bayesian", beliefs=beliefs, belief_ranges=ranges,
            classification=classify(tree, strategy), unreached=frozenset(), intuitive=intuitive))
        if why_not:
            refinements.append(f"equilibrium {len(equilibria)} ({equilibria[-1].label()}) {why_not}")
    notes = [n for n in notes if not n.startswith("equilibrium ")] + _equilibrium_notes(equilibria) + refinements
    return SolveResult(tree, "pbe", dict(base.options), tuple(equilibria), base.components, tuple(notes))


TREE_METHODS: dict[str, Callable[..., SolveResult]] = {
    "spe": _spe,
    "backward-induction": _spe,
    "subgame": _subgame,
    "normal-form": _normal_form,
    "sequence-form": _sequence_form,
    "pbe": _pbe,
}


def solve_tree(tree: Any, method: str = "auto", *, values: Any = None, exact: bool | None = None,
               **options: Any) -> SolveResult:
    """Equilibria of a tree (a :class:`GameTree` or a parametric tree at ``values``).

    ``exact=False`` solves in floating point (verified by regret); ``exact=True`` insists on
    rational payoffs and probabilities. Every equilibrium returned is a verified
    :class:`BehaviourEquilibrium` (or, for the normal form of a tree without perfect recall,
    a normal-form ``Equilibrium``).
    """
    from convenience.extensive.tree import float_copy

    game = _numeric(tree, values)
    bayesian = bool(getattr(tree, "types", None)) or is_bayesian(game)
    if exact is False:
        game = float_copy(game)
    elif exact is True and not game.is_exact:
        raise InputError("exact solving needs rational payoffs and probabilities; this tree has irrational ones",
                         file=game.file, key=Option("exact"))
    if method == "auto":
        method = "spe" if game.is_perfect_information else "subgame"
    if method not in TREE_METHODS:
        raise InputError(f"unknown method '{method}' for a game tree{did_you_mean(method, TREE_METHODS)}; "
                         f"available: auto, {', '.join(TREE_METHODS)}", key=Option("method"))
    if method in ("subgame", "sequence-form", "pbe") or (method == "spe" and not game.is_perfect_information):
        game.require_perfect_recall(method)
    return TREE_METHODS[method](game, bayesian=bayesian, **options)
