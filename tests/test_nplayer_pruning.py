"""Ruling support profiles out never loses an equilibrium; linear elimination agrees with
Groebner bases; the numerical method finds a subset of what exact enumeration finds."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from convenience.normal_form import NormalFormGame
from convenience.solvers.nplayer import beaten_by_two, nplayer_numeric, nplayer_support_enumeration
from convenience.solvers.nplayer_systems import accept_candidate, accept_rational
from convenience.solvers.nplayer_prune import correlated_infeasible, integer_payoffs, weakly_beaten

SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def small_games(draw, low=-3, high=3):
    """Random 2x2x2 or 3x2x2 integer games; a narrow range makes ties (degeneracy) common."""
    shape = draw(st.sampled_from([(2, 2, 2), (3, 2, 2), (2, 3, 2)]))
    size = int(np.prod(shape))
    arrays = [np.array(draw(st.lists(st.integers(low, high), min_size=size, max_size=size))).reshape(shape)
              for _ in range(3)]
    return NormalFormGame.from_arrays(*arrays)


def summary(result):
    """What must not change: the equilibria and the continua (support and dimension)."""
    return ({e.key() for e in result.equilibria},
            sorted((c.supports, c.dimension) for c in result.components))


@SETTINGS
@given(small_games())
def test_pruning_and_elimination_never_change_the_answer(game):
    fast = nplayer_support_enumeration(game)
    plain = nplayer_support_enumeration(game, prune=False, eliminate=False)
    assert summary(fast) == summary(plain)
    for e in fast.equilibria:
        if e.exact:
            assert game.regret(e.profile) == 0
    for c in fast.components:
        assert c.interior is not None and game.regret(c.interior.profile) == 0


@SETTINGS
@given(small_games(low=-60, high=60))
def test_numerical_equilibria_are_among_the_exact_ones(game):
    exact = nplayer_support_enumeration(game)
    assume(not exact.components)  # points inside a continuum are not in the list of extremes
    numeric = nplayer_numeric(game, seed=0, starts=3)
    known = [tuple(np.asarray(x, dtype=float) for x in e.profile) for e in exact.equilibria]
    for e in numeric.equilibria:
        assert any(all(np.allclose(np.asarray(a, dtype=float), b, atol=1e-6) for a, b in zip(e.profile, p))
                   for p in known)


def test_the_certificate_rules_out_a_support_only_with_proof():
    # Ann's payoffs: Up pays 1 against every opponents' profile, Down pays 0. No distribution
    # over the others' supports makes Ann indifferent between Up and Down, so the support
    # {Up, Down} is ruled out; {Up} is not (Up is a best reply everywhere).
    A = np.zeros((2, 2, 2), dtype=object)
    A[0] = F(1)
    A[1] = F(0)
    payoffs = np.array([A, A, A])
    floats = payoffs.astype(float)
    both = ((0, 1), (0, 1), (0, 1))
    assert correlated_infeasible(payoffs, floats, 0, both, {})
    assert not correlated_infeasible(payoffs, floats, 0, ((0,), (0, 1), (0, 1)), {})
    # a fully indifferent player is never ruled out
    zeros = np.zeros((3, 2, 2, 2), dtype=object)
    zeros[...] = F(0)
    assert not correlated_infeasible(zeros, zeros.astype(float), 0, both, {})


def test_pruning_keeps_the_mixed_equilibrium_of_a_cyclic_game():
    # Jordan's cyclic matching pennies: the unique equilibrium is fully mixed, so its support
    # profile must survive every test.
    arrays = [np.zeros((2, 2, 2), dtype=int) for _ in range(3)]
    for a in range(2):
        for b in range(2):
            for c in range(2):
                arrays[0][a, b, c], arrays[1][a, b, c], arrays[2][a, b, c] = a == b, b == c, c != a
    result = nplayer_support_enumeration(NormalFormGame.from_arrays(*arrays))
    assert [[tuple(x) for x in e.profile] for e in result.equilibria] == [[(F(1, 2), F(1, 2))] * 3]


def test_auto_bounds_exact_enumeration_by_players_and_support_profiles():
    from convenience.solvers import choose_method

    def method(shape):
        return choose_method(NormalFormGame.from_arrays(*[np.zeros(shape, dtype=int)] * len(shape)))

    for shape in [(2, 2, 2), (3, 3, 3), (4, 4, 2), (5, 3, 2), (2, 2, 2, 2), (3, 2, 2, 2)]:
        assert method(shape) == "support-enumeration", shape
    # 735 and 441 support profiles; five players (the full-support system is out of reach)
    for shape in [(4, 3, 3), (3, 3, 2, 2), (2, 2, 2, 2, 2)]:
        assert method(shape) == "numerical", shape


@st.composite
def tree_forms(draw):
    """The reduced normal form of a three-player tree with random integer leaves: Ann plays
    Left or Right (the end); after Left, Bob plays Stop or Go; after Go, Cy plays In or Out.
    Whoever does not move on the path is indifferent there: the form is degenerate."""
    leaves = [draw(st.lists(st.integers(-2, 2), min_size=3, max_size=3)) for _ in range(4)]
    arrays = [np.zeros((2, 2, 2), dtype=int) for _ in range(3)]
    for a in range(2):
        for b in range(2):
            for c in range(2):
                leaf = 3 if a == 1 else 0 if b == 0 else 1 + c
                for p in range(3):
                    arrays[p][a, b, c] = leaves[leaf][p]
    return NormalFormGame.from_arrays(*arrays)


def everything(result):
    """The whole answer: equilibria, continua (descriptions included) and notes."""
    return ([e.to_dict() for e in result.equilibria], [c.to_dict() for c in result.components], result.notes)


@SETTINGS
@given(tree_forms())
def test_weak_dominance_on_supports_never_changes_a_tree_form_answer(game):
    assert everything(nplayer_support_enumeration(game)) == everything(
        nplayer_support_enumeration(game, prune=False))


def test_weak_dominance_rules_out_a_support_whose_node_is_never_reached():
    # Ann ends the game (Right) for sure: Cy's In and Out pay the same to everyone, Bob's Go
    # and Stop too. Bob mixing both with Cy playing In at positive odds is fine, but Ann's
    # Left pays 1 < 2 against every profile: Right weakly beats Left on any supports.
    arrays = [np.zeros((2, 2, 2), dtype=int) for _ in range(3)]
    arrays[0][0] = 1
    arrays[0][1] = 2
    payoffs = integer_payoffs(np.array([a.astype(object) for a in arrays]))
    assert payoffs.dtype == np.int64
    assert weakly_beaten(payoffs, ((0, 1), (0,), (0,)))  # Left in Ann's support
    assert not weakly_beaten(payoffs, ((1,), (0, 1), (0, 1)))  # the others are indifferent
    # strictly somewhere is required: equal rows beat nothing
    assert not weakly_beaten(integer_payoffs(np.zeros((3, 2, 2, 2), dtype=object)), ((0, 1),) * 3)


def test_integer_scaling_keeps_the_order_of_fractional_payoffs():
    payoffs = np.array([F(1, 3), F(-1, 2), F(5, 6)], dtype=object)
    assert integer_payoffs(payoffs).tolist() == [2, -3, 5]


def _beaten_somewhere(table, row, a, b) -> bool:
    """Reference for ``beaten_by_two``: the weights at which the mixture ties the row in some
    column split [0, 1] into pieces; the mixture beats the row at some weight exactly when it
    does at a piece's end or middle."""
    cuts = {F(0), F(1)}
    for x, y, z in zip(table[a], table[b], table[row]):
        if x != y:
            w = (z - y) / (x - y)
            if 0 <= w <= 1:
                cuts.add(w)
    cuts = sorted(cuts)
    tries = cuts + [(u + v) / 2 for u, v in zip(cuts, cuts[1:])]
    return any(all(w * x + (1 - w) * y > z for x, y, z in zip(table[a], table[b], table[row])) for w in tries)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 5), st.lists(st.integers(-4, 4), min_size=15, max_size=15))
