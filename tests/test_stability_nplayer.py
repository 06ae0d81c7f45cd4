"""Stability radius, parameter margins and trembling-hand perfection for three or more players,
checked against answers derived by hand, against the two-player methods, and against the
solver on perturbed games."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from convenience.analysis.stability.measures import is_perfect, mixed_radius
from convenience.analysis.stability.report import stability_report
from convenience.analysis.stability.common import support_of
from convenience.analysis.stability.nplayer import nplayer_parameter_margins, nplayer_radius
from convenience.analysis.stability.perfection import (
    dominated_player,
    first_order_blocked,
    is_regular,
    nplayer_perfection,
    pure_tremble_beaten,
)
from convenience.analysis.stability.support_system import SupportSystem, follow_branch, newton
from convenience.normal_form import NormalFormGame
from convenience.solvers import solve
from convenience.spec import load_game

DATA = Path(__file__).parent / "data"
VOLUNTEERS = DATA / "report" / "volunteers.yaml"
TREMBLES = DATA / "three_player_trembles.yaml"
F = Fraction


def volunteers(cost: int | Fraction = 1, cid_bonus: int | Fraction = 0) -> NormalFormGame:
    """Volunteer's dilemma: the good is worth 4 to all if anyone volunteers; volunteering costs
    ``cost``; Cid's Volunteer pays ``cid_bonus`` more."""
    cost, cid_bonus = F(cost), F(cid_bonus)
    shape = (2, 2, 2)
    u = np.empty((3,) + shape, dtype=object)
    for cell in np.ndindex(*shape):
        anyone = any(k == 0 for k in cell)
        for i in range(3):
            u[(i,) + cell] = (4 - cost if cell[i] == 0 else (F(4) if anyone else F(0))) + \
                (cid_bonus if i == 2 and cell[i] == 0 else 0)
    return NormalFormGame.from_arrays(*u, players=["Ann", "Ben", "Cid"],
                                      strategies=[["Volunteer", "Wait"]] * 3)


def profile_of(game, supports_and_probs):
    return tuple(np.array([F(p) for p in probs], dtype=object) for probs in supports_and_probs)


HALF = profile_of(volunteers(), [(F(1, 2), F(1, 2))] * 3)
TWO_MIX = profile_of(volunteers(), [(F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)), (0, 1)])


def test_profiles_are_equilibria():
    game = volunteers()
    assert game.regret(HALF) == 0 and game.regret(TWO_MIX) == 0


def test_two_mixing_volunteers_radius_by_hand():
    # Ann's indifference 3 = 4 p_Ben fixes p_Ben = 3/4; lowering Ann's payoff at (Wait, Volunteer,
    # Wait) from 4 by d gives p_Ben = 3/(4 - d), which reaches 1 at d = 1. Cid's gap (Wait pays
    # 4 - 1/4 * (1 - p_Ben) against 3) stays positive, and entries that move no probability need more.
    change, note = nplayer_radius(volunteers(), TWO_MIX)
    assert change.amount == pytest.approx(1.0, abs=1e-9)
    assert not change.exact and "following the continued equilibrium" in note


def test_fully_mixed_volunteers_radius_is_a_fold():
    # Raising Ann's payoff at (Volunteer, Volunteer, Volunteer) by d: Ben and Cid keep
    # w_Ann w_Ben = w_Ann w_Cid = 1/4 (w: probability of Wait), so w_Ben = w_Cid = w and Ann's
    # indifference 3 + d (1 - w)^2 = 4 - 4 w^2 gives d = (1 - 4w^2) / (1 - w)^2, largest (4/3) at
    # w = 1/4, where w_Ann = 1/(4w) = 1: the branch folds exactly as Ann stops volunteering.
    game = volunteers()
    change, _ = nplayer_radius(game, HALF)
    assert change.amount == pytest.approx(4 / 3, abs=1e-8)
    assert change.direction == 1 and change.cell == (0, 0, 0) and change.player in (0, 1, 2)


