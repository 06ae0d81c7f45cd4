"""Continua of equilibria in three-player games, reported as components."""

from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np

from convenience.normal_form import NormalFormGame
from convenience.report.solution import result_markdown
from convenience.solvers import solve
from convenience.solvers.nplayer import nplayer_support_enumeration
from convenience.solvers.nplayer_components import Continuum

NAMES = {"players": ["Ann", "Bob", "Cat"]}


def segment_game():
    """A pure equilibrium that extends to a segment.

    Ann (Up/Down), Bob (L/R), Cat (X/Y); Cat's payoff is always 0. Ann gets 1 from Up when Bob
    plays L and 3 from Down when Bob plays L and Cat plays Y; Bob gets 1 from L when Ann plays
    Up and 2 from R when Ann plays Up and Cat plays Y; every other payoff is 0. With Ann on Up,
    Bob on L and Cat playing Y with probability t: Ann's Up pays 1 and Down 3t, so Up is a best
    reply iff t <= 1/3; Bob's L pays 1 and R 2t, a best reply iff t <= 1/2; Cat is indifferent.
    So (Up, L, (1 - t) X + t Y) is an equilibrium exactly for 0 <= t <= 1/3: a segment with
    endpoints t = 0 (pure) and t = 1/3.

    With Ann on Down instead and Bob mixing (R with probability b), Ann's Up pays 1 - b and
    Down 3t(1 - b): Down is a best reply iff t >= 1/3 (for b < 1); Bob gets 0 whatever he does
    and Cat too, so {(Down, (1 - b) L + b R, (1 - t) X + t Y): 0 <= b <= 1, 1/3 <= t <= 1} is a
    two-dimensional continuum (a rectangle with vertices b in {0, 1}, t in {1/3, 1}).
    """
    A = np.zeros((2, 2, 2), dtype=int)
    B = np.zeros((2, 2, 2), dtype=int)
    C = np.zeros((2, 2, 2), dtype=int)
    A[0, 0, :] = 1
    A[1, 0, 1] = 3
    B[0, 0, :] = 1
    B[0, 1, 1] = 2
    return NormalFormGame.from_arrays(A, B, C, strategies=[["Up", "Down"], ["L", "R"], ["X", "Y"]], **NAMES)


def curve_game():
    """A continuum that is a curve, not a segment.

    Cat's payoff is constant. Ann's payoff difference Up - Down is -1 at (L, X), 1 at (R, Y)
    and 0 otherwise, so with b = P(Bob plays R) and c = P(Cat plays Y) it is
    -(1 - b)(1 - c) + bc = b + c - 1. Bob's difference L - R is 1 at (Down, X), -1 at (Up, Y),
    1 at (Down, Y), 0 at (Up, X): with a = P(Ann plays Down) it is a(1 - c) - (1 - a)c + ac =
    a - c + ac. All three mix when b = 1 - c and a = c / (1 + c): a curve through
    (a, b, c) = (0, 1, 0) (Up, R, X) and (1/2, 0, 1), defined for every c in [0, 1].
    """
    A = np.zeros((2, 2, 2), dtype=int)
    B = np.zeros((2, 2, 2), dtype=int)
    C = np.zeros((2, 2, 2), dtype=int)
    A[0, 0, 0], A[0, 1, 1] = -1, 1  # Up - Down, Down's payoff 0
    B[1, 0, 0], B[0, 0, 1], B[1, 0, 1] = 1, -1, 1  # L - R, R's payoff 0
    return NormalFormGame.from_arrays(A, B, C, strategies=[["Up", "Down"], ["L", "R"], ["X", "Y"]], **NAMES)


def triangle_game():
    """Cat (three strategies) is indifferent; Ann and Bob play a coordination game (2 for
    (Up, L), 1 for (Down, R), else 0) whose payoffs do not depend on Cat. Its equilibria are
    (Up, L), (Down, R) and the mixed one where Ann plays Up and Bob L with probability 1/3 (so
    the other is indifferent: 2q = 1 - q). With any mixture of Cat each is an equilibrium: three
    triangles (dimension 2), each with Cat's three pure strategies as vertices."""
    A = np.zeros((2, 2, 3), dtype=int)
    A[0, 0, :], A[1, 1, :] = 2, 1
    C = np.zeros((2, 2, 3), dtype=int)
    return NormalFormGame.from_arrays(A, A.copy(), C, strategies=[["Up", "Down"], ["L", "R"], ["X", "Y", "Z"]],
                                      **NAMES)


def components_with(result, support):
    return [c for c in result.components if c.supports == support]


def profiles(equilibria):
    return {tuple(tuple(x) for x in e.profile) for e in equilibria}


