"""Monte Carlo robustness and ordinal games: frequencies match known region volumes, runs reproduce."""

from __future__ import annotations

import numpy as np
import pytest

from convenience.analysis.sensitivity.analyze import analyze
from convenience.analysis.montecarlo.robustness import wilson_interval
from convenience.spec import loads

# Stag Hunt with h uniform on [0, 10] and s = 4 fixed: Stag/Stag is an equilibrium iff h <= 4,
# the mixture iff 0 < h < 4, Hare/Hare always: shares 0.4, 0.4 and 1.
STAG_HUNT = """
title: Stag Hunt
players:
  Row: [Stag, Hare]
  Col: [Stag, Hare]
parameters:
  s: {value: 4}
  h: {value: 3, range: [0, 10]}
payoffs:
  Stag: {Stag: [s, s], Hare: [0, h]}
  Hare: {Stag: [h, 0], Hare: [h, h]}
"""


def _frequency(report, label):
    return report.monte_carlo.frequency(label)


def test_wilson_interval_textbook_values():
    lo, hi = wilson_interval(50, 100)
    assert lo == pytest.approx(0.4038, abs=1e-4) and hi == pytest.approx(0.5962, abs=1e-4)
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0


def test_monte_carlo_share_matches_the_exact_length_ratio():
    report = analyze(loads(STAG_HUNT), samples=20_000, seed=7)
    stag = _frequency(report, "Stag/Stag")
    lo, hi = stag.interval
    assert lo <= 0.4 <= hi
    mixed = _frequency(report, "mixed(Stag+Hare / Stag+Hare)")
    assert mixed.interval[0] <= 0.4 <= mixed.interval[1]
    assert _frequency(report, "Hare/Hare").share == 1.0


def test_two_uniform_parameters_give_the_triangle_area():
    game = loads(STAG_HUNT.replace("s: {value: 4}", "s: {value: 4, range: [0, 10]}"))
    report = analyze(game, samples=20_000, seed=3)
    stag = _frequency(report, "Stag/Stag")  # P(h <= s) = 1/2
    assert stag.interval[0] <= 0.5 <= stag.interval[1]


def test_triangular_and_beta_distributions_hit_their_known_cdfs():
    # triangular on [0, 10] with mode 3: P(h <= 4) = 1 - 6^2 / (10 * 7)
    tri = loads(STAG_HUNT.replace("h: {value: 3, range: [0, 10]}",
                                  "h: {value: 3, range: [0, 10], distribution: {type: triangular}}"))
    f = _frequency(analyze(tri, samples=20_000, seed=1), "Stag/Stag")
    expected = 1 - 36 / 70
    assert f.interval[0] <= expected <= f.interval[1]
    # beta(2, 2) scaled to [0, 10]: P(h <= 4) = I_0.4(2, 2) = 3(0.4)^2 - 2(0.4)^3
    beta = loads(STAG_HUNT.replace("h: {value: 3, range: [0, 10]}",
                                   "h: {value: 3, range: [0, 10], distribution: {type: beta, a: 2, b: 2}}"))
    f = _frequency(analyze(beta, samples=20_000, seed=1), "Stag/Stag")
    expected = 3 * 0.4 ** 2 - 2 * 0.4 ** 3
    assert f.interval[0] <= expected <= f.interval[1]


def test_truncated_normal_stays_in_range_and_is_symmetric():
    from convenience.analysis.montecarlo.distributions import Distribution

    d = Distribution("h", "normal", 5.0, 0.0, 10.0, sd=4.0)
    x = d.sample(np.random.default_rng(0), 50_000)
    assert x.min() >= 0.0 and x.max() <= 10.0
    assert abs(np.mean(x <= 5.0) - 0.5) < 0.01