@pytest.mark.parametrize("direction, expected", [(1, 3.0), (-1, 12.0)])
def test_one_entry_followed_both_ways(direction, expected):
    # Moving Ann's payoff at (Wait, Wait, Wait) from 0 by d: w_Ben = w_Cid = (4 - d)^(-1/2) and
    # w_Ann = sqrt(4 - d)/4; the first reaches 1 at d = 3, the second at d = -12.
    game = volunteers()
    scale = game.payoff_range()
    u0 = game.float_payoffs() / scale
    system = SupportSystem(game.shape, support_of(HALF))
    x0 = newton(system, u0, system.start(HALF, u0))

    def payoff_at(t):
        u = u0.copy()
        u[0, 1, 1, 1] += direction * t
        return u

    assert follow_branch(system, payoff_at, x0, 20.0) * scale == pytest.approx(expected, abs=1e-8)


def test_closed_form_radius_is_exact():
    # With Cid's Volunteer worth 7/10 more, Cid's gap at TWO_MIX is 3/4 - 7/10 = 1/20; raising
    # Cid's payoff at (Volunteer, Volunteer, Volunteer), reached with probability 9/16, by
    # (1/20)/(9/16) = 4/45 makes Volunteer as good: exact, and smaller than any followed change.
    game = volunteers(cid_bonus=F(7, 10))
    profile = profile_of(game, [(F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)), (0, 1)])
    assert game.regret(profile) == 0
    change, _ = nplayer_radius(game, profile)
    assert change.amount == F(4, 45) and change.exact and change.player == 2
    assert "Cid's payoff" in change.describe(game)


def _two_player(a, b):
    return NormalFormGame.from_arrays(a, b)


@pytest.mark.parametrize("a, b", [
    ([[4, 0], [3, 3]], [[4, 3], [0, 3]]),  # stag hunt: 1
    ([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),  # matching pennies: 2
    ([[3, 0, 1], [0, 3, 1], [1, 1, 2]], [[2, 1, 0], [0, 2, 1], [1, 0, 2]]),
])
def test_agrees_with_the_two_player_method(a, b):
    game = _two_player(a, b)
    for eq in solve(game).equilibria:
        if eq.is_pure:
            continue
        expected = mixed_radius(game, eq.profile)
        change, _ = nplayer_radius(game, eq.profile)
        if expected is None:
            continue
        assert change is not None and float(change.amount) == pytest.approx(float(expected), abs=1e-7)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=8, max_size=8))
def test_random_two_player_games_agree(values):
    game = _two_player([values[0:2], values[2:4]], [values[4:6], values[6:8]])
    for eq in solve(game).equilibria:
        if eq.is_pure or not all(len(s) == 2 for s in support_of(eq.profile)):
            continue
        expected = mixed_radius(game, eq.profile)
        change, _ = nplayer_radius(game, eq.profile)
        if expected is None or change is None:
            continue
        assert float(change.amount) == pytest.approx(float(expected), abs=1e-7)


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10_000))
def test_random_three_player_radius_is_tight_from_below(seed):
    # Just inside the radius (along the entry attaining it) the perturbed game, solved afresh,
    # still has an equilibrium with the same support.
    rng = np.random.default_rng(seed)
    game = NormalFormGame.from_arrays(*rng.integers(-4, 5, size=(3, 2, 2, 2)).astype(float))
    mixed = [e for e in solve(game).equilibria if not e.is_pure and game.regret(e.profile) < 1e-9]
    for eq in mixed[:2]:
        change, _ = nplayer_radius(game, eq.profile)
        if change is None or float(change.amount) < 1e-6:
            continue
        u = game.float_payoffs().copy()
        u[(change.player,) + change.cell] += change.direction * 0.5 * float(change.amount)
        perturbed = NormalFormGame.from_arrays(*u)
        supports = {support_of(e.profile) for e in solve(perturbed).equilibria}
        assert support_of(eq.profile) in supports


def test_parameter_margins_by_hand():
    # Fully mixed: w^2 = c/4 needs 0 < c < 4. Two mixing: p = 1 - c/4 needs c < 4, and Cid's gap
    # c (1 - c/4) needs c > 0.
    parametric = load_game(VOLUNTEERS)
    for profile in (HALF, TWO_MIX):
        (margin,) = nplayer_parameter_margins(parametric, profile)
        assert margin.name == "c" and not margin.exact
        assert margin.lower == pytest.approx(0.0, abs=1e-6) and margin.upper == pytest.approx(4.0, abs=1e-6)


