"""Where a claim holds, as exact conditions in the file's own parameters ("holds while c < q - r").

Whether a pure profile of a strategic form is an equilibrium (or a strict one), or a strategy
strictly dominant, is a conjunction of sign conditions on payoff differences; that it is *not*
an equilibrium is a disjunction (some player gains by deviating). When every difference is
linear in the uncertain parameters (the others set at their baseline, ``at:`` values applied),
each sign condition is a half-space, so the conditions themselves are the exact region where
the claim holds. :func:`exact_conditions` derives them symbolically, drops those that hold all
over the declared box (a linear function is smallest at a corner, so that is decided exactly)
and says when one fails all over it. Other claims, games or payoffs give None: their region
is scanned one parameter at a time instead (:func:`~convenience.expectations.regions.holding_region`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from convenience.expectations.box import Box, ExactConditions, corner_values, varying_parameters
from convenience.expectations.exact import sign_differences
from convenience.expectations.parse import Expectation
from convenience.game import ParametricAny, is_repeated, is_tree, stage_game

if TYPE_CHECKING:
    from convenience.extensive.parametric_tree import ParametricTree
    from convenience.parametric import ParametricGame

#: Most alternatives ("or") a tree claim's exact region may list; longer ones are scanned instead.
MAX_DISJUNCTS = 4
#: The last game's subgame-perfection conditions (one game is judged claim by claim).
_ANALYSES: dict[int, tuple[Any, Any]] = {}

#: Checks whose region is a conjunction (``all``) or a disjunction (``any``) of sign conditions.
JOINS = {"equilibrium": "and", "strict": "and", "dominant": "and", "not_equilibrium": "or"}


def _signs(game: ParametricGame, exp: Expectation) -> Iterable[tuple[Any, bool]]:
    """``(expression, strict)`` pairs, each meaning ``expression >= 0`` (``> 0`` when strict), whose
    conjunction (or, for ``not_equilibrium``, disjunction) is the claim."""
    if exp.check == "not_equilibrium":  # some deviation gains strictly
        for difference, _ in sign_differences(game, replace(exp, check="equilibrium")):
            yield difference, True
        return
    for difference, sense in sign_differences(game, exp):
        yield -difference, sense == "< 0"


def exact_conditions(game: ParametricAny, exp: Expectation, varying: Iterable[str]) -> ExactConditions | None:
    """The exact region of ``exp`` over the box of the ``varying`` parameters (the others at the
    baseline, ``at:`` values applied), or None when no exact linear form exists here."""
    import sympy

    from convenience.expectations.cells import SET_CHECKS, NoExactRegion, set_region

    if is_tree(game) and exp.check in ("spe_path", "spe_action"):
        return tree_conditions_of(game, exp, varying)
    if is_repeated(game) and exp.check == "sustained":
        from convenience.expectations.discount import sustained_region

        return sustained_region(game, exp, varying)
    normal = stage_game(game)
    if normal is None or exp.check not in JOINS.keys() | SET_CHECKS:
        return None
    names = varying_parameters(game, exp, varying)
    if names is None:
        return None
    box = Box(game, names, {**game.baseline(), **exp.at})
    if exp.check in SET_CHECKS:
        try:
            return set_region(normal, exp, box)
        except (NoExactRegion, ValueError, TypeError, sympy.PolynomialError, sympy.CoercionFailed):
            return None
    join = JOINS[exp.check]
    kept: dict[str, None] = {}
    decided: list[bool] = []  # per sign condition: True everywhere, False nowhere (the rest kept)
    try:
        for expression, strict in _signs(normal, exp):
            found = box.classify(expression, strict)
            if found is None:
                return None
            if isinstance(found, bool):
                decided.append(found)
            else:
                kept[found] = None
    except (ValueError, TypeError, sympy.PolynomialError, sympy.CoercionFailed):
        return None
    if join == "and":
        if False in decided:
            return ExactConditions((), join, nowhere=True)
        return ExactConditions(tuple(kept), join, everywhere=not kept)
    if True in decided:
        return ExactConditions((), join, everywhere=True)
    return ExactConditions(tuple(kept), join, nowhere=not kept)


def inexact_reason(game: ParametricAny, exp: Expectation) -> str | None:
    """Why a claim of this kind of game has no exact region, in a reader's words (None when the
    reason is particular to its payoffs: too many alternatives, payoffs not linear)."""
    if is_tree(game) and exp.check in ("spe_path", "spe_action"):
        try:
            perfect = game.at().is_perfect_information
        except Exception:  # noqa: BLE001 - no reason to give when the tree cannot be built here
            return None
        if not perfect:
            return ("the tree has information sets, so its subgame-perfect equilibria are found by solving each "
                    "point, not from conditions on the parameters")
    if is_repeated(game) and exp.check == "sustained":
        if game.horizon is not None:
            return "a finite horizon is solved by backward induction at each point"
        if game.punishment == "minmax":
            return "minmax punishment pays a mixed minmax value found at each point"
    return None


# -- perfect-information trees -------------------------------------------------------------
def _path_to(root: Any, label: str) -> Any:
    """The node named ``label``, else the one reached by the actions ``label`` ("In/Fight",
    "start" for the root), as the claims find it; None when there is none."""
    for node in root.walk():
        if node.name == label:
            return node
    stack = [(root, "start")]
    while stack:
        node, path = stack.pop()
        if path == label:
            return node
        for action, child in zip(node.actions, node.children):
            stack.append((child, action if path == "start" else f"{path}/{action}"))
    return None


def _satisfies(exp: Expectation, root: Any, choice: dict[int, int]) -> bool | None:
    """Whether the pure choice profile ``choice`` (decision node id -> action index) plays as
    ``exp`` says, as the claim's own check reads it; None when it cannot tell here."""
    if exp.check == "spe_path":
        node = root
        for want in exp.target:
            if node.kind == "terminal" or want not in node.actions:
                return False if node.kind != "chance" else None
            got = node.actions[choice[id(node)]] if node.kind == "decision" else want
            if got != want:
                return False
            node = node.children[node.actions.index(got)]
        return True
    for label, want in exp.target.items():
        node = _path_to(root, label)
        if node is None or node.kind != "decision":
            return None
        if node.actions[choice[id(node)]] != want:
            return False
    return True


