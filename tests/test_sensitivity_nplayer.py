"""Sensitivity analysis of equilibria in which three players mix (closed forms, batch checks,
thresholds, Monte Carlo), cross-checked against the exact N-player solver and the batch
2x2x2 solver."""

from __future__ import annotations

import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convenience.solvers.batch import solve_2x2x2
from convenience.analysis.sensitivity.candidates import candidate_supports, mixed_note, support_label
from convenience.analysis.sensitivity.work import WorkBudget
from convenience.analysis.sensitivity.nplayer_mixed import nplayer_support_count, nplayer_support_profiles
from convenience.analysis.sensitivity.surd import Surd
from convenience.analysis.sensitivity.symbolic import symbolic_conditions
from convenience.analysis.sensitivity.vectorised import CandidateChecker, GameEvaluator
from convenience.spec import load_game, loads

DATA = Path(__file__).parent / "data"


def parametric_yaml(shape: tuple[int, ...], coefficients: np.ndarray, value: int = 1) -> str:
    """A game of ``shape`` whose payoffs are ``c0 + c1*a`` (``coefficients[..., 2]``)."""
    names = "PQRS"
    lines = ["title: random three-mixer game", "players:"]
    strategies = [[f"{names[p].lower()}{k}" for k in range(m)] for p, m in enumerate(shape)]
    for p, s in enumerate(strategies):
        lines.append(f"  {names[p]}: [{', '.join(s)}]")
    lines += ["parameters:", f"  a: {{value: {value}, range: [-5, 5]}}", "payoffs:"]

    def nest(prefix: tuple[int, ...], depth: int, indent: str) -> None:
        for k in range(shape[depth]):
            if depth == len(shape) - 2:
                cells = []
                for t in range(shape[-1]):
                    profile = prefix + (k, t)
                    vals = ", ".join(f"'{coefficients[(p, *profile, 0)]} + {coefficients[(p, *profile, 1)]}*a'"
                                     for p in range(len(shape)))
                    cells.append(f"{strategies[-1][t]}: [{vals}]")
                lines.append(f"{indent}{strategies[depth][k]}: {{{', '.join(cells)}}}")
            else:
                lines.append(f"{indent}{strategies[depth][k]}:")
                nest(prefix + (k,), depth + 1, indent + "  ")

    nest((), 0, "  ")
    return "\n".join(line for line in lines if line) + "\n"


def random_game(seed: int, shape=(2, 2, 2)):
    rng = np.random.default_rng(seed)
    coefficients = rng.integers(-6, 7, size=(len(shape), *shape, 2))
    return loads(parametric_yaml(shape, coefficients))


def three_mixer_profiles(analysis, point_values) -> dict[str, dict]:
    """Label -> mixtures (floats) of the tracked three-mixer candidates that hold at a point."""
    point = analysis.point(point_values)
    out = {}
    for cand in analysis.roots:
        if cand.holds(point):
            mixtures, _ = cand.profile_at(point)
            out[cand.label] = {p: [float(x) for x in probs] for p, probs in mixtures.items()}
    return out


# -- enumeration -----------------------------------------------------------------------------------
@pytest.mark.parametrize("shape, expected", [((2, 2, 2), 1), ((3, 2, 2), 4), ((3, 3, 2), 16), ((2, 2), 0)])
def test_every_three_mixer_support_of_small_shapes_is_tracked(shape, expected):
    systems, untracked = nplayer_support_profiles(shape)
    assert len(systems) == expected and untracked == 0
    assert nplayer_support_count(shape) == expected


def test_four_mixing_players_are_counted_and_reported():
    systems, untracked = nplayer_support_profiles((2, 2, 2, 2))
    assert untracked == 1  # everybody mixing
    assert len(systems) == 8  # one player pure (4 x 2 ways), the other three mixing
    assert "1 of the 9 support profiles" in mixed_note((2, 2, 2, 2))


