"""The shortcut that settles ``outcome`` and ``never_played`` claims at Monte Carlo draws
(strict dominance or a pure equilibrium) gives the verdict of the full check, and settles
the draws that need it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from convenience.analysis.montecarlo.distributions import distribution_of, sample_parameters
from convenience.expectations.checks import Point, evaluate, settled
from convenience.expectations.parse import parse_expectations
from convenience.spec import load_game

GAMES = Path(__file__).resolve().parent.parent / "games"
DATA = Path(__file__).resolve().parent / "data"
SHORTCUT = ("outcome", "never_played")


def claims():
    for path in sorted(GAMES.glob("*.yaml")):
        text = path.read_text()
        if "outcome:" in text or "never_played:" in text:
            game = load_game(path)
            for exp in parse_expectations(game):
                if exp.check in SHORTCUT:
                    yield pytest.param(game, exp, id=f"{path.stem}-{exp.id}")


@pytest.mark.parametrize(("game", "exp"), list(claims()))
def test_the_shortcut_verdict_is_the_full_verdict(game, exp):
    dists = {name: distribution_of(p) for name, p in game.parameters.items() if name not in exp.at}
    draws = sample_parameters(dists, np.random.default_rng(1), 12)
    for k in range(12):
        values = {**game.baseline(), **exp.at, **{name: float(c[k]) for name, c in draws.items()}}
        quick = settled(Point(game, values), exp)
        if quick is not None:
            assert quick == evaluate(Point(game, values), exp)[0], values


def test_the_shortcut_settles_every_draw_of_an_intervention_claim():
    game = load_game(GAMES / "intervention.yaml")
    [exp] = [e for e in parse_expectations(game) if e.id == "intervention-robust"]
    dists = {name: distribution_of(p) for name, p in game.parameters.items()}
    draws = sample_parameters(dists, np.random.default_rng(0), 40)
    verdicts = [settled(Point(game, {name: float(c[k]) for name, c in draws.items()}), exp) for k in range(40)]
    assert None not in verdicts and True in verdicts and False in verdicts


@pytest.mark.parametrize(("file", "claim"), [("federation", "russia-pushes-federation"),
                                            ("post-war", "friction-robust")])
def test_the_verdict_draws_take_the_shortcut_and_count_the_same_hits(file, claim, monkeypatch):
    import convenience.solvers
    from convenience.expectations.draws import claim_hits, declared_draws

    game = load_game(GAMES / f"{file}.yaml")
    [exp] = [e for e in parse_expectations(game) if e.id == claim]
    samples = declared_draws(game, 60, seed=3)
    points = [Point(game, {**game.baseline(), **{name: float(c[k]) for name, c in samples.items()}})
              for k in range(60)]
    full = [evaluate(point, exp)[0] for point in points]
    unsettled = sum(settled(point, exp) is None for point in points)
    solves = []
    solve = convenience.solvers.solve
    monkeypatch.setattr(convenience.solvers, "solve", lambda *a, **k: solves.append(1) or solve(*a, **k))
    hits = claim_hits(game, [exp], samples)[0]
    assert [bool(h) for h in hits] == full and True in full
    assert len(solves) <= unsettled < 60  # only draws no shortcut settles are solved in full


def test_other_checks_are_left_to_the_full_solve():
    game = load_game(GAMES / "intervention.yaml")
    [exp] = [e for e in parse_expectations(game) if e.check == "unique"]
    assert settled(Point(game, game.baseline()), exp) is None


@pytest.mark.parametrize("punishment", ["nash", "minmax"])
def test_the_verdict_of_a_repeated_game_at_a_point_is_that_of_the_full_solve(punishment, tmp_path):
    from convenience.analysis.sensitivity.generic import equilibrium_set_at
    from convenience.repeated.solve import repeated_verdict, solve_repeated

    text = (DATA / "repeated_trust.yaml").read_text(encoding="utf-8")
    path = tmp_path / "trust.yaml"
    path.write_text(text.replace("\npunishment: nash\n", f"\npunishment: {punishment}\n"), encoding="utf-8")
    game = load_game(path)
    dists = {name: distribution_of(p) for name, p in game.parameters.items()}
    draws = sample_parameters(dists, np.random.default_rng(3), 40)
    seen = set()
    for k in range(40):
        values = {name: float(c[k]) for name, c in draws.items()}
        labels = equilibrium_set_at(game, repeated_verdict, values)
        assert labels == equilibrium_set_at(game, solve_repeated, values), values
        seen.add(labels)
    assert len(seen) > 1  # the draws cross the threshold


def test_claims_at_one_point_share_it_and_its_dominance():
    from convenience.expectations.checks import point_at
    from convenience.solvers.dominance import surviving_pure

    game = load_game(GAMES / "federation.yaml")
    values = {**game.baseline(), "kappa_I": 5.0}
    point = point_at(game, values)
    assert point_at(game, dict(values)) is point
    assert point_at(game, {**values, "kappa_I": 4.0}) is not point
    other = load_game(GAMES / "federation.yaml")  # another game: a point of its own
    assert point_at(other, values) is not point and point_at(other, values).game is other
    alive = point.surviving
    alive[0].clear()  # a caller changing its copy changes nothing remembered
    assert surviving_pure(point.normal) == Point(game, values).surviving != alive