# -- perfection --------------------------------------------------------------------------------
def trembles(k=1):
    return load_game(TREMBLES).at({"k": F(k)})


def test_undominated_but_not_perfect():
    # Hold ties Fold at (Back, Join); Fold gains k per single stray and loses 3k when both stray:
    # k (a + b - 5ab) > 0 for all small trembles a, b > 0. Hold is not weakly dominated.
    game = trembles()
    hold, fold = game.pure_profile((0, 0, 0)), game.pure_profile((1, 0, 0))
    verdict = nplayer_perfection(game, hold)
    assert verdict.perfect is False and verdict.exact and "Fold" in verdict.basis
    assert pure_tremble_beaten(game, (0, 0, 0)) == (0, 1)
    assert first_order_blocked(game, hold, 0) and not first_order_blocked(game, fold, 0)
    assert not first_order_blocked(game, hold)  # Ann's own move to Fold is not held back by anyone
    assert is_perfect(game, hold) is False
    good = nplayer_perfection(game, fold)
    assert good.perfect is True and good.exact and is_perfect(game, fold) is True


def test_with_no_gain_from_trembles_both_are_perfect():
    game = trembles(0)
    for cell in ((0, 0, 0), (1, 0, 0)):
        verdict = nplayer_perfection(game, game.pure_profile(cell))
        assert verdict.perfect is True and verdict.exact


def test_weakly_dominated_strategy_is_not_perfect():
    # Ann's Hold pays 0 everywhere; Fold pays 1 when Ben and Cal both stray, else 0.
    zeros = np.zeros((2, 2, 2), dtype=int)
    ann = zeros.copy()
    ann[1, 1, 1] = 1
    ben = zeros.copy()
    ben[:, 0, :] = 1
    cal = zeros.copy()
    cal[:, :, 0] = 1
    game = NormalFormGame.from_arrays(ann, ben, cal)
    verdict = nplayer_perfection(game, game.pure_profile((0, 0, 0)))
    assert verdict.perfect is False and verdict.exact and "dominated" in verdict.basis


def test_regular_and_completely_mixed():
    game = volunteers()
    assert nplayer_perfection(game, HALF).basis == "completely mixed"
    assert is_regular(game, TWO_MIX)
    regular = nplayer_perfection(game, TWO_MIX)
    assert regular.perfect is True and regular.exact and regular.basis.startswith("regular")
    assert not is_regular(trembles(), trembles().pure_profile((0, 0, 0)))


def test_mixed_equilibrium_with_a_tie_is_not_perfect():
    # Cid's Volunteer worth exactly 3/4 more: Cid ties at TWO_MIX (not regular). Ann and Ben mix,
    # so against any trembles w_Ben w_Cid = w_Ann w_Cid = 1/4 (w: probability of Wait); once Cid
    # trembles (w_Cid < 1) both w_Ann and w_Ben exceed 1/4, so w_Ann w_Ben > 1/16 and Cid's Wait
    # (4 - 4 w_Ann w_Ben) falls below Volunteer (15/4): no completely mixed profile near it works.
    game = volunteers(cid_bonus=F(3, 4))
    profile = profile_of(game, [(F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)), (0, 1)])
    assert game.regret(profile) == 0 and not is_regular(game, profile)
    assert dominated_player(game, profile) is None
    verdict = nplayer_perfection(game, profile)
    assert verdict.perfect is False and not verdict.exact and verdict.cell() == "no (numerical)"


def test_mixed_equilibrium_with_a_tie_can_be_perfect():
    # Cid's Volunteer pays exactly what Wait pays at every profile: Cid ties at TWO_MIX (not
    # regular) but is indifferent against every tremble, so perturbed equilibria converge to it.
    game = volunteers()
    u = game.payoffs.copy()
    u[2, :, :, 0] = u[2, :, :, 1]
    indifferent = NormalFormGame.from_arrays(*u, players=game.players, strategies=game.strategies)
    assert indifferent.regret(TWO_MIX) == 0 and not is_regular(indifferent, TWO_MIX)
    verdict = nplayer_perfection(indifferent, TWO_MIX)
    assert verdict.perfect is True and "epsilon-perturbed" in verdict.basis


