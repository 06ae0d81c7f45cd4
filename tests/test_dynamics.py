"""Basins of attraction and the logit QRE limit, against exactly known answers."""

from __future__ import annotations

import numpy as np
import pytest

from convenience.analysis.stability.dynamics import basin_shares
from convenience.analysis.stability.qre import logit_path, qre_limit

PURE = [(np.array([1.0, 0.0]), np.array([1.0, 0.0])), (np.array([0.0, 1.0]), np.array([0.0, 1.0]))]


def coordination(a: float, b: float) -> np.ndarray:
    """Symmetric coordination game: a for meeting on the first strategy, b on the second."""
    m = np.array([[a, 0.0], [0.0, b]])
    return np.array([m, m.T])


@pytest.mark.parametrize("dynamics", ["replicator", "best-response"])
@pytest.mark.parametrize("a, b", [(2.0, 1.0), (1.0, 3.0)])
def test_one_population_basin_is_the_exact_interval(dynamics, a, b):
    # one population playing x (share of the first strategy): it grows iff a x > b (1 - x), so
    # the basin of the first equilibrium is x > p* = b / (a + b), of uniform measure a / (a + b)
    samples = 1200
    result = basin_shares(coordination(a, b), PURE, dynamics, samples=samples, seed=3)
    exact = a / (a + b)
    se = np.sqrt(exact * (1 - exact) / samples)
    assert result.population == "one"
    assert abs(result.shares[0] - exact) < 4 * se
    assert result.shares[0] + result.shares[1] == pytest.approx(1.0, abs=2 / samples)


def test_two_population_symmetric_split():
    # with p* = 1/2 the game is symmetric under swapping strategies: each basin is half
    samples = 1200
    result = basin_shares(coordination(1.0, 1.0), PURE, "replicator", samples=samples, seed=4, population="n")
    assert result.population == "n"
    assert abs(result.shares[0] - 0.5) < 4 * np.sqrt(0.25 / samples)


def test_best_response_two_population_basin_area():
    # two populations, p* = q* = 1/3 (a = 2, b = 1). Where p < 1/3 < q, p(t) = 1 - (1 - p0) e^-t
    # and q(t) = q0 e^-t race to their thresholds; p crosses first, and play ends at the first
    # equilibrium, iff q0 > (1 - p0) / 2. That region's share of the square [0, 1/3] x [1/3, 1]
    # is 2/9 - 1/36 = 7/36, the same by symmetry where q < 1/3 < p, and the whole corner
    # p, q > 1/3 (4/9) goes there: 16/36 + 14/36 = 5/6.
    samples = 1500
    result = basin_shares(coordination(2.0, 1.0), PURE, "best-response", samples=samples, seed=5,
                          population="n")
    exact = 5 / 6
    assert abs(result.shares[0] - exact) < 4 * np.sqrt(exact * (1 - exact) / samples)


def test_cycles_are_not_convergence():
    # matching pennies: replicator orbits are closed cycles around the mixed equilibrium,
    # best-response dynamics spiral into it (zero-sum games)
    m = np.array([[1.0, -1.0], [-1.0, 1.0]])
    half = (np.array([0.5, 0.5]), np.array([0.5, 0.5]))
    assert basin_shares(np.array([m, -m]), [half], "replicator", samples=200).shares[0] < 0.05
    assert basin_shares(np.array([m, -m]), [half], "best-response", samples=200).shares[0] > 0.95


def test_seeded_and_reproducible():
    game = coordination(2.0, 1.0)
    one = basin_shares(game, PURE, "replicator", samples=100, seed=9)
    two = basin_shares(game, PURE, "replicator", samples=100, seed=9)
    assert one == two


@pytest.mark.parametrize("stag, expected", [(4.0, 1), (7.0, 0)])
def test_qre_limit_selects_the_risk_dominant_equilibrium(stag, expected):
    # stag hunt (Stag, Hare): Stag-Stag pays `stag`, Hare pays 3 always, Stag alone 0.
    # Nash products: Stag (stag - 3)^2, Hare 3^2: Hare is risk-dominant for stag < 6, Stag above
    m = np.array([[stag, 0.0], [3.0, 3.0]])
    mixed_x = 3.0 / stag
    equilibria = PURE + [(np.array([mixed_x, 1 - mixed_x]),) * 2]
    limit = qre_limit(np.array([m, m.T]), equilibria)
    assert limit.converged and limit.selected == expected


def test_qre_path_starts_uniform_and_reaches_matching_pennies_centre():
    m = np.array([[2.0, -1.0], [-1.0, 1.0]])
    profile, lam, path, converged, _ = logit_path(np.array([m, -m]))
    assert converged and path[0][0] == 0.0
    assert np.allclose(path[0][1][0], [0.5, 0.5])
    # unique equilibrium: row mixes (2/5, 3/5), column (2/5, 3/5)
    assert np.allclose(profile[0], [0.4, 0.6], atol=1e-3) and np.allclose(profile[1], [0.4, 0.6], atol=1e-3)


def test_every_path_point_is_a_logit_equilibrium():
    rng = np.random.default_rng(12)
    u = rng.integers(-5, 6, size=(2, 3, 3)).astype(float)
    _, _, path, converged, _ = logit_path(u)
    assert converged and len(path) > 10
    for lam, (x, y) in path:
        for own, values in ((x, u[0] @ y), (y, x @ u[1])):
            logit = np.exp(lam * (values - values.max()))
            assert np.allclose(own, logit / logit.sum(), atol=1e-8)


def test_three_player_dynamics_and_qre_run():
    # unanimity game: everyone gets 1 if all play A, 2 if all play B
    u = np.zeros((3, 2, 2, 2))
    for i in range(3):
        u[i, 0, 0, 0], u[i, 1, 1, 1] = 1.0, 2.0
    a, b = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    shares = basin_shares(u, [(a, a, a), (b, b, b)], "replicator", samples=300, seed=0)
    assert shares.population == "n" and shares.shares[1] > shares.shares[0]
    assert qre_limit(u, [(a, a, a), (b, b, b)]).selected == 1
