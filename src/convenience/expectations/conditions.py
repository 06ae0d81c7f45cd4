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
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from convenience.expectations.exact import MAX_CORNERS_PARAMETERS, sign_differences
from convenience.expectations.parse import Expectation

#: Most alternatives ("or") a tree claim's exact region may list; longer ones are scanned instead.
MAX_DISJUNCTS = 4
#: The last game's subgame-perfection conditions (one game is judged claim by claim).
_ANALYSES: dict[int, tuple[Any, Any]] = {}

#: Checks whose region is a conjunction (``all``) or a disjunction (``any``) of sign conditions.
JOINS = {"equilibrium": "and", "strict": "and", "dominant": "and", "not_equilibrium": "or"}


@dataclass(frozen=True)
class ExactConditions:
    """The exact region of a claim: ``conditions`` joined by ``join`` ("and" / "or").

    ``everywhere`` / ``nowhere``: the claim holds at every point / no point of the declared box.
    """

    conditions: tuple[str, ...]
    join: str
    everywhere: bool = False
    nowhere: bool = False
    note: str = ""  # a caveat on the boundaries ("ties on a boundary aside")

    def text(self) -> str:
        """``"exactly while q > c + r and a >= 1 (within the declared ranges)"``."""
        tail = f"; {self.note}" if self.note else ""
        if self.nowhere:
            return "exactly: nowhere within the declared ranges"
        if self.everywhere or not self.conditions:
            return f"exactly: everywhere within the declared ranges{tail}"
        return f"exactly while {f' {self.join} '.join(self.conditions)} (within the declared ranges{tail})"

    def to_dict(self) -> dict[str, Any]:
        return {"conditions": list(self.conditions), "join": self.join, "everywhere": self.everywhere,
                "nowhere": self.nowhere}


def _signs(game: Any, exp: Expectation) -> Iterable[tuple[Any, bool]]:
    """``(expression, strict)`` pairs, each meaning ``expression >= 0`` (``> 0`` when strict), whose
    conjunction (or, for ``not_equilibrium``, disjunction) is the claim."""
    if exp.check == "not_equilibrium":  # some deviation gains strictly
        for difference, _ in sign_differences(game, replace(exp, check="equilibrium")):
            yield difference, True
        return
    for difference, sense in sign_differences(game, exp):
        yield -difference, sense == "< 0"


class _Box:
    """The declared box of the ``varying`` parameters, the others fixed at ``values``: sign
    conditions are classified over it as holding everywhere, nowhere, or as readable text."""

    def __init__(self, game: Any, varying: list[str], values: dict[str, Any]) -> None:
        import sympy
        from sympy.polys.rings import ring as make_ring

        symbols = {n: sympy.Symbol(n, real=True) for n in game.parameters}
        self.constants = {symbols[n]: sympy.Rational(Fraction(v)) for n, v in values.items()
                          if n not in varying and n in symbols}
        self.ring = make_ring([symbols[n] for n in varying], sympy.QQ)[0]
        self.box = [(Fraction(game.parameters[n].low), Fraction(game.parameters[n].high)) for n in varying]

    def classify(self, expression: Any, strict: bool) -> bool | str | None:
        """``expression >= 0`` (``> 0`` when strict) over the box: True (everywhere), False
        (nowhere), its text, or None when it is not multilinear in the varying parameters."""
        import sympy

        from convenience.analysis.sensitivity.conditions import make_condition

        expr = sympy.expand(sympy.sympify(expression).subs(self.constants))
        poly = self.ring.from_expr(expr)
        if any(poly.degree(g) > 1 for g in self.ring.gens):
            return None  # not multilinear: corners no longer bound it
        if poly.is_ground:  # a constant
            value = Fraction(str(poly.LC)) if poly else Fraction(0)
            return value > 0 if strict else value >= 0
        corners = _corner_values(poly, self.box)
        if all(c > 0 if strict else c >= 0 for c in corners):
            return True
        if all(c <= 0 if strict else c < 0 for c in corners):
            return False
        alone = _one_parameter(poly, strict)
        if alone is not None:
            return alone
        condition = make_condition(poly, self.ring(1), strict)
        return condition if isinstance(condition, bool) else condition.text


def _varying(game: Any, exp: Expectation, varying: Iterable[str]) -> list[str] | None:
    names = [n for n in varying if n not in exp.at]
    return names if names and len(names) <= MAX_CORNERS_PARAMETERS else None


