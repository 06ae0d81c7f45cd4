"""One analysis per game: load -> solve -> analyse -> check, into one typed result.

:func:`analyse_game` computes, once, everything any consumer shows about a game and returns
it as a :class:`GameAnalysis`: the baseline solve; for trees the reduced normal form with all
its Nash equilibria (solved once, shared by the credibility notes, the perfect Bayesian
equilibria and the stability measures); stability; sensitivity (thresholds, tornado, a
regime map, Monte Carlo); the verdicts on the game's expectations; the 2x2 topology; and
what could not be computed and why. ``convenience report`` renders it, ``convenience check``
reads its verdicts, ``convenience analyze`` prints its sensitivity. :func:`analyse_library`
does the same for many files at once, then judges the cross-game conclusions of ``kind:
conclusions`` files on the verdicts already found.

Nothing here prints, writes or reads the clock. Every random draw is seeded by
``options.seed`` and every budget is counted in work, so the same game and options give the
same result on every machine. The result is frozen and picklable: worker processes return
it whole and a cache can store it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from convenience.analysis.sensitivity.work import SYMBOLIC_WORK
from convenience.budget import BudgetExceeded
from convenience.errors import InputError, Option
from convenience.game import (Game, Kind, ParametricAny, game_kind, is_normal, is_parametric, is_repeated, is_tree,
                              numeric, parameters_of)
from convenience.processes import Progress, map_in_processes
from convenience.spec.library import Library, load_library

if TYPE_CHECKING:
    from convenience.analysis.sensitivity.result import SensitivityReport
    from convenience.analysis.stability.report import StabilityReport
    from convenience.analysis.topology import Dilemma
    from convenience.cache import AnalysisCache
    from convenience.expectations.run import ClaimResult, GameVerdicts
    from convenience.extensive.tree import GameTree
    from convenience.normal_form import NormalFormGame
    from convenience.parametric import ParametricGame
    from convenience.results import SolveResult

#: Monte Carlo draws per game of a report (keeps a dozen games well under a minute), and the seed.
DEFAULT_SAMPLES = 20_000
DEFAULT_SEED = 0
#: Most Monte Carlo draws per game (``--samples``).
MAX_SAMPLES = 10_000_000
#: Largest seed (seeds are whole numbers from 0).
MAX_SEED = 2**63 - 1

#: The parts of an analysis; the baseline solve comes with any of the first two.
PARTS = ("solve", "stability", "sensitivity", "expectations")

#: Trees up to this many nodes also get all their Nash equilibria (from the reduced normal form).
MAX_NASH_TREE_NODES = 40
#: Grid points per axis of the regime map over the two most fragile parameters.
MAP_POINTS = 101


def check_samples_and_seed(samples: int, seed: int) -> None:
    """Refuse a number of Monte Carlo draws outside 0..:data:`MAX_SAMPLES` or a seed outside
    0..:data:`MAX_SEED` (exit 2), before any work."""
    if not 0 <= samples <= MAX_SAMPLES:
        raise InputError(f"samples must be from 0 to {MAX_SAMPLES:,} (got {samples:,})", key=Option("samples"))
    if not 0 <= seed <= MAX_SEED:
        raise InputError(f"the seed must be a whole number from 0 to 2^63 - 1 (got {seed})", key=Option("seed"))


@dataclass(frozen=True)
class AnalysisOptions:
    """What to compute and how: the same options give the same result on every machine.

    ``parts`` picks among :data:`PARTS`. ``samples`` Monte Carlo draws seeded by ``seed``;
    ``regions`` also locates where passing claims hold (failing ones always get their
    region); ``fixed`` names parameters set on the command line, which robustness draws leave
    alone. ``parameters``, ``noise``, ``grid``, ``draw_cap``, ``workers`` and ``scheduler``
    are those of :func:`convenience.analysis.sensitivity.analyze.analyze`, ``symbolic_work`` its
    ``work_limit`` (polynomial terms; None: no bound); ``regime_map``
    adds, when no grid is given, a map over the two most fragile parameters of a normal-form
    game. ``ranged_only`` skips sensitivity (saying why) when no parameter declares a range;
    ``convenience analyze`` turns it off to analyse whatever is declared. ``command`` is
    recorded as provenance. With ``keep_going`` a failing analysis becomes a line of the result
    and the others stand; without it the failure propagates.
    """

    parts: frozenset[str] = frozenset(PARTS)
    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    regions: bool = True
    fixed: frozenset[str] = frozenset()
    parameters: tuple[str, ...] | None = None
    noise: float = 0.0
    grid: tuple[tuple[str, tuple[float, float, int]], ...] = ()
    regime_map: bool = True
    symbolic_work: int | None = SYMBOLIC_WORK
    ranged_only: bool = True
    keep_going: bool = True
    draw_cap: int | None = None
    workers: int = 1
    scheduler: str | None = None
    command: str = ""

    def __post_init__(self) -> None:
        unknown = sorted(set(self.parts) - set(PARTS))
        if unknown:
            raise ValueError(f"unknown analysis part '{unknown[0]}'; parts: {', '.join(PARTS)}")
        check_samples_and_seed(self.samples, self.seed)
        if not math.isfinite(self.noise) or self.noise < 0:
            raise InputError(f"noise must be a finite number, not negative (got {self.noise})", key=Option("noise"))

    def wants(self, part: str) -> bool:
        return part in self.parts


@dataclass(frozen=True)
class Provenance:
    """How a result was made: enough to make it again."""

    version: str
    samples: int
    seed: int
    command: str = ""


@dataclass(frozen=True, eq=False)
class GameAnalysis:
    """Everything convenience found about one game (see the module docstring).

    ``solution`` is the baseline solve; for trees ``strategic`` is the reduced normal form
    solved (its ``game`` is the strategic form, its equilibria all its Nash equilibria),
    ``nash`` the same equilibria as behaviour strategies with credibility notes (trees up to
    :data:`MAX_NASH_TREE_NODES` nodes) and ``pbe`` the perfect Bayesian equilibria (games
    with types). ``unavailable`` maps a part to the one line saying why it has no content;
    ``failures`` lists analyses that failed (the others stand). ``stopped`` holds the work-budget
    stops (each says what was found and how to go further): a stopped baseline solve leaves
    ``solution`` None and nothing else analysed; a stopped part is also one of ``failures``.
    """

    game: Game
    kind: Kind
    source: str
    provenance: Provenance
    solution: SolveResult | None = None
    strategic: SolveResult | None = None
    nash: SolveResult | None = None
    pbe: SolveResult | None = None
    stability: StabilityReport | None = None
    sensitivity: SensitivityReport | None = None
    expectations: tuple[ClaimResult, ...] | None = None
    verdicts: GameVerdicts | None = None
    topology: Dilemma | None = None
    unavailable: Mapping[str, str] = field(default_factory=dict)
    failures: tuple[str, ...] = ()
    stopped: tuple[BudgetExceeded, ...] = ()

    @property
    def title(self) -> str:
        return str(getattr(self.game, "title", "") or "") or Path(self.source).stem


@dataclass(frozen=True, eq=False)
class LibraryAnalysis:
    """The analyses of many game files and the verdicts on their cross-game conclusions.

    ``rendered`` holds, game by game, what the ``then`` function of :func:`analyse_library`
    returned (the report renders each game in the process that analysed it); ``directory``
    tells whether any directory was given.
    """

    games: tuple[GameAnalysis, ...]
    conclusions: tuple[ClaimResult, ...] = ()
    rendered: tuple[Any, ...] = ()
    directory: bool = False  # whether any directory was given

    def verdicts(self) -> list[ClaimResult]:
        """Every verdict: each game's expectations in order, then the conclusions."""
        out: list[ClaimResult] = []
        for analysis in self.games:
            out.extend(analysis.expectations or ())
        return out + list(self.conclusions)

    def to_frame(self) -> Any:
        """Every verdict as a pandas DataFrame, one row each (see :mod:`convenience.frames`)."""
        from convenience.frames import claims_frame

        return claims_frame(self.verdicts())