def test_root_labels():
    strategies = (("a", "b"), ("c", "d"), ("e", "f"))
    labels = [c.label for c in candidate_supports(strategies) if c.root]
    assert labels == ["mixed(a+b / c+d / e+f) root 1", "mixed(a+b / c+d / e+f) root 2"]
    assert support_label(strategies, ((0, 1), (0, 1), (0, 1))) + " root 1" == labels[0]


# -- exact numbers ------------------------------------------------------------------------------
@given(st.fractions(max_denominator=50), st.fractions(max_denominator=50), st.integers(2, 50))
@settings(max_examples=60, deadline=None)
def test_surd_sign_is_exact(a, b, d):
    x = Surd(Fraction(a), Fraction(b), Fraction(d))
    value = float(a) + float(b) * d ** 0.5
    if abs(value) > 1e-9:
        assert x.sign() == (1 if value > 0 else -1)
    y = x * x - 2 * a * x
    assert (y - (Fraction(b) ** 2 * d - Fraction(a) ** 2)).sign() == 0  # (a+b√d)² - 2a(a+b√d) = b²d - a²
    if x.sign():
        assert (x / x - 1).sign() == 0


# -- batch checks against the batch 2x2x2 solver --------------------------------------------------
@pytest.mark.parametrize("seed", range(3))
def test_batch_fully_mixed_equilibria_match_the_2x2x2_solver(seed):
    payoffs = np.random.default_rng(seed).normal(size=(3, 2, 2, 2, 4000))
    checker = CandidateChecker((("a", "b"), ("c", "d"), ("e", "f")))
    presence = checker.check(payoffs)
    reference = solve_2x2x2(payoffs)
    assert np.array_equal(presence.sum(axis=1), reference.count)
    assert np.array_equal(presence[:, -2:].sum(axis=1), reference.full.sum(axis=0))
    from convenience.analysis.sensitivity.nplayer_mixed import batch_candidates

    system = nplayer_support_profiles((2, 2, 2))[0][0]
    found = batch_candidates(payoffs, system, 1, np.maximum(1.0, np.abs(payoffs).max(axis=(0, 1, 2, 3))))
    for g in np.flatnonzero(reference.full.any(axis=0))[:200]:
        mine = sorted(mix[2][0][g] for ok, mix in found if ok[g])
        theirs = sorted(reference.full_probs[k, 2, g] for k in range(2) if reference.full[k, g])
        assert np.allclose(mine, theirs, atol=1e-9)


# -- exact conditions, batch checks and the exact solver agree ------------------------------------
@pytest.mark.parametrize("seed, shape", [(1, (2, 2, 2)), (2, (2, 2, 2)), (4, (2, 2, 2)), (7, (3, 2, 2)),
                                         pytest.param(8, (3, 3, 2), marks=pytest.mark.slow)])
def test_tracked_three_mixer_equilibria_equal_the_solvers(seed, shape):
    from convenience.solvers import solve

    game = random_game(seed, shape)
    analysis = symbolic_conditions(game, budget=WorkBudget(None))
    evaluator = GameEvaluator(game)
    rng = np.random.default_rng(seed)
    compared = 0
    for a in sorted({Fraction(int(x), 97) for x in rng.integers(-480, 480, size=6)}):
        values = {"a": a}
        numeric = game.at(values)
        result = solve(numeric)
        theirs = [e for e in result.equilibria if sum(len(s) > 1 for s in e.support_indices) >= 3]
        mine = three_mixer_profiles(analysis, values)
        batch = {label for label in evaluator.sets({"a": np.array([float(a)])})[0] if "root" in label}
        assert set(mine) == batch
        assert len(mine) == len(theirs), (a, mine, theirs)
        for label, mixtures in mine.items():
            matches = [e for e in theirs if all(
                np.allclose([float(v) for v in e.profile[p][list(game_support)]], mixtures[p], atol=1e-9)
                for p, game_support in enumerate(_support_of(label, game)) if p in mixtures)]
            assert len(matches) == 1, (label, mixtures)
        compared += len(mine)
        # the whole equilibrium set, label by label, where the solver finds isolated equilibria only
        solver_labels = {support_label(game.strategies, e.support_indices) for e in result.equilibria
                         if sum(len(s) > 1 for s in e.support_indices) < 3}
        exact = analysis.equilibrium_set(values)
        assert {x for x in exact if "root" not in x} == solver_labels
    assert compared or seed != 1  # the first game has a fully mixed equilibrium somewhere