def exact_conditions(game: Any, exp: Expectation, varying: Iterable[str]) -> ExactConditions | None:
    """The exact region of ``exp`` over the box of the ``varying`` parameters (the others at the
    baseline, ``at:`` values applied), or None when no exact linear form exists here."""
    import sympy

    from convenience.expectations.cells import SET_CHECKS, NoExactRegion, set_region

    kind = getattr(game, "kind", "normal")
    if kind == "tree" and exp.check in ("spe_path", "spe_action"):
        return tree_conditions_of(game, exp, varying)
    if kind == "repeated" and exp.check == "sustained":
        from convenience.expectations.discount import sustained_region

        return sustained_region(game, exp, varying)
    normal = getattr(game, "stage", None) if kind == "repeated" else game if kind == "normal" else None
    if normal is None or not hasattr(normal, "payoffs") or exp.check not in JOINS.keys() | SET_CHECKS:
        return None
    names = _varying(game, exp, varying)
    if names is None:
        return None
    box = _Box(game, names, {**game.baseline(), **exp.at})
    if exp.check in SET_CHECKS:
        try:
            return set_region(normal, exp, box)
        except (NoExactRegion, ValueError, TypeError, sympy.PolynomialError, sympy.CoercionFailed):
            return None
    game = normal
    join = JOINS[exp.check]
    kept: dict[str, None] = {}
    decided: list[bool] = []  # per sign condition: True everywhere, False nowhere (the rest kept)
    try:
        for expression, strict in _signs(game, exp):
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


def inexact_reason(game: Any, exp: Expectation) -> str | None:
    """Why a claim of this kind of game has no exact region, in a reader's words (None when the
    reason is particular to its payoffs: too many alternatives, payoffs not linear)."""
    kind = getattr(game, "kind", "normal")
    if kind == "tree" and exp.check in ("spe_path", "spe_action"):
        try:
            perfect = game.at().is_perfect_information
        except Exception:  # noqa: BLE001 - no reason to give when the tree cannot be built here
            return None
        if not perfect:
            return ("the tree has information sets, so its subgame-perfect equilibria are found by solving each "
                    "point, not from conditions on the parameters")
    if kind == "repeated" and exp.check == "sustained":
        if getattr(game, "horizon", None) is not None:
            return "a finite horizon is solved by backward induction at each point"
        if getattr(game, "punishment", None) == "minmax":
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


def tree_conditions_of(game: Any, exp: Expectation, varying: Iterable[str]) -> ExactConditions | None:
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

    names = _varying(game, exp, varying)
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
    box = _Box(game, names, {**game.baseline(), **exp.at})
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


def _one_parameter(poly: Any, strict: bool) -> str | None:
    """``a*x + b >= 0`` as ``"x >= -b/a"`` (the sign flipped when ``a < 0``); None for other forms."""
    from convenience.expectations.checks import number_text

    terms = dict(poly.terms())
    used = [k for k, g in enumerate(poly.ring.gens) if any(m[k] for m in terms)]
    if len(used) != 1 or any(sum(m) > 1 for m in terms):
        return None
    k = used[0]
    unit = tuple(1 if i == k else 0 for i in range(poly.ring.ngens))
    a = Fraction(str(terms[unit]))
    b = Fraction(str(terms.get(tuple(0 for _ in unit), 0)))
    bound = -b / a
    op = (">" if strict else ">=") if a > 0 else ("<" if strict else "<=")
    return f"{poly.ring.symbols[k]} {op} {number_text(bound)}"


def _corner_values(poly: Any, box: list[tuple[Fraction, Fraction]]) -> list[Fraction]:
    """The values of a multilinear ``poly`` at the corners of ``box`` (only the parameters it
    involves are varied: the others cannot move it)."""
    terms = [(monom, Fraction(int(c.numerator), int(c.denominator))) for monom, c in poly.terms()]
    used = [k for k in range(len(box)) if any(m[k] for m, _ in terms)]
    out = []
    for corner in itertools.product(*(box[k] for k in used)):
        at = dict(zip(used, corner))
        total = Fraction(0)
        for monom, coeff in terms:
            for k, e in enumerate(monom):
                if e:
                    coeff *= at[k] ** e
            total += coeff
        out.append(total)
    return out


__all__ = ["ExactConditions", "exact_conditions", "tree_conditions_of"]