# -- one game -----------------------------------------------------------------------------------
def analyse_game(game: Game, options: AnalysisOptions = AnalysisOptions(), *, source: str = "",
                 progress: Progress | None = None) -> GameAnalysis:
    """Every analysis ``options`` asks for, each computed once (see :class:`GameAnalysis`).

    An input error stops the run (the game file is wrong); any other failure of one analysis
    becomes a line in ``failures`` and ``unavailable`` and the other analyses stand. A baseline
    solve that spends its work budget ends the analysis: with ``keep_going`` the result says so
    in ``stopped`` (a report or a check of many games goes on with the others), else the error,
    naming the game file, propagates.
    """
    from convenience import __version__

    kind = game_kind(game)
    run = _Run(game, kind, options)
    solution = strategic = nash = pbe = stability = sensitivity = expectations = verdicts = topology = None
    if options.wants("solve") or options.wants("stability"):
        try:
            solution = _solve(game, run)
        except BudgetExceeded as error:  # name the game: a report or a check runs many
            located = error.located(getattr(game, "file", None))
            if not options.keep_going:
                raise located from None
            return GameAnalysis(
                game=game, kind=kind, source=source,
                provenance=Provenance(__version__, options.samples, options.seed, options.command),
                unavailable={"solve": f"The baseline solve stopped: {located}"},
                failures=(f"solve stopped: {located}",), stopped=(located,))
    if options.wants("stability") and solution is not None:
        stability = run.attempt("stability", _stability, run, solution)
    if options.wants("sensitivity"):
        sensitivity = run.attempt("sensitivity", _sensitivity, run, progress)
    if options.wants("expectations"):
        verdicts = run.attempt("expectations", _expectations, run, progress)
        expectations = None if verdicts is None else verdicts.claims
    if options.wants("solve") and kind == "tree" and solution is not None:
        if _small(solution):
            nash = run.attempt("Nash", run.tree_nash)
        if (is_parametric(game) and is_tree(game) and game.types) or (
                _small(solution) and _has_hidden_information(solution.game)):
            pbe = run.attempt("perfect Bayesian", _tree_pbe, run)
        strategic = run.strategic_if_found()
    if options.wants("solve"):
        topology = _topology(game)
    return GameAnalysis(
        game=game, kind=kind, source=source,
        provenance=Provenance(__version__, options.samples, options.seed, options.command),
        solution=solution, strategic=strategic, nash=nash, pbe=pbe, stability=stability,
        sensitivity=sensitivity, expectations=expectations, verdicts=verdicts, topology=topology,
        unavailable=dict(run.unavailable), failures=tuple(run.failures), stopped=tuple(run.stopped))


