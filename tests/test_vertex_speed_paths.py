"""The fast float paths of vertex enumeration: the vectorised double description, the batched
partner solves, the fallbacks they trigger and the batched verification of candidates."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convenience.errors import ComputationError
from convenience.normal_form import NormalFormGame
from convenience.results import make_bimatrix_equilibria, make_equilibrium
from convenience.solvers import _common
from convenience.solvers import _float_double_description as fdd
from convenience.solvers import vertex_enumeration as ve
from convenience.solvers.support_enumeration import support_enumeration

SETTINGS = settings(deadline=None, max_examples=25)


def random_game(m, n, seed):
    rng = np.random.default_rng(seed)
    return NormalFormGame.from_arrays(rng.random((m, n)), rng.random((m, n)))


def qhull_labels(M):
    """(support, best) rows of the vertices of {x >= 0, M^T x <= 1} from Qhull, as a set."""
    from scipy.spatial import HalfspaceIntersection

    vx, _ = ve._polytope_vertices(M.T, HalfspaceIntersection, 1e-9)
    support = vx > 1e-9
    best = np.abs(1.0 - vx @ M) <= 1e-9
    return {(tuple(s), tuple(b)) for s, b in zip(support, best)}


def as_set(support, best):
    return {(tuple(s), tuple(b)) for s, b in zip(support, best)}


def dd_labels(M):
    """The double description's labels of {x >= 0, M^T x <= 1} as boolean rows."""
    support, best = fdd.simple_polytope_labels(M)
    return ve._unpack(support, M.shape[0]), ve._unpack(best, M.shape[1])


def rounded(profiles, digits=7):
    return {tuple(tuple(round(float(v), digits) + 0.0 for v in x) for x in p) for p in profiles}


# ------------------------------------------------------------------ double description itself
@pytest.mark.parametrize("m,n,seed", [(2, 2, 0), (3, 7, 1), (5, 5, 2), (6, 6, 3), (7, 4, 4),
                                      (8, 8, 5), (9, 12, 6), (10, 10, 7)])
def test_double_description_lists_the_same_vertices_as_qhull(m, n, seed):
    rng = np.random.default_rng(seed)
    M = _common.unit_scale(rng.random((m, n)))
    support, best = dd_labels(M)
    assert as_set(support, best) == qhull_labels(M)
    assert len(as_set(support, best)) == len(support)  # no vertex twice
    # every vertex of a simple polytope carries exactly m labels: |T| = |S|
    assert (support.sum(axis=1) == best.sum(axis=1)).all()


def test_one_row_polytope_is_an_interval():
    M = np.array([[1.5, 1.2, 2.0]])  # {x >= 0, 1.5x <= 1, 1.2x <= 1, 2x <= 1}: x in [0, 1/2]
    support, best = dd_labels(M)
    assert support.tolist() == [[True]] and best.tolist() == [[False, False, True]]


@pytest.mark.parametrize("M", [
    np.array([[1.0, 1.0], [1.0, 1.0]]),                        # every column the same
    np.array([[1.0, 2.0, 1.5], [2.0, 1.0, 1.5]]),              # column 3 through a vertex
    np.array([[1.2, 1.7, 1.2], [1.9, 1.1, 1.9], [1.4, 1.3, 1.4]]),  # a repeated column
])
def test_a_polytope_that_is_not_simple_is_refused(M):
    assert fdd.simple_polytope_labels(M) is None


def test_too_many_constraints_for_the_masks_are_refused():
    rng = np.random.default_rng(3)
    assert fdd.vertex_zero_sets(1.0 + rng.random((3, 70))) is None


