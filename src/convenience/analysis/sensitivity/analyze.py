"""One entry point for sensitivity analysis: :func:`analyze` returns a :class:`SensitivityReport`.

The report answers the analyst's questions in order: which equilibria hold at the baseline
and under exactly which conditions; for each parameter, where (holding the others at
baseline) the equilibrium set changes; which assumption the conclusion is most fragile to
(the tornado ranking: distance to the nearest threshold relative to the parameter's range);
how the equilibrium set varies along each range and over a plane of two parameters; and how
often each equilibrium survives when all uncertain parameters move at once (Monte Carlo with
Wilson intervals), or, for ordinal games, across every cardinal reading of the rankings.

Symbolic analysis is tried first, within a work budget counted in polynomial terms
(``work_limit``, :mod:`convenience.analysis.sensitivity.work`) so that it stops at the same step
on every machine; when it cannot finish (or a payoff is not a rational function of the
parameters) the same questions are answered numerically and the report says so. Games that are not normal-form (trees, repeated games)
go through :mod:`convenience.analysis.sensitivity.generic`, which needs only ``.parameters``, ``.at()``
and a solve function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.analysis.sensitivity.choices import parse_grid, validate_choices
from convenience.analysis.sensitivity.domain import (payoff_domain_problem, repeated_domain_problem,
                                                     tree_domain_problem)
from convenience.analysis.sensitivity.result import SensitivityReport, parameter_info
from convenience.analysis.sensitivity.work import SYMBOLIC_WORK, SymbolicBudgetExceeded, WorkBudget
from convenience.errors import InputError, Option, Remedy, Setting
from convenience.game import ParametricAny, Strategic, is_repeated, is_tree

if TYPE_CHECKING:
    from convenience.parametric import ParametricGame

DEFAULT_SAMPLES = 10_000


# -- the entry point ------------------------------------------------------------------------
def analyze(game: ParametricAny, *, parameters: Sequence[str] | None = None, samples: int = DEFAULT_SAMPLES,
            seed: int = 0, noise: float = 0.0, grid: Mapping[str, tuple] | Sequence[str] | None = None,
            workers: int = 1, scheduler: Any = None, sweep_points: int = 101, work_limit: int | None = SYMBOLIC_WORK,
            progress: Callable[[str, int, int], None] | None = None, solve: Callable | None = None,
            draw_cap: int | None = None) -> SensitivityReport:
    """Sensitivity analysis of a parametric game.

    ``parameters`` restricts thresholds, tornado and sweeps to some parameters (default: all
    with a range); ``samples`` Monte Carlo draws (0 to skip) seeded by ``seed``; ``noise``
    adds normal payoff noise of that size relative to the baseline payoff spread; ``grid``
    maps one name to ``(low, high, points)`` for a finer sweep or two names for a regime map;
    ``workers``/``scheduler`` run the sampling on local processes or a Dask scheduler (same
    answer as serial; for games solved point by point, trees without exact conditions and
    repeated games, also the sweeps and threshold searches). Those games solve at most
    ``draw_cap`` Monte Carlo draws (default ``generic.GENERIC_SAMPLES``; never scaled by the
    workers, so the answer does not depend on them). ``work_limit`` bounds the symbolic step in
    polynomial terms (None: no bound). ``progress(stage, done, total)`` is called as chunks
    finish.
    """
    if not isinstance(grid, Mapping):
        grid = parse_grid(grid)
    if samples < 0:
        raise InputError(f"samples must not be negative (got {samples})", key=Option("samples"))
    if noise < 0:
        raise InputError(f"noise must not be negative (got {noise})", key=Option("noise"))
    if workers < 1:
        raise InputError(f"workers must be at least 1 (got {workers})", key=Option("workers"))
    if draw_cap is not None and draw_cap < 1:
        raise InputError(f"the draw cap must be at least 1 (got {draw_cap})", key=Option("draw_cap"))
    if is_tree(game):
        from convenience.analysis.sensitivity.generic import analyze_tree
        from convenience.spec.tree import chance_range_problems

        problems = chance_range_problems(game)
        if problems:
            first = problems[0]
            raise InputError(f"{first.message}; sensitivity analysis would draw impossible probabilities "
                             "(narrow the range)", file=first.file, line=first.line, column=first.column,
                             key=first.key)
        problem = tree_domain_problem(game)
        if problem is not None:
            raise problem

        return analyze_tree(game, parameters=parameters, samples=samples, seed=seed, grid=grid,
                            sweep_points=sweep_points, work_limit=work_limit, progress=progress, solve=solve,
                            workers=workers, scheduler=scheduler, draw_cap=draw_cap)
    if is_repeated(game):
        from convenience.analysis.sensitivity.generic import analyze_generic

        problem = repeated_domain_problem(game)
        if problem is not None:
            raise problem

        return analyze_generic(game, parameters=parameters, grid=grid, sweep_points=sweep_points,
                               solve=solve, progress=progress, samples=samples, seed=seed, workers=workers,
                               scheduler=scheduler, draw_cap=draw_cap)
    reserve_normal_form_work(game)
    problem = payoff_domain_problem(game)
    if problem is not None:
        raise problem
    return _analyze_normal(game, parameters=parameters, samples=samples, seed=seed, noise=noise, grid=grid,
                           workers=workers, scheduler=scheduler, sweep_points=sweep_points,
                           work_limit=work_limit, progress=progress)


#: Work units of the sensitivity analysis of a normal-form game per payoff cell (one player's
#: payoff at one pure profile): each is checked over the ranges, compiled for sweeps and draws,
#: turned into a polynomial and compared with every deviation. The default budget covers about
#: 200,000 cells (13 players with two strategies each).
UNITS_PER_CELL = 5


def reserve_normal_form_work(game: Strategic) -> None:
    """Count the analysis of a normal-form game before anything is built: a game too large for
    the work budget (``--budget``) is refused at once (:class:`~convenience.budget.BudgetExceeded`),
    saying how large it is and how to go further, instead of running for minutes."""
    reserve_normal_form_cells(tuple(len(s) for s in game.strategies))


def reserve_normal_form_cells(shape: tuple[int, ...]) -> None:
    """:func:`reserve_normal_form_work` from the numbers of strategies alone (known from the
    header of a ``.nfg`` file before its payoffs are read)."""
    from math import prod

    from convenience.budget import budget

    profiles = prod(shape)
    cells = profiles * len(shape)
    spend = budget(f"sensitivity analysis (units: {UNITS_PER_CELL} per payoff cell, one player's payoff "
                   "at one pure profile)",
                   remedies=(Remedy("raise the budget with {} or more", Setting("budget", f"{UNITS_PER_CELL * cells:,}")),
                             Remedy("solve the game at its baseline with {}", Setting("solve")),
                             "analyse a smaller game"))
    spend.reserve(UNITS_PER_CELL * cells, found=[f"nothing yet: the game has {profiles:,} pure profiles "
                                                 f"of {len(shape)} players, {cells:,} payoff cells"])


def _analyze_normal(game: ParametricGame, *, parameters, samples, seed, noise, grid, workers, scheduler, sweep_points,
                    work_limit, progress) -> SensitivityReport:
    from convenience.analysis.sensitivity.candidates import mixed_note
    from convenience.analysis.sensitivity.regimes import regime_map
    from convenience.analysis.montecarlo.robustness import monte_carlo
    from convenience.analysis.sensitivity.result import tornado_order
    from convenience.analysis.sensitivity.vectorised import GameEvaluator

    chosen, distributions = validate_choices(game, parameters, grid)
    values = game.baseline()
    notes: list[str] = []
    evaluator = GameEvaluator(game)
    note = mixed_note(tuple(len(s) for s in game.strategies))
    if note:
        notes.append(note)

    budget = WorkBudget(work_limit)  # one budget for every symbolic step
    analysis = _symbolic(game, budget, notes)
    if analysis is not None:
        baseline = tuple(sorted(analysis.equilibrium_set(values)))
    else:
        baseline = tuple(sorted(evaluator.sets({})[0]))

    thresholds = _thresholds(game, chosen, analysis, budget, evaluator, notes, progress)
    tornado = tornado_order(thresholds)

    sweeps = _sweeps(game, chosen, grid, evaluator, sweep_points)

    regimes = None
    if len(grid) == 2:
        (x, xr), (y, yr) = grid.items()
        from convenience.analysis.topology import dilemma_namer

        regimes = regime_map(evaluator.sets, x, xr, y, yr, analysis=analysis, values=values,
                             dilemmas=dilemma_namer(game))

    mc = None
    varying = {n: d for n, d in distributions.items() if d.kind != "fixed"}
    if samples and (varying or noise > 0) and not game.ordinal:
        mc = monte_carlo(game, distributions, samples=samples, seed=seed, noise=noise, workers=workers,
                         scheduler=scheduler, baseline_set=baseline,
                         progress=(lambda d, t: progress("Monte Carlo", d, t)) if progress else None)

    ordinal = None
    if game.ordinal and samples:
        from convenience.analysis.sensitivity.ordinal import ordinal_analysis

        ordinal = ordinal_analysis(game, samples=samples, seed=seed, workers=workers, scheduler=scheduler,
                                   progress=(lambda d, t: progress("ordinal", d, t)) if progress else None)

    verified = _verified_baseline(game, analysis, values, notes)
    roots = _verified_roots(game, analysis, values, notes)
    untracked = untracked_at_baseline(game.at(), verified + roots if analysis is not None else None, notes)
    return SensitivityReport(
        title=getattr(game, "title", ""), parameters=parameter_info(game, distributions), baseline=baseline,
        baseline_equilibria=verified, baseline_root_equilibria=roots, untracked=untracked,
        conditions=analysis, thresholds=tuple(thresholds), tornado=tuple(tornado), sweeps=tuple(sweeps),
        regime_map=regimes, monte_carlo=mc, ordinal=ordinal, symbolic=analysis is not None,
        notes=tuple(dict.fromkeys(notes)))


def _symbolic(game: ParametricGame, budget: WorkBudget, notes: list[str]) -> Any:
    """The exact conditions of every candidate (a ``SymbolicAnalysis``), or None with a note when
    a payoff is not rational in the parameters or the work budget runs out."""
    from convenience.analysis.sensitivity.conditions import NotRational
    from convenience.analysis.sensitivity.symbolic import symbolic_conditions

    try:
        analysis = symbolic_conditions(game, budget=budget)
    except NotRational as error:
        notes.append(f"payoffs are not rational functions of the parameters ({error}); "
                     "conditions and thresholds computed numerically")
        return None
    except SymbolicBudgetExceeded:
        notes.append(f"symbolic analysis did not finish within its work budget of {budget.limit:,} polynomial "
                     "terms; thresholds computed numerically")
        return None
    notes.extend(analysis.notes)
    return analysis


def _thresholds(game: ParametricGame, chosen: list[str], analysis: Any, budget: WorkBudget, evaluator: Any,
                notes: list[str], progress: Callable | None) -> list:
    """Each chosen parameter's thresholds: exact while the work budget lasts, else located numerically."""
    from convenience.analysis.sensitivity.thresholds import exact_thresholds, numeric_thresholds

    values = game.baseline()
    thresholds = []
    for k, name in enumerate(chosen):
        if progress:
            progress("thresholds", k, len(chosen))
        p = game.parameters[name]
        low, high = p.low, p.high
        if analysis is not None and not budget.spent:
            try:
                thresholds.append(exact_thresholds(analysis, name, values, low, high, budget=budget))
                continue
            except SymbolicBudgetExceeded:
                pass
        if analysis is not None:
            notes.append(f"thresholds of {name} located numerically (the symbolic work budget of "
                         f"{budget.limit:,} polynomial terms ran out)")
        base = float(p.value)
        if p.range is None:
            span = max(abs(base), 1.0) * 10
            lo, hi = base - span, base + span
            notes.append(f"{name} has no range; searched [{lo:g}, {hi:g}] numerically")
        else:
            lo, hi = p.float_bounds()

        def sets_along(xs: Any, n: str = name) -> Any:
            return evaluator.sets({n: xs})

        thresholds.append(numeric_thresholds(sets_along, name, base, lo, hi))
    return thresholds


