"""Batch solvers agree with one-game solvers on thousands of random games."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from convenience.solvers.batch import solve_2x2, solve_2x2x2, solve_3x3
from convenience.normal_form import NormalFormGame
from convenience.solvers import solve


def _key(equilibria) -> list[tuple]:
    return sorted(tuple(np.round(np.concatenate([np.asarray(x, dtype=float) for x in e]), 7)) for e in equilibria)


def _regret(u: np.ndarray, profile) -> float:
    """Largest gain from a pure deviation, for any number of players."""
    worst = 0.0
    for i in range(u.shape[0]):
        table = np.moveaxis(u[i], i, 0)
        for j, x in reversed([(j, x) for j, x in enumerate(profile) if j != i]):
            table = table @ x
        worst = max(worst, float(table.max() - table @ profile[i]))
    return worst


def _nashpy(a: np.ndarray, b: np.ndarray) -> list[tuple]:
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(nashpy.Game(a, b).vertex_enumeration())


def _has_pure_tie_2x2(u: np.ndarray) -> bool:
    a, b = u
    return bool((a[0] == a[1]).any() or (b[:, 0] == b[:, 1]).any())


@pytest.mark.parametrize("m, solver", [(2, solve_2x2), (3, solve_3x3)])
def test_agrees_with_one_game_solver_on_random_float_games(m, solver):
    rng = np.random.default_rng(7)
    payoffs = rng.normal(size=(2, m, m, 2000))
    result = solver(payoffs)
    assert not result.degenerate.any()  # continuous payoffs: ties have probability zero
    for g in range(payoffs.shape[-1]):
        game = NormalFormGame.from_arrays(payoffs[0, ..., g], payoffs[1, ..., g])
        assert _key(result.equilibria(g)) == _key(e.profile for e in solve(game).equilibria)
        assert result.count[g] == len(result.equilibria(g))
        assert result.count[g] % 2 == 1  # nondegenerate games have an odd number of equilibria


@pytest.mark.parametrize("m, solver", [(2, solve_2x2), (3, solve_3x3)])
def test_agrees_with_nashpy_vertex_enumeration(m, solver):
    rng = np.random.default_rng(8)
    payoffs = rng.normal(size=(2, m, m, 40))
    result = solver(payoffs)
    for g in range(payoffs.shape[-1]):
        assert _key(result.equilibria(g)) == _key(_nashpy(payoffs[0, ..., g], payoffs[1, ..., g]))


@pytest.mark.parametrize("m, solver", [(2, solve_2x2), (3, solve_3x3)])
def test_agrees_with_exact_solver_on_nondegenerate_integer_games(m, solver):
    rng = np.random.default_rng(11)
    payoffs = rng.integers(-4, 5, size=(2, m, m, 400))
    result = solver(payoffs.astype(float))
    checked = 0
    for g in range(payoffs.shape[-1]):
        if result.degenerate[g]:
            continue
        game = NormalFormGame.from_arrays(payoffs[0, ..., g].tolist(), payoffs[1, ..., g].tolist())
        exact = solve(game)
        assert _key(result.equilibria(g)) == _key(e.profile for e in exact.equilibria)
        checked += 1
    assert checked > 100


def test_2x2_degenerate_flag_is_exactly_a_pure_tie():
    rng = np.random.default_rng(3)
    payoffs = rng.integers(0, 3, size=(2, 2, 2, 3000)).astype(float)
    result = solve_2x2(payoffs)
    expected = np.array([_has_pure_tie_2x2(payoffs[..., g]) for g in range(3000)])
    assert np.array_equal(result.degenerate, expected)
    # the pure equilibria of degenerate games are still all listed
    for g in np.flatnonzero(expected)[:200]:
        a, b = payoffs[0, ..., g], payoffs[1, ..., g]
        pure = {(r, c) for r in range(2) for c in range(2) if a[r, c] >= a[:, c].max() and b[r, c] >= b[r].max()}
        assert pure == set(zip(*np.nonzero(result.pure[:, :, g])))


def test_3x3_flags_a_mixture_with_three_best_replies():
    # rows 1 and 2 mixed half-half give the column player 2, 2, 2: three replies to a 2-support
    a = np.array([[3, 1, 0], [0, 2, 1], [1, 0, 3]], dtype=float)
    b = np.array([[1, 2, 3], [3, 2, 1], [0, 5, 1]], dtype=float)
    result = solve_3x3(np.array([a, b]))
    assert result.degenerate[0]
    b[2, 1] = 4  # not the cause; still degenerate
    assert solve_3x3(np.array([a, b])).degenerate[0]
    b[0] = [1, 2, 3.5]  # break the tie: the mixture now favours column 3
    assert not solve_3x3(np.array([a, b])).degenerate[0]


@settings(deadline=None, max_examples=60)
@given(st.lists(st.integers(-3, 3), min_size=8, max_size=8))
def test_2x2_listed_profiles_are_equilibria(values):
    u = np.array(values, dtype=float).reshape(2, 2, 2)
    result = solve_2x2(u)
    for profile in result.equilibria(0):
        assert _regret(u, profile) <= 1e-12
    if not result.degenerate[0]:
        game = NormalFormGame.from_arrays(u[0].astype(int).tolist(), u[1].astype(int).tolist())
        assert _key(result.equilibria(0)) == _key(e.profile for e in solve(game).equilibria)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(-3, 3), min_size=18, max_size=18))
def test_3x3_listed_profiles_are_equilibria(values):
    u = np.array(values, dtype=float).reshape(2, 3, 3)
    result = solve_3x3(u)
    for profile in result.equilibria(0):
        assert _regret(u, profile) <= 1e-12
        assert all(abs(x.sum() - 1) < 1e-12 and (x > 0).sum() >= 1 for x in profile)
    if not result.degenerate[0]:
        assert result.count[0] % 2 == 1


def _exact_2x2x2(u: np.ndarray) -> list[tuple]:
    """Independent check: every support pattern solved exactly with sympy."""
    import itertools

    import sympy

    p = sympy.symbols("p0:3")
    found = []
    for pattern in itertools.product((0, 1, "mix"), repeat=3):
        values = {p[i]: (1 if s == 0 else 0) for i, s in enumerate(pattern) if s != "mix"}
        mixing = [i for i, s in enumerate(pattern) if s == "mix"]

        def gain(i):  # player i's payoff from its first strategy minus its second
            total = 0
            for cell in itertools.product(range(2), repeat=3):
                if cell[i] != 0:
                    continue
                other = list(cell)
                other[i] = 1
                w = 1
                for j in range(3):
                    if j != i:
                        w *= p[j] if cell[j] == 0 else 1 - p[j]
                total += w * (int(u[(i,) + cell]) - int(u[(i,) + tuple(other)]))
            return sympy.expand(total)

        equations = [gain(i).subs(values) for i in mixing]
        if mixing:
            solutions = sympy.solve(equations, [p[i] for i in mixing], dict=True)
        else:
            solutions = [{}]
        for sol in solutions:
            full = {**values, **sol}
            if any(not (full[p[i]].is_real) for i in mixing):
                continue
            if any(not (0 < full[p[i]] < 1) for i in mixing):
                continue
            ok = True
            for i, s in enumerate(pattern):
                if s == "mix":
                    continue
                g = gain(i).subs(full)
                ok &= bool(g >= 0) if s == 0 else bool(g <= 0)
            if ok:
                found.append(tuple(np.array([float(full[p[i]]), 1 - float(full[p[i]])]) for i in range(3)))
    return found


def test_2x2x2_agrees_with_exact_support_enumeration():
    rng = np.random.default_rng(5)
    payoffs = rng.integers(-9, 10, size=(3, 2, 2, 2, 10))
    result = solve_2x2x2(payoffs.astype(float))
    checked = 0
    for g in range(payoffs.shape[-1]):
        if result.degenerate[g]:
            continue
        assert _key(result.equilibria(g)) == _key(_exact_2x2x2(payoffs[..., g]))
        checked += 1
    assert checked >= 4


def test_2x2x2_random_games_verified_and_odd():
    rng = np.random.default_rng(9)
    payoffs = rng.normal(size=(3, 2, 2, 2, 3000))
    result = solve_2x2x2(payoffs)
    assert not result.degenerate.any()
    assert (result.count % 2 == 1).all()
    assert result.full.any(axis=0).sum() > 10  # the quadratic branch is exercised
    for g in range(3000):
        for profile in result.equilibria(g):
            assert _regret(payoffs[..., g], profile) <= 1e-9


def test_2x2x2_pure_ties_flagged():
    u = np.zeros((3, 2, 2, 2))
    assert solve_2x2x2(u).degenerate[0]


def test_input_shape_is_checked():
    with pytest.raises(ValueError, match="shape"):
        solve_2x2(np.zeros((2, 3, 3, 4)))


def test_solve_batch_sweeps_a_parametric_game(tmp_path):
    from convenience.solvers.batch import solve_batch
    from convenience.spec import load_game

    path = tmp_path / "hunt.yaml"
    path.write_text(
        "title: Stag hunt with a variable stag value\n"
        "players:\n  Ann: [Stag, Hare]\n  Bob: [Stag, Hare]\n"
        "parameters:\n  s: {value: 4, range: [0, 8]}\n"
        "payoffs:\n"
        "  Stag:\n    Stag: [s, s]\n    Hare: [0, 3]\n"
        "  Hare:\n    Stag: [3, 0]\n    Hare: [3, 3]\n")
    game = load_game(str(path))
    values = np.linspace(0.25, 7.75, 16)  # steps of 1/2 avoid s = 3, where the game is degenerate
    result = solve_batch(game.numeric_function()(s=values))
    # (Stag, Stag) is an equilibrium iff s > 3; the mixed one puts 3/s on Stag
    assert np.array_equal(result.pure[0, 0], values > 3)
    assert np.allclose(result.p[values > 3], 3 / values[values > 3])
    assert (result.count == np.where(values > 3, 3, 1)).all() and not result.degenerate.any()
    # at s = 3 Stag and Hare tie against Stag: flagged, not guessed
    assert solve_batch(game.numeric_function()(s=np.array([3.0]))).degenerate[0]
    with pytest.raises(ValueError, match="no batch solver"):
        solve_batch(np.zeros((2, 4, 4, 3)))


def test_flagged_games_are_solved_one_at_a_time():
    from convenience.solvers.batch import solve_flagged

    # game 0: a tie gives a continuum (column indifferent); game 1: generic
    payoffs = np.stack([np.array([[[1, 1], [0, 0]], [[1, 1], [1, 1]]], dtype=float),
                        np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], dtype=float)], axis=-1)
    batch = solve_2x2(payoffs)
    assert batch.degenerate.tolist() == [True, False]
    resolved = solve_flagged(payoffs, batch)
    assert list(resolved) == [0]
    assert resolved[0].exact and any(len(c.equilibria) > 1 for c in resolved[0].components)