def _support_of(label: str, game) -> tuple[tuple[int, ...], ...]:
    inner = label[len("mixed("):label.index(")")]
    return tuple(tuple(game.strategies[p].index(s) for s in part.strip().split("+"))
                 for p, part in enumerate(inner.split(" / ")))


@st.composite
def rational_points(draw):
    return Fraction(draw(st.integers(-500, 500)), draw(st.integers(1, 97)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**16), rational_points(), st.sampled_from([(2, 2, 2), (3, 2, 2)]))
def test_exact_and_batch_checks_agree_and_regret_is_zero(seed, a, shape):
    game = random_game(seed, shape)
    analysis = symbolic_conditions(game, budget=WorkBudget(None))
    values = {"a": a}
    exact = analysis.equilibrium_set(values)
    batch = GameEvaluator(game).sets({"a": np.array([float(a)])})[0]
    assert exact == batch
    numeric = game.at(values)
    floats = np.array(numeric.payoffs, dtype=float)
    for label, mixtures in three_mixer_profiles(analysis, values).items():
        profile = []
        for p, support in enumerate(_support_of(label, game)):
            x = np.zeros(len(game.strategies[p]))
            if len(support) == 1:
                x[support[0]] = 1.0
            else:
                x[list(support)] = mixtures[p]
            profile.append(x)
        from convenience.normal_form import NormalFormGame

        assert NormalFormGame(numeric.players, numeric.strategies, floats).regret(tuple(profile)) <= 1e-9


# -- thresholds ------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed, shape", [(1, (2, 2, 2)), (2, (2, 2, 2)), (3, (2, 2, 2)), (5, (2, 2, 2)),
                                         (7, (3, 2, 2)), pytest.param(8, (3, 3, 2), marks=pytest.mark.slow)])
def test_exact_thresholds_agree_with_bisection(seed, shape):
    from convenience.analysis.sensitivity.thresholds import exact_thresholds, numeric_thresholds

    game = random_game(seed, shape)
    analysis = symbolic_conditions(game, budget=WorkBudget(None))
    exact = exact_thresholds(analysis, "a", game.baseline(), -5, 5)
    evaluator = GameEvaluator(game)
    numeric = numeric_thresholds(lambda xs: evaluator.sets({"a": xs}), "a", 1.0, -5.0, 5.0, points=20001)
    found = [t.value for t in numeric.thresholds]
    for t in exact.thresholds:
        assert any(abs(t.value - x) < 1e-6 for x in found), (t, found)
    for x in found:
        assert any(abs(t.value - x) < 1e-6 for t in exact.thresholds), (x, exact.thresholds)


# -- a game with a known region: the volunteer's dilemma ------------------------------------------
VOLUNTEERS = """
title: Three volunteers, cost a
players:
  A: [Volunteer, Wait]
  B: [Volunteer, Wait]
  C: [Volunteer, Wait]
parameters:
  a: {value: 1/4, range: [0, 4]}
payoffs:
  Volunteer:
    Volunteer: {Volunteer: [1 - a, 1 - a, 1 - a], Wait: [1 - a, 1 - a, 1]}
    Wait: {Volunteer: [1 - a, 1, 1 - a], Wait: [1 - a, 1, 1]}
  Wait:
    Volunteer: {Volunteer: [1, 1 - a, 1 - a], Wait: [1, 1 - a, 1]}
    Wait: {Volunteer: [1, 1, 1 - a], Wait: [0, 0, 0]}
"""