def test_same_seed_same_answer_different_seed_different_sample():
    game = loads(STAG_HUNT)
    a = analyze(game, samples=30_000, seed=11).monte_carlo.to_dict()
    b = analyze(game, samples=30_000, seed=11).monte_carlo.to_dict()
    c = analyze(game, samples=30_000, seed=12).monte_carlo.to_dict()
    assert a == b
    assert a["equilibria"] != c["equilibria"]


def test_two_worker_processes_give_the_serial_answer():
    game = loads(STAG_HUNT)
    serial = analyze(game, samples=60_000, seed=5, noise=0.05).monte_carlo.to_dict()
    parallel = analyze(game, samples=60_000, seed=5, noise=0.05, workers=2).monte_carlo.to_dict()
    assert serial == parallel


def test_dask_cluster_gives_the_serial_answer():
    distributed = pytest.importorskip("distributed")
    game = loads(STAG_HUNT)
    serial = analyze(game, samples=60_000, seed=9).monte_carlo.to_dict()
    with distributed.LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        by_client = analyze(game, samples=60_000, seed=9, scheduler=client).monte_carlo.to_dict()
        by_address = analyze(game, samples=60_000, seed=9, scheduler=cluster.scheduler_address).monte_carlo.to_dict()
    assert serial == by_client == by_address


def test_payoff_noise_blurs_a_knife_edge():
    # at h = s = 4 exactly both pure equilibria hold; with independent noise on every payoff each
    # player's condition s + e1 >= h + e2 holds with probability 1/2, so Stag/Stag with 1/4
    game = loads(STAG_HUNT.replace("h: {value: 3, range: [0, 10]}", "h: {value: 4}"))
    report = analyze(game, samples=20_000, seed=2, noise=0.1)
    stag = _frequency(report, "Stag/Stag")
    assert stag.interval[0] <= 0.25 <= stag.interval[1]
    assert any("noise" in n for n in report.monte_carlo.notes)


def test_ordinal_prisoners_dilemma_and_chicken():
    pd = loads("""
title: Ordinal PD
payoff_scale: ordinal
players:
  Row: [C, D]
  Col: [C, D]
payoffs:
  C: {C: [3, 3], D: [1, 4]}
  D: {C: [4, 1], D: [2, 2]}
""")
    result = analyze(pd, samples=5_000).ordinal
    assert result.holding("all") == ("D/D",)
    assert set(result.holding("none")) == {"C/C", "C/D", "D/C"}
    chicken = loads("""
title: Ordinal Chicken
payoff_scale: ordinal
players:
  Row: [Swerve, Straight]
  Col: [Swerve, Straight]
payoffs:
  Swerve: {Swerve: [3, 3], Straight: [2, 4]}
  Straight: {Swerve: [4, 2], Straight: [1, 1]}
""")
    result = analyze(chicken, samples=5_000).ordinal
    assert set(result.holding("all")) == {"Swerve/Straight", "Straight/Swerve",
                                          "mixed(Swerve+Straight / Swerve+Straight)"}


def test_ordinal_mixed_equilibrium_can_depend_on_cardinal_values():
    # Row's ranking pins only the order; whether the 3x3 game has a given mixed equilibrium varies
    from convenience.analysis.sensitivity.ordinal import sample_cardinal

    ranks = np.array([[[3, 1], [2, 2]], [[1, 3], [3, 1]]], dtype=float)
    payoffs = sample_cardinal(ranks, np.random.default_rng(0), 1000)
    # ties stay ties, order stays order, for every sample
    assert np.all(payoffs[0, 1, 0] == payoffs[0, 1, 1])
    assert np.all(payoffs[0, 0, 0] > payoffs[0, 1, 0]) and np.all(payoffs[0, 1, 0] > payoffs[0, 0, 1])


def test_progress_is_reported_per_chunk():
    calls = []
    analyze(loads(STAG_HUNT), samples=60_000, seed=1, progress=lambda stage, done, total: calls.append((stage, done, total)))
    chunks = [c for c in calls if c[0] == "Monte Carlo"]
    assert chunks[-1][1:] == (3, 3)  # 60,000 samples in chunks of 25,000