def analyse_file(path: str | Path, options: AnalysisOptions = AnalysisOptions(),
                 overrides: Mapping[str, Any] | None = None, *, source: str | None = None) -> GameAnalysis:
    """Load one game file (``overrides`` naming its own parameters applied) and analyse it."""
    library = load_library([path], overrides)
    if not library.games:
        raise InputError("not a game file (it declares a kind that describes no game)", file=str(path))
    [(_, game)] = library.games
    analysis, _ = _analyse_one(game, options, library.overrides, str(path) if source is None else source, None)
    return analysis


T = TypeVar("T")


class _Once(Generic[T]):
    """A value computed on first request; a failure is kept and raised again on each request."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute = compute
        self._done = False
        self._value: T | None = None
        self._error: BaseException | None = None

    def get(self) -> T:
        if not self._done:
            self._done = True
            try:
                self._value = self._compute()
            except Exception as error:  # noqa: BLE001 - re-raised to every part that needs it
                self._error = error
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def found(self) -> T | None:
        return self._value if self._done and self._error is None else None


class _Run:
    """The state of one game's analysis: shared intermediate results, unavailable parts, failures."""

    def __init__(self, game: Game, kind: Kind, options: AnalysisOptions) -> None:
        self.game = game
        self.kind = kind
        self.options = options
        self.unavailable: dict[str, str] = {}
        self.failures: list[str] = []
        self.stopped: list[BudgetExceeded] = []
        self._reduced: _Once[Any] = _Once(self._reduce)
        self._strategic: _Once[SolveResult] = _Once(self._solve_strategic)
        self._nash: _Once[SolveResult] = _Once(self._tree_nash)

    def attempt(self, part: str, function: Callable[..., T], *args: Any) -> T | None:
        """Run one analysis; if it fails, the result says so for that part and the others stand."""
        try:
            return function(*args)
        except InputError:
            raise
        except BudgetExceeded as error:
            located = error.located(getattr(self.game, "file", None))
            if not self.options.keep_going:
                raise located from None
            self.stopped.append(located)
            self.failures.append(f"{part} analysis stopped: {located}")
            self.unavailable[part] = f"The {part} analysis stopped within its work budget ({located})."
            return None
        except Exception as error:  # noqa: BLE001 - recorded in the result, never hidden
            if not self.options.keep_going:
                raise
            message = f"{type(error).__name__}: {error}"
            self.failures.append(f"{part} analysis failed: {message}")
            self.unavailable[part] = f"The {part} analysis failed on this game ({message})."
            return None

    # trees: the reduced normal form and its Nash equilibria, computed once
    def _reduce(self) -> Any:
        from convenience.extensive.reduced import reduce_tree

        return reduce_tree(cast("GameTree", numeric(self.game)))

    def _solve_strategic(self) -> SolveResult:
        from convenience.solvers import solve

        return solve(self._reduced.get().game)

    def _tree_nash(self) -> SolveResult:
        from convenience.extensive.solve import is_bayesian, nash_from_reduced

        form = self._reduced.get()
        return nash_from_reduced(form, self._strategic.get(), is_bayesian(form.tree))

    def strategic(self) -> SolveResult:
        """The tree's reduced normal form, solved (all its Nash equilibria)."""
        return self._strategic.get()

    def tree_nash(self) -> SolveResult:
        """All Nash equilibria of the tree as behaviour strategies, each with its credibility."""
        return self._nash.get()

    def solved_form(self, form: Any) -> SolveResult | None:
        """The tree's reduced normal form solved (once), when ``form`` is that same normal form
        (same players, strategies and payoffs); None otherwise."""
        import numpy as np

        mine = self._reduced.get().game
        game = form.game
        if (game.players, game.strategies) != (mine.players, mine.strategies) or \
                game.payoffs.shape != mine.payoffs.shape or not np.array_equal(game.payoffs, mine.payoffs):
            return None
        return self._strategic.get()

    def strategic_if_found(self) -> SolveResult | None:
        return self._strategic.found()


