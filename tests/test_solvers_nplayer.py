"""N-player solvers: exact polynomial support enumeration and the numerical method."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from convenience.errors import InputError
from convenience.normal_form import NormalFormGame
from convenience.solvers import solve
from convenience.solvers.nplayer import nplayer_numeric, nplayer_support_enumeration


def three_player(rule):
    """A 2x2x2 game from ``rule(a, b, c) -> (u1, u2, u3)``."""
    arrays = [np.zeros((2, 2, 2), dtype=int) for _ in range(3)]
    for a in range(2):
        for b in range(2):
            for c in range(2):
                for i, u in enumerate(rule(a, b, c)):
                    arrays[i][a, b, c] = u
    return NormalFormGame.from_arrays(*arrays, players=["Ann", "Bob", "Cat"],
                                      strategies=[["Heads", "Tails"]] * 3)


# Jordan (1993): Ann matches Bob, Bob matches Cat, Cat mismatches Ann. The unique
# equilibrium has everyone mix 1/2 - 1/2 (a cyclic matching-pennies argument).
JORDAN = three_player(lambda a, b, c: (int(a == b), int(b == c), int(c != a)))

# A coordination game: everyone gets 1 if all agree. Pure equilibria: all Heads, all Tails;
# plus mixed ones, all of which the exact method must find and verify.
UNANIMITY = three_player(lambda a, b, c: (int(a == b == c),) * 3)


def test_unique_mixed_equilibrium_of_a_three_player_game_exactly():
    result = nplayer_support_enumeration(JORDAN)
    assert len(result.equilibria) == 1
    eq = result.equilibria[0]
    assert [tuple(x) for x in eq.profile] == [(F(1, 2), F(1, 2))] * 3
    assert eq.exact and eq.regret == 0
    assert result.method == "support-enumeration"


def test_auto_uses_exact_support_enumeration_for_small_games():
    result = solve(JORDAN)
    assert result.method == "support-enumeration"
    assert [tuple(x) for x in result.equilibria[0].profile] == [(F(1, 2), F(1, 2))] * 3


def test_unanimity_game_every_equilibrium_verified():
    result = nplayer_support_enumeration(UNANIMITY)
    pure = {e.pure_indices for e in result.equilibria if e.is_pure}
    assert {(0, 0, 0), (1, 1, 1)} <= pure
    # three players each mixing 1/2 - 1/2 is an equilibrium by symmetry
    assert any(all(tuple(x) == (F(1, 2), F(1, 2)) for x in e.profile) for e in result.equilibria)
    for e in result.equilibria:
        assert UNANIMITY.regret(e.profile) == 0


def test_irrational_equilibrium_is_reported_as_verified_floats():
    # Ann, Bob, Cat each choose; payoffs make Ann's indifference quadratic in (q, r) = (Bob, Cat)
    # probabilities of Heads: u_Ann(H) - u_Ann(T) = 2qr - 1 and symmetric cyclic roles, so the
    # fully mixed equilibrium has q = r = p = 1/sqrt(2).
    def rule(a, b, c):
        def diff(me, x, y):
            # payoff of Heads is 2 * [x = H][y = H], of Tails is 1: indifferent when 2qr = 1
            return 2 * int(x == 0 and y == 0) if me == 0 else 1

        return (diff(a, b, c), diff(b, c, a), diff(c, a, b))

    g = three_player(rule)
    result = nplayer_support_enumeration(g)
    mixed = [e for e in result.equilibria if not e.is_pure]
    target = 1 / np.sqrt(2)
    hits = [e for e in mixed if all(abs(float(x[0]) - target) < 1e-12 for x in e.profile)]
    assert len(hits) == 1
    assert not hits[0].exact
    assert hits[0].regret <= 1e-9 * g.payoff_range()
    assert any("irrational equilibrium" in n and "sqrt(2)" in n for n in result.notes)


def test_a_3x3x2_game_agrees_with_the_numerical_method():
    rng = np.random.default_rng(11)
    g = NormalFormGame.from_arrays(*[rng.random((3, 3, 2)) for _ in range(3)])
    exact = nplayer_support_enumeration(g)
    assert exact.equilibria
    numeric = nplayer_numeric(g, seed=1, starts=6)
    assert numeric.equilibria
    everything = [tuple(np.asarray(x, float) for x in e.profile) for e in exact.equilibria]
    for e in numeric.equilibria:
        assert any(all(np.allclose(a, b, atol=1e-7) for a, b in zip(e.profile, p)) for p in everything)
    for e in exact.equilibria + numeric.equilibria:
        assert g.regret(e.profile) <= 1e-9 * g.payoff_range()


def test_numerical_method_on_a_larger_game_is_verified_and_seeded():
    rng = np.random.default_rng(5)
    g = NormalFormGame.from_arrays(*[rng.random((3, 3, 3, 2)) for _ in range(4)])
    a = nplayer_numeric(g, seed=3, starts=4)
    b = nplayer_numeric(g, seed=3, starts=4)
    assert a.equilibria
    assert [e.key() for e in a.equilibria] == [e.key() for e in b.equilibria]
    for e in a.equilibria:
        assert e.regret <= 1e-9 * g.payoff_range()
    assert any("tolerance" in n for n in a.notes)


def test_too_many_supports_is_an_input_error():
    g = NormalFormGame.from_arrays(*[np.zeros((3, 3, 3), dtype=int)] * 3)
    with pytest.raises(InputError, match="numerical"):
        nplayer_support_enumeration(g, max_support_profiles=10)


def test_degenerate_three_player_game_notes_the_continuum():
    # Cat's payoff is constant: any mixture of Cat is a best response
    g = three_player(lambda a, b, c: (int(a == b), int(a == b), 0))
    result = nplayer_support_enumeration(g)
    assert any("continuum" in n for n in result.notes)
    for e in result.equilibria:
        assert g.regret(e.profile) == 0