# ------------------------------------------------------------------ the solver around it
@SETTINGS
@given(st.integers(6, 9), st.integers(6, 11), st.integers(0, 2**32 - 1))
def test_double_description_and_qhull_paths_find_the_same_equilibria(m, n, seed):
    g = random_game(m, n, seed)
    dd = ve._float_path(g, "dd")
    qh = ve._float_path(g, "qhull")
    assert dd[2] == "double description" and qh[2] == "Qhull"
    assert dd[1] == qh[1]  # the same number of vertices
    assert rounded(dd[0]) == rounded(qh[0])
    result = ve.vertex_enumeration(g)
    assert len(result.equilibria) % 2 == 1  # nondegenerate games have an odd number
    assert all(e.regret <= 1e-9 * g.payoff_range() for e in result.equilibria)


@settings(deadline=None, max_examples=10)
@given(st.integers(0, 2**32 - 1))
def test_six_by_six_agrees_with_support_enumeration(seed):
    g = random_game(6, 6, seed)
    fast = ve.vertex_enumeration(g)
    assert any("double description" in note for note in fast.notes)
    slow = support_enumeration(g)
    assert rounded(e.profile for e in fast.equilibria) == rounded(e.profile for e in slow.equilibria)


@settings(deadline=None, max_examples=15)
@given(st.integers(6, 7), st.integers(0, 2**32 - 1))
def test_float_path_on_wide_integer_games_returns_the_exact_equilibria(m, seed):
    rng = np.random.default_rng(seed)
    A, B = (rng.integers(-1000, 1000, (m, m)).tolist() for _ in range(2))
    g = NormalFormGame.from_arrays(A, B)
    exact = ve.vertex_enumeration(g)
    fast = ve.vertex_enumeration(g, exact=False)
    def key(result):
        return {tuple(tuple(Fraction(v) for v in x) for x in e.profile) for e in result.equilibria}

    assert key(fast) == key(exact)
    assert all(e.exact and e.regret == 0 for e in fast.equilibria)


def test_degenerate_float_game_falls_back_to_the_exact_path():
    # the column player is indifferent between columns 3 and 5 against everything: a pure
    # strategy of the row player has two best responses, the game is degenerate
    rng = np.random.default_rng(4)
    A, B = rng.random((6, 6)), rng.random((6, 6))
    B[:, 3] = B[:, 5]
    g = NormalFormGame.from_arrays(A, B)
    assert fdd.simple_polytope_labels(_common.unit_scale(B)) is None
    result = ve.vertex_enumeration(g)
    exact = ve.vertex_enumeration(g, exact=True)
    assert any("degenerate" in note for note in result.notes)
    assert any("exact path" in note for note in result.notes)
    assert rounded(e.profile for e in result.equilibria) == rounded(e.profile for e in exact.equilibria)
    assert len(result.components) == len(exact.components) >= 1


def test_structured_game_refused_midway_is_listed_by_qhull():
    # the 6 x 6 coordination game is nondegenerate (63 equilibria), but its symmetric payoffs
    # put rays on later hyperplanes midway through the double description, which refuses
    identity = np.eye(6)
    assert fdd.simple_polytope_labels(_common.unit_scale(identity)) is None
    result = ve.vertex_enumeration(NormalFormGame.from_arrays(identity, identity))
    assert len(result.equilibria) == 2 ** 6 - 1
    assert any("listed by Qhull" in note for note in result.notes)


def test_degenerate_only_in_the_partner_polytope_is_caught():
    # B random (P simple, so the double description succeeds) but A has two equal columns:
    # the column player's polytope is degenerate, which the partner solves must notice
    rng = np.random.default_rng(5)
    A = rng.random((7, 7))
    A[:, 3] = A[:, 5]
    B = rng.random((7, 7))
    g = NormalFormGame.from_arrays(A, B)
    assert fdd.simple_polytope_labels(_common.unit_scale(B)) is not None
    fast = ve.vertex_enumeration(g)
    exact = ve.vertex_enumeration(g, exact=True)
    assert rounded(e.profile for e in fast.equilibria) == rounded(e.profile for e in exact.equilibria)
    assert any("exact path" in note for note in fast.notes)


