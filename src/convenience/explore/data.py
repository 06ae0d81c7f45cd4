"""What an explorer page knows about a game, as plain JSON data.

:func:`page_data` turns a parametric game into a dictionary the page's script reads: the
parameters (baseline, range, meaning, source), the labels, and every payoff and probability
as an expression tree compiled from convenience's own parsed :class:`~convenience.expressions.Expression`
(never the text a user wrote). The page evaluates those trees at the slider values and solves
the game itself. :func:`canonical_equilibria` writes a solver's result in the form the page
reports its own, so the two can be compared point by point.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from convenience.errors import InputError
from convenience.explore.names import action_phrase
from convenience.expressions import FUNCTIONS, Expression, parse_expression
from convenience.game import Game, ParametricAny, game_kind, is_normal, is_parametric, is_repeated, is_tree

if TYPE_CHECKING:
    from convenience.extensive.parametric_tree import ParametricTree
    from convenience.parametric import ParametricGame
    from convenience.repeated.game import ParametricRepeatedGame

#: Operators the page's evaluator knows; anything else is refused before a page is written.
OPERATORS = frozenset({"+", "-", "*", "/", "^", "neg", *FUNCTIONS})
#: Probabilities and payoffs are compared after rounding to this many decimals.
DIGITS = 6


class Unsupported(ValueError):
    """The game has a feature the page cannot evaluate."""


# -- expressions ----------------------------------------------------------------------------
def compile_expression(expr: Expression, index: Mapping[str, int]) -> list:
    """An expression as nested lists: ``["n", 0.75]``, ``["p", 2]``, ``["+", a, b]``, ``["max", a, b, c]``.

    Numbers become floats, parameters their position in ``index``; the page interprets the
    lists with a fixed table of operations, so no text from the game file reaches its script.
    """
    if expr.op == "num":
        return ["n", float(expr.args[0])]
    if expr.op == "par":
        return ["p", index[expr.args[0]]]
    if expr.op not in OPERATORS:
        raise Unsupported(f"operation '{expr.op}' in {expr}")
    return [expr.op, *(compile_expression(a, index) for a in expr.args)]


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _exact_text(value: Any) -> str:
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return repr(float(value))


def slider_step(low: float, high: float) -> float:
    """A round step giving about a hundred slider positions over ``[low, high]``."""
    span = high - low
    if span <= 0:
        return 1.0
    raw = span / 100
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return float(f"{factor * power:.12g}")
    return float(f"{10 * power:.12g}")


def parameters_data(parameters: Mapping[str, Any]) -> list[dict]:
    out = []
    for name, p in parameters.items():
        low, high = _number(p.low), _number(p.high)
        entry = {"name": name, "value": float(p.value), "exact": _exact_text(p.value),
                 "low": low, "high": high, "description": p.description or "", "source": list(p.source)}
        if low is not None and high is not None:
            entry["step"] = slider_step(low, high)
        out.append(entry)
    return out


# -- games ----------------------------------------------------------------------------------
def _normal_data(game: ParametricGame, index: Mapping[str, int]) -> dict:
    """Strategies and, per player, the payoff expressions of every cell in C order."""
    import numpy as np

    expressions = game.expressions
    return {"strategies": [list(s) for s in game.strategies],
            "shape": list(game.shape),
            "payoffs": [[compile_expression(e, index) for e in np.asarray(expressions[p]).ravel()]
                        for p in range(len(game.players))]}


def _breadth_first(root: Any) -> list[Any]:
    order, k = [root], 0
    while k < len(order):
        order.extend(order[k].children)
        k += 1
    return order


def _tree_data(game: ParametricTree, index: Mapping[str, int]) -> dict:
    """Nodes breadth first (the numeric tree's order), with their information sets and expressions."""
    tree = game.at()
    nodes = _breadth_first(game.root)
    if len(nodes) != tree.n_nodes:
        raise Unsupported("the tree's layout differs from its numeric form")
    ids = {id(node): k for k, node in enumerate(nodes)}
    players = list(game.players)
    out = []
    for k, node in enumerate(nodes):
        entry: dict[str, Any] = {"kind": node.kind, "children": [ids[id(c)] for c in node.children],
                                 "actions": list(node.actions), "path": tree.path_label(k)}
        if k in tree.names:
            entry["name"] = tree.names[k]
        if node.kind == "decision":
            entry["player"] = players.index(node.player)
            entry["infoset"] = int(tree.infoset[k])
        if node.kind == "chance":
            entry["probs"] = [compile_expression(e, index) for e in node.probs]
        if node.payoffs:
            entry["payoffs"] = [compile_expression(node.payoffs[p], index) if p in node.payoffs else ["n", 0.0]
                                for p in players]
        out.append(entry)
    infosets = [{"player": int(h.player), "label": h.label, "actions": list(h.actions), "nodes": list(h.nodes)}
                for h in tree.infosets]
    return {"nodes": out, "infosets": infosets, "bayesian": bool(game.types),
            "perfect": bool(tree.is_perfect_information)}


def _repeated_data(game: ParametricRepeatedGame, index: Mapping[str, int]) -> dict:
    """The stage game and the repetition; finitely repeated games and minmax punishments, which
    the page does not solve, come with answers precomputed on a grid (:func:`grid_answers`)."""
    punishment = game.punishment
    data = _normal_data(game.stage, index)
    data["target"] = list(game.target) if game.target is not None else None
    data["punishment"] = punishment if isinstance(punishment, str) else list(punishment)
    data["discount"] = compile_expression(game.discount, index) if game.discount is not None else None
    if game.horizon is not None or punishment == "minmax":
        why = f"a game repeated {game.horizon} times" if game.horizon is not None else "minmax punishments"
        data["grid"] = grid_answers(game, why)
    return data


#: Points at most of a precomputed grid (over every parameter with a range).
GRID_BUDGET = 512


def grid_axes(parameters: Mapping[str, Any]) -> list[tuple[int, list[Fraction]]]:
    """``(parameter position, values)`` per ranged parameter: the same number of evenly spaced
    values on each axis (at least 2), at most :data:`GRID_BUDGET` points in all."""
    ranged = [(k, p) for k, p in enumerate(parameters.values())
              if p.low is not None and p.high is not None and p.high > p.low]
    if not ranged:
        return []
    per_axis = 2
    while (per_axis + 1) ** len(ranged) <= GRID_BUDGET:
        per_axis += 1
    return [(k, [Fraction(p.low) + (Fraction(p.high) - Fraction(p.low)) * Fraction(i, per_axis - 1)
                 for i in range(per_axis)]) for k, p in ranged]


def grid_answers(game: ParametricAny, why: str) -> dict:
    """The solver's answer at every point of the grid of :func:`grid_axes` (the other parameters
    at their baselines), for a page that cannot compute it: stage equilibria, verdict, critical
    discount factor."""
    import itertools

    from convenience.equilibria import solve_game

    names = list(game.parameters)
    axes = grid_axes(game.parameters)
    results = []
    for combo in itertools.product(*(values for _, values in axes)):
        point = {names[k]: v for (k, _), v in zip(axes, combo)}
        result = solve_game(game.at(point))
        analysis = result.extra.get("repeated")
        critical = getattr(analysis, "critical_discount", None)
        results.append({"stage": [[[float(x) for x in profile] for profile in eq.profile] for eq in result.equilibria],
                        "critical": None if critical is None else float(critical),
                        "sustained": bool(getattr(analysis, "sustained", False)),
                        "verdict": analysis.label() if analysis is not None else ""})
    return {"why": why, "axes": [k for k, _ in axes], "values": [[float(v) for v in values] for _, values in axes],
            "results": results}


def _claims_data(game: Game) -> list[dict]:
    from convenience.expectations.checks import describe
    from convenience.expectations.parse import parse_expectations

    out = []
    for exp in parse_expectations(game):
        target = exp.target
        if isinstance(target, Mapping):
            target = [[k, v] for k, v in target.items()]
        elif isinstance(target, tuple):
            target = list(target)
        out.append({"id": exp.id, "check": exp.check, "target": target, "text": describe(game, exp),
                    "at": {k: float(v) for k, v in (exp.at or {}).items()},
                    "robust": exp.robust is not None, "source": list(exp.source)})
    return out


def boundary_curves(equations: Sequence[str], plane: tuple[str, str], baseline: Mapping[str, Any]) -> list[dict]:
    """Exact equations of where the equilibria may change on ``plane`` ("5*P + 9 = 5*C",
    "w = s"), each with the expression tree of its left side minus its right side, read by
    convenience's own parser; the page traces where that difference is zero, the parameters
    off the plane at their values. ``baseline`` maps every parameter, in the page's order, to
    its baseline. Left out: an equation the parser does not read, one that involves neither
    parameter of the plane, and one that is the same curve as an earlier one at the baseline
    (``w = s`` and ``s = w``)."""
    index = {name: k for k, name in enumerate(baseline)}
    curves, seen = [], set()
    for text in dict.fromkeys(equations):
        left, sep, right = text.partition(" = ")
        if not sep or "=" in right:
            continue
        try:
            expr = parse_expression(f"({left}) - ({right})", list(baseline))
            code = compile_expression(expr, index)
        except (InputError, Unsupported):
            continue
        key = curve_key(expr, plane, baseline)
        if key is None or key in seen:
            continue
        seen.add(key)
        curves.append({"equation": text, "code": code})
    return curves


def curve_key(expr: Expression, plane: tuple[str, str], baseline: Mapping[str, Any]) -> str | None:
    """The zero set of ``expr`` on the plane, the other parameters at their baselines, as a
    canonical text (the numerator made primitive with a positive leading coefficient); None when
    it does not involve the plane."""
    import sympy

    if not set(plane) & set(expr.parameters):
        return None
    e = expr.to_sympy()
    values = {name: Fraction(value) for name, value in baseline.items()}
    subs = {s: sympy.Rational(values[s.name].numerator, values[s.name].denominator)
            for s in e.free_symbols if s.name not in plane}
    numerator = sympy.expand(sympy.numer(sympy.together(e.subs(subs))))
    symbols = sorted(numerator.free_symbols, key=lambda s: s.name)
    if not symbols:
        return None
    try:
        _, primitive = sympy.Poly(numerator, *symbols).primitive()
    except sympy.PolynomialError:
        return sympy.srepr(numerator)
    if primitive.LC() < 0:
        primitive = -primitive
    return sympy.srepr(primitive.as_expr())


def page_data(game: Game, source: str = "", plane: tuple[str, str] | None = None,
              boundaries: Sequence[str] = (), names: Any = None, analysis: Any = None) -> dict:
    """Everything the page needs about ``game`` (a parametric game of any kind), as JSON data.

    ``plane`` names the two parameters the regime map starts with (default: the first two with
    a range). Where the game's equilibrium conditions are known symbolically (``analysis``, a
    ``SymbolicAnalysis``, or computed here) they travel as ``conditions``
    (:func:`~convenience.explore.conditions.conditions_data`, candidates named by ``names``, the
    report's :class:`~convenience.report.names.Names`, else as ``convenience solve`` lists them)
    and the page draws its regime map from them; otherwise ``no_conditions`` says why, and
    ``boundaries``, exact equations of where the equilibria change (a report's regime-map
    boundaries and thresholds, see :func:`boundary_curves`), are drawn on the report's plane
    where they separate regions.
    """
    kind = game_kind(game)
    parameters = dict(getattr(game, "parameters", {}) or {})
    index = {name: k for k, name in enumerate(parameters)}
    players = list(game.players)
    data: dict[str, Any] = {
        "title": str(getattr(game, "title", "") or ""), "description": str(getattr(game, "description", "") or ""),
        "source": source, "kind": kind, "players": players, "parameters": parameters_data(parameters),
        "claims": _claims_data(game),
    }
    conditions = _conditions(game, index, names, analysis)
    if "why" in conditions:
        data["no_conditions"] = conditions["why"]
    else:
        data["conditions"] = conditions
    if plane is not None and all(name in index for name in plane) and plane[0] != plane[1]:
        data["plane"] = [index[plane[0]], index[plane[1]]]
        curves = [] if "conditions" in data else boundary_curves(boundaries, plane,
                                                                 {name: p.value for name, p in parameters.items()})
        if curves:
            data["boundaries"] = {"plane": data["plane"], "curves": curves}
    if is_normal(game) and is_parametric(game):
        data["normal"] = _normal_data(game, index)
        actions = data["normal"]["strategies"]
    elif is_tree(game) and is_parametric(game):
        data["tree"] = _tree_data(game, index)
        actions = [sorted({a for h in data["tree"]["infosets"] if h["player"] == p for a in h["actions"]})
                   for p in range(len(players))]
    elif is_repeated(game) and is_parametric(game):
        data["repeated"] = _repeated_data(game, index)
        actions = data["repeated"]["strategies"]
    else:
        raise Unsupported("the page needs the game as read from its file (payoffs as expressions)")
    data["phrases"] = [{a: action_phrase(player, a, tuple(players)) for a in acts}
                       for player, acts in zip(players, actions)]
    return data


def _conditions(game: Game, index: Mapping[str, int], names: Any, analysis: Any) -> dict:
    """The game's exact conditions for the page, or ``{"why": reason}`` when there are none."""
    from convenience.explore.conditions import (candidate_names, conditions_data, sustain_conditions,
                                                symbolic_analysis, usable)

    if not is_parametric(game):
        return {"why": "the game has no parameters"}
    if hasattr(analysis, "candidates"):
        why = usable(analysis)
    else:
        analysis, why = symbolic_analysis(game)
    if why:
        return {"why": why}
    sustain = sustain_conditions(game, analysis) if is_repeated(game) else None
    try:
        return conditions_data(analysis, index, *candidate_names(analysis, names, game), sustain=sustain)
    except ValueError as error:
        return {"why": f"its conditions are too many to carry ({error})"}


# -- comparing with the solvers -------------------------------------------------------------
def _round(value: Any) -> float:
    return round(float(value), DIGITS) + 0.0


def canonical_equilibria(result: Any) -> list:
    """A solver's equilibria, in its order, as lists of rounded probabilities (the page reports the same).

    Normal form: one list per player; trees: one list per information set.
    """
    rows = []
    for eq in result.equilibria:
        if hasattr(eq, "action_probabilities"):
            tree = eq.tree
            rows.append([[_round(x) for x in eq.action_probabilities(h)] for h in range(len(tree.infosets))])
        else:
            rows.append([[_round(x) for x in profile] for profile in eq.profile])
    return rows


def canonical_repeated(result: Any) -> dict:
    """The stage equilibria, critical discount factor and verdict of a repeated game's solve."""
    analysis = result.extra.get("repeated")
    critical = getattr(analysis, "critical_discount", None)
    return {"stage": canonical_equilibria(result),
            "critical": None if critical is None else _round(critical),
            "sustained": bool(getattr(analysis, "sustained", False))}


__all__ = ["Unsupported", "canonical_equilibria", "curve_key", "canonical_repeated", "compile_expression", "page_data",
           "slider_step"]