# -- the report --------------------------------------------------------------------------------
def test_stability_report_for_three_players():
    parametric = load_game(VOLUNTEERS)
    game = parametric.at()
    report = stability_report(game, solve(game), parametric=parametric, dynamics=False, qre=False)
    mixed = [e for e in report.equilibria if not e.pure]
    assert len(mixed) == 4 and all(e.radius is not None and e.perfect is True for e in mixed)
    assert all(e.margins for e in mixed)
    assert any("continued equilibrium" in n for n in report.notes)
    json.dumps(report.to_dict())
    trembling = load_game(TREMBLES)
    rows = stability_report(trembling.at(), solve(trembling.at()), dynamics=False, qre=False).rows()
    perfect_column = report.columns.index("Perfect")
    assert [r[perfect_column] for r in rows] == ["no", "yes"]


def test_convenience_report_on_three_player_games(tmp_path):
    from convenience.cli import app

    result = CliRunner().invoke(app, ["report", str(TREMBLES), str(VOLUNTEERS), "-o", str(tmp_path),
                                      "--samples", "200", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "three_player_trembles.md").read_text()
    stability = text[text.index("## Stability"):text.index("## Sensitivity")]
    assert "| E1 | Hold | Back | Join | pure |" in text  # E1 is Ann: Hold; Ben: Back; Cal: Join
    assert "| E1 | no | 0 |" in stability
    assert "strictly better against every completely mixed profile near it" in stability
    volunteers_text = (tmp_path / "volunteers.md").read_text()
    assert "raising Ann's payoff at (Volunteer, Volunteer, Volunteer) by 1.333" in volunteers_text


def test_float_games_get_the_same_verdicts_marked_numerical():
    for exact in (volunteers(), trembles()):
        floats = NormalFormGame.from_arrays(*exact.float_payoffs(), players=exact.players,
                                            strategies=exact.strategies)
        for eq in solve(exact).equilibria:
            profile = tuple(np.asarray(x, dtype=float) for x in eq.profile)
            exact_verdict, float_verdict = nplayer_perfection(exact, eq.profile), nplayer_perfection(floats, profile)
            assert float_verdict.perfect == exact_verdict.perfect
            assert not float_verdict.exact or float_verdict.basis == "completely mixed"
            exact_change, _ = nplayer_radius(exact, eq.profile)
            float_change, _ = nplayer_radius(floats, profile)
            assert float(float_change.amount) == pytest.approx(float(exact_change.amount), abs=1e-8)
            assert not float_change.exact


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 100_000))
def test_pure_verdicts_checked_against_sampled_trembles(seed):
    # Small integer payoffs make ties (weak equilibria) common. "Not perfect" must show at small
    # random completely mixed profiles (some player's equilibrium strategy is not a best reply);
    # "perfect" by a line certificate must hold along that line at a small step.
    from convenience.analysis.stability.perfection import _line_certificate
    from convenience.analysis.stability.support_system import against

    rng = np.random.default_rng(seed)
    game = NormalFormGame.from_arrays(*rng.integers(0, 3, size=(3, 2, 2, 2)))
    u = game.float_payoffs()
    for cell in np.ndindex(*game.shape):
        profile = game.pure_profile(cell)
        if game.regret(profile) != 0:
            continue
        verdict = nplayer_perfection(game, profile)
        if verdict.perfect is False and verdict.exact and "weakly dominated" not in verdict.basis:
            for _ in range(5):
                step = 10.0 ** rng.uniform(-7, -5)
                tau = []
                for j, m in enumerate(game.shape):
                    t = rng.uniform(0.1, 1.0, m) * step
                    t[cell[j]] = 0.0
                    t[cell[j]] = 1.0 - t.sum()
                    tau.append(t)
                best = [against(u[i], tau, i) for i in range(3)]
                assert any(b[cell[i]] < b.max() - 1e-15 for i, b in enumerate(best))
        if verdict.perfect is True and verdict.basis.startswith("a best reply against completely mixed"):
            uniform = [[1] * m for m in game.shape]
            if _line_certificate(game, cell, uniform):
                delta = 1e-4
                tau = [np.full(m, delta / m) + (1 - delta) * np.eye(m)[cell[j]] for j, m in enumerate(game.shape)]
                best = [against(u[i], tau, i) for i in range(3)]
                assert all(b[cell[i]] >= b.max() - 1e-12 for i, b in enumerate(best))