def _solve(game: Game, run: _Run) -> SolveResult:
    """The baseline solve; a tree's subgame that is the whole tree takes its reduced normal form
    solved once for the whole analysis (the stability and the Nash list use it too)."""
    from convenience.equilibria import solve_game

    if run.kind == "tree":
        return solve_game(game, solved=run.solved_form)
    return solve_game(game)


def _small(solution: SolveResult) -> bool:
    tree = cast("GameTree", solution.game)
    return tree.n_nodes <= MAX_NASH_TREE_NODES


def _stability(run: _Run, solution: SolveResult) -> StabilityReport:
    """Stability measures of the (stage) game's equilibria; for trees, of the reduced strategic form's."""
    from convenience.analysis.stability.report import stability_report

    seed = run.options.seed
    if run.kind == "repeated":
        run.unavailable["stability"] = ("Stability measures apply to the stage game's equilibria; the repeated "
                                        "game's sustainability conditions are shown with the equilibria.")
    if run.kind == "tree":
        strategic = run.strategic()
        report = stability_report(cast("NormalFormGame", strategic.game), strategic, seed=seed)
        run.unavailable["stability"] = ("Measured on the tree's reduced strategic form: its Nash equilibria, "
                                        "including any that rest on non-credible threats (see Equilibria).")
        return report
    parametric = cast("ParametricGame", run.game) if run.kind == "normal" and is_parametric(run.game) else None
    return stability_report(cast("NormalFormGame", solution.game), solution, parametric=parametric, seed=seed)