def test_when_the_double_description_refuses_qhull_takes_over(monkeypatch):
    monkeypatch.setattr(fdd, "vertex_zero_sets", lambda M, tol=1e-9, spend=None: None)
    g = random_game(7, 7, 21)
    result = ve.vertex_enumeration(g)
    assert any("listed by Qhull" in note for note in result.notes)
    assert any("cross-checked by Lemke-Howson" in note for note in result.notes)  # 49 cells
    assert len(result.equilibria) % 2 == 1


def test_games_from_two_by_two_use_the_double_description_and_single_strategies_qhull():
    for m, n in ((2, 2), (2, 7), (5, 5), (10, 10)):
        result = ve.vertex_enumeration(random_game(m, n, 1))
        assert any("listed by double description" in note for note in result.notes), (m, n)
        assert not any("cross-checked" in note for note in result.notes)
        assert len(result.equilibria) % 2 == 1
    single = ve.vertex_enumeration(random_game(1, 4, 1))
    assert any("listed by Qhull" in note for note in single.notes)


def test_tall_game_enumerates_the_smaller_polytope():
    g = random_game(14, 6, 8)  # the column player's polytope (dimension 6) is listed
    result = ve.vertex_enumeration(g)
    flipped = ve.vertex_enumeration(NormalFormGame.from_arrays(g.payoffs[1].T, g.payoffs[0].T))
    assert rounded(e.profile for e in result.equilibria) == rounded(
        (e.profile[1], e.profile[0]) for e in flipped.equilibria)


@SETTINGS
@given(st.integers(1, 7), st.integers(1, 9), st.integers(0, 2**32 - 1), st.booleans())
def test_vertices_dropped_as_beaten_have_no_partner(m, n, seed, coarse):
    """Every vertex whose system the pruning skips has no partner: solving it anyway gives a
    ``y`` that is negative somewhere on ``T`` or that some row outside ``S`` beats."""
    rng = np.random.default_rng(seed)
    A = _common.unit_scale(rng.integers(0, 4, (m, n)).astype(float) if coarse else rng.random((m, n)))
    B = _common.unit_scale(rng.random((m, n)))
    labels = fdd.simple_polytope_labels(B) if m > 1 else None
    if labels is None:
        return
    support, best = labels
    beaten = ve._beaten_rows(A, support, best, 1e-9)
    for S, T in zip(ve._unpack(support[beaten], m), ve._unpack(best[beaten], n)):
        S, T = np.flatnonzero(S), np.flatnonzero(T)
        try:
            yT = np.linalg.solve(A[np.ix_(S, T)], np.ones(len(S)))
        except np.linalg.LinAlgError:
            continue  # no unique partner either
        assert yT.min() < -1e-9 or (A[:, T] @ yT).max() > 1.0 + 1e-9


def test_pruning_keeps_every_equilibrium_of_a_game_with_many(monkeypatch):
    rng = np.random.default_rng([2024, 12])  # the benchmark's 12 x 12 game: 33 equilibria
    A, B = (_common.unit_scale(rng.random((12, 12))) for _ in range(2))
    support, best = fdd.simple_polytope_labels(B)
    beaten = ve._beaten_rows(A, support, best, 1e-9)
    assert beaten.sum() > len(beaten) // 4  # the pruning does prune
    kept = ve._partners(A, B, support, best, 1e-9)
    monkeypatch.setattr(ve, "_beaten_rows", lambda *args: None)
    every = ve._partners(A, B, support, best, 1e-9)
    assert len(kept) == 33 and rounded(kept) == rounded(every)


def test_nearly_singular_partner_system_is_refused():
    A = np.array([[1.0, 1.0], [1.0, 1.0 + 1e-14]])
    support, best = ve._label_bits(np.array([[True, True]]), np.array([[True, True]]))
    assert ve._partners(A, np.full((2, 2), 1.5), support, best, 1e-9) is None