def tree_conditions_of(game: ParametricTree, exp: Expectation, varying: Iterable[str]) -> ExactConditions | None:
    """The exact region of a ``spe_path`` or ``spe_action`` claim of a perfect-information tree.

    Each pure choice profile is subgame perfect exactly where its conditions hold
    (:func:`~convenience.analysis.sensitivity.tree_conditions.tree_conditions`); away from ties
    one profile is, so the claim holds exactly where some profile playing as it says does: the
    conditions of those profiles, joined by "or" (each one's own joined by "and"). Profiles
    that the box rules out, and conditions that hold all over it, are left out. ``everywhere``
    is exact: no profile playing otherwise is subgame perfect anywhere in the box.
    """
    import sympy

    from convenience.analysis.sensitivity.conditions import NotRational, normalise
    from convenience.analysis.sensitivity.tree_conditions import NotPerfectInformation, tree_conditions
    from convenience.analysis.sensitivity.work import SymbolicBudgetExceeded, WorkBudget

    names = varying_parameters(game, exp, varying)
    if names is None:
        return None
    analysis = _ANALYSES.get(id(game), (None, None))
    if analysis[0] is not game:
        try:
            analysis = (game, tree_conditions(game, budget=WorkBudget()))
        except (NotPerfectInformation, NotRational, SymbolicBudgetExceeded):
            analysis = (game, None)
        _ANALYSES.clear()
        _ANALYSES[id(game)] = analysis
    analysis = analysis[1]
    if analysis is None:
        return None
    nodes = [node for node in game.root.walk() if node.kind == "decision"]
    choices = list(itertools.product(*(range(len(n.actions)) for n in nodes)))
    if len(choices) != len(analysis.candidates):
        return None
    box = Box(game, names, {**game.baseline(), **exp.at})
    good: dict[tuple[str, ...], None] = {}
    bad_possible = False
    try:
        for choice, candidate in zip(choices, analysis.candidates):
            plays = _satisfies(exp, game.root, {id(n): k for n, k in zip(nodes, choice)})
            if plays is None:
                return None
            if candidate.status == "never":
                continue
            kept: dict[str, None] = {}
            signs: set = set()
            possible = True
            for condition in candidate.conditions:
                if condition.nonzero:
                    return None
                denominator = box.classify(condition.denom.as_expr(), True)
                if denominator is not True:  # a denominator of unknown sign: no exact form here
                    return None
                found = box.classify(condition.numer.as_expr(), condition.strict)
                if found is None:
                    return None
                if found is False:
                    possible = False
                    break
                if found is not True:
                    kept[found] = None
                    signs.add(normalise(box.ring.from_expr(sympy.expand(
                        sympy.sympify(condition.numer.as_expr()).subs(box.constants)))))
            if not possible or any(-p in signs for p in signs):  # subgame perfect at ties only
                continue
            if plays:
                good[tuple(kept)] = None
            else:
                bad_possible = True
    except (ValueError, TypeError, sympy.PolynomialError, sympy.CoercionFailed):
        return None
    note = "ties on a boundary aside"
    if not good:
        return ExactConditions((), "and", nowhere=True)
    if not bad_possible:  # every subgame-perfect profile (there is always one) plays as claimed
        return ExactConditions((), "and", everywhere=True)
    if len(good) > MAX_DISJUNCTS:
        return None  # exact, but too long to read: the scan says more
    if len(good) == 1:
        return ExactConditions(next(iter(good)), "and", note=note)
    return ExactConditions(tuple(" and ".join(c) if len(c) == 1 else f"({' and '.join(c)})" for c in good), "or",
                           note=note)


__all__ = ["Box", "ExactConditions", "corner_values", "exact_conditions", "inexact_reason", "tree_conditions_of",
           "varying_parameters"]