def _sensitivity(run: _Run, progress: Progress | None) -> SensitivityReport | None:
    """Thresholds, tornado, regime map and Monte Carlo (trees and repeated games: by their own paths)."""
    from convenience.analysis.sensitivity.analyze import analyze

    game, options = run.game, run.options
    if not is_parametric(game):  # a game at numbers: nothing to vary
        run.unavailable["sensitivity"] = NO_PARAMETERS
        return None
    parameters = game.parameters
    why = _nothing_to_vary(parameters) if options.ranged_only else None
    if why is not None:
        run.unavailable["sensitivity"] = why
        return None
    from convenience.equilibria import solve_game

    report = analyze(game, parameters=options.parameters, samples=options.samples, seed=options.seed,
                     noise=options.noise, grid=dict(options.grid), workers=options.workers,
                     scheduler=options.scheduler, progress=progress, draw_cap=options.draw_cap,
                     work_limit=options.symbolic_work,
                     solve=solve_game if is_tree(game) else None)
    if options.regime_map and not options.grid and not is_repeated(game):
        plane = _plane(report, parameters)
        if plane is not None and is_normal(game):
            report = replace(report, regime_map=_regime_map(game, report, *plane))
        elif plane is not None and report.conditions is not None:  # perfect information: regions of play
            from convenience.analysis.sensitivity.planes import path_map

            report = replace(report, regime_map=path_map(game, report.conditions, *plane, MAP_POINTS))
    if options.regime_map or not options.grid:  # a grid given on the command line is the user's own plane
        report = _figures_data(run, game, report)
    return report


def _figures_data(run: _Run, game: ParametricAny, report: SensitivityReport) -> SensitivityReport:
    """A repeated game's exact sustainability map, a sampled map of a tree solved point by point,
    and the outcome shares along the most fragile parameter: over whole arrays of parameter values
    where the outcome can be evaluated so, else from the Monte Carlo draws already solved."""
    from convenience.analysis.sensitivity import planes, sustain

    options = run.options
    sets, what = None, ""
    if is_repeated(game) and game.horizon is None:
        smap, why = sustain.sustain_map(game, report, seed=options.seed)
        report = replace(report, sustain_map=smap, notes=report.notes + ((why,) if why else ()))
        if smap is not None and smap.full is not None and math.isfinite(smap.baseline[1]):
            sets, what = sustain.sustain_sets(smap, game.baseline()), "outcome"
        elif smap is None:  # the condition changes across the plane: solved point by point instead
            report = _sampled_plane(run, game, report)
    elif is_tree(game) and report.conditions is not None:
        sets, what = planes.play_sets(report.conditions, game.baseline()), "play"
    elif is_normal(game):
        from convenience.analysis.sensitivity.vectorised import GameEvaluator

        sets, what = GameEvaluator(game).sets, "equilibrium set"
    elif is_tree(game):
        report = _sampled_plane(run, game, report)
    fragile = report.most_fragile()
    mc = report.monte_carlo
    if fragile is None or mc is None:
        return report
    p = game.parameters[fragile.parameter]
    (low, high), value = p.float_bounds(), float(p.value)
    if sets is None:  # solved one draw at a time: the run's own draws, grouped along the parameter
        outcome, what = _drawn_outcome(run, mc)
        shares = planes.binned_shares(mc.record, fragile.parameter, low, high, value, seed=mc.seed, what=what,
                                      outcome=outcome)
        return report if shares is None else replace(report, shares=shares)
    shares = planes.outcome_shares(sets, mc.distributions, fragile.parameter, low, high, value, seed=options.seed,
                                   what=what)
    return replace(report, shares=shares)


def _sampled_plane(run: _Run, game: ParametricAny, report: SensitivityReport) -> SensitivityReport:
    """A tree without exact conditions, or an infinitely repeated game whose condition changes
    across the plane: the game solved at seeded points of the plane of the two most fragile
    parameters (a tree's play; a repeated game's target sustained or not, as its share chart)."""
    from convenience.analysis.sensitivity.generic import default_solver, solve_runner
    from convenience.analysis.sensitivity.planes import sampled_map

    plane = _plane(report, game.parameters)
    if plane is None:
        return report
    from convenience.equilibria import solve_game

    solve = solve_game if is_tree(game) else default_solver(game)
    runner, _ = solve_runner(game, solve, run.options.workers, run.options.scheduler)
    with runner:
        found = sampled_map(game, runner, *plane, seed=run.options.seed)
    if is_repeated(game) and all(_sustained_part(label) for label in found.labels):
        found = replace(found, labels=tuple(_sustained_part(label) for label in found.labels), what="outcome")
    return replace(report, sampled_map=found)