# ------------------------------------------------------------------ batched verification
@SETTINGS
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_batched_verification_matches_one_profile_at_a_time(m, n, seed):
    rng = np.random.default_rng(seed)
    g = random_game(m, n, seed)
    profiles = [tuple(e.profile) for e in ve.vertex_enumeration(g).equilibria]
    for _ in range(4):  # random mixtures: mostly not equilibria
        profiles.append((rng.dirichlet(np.ones(m)), rng.dirichlet(np.ones(n))))
    profiles.append((np.full(m, -1.0), np.full(n, 1.0 / n)))  # not a mixed strategy
    profiles.append((np.full(m, 0.5), np.full(n, 1.0 / n)) if m > 2 else (np.zeros(m), np.ones(n) / n))
    batch = make_bimatrix_equilibria(g, profiles)
    assert len(batch) == len(profiles)
    for profile, got in zip(profiles, batch):
        try:
            want = make_equilibrium(g, profile)
        except ComputationError as err:
            assert isinstance(got, ComputationError)
            assert str(got).split("(")[0] == str(err).split("(")[0]
            continue
        assert not isinstance(got, ComputationError)
        assert got.key() == want.key()
        assert np.allclose(got.payoffs, want.payoffs, atol=1e-12)
        assert abs(got.regret - want.regret) <= 1e-12 and got.regret >= 0
        assert got.exact is False and got.support == want.support


def test_batched_verification_needs_a_two_player_float_game():
    with pytest.raises(ValueError):
        make_bimatrix_equilibria(NormalFormGame.from_arrays([[1]], [[1]]), [])
    assert make_bimatrix_equilibria(random_game(2, 2, 0), []) == []


def test_float_keys_and_supports_are_those_of_the_textbook_formulas():
    g = random_game(4, 3, 9)
    for eq in ve.vertex_enumeration(g).equilibria:
        assert eq.key() == tuple(tuple(round(float(v), 9) + 0.0 for v in x) for x in eq.profile)
        assert eq.support_indices == tuple(
            tuple(int(k) for k in np.flatnonzero([p > 0 for p in x])) for x in eq.profile)


# ------------------------------------------------------------------ label tables and ordering
@SETTINGS
@given(st.integers(1, 12), st.lists(st.integers(0, 2**12 - 1), min_size=1, max_size=30))
def test_index_rows_from_the_table_and_without_it_agree(width, masks):
    bits = np.array(masks) & ((1 << width) - 1)
    table = ve._index_rows(bits, width)
    for row, b in zip(table, bits.tolist()):
        ones = [i for i in range(width) if b >> i & 1]
        assert row.tolist() == ones + [width] * (width - len(ones))
    saved = ve.INDEX_TABLE_UP_TO
    try:
        ve.INDEX_TABLE_UP_TO = 0  # the path for masks wider than the table
        assert (ve._index_rows(bits, width) == table).all()
    finally:
        ve.INDEX_TABLE_UP_TO = saved


@pytest.mark.parametrize("seed", [0, 1])
def test_wide_game_beyond_the_tables_matches_qhull(seed):
    g = random_game(6, ve.BEATEN_TABLE_UP_TO + 2, seed)  # no beaten-row table, no index table
    dd, qh = ve._float_path(g, "dd"), ve._float_path(g, "qhull")
    assert dd[2] == "double description" and dd[1] == qh[1]
    assert rounded(dd[0]) == rounded(qh[0]) and len(dd[0]) % 2 == 1


def test_array_deduplication_keeps_the_order_of_the_textbook_keys():

    g = random_game(8, 8, 5)
    found = list(ve.vertex_enumeration(g).equilibria)
    assert len(found) > 3
    shuffled = [found[i] for i in np.random.default_rng(1).permutation(len(found))]
    doubled = shuffled + shuffled[::-1]
    fast = _common._unique_sorted_bimatrix(doubled)
    unique = list({eq.key(): eq for eq in reversed(doubled)}.values())
    assert [eq.key() for eq in fast] == [eq.key() for eq in sorted(unique, key=_common.canonical_order)]