def test_a_segment_of_equilibria_is_one_component_with_exact_endpoints():
    game = segment_game()
    result = nplayer_support_enumeration(game)
    [segment] = components_with(result, (("Up",), ("L",), ("X", "Y")))
    assert isinstance(segment, Continuum) and segment.dimension == 1
    up_l = ((F(1), F(0)), (F(1), F(0)))
    assert profiles(segment.equilibria) == {up_l + ((F(1), F(0)),), up_l + ((F(2, 3), F(1, 3)),)}
    for e in segment.equilibria:
        assert e.exact and e.regret == 0 and game.regret(e.profile) == 0
    # the endpoints are equilibria of the list too
    assert profiles(segment.equilibria) <= profiles(result.equilibria)
    inside = segment.interior
    assert inside is not None and inside.regret == 0 and game.regret(inside.profile) == 0
    assert 0 < inside.profile[2][1] < F(1, 3)
    assert "0 <= t <= 1/3" in segment.parametrisation
    assert "Cat plays Y" in segment.parametrisation
    assert any("degenerate" in n and "continuum" in n for n in result.notes)


def test_a_two_dimensional_continuum_lists_its_vertices_and_an_interior_point():
    game = segment_game()
    result = nplayer_support_enumeration(game)
    [rectangle] = components_with(result, (("Down",), ("L", "R"), ("X", "Y")))
    assert rectangle.dimension == 2
    down = (F(0), F(1))
    vertices = {(down, (1 - b, b), (1 - t, t)) for b in (F(0), F(1)) for t in (F(1, 3), F(1))}
    assert vertices <= profiles(rectangle.equilibria)
    inside = rectangle.interior
    assert game.regret(inside.profile) == 0
    assert 0 < inside.profile[1][1] < 1 and F(1, 3) <= inside.profile[2][1] < 1
    assert rectangle.equations == ()
    assert rectangle.inequalities  # Ann's best reply: (1 - b)(3t - 1) >= 0 in some form


def test_a_curve_of_equilibria_is_parametrised_and_its_points_verified():
    game = curve_game()
    result = nplayer_support_enumeration(game)
    [curve] = components_with(result, (("Up", "Down"), ("L", "R"), ("X", "Y")))
    assert curve.dimension == 1
    ends = profiles(curve.equilibria)
    assert ends == {((F(1), F(0)), (F(0), F(1)), (F(1), F(0))),
                    ((F(1, 2), F(1, 2)), (F(1), F(0)), (F(0), F(1)))}
    a, b, c = (x[1] for x in curve.interior.profile)
    assert 0 < c < 1 and b == 1 - c and a == c / (1 + c)
    assert game.regret(curve.interior.profile) == 0
    assert curve.parametrisation  # every probability is a rational function of one of them


def test_a_simplex_of_an_indifferent_player_is_a_triangle():
    game = triangle_game()
    result = nplayer_support_enumeration(game)
    third = (F(1, 3), F(2, 3))
    expected = {(("Up",), ("L",)): ((F(1), F(0)), (F(1), F(0))),
                (("Down",), ("R",)): ((F(0), F(1)), (F(0), F(1))),
                (("Up", "Down"), ("L", "R")): (third, third)}
    # the edges (Cat mixing two strategies) are faces of the triangles, not reported apart
    assert sorted(c.supports[:2] for c in result.components) == sorted(expected)
    for component in result.components:
        assert component.supports[2] == ("X", "Y", "Z") and component.dimension == 2
        ann_bob = expected[component.supports[:2]]
        corners = {tuple(tuple(x) for x in e.profile) for e in component.equilibria}
        assert corners == {ann_bob + (tuple(F(int(k == j)) for k in range(3)),) for j in range(3)}
        assert all(v > 0 for v in component.interior.profile[2])
        assert game.regret(component.interior.profile) == 0
    # every pure profile (Up, L, *) and (Down, R, *) is in the equilibrium list
    pure = {e.pure_indices for e in result.equilibria if e.is_pure}
    assert pure == {(0, 0, k) for k in range(3)} | {(1, 1, k) for k in range(3)}


def test_components_render_and_serialise():
    result = solve(segment_game())
    assert result.method == "support-enumeration" and result.components
    text = result_markdown(result)
    assert "Component 1: a continuum (dimension" in text
    data = json.loads(json.dumps(result.to_dict()))
    first = data["components"][0]
    assert first["kind"] == "continuum" and first["dimension"] in (1, 2)
    assert first["extreme_equilibria"] == len(first["extreme_points"]) >= 1
    assert first["interior_point"] is not None
    numbers = sorted(c["connected_set"] for c in data["components"])
    assert numbers[0] == 1


def test_connected_sets_join_continua_sharing_an_extreme_point():
    result = nplayer_support_enumeration(segment_game())
    segment = components_with(result, (("Up",), ("L",), ("X", "Y")))[0]
    # at t = 1/3 Ann is indifferent and may mix: a segment (Up/Down, L, t = 1/3) continues it
    other = [c for c in result.components if c is not segment
             and profiles(c.equilibria) & profiles(segment.equilibria)]
    assert other and all(c.connected_set == segment.connected_set for c in other)


def test_float_games_get_the_same_components():
    exact = segment_game()
    floats = NormalFormGame(exact.players, exact.strategies, exact.float_payoffs().copy())
    a = nplayer_support_enumeration(exact)
    b = nplayer_support_enumeration(floats)
    assert sorted(c.supports for c in a.components) == sorted(c.supports for c in b.components)
    for c in b.components:
        for e in c.equilibria + (c.interior,):
            assert not e.exact and floats.regret(e.profile) <= 1e-9 * floats.payoff_range()