def _drawn_outcome(run: _Run, mc: Any) -> tuple[Callable[[str], str], str]:
    """How a draw's label reads in the shares chart, and what it is called: a tree's play; a
    repeated game's target sustained or not; otherwise the equilibrium set."""
    if run.kind == "tree" and mc.record is not None and mc.record.plays:
        return (lambda label: label), "play"
    if run.kind == "repeated" and mc.record is not None and all(_sustained_part(s) for s in mc.record.sets):
        return _sustained_part, "outcome"
    return (lambda label: label), "equilibrium set"


def _sustained_part(label: str) -> str:
    """What a repeated game's draw says of its target: ``"(Quota, Quota) sustained"``, or for a
    finite horizon ``"target sustained in period(s) 1, 2"``; "" when it says nothing."""
    import re

    for part in label.split(" + "):
        if part.endswith(("sustained", "sustainable")):
            return part
        finite = re.match(r"^\d+ periods: (target [^:]*)", part)
        if finite:
            return finite.group(1)
    return ""


#: Why a game without parameters has no sensitivity analysis.
NO_PARAMETERS = "The game has no parameters: its conclusions do not depend on assumptions."


def _nothing_to_vary(parameters: Mapping[str, Any]) -> str | None:
    """Why a game without ranged parameters has no sensitivity analysis (None when it has one)."""
    if not parameters:
        return NO_PARAMETERS
    if not any(p.low is not None and p.high is not None for p in parameters.values()):
        return "No parameter declares a range, so there is nothing to vary."
    return None


def _plane(report: SensitivityReport, parameters: Mapping[str, Any]) -> tuple[str, str] | None:
    """The two parameters of the regime map: the two most fragile (or the most fragile and another)."""
    names = [t.parameter for t in report.tornado if t.fragility() is not None]
    ranged = [n for n, p in parameters.items()
              if p.low is not None and p.high is not None and float(p.high) > float(p.low)]
    if len(names) >= 2:
        return names[0], names[1]
    if len(names) == 1 and len(ranged) >= 2:
        return names[0], next(n for n in ranged if n != names[0])
    return None


def _regime_map(game: ParametricGame, report: SensitivityReport, x: str, y: str) -> Any:
    from convenience.analysis.sensitivity.regimes import regime_map
    from convenience.analysis.sensitivity.vectorised import GameEvaluator
    from convenience.analysis.topology import dilemma_namer

    x_range, y_range = game.parameters[x].range, game.parameters[y].range
    assert x_range is not None and y_range is not None, "a regime map's plane has two ranged parameters"
    return regime_map(GameEvaluator(game).sets, x, (float(x_range[0]), float(x_range[1]), MAP_POINTS),
                      y, (float(y_range[0]), float(y_range[1]), MAP_POINTS), analysis=report.conditions,
                      values=game.baseline(), dilemmas=dilemma_namer(game))


def _expectations(run: _Run, progress: Progress | None = None) -> GameVerdicts | None:
    """The game's ``expect:`` claims judged at the baseline and over the declared uncertainty
    (``progress`` told of each step)."""
    game = run.game
    if not is_parametric(game) or not game.expect:
        run.unavailable["expectations"] = "The game file states no expectations (`expect:`)."
        return None
    from convenience.expectations.run import judge_game

    return judge_game(game, regions=run.options.regions, fixed=run.options.fixed, seed=run.options.seed,
                      progress=progress)


def _has_hidden_information(tree: Any) -> bool:
    """A tree with a chance move and an information set of several nodes: a game of incomplete
    (or imperfect) information whose equilibria need beliefs, written out as the tree itself."""
    import numpy as np

    mover = getattr(tree, "mover", None)
    if mover is None or not (np.asarray(mover) == -1).any():
        return False
    return any(len(h.nodes) > 1 for h in getattr(tree, "infosets", ()))


