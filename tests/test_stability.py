"""Stability measures checked against answers derived by hand."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from convenience.analysis.stability.measures import (
    is_ess, is_perfect, is_strict, mixed_radius, p_dominance, payoff_gaps,
)
from convenience.analysis.stability.report import stability_report
from convenience.normal_form import NormalFormGame
from convenience.solvers import solve


def stag_hunt(stag_stag=4, hare_stag=3, hare=3) -> NormalFormGame:
    a = [[stag_stag, 0], [hare_stag, hare]]
    return NormalFormGame.from_arrays(a, np.array(a, dtype=object).T.tolist(), players=["Ann", "Bob"],
                                      strategies=[["Stag", "Hare"], ["Stag", "Hare"]], title="Stag Hunt")


def mixed_profile(game):
    return next(e for e in solve(game).equilibria if not e.is_pure).profile[0]


def by_short(report, short):
    return next(e for e in report.equilibria if e.short == short)


@pytest.fixture(scope="module")
def stag_report():
    game = stag_hunt()
    return stability_report(game, solve(game), seed=1)


def test_strict_equilibrium_radius_by_hand():
    # Row: at (Down, Right) the row player loses 7 - 4 = 3 by moving Up; the column player
    # loses 2 - 1 = 1 by moving Left. The radius is the smaller gap, 1, and exact.
    game = NormalFormGame.from_arrays([[0, 4], [5, 7]], [[9, 6], [1, 2]])
    result = solve(game)
    report = stability_report(game, result, dynamics=False, qre=False)
    row = next(e for e in report.equilibria if e.pure)
    assert row.gaps == (Fraction(3), Fraction(1)) and row.radius == Fraction(1)
    assert row.uniform_radius == Fraction(1, 2)
    # moving the column player's (Down, Left) payoff up by just under / over 1 keeps / kills it
    for delta, alive in ((Fraction(99, 100), True), (Fraction(101, 100), False)):
        b = [[9, 6], [1 + delta, 2]]
        perturbed = NormalFormGame.from_arrays([[0, 4], [5, 7]], b)
        assert (perturbed.regret(perturbed.pure_profile((1, 1))) == 0) is alive


def test_stag_hunt_risk_and_payoff_dominance(stag_report):
    stag, hare = by_short(stag_report, "(Stag, Stag)"), by_short(stag_report, "(Hare, Hare)")
    # Nash products of deviation losses: Stag (4-3)(4-3) = 1, Hare (3-0)(3-0) = 9
    assert hare.risk_dominant is True and stag.risk_dominant is False
    assert stag.pareto_efficient and not hare.pareto_efficient
    assert hare.dominated_by == (stag.label,)
    assert stag.strict and hare.strict
    # p-dominance: Hare is a best reply once the other hunts hare with probability >= 1/4
    assert hare.p_dominance == Fraction(1, 4) and stag.p_dominance == Fraction(3, 4)
    summary = stag_report.summary()
    assert "(Hare, Hare)" in summary and "(Stag, Stag)" in summary and "risk-dominant" in summary


def test_stag_hunt_mixed_equilibrium(stag_report):
    mixed = next(e for e in stag_report.equilibria if not e.pure)
    assert not mixed.strict and mixed.ess is False and mixed.replicator_share == 0.0
    # lowering (Stag, Stag) from 4 to 3 drives the other's indifference point 3/(4 - d) to 1
    assert mixed.radius == Fraction(1)  # located in floats, confirmed exactly


def test_hawk_dove_mixed_ess():
    # V = 2, C = 4: Hawk-Hawk (V - C)/2 = -1, Hawk-Dove V = 2, Dove-Dove V/2 = 1
    game = NormalFormGame.from_arrays([[-1, 2], [0, 1]], [[-1, 0], [2, 1]],
                                      strategies=[["Hawk", "Dove"], ["Hawk", "Dove"]])
    report = stability_report(game, solve(game), seed=0)
    mixed = next(e for e in report.equilibria if not e.pure)
    assert [float(v) for v in mixed_profile(game)] == [0.5, 0.5]
    assert mixed.ess is True  # hawk share V/C = 1/2
    assert all(e.ess is None for e in report.equilibria if e.pure)  # asymmetric: not ESS candidates
    assert mixed.replicator_share == 1.0 and mixed.qre_selected


def test_ess_strict_symmetric_pure_and_counterexample():
    pd = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert is_ess(pd, pd.pure_profile((1, 1))) is True
    # rock-paper-scissors: the uniform equilibrium is not an ESS (z A z = 0 on the face)
    rps = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    game = NormalFormGame.from_arrays(rps, np.array(rps).T.tolist())
    third = np.array([Fraction(1, 3)] * 3, dtype=object)
    assert is_ess(game, (third, third)) is False
    # when a win gains more (3) than a loss costs (1), z A z = -(z.z) < 0 on the face: ESS;
    # when a loss costs more than a win gains, z A z = z.z > 0: not an ESS
    good = [[0, -1, 3], [3, 0, -1], [-1, 3, 0]]
    bad = [[0, -3, 1], [1, 0, -3], [-3, 1, 0]]
    assert is_ess(NormalFormGame.from_arrays(good, np.array(good).T.tolist()), (third, third)) is True
    assert is_ess(NormalFormGame.from_arrays(bad, np.array(bad).T.tolist()), (third, third)) is False


def test_weakly_dominated_equilibrium_is_not_perfect():
    # (Bottom, Right) is a Nash equilibrium but Bottom and Right are weakly dominated
    game = NormalFormGame.from_arrays([[1, 0], [0, 0]], [[1, 0], [0, 0]])
    assert is_perfect(game, game.pure_profile((0, 0))) is True
    assert is_perfect(game, game.pure_profile((1, 1))) is False
    assert not is_strict(game, game.pure_profile((1, 1)))
    assert payoff_gaps(game, game.pure_profile((1, 1))) == (0, 0)
    # dominated by a mixture only: 1/2 Top + 1/2 Bottom pays (2, 2, 1/2) >= Middle's (2, 2, 0),
    # while neither Top nor Bottom alone dominates Middle; the column player is indifferent
    game = NormalFormGame.from_arrays([[4, 0, 1], [2, 2, 0], [0, 4, 0]], [[1, 1, 1]] * 3)
    half = np.array([Fraction(1, 2), Fraction(1, 2), Fraction(0)], dtype=object)
    middle = np.array([Fraction(0), Fraction(1), Fraction(0)], dtype=object)
    assert game.regret((middle, half)) == 0
    assert is_perfect(game, (middle, half)) is False
    assert is_perfect(game, game.pure_profile((0, 0))) is True


def test_mixed_radius_matching_pennies_is_unbounded_for_its_support():
    # a fully mixed 2x2 equilibrium survives until a player gets a dominant strategy:
    # changing one entry of [[1,-1],[-1,1]] by 2 creates a tie
    game = NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    half = np.array([0.5, 0.5])
    assert mixed_radius(game, (half, half)) == Fraction(2)
    float_game = NormalFormGame.from_arrays(np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([[-1.0, 1.0], [1.0, -1.0]]))
    assert mixed_radius(float_game, (half, half)) == pytest.approx(2.0, abs=1e-9)


def test_p_dominance_three_players():
    # unanimity game: each player gets 1 if all play A, 2 if all play B, else 0
    u = np.zeros((3, 2, 2, 2), dtype=int)
    for i in range(3):
        u[i, 0, 0, 0], u[i, 1, 1, 1] = 1, 2
    game = NormalFormGame.from_arrays(*u)
    # B is a best reply iff P(others all B) * 2 >= P(others all A) * 1; worst case puts the
    # rest on (A, A): 2p >= 1 - p, so p = 1/3; for A: p >= 2(1 - p), p = 2/3
    assert p_dominance(game, (1, 1, 1)) == Fraction(1, 3)
    assert p_dominance(game, (0, 0, 0)) == Fraction(2, 3)


def test_report_rows_and_json(stag_report):
    assert len(stag_report.rows()) == 3
    assert all(len(r) == len(stag_report.columns) for r in stag_report.rows())
    data = json.loads(json.dumps(stag_report.to_dict()))
    assert data["equilibria"][0]["equilibrium"].startswith("Ann: ")
    assert data["summary"] == stag_report.summary()


def test_parameter_margins_exact_threshold(tmp_path):
    from convenience.spec import load_game

    path = tmp_path / "dilemma.yaml"
    path.write_text(
        "title: Parametric dilemma\n"
        "players:\n  Row: [Cooperate, Defect]\n  Column: [Cooperate, Defect]\n"
        "parameters:\n  R: {value: 3, range: [0, 10]}\n  T: {value: 5, range: [0, 10]}\n"
        "payoffs:\n"
        "  Cooperate:\n    Cooperate: [R, R]\n    Defect: [0, T]\n"
        "  Defect:\n    Cooperate: [T, 0]\n    Defect: [1, 1]\n")
    parametric = load_game(str(path))
    game = parametric.at()
    report = stability_report(game, solve(game), parametric=parametric, dynamics=False, qre=False)
    dd = by_short(report, "(Defect, Defect)")
    margins = {m.name: m for m in dd.margins}
    # (Defect, Defect) pays 1 against Cooperate's 0 whatever R and T are: never lost
    assert margins["R"].lower is None and margins["R"].upper is None
    # a second game: raise the sucker's payoff with S; (D, D) is lost when S > 1
    path.write_text(path.read_text().replace("parameters:\n", "parameters:\n  S: {value: 0, range: [-2, 2]}\n")
                    .replace("Defect: [0, T]", "Defect: [S, T]").replace("Cooperate: [T, 0]", "Cooperate: [T, S]"))
    parametric = load_game(str(path))
    game = parametric.at()
    report = stability_report(game, solve(game), parametric=parametric, dynamics=False, qre=False)
    s = {m.name: m for m in by_short(report, "(Defect, Defect)").margins}["S"]
    assert s.upper == Fraction(1) and s.exact and s.lower is None
    assert s.distance == Fraction(1)


@settings(deadline=None, max_examples=40)
@given(st.integers(2, 3), st.lists(st.integers(-4, 4), min_size=18, max_size=18))
def test_pure_radius_is_tight(m, values):
    # property: moving the binding deviation payoff up by just under the radius keeps a strict
    # pure equilibrium, by just over destroys it
    u = np.array(values[: 2 * m * m]).reshape(2, m, m)
    game = NormalFormGame.from_arrays(u[0].tolist(), u[1].tolist())
    for e in solve(game).equilibria:
        if not e.is_pure or not is_strict(game, e.profile):
            continue
        cell = e.pure_indices
        gaps = payoff_gaps(game, e.profile)
        radius = min(gaps)
        player = gaps.index(radius)
        loss = [u[player][cell] - u[player][cell[:player] + (k,) + cell[player + 1:]] for k in range(m)]
        deviation = min((k for k in range(m) if k != cell[player]), key=lambda k: loss[k])
        for delta, alive in ((radius - Fraction(1, 100), True), (radius + Fraction(1, 100), False)):
            v = np.array(u, dtype=object) + Fraction(0)
            index = (player,) + cell[:player] + (deviation,) + cell[player + 1:]
            v[index] += delta
            perturbed = NormalFormGame.from_arrays(v[0].tolist(), v[1].tolist())
            assert (perturbed.regret(perturbed.pure_profile(cell)) == 0) is alive


def test_summary_names_strategies_and_the_dilemma():
    game = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["Iran", "Russia"],
                                      strategies=[["Coordinate", "Split"], ["Coordinate", "Split"]])
    text = stability_report(game, solve(game), dynamics=False, qre=False).summary()
    assert text == ("The only equilibrium, (Split, Split), is strict and survives any change of a single "
                    "payoff smaller than 1, yet every player would prefer (Coordinate, Coordinate), "
                    "which is not an equilibrium.")


def test_importing_the_analysis_modules_stays_light():
    import subprocess
    import sys

    code = ("import sys, convenience.analysis.stability.report, convenience.solvers.batch, "
            "convenience.analysis.topology; print(sorted(m for m in ('scipy', 'sympy', 'nashpy', "
            "'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