def test_volunteers_fully_mixed_closed_form_and_threshold():
    """Each waits with probability sqrt(a): the fully mixed equilibrium exists iff 0 < a < 1."""
    from convenience.analysis.sensitivity.thresholds import exact_thresholds

    game = loads(VOLUNTEERS)
    analysis = symbolic_conditions(game)
    label = "mixed(Volunteer+Wait / Volunteer+Wait / Volunteer+Wait)"
    for a in (Fraction(1, 4), Fraction(1, 2), Fraction(9, 10)):
        mine = three_mixer_profiles(analysis, {"a": a})
        assert len(mine) == 1
        (found, mixtures), = mine.items()
        assert found.startswith(label)
        for p in range(3):
            assert mixtures[p][1] == pytest.approx(float(a) ** 0.5, abs=1e-12)
    assert three_mixer_profiles(analysis, {"a": Fraction(3, 2)}) == {}
    t = exact_thresholds(analysis, "a", {"a": Fraction(1, 4)}, 0, 4)
    assert 1.0 in [x.value for x in t.thresholds]
    crossing = next(x for x in t.thresholds if x.value == 1.0)
    assert any(x.startswith(label) for x in crossing.below) and not any(x.startswith(label) for x in crossing.above)


def test_monte_carlo_frequency_of_the_fully_mixed_equilibrium_is_its_region_volume():
    from convenience.analysis.montecarlo.distributions import distribution_of
    from convenience.analysis.montecarlo.robustness import monte_carlo

    game = loads(VOLUNTEERS)
    distributions = {"a": distribution_of(game.parameters["a"])}
    samples = 40_000
    result = monte_carlo(game, distributions, samples=samples, seed=3)
    count = sum(f.count for f in result.equilibria if "root" in f.label)
    share = count / samples
    # uniform on [0, 4]: the region 0 < a < 1 has volume 1/4; four standard errors
    assert abs(share - 0.25) < 4 * (0.25 * 0.75 / samples) ** 0.5


# -- the whole analysis on an example file --------------------------------------------------------
def test_analyze_shows_closed_form_and_thresholds():
    from convenience.analysis.sensitivity.analyze import analyze

    game = load_game(DATA / "sensitivity_three_mixers.yaml")
    report = analyze(game, samples=2000, seed=1)
    text = report.to_markdown()
    assert "root 1" in text and "sqrt(" in text
    labels = [c.label for c in report.conditions.roots]
    assert any(label in report.baseline for label in labels)
    changes = [t for p in report.thresholds for t in p.thresholds
               if any(x in t.below or x in t.above for x in labels)]
    assert changes
    assert any("root" in f.label for f in report.monte_carlo.equilibria)


def test_quartic_supports_are_solved_numerically_and_say_so():
    game = random_game(8, (3, 3, 2))
    analysis = symbolic_conditions(game, budget=WorkBudget(None))
    quartic = [c for c in analysis.roots if len(c.support.support[0]) == 3 and len(c.support.support[1]) == 3]
    assert len(quartic) == 4 and all(c.status == "numerical" for c in quartic)
    assert "numerically" in quartic[0].sentence()
    assert any("numerically" in n for n in analysis.notes)


def test_root_one_is_the_smaller_at_the_baseline():
    for seed in range(12):
        game = random_game(seed)
        analysis = symbolic_conditions(game, budget=WorkBudget(None))
        point = analysis.point(game.baseline())
        found = {c.support.root: c.profile_at(point) for c in analysis.roots}
        if all(found.get(k) is not None for k in (1, 2)):
            r1 = float(found[1][0][2][0])
            r2 = float(found[2][0][2][0])
            assert r1 <= r2
        evaluator = GameEvaluator(game)
        assert evaluator.sets({})[0] == analysis.equilibrium_set(game.baseline())


def test_candidate_order_is_the_same_everywhere():
    game = random_game(3, (3, 2, 2))
    analysis = symbolic_conditions(game, budget=WorkBudget(None))
    evaluator = GameEvaluator(game)
    assert tuple(c.label for c in analysis.tracked) == evaluator.labels
    assert len(set(evaluator.labels)) == len(evaluator.labels)
    assert list(itertools.islice((c for c in evaluator.checker.candidates if c.root), 1))


