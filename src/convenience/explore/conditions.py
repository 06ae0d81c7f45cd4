"""The game's exact equilibrium conditions, as data an explorer page evaluates itself.

For normal forms (every pure profile and two-player support pair: :mod:`convenience.analysis.sensitivity.symbolic`)
and perfect-information trees (the comparisons at every decision node:
:mod:`convenience.analysis.sensitivity.tree_conditions`) convenience knows, for each candidate
equilibrium, the inequalities in the parameters under which it is one. :func:`conditions_data`
writes them for the page: every polynomial as a list of terms over the page's parameter
positions (no text from the game file), every condition as ``numerator/denominator >= 0``
(``> 0`` when strict, ``!= 0`` for a nonzero condition), each candidate with the short name the
report gives it. The page colours its regime map by which candidates hold and draws each
boundary as the zero set of one irreducible factor of a numerator or denominator, the other
parameters at the sliders' values. :func:`conditions_unavailable` says why a game has none.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from convenience.game import Game, ParametricAny, game_kind, is_normal, is_parametric, is_repeated

if TYPE_CHECKING:
    from convenience.repeated.game import ParametricRepeatedGame

#: Largest number of distinct polynomials a page carries (beyond it the map is sampled).
MAX_POLYNOMIALS = 400


def symbolic_analysis(game: Game) -> tuple[Any, str]:
    """``(analysis, "")`` with the exact conditions of ``game``, or ``(None, why not)``."""
    from convenience.analysis.sensitivity.conditions import NotRational
    from convenience.analysis.sensitivity.symbolic import symbolic_conditions
    from convenience.analysis.sensitivity.tree_conditions import NotPerfectInformation, tree_conditions
    from convenience.analysis.sensitivity.work import SymbolicBudgetExceeded, WorkBudget

    if is_repeated(game) and game.horizon is not None:
        return None, f"a game repeated {game.horizon} times is solved by convenience on a grid"
    if is_repeated(game) and game.punishment == "minmax":
        return None, "minmax punishments are computed by convenience on a grid"
    if not is_parametric(game) or not game.parameters:
        return None, "the game has no parameters"
    try:
        if is_repeated(game):
            analysis = symbolic_conditions(game.stage, budget=WorkBudget())
        elif is_normal(game):
            analysis = symbolic_conditions(game, budget=WorkBudget())
        else:
            if game.types:
                return None, "the game has hidden information (its equilibria are computed numerically)"
            analysis = tree_conditions(game, budget=WorkBudget())
    except NotRational as error:
        return None, f"its payoffs are not rational functions of the parameters ({error})"
    except NotPerfectInformation as error:
        return None, f"the tree has imperfect information ({error})"
    except SymbolicBudgetExceeded:
        return None, "its symbolic analysis did not finish within its work budget"
    why = usable(analysis)
    return (None, why) if why else (analysis, "")


def usable(analysis: Any) -> str:
    """Why the page cannot evaluate ``analysis`` itself ("" when it can)."""
    if any(c.status not in ("never", "degenerate") for c in analysis.roots):
        return "some equilibria have three players mixing, with probabilities that are roots of polynomials"
    return ""


def _terms(poly: Any, index: Sequence[int]) -> list:
    """``[[coefficient, k1, e1, k2, e2, ...], ...]``: the polynomial's terms, ``k`` a parameter's
    position in the page, ``e`` its exponent."""
    out = []
    for monom, coeff in sorted(poly.terms()):
        term: list = [float(Fraction(int(coeff.numerator), int(coeff.denominator)))]
        for k, e in zip(index, monom):
            if e:
                term += [k, int(e)]
        out.append(term)
    return out


def _key(poly: Any) -> tuple:
    return tuple(sorted((m, str(c)) for m, c in poly.terms()))


def equation_text(poly: Any) -> str:
    """``"P + H*beta = C + F"``: ``poly = 0`` with its positive terms on the left."""
    from convenience.analysis.sensitivity.conditions import poly_text

    ring = poly.ring
    positive = ring.from_dict({m: c for m, c in poly.terms() if c > 0})
    negative = ring.from_dict({m: -c for m, c in poly.terms() if c < 0})
    if positive.is_ground and not negative.is_ground:
        positive, negative = negative, positive
    return f"{poly_text(positive)} = {poly_text(negative)}"


def _factors(poly: Any) -> list:
    """The irreducible factors of ``poly`` that involve a parameter, each scaled to coprime
    integer coefficients with a positive leading one."""
    from convenience.analysis.sensitivity.conditions import normalise

    _, factors = poly.factor_list()
    out = []
    for factor, _ in factors:
        if factor.is_ground:
            continue
        factor = normalise(factor)
        out.append(-factor if factor.LC < 0 else factor)
    return out


def conditions_data(analysis: Any, index: Mapping[str, int], names: Mapping[str, str],
                    unnamed: Collection[str] = (), sustain: list | None = None) -> dict:
    """The page's form of a ``SymbolicAnalysis``: ``polynomials`` (term lists), ``conditions``
    (``[numerator, denominator, strict, nonzero]`` as polynomial positions), ``candidates``
    (``label``, short ``name``, ``unnamed`` when the report does not name it (``unnamed``
    labels), ``conditions``), ``curves`` (a polynomial and its
    ``equation``, one per irreducible factor) and ``notes``; for a repeated game, ``sustained``:
    the grim-trigger conditions of :func:`sustain_conditions` (the target is sustained where, for
    every player, one of its options holds: its punishment equilibrium is one and its conditions
    hold). Raises ``ValueError`` when there are more than :data:`MAX_POLYNOMIALS` polynomials."""
    positions = [index[name] for name in analysis.parameters]
    polynomials: list = []
    seen: dict = {}

    def add(poly: Any) -> int:
        key = _key(poly)
        if key not in seen:
            seen[key] = len(polynomials)
            polynomials.append(poly)
        return seen[key]

    conditions: list = []
    condition_index: dict = {}
    candidates: list[dict] = []
    curves: list[dict] = []
    curve_keys: set = set()
    degenerate: list[str] = []

    def condition(c: Any) -> int:
        row = [add(c.numer), add(c.denom), bool(c.strict), bool(c.nonzero)]
        key = tuple(row)
        if key not in condition_index:
            condition_index[key] = len(conditions)
            conditions.append(row)
            for factor in _factors(c.numer) + ([] if c.nonzero else _factors(c.denom)):
                if _key(factor) not in curve_keys:
                    curve_keys.add(_key(factor))
                    curves.append({"polynomial": add(factor), "equation": equation_text(factor)})
        return condition_index[key]

    position = {}
    for candidate in analysis.candidates:
        if candidate.status in ("never", "degenerate"):
            if candidate.status == "degenerate":
                degenerate.append(names.get(candidate.label, candidate.label))
            continue
        position[candidate.label] = len(candidates)
        candidates.append({"label": candidate.label, "name": names.get(candidate.label, candidate.label),
                           "unnamed": candidate.label in unnamed,
                           "conditions": [condition(c) for c in candidate.conditions]})
    sustained = None
    if sustain is not None:  # per player, the ways its incentive holds: [candidate position or None, conditions]
        sustained = [[[None if label is None else position[label], [condition(c) for c in conds]]
                      for label, conds in options if label is None or label in position]
                     for options in sustain]
    if len(polynomials) > MAX_POLYNOMIALS:
        raise ValueError(f"{len(polynomials)} polynomials")
    notes = []
    if degenerate:
        notes.append("Left out: " + ", ".join(degenerate) + " (supports whose indifference equations are singular "
                     "for every value: a continuum of equilibria may exist there, found by the solver, not by "
                     "these conditions).")
    out = {"polynomials": [_terms(p, positions) for p in polynomials], "conditions": conditions,
           "candidates": candidates, "curves": curves, "notes": notes}
    if sustained is not None:
        out["sustained"] = sustained
    return out


def sustain_conditions(game: ParametricRepeatedGame, analysis: Any) -> list | None:
    """When grim trigger sustains the target of an infinitely repeated ``game`` (``analysis``: its
    stage game's conditions), per player: ``[(punishment candidate label or None, conditions)]``.

    Player ``i`` does not deviate when ``c_i >= (1 - delta) d_i + delta p_i`` (target payoff ``c``,
    best one-shot deviation ``d``, punishment payoff ``p``); with ``1 - delta >= 0`` that is
    ``c_i - (1 - delta) u_i(k, target_-i) - delta p_i >= 0`` for every strategy ``k``. Under Nash
    reversion ``p_i`` is the worst stage equilibrium for ``i``, and the left side falls as ``p_i``
    rises, so the player's incentive holds when it holds against some stage equilibrium: one
    option per candidate. A given punishment profile is one option, always available. None when
    there is no target or discount factor, or the discount factor is not rational."""
    import itertools

    import numpy as np
    import sympy

    from convenience.analysis.sensitivity.conditions import make_condition

    if game.target is None or game.discount is None or isinstance(game.punishment, str) and game.punishment != "nash":
        return None
    field = analysis.ring.to_field()
    expressions = game.stage.expressions
    try:
        delta = field.from_expr(sympy.sympify(game.discount.to_sympy()))
        payoff = {index: field.from_expr(sympy.sympify(e.to_sympy())) for index, e in np.ndenumerate(expressions)}
    except (ValueError, sympy.PolynomialError, sympy.CoercionFailed):
        return None
    target = tuple(game.target)
    n = len(target)
    shape = expressions.shape[1:]
    out = []
    for i in range(n):
        punishments: list = []
        if game.punishment == "nash":
            for candidate in analysis.candidates:
                if candidate.status in ("never", "degenerate"):
                    continue
                weights = [[field.from_expr(sympy.sympify(w.as_expr() if hasattr(w, "as_expr") else w)) for w in row]
                           for row in candidate.weights] if candidate.weights is not None else None
                if weights is None:
                    cell = tuple(s[0] for s in candidate.support.support)
                    punishments.append((candidate.label, payoff[(i, *cell)]))
                    continue
                value = field.zero
                for cell in itertools.product(*(range(k) for k in shape)):
                    w = field.one
                    for p, s in enumerate(cell):
                        w *= weights[p][s]
                    if w:
                        value += w * payoff[(i, *cell)]
                punishments.append((candidate.label, value))
        else:
            punishments.append((None, payoff[(i, *tuple(game.punishment))]))
        c = payoff[(i, *target)]
        options = []
        for label, p in punishments:
            conds, possible = [], True
            for k in range(shape[i]):
                deviation = target[:i] + (k,) + target[i + 1:]
                f = c - (1 - delta) * payoff[(i, *deviation)] - delta * p
                made = make_condition(f.numer, f.denom, False)
                if made is False:
                    possible = False
                    break
                if made is not True:
                    conds.append(made)
            if possible:
                options.append((label, conds))
        out.append(options)
    return out


def candidate_names(analysis: Any, names: Any = None, game: ParametricAny | None = None) -> tuple[dict[str, str], set[str]]:
    """The short name of every candidate, and the labels of those the report does not name.

    Names are the report's (``names``, a :class:`~convenience.report.names.Names`) where it has
    one, the next free ones (``E29``) for candidates it never mentions; without a report, ``E1``,
    ``E2``, ... in the order ``convenience solve`` lists the equilibria at the baseline of
    ``game``, then the remaining candidates in order (none counted as unnamed)."""
    from convenience.report.build import plan_key, report_names

    fresh: set[str] = set()
    reported = names is not None
    if names is None:
        from types import SimpleNamespace

        from convenience.equilibria import solve_game

        if game is None:
            raise TypeError("candidate_names needs the game when no report names its candidates")
        kind = game_kind(game)
        baseline = SimpleNamespace(solution=solve_game(game.at()), nash=None, pbe=None, kind=kind, sensitivity=None)
        names = report_names(cast(Any, baseline))  # named as a report names its solution
    plans = {plan_key(known): known for known in names.labels()}
    plans.pop(None, None)
    out = {}
    for candidate in analysis.candidates:
        label = candidate.label
        if names.name(label) is None:
            same = plans.get(plan_key(label))
            if same is not None:
                names.alias(label, same)
            else:
                names.add(label)
                if reported:
                    fresh.add(label)
        out[label] = names.name(label)
    return out, fresh


__all__ = ["MAX_POLYNOMIALS", "candidate_names", "conditions_data", "equation_text", "sustain_conditions", "symbolic_analysis",
           "usable"]
