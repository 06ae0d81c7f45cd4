"""Robinson-Goforth classification of 2x2 games."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from convenience.analysis.topology import PATTERNS, TYPES, classify_2x2, classify_many
from convenience.normal_form import NormalFormGame


def _all_strict_games() -> np.ndarray:
    orders = [np.reshape(p, (2, 2)) for p in itertools.permutations([1, 2, 3, 4])]
    return np.array([[a, b] for a in orders for b in orders], dtype=float).transpose(1, 2, 3, 0)


def _symmetric(row: list[list[float]]) -> np.ndarray:
    a = np.array(row, dtype=float)
    return np.array([a, a.T])


def _pd_style(t, r, p, s) -> np.ndarray:
    """Strategies (Cooperate, Defect): R, S / T, P for the row player, symmetric."""
    return _symmetric([[r, s], [t, p]])


def test_576_orderings_form_144_games_of_four_relabellings_each():
    rows, cols = classify_many(_all_strict_games())
    assert (rows > 0).all() and (cols > 0).all()
    pairs = list(zip(rows.tolist(), cols.tolist()))
    counts = {pair: pairs.count(pair) for pair in set(pairs)}
    assert len(counts) == 144
    assert set(counts.values()) == {4}
    assert sum(1 for r, c in counts if r == c) == 12


@pytest.mark.parametrize("payoffs, name", [
    (_pd_style(t=5, r=3, p=1, s=0), "Prisoner's Dilemma"),  # T > R > P > S
    (_pd_style(t=5, r=3, p=0, s=1), "Chicken"),  # T > R > S > P
    (_pd_style(t=3, r=5, p=1, s=0), "Stag Hunt"),  # R > T > P > S
    (_pd_style(t=5, r=1, p=3, s=0), "Deadlock"),  # T > P > R > S
    (_pd_style(t=3, r=5, p=0, s=1), "Harmony"),  # R > T > S > P
    # strategies (go to the partner's favourite, go to one's own): meeting at one's own is best
    (_pd_style(t=4, r=1, p=2, s=3), "Battle of the Sexes (Hero)"),
    (_pd_style(t=4, r=2, p=1, s=3), "Leader"),
    (_symmetric([[3, 1], [2, 4]]), "Coordination"),
])
def test_textbook_games_are_named(payoffs, name):
    assert classify_2x2(payoffs).name == name


def test_leader_and_hero_differ_by_the_worst_outcome():
    # both yielding is worst in Hero (Battle of the Sexes), both insisting is worst in Leader;
    # one swap of the two lowest payoffs turns one into the other
    hero, leader = classify_2x2(_pd_style(t=4, r=1, p=2, s=3)), classify_2x2(_pd_style(t=4, r=2, p=1, s=3))
    assert (hero.name, leader.name) == ("Battle of the Sexes (Hero)", "Leader")
    assert hero.layer == leader.layer == 1
    assert abs(hero.row_type - leader.row_type) == 1


@settings(deadline=None, max_examples=80)
@given(st.permutations([1, 2, 3, 4]), st.permutations([1, 2, 3, 4]), st.booleans(), st.booleans(),
       st.floats(0.1, 10), st.floats(-5, 5))
def test_invariant_under_relabelling_and_monotone_transforms(a, b, swap_rows, swap_cols, scale, shift):
    u = np.array([np.reshape(a, (2, 2)), np.reshape(b, (2, 2))], dtype=float)
    base = classify_2x2(u)
    v = u[:, ::-1] if swap_rows else u
    v = v[:, :, ::-1] if swap_cols else v
    w = np.array([scale * v[0] ** 3 + shift, np.exp(v[1])])  # increasing transforms
    other = classify_2x2(w)
    assert (other.row_type, other.column_type) == (base.row_type, base.column_type)
    # the oriented ordinal game does not depend on the labelling either
    assert np.array_equal(other.ordinal, base.ordinal)


@settings(deadline=None, max_examples=50)
@given(st.permutations([1, 2, 3, 4]), st.permutations([1, 2, 3, 4]))
def test_swapping_players_swaps_types(a, b):
    u = np.array([np.reshape(a, (2, 2)), np.reshape(b, (2, 2))], dtype=float)
    swapped = np.array([u[1].T, u[0].T])
    d, e = classify_2x2(u), classify_2x2(swapped)
    assert (d.row_type, d.column_type) == (e.column_type, e.row_type)


def test_hexagon_neighbours_differ_by_one_adjacent_swap():
    for family in (range(1, 7), range(7, 13)):
        types = list(family)
        for t, u in zip(types, types[1:] + types[:1]):
            diff = PATTERNS[t] != PATTERNS[u]
            assert diff.sum() == 2  # two cells exchanged
            assert abs(PATTERNS[t][diff][0] - PATTERNS[t][diff][1]) == 1  # adjacent ranks


def test_swapping_top_payoffs_links_the_families():
    # Prisoner's Dilemma becomes Stag Hunt when temptation and reward trade places
    assert classify_2x2(_pd_style(t=3, r=4, p=2, s=1)).name == "Stag Hunt"
    assert classify_2x2(_pd_style(t=4, r=3, p=2, s=1)).name == "Prisoner's Dilemma"


def test_asymmetric_game_named_by_both_types_and_layer():
    a = np.array([[3, 1], [4, 2]], dtype=float)  # row: Prisoner's Dilemma payoffs
    b = np.array([[3, 4], [2, 1]], dtype=float)  # column: Chicken payoffs (transposed)
    d = classify_2x2(np.array([a, b]))
    assert d.name == "Prisoner's Dilemma / Chicken"
    assert (TYPES[d.row_type][1], TYPES[d.column_type][1]) == ("Pd", "Ch")
    assert not d.symmetric and d.layer == 1


def test_ties_are_reported_with_the_games_they_border():
    d = classify_2x2(_pd_style(t=5, r=3, p=1, s=1))  # P = S: between PD and Chicken
    assert not d.strict and d.row_type == 0
    assert "Prisoner's Dilemma" in d.candidates and "Chicken" in d.candidates
    assert classify_many(_pd_style(t=5, r=3, p=1, s=1))[0][0] == 0


def test_batch_agrees_with_single_classification():
    rng = np.random.default_rng(0)
    u = rng.normal(size=(2, 2, 2, 300))
    rows, cols = classify_many(u)
    for g in range(300):
        d = classify_2x2(u[..., g])
        assert (d.row_type, d.column_type) == (rows[g], cols[g])


def test_accepts_normal_form_games_and_rejects_other_shapes():
    game = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert classify_2x2(game).name == "Prisoner's Dilemma"
    with pytest.raises(ValueError, match="2x2"):
        classify_2x2(np.zeros((2, 3, 3)))


def test_regime_map_names_the_dilemma_of_each_region():
    """A parametric Prisoner's Dilemma family: the D/D region is a Prisoner's Dilemma when S < 1 < 3 < T."""
    from convenience.analysis.sensitivity.analyze import analyze
    from convenience.api import loads

    game = loads("""
title: Cooperation family
players: {Row: [C, D], Col: [C, D]}
parameters: {T: {value: 5, range: [4, 8]}, S: {value: -1, range: [-4, 0]}}
payoffs:
  C: {C: [3, 3], D: [S, T]}
  D: {C: [T, S], D: [1, 1]}
""")
    regimes = analyze(game, samples=0, grid={"T": (4, 8, 9), "S": (-4, 0, 9)}).regime_map
    assert [r.dilemmas for r in regimes.regions] == [("Prisoner's Dilemma",)]
    assert regimes.regions[0].described == "D/D (Prisoner's Dilemma)"