def test_a_mixture_of_two_beats_a_strategy_exactly_when_some_weight_does(columns, values):
    table = np.array([F(v) for v in values[:3 * columns]], dtype=object).reshape(3, columns)
    assert beaten_by_two(table, 0, 1, 2) == _beaten_somewhere(table, 0, 1, 2)


def test_a_mixture_of_two_that_only_ties_does_not_beat():
    table = np.array([[F(1), F(1)], [F(2), F(0)], [F(0), F(2)]], dtype=object)
    assert not beaten_by_two(table, 0, 1, 2)  # the half-half mixture only ties (1, 1)
    table[0] = [F(1, 2), F(1, 2)]
    assert beaten_by_two(table, 0, 1, 2)


@SETTINGS
@given(small_games(), st.integers(0, 10**6))
def test_a_rational_candidate_is_accepted_as_the_symbolic_check_accepts_it(game, seed):
    import sympy

    rng = np.random.default_rng(seed)
    supports, profile = [], []
    for m in game.shape:
        size = int(rng.integers(1, m + 1))
        S = tuple(sorted(int(s) for s in rng.choice(m, size, replace=False)))
        weights = [F(int(rng.integers(-1, 4)), 3) for _ in S]  # sometimes zero or negative
        x = np.array([F(0)] * m, dtype=object)
        for s, w in zip(S[1:], weights[1:]):
            x[s] = w
        x[S[0]] = 1 - sum(x[s] for s in S[1:])
        supports.append(S)
        profile.append(x)
    exact = game.payoffs
    symbolic = np.vectorize(lambda v: sympy.Rational(v.numerator, v.denominator), otypes=[object])(exact)
    candidate = [np.array([sympy.Rational(v.numerator, v.denominator) for v in x], dtype=object) for x in profile]
    fast = accept_rational(exact, supports, [x.copy() for x in profile])
    slow = accept_candidate(game, exact, symbolic, supports, candidate, [])
    assert (fast is None) == (slow is None)
    if fast is not None:
        assert all(list(a) == list(b) for a, b in zip(fast, slow))
