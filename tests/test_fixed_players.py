"""Games of three or more players in which at most two choose are solved as two-player games:
the same equilibria and the same continua as exact polynomial solving of the whole game."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

from convenience.normal_form import NormalFormGame
from convenience.solvers import solve
from convenience.solvers.fixed_players import choosing_players, surviving_strategies
from convenience.solvers.nplayer import nplayer_support_enumeration


def _random_form(rng, shape, high=3):
    """Small whole payoffs: ties are frequent, so many forms are degenerate, with continua."""
    return NormalFormGame.from_arrays(*(rng.integers(0, high, size=shape) for _ in shape))


def _in_hull(point, vertices) -> bool:
    """Whether ``point`` is a convex combination of ``vertices`` (a linear program)."""
    V = np.array([np.asarray(v, dtype=float) for v in vertices]).T
    A = np.vstack([V, np.ones((1, V.shape[1]))])
    b = np.concatenate([np.asarray(point, dtype=float), [1.0]])
    return linprog(np.zeros(V.shape[1]), A_eq=A, b_eq=b, bounds=(0, None)).status == 0


def _in_lifted(profile, component, kept) -> bool:
    """Whether ``profile`` lies in a lifted maximal Nash subset (every fixed player's strategy
    is the one in the component's extreme equilibria)."""
    for p, x in enumerate(profile):
        extremes = [e.profile[p] for e in component.equilibria]
        if not _in_hull(x, extremes):
            return False
    return True


def _centre(component) -> list:
    """The average of a component's extreme equilibria: a point inside it (it is convex)."""
    n = len(component.equilibria)
    return [sum(np.asarray(e.profile[p], dtype=object) for e in component.equilibria) / n
            for p in range(len(component.players))]


def _compare(game: NormalFormGame) -> tuple[int, int]:
    """Assert that the routed solve and the N-player path agree; (continua, equilibria) found."""
    routed = solve(game)
    whole = nplayer_support_enumeration(game)
    assert routed.method != "support-enumeration"  # it did take the two-player route
    assert {e.key() for e in routed.equilibria} == {e.key() for e in whole.equilibria}
    continua = [c for c in whole.components if not c.is_singleton]
    subsets = [c for c in routed.components if not c.is_singleton]
    assert bool(continua) == bool(subsets)
    kept = choosing_players(game)
    for c in continua:  # each continuum (convex: fixed supports of a two-player game) in one Nash subset
        points = [e.profile for e in c.equilibria] + ([c.interior.profile] if c.interior is not None else [])
        assert any(all(_in_lifted(p, s, kept) for p in points) for s in subsets), c.description
    for s in subsets:  # and each Nash subset, extreme points and centre, in the continua
        for point in [e.profile for e in s.equilibria] + [_centre(s)]:
            profile = [np.array([Fraction(v) for v in x], dtype=object) for x in point]
            assert (any(c.contains(profile) for c in continua)
                    or any(e.key() == tuple(tuple(x) for x in profile) for e in whole.equilibria)), s.description
    return len(continua), len(routed.equilibria)


@pytest.mark.parametrize("seed", range(4))
def test_forms_where_one_player_has_a_single_strategy_agree_with_the_n_player_path(seed):
    rng = np.random.default_rng(seed)
    continua = 0
    for _ in range(25):
        shape = [int(rng.integers(1, 4)), int(rng.integers(2, 4))]
        shape.insert(int(rng.integers(0, 3)), 1)
        found, _ = _compare(_random_form(rng, shape))
        continua += found
    assert continua > 0  # degenerate forms with continua were among them


def test_four_players_two_of_them_fixed_and_a_lone_chooser():
    rng = np.random.default_rng(7)
    for shape in [(1, 3, 1, 2), (2, 1, 2, 1), (1, 1, 3), (3, 1, 1), (1, 1, 1)]:
        for _ in range(6):
            _compare(_random_form(rng, shape))


def test_a_strictly_dominated_strategy_leaves_two_players_choosing():
    rng = np.random.default_rng(3)
    checked = 0
    while checked < 12:
        game = _random_form(rng, (2, 3, 2), high=4)
        alive = surviving_strategies(game)
        if sum(len(a) > 1 for a in alive) != 2 or sum(map(len, alive)) == 7:
            continue
        _compare(game)
        result = solve(game)
        assert "strictly dominated strategies are removed" in result.notes[0]
        checked += 1


def test_three_choosing_players_keep_the_n_player_path():
    rng = np.random.default_rng(0)
    game = _random_form(rng, (2, 2, 2))
    while choosing_players(game) is not None:  # strict dominance must leave all three choosing
        game = _random_form(rng, (2, 2, 2))
    assert solve(game).method == "support-enumeration"


def test_lifted_components_name_every_player():
    # Row is indifferent between its two strategies whatever happens; Column's one strategy and
    # Third's strategy are fixed: every mixture of Row's strategies is an equilibrium
    game = NormalFormGame.from_arrays([[[1]], [[1]]], [[[0]], [[0]]], [[[2]], [[2]]],
                                      players=["Row", "Column", "Third"])
    result = solve(game)
    (component,) = result.components
    assert not component.is_singleton
    data = component.to_dict()
    assert set(data["extreme_strategies"]) == {"Row", "Column", "Third"}
    assert data["extreme_equilibria"] == 2
    assert "Third playing s1" in component.description
    assert len(result.equilibria) == 2


def test_float_payoffs_give_the_equilibria_of_the_exactly_equal_fractions():
    rng = np.random.default_rng(11)
    for _ in range(10):
        payoffs = [rng.integers(0, 3, size=(2, 1, 3)) / 2.0 for _ in range(3)]
        game = NormalFormGame.from_arrays(*payoffs)
        routed = solve(game)
        whole = nplayer_support_enumeration(game)
        assert {e.key(9) for e in routed.equilibria} == {e.key(9) for e in whole.equilibria}


def test_equilibria_with_a_pure_player_are_equilibria_the_full_enumeration_finds():
    from convenience.solvers.fixed_players import equilibria_with_a_pure_player

    rng = np.random.default_rng(5)
    mixed = 0
    for shape in [(2, 2, 2)] * 8 + [(2, 3, 2)] * 4:
        game = _random_form(rng, shape, high=6)
        whole = nplayer_support_enumeration(game)
        listed = {e.key() for e in whole.equilibria}
        continua = [c for c in whole.components if not c.is_singleton]
        for eq in equilibria_with_a_pure_player(game):
            assert eq.key() in listed or any(c.contains(eq.profile) for c in continua)
            mixed += not eq.is_pure
    assert mixed > 0


def test_a_claim_refuted_by_a_mixed_equilibrium_is_settled_with_the_full_verdict():
    from convenience.expectations.checks import Point, evaluate, settled
    from convenience.expectations.parse import parse_expectations
    from convenience.spec import load_game
    from pathlib import Path

    game = load_game(Path(__file__).resolve().parent.parent / "games" / "federation.yaml")
    exps = [e for e in parse_expectations(game) if e.check in ("outcome", "never_played")]
    from convenience.expectations.draws import declared_draws

    samples = declared_draws(game, 40, seed=5)
    refuted = 0
    for k in range(40):
        values = {**game.baseline(), **{name: float(c[k]) for name, c in samples.items()}}
        for exp in exps:
            point = Point(game, values)
            quick = settled(point, exp)
            if quick is not None:
                assert quick == evaluate(Point(game, values), exp)[0], (exp.id, values)
            pure = [e for e in point.solved.equilibria if e.is_pure]
            refuted += quick is False and not any(_refutes(e, exp) for e in pure)
    assert refuted > 0  # some claims were refuted by a mixed equilibrium only


def _refutes(eq, exp) -> bool:
    if exp.check == "outcome":
        return any(eq.profile[p][s] != 1 for p, s in exp.target.items())
    return any(eq.profile[p][s] != 0 for p, s in exp.target.items())


@pytest.mark.parametrize("exact", [True, False])
def test_a_two_player_game_with_a_single_strategy_is_answered_by_best_replies(exact):
    from convenience.solvers.vertex_enumeration import vertex_enumeration

    rng = np.random.default_rng(13)
    ties = 0
    for k in range(40):
        shape = (1, int(rng.integers(1, 5))) if k % 2 else (int(rng.integers(1, 5)), 1)
        payoffs = [rng.integers(0, 3, size=shape) for _ in range(2)]
        if not exact:
            payoffs = [p / 3.0 + (1e-12 if k % 3 == 0 else 0.0) * rng.random(shape) for p in payoffs]
        game = NormalFormGame.from_arrays(*payoffs)
        routed, enumerated = solve(game), vertex_enumeration(game)
        assert routed.method == "best-replies"
        assert {e.key(9) for e in routed.equilibria} == {e.key(9) for e in enumerated.equilibria}
        continuum = [c for c in routed.components if not c.is_singleton]
        assert bool(continuum) == any(not c.is_singleton for c in enumerated.components)
        ties += bool(continuum)
    assert ties > 0


def test_the_search_of_a_game_is_replayed_to_a_second_reader_and_not_to_another_game():
    from convenience.solvers.fixed_players import equilibria_with_a_pure_player

    def copy(g):  # the same game as a new object: searched afresh
        return NormalFormGame(g.players, g.strategies, g.payoffs.copy(), g.title)

    rng = np.random.default_rng(8)
    game, other = _random_form(rng, (2, 3, 2), high=6), _random_form(rng, (2, 3, 2), high=6)
    afresh = [e.key() for e in equilibria_with_a_pure_player(copy(game))]
    other_afresh = [e.key() for e in equilibria_with_a_pure_player(copy(other))]
    assert afresh and afresh != other_afresh
    first = next(iter(equilibria_with_a_pure_player(game)))  # a reader that stops early
    assert first.key() == afresh[0]
    assert [e.key() for e in equilibria_with_a_pure_player(game)] == afresh  # replayed, then continued
    assert [e.key() for e in equilibria_with_a_pure_player(other)] == other_afresh
    assert [e.key() for e in equilibria_with_a_pure_player(game)] == afresh


def test_the_note_names_what_a_player_without_a_move_does():
    """A player of a subgame's reduced form who moves nowhere has one unnamed strategy: the
    note says it has no move rather than printing an empty strategy name."""
    game = NormalFormGame.from_arrays([[[1], [0]]], [[[0], [1]]], [[[0], [0]]],
                                      players=("US", "Iran", "Russia"),
                                      strategies=(("Offer",), ("Commit", "Hedge"), ("",)))
    notes = " ".join(solve(game).notes)
    assert "Russia has no move here" in notes
    assert "plays )" not in notes and "plays ," not in notes
