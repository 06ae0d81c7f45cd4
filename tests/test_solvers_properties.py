"""Properties of the two-player solvers on random games (hypothesis, seeded by its examples)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings, strategies as st

from convenience.normal_form import NormalFormGame
from convenience.solvers.dominance import dominance
from convenience.solvers.lemke_howson import lemke_howson
from convenience.solvers.support_enumeration import support_enumeration
from convenience.solvers.vertex_enumeration import vertex_enumeration

SETTINGS = settings(deadline=None, max_examples=40)


@st.composite
def integer_games(draw, max_size=4, low=-3, high=3):
    """Small integer games: ties are frequent, so many of them are degenerate."""
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    cell = st.integers(low, high)
    A = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    return NormalFormGame.from_arrays(A, B)


@st.composite
def float_games(draw, max_size=5):
    """Random float games (nondegenerate with probability one)."""
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return NormalFormGame.from_arrays(rng.random((m, n)), rng.random((m, n)))


def exact_set(result):
    return {tuple(tuple(Fraction(v) for v in x) for x in e.profile) for e in result.equilibria}


def rounded_set(profiles, digits=7):
    return {tuple(tuple(round(float(v), digits) + 0.0 for v in x) for x in p) for p in profiles}


@SETTINGS
@given(integer_games())
def test_exact_methods_agree_and_every_profile_is_an_equilibrium(g):
    a = support_enumeration(g)
    b = vertex_enumeration(g)
    assert exact_set(a) == exact_set(b)
    assert a.equilibria, "every finite game has an equilibrium"
    for eq in a.equilibria + b.equilibria:
        assert eq.exact and eq.regret == 0 and g.regret(eq.profile) == 0
        for x in eq.profile:
            assert sum(x) == 1 and all(v >= 0 for v in x)


@SETTINGS
@given(integer_games())
def test_components_cover_the_extreme_equilibria_and_are_convex(g):
    result = vertex_enumeration(g)
    if not result.components:
        assert not any("degenerate" in n for n in result.notes)
        return
    covered = set()
    for comp in result.components:
        X, Y = comp.row_strategies, comp.column_strategies
        # the barycentre of the Nash subset is an equilibrium (convexity)
        x = sum(X) / len(X)
        y = sum(Y) / len(Y)
        assert g.regret((x, y)) == 0
        covered |= {tuple(tuple(v for v in p) for p in e.profile) for e in comp.equilibria}
    assert covered == exact_set(result)


@SETTINGS
@given(float_games())
def test_float_support_and_vertex_enumeration_agree_with_nashpy_vertex_enumeration(g):
    import nashpy

    a = support_enumeration(g)
    b = vertex_enumeration(g)
    A, B = g.float_payoffs()
    assert rounded_set(e.profile for e in a.equilibria) == rounded_set(e.profile for e in b.equilibria)
    if min(g.shape) >= 2:  # nashpy's Qhull call needs dimension two or more
        theirs = list(nashpy.Game(A, B).vertex_enumeration())
        assert rounded_set(e.profile for e in b.equilibria) == rounded_set(theirs)
    assert len(b.equilibria) % 2 == 1  # nondegenerate games have an odd number
    for eq in b.equilibria:
        assert eq.regret <= 1e-9 * g.payoff_range()


@SETTINGS
@given(float_games(max_size=6))
def test_lemke_howson_finds_a_member_of_the_full_set(g):
    everything = rounded_set(e.profile for e in vertex_enumeration(g).equilibria)
    for label in range(sum(g.shape)):
        (eq,) = lemke_howson(g, initial_dropped_label=label).equilibria
        assert rounded_set([eq.profile]) <= everything


@SETTINGS
@given(integer_games())
def test_lemke_howson_is_exact_on_integer_games(g):
    for label in range(sum(g.shape)):
        (eq,) = lemke_howson(g, initial_dropped_label=label).equilibria
        assert eq.regret == 0


@SETTINGS
@given(integer_games(max_size=4))
def test_eliminating_strictly_dominated_strategies_keeps_the_equilibrium_set(g):
    direct = vertex_enumeration(g)
    reduced = dominance(g, then="vertex-enumeration")
    assert exact_set(reduced) == exact_set(direct)


@st.composite
def zero_sum_games(draw, max_size=5):
    m = draw(st.integers(1, max_size))
    n = draw(st.integers(1, max_size))
    cell = st.integers(-5, 5)
    A = draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    return NormalFormGame.from_arrays(A, [[-v for v in row] for row in A])


@SETTINGS
@given(zero_sum_games())
def test_lp_value_equals_every_equilibrium_payoff(g):
    from convenience.solvers.lp import lp

    (eq,) = lp(g).equilibria
    assert eq.exact and eq.regret == 0
    values = {e.payoffs[0] for e in vertex_enumeration(g).equilibria}
    assert values == {eq.payoffs[0]}  # the minimax theorem: one value for all equilibria


@SETTINGS
@given(integer_games(max_size=5, low=-50, high=50))
def test_float_path_on_an_exact_game_returns_the_exact_equilibria(g):
    exact = vertex_enumeration(g)
    fast = vertex_enumeration(g, exact=False)
    assert exact_set(fast) == exact_set(exact)
    assert all(e.exact and e.regret == 0 for e in fast.equilibria)