def _sweeps(game: ParametricAny, chosen: list[str], grid: Mapping[str, tuple], evaluator: Any, sweep_points: int) -> list:
    """One-way sweeps of the chosen parameters over their ranges (or the grid given for one)."""
    from convenience.analysis.sensitivity.sweeps import one_way_sweep

    sweeps = []
    for name in chosen:
        p = game.parameters[name]
        if name in grid and len(grid) == 1:
            lo, hi, n = grid[name]
        elif p.low is not None and p.high is not None and float(p.high) > float(p.low):
            lo, hi, n = float(p.low), float(p.high), sweep_points
        else:
            continue
        sweeps.append(one_way_sweep(evaluator.sets, name, lo, hi, points=n, baseline=float(p.value)))
    return sweeps


#: Largest game (in payoff cells) whose baseline is cross-checked against the full solver.
CROSS_CHECK_CELLS = 400


def untracked_at_baseline(numeric: Any, tracked: tuple | None, notes: list[str]) -> tuple[tuple[str, str], ...]:
    """What ``convenience solve`` finds at the baseline that the analysis does not follow.

    Thresholds and Monte Carlo follow isolated equilibria on the supports they track
    (:func:`convenience.analysis.sensitivity.candidates.mixed_note`). The solver also reports continua of
    equilibria and mixed equilibria on other supports; each one missing from ``tracked`` (the
    verified baseline equilibria, compared to 1e-9) is returned as a ``(kind, text)`` pair and
    stated in ``notes``, so the analysis never drops what the solver finds in silence. ``tracked`` None
    (no exact conditions) compares nothing: the numerical analysis labels sets, not profiles.
    """
    if tracked is None:
        return ()
    cells = int(np.prod(numeric.shape)) * numeric.n_players
    if cells > CROSS_CHECK_CELLS:
        notes.append(f"the baseline was not cross-checked against the full solver (the game has {cells} payoff "
                     f"cells, above {CROSS_CHECK_CELLS})")
        return ()
    from convenience.solvers import solve

    result = solve(numeric)
    points = [tuple(np.asarray(x, dtype=float) for x in e.profile) for e in tracked]

    def followed(eq: Any) -> bool:
        profile = [np.asarray(x, dtype=float) for x in eq.profile]
        return any(all(np.abs(a - b).max() <= 1e-9 for a, b in zip(profile, p)) for p in points)

    continua = [c for c in result.components if not c.is_singleton]
    extreme = {e.key() for c in continua for e in c.equilibria}  # stated with their continuum
    found = [("continuum", c.description) for c in continua]
    found += [("equilibrium", e.label()) for e in result.equilibria if e.key() not in extreme and not followed(e)]
    if found:
        notes.append("at the baseline the solver also finds what thresholds and Monte Carlo do not follow (they "
                     "follow isolated equilibria on tracked supports): " + "; ".join(text for _, text in found))
    return tuple(found)


