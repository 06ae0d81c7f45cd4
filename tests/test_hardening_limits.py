"""Work inside the limits: games within every size limit whose solving would run for minutes stop
within a work budget counted in units of work (exit 3, saying what was found so far and how to go
further), the same on every machine; games in which no player's own choice matters are answered
at once (every profile is an equilibrium). Everything runs through the real command line."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from convenience.budget import DEFAULT_BUDGET

ROOT = Path(__file__).resolve().parent.parent


def bimatrix(m: int, n: int, payoff, title: str = "T") -> str:
    rows, cols = [f"r{i}" for i in range(m)], [f"c{j}" for j in range(n)]
    lines = [f"title: {title}", "players:", f"  A: [{', '.join(rows)}]", f"  B: [{', '.join(cols)}]", "payoffs:"]
    for i, r in enumerate(rows):
        cells = ", ".join(f"{c}: [{payoff(i, j, 0)}, {payoff(i, j, 1)}]" for j, c in enumerate(cols))
        lines.append(f"  {r}: {{{cells}}}")
    return "\n".join(lines) + "\n"


def random_bimatrix(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return bimatrix(n, n, lambda i, j, p: rng.randint(-9, 9), "random")


def many_players_nfg(players: int, payoff) -> str:
    """A Gambit payoff-format game of ``players`` players with two strategies each."""
    values = [str(payoff(profile, k)) for profile in range(2 ** players) for k in range(players)]
    names = " ".join(f'"P{k}"' for k in range(players))
    return f'NFG 1 R "many" {{ {names} }} {{ {" ".join("2" for _ in range(players))} }}\n\n{" ".join(values)}\n'


def random_nfg(shape: tuple[int, ...], seed: int) -> str:
    """A Gambit payoff-format game of the given shape with whole payoffs from -9 to 9."""
    rng = random.Random(seed)
    values = [str(rng.randint(-9, 9)) for _ in range(len(shape) * math.prod(shape))]
    names = " ".join(f'"P{k}"' for k in range(len(shape)))
    return f'NFG 1 R "random" {{ {names} }} {{ {" ".join(map(str, shape))} }}\n\n{" ".join(values)}\n'


def repeated(horizon: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    cells = {r: ", ".join(f"{c}: [{rng.randint(0, 9)}, {rng.randint(0, 9)}]" for c in "XYZ") for r in "XYZ"}
    return ("kind: repeated\ntitle: R\n" f"horizon: {horizon}\n" "discount: 0.9\nstage:\n"
            "  players: {A: [X, Y, Z], B: [X, Y, Z]}\n  payoffs:\n"
            + "".join(f"    {r}: {{{cells[r]}}}\n" for r in "XYZ"))


def stopped(result, computation: str, *remedies: str) -> str:
    """The budget message, after checking the exit code and the parts every such message has."""
    err = result.stderr
    assert result.exit_code == 3, (result.exit_code, err)
    assert "Traceback" not in err and "internal error" not in err
    assert err.startswith("error: ") and computation in err
    assert f"stopped after spending its work budget of {DEFAULT_BUDGET:,} units" in err
    assert "found so far: " in err and "to go further: " in err
    for remedy in remedies:
        assert remedy in err, remedy
    return err


@pytest.mark.parametrize("n", [24, 32])
def test_an_all_zero_game_is_every_profile_at_once(run_cli, tmp_path, n):
    path = tmp_path / "zero.yaml"
    path.write_text(bimatrix(n, n, lambda i, j, p: 0), encoding="utf-8")
    result = run_cli("solve", path, "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    (component,) = data["components"]
    assert component["whole_strategy_space"] is True and component["extreme_equilibria"] == n * n
    assert "every strategy profile, pure or mixed, is an equilibrium" in component["description"]
    assert [len(c) for c in component["extreme_strategies"].values()] == [n, n]
    assert len(data["equilibria"]) == n * n  # the extreme points, as for any continuum
    assert all(e["pure"] and e["max_regret"] in (0, "0") for e in data["equilibria"])
    assert data["equilibria"][1]["support"] == {"A": ["r0"], "B": ["c1"]}
    assert any("no player's payoff depends on its own strategy" in note for note in data["notes"])
    table = run_cli("solve", path)
    assert table.exit_code == 0 and "every strategy profile, pure or mixed" in table.stdout


def test_payoffs_that_ignore_the_own_choice_take_the_same_fast_path(run_cli, tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text(bimatrix(24, 24, lambda i, j, p: j - 3 if p == 0 else 2 * i + 1), encoding="utf-8")
    data = json.loads(run_cli("solve", path, "-f", "json").stdout)
    assert data["method"] == "indifferent" and data["components"][0]["extreme_equilibria"] == 576
    many = tmp_path / "zero.nfg"  # more pure profiles than are listed: one of them, and the centre
    many.write_text(many_players_nfg(13, lambda profile, k: 0), encoding="utf-8")
    data = json.loads(run_cli("solve", many, "-f", "json").stdout)
    assert data["method"] == "indifferent" and data["components"][0]["extreme_equilibria"] == 8192
    pure, centre = data["equilibria"]
    assert pure["pure"] and not centre["pure"] and centre["profile"]["P12"] == {"1": "1/2", "2": "1/2"}
    assert any("not all 8,192 pure profiles" in note for note in data["notes"])


def test_a_game_where_one_choice_matters_is_still_enumerated(run_cli, tmp_path):
    path = tmp_path / "g.yaml"  # A is indifferent, B is not: not every profile is an equilibrium
    path.write_text(bimatrix(3, 3, lambda i, j, p: 0 if p == 0 else j), encoding="utf-8")
    data = json.loads(run_cli("solve", path, "-f", "json").stdout)
    assert data["method"] == "vertex-enumeration"
    assert all(e["support"]["B"] == ["c2"] for e in data["equilibria"])


@pytest.mark.slow
def test_a_random_40_by_40_game_stops_within_the_budget_and_names_faster_methods(run_cli, tmp_path):
    path = tmp_path / "random.yaml"
    path.write_text(random_bimatrix(40, 1), encoding="utf-8")
    err = stopped(run_cli("solve", path), "vertex enumeration", "-m lemke-howson", "--budget",
                  "smaller game")
    assert f"{path}: vertex enumeration" in err and "inequalities added" in err
    # counted in work, the run stops at the same place every time (--float takes the same exact path here)
    assert stopped(run_cli("solve", path, "--float"), "vertex enumeration") == err
    one = run_cli("solve", path, "-m", "lemke-howson", "-f", "json")
    assert one.exit_code == 0 and len(json.loads(one.stdout)["equilibria"]) == 1


@pytest.mark.parametrize("arithmetic", ["--exact", "--float"])
def test_support_enumeration_of_a_large_game_stops_and_points_to_vertex_enumeration(run_cli, tmp_path, arithmetic):
    path = tmp_path / "random.yaml"
    path.write_text(random_bimatrix(20, 4), encoding="utf-8")
    err = stopped(run_cli("solve", path, "-m", "support-enumeration", arithmetic), "support enumeration",
                  "-m vertex-enumeration", "-m lemke-howson")
    assert "extreme strateg" in err and "of player 1" in err


def test_a_float_game_stops_in_the_float_double_description(run_cli, tmp_path):
    rng = random.Random(5)
    path = tmp_path / "float.yaml"
    path.write_text(bimatrix(30, 30, lambda i, j, p: f"{rng.random():.6f}"), encoding="utf-8")
    err = stopped(run_cli("solve", path, "--float"), "vertex enumeration", "-m lemke-howson")
    assert "of the best-response polytope added" in err


@pytest.mark.slow
def test_support_enumeration_of_three_players_stops_within_the_budget_and_more_budget_finishes(run_cli, tmp_path):
    large = tmp_path / "four.nfg"
    large.write_text(random_nfg((4, 4, 4), 1), encoding="utf-8")
    err = stopped(run_cli("solve", large, "-m", "support-enumeration"), "support enumeration",
                  "-m numerical", "--budget")
    # the system of the full supports (9 unknowns, 56 solutions for a generic game) is charged
    # before it starts: it would run for minutes
    assert "1 of 3,375 support profiles examined" in err and "needs 15,805,440 units" in err
    small = tmp_path / "three.nfg"
    small.write_text(random_nfg((3, 3, 3), 1), encoding="utf-8")
    whole = run_cli("solve", small, "-m", "support-enumeration", "-f", "json")
    assert whole.exit_code == 0, whole.stderr
    short = run_cli("solve", small, "-m", "support-enumeration", "--budget", "100000")
    assert short.exit_code == 3 and "work budget of 100,000 units" in short.stderr
    assert "of 343 support profiles examined" in short.stderr and "--budget" in short.stderr
    ample = run_cli("solve", small, "-m", "support-enumeration", "--budget", "unlimited", "-f", "json")
    assert ample.exit_code == 0 and ample.stdout == whole.stdout
    found = json.loads(whole.stdout)["equilibria"]
    assert len(found) == 3 and sum(e["exact"] for e in found) == 2  # one is irrational


def test_twelve_players_stop_within_the_budget_with_the_pure_equilibria_found(run_cli, tmp_path):
    rng = random.Random(2)
    path = tmp_path / "twelve.nfg"
    path.write_text(many_players_nfg(12, lambda profile, k: rng.randint(0, 9)), encoding="utf-8")
    err = stopped(run_cli("solve", path), "numerical method", "-O starts=N", "--budget")
    assert "pure equilibri" in err and "starts" in err


@pytest.mark.slow
def test_a_long_finite_repetition_stops_within_the_budget_and_more_budget_goes_further(run_cli, tmp_path):
    path = tmp_path / "repeated.yaml"
    path.write_text(repeated(30), encoding="utf-8")
    err = stopped(run_cli("solve", path), "finite repetition over 30 periods", "shorten the horizon", "--budget")
    periods = int(err.split("of the last ")[1].split(" of 30")[0])
    assert 1 <= periods < 30
    more = run_cli("solve", path, "--budget", f"{3 * DEFAULT_BUDGET:_}")
    assert more.exit_code == 3 and "internal error" not in more.stderr
    assert int(more.stderr.split("of the last ")[1].split(" of 30")[0]) > periods
    short = tmp_path / "short.yaml"
    short.write_text(repeated(3), encoding="utf-8")
    assert run_cli("solve", short).exit_code == 0
    assert run_cli("solve", short, "--budget", "1").exit_code == 3
    assert run_cli("solve", short, "--budget", "unlimited").exit_code == 0


@pytest.mark.parametrize("value", ["0", "-5", "abc", "1.5", "1e6", "10" * 10])
def test_a_budget_that_is_not_a_positive_whole_number_exits_2(run_cli, tmp_path, value):
    path = tmp_path / "short.yaml"
    path.write_text(repeated(2), encoding="utf-8")
    for command in ("solve", "analyze"):
        result = run_cli(command, path, "--budget", value)
        assert result.exit_code == 2 and "--budget" in result.stderr and "Traceback" not in result.stderr


def test_report_and_analyze_name_the_game_that_spent_its_budget(run_cli, tmp_path):
    games = tmp_path / "games"
    games.mkdir()
    (games / "repeated.yaml").write_text(repeated(30), encoding="utf-8")
    result = run_cli("report", games, "-o", tmp_path / "out", "--samples", "0")
    err = stopped(result, "finite repetition over 30 periods")
    assert f"{games / 'repeated.yaml'}: finite repetition" in err
    page = (tmp_path / "out" / "repeated.md").read_text(encoding="utf-8")
    assert "stopped within its work budget" in page and "finite repetition over 30 periods" in page


@pytest.mark.parametrize("value", ["abc", "inf", "nan", "1.5", "true", "-1", "4"])
def test_lemke_howson_initial_label_must_be_a_strategy_position(run_cli, value):
    result = run_cli("solve", ROOT / "tests" / "data" / "bos.nfg", "-m", "lemke-howson",
                     "-O", f"initial_dropped_label={value}")
    assert result.exit_code == 2, result.stderr
    assert "-O initial_dropped_label" in result.stderr and "from 0 to 3" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    ok = run_cli("solve", ROOT / "tests" / "data" / "bos.nfg", "-m", "lemke-howson", "-O", "initial_dropped_label=3")
    assert ok.exit_code == 0


def test_set_refuses_values_outside_the_range_while_at_evaluates_any_point(run_cli, tmp_path):
    """The documented difference: ``--set`` moves the baseline an analysis is centred on and must
    stay in the declared range; ``game.at()`` (and ``expect: at:``) evaluates a point, in or out."""
    from convenience.api import load

    path = tmp_path / "g.yaml"
    path.write_text("title: T\nplayers: {A: [x, y], B: [x, y]}\nparameters:\n  k: {value: 1, range: [0, 6]}\n"
                    "payoffs:\n  x: {x: [k, 1], y: [0, 0]}\n  y: {x: [0, 0], y: [1, 1]}\n", encoding="utf-8")
    result = run_cli("solve", path, "--set", "k=7")
    assert result.exit_code == 2 and "--set k" in result.stderr and "declared range [0, 6]" in result.stderr
    assert load(path).at({"k": 7}).payoffs[0][0, 0] == 7


def test_every_budget_unit_is_documented():
    from convenience.analysis.sensitivity import analyze as sensitivity_analyze
    from convenience.analysis.stability import dynamics
    from convenience.repeated import finite
    from convenience.solvers import (_float_double_description, nplayer, nplayer_systems, support_enumeration,
                                     vertex_enumeration)

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert "## Work budgets" in text and f"{DEFAULT_BUDGET:,}" in text and "--budget" in text
    for unit in (f"{vertex_enumeration.PAIRS_PER_UNIT} pairs of rays tested",
                 f"{support_enumeration.EXACT_SYSTEM_UNITS} per indifference system solved exactly",
                 f"{support_enumeration.FLOAT_SUPPORT_UNITS} per support",
                 f"{_float_double_description.COORDINATES_PER_UNIT} ray coordinates",
                 f"{nplayer.PAYOFFS_PER_UNIT} payoffs read",
                 f"{nplayer.SUPPORT_UNITS} per support profile examined",
                 f"{dynamics.VALUES_PER_UNIT:,} payoff values read",
                 f"{nplayer_systems.SYSTEM_UNITS} x its unknowns x the cube of its Bezout number",
                 f"{finite.UNITS_PER_TEST} units per continuation tested",
                 f"{sensitivity_analyze.UNITS_PER_CELL} per payoff cell",
                 f"{vertex_enumeration.QHULL_UP_TO} strategies"):
        assert unit in text, unit


def test_a_large_gambit_file_within_the_limits_is_read(run_cli, tmp_path):
    """65,536 profiles of 16 players (a 2 MB .nfg): read in one pass over the text, each distinct
    payoff parsed once, with the lines of its tokens kept for messages."""
    rng = random.Random(16)
    path = tmp_path / "sixteen.nfg"
    path.write_text(many_players_nfg(16, lambda profile, k: rng.randint(-9, 9)), encoding="utf-8")
    result = run_cli("validate", path)
    assert result.exit_code == 0, result.stderr
    assert "16 players" in result.stdout and "2 x 2 x 2" in result.stdout
    broken = tmp_path / "broken.nfg"
    broken.write_text(path.read_text(encoding="utf-8").replace("\n\n", "\n\n\n\n", 1).rstrip() + ' "open\n',
                      encoding="utf-8")
    result = run_cli("validate", broken)
    assert result.exit_code == 2 and f"{broken}:5" in result.stderr, result.stderr


def test_analyze_counts_a_large_game_before_building_anything_and_refuses_it(run_cli, tmp_path, monkeypatch):
    """14 players with two strategies each: 229,376 payoff cells, 5 units each, more than the
    default budget. The analysis is refused before any payoff is compiled or checked."""
    from convenience.analysis.sensitivity import analyze as sensitivity, vectorised

    def built(*args, **kwargs):
        raise AssertionError("the analysis started before it was counted")

    monkeypatch.setattr(vectorised.GameEvaluator, "__init__", built)
    monkeypatch.setattr(sensitivity, "payoff_domain_problem", built)
    rng = random.Random(14)
    path = tmp_path / "fourteen.nfg"
    path.write_text(many_players_nfg(14, lambda profile, k: rng.randint(0, 9)), encoding="utf-8")
    result = run_cli("analyze", path, "-n", "0")
    err = result.stderr
    assert result.exit_code == 3 and "Traceback" not in err, (result.exit_code, err)
    assert err.startswith(f"error: {path}: sensitivity analysis (units: 5 per payoff cell")
    assert "needs 1,146,880 units, more than its work budget of 1,000,000 units, so it was not started" in err
    assert "16,384 pure profiles of 14 players, 229,376 payoff cells" in err
    assert "--budget 1,146,880 or more" in err and "convenience solve" in err


def test_analyze_refuses_a_large_gambit_file_from_its_header_before_reading_the_payoffs(run_cli, tmp_path,
                                                                                        monkeypatch):
    from convenience.spec import gambit_nfg

    def read(*args, **kwargs):
        raise AssertionError("the payoffs were read")

    path = tmp_path / "seventeen.nfg"
    path.write_text(many_players_nfg(17, lambda profile, k: 0), encoding="utf-8")  # 2.2 million payoffs
    monkeypatch.setattr(gambit_nfg, "read_nfg", read)
    result = run_cli("analyze", path, "-n", "0")
    assert result.exit_code == 3 and result.stderr.startswith(f"error: {path}: sensitivity analysis"), result.stderr
    assert "131,072 pure profiles of 17 players, 2,228,224 payoff cells" in result.stderr
    # a game that fits is read whole and analysed; a damaged header is left to the reader's located message
    small = tmp_path / "small.nfg"
    small.write_text(many_players_nfg(3, lambda profile, k: k), encoding="utf-8")
    assert gambit_nfg.header_shape(small) == (2, 2, 2)
    small.write_text('NFG 1 R "x" { "A" "B" } { 2 \n', encoding="utf-8")
    assert gambit_nfg.header_shape(small) is None
    monkeypatch.undo()
    assert run_cli("analyze", small, "-n", "0").exit_code == 2


def test_checking_a_found_pure_equilibrium_reads_only_its_profile(run_cli, tmp_path, monkeypatch):
    """The pure equilibria named when the numerical method stops are checked in exact arithmetic
    on their own profile: a few products per player, not one per payoff of the whole table
    (14 players: 229,376 payoffs, so several hundred thousand products per equilibrium)."""
    from fractions import Fraction

    products = [0]
    multiply = Fraction.__mul__

    def counted(a, b):
        products[0] += 1
        return multiply(a, b)

    rng = random.Random(14)
    path = tmp_path / "fourteen.nfg"
    path.write_text(many_players_nfg(14, lambda profile, k: rng.randint(0, 9)), encoding="utf-8")
    monkeypatch.setattr(Fraction, "__mul__", counted)
    result = run_cli("solve", path, "-m", "numerical", "--budget", "20000")
    err = result.stderr
    assert result.exit_code == 3 and "numerical method" in err and "pure equilibri" in err, err
    assert "found so far: 0 pure" not in err  # the check below is about equilibria that were verified
    assert products[0] < 20_000, products[0]


def _stopping_folder(tmp_path: Path) -> tuple[Path, Path]:
    games = tmp_path / "games"
    games.mkdir()
    (games / "arms.yaml").write_text((ROOT / "tests" / "data" / "report" / "arms.yaml").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    big = games / "big.yaml"
    big.write_text(random_bimatrix(40, 5) + "expect:\n  - id: corner\n    claim: c\n    outcome: {A: r0, B: c0}\n",
                   encoding="utf-8")
    return games, big


def test_report_of_a_folder_writes_every_game_and_marks_the_one_that_stopped(run_cli, tmp_path):
    games, big = _stopping_folder(tmp_path)
    out = tmp_path / "out"
    result = run_cli("report", games, "-o", out, "--samples", "0", "--budget", "100000", "-j", "1")
    err = result.stderr
    assert result.exit_code == 3 and "Traceback" not in err, (result.exit_code, err)
    assert f"error: {big}: vertex enumeration" in err and "found so far: " in err and "to go further: " in err
    assert "wrote 3 Markdown files" in result.stdout
    arms = (out / "arms.md").read_text(encoding="utf-8")
    assert "work budget" not in arms and "## Equilibria" in arms  # the other game is reported whole
    page = (out / "big.md").read_text(encoding="utf-8")
    assert "stopped within its work budget" in page and "found so far: " in page and "--budget" in page
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "(arms.md)" in index and "[random](big.md)" in index and "stopped within its work budget" in index


def test_check_of_a_folder_judges_every_game_and_marks_the_one_that_stopped(run_cli, tmp_path):
    games, big = _stopping_folder(tmp_path)
    result = run_cli("check", games, "--no-cache", "-j", "1", "--budget", "100000")
    assert result.exit_code == 3, (result.exit_code, result.stderr)
    assert f"error: {big}: vertex enumeration" in result.stderr and "found so far: " in result.stderr
    assert "race: (Blue: Arm, Red: Arm) is the only equilibrium" in result.stdout
    assert f"STOPPED  {big}: vertex enumeration" in result.stdout
    assert "1 game stopped within the work budget" in result.stdout


def test_a_game_where_nothing_matters_is_reported_as_every_profile_an_equilibrium(run_cli, tmp_path):
    """Above 5,000 pure profiles only two equilibria are listed (a pure profile and the centre):
    no output may read that as a count; below, the listed profiles are no count either."""
    large = tmp_path / "zero80.yaml"
    large.write_text(bimatrix(80, 80, lambda i, j, p: 0, "Nothing matters"), encoding="utf-8")
    solved = run_cli("solve", large)
    assert solved.exit_code == 0
    assert "every profile is an equilibrium; 2 listed" in solved.stdout and "2 found" not in solved.stdout
    games = tmp_path / "games"
    games.mkdir()
    (games / "zero12.yaml").write_text(bimatrix(12, 12, lambda i, j, p: 0, "Nothing matters"), encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("report", games, "-o", out, "--samples", "0", "-j", "1").exit_code == 0
    page = (out / "zero12.md").read_text(encoding="utf-8")
    assert ("At the baseline every strategy profile, pure or mixed, is a Nash equilibrium: no player's own choice "
            "changes its payoff (144 pure profiles and every mixture of them)") in page
    assert "Nash equilibria (" not in page and "is the likeliest" not in page
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "every profile is an equilibrium (144 pure profiles and their mixtures)" in index


def test_iterated_elimination_of_a_large_game_stops_within_the_budget(run_cli, tmp_path):
    path = tmp_path / "random60.yaml"
    path.write_text(random_bimatrix(60, 5), encoding="utf-8")
    err = stopped(run_cli("solve", path, "-m", "dominance"), "iterated elimination of dominated strategies",
                  "solve without elimination")
    assert err.startswith(f"error: {path}: ") and "round 1 under way; 0 strategies removed" in err


@pytest.mark.slow
def test_report_of_an_all_zero_thirteen_player_game_finishes(run_cli, tmp_path, monkeypatch):
    """Every profile is an equilibrium: the stability part says so instead of running dynamics
    over 8,192 profiles for 13 players, or testing trembles term by term (hours before)."""
    from convenience.analysis.stability import dynamics

    def simulated(*args, **kwargs):
        raise AssertionError("the dynamics were run")

    monkeypatch.setattr(dynamics, "simulate", simulated)
    folder = tmp_path / "games"
    folder.mkdir()
    (folder / "zero.nfg").write_text(many_players_nfg(13, lambda profile, k: 0), encoding="utf-8")
    result = run_cli("report", folder, "-o", tmp_path / "out", "--samples", "0")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "zero.md").read_text(encoding="utf-8")
    assert "Dynamics and the limit of noisy play not computed: every profile is an equilibrium" in page
    assert "no player's own choice changes its payoff, so every strategy is a best reply to every tremble" in page


def test_stability_dynamics_stop_within_the_budget(run_cli, tmp_path):
    folder = tmp_path / "games"
    folder.mkdir()
    (folder / "g.yaml").write_text(bimatrix(3, 3, lambda i, j, p: (3 * i + 5 * j + 7 * p * (i + 1)) % 4),
                                   encoding="utf-8")
    result = run_cli("report", folder, "-o", tmp_path / "out", "--samples", "0", "--budget", "5000")
    assert result.exit_code == 3 and "Traceback" not in result.output
    assert "replicator dynamics of the stability measures (units: 2,000 payoff values read" in result.stderr
    assert "work budget of 5,000 units; found so far: " in result.stderr and "steps of 300 paths" in result.stderr
    assert (tmp_path / "out" / "g.md").exists()
    assert run_cli("report", folder, "-o", tmp_path / "more", "--samples", "0").exit_code == 0