def _tree_pbe(run: _Run) -> SolveResult:
    """Perfect Bayesian equilibria (with beliefs) among the tree's Nash equilibria."""
    from convenience.extensive.solve import pbe_from_nash

    nash = run.tree_nash()
    return pbe_from_nash(cast("GameTree", nash.game), nash)


def _topology(game: Game) -> Dilemma | None:
    """Where a 2x2 game at its baseline sits in the Robinson-Goforth topology."""
    if not is_normal(game) or len(game.players) != 2 or tuple(game.shape) != (2, 2):
        return None
    from convenience.analysis.topology import classify_2x2

    return classify_2x2(game.at() if is_parametric(game) else game)


# -- many games -------------------------------------------------------------------------------
def analyse_library(paths: Library | Sequence[str | Path], options: AnalysisOptions = AnalysisOptions(),
                    overrides: Mapping[str, Any] | None = None, *, jobs: int = 1,
                    then: Callable[[GameAnalysis], Any] | None = None,
                    step: Callable[[str], None] | None = None,
                    display: Callable[[Path], str] = str, cache: AnalysisCache | None = None,
                    cache_parts: Mapping[str, Any] | None = None,
                    inside: Callable[[str, str, int, int], None] | None = None) -> LibraryAnalysis:
    """Analyse every game file given (directories: their game files), then judge the
    conclusions files on the verdicts found. ``paths`` may be a :class:`Library` already
    loaded (with its own ``overrides``).

    ``overrides`` (``--set``) apply to the games declaring those parameters; naming one no
    game declares is an input error. Every game is loaded (and every input error raised)
    before any is analysed. ``jobs`` > 1 analyses games in that many processes, the longest
    first (by the time each took last); each game is seeded on its own, so the result does not
    depend on it. ``then(analysis)`` runs in the process that analysed the game; its values are
    kept in ``rendered``. ``step(name)`` is called as each game finishes; ``display`` turns a
    path into the name results show. With a ``cache`` (:class:`convenience.cache.AnalysisCache`)
    a game whose file, options and ``cache_parts`` (what ``then`` depends on) are unchanged is
    read back instead of analysed; the result is the same. ``inside(name, stage, done, total)``
    reports progress within a game (its sensitivity stages, its claims) as it runs, also from worker
    processes; it changes nothing in the result.
    """
    library = paths if isinstance(paths, Library) else load_library(paths, overrides)  # input errors first
    overrides = dict(library.overrides)
    declared = {name for _, game in library.games for name in parameters_of(game)}
    if not library.conclusions:
        _check_declared(overrides, declared)
    files = library.files
    keys, done = _cached(files, cache, options, overrides, display, cache_parts)
    todo = [k for k, value in enumerate(done) if value is None]
    for k, value in enumerate(done):
        if value is not None and step:
            step(display(files[k]))
    inner = options
    if len(todo) == 1 and jobs > 1 and options.workers == 1 and options.scheduler is None:
        inner = replace(options, workers=jobs)  # one game to analyse: its draws share the processes
    work = [(library.games[k][1], inner, overrides, display(files[k]), then) for k in todo]
    known = cache.costs() if cache is not None else {}
    costs = [known.get(str(files[k].resolve()), _size(files[k])) for k in todo]
    timed = map_in_processes(_timed_analysis, work, jobs, step=(lambda j: step(display(files[todo[j]]))) if step else None,
                 costs=costs, inside=inside, names=[display(files[k]) for k in todo])
    for k, (value, _) in zip(todo, timed):
        done[k] = value
    if cache is not None:
        _store(cache, [(keys[k], files[k], value, seconds) for k, (value, seconds) in zip(todo, timed)])
    games = tuple(analysis for analysis, _ in done)
    conclusions = _judge_conclusions(library, games, overrides, declared, options.seed)
    _check_declared(overrides, declared)
    return LibraryAnalysis(games, conclusions, tuple(value for _, value in done), library.directory)