def _verified_baseline(game: ParametricGame, analysis: Any, values: Mapping[str, Any], notes: list[str]) -> tuple:
    """The baseline equilibria from the exact conditions, each verified by regret."""
    if analysis is None:
        return ()
    import sympy

    from convenience.errors import ComputationError
    from convenience.results import make_equilibrium

    numeric = game.at()
    from convenience.analysis.sensitivity.symbolic import fraction_parts

    subs = {sympy.Symbol(n, real=True): sympy.Rational(*fraction_parts(v)) for n, v in values.items()}
    point = analysis.point(values)
    out = []
    for cand in analysis.candidates:
        if not cand.holds(point):
            continue
        profile = []
        for player, support in enumerate(cand.support.support):
            m = len(game.strategies[player])
            if cand.probabilities is None:
                x = [Fraction(int(k == support[0])) for k in range(m)]
            else:
                x = [_to_fraction(sympy.sympify(p).subs(subs)) for p in cand.probabilities[player]]
            profile.append(x if numeric.is_exact else [float(v) for v in x])
        try:
            out.append(make_equilibrium(numeric, profile))
        except ComputationError as error:
            notes.append(f"{cand.label} failed verification at the baseline: {error}")
    return tuple(out)


def _verified_roots(game: ParametricGame, analysis: Any, values: Mapping[str, Any], notes: list[str]) -> tuple:
    """The baseline equilibria where three or more players mix, each verified by regret.

    Their probabilities are roots of polynomials (square roots at best), so the profile is
    verified in floating point on a float copy of the baseline game; the exact check in
    ``Q(sqrt d)`` has already been made by :meth:`RootCandidate.holds`.
    """
    roots = getattr(analysis, "roots", ()) if analysis is not None else ()
    if not roots:
        return ()
    from convenience.errors import ComputationError
    from convenience.normal_form import NormalFormGame
    from convenience.results import make_equilibrium

    numeric = game.at()
    floats = NormalFormGame(numeric.players, numeric.strategies, numeric.float_payoffs(), numeric.title)
    point = tuple(analysis.point(values))
    out = []
    for cand in roots:
        if not cand.holds(point):
            continue
        found = cand.profile_at(point)
        if found is None:
            continue
        mixtures, _ = found
        profile = []
        for player, support in enumerate(cand.support.support):
            x = [0.0] * len(game.strategies[player])
            if player in mixtures:
                for k, p in zip(support, mixtures[player]):
                    x[k] = float(p)
            else:
                x[support[0]] = 1.0
            profile.append(x)
        try:
            out.append(make_equilibrium(floats, profile))
        except ComputationError as error:
            notes.append(f"{cand.label} failed verification at the baseline: {error}")
    return tuple(out)


def _to_fraction(value: Any) -> Fraction:
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return Fraction(float(value))