def test_baseline_mixtures_are_written_exactly():
    game = load_game(DATA / "sensitivity_three_mixers.yaml")
    analysis = symbolic_conditions(game)
    held = [c for c in analysis.roots if c.at_baseline]
    assert [c.support.root for c in held] == [2]
    text = held[0].at_baseline
    assert "sqrt(193)" in text and "regret exactly 0" in text  # sqrt(3088) = 4 sqrt(193), simplified
    mixtures, exact = held[0].profile_at(analysis.point(game.baseline()))
    assert exact and all((sum(p, Fraction(0)) - 1).sign() == 0 for p in mixtures.values())


def test_sensitivity_docs_run():
    import doctest

    failures, _ = doctest.testfile(str(Path(__file__).parent.parent / "docs" / "sensitivity.md"),
                                   module_relative=False)
    assert failures == 0


def test_parameters_in_denominators_are_checked_point_by_point():
    text = (DATA / "sensitivity_three_mixers.yaml").read_text().replace("'-2 + a'", "'-2 + 1/a'")
    text = text.replace("range: [-5, 5]", "range: [1/2, 5]")
    game = loads(text)
    analysis = symbolic_conditions(game)
    assert {c.status for c in analysis.roots} == {"numerical"}
    evaluator = GameEvaluator(game)
    held = 0
    for a in np.linspace(0.5, 5, 37):
        x = Fraction(a).limit_denominator(1000)
        exact = analysis.equilibrium_set({"a": x})
        assert exact == evaluator.sets({"a": np.array([float(x)])})[0]
        held += any("root" in label for label in exact)
    assert held
    from convenience.analysis.sensitivity.thresholds import exact_thresholds

    t = exact_thresholds(analysis, "a", game.baseline(), Fraction(1, 2), 5)
    assert t.numerical and any(any("root" in x for x in th.below + th.above) for th in t.thresholds)


def test_regime_map_regions_name_the_roots():
    from convenience.analysis.sensitivity.analyze import analyze

    text = (DATA / "sensitivity_three_mixers.yaml").read_text().replace("'1 + a'", "'1 + a + b'")
    text = text.replace("parameters:\n", "parameters:\n  b: {value: 0, range: [-2, 2]}\n")
    game = loads(text)
    report = analyze(game, samples=0, grid={"a": (-5, 5, 31), "b": (-2, 2, 21)})
    labels = {label for region in report.regime_map.regions for label in region.equilibria}
    assert {"mixed(p0+p1 / q0+q1 / r0+r1) root 1", "mixed(p0+p1 / q0+q1 / r0+r1) root 2"} <= labels
    assert any(b.equations for b in report.regime_map.boundaries)


def test_four_player_games_track_three_mixers_like_the_solver():
    from convenience.normal_form import NormalFormGame
    from convenience.solvers import solve

    rng = np.random.default_rng(11)
    strategies = tuple(("x", "y") for _ in range(4))
    checker = CandidateChecker(strategies)
    compared = 0
    for _ in range(4):
        payoffs = rng.integers(-9, 10, size=(4, 2, 2, 2, 2))
        presence = checker.check(payoffs[..., None].astype(float))[0]
        mine = sorted(checker.labels[k] for k in np.flatnonzero(presence) if checker.candidates[k].root)
        result = solve(NormalFormGame.from_arrays(*[a.tolist() for a in payoffs]))
        theirs = [e for e in result.equilibria if sum(len(s) > 1 for s in e.support_indices) == 3]
        assert sorted(m.rsplit(" root ", 1)[0] for m in mine) == \
            sorted(support_label(strategies, e.support_indices) for e in theirs)
        compared += len(mine)
    assert compared


