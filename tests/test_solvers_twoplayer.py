"""Two-player solvers on textbook games: every equilibrium by value, exactly, with zero regret."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from convenience.errors import InputError
from convenience.normal_form import NormalFormGame
from convenience.solvers import solve
from convenience.solvers.components import Component, maximal_bicliques
from convenience.solvers.lemke_howson import lemke_howson
from convenience.solvers.lp import lp
from convenience.solvers.support_enumeration import support_enumeration
from convenience.solvers.vertex_enumeration import vertex_enumeration


def game(A, B, rows=None, cols=None):
    strategies = None
    if rows:
        strategies = [rows, cols]
    return NormalFormGame.from_arrays(A, B, players=["Row", "Column"], strategies=strategies)


def pure(m, k):
    return tuple(F(int(i == k)) for i in range(m))


third = (F(1, 3),) * 3

# (id, A, B, expected equilibria as ((x...), (y...)) in any order)
CASES = [
    ("prisoners-dilemma", [[3, 0], [5, 1]], [[3, 5], [0, 1]], [(pure(2, 1), pure(2, 1))]),
    ("battle-of-the-sexes", [[2, 0], [0, 1]], [[1, 0], [0, 2]],
     [(pure(2, 0), pure(2, 0)), (pure(2, 1), pure(2, 1)), ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))]),
    ("chicken", [[0, -1], [1, -10]], [[0, 1], [-1, -10]],
     [(pure(2, 0), pure(2, 1)), (pure(2, 1), pure(2, 0)), ((F(9, 10), F(1, 10)), (F(9, 10), F(1, 10)))]),
    ("stag-hunt", [[4, 0], [3, 3]], [[4, 3], [0, 3]],
     [(pure(2, 0), pure(2, 0)), (pure(2, 1), pure(2, 1)), ((F(3, 4), F(1, 4)), (F(3, 4), F(1, 4)))]),
    ("matching-pennies", [[1, -1], [-1, 1]], [[-1, 1], [1, -1]], [((F(1, 2),) * 2, (F(1, 2),) * 2)]),
    ("rock-paper-scissors", [[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
     [(third, third)]),
    ("shapley", [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[0, 1, 0], [0, 0, 1], [1, 0, 0]], [(third, third)]),
    ("one-row", [[1, 5, 2]], [[0, 3, 2]], [(pure(1, 0), pure(3, 1))]),
]
ALL_METHODS = ["support-enumeration", "vertex-enumeration"]


def profile_key(eq):
    return tuple(tuple(F(v) for v in x) for x in eq.profile)


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("name,A,B,expected", CASES, ids=[c[0] for c in CASES])
def test_all_equilibria_exact(name, A, B, expected, method):
    result = solve(game(A, B), method=method)
    assert result.method == method
    assert sorted(profile_key(e) for e in result.equilibria) == sorted(expected)
    for eq in result.equilibria:
        assert eq.exact and eq.regret == 0
        assert all(isinstance(v, F) for x in eq.profile for v in x)
    assert result.components == ()  # nondegenerate: isolated equilibria
    assert any("found" in n for n in result.notes)


@pytest.mark.parametrize("method", ALL_METHODS)
@pytest.mark.parametrize("name,A,B,expected", CASES, ids=[c[0] for c in CASES])
def test_all_equilibria_float(name, A, B, expected, method):
    g = game(np.array(A, dtype=float), np.array(B, dtype=float))
    result = solve(g, method=method)
    got = sorted(tuple(tuple(round(float(v), 9) for v in x) for x in e.profile) for e in result.equilibria)
    want = sorted(tuple(tuple(round(float(v), 9) for v in x) for x in p) for p in expected)
    assert got == want
    assert all(e.regret <= 1e-9 * g.payoff_range() for e in result.equilibria)


@pytest.mark.parametrize("name,A,B,expected", CASES, ids=[c[0] for c in CASES])
def test_lemke_howson_reaches_an_equilibrium_from_every_label(name, A, B, expected):
    g = game(A, B)
    for label in range(sum(g.shape)):
        result = lemke_howson(g, initial_dropped_label=label)
        assert len(result.equilibria) == 1
        assert profile_key(result.equilibria[0]) in expected
        assert result.equilibria[0].regret == 0
        assert result.options["initial_dropped_label"] == label


def test_lemke_howson_rejects_a_label_out_of_range():
    with pytest.raises(InputError, match="initial_dropped_label"):
        lemke_howson(game([[1, 0], [0, 1]], [[1, 0], [0, 1]]), initial_dropped_label=4)


@pytest.mark.parametrize("name", ["matching-pennies", "rock-paper-scissors"])
def test_lp_zero_sum_value_and_exact_strategies(name):
    _, A, B, expected = next(c for c in CASES if c[0] == name)
    result = lp(game(A, B))
    assert [profile_key(e) for e in result.equilibria] == expected
    assert result.equilibria[0].regret == 0
    assert any("value of the game" in n and n.endswith(": 0") for n in result.notes)


def test_lp_value_of_a_biased_zero_sum_game():
    # row: Top pays 3 against Left, -1 against Right; Bottom -2 and 4: value 1, x = (3/5, 2/5)
    A = [[3, -1], [-2, 4]]
    result = lp(game(A, [[-v for v in row] for row in A]))
    eq = result.equilibria[0]
    assert tuple(eq.profile[0]) == (F(3, 5), F(2, 5)) and tuple(eq.profile[1]) == (F(1, 2), F(1, 2))
    assert eq.payoffs[0] == 1
    assert any(n.endswith("Row: 1") for n in result.notes)


def test_lp_refuses_a_non_zero_sum_game():
    with pytest.raises(InputError, match="zero-sum"):
        lp(game([[2, 0], [0, 1]], [[1, 0], [0, 2]]))


def test_two_player_methods_refuse_three_players():
    g = NormalFormGame.from_arrays(*[np.zeros((2, 2, 2), dtype=int)] * 3)
    for fn in (vertex_enumeration, lemke_howson, lp):
        with pytest.raises(InputError, match="2-player"):
            fn(g)


# ------------------------------------------------------------------ degenerate games
def test_continuum_is_reported_as_one_component():
    # Top strictly dominates for Row; Column is indifferent when Row plays Top:
    # every (Top, y) is an equilibrium, a segment with extreme points Left and Right.
    g = game([[1, 1], [0, 0]], [[1, 1], [0, 0]], ["Top", "Bottom"], ["Left", "Right"])
    for method in ALL_METHODS:
        result = solve(g, method=method)
        assert sorted(profile_key(e) for e in result.equilibria) == sorted([
            (pure(2, 0), pure(2, 1)), (pure(2, 0), pure(2, 0))])
        assert len(result.components) == 1
        comp = result.components[0]
        assert isinstance(comp, Component)
        assert [tuple(x) for x in comp.row_strategies] == [pure(2, 0)]
        assert sorted(tuple(y) for y in comp.column_strategies) == sorted([pure(2, 0), pure(2, 1)])
        assert "degenerate" in " ".join(result.notes)
        assert "Row's strategy Top has support of size 1 but 2 pure best responses" in " ".join(result.notes)
        assert comp.to_dict()["extreme_strategies"]["Column"] == [{"Left": 1}, {"Right": 1}] or \
            comp.to_dict()["extreme_strategies"]["Column"] == [{"Right": 1}, {"Left": 1}]


VON_STENGEL_DEGENERATE = ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])


@pytest.mark.parametrize("method", ALL_METHODS)
def test_every_mixture_inside_a_component_is_an_equilibrium(method):
    g = game(*VON_STENGEL_DEGENERATE)
    result = solve(g, method=method)
    assert result.components, result.notes
    assert any(len(c.equilibria) > 1 for c in result.components)
    covered = set()
    for comp in result.components:
        for x1 in comp.row_strategies:
            for x2 in comp.row_strategies:
                for y1 in comp.column_strategies:
                    for y2 in comp.column_strategies:
                        x = (x1 + x2) / 2
                        y = (F(1, 3) * y1 + F(2, 3) * y2)
                        assert g.regret((x, y)) == 0
        covered |= {profile_key(e) for e in comp.equilibria}
    assert covered == {profile_key(e) for e in result.equilibria}


def test_support_and_vertex_enumeration_agree_on_the_degenerate_example():
    g = game(*VON_STENGEL_DEGENERATE)
    a = support_enumeration(g)
    b = vertex_enumeration(g)
    assert {profile_key(e) for e in a.equilibria} == {profile_key(e) for e in b.equilibria}
    assert [c.description for c in a.components] == [c.description for c in b.components]


def test_degenerate_float_game_is_solved_exactly():
    g = game(np.array([[1.0, 1.0], [0.0, 0.0]]), np.array([[1.0, 1.0], [0.0, 0.0]]))
    result = vertex_enumeration(g)
    assert len(result.equilibria) == 2 and len(result.components) == 1
    assert "degenerate" in " ".join(result.notes)
    assert all(not e.exact for e in result.equilibria)


def test_maximal_bicliques():
    # 0-a, 0-b, 1-b: maximal bicliques {0}x{a,b} and {0,1}x{b}
    got = maximal_bicliques({(0, "a"), (0, "b"), (1, "b")})
    assert sorted((sorted(s), sorted(t)) for s, t in got) == [([0], ["a", "b"]), ([0, 1], ["b"])]


def test_auto_on_a_float_game_uses_the_float_double_description():
    rng = np.random.default_rng(7)
    g = NormalFormGame.from_arrays(rng.random((5, 5)), rng.random((5, 5)))
    result = solve(g)
    assert result.method == "vertex-enumeration"
    assert any("listed by double description" in n for n in result.notes)
    assert len(result.equilibria) % 2 == 1


def test_cross_check_option_runs_lemke_howson():
    rng = np.random.default_rng(8)
    g = NormalFormGame.from_arrays(rng.random((4, 6)), rng.random((4, 6)))
    result = vertex_enumeration(g, cross_check=True)
    assert any("cross-checked by Lemke-Howson" in n for n in result.notes)


def test_results_serialise():
    result = solve(game(*VON_STENGEL_DEGENERATE), method="vertex-enumeration")
    data = result.to_dict()
    assert data["components"] and all("description" in c for c in data["components"])
    assert data["method"] == "vertex-enumeration"


def test_overlapping_nash_subsets_share_a_connected_set():
    # Row: Bottom weakly dominates Top (better only against Right2); Column indifferent.
    # Nash subsets: {Top, Bottom} x {L, M} and {Bottom} x {L, M, R}; they overlap in Bottom.
    g = game([[1, 1, 0], [1, 1, 1]], [[1, 1, 1], [1, 1, 1]], ["Top", "Bottom"], ["L", "M", "R"])
    for method in ALL_METHODS:
        result = solve(g, method=method)
        subsets = sorted((sorted(tuple(x) for x in c.row_strategies),
                          sorted(tuple(y) for y in c.column_strategies)) for c in result.components)
        assert subsets == sorted([
            (sorted([pure(2, 0), pure(2, 1)]), sorted([pure(3, 0), pure(3, 1)])),
            ([pure(2, 1)], sorted([pure(3, 0), pure(3, 1), pure(3, 2)])),
        ])
        assert {c.connected_set for c in result.components} == {1}
        assert len(result.equilibria) == 5


@pytest.mark.parametrize("n", [2, 3, 4])
def test_coordination_game_has_two_to_the_n_minus_one_equilibria(n):
    identity = [[int(i == j) for j in range(n)] for i in range(n)]
    exact = solve(game(identity, identity), method="vertex-enumeration")
    floats = solve(game(np.array(identity, float), np.array(identity, float)), method="vertex-enumeration")
    support = solve(game(identity, identity), method="support-enumeration")
    assert len(exact.equilibria) == len(floats.equilibria) == len(support.equilibria) == 2 ** n - 1
    # on every support S both play uniformly on S
    for eq in exact.equilibria:
        x, y = eq.profile
        k = sum(1 for v in x if v > 0)
        assert all(v in (0, F(1, k)) for v in x) and list(x) == list(y)