def _cached(files: Sequence[Path], cache: AnalysisCache | None, options: AnalysisOptions,
            overrides: Mapping[str, Any], display: Callable[[Path], str],
            cache_parts: Mapping[str, Any] | None) -> tuple[list[Any], list[Any]]:
    """Each file's cache key and its analysis read back from the cache (None: to analyse;
    every one without a cache)."""
    if cache is None:
        return [None] * len(files), [None] * len(files)
    keys = [cache.key(f, options=options, overrides=overrides, source=display(f), **dict(cache_parts or {}))
            for f in files]
    return keys, [cache.load(key) for key in keys]


def _store(cache: AnalysisCache, analysed: list[tuple[Any, Path, Any, float]]) -> None:
    """Keep each game just analysed in the cache (``(key, file, value, seconds)``), and the
    CPU time it took, to start the longest games first next time."""
    for key, _, value, _ in analysed:
        cache.store(key, value)
    cache.record_costs({str(f.resolve()): seconds for _, f, _, seconds in analysed})


def _judge_conclusions(library: Library, games: tuple[GameAnalysis, ...], overrides: Mapping[str, Any],
                       declared: set[str], seed: int) -> tuple[ClaimResult, ...]:
    """Judge the library's conclusions files on the games' verdicts already found (the games a
    conclusion requires outside the library are loaded and judged there)."""
    from convenience.expectations.conclusions import check_conclusions

    found: dict[Any, Any] = {}
    for f, analysis in zip(library.files, games):
        key = f.resolve()
        found[key] = analysis.game
        found.update({(key, v.id): v for v in analysis.expectations or ()})
        if analysis.verdicts is not None:
            found[("verdicts", key)] = analysis.verdicts
    conclusions: list[ClaimResult] = []
    for f in library.conclusions:
        conclusions.extend(check_conclusions(f, overrides, found, declared, seed=seed))
    return tuple(conclusions)


def _size(path: Path) -> float:
    """A first guess of a game's cost before it was ever timed: its file size (in kB)."""
    try:
        return path.stat().st_size / 1000
    except OSError:
        return 0.0


def check_paths(paths: Sequence[str | Path], overrides: Mapping[str, Any] | None = None, *,
                regions: bool = False, jobs: int = 1, scheduler: str | None = None,
                cache: AnalysisCache | None = None) -> list[ClaimResult]:
    """The verdicts of ``convenience check``: every game's expectations, then the conclusions.
    ``jobs`` games in parallel processes; ``scheduler``: sampling on a Dask cluster."""
    options = AnalysisOptions(parts=frozenset({"expectations"}), regions=regions, scheduler=scheduler)
    return analyse_library(paths, options, overrides, jobs=jobs, cache=cache).verdicts()


def _check_declared(overrides: Mapping[str, Any], declared: set[str]) -> None:
    unknown = [k for k in overrides if k not in declared]
    if unknown:
        raise InputError(f"no game checked declares parameter '{unknown[0]}'", key=f"--set {unknown[0]}")


def _analyse_one(game: Game, options: AnalysisOptions, overrides: Mapping[str, Any], source: str,
                 then: Callable[[GameAnalysis], Any] | None,
                 progress: Progress | None = None) -> tuple[GameAnalysis, Any]:
    from convenience.expectations.run import overridden_parameters

    fixed = options.fixed | frozenset(overridden_parameters(game, overrides))
    analysis = analyse_game(game, replace(options, fixed=fixed), source=source, progress=progress)
    return analysis, (then(analysis) if then is not None else None)


def _timed_analysis(*args: Any) -> tuple[tuple[GameAnalysis, Any], float]:
    """:func:`_analyse_one` and the CPU seconds it took (to schedule the next run; never shown)."""
    import time

    start = time.process_time()
    value = _analyse_one(*args)
    return value, time.process_time() - start


__all__ = ["AnalysisOptions", "DEFAULT_SAMPLES", "DEFAULT_SEED", "GameAnalysis", "LibraryAnalysis", "PARTS",
           "Provenance", "analyse_file", "analyse_game", "analyse_library", "check_paths", "Library", "load_library"]