def test_many_parameters_stay_within_the_work_budget():
    """Every payoff its own parameter: symbolic work is bounded and falls back to numbers, saying so."""
    from convenience.analysis.sensitivity.analyze import analyze

    names = [f"u{k}" for k in range(24)]
    values = [3, -1, 2, 5, -2, 1, 4, 0, -3, 2, 1, -1, 0, 3, -2, 2, 1, 4, -1, -3, 2, 0, 1, 3]
    lines = ["title: every payoff a parameter", "players: {P: [p0, p1], Q: [q0, q1], R: [r0, r1]}", "parameters:"]
    lines += [f"  {n}: {{value: {v}, range: [-5, 5]}}" for n, v in zip(names, values)]
    lines.append("payoffs:")
    cells = iter(names)
    for a in range(2):
        lines.append(f"  p{a}:")
        for b in range(2):
            row = ", ".join(f"r{c}: [{next(cells)}, {next(cells)}, {next(cells)}]" for c in range(2))
            lines.append(f"    q{b}: {{{row}}}")
    game = loads("\n".join(lines) + "\n")
    report = analyze(game, samples=500, parameters=["u0", "u7"])
    assert report.conditions is None or len(report.conditions.roots) == 2
    assert len(report.thresholds) == 2
    assert set(report.baseline) == GameEvaluator(game).sets({})[0]


def test_monte_carlo_with_local_processes_gives_the_serial_answer():
    from convenience.analysis.montecarlo.distributions import distribution_of
    from convenience.analysis.montecarlo.robustness import monte_carlo

    game = load_game(DATA / "sensitivity_three_mixers.yaml")
    distributions = {"a": distribution_of(game.parameters["a"])}
    serial = monte_carlo(game, distributions, samples=6000, seed=5)
    parallel = monte_carlo(game, distributions, samples=6000, seed=5, workers=2)
    assert serial.to_dict()["equilibria"] == parallel.to_dict()["equilibria"]
    assert any("root 1" in f.label for f in serial.equilibria)
    assert any("root 2" in f.label for f in serial.equilibria)


@pytest.mark.parametrize("seed", [0, 2, 24])
def test_root_labels_do_not_jump_where_the_leading_coefficient_vanishes(seed):
    """Where c2 changes sign, the other root passes through infinity; the valid root keeps its
    label (labels are branches of the quadratic formula, not ranks by value)."""
    from convenience.analysis.sensitivity.thresholds import exact_thresholds

    game = random_game(seed)
    analysis = symbolic_conditions(game, budget=WorkBudget(None))
    c2 = analysis.roots[0].coeffs[2]
    terms = {m[0]: float(c) for m, c in c2.terms()}
    zeros = [float(z.real) for z in np.roots([terms.get(k, 0.0) for k in range(max(terms), -1, -1)])
             if abs(z.imag) < 1e-12 and -5 < z.real < 5]
    thresholds = exact_thresholds(analysis, "a", game.baseline(), -5, 5).thresholds
    checked = 0
    for z in zeros:
        sides = [{x for x in analysis.equilibrium_set({"a": Fraction(z + d).limit_denominator(10 ** 9)})
                  if "root" in x} for d in (-1e-4, 1e-4)]
        if sides[0] and sides[1]:
            assert sides[0] == sides[1]
            assert not any(abs(t.value - z) < 1e-6 for t in thresholds)
            checked += 1
    assert checked


def test_analyze_command_prints_the_fully_mixed_equilibrium():
    import json

    from typer.testing import CliRunner

    from convenience.cli import app

    path = DATA / "sensitivity_three_mixers.yaml"
    result = CliRunner().invoke(app, ["analyze", str(path), "--samples", "1000", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "mixed(p0+p1 / q0+q1 / r0+r1) root 2" in result.output
    assert "sqrt(" in result.output and "regret exactly 0" in result.output
    result = CliRunner().invoke(app, ["analyze", str(path), "--samples", "1000", "--format", "json"])
    data = json.loads(result.output)
    roots = [c for c in data["conditions"]["candidates"] if c["label"].endswith(("root 1", "root 2"))]
    assert [c["status"] for c in roots] == ["conditional", "conditional"]
    assert "mixed(p0+p1 / q0+q1 / r0+r1) root 2" in data["baseline"]
