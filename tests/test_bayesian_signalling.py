"""Bayesian games and signalling: types, Bayes' rule, off-path belief ranges, classification."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from convenience.extensive import solve_tree
from convenience.spec import load_game, loads

DATA = Path(__file__).parent / "data"


def test_beer_quiche_has_exactly_the_two_pooling_outcomes():
    result = solve_tree(load_game(DATA / "tree_beer_quiche.yaml"), "pbe")
    assert result.equilibria
    kinds = {e.classification for e in result.equilibria}
    assert kinds == {"pooling on Beer", "pooling on Quiche"}
    for e in result.equilibria:
        assert e.regret == 0 and e.concept == "perfect Bayesian"


def test_beer_quiche_beliefs_follow_bayes_on_path_and_off_path_ranges_sustain_the_threat():
    result = solve_tree(load_game(DATA / "tree_beer_quiche.yaml"), "pbe")
    pure_beer = next(e for e in result.equilibria if e.is_pure and e.classification == "pooling on Beer")
    assert pure_beer.label() == "Sender: Strong: Beer, Weak: Beer; Receiver: Beer: Retreat, Quiche: Duel"
    assert pure_beer.beliefs == {"Beer": {"Strong": Fraction(9, 10), "Weak": Fraction(1, 10)}}
    # dueling after quiche is optimal exactly when the sender is believed weak with probability >= 1/2
    assert pure_beer.belief_ranges == {"Quiche": "P(Strong) in [0, 1/2]"}
    assert pure_beer.payoffs == (Fraction(29, 10), Fraction(9, 10))
    pure_quiche = next(e for e in result.equilibria if e.is_pure and e.classification == "pooling on Quiche")
    assert pure_quiche.belief_ranges == {"Beer": "P(Strong) in [0, 1/2]"}
    d = pure_quiche.to_dict()
    assert d["beliefs"] == {"Quiche": {"Strong": "9/10", "Weak": "1/10"}}
    assert d["classification"] == "pooling on Quiche"


def test_beer_quiche_prior_changes_the_beliefs_on_path():
    game = load_game(DATA / "tree_beer_quiche.yaml")
    result = solve_tree(game, "pbe", values={"p_weak": Fraction(1, 4)})
    beer = next(e for e in result.equilibria if e.is_pure and e.classification == "pooling on Beer")
    assert beer.beliefs["Beer"]["Weak"] == Fraction(1, 4)


JOB_MARKET = """
kind: tree
title: Education as a signal
players: [Worker, Firm]
types:
  Worker: {Able: 1/2, Unable: 1/2}
tree:
  player: Worker
  actions:
    Educate:
      player: Firm
      actions:
        High: {payoffs: {Worker: {Able: 3, Unable: 0}, Firm: {Able: 1, Unable: -1}}}
        Low:  {payoffs: {Worker: {Able: 0, Unable: -3}, Firm: {Able: -1, Unable: 0}}}
    Skip:
      player: Firm
      actions:
        High: {payoffs: {Worker: 4, Firm: {Able: 1, Unable: -1}}}
        Low:  {payoffs: {Worker: 1, Firm: {Able: -1, Unable: 0}}}
"""


def test_costly_education_separates_the_types():
    result = solve_tree(loads(JOB_MARKET, name="job.yaml"), "pbe")
    kinds = sorted(e.classification for e in result.equilibria)
    assert "separating (Able: Educate, Unable: Skip)" in kinds
    sep = next(e for e in result.equilibria if e.classification.startswith("separating"))
    assert sep.beliefs == {"Educate": {"Able": 1, "Unable": 0}, "Skip": {"Able": 0, "Unable": 1}}
    assert sep.label() == "Worker: Able: Educate, Unable: Skip; Firm: Educate: High, Skip: Low"


def test_bayesian_entry_nash_equilibria_include_non_credible_ones_and_notes_say_which():
    result = solve_tree(load_game(DATA / "tree_bayesian_entry.yaml"), "normal-form")
    concepts = {e.concept for e in result.equilibria}
    assert concepts == {"Bayesian Nash", "Bayesian Nash (subgame perfect)"}
    for e in result.equilibria:
        if e.concept == "Bayesian Nash":
            assert any("not credible: Incumbent" in n for n in e.notes)
    pbe = solve_tree(load_game(DATA / "tree_bayesian_entry.yaml"), "pbe")
    assert [e.label() for e in pbe.equilibria] == ["Entrant: In; Incumbent: In (High): Accommodate, In (Low): Fight"]
    assert pbe.equilibria[0].beliefs == {"start": {"High": Fraction(2, 3), "Low": Fraction(1, 3)}}


def test_types_create_a_chance_root_and_private_information_sets():
    tree = load_game(DATA / "tree_beer_quiche.yaml").at()
    assert tree.mover[0] == -1
    assert [tree.prob[c] for c in tree.children(0)] == [Fraction(9, 10), Fraction(1, 10)]
    labels = sorted((tree.players[h.player], h.label, len(h.nodes)) for h in tree.infosets)
    assert labels == [("Receiver", "Beer", 2), ("Receiver", "Quiche", 2), ("Sender", "Strong", 1),
                      ("Sender", "Weak", 1)]


TWO_SIDED = """
kind: tree
title: Two-sided incomplete information
players: [A, B]
types:
  A: {A_hi: 1/2, A_lo: 1/2}
  B: {B_hi: 1/3, B_lo: 2/3}
tree:
  player: A
  actions:
    Fight:
      player: B
      actions:
        Fight: {payoffs: {A: {A_hi: 1, A_lo: -2}, B: {B_hi: 1, B_lo: -2}}}
        Yield: [2, 0]
    Yield: [0, 2]
"""


def test_two_typed_players_draw_independent_types_and_know_only_their_own():
    game = loads(TWO_SIDED, name="two.yaml")
    tree = game.at()
    assert sorted(tree.prob[c] for c in tree.children(0)) == [Fraction(1, 6)] * 2 + [Fraction(1, 3)] * 2
    assert sorted((h.label, len(h.nodes)) for h in tree.infosets) == [
        ("A_hi", 2), ("A_lo", 2), ("Fight (B_hi)", 2), ("Fight (B_lo)", 2)]
    # B fights only when strong; A then expects 1/3 * 1 + 2/3 * 2 = 5/3 (high) or 2/3 (low) from fighting
    for method in ("subgame", "normal-form", "pbe"):
        result = solve_tree(game, method)
        assert [e.label() for e in result.equilibria] == [
            "A: A_hi: Fight, A_lo: Fight; B: Fight (B_hi): Fight, Fight (B_lo): Yield"]


def test_beer_quiche_with_a_likely_weak_sender_has_the_semi_separating_equilibrium():
    # prior P(Weak) = 3/5: the weak type mixes so that P(Strong | Beer) = (2/5) / (2/5 + 3/5 * 2/3) = 1/2,
    # which leaves the receiver indifferent after beer; quiche reveals weakness and is dueled
    result = solve_tree(load_game(DATA / "tree_beer_quiche.yaml"), "pbe", values={"p_weak": Fraction(3, 5)})
    (eq,) = result.equilibria
    assert eq.classification == "semi-separating"
    assert eq.label() == ("Sender: Strong: Beer, Weak: Beer 2/3, Quiche 1/3; "
                          "Receiver: Beer: Duel 1/2, Retreat 1/2, Quiche: Duel")
    assert eq.beliefs == {"Beer": {"Strong": Fraction(1, 2), "Weak": Fraction(1, 2)},
                          "Quiche": {"Strong": 0, "Weak": 1}}
    assert not eq.belief_ranges  # nothing is off the path
