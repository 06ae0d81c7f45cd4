"""Numerical sensitivity for any parametric game: trees, repeated games, anything with ``.at()``.

Needs only ``game.parameters`` (name -> Parameter with value/low/high), ``game.at(values)``
and a solve function returning a :class:`~convenience.results.SolveResult` (default:
``convenience.extensive.solve_tree`` for trees, ``convenience.solvers.solve`` otherwise). The
equilibrium set at a point is the set of labels of the solver's equilibria; thresholds are
located by a grid scan and bisection (:func:`~convenience.analysis.sensitivity.thresholds.numeric_thresholds`).
Slower than the batch path (one solve per point) but general.

Every solve is independent, so the points of a sweep, of each bisection round and the Monte
Carlo draws are evaluated point by point by the Monte Carlo engine
(:mod:`convenience.analysis.montecarlo.engine`: this process, ``workers`` local processes or a
Dask scheduler). The draws are the engine's block stream, the same as the batch path's for the
same seed; a point's equilibrium set depends on nothing but the point, so the answer is
identical however the work is split or wherever it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.analysis.sensitivity.work import SYMBOLIC_WORK, SymbolicBudgetExceeded, WorkBudget
from convenience.errors import Option, Setting
from convenience.game import Game, ParametricAny, game_kind, is_repeated

if TYPE_CHECKING:
    from convenience.repeated.game import ParametricRepeatedGame

GENERIC_POINTS = 41
#: Most Monte Carlo draws solved one at a time for games without a batch solver (the default
#: ``draw_cap``). Fixed, never scaled by the number of workers, so the answer never depends on them.
GENERIC_SAMPLES = 2000


def default_solver(game: Game) -> Callable[[Any], Any]:
    """``solve_tree`` for trees, ``solve`` for normal-form games, the verdict of repeated games
    (:func:`~convenience.repeated.solve.repeated_verdict`: what a point's equilibrium set needs)."""
    kind = game_kind(game)
    if kind == "repeated":
        from convenience.repeated.solve import repeated_verdict

        return repeated_verdict
    if kind == "tree":
        from convenience.extensive import solve_tree

        return solve_tree
    from convenience.solvers import solve

    return solve


def label_of(equilibrium: Any) -> str:
    """The equilibrium's label with probabilities dropped (``"A: L, R; B: l, r"``): its support.

    Thresholds are where the set of supports changes; probabilities of a mixed equilibrium
    move continuously with the parameters and are not a change of conclusion.
    """
    import re

    label = getattr(equilibrium, "label", None)
    text = label() if callable(label) else str(equilibrium)
    return re.sub(r" (?:\d+/\d+|\d*\.\d+(?:e-?\d+)?|\d+)(?=[,;]|$)", "", text)


def equilibrium_set_at(game: ParametricAny, solve: Callable[[Any], Any], values: Mapping[str, Any]) -> frozenset[str]:
    """Labels (supports) of the solver's equilibria at ``values``; for repeated games also the verdict."""
    return _sets_at(game, solve, values, with_outcomes=False)[0]


def _sets_at(game: ParametricAny, solve: Callable[[Any], Any], values: Mapping[str, Any],
             with_outcomes: bool = True) -> tuple[frozenset, frozenset]:
    """The equilibrium set at ``values`` and (``with_outcomes``) the set of its equilibria's
    outcomes (trees: their paths, :meth:`~convenience.extensive.behaviour.BehaviourEquilibrium.outcome`;
    empty otherwise)."""
    result = solve(game.at(values))
    equilibria = getattr(result, "equilibria", result)
    outcomes = frozenset(e.outcome() for e in equilibria
                         if with_outcomes and callable(getattr(e, "outcome", None)))
    labels = {label_of(e) for e in equilibria}
    repeated = getattr(result, "extra", {}).get("repeated") if isinstance(getattr(result, "extra", None), dict) else None
    if repeated is not None:
        target = getattr(repeated, "target_label", None) or "target"
        if getattr(repeated, "finite", None) is not None:
            labels.add(repeated.label())
        elif repeated.sustained is not None:
            labels.add(f"({target}) {'sustained' if repeated.sustained else 'not sustained'}")
        else:
            labels.add(f"({target}) {'sustainable' if repeated.sustainable else 'not sustainable'}")
    return frozenset(labels), outcomes


def _solve_chunk(shared: tuple[Any, Callable], points: list[dict]) -> list[frozenset[str]]:
    """Worker task: the equilibrium set at each point (``shared`` is ``(game, solve)``)."""
    game, solve = shared
    return [equilibrium_set_at(game, solve, point) for point in points]


def _solve_chunk_with_outcomes(shared: tuple[Any, Callable], points: list[dict]) -> list[tuple]:
    """Worker task: the equilibrium set and the outcomes at each point."""
    game, solve = shared
    return [_sets_at(game, solve, point) for point in points]


def solve_points(runner: Any, points: Sequence[Mapping[str, Any]], progress=None, outcomes: bool = False) -> list:
    """Equilibrium sets at many points (with ``outcomes``, ``(set, outcomes)`` pairs).

    Points a batch evaluator decides (:func:`batch_evaluator`: a repeated game's closed-form
    conditions) are decided in one array operation; the others are solved point by point by
    the Monte Carlo engine (:func:`~convenience.analysis.montecarlo.engine.run_pointwise`) on
    ``runner``. Either way a point's answer is the one its own solve gives."""
    from convenience.analysis.montecarlo.engine import run_pointwise

    items = [dict(p) for p in points]
    batch = batch_evaluator(*runner.shared) if isinstance(runner.shared, tuple) and len(runner.shared) == 2 else None
    decided: list = batch(items) if batch is not None and items else [None] * len(items)
    left = [k for k, found in enumerate(decided) if found is None]
    if left:
        task = _solve_chunk_with_outcomes if outcomes else _solve_chunk
        for k, found in zip(left, run_pointwise(runner, task, [items[k] for k in left], progress)):
            decided[k] = found
    elif progress:
        progress(1, 1)
    if not outcomes:
        return [found[0] if isinstance(found, tuple) else found for found in decided]
    return decided


def batch_evaluator(game: ParametricAny, solve: Callable) -> Callable | None:
    """A function deciding many points' ``(set, outcomes)`` at once for ``game`` and ``solve``
    (None for a point it leaves to the solver), or None when the game has none."""
    from convenience.analysis.sensitivity.repeated_batch import repeated_batch

    return repeated_batch(game, solve, lambda values: _sets_at(game, solve, values))


def solve_runner(game: Game, solve: Callable, workers: int = 1, scheduler: Any = None):
    """A runner sharing ``(game, solve)`` and a note
    (:func:`~convenience.analysis.montecarlo.engine.point_runner`)."""
    from convenience.analysis.montecarlo.engine import point_runner

    return point_runner((game, solve), workers, scheduler)


def generic_monte_carlo(game: ParametricAny, distributions: Mapping, solve: Callable, *, samples: int, seed: int,
                        baseline: tuple[str, ...], runner: Any = None, draw_cap: int | None = None,
                        progress=None):
    """Monte Carlo for any game with ``.at()``, solving one draw at a time (at most ``draw_cap``,
    default ``GENERIC_SAMPLES``).

    The draws are exactly those the batch path would make for the same seed (same chunking and
    seed sequences); only the first ``draw_cap`` are solved, and the result says so. ``runner``
    (a :class:`~convenience.analysis.montecarlo.parallel.ChunkRunner` sharing ``(game, solve)``) spreads
    the solving over processes or a Dask cluster; the result is the same.
    """
    from contextlib import nullcontext

    from convenience.analysis.montecarlo.engine import points as drawn_points
    from convenience.analysis.montecarlo.parallel import ChunkRunner
    from convenience.analysis.montecarlo.robustness import (ChunkTally, DrawRecord, MonteCarloResult, frequencies,
                                                          set_label, summarise)
    from convenience.analysis.sensitivity.vectorised import set_counts

    cap = GENERIC_SAMPLES if draw_cap is None else int(draw_cap)
    if cap < 1:
        from convenience.errors import InputError

        raise InputError(f"the draw cap must be at least 1 (got {cap})", key=Option("draw_cap"))
    used = min(int(samples), cap)
    points = drawn_points(distributions, used, seed, convert=_exact)
    with ChunkRunner((game, solve)) if runner is None else nullcontext(runner) as chosen:
        pairs = solve_points(chosen, points, progress, outcomes=True)
    found = [labels for labels, _ in pairs]
    labels = tuple(sorted(set().union(*found))) if found else ()
    presence = np.array([[label in f for label in labels] for f in found], dtype=bool).reshape(len(found), len(labels))
    total = ChunkTally(presence.sum(axis=0).astype(np.int64), set_counts(presence, labels), 0)
    eqs, sets = summarise(total, labels, used)
    paths: dict[str, int] = {}
    plays: dict[str, int] = {}
    for _, outcomes in pairs:
        for outcome in outcomes:
            paths[outcome] = paths.get(outcome, 0) + 1
        plays[set_label(outcomes)] = plays.get(set_label(outcomes), 0) + 1
    baseline_play: tuple[str, ...] = ()
    if paths:  # trees: the play at the baseline, to tell changes of play from off-path ones
        baseline_play = tuple(sorted(_sets_at(game, solve, {})[1]))
    note = "each draw solved on its own (no batch solver for this kind of game)"
    if used < samples:
        note += f"; {used:,} of the {int(samples):,} requested draws (at most {cap:,} are solved"
        note += f", the default cap; {Setting('draw_cap')} raises it)" if draw_cap is None else ")"
    varying = sorted({n for point in points for n in point})
    record = DrawRecord(tuple((n, tuple(float(point[n]) for point in points)) for n in varying),
                        tuple(set_label(f) for f in found),
                        tuple(set_label(outcomes) for _, outcomes in pairs) if paths else ())
    return MonteCarloResult(used, seed, 0.0, tuple(distributions.values()), eqs, sets, baseline, notes=(note,),
                            outcomes=frequencies(paths, used),
                            plays=frequencies(plays, used) if paths else (), baseline_play=baseline_play,
                            record=record)


def analyze_generic(game: ParametricAny, *, parameters: Sequence[str] | None = None, grid: Mapping | None = None,
                    sweep_points: int = GENERIC_POINTS, solve: Callable | None = None, progress=None,
                    samples: int = 0, seed: int = 0, workers: int = 1, scheduler: Any = None,
                    draw_cap: int | None = None):
    """Baseline equilibria, numeric thresholds, tornado, sweeps and (draw by draw) Monte Carlo for
    any game with ``.at()``; ``workers``/``scheduler`` solve the points on local processes or a
    Dask scheduler (same answer as serial)."""
    from convenience.analysis.sensitivity.choices import chosen_parameters
    from convenience.analysis.sensitivity.result import SensitivityReport, parameter_info

    solve = solve or default_solver(game)
    declared, distributions, chosen = chosen_parameters(game, parameters)
    if not chosen or all(declared[n].low is None for n in chosen):
        return SensitivityReport(title=getattr(game, "title", ""), parameters=parameter_info(game, distributions), baseline=(), symbolic=False,
                                 notes=("no parameter has a range: nothing to analyse "
                                        "(`convenience solve` gives the equilibria)",))
    baseline = tuple(sorted(equilibrium_set_at(game, solve, {})))
    runner, runner_note = solve_runner(game, solve, workers, scheduler)
    with runner:
        thresholds, sweeps, notes = _generic_parameters(game, declared, chosen, grid, sweep_points, runner, progress)
        mc = None
        if samples and any(distributions[n].kind != "fixed" for n in chosen):
            mc = generic_monte_carlo(game, {n: distributions[n] for n in declared}, solve, samples=samples, seed=seed,
                                     baseline=baseline, runner=runner, draw_cap=draw_cap,
                                     progress=(lambda d, t: progress("Monte Carlo", d, t)) if progress else None)
    from convenience.analysis.sensitivity.result import tornado_order

    tornado = tornado_order(thresholds)
    if is_repeated(game):
        notes.extend(_repeated_notes(game))
    if runner_note:
        notes.append(runner_note)
    return SensitivityReport(title=getattr(game, "title", ""), parameters=parameter_info(game, distributions), baseline=baseline,
                             thresholds=tuple(thresholds), tornado=tuple(tornado), sweeps=tuple(sweeps),
                             monte_carlo=mc, symbolic=False, notes=tuple(notes))


def _generic_parameters(game: Game, declared: Mapping, chosen: Sequence[str], grid: Mapping | None,
                        sweep_points: int, runner: Any, progress) -> tuple[list, list, list[str]]:
    """Numeric thresholds and a sweep for each chosen parameter, the others at baseline; every
    batch of points (the grid, each bisection round) is solved by ``runner``."""
    from convenience.analysis.sensitivity.sweeps import segments_of, Sweep
    from convenience.analysis.sensitivity.thresholds import numeric_thresholds

    points = min(int(sweep_points), GENERIC_POINTS) if sweep_points else GENERIC_POINTS
    thresholds, sweeps, notes = [], [], ["game solved point by point (numerical thresholds by grid and bisection)"]
    for k, name in enumerate(chosen):
        p = declared[name]
        base = float(p.value)
        if p.low is None or p.high is None:
            notes.append(f"{name} has no range; not analysed")
            continue
        lo, hi = float(p.low), float(p.high)
        if grid and name in grid and len(grid) == 1:
            lo, hi, points = grid[name]

        memo: dict = {}

        def sets(xs: np.ndarray, name: str = name, memo: dict = memo) -> list[frozenset[str]]:
            keys = [float(x) for x in np.atleast_1d(xs)]
            missing = list(dict.fromkeys(key for key in keys if key not in memo))
            for key, found in zip(missing, solve_points(runner, [{name: _exact(key)} for key in missing])):
                memo[key] = found
            return [memo[key] for key in keys]

        thresholds.append(numeric_thresholds(sets, name, base, lo, hi, points=points, iterations=24))
        xs = np.linspace(lo, hi, points)
        found = sets(xs)
        sweeps.append(Sweep(name, base, tuple(map(float, xs)), tuple(tuple(sorted(s)) for s in found),
                            segments_of(xs, found)))
        if progress:
            progress("parameters", k + 1, len(chosen))
    return thresholds, sweeps, notes


def _repeated_notes(game: ParametricRepeatedGame) -> list[str]:
    """The exact sustainability condition of a repeated game, when it has one."""
    try:
        from convenience.repeated.solve import critical_discount

        import sympy

        critical = critical_discount(game)
        delta = game.symbolic_discount()
        return [f"the target is sustained iff {sympy.sstr(delta)} >= {sympy.sstr(critical)}"]
    except Exception as error:  # noqa: BLE001 - the exact form is a bonus; the numbers stand alone
        return [f"no symbolic sustainability condition ({type(error).__name__}: {error})"]


def _exact(x: float) -> Any:
    """Grid values as exact rationals where they are short decimals (keeps exact solvers exact)."""
    from fractions import Fraction

    f = Fraction(repr(float(x)))
    return f if f.denominator <= 10**12 else float(x)


def analyze_tree(game: ParametricAny, *, parameters=None, samples: int = 0, seed: int = 0, grid: Mapping | None = None,
                 sweep_points: int = 101, work_limit: int | None = SYMBOLIC_WORK, progress=None, solve=None,
                 workers: int = 1, scheduler: Any = None, draw_cap: int | None = None):
    """Trees: exact subgame-perfection conditions when the tree allows it, else :func:`analyze_generic`.

    The conditions and every exact threshold share one work budget of ``work_limit``
    polynomial terms; a tree that needs more is analysed by :func:`analyze_generic` (the same
    on every machine). With exact conditions (perfect information, rational payoffs)
    thresholds are exact, and
    sweeps, regime maps and Monte Carlo evaluate the compiled conditions over whole arrays of
    parameter values. The baseline set is cross-checked against ``solve_tree``.
    """
    from convenience.analysis.sensitivity.choices import validate_choices
    from convenience.analysis.sensitivity.result import SensitivityReport, parameter_info
    from convenience.analysis.sensitivity.regimes import regime_map
    from convenience.analysis.montecarlo.robustness import (MonteCarloResult, merge, outcome_frequencies, play_frequencies,
                                                          summarise, tally)
    from convenience.analysis.sensitivity.sweeps import one_way_sweep
    from convenience.analysis.sensitivity.conditions import NotRational
    from convenience.analysis.sensitivity.symbolic import batch_presence
    from convenience.analysis.sensitivity.result import tornado_order
    from convenience.analysis.sensitivity.thresholds import exact_thresholds
    from convenience.analysis.sensitivity.tree_conditions import NotPerfectInformation, tree_conditions
    from convenience.analysis.sensitivity.vectorised import equilibrium_sets

    budget = WorkBudget(work_limit)
    try:
        analysis = tree_conditions(game, budget=budget)
        chosen, distributions = validate_choices(game, parameters, grid)
        values = game.baseline()
        thresholds = [exact_thresholds(analysis, n, values, game.parameters[n].low, game.parameters[n].high,
                                       budget=budget) for n in chosen]
    except (NotPerfectInformation, NotRational, SymbolicBudgetExceeded) as error:
        report = analyze_generic(game, parameters=parameters, grid=grid, sweep_points=sweep_points, solve=solve,
                                 progress=progress, samples=samples, seed=seed, workers=workers,
                                 scheduler=scheduler, draw_cap=draw_cap)
        from dataclasses import replace

        return replace(report, notes=report.notes + (f"no exact subgame-perfection conditions: {error}",))
    labels = tuple(c.label for c in analysis.candidates)
    notes = []

    def sets(arrays: Mapping[str, np.ndarray]) -> list[frozenset[str]]:
        size = max((np.size(v) for v in arrays.values()), default=1)
        full = {n: arrays.get(n, float(values[n])) for n in analysis.parameters}
        return equilibrium_sets(batch_presence(analysis, full, size), labels)

    baseline = tuple(sorted(analysis.equilibrium_set(values)))
    try:
        solver = solve or default_solver(game)
        found = equilibrium_set_at(game, solver, {})
        if found != set(baseline):
            notes.append(f"the tree solver reports {', '.join(sorted(found)) or 'nothing'} at the baseline "
                         f"(pure subgame-perfect profiles from the exact conditions: {', '.join(baseline)})")
    except Exception as error:  # noqa: BLE001 - the cross-check is informative only
        notes.append(f"baseline not cross-checked with the tree solver ({type(error).__name__})")
    tornado = tornado_order(thresholds)
    sweeps = []
    for name in chosen:
        p = game.parameters[name]
        if grid and name in grid and len(grid) == 1:
            lo, hi, n = grid[name]
        elif p.low is not None and p.high is not None and float(p.high) > float(p.low):
            lo, hi, n = float(p.low), float(p.high), sweep_points
        else:
            continue
        sweeps.append(one_way_sweep(sets, name, lo, hi, points=n, baseline=float(p.value)))
    regimes = None
    if grid and len(grid) == 2:
        (x, xr), (y, yr) = grid.items()
        regimes = regime_map(sets, x, xr, y, yr, analysis=analysis, values=values)
    mc = None
    if samples and any(d.kind != "fixed" for d in distributions.values()):
        from convenience.analysis.montecarlo.engine import block_draws, block_plan

        tallies = []
        for block in block_plan(samples, seed):  # compiled conditions: each block in one array operation
            tallies.append(tally(batch_presence(analysis, block_draws(distributions, block)[1], block[1]), labels))
        total = merge(tallies, len(labels))
        eqs, set_freqs = summarise(total, labels, samples)
        outcome_of = {c.label: c.outcome for c in analysis.candidates}
        outcomes = outcome_frequencies(total.sets, outcome_of, samples)
        mc = MonteCarloResult(samples, seed, 0.0, tuple(distributions.values()), eqs, set_freqs, baseline,
                              notes=("tree conditions evaluated over the samples in-process",), outcomes=outcomes,
                              plays=play_frequencies(total.sets, outcome_of, samples),
                              baseline_play=tuple(sorted({outcome_of[label] for label in baseline})))
    return SensitivityReport(title=getattr(game, "title", ""), parameters=parameter_info(game, distributions), baseline=baseline,
                             conditions=analysis, thresholds=tuple(thresholds), tornado=tuple(tornado),
                             sweeps=tuple(sweeps), regime_map=regimes, monte_carlo=mc, symbolic=True,
                             notes=tuple(notes))
