"""The analysis pipeline: each game analysed once into one typed, picklable result that every
command reads; nothing solved twice, nothing solved by the report."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from convenience.pipeline import AnalysisOptions, analyse_file, analyse_game, analyse_library, load_library

ROOT = Path(__file__).resolve().parent.parent
GAMES = ROOT / "games"
SMALL = AnalysisOptions(samples=300)


@pytest.fixture(scope="module")
def turkey():
    return analyse_file(GAMES / "turkey.yaml", SMALL, source="games/turkey.yaml")


def test_a_tree_gets_every_part_and_its_reduced_form_once(monkeypatch):
    from convenience.extensive import reduced
    from convenience.extensive.reduced import reduce_tree

    calls = []

    def counted(tree):
        calls.append(tree)
        return reduce_tree(tree)

    monkeypatch.setattr(reduced, "reduce_tree", counted)
    analysis = analyse_file(GAMES / "turkey.yaml", SMALL)
    assert len(calls) == 1
    assert analysis.kind == "tree"
    assert analysis.solution is not None and analysis.solution.equilibria
    # the reduced form's Nash equilibria are shared by the credibility notes and stability
    assert analysis.strategic is not None and analysis.nash is not None
    assert len(analysis.nash.equilibria) == len(analysis.strategic.equilibria)
    assert len(analysis.stability.equilibria) == len(analysis.strategic.equilibria)
    assert analysis.sensitivity is not None and analysis.sensitivity.monte_carlo.samples == 300
    # every claim holds at the baseline; the robustness bar of the dual approach is a known shortfall
    assert analysis.expectations and all(c.holds for c in analysis.expectations if not c.id.endswith("-robust"))
    assert analysis.failures == ()


def test_a_signalling_games_normal_form_is_solved_once_for_every_part(monkeypatch):
    """Beer-quiche has no proper subgame: its subgame-perfect solve, its stability and its Nash
    list all need its reduced normal form solved, and get the one solve, with the same answer."""
    from convenience import solvers
    from convenience.equilibria import solve_game
    from convenience.spec import load_game

    path = ROOT / "tests" / "data" / "tree_beer_quiche.yaml"
    alone = solve_game(load_game(path))
    solved = []
    solve = solvers.solve
    monkeypatch.setattr(solvers, "solve", lambda game, *a, **k: solved.append(game.shape) or solve(game, *a, **k))
    analysis = analyse_file(path, AnalysisOptions(parts=frozenset({"solve", "stability"})))
    assert solved == [(4, 4)]
    assert analysis.solution.notes == alone.notes
    assert [e.label() for e in analysis.solution.equilibria] == [e.label() for e in alone.equilibria]
    assert analysis.stability is not None and analysis.nash is not None


def test_games_with_types_get_perfect_bayesian_equilibria_from_the_same_nash_equilibria(monkeypatch):
    from convenience.extensive import reduced
    from convenience.extensive.reduced import reduce_tree
    from convenience.extensive.solve import pbe_from_nash, solve_tree

    calls = []
    monkeypatch.setattr(reduced, "reduce_tree", lambda tree, *layout: calls.append(tree) or reduce_tree(tree, *layout))
    analysis = analyse_file(GAMES / "mistrust.yaml", AnalysisOptions(parts=frozenset({"solve"})))
    pipeline_calls = len(calls)
    calls.clear()
    solve_tree(analysis.game)  # the baseline solve (subgame by subgame) reduces its own subgames
    assert pipeline_calls == len(calls) + 1  # Nash, perfect Bayesian equilibria: one reduced form
    expected = solve_tree(analysis.game, method="pbe")
    assert [e.label() for e in analysis.pbe.equilibria] == [e.label() for e in expected.equilibria]
    assert analysis.pbe.notes == expected.notes
    assert pbe_from_nash(analysis.nash.game, analysis.nash).notes == expected.notes


def test_the_result_pickles_whole_and_renders_the_same_report(turkey):
    from convenience.report.build import game_report

    copy = pickle.loads(pickle.dumps(turkey))
    assert game_report(copy).markdown() == game_report(turkey).markdown()
    assert copy.provenance == turkey.provenance
    assert copy.provenance.samples == 300 and copy.provenance.seed == 0


def test_the_report_renders_without_solving_or_analysing(turkey, monkeypatch):
    import convenience.analysis.sensitivity.analyze as analyze_module
    import convenience.extensive.solve as tree_solve
    import convenience.solvers as solvers

    def refuse(*args, **kwargs):
        raise AssertionError("the report must not solve or analyse")

    monkeypatch.setattr(solvers, "solve", refuse)
    monkeypatch.setattr(tree_solve, "solve_tree", refuse)
    monkeypatch.setattr(analyze_module, "analyze", refuse)
    from convenience.report.build import game_report

    text = game_report(turkey).markdown()
    assert text.startswith("# ") and "## Sensitivity" in text


def test_options_choose_the_parts():
    analysis = analyse_file(GAMES / "alliance.yaml", AnalysisOptions(parts=frozenset({"expectations"})))
    assert analysis.expectations and analysis.solution is None and analysis.sensitivity is None
    assert analysis.stability is None and analysis.topology is None
    with pytest.raises(ValueError, match="unknown analysis part"):
        AnalysisOptions(parts=frozenset({"everything"}))


def test_a_failing_analysis_is_recorded_and_the_others_stand(monkeypatch):
    import convenience.analysis.stability.report as stability

    def broken(*args, **kwargs):
        raise ZeroDivisionError("no stability today")

    monkeypatch.setattr(stability, "stability_report", broken)
    analysis = analyse_file(GAMES / "assad.yaml", SMALL)
    assert analysis.stability is None and analysis.sensitivity is not None
    assert analysis.failures == ("stability analysis failed: ZeroDivisionError: no stability today",)
    assert "no stability today" in analysis.unavailable["stability"]
    with pytest.raises(ZeroDivisionError):
        analyse_file(GAMES / "assad.yaml", AnalysisOptions(samples=300, keep_going=False))


def test_games_without_ranges_say_why_they_have_no_sensitivity(write_game):
    path = write_game("""
        title: Unranged
        players: {A: [x, y], B: [x, y]}
        parameters: {k: {value: 1}}
        payoffs: {x: {x: [k, 1], y: [0, 0]}, y: {x: [0, 0], y: [1, 1]}}
        """)
    analysis = analyse_file(path, SMALL)
    assert analysis.sensitivity is None
    assert analysis.unavailable["sensitivity"] == "No parameter declares a range, so there is nothing to vary."
    everything = analyse_file(path, AnalysisOptions(samples=300, ranged_only=False))
    assert everything.sensitivity is not None and everything.sensitivity.thresholds


@pytest.mark.parametrize("folder, size, failing", [
    (ROOT / "tests" / "data" / "report", 4, {"restraint-would-pay"}),
    pytest.param(GAMES, 10, set(), marks=pytest.mark.slow),
], ids=["small-library", "model-library"])
def test_the_library_judges_conclusions_on_the_verdicts_it_already_has(monkeypatch, folder, size, failing):
    import convenience.expectations.run as run

    calls = []
    judge_game = run.judge_game

    def counted(game, **kwargs):
        calls.append((game.file, kwargs.get("ids")))
        return judge_game(game, **kwargs)

    monkeypatch.setattr(run, "judge_game", counted)
    library = analyse_library([folder], AnalysisOptions(parts=frozenset({"expectations"}), regions=False))
    assert len(library.games) == len(load_library([folder]).games) >= size
    assert all(ids is None for _, ids in calls)  # one check per game, none again for the conclusions
    assert len(calls) == sum(1 for a in library.games if a.expectations is not None)
    assert library.conclusions and {c.id for c in library.conclusions if not c.holds} == failing
    verdicts = library.verdicts()
    assert verdicts[-len(library.conclusions):] == list(library.conclusions)


def test_each_file_is_parsed_once_and_the_baseline_evaluated_once(run_cli, monkeypatch):
    import convenience.spec as spec
    from convenience.parametric import ParametricGame

    parsed, evaluated = [], []
    load_yaml = spec.load_yaml
    evaluate = ParametricGame._evaluate
    monkeypatch.setattr(spec, "load_yaml", lambda text, file=None: parsed.append(file) or load_yaml(text, file=file))
    monkeypatch.setattr(ParametricGame, "_evaluate",
                        lambda self, values: evaluated.append(values) or evaluate(self, values))
    result = run_cli("solve", GAMES / "alliance.yaml", GAMES / "intervention.yaml")
    assert result.exit_code == 0, result.output
    assert len(parsed) == 2 and len(set(parsed)) == 2
    assert evaluated == [None, None]


def test_directories_keep_games_and_set_conclusions_apart():
    library = load_library([GAMES])
    assert [p.name for p in library.conclusions] == ["conclusions.yaml"]
    assert library.directory and all(p.suffix == ".yaml" for p in library.files)
    assert "conclusions.yaml" not in [p.name for p in library.files]


def test_same_options_same_result(turkey):
    again = analyse_game(turkey.game, SMALL, source="games/turkey.yaml")
    from convenience.report.build import game_report

    assert game_report(again).markdown() == game_report(turkey).markdown()


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_within_each_game_arrives_in_this_process(jobs):
    """The report's bars move inside a game: its sensitivity stages report (name, stage, done,
    total) from worker processes too."""
    library = ROOT / "tests" / "data" / "report"
    options = AnalysisOptions(samples=200, parts=frozenset({"solve", "sensitivity"}))
    messages: list[tuple] = []
    analysed = analyse_library([library], options, jobs=jobs, display=lambda p: p.name,
                               inside=lambda *message: messages.append(message))
    names = {analysis.source for analysis in analysed.games}
    assert messages and {m[0] for m in messages} <= names
    assert all(stage and 0 <= done <= total for _, stage, done, total in messages)
    assert any(done == total for _, _, done, total in messages)


def test_one_game_spreads_its_draws_over_the_processes_and_reports_the_same(monkeypatch):
    """With one game to analyse and several processes, the game's Monte Carlo draws are
    solved on them; the result is the same as in one process."""
    from convenience.analysis.montecarlo import parallel
    from convenience.report.build import game_report

    used: list[int] = []
    original = parallel.ChunkRunner.map

    def map_and_note(self, function, tasks, progress=None):
        used.append(self.workers)
        return original(self, function, tasks, progress)

    monkeypatch.setattr(parallel.ChunkRunner, "map", map_and_note)
    path = ROOT / "tests" / "data" / "tree_beer_quiche.yaml"
    options = AnalysisOptions(samples=100, parts=frozenset({"solve", "sensitivity"}))
    reports, workers = [], []
    for jobs in (1, 2):
        used.clear()
        [analysis] = analyse_library([path], options, jobs=jobs).games
        reports.append(game_report(analysis).markdown())
        workers.append(set(used))
    assert workers == [{1}, {2}]
    assert reports[0] == reports[1]
