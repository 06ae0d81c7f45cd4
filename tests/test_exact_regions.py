"""Exact regions of claims about a strategic form's whole equilibrium set, of repeated games'
claims, and the labelled scan of trees with hidden information: each exact region is checked
against solving at seeded draws over the whole declared box."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import sympy

from convenience.expectations import parse_expectations
from convenience.expectations.conditions import exact_conditions
from convenience.expectations.draws import box_draws, claim_hits, ranged
from convenience.expectations.run import judge_game
from convenience.spec import load_game

ROOT = Path(__file__).resolve().parents[1]
DRAWS = 300


def member(region, game, point) -> bool:
    """Whether ``point`` lies in the region as its text states it."""
    if region.everywhere:
        return True
    if region.nowhere:
        return False
    names = {n: sympy.Symbol(n, real=True) for n in game.parameters}
    at = {names[k]: sympy.Rational(str(float(v))) for k, v in point.items() if k in names}

    def holds(text: str) -> bool:
        text = text.strip()
        if text.startswith("(") and text.endswith(")"):
            return all(holds(part) for part in text[1:-1].split(" and "))
        return bool(sympy.parse_expr(text.replace("^", "**"), local_dict=names).subs(at))

    found = [holds(c) for c in region.conditions]
    return all(found) if region.join == "and" else any(found)


def agreement(game, exp, region, seed: int = 3) -> int:
    """Draws over the whole box where the region and solving the game disagree."""
    samples = box_draws(game, DRAWS, seed)
    solved = claim_hits(game, [exp], samples)[0]
    wrong = 0
    for k in range(DRAWS):
        point = {**game.baseline(), **{n: c[k] for n, c in samples.items()}, **exp.at}
        wrong += member(region, game, point) != bool(solved[k])
    return wrong


def regions_of(game):
    return {e.id: (e, exact_conditions(game, e, ranged(game))) for e in parse_expectations(game)}


# Row's A pays a against L; Col's L pays 1 - b more than R against A. a > 0 and b < 1: a
# coordination game, (A, L) and (B, R) and a mixed equilibrium; otherwise (B, R) alone.
COORDINATION = textwrap.dedent("""\
    title: Coordination or not
    players:
      Row: [A, B]
      Col: [L, R]
    parameters:
      a: {value: 1.5, range: [-1, 2]}
      b: {value: 0.5, range: [0, 2]}
      c: {value: 0.8, range: [0.5, 2]}
    payoffs:
      A: {L: [a, 1], R: [0, b]}
      B: {L: [0, 0], R: [1, c]}
    expect:
      - id: only-b-r
        unique: {Row: B, Col: R}
      - id: row-plays-b
        outcome: {Row: B}
      - id: a-unused
        never_played: {Row: A}
      - id: a-l-best
        payoff_dominant: {Row: A, Col: L}
      - id: one-equilibrium
        unique: true
    """)

# Row matches Col; Col mismatches while d > 0 (no pure equilibrium, one mixed), and plays R
# whatever Row does while d < 0 (then (B, R) alone): exactly one equilibrium everywhere.
PENNIES = textwrap.dedent("""\
    title: Matching pennies unless a dominant strategy
    players:
      Row: [A, B]
      Col: [L, R]
    parameters:
      d: {value: 0.5, range: [-1, 1]}
    payoffs:
      A: {L: [1, 0], R: [0, 1]}
      B: {L: [0, d], R: [1, 0]}
    expect:
      - id: one-equilibrium
        unique: true
      - id: only-b-r
        unique: {Row: B, Col: R}
      - id: a-unused
        never_played: {Row: A}
    """)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_claims_on_the_whole_equilibrium_set_get_exact_regions(tmp_path):
    game = load_game(write(tmp_path, "coordination.yaml", COORDINATION))
    found = regions_of(game)
    for ident, (exp, region) in found.items():
        assert region is not None, ident
        assert agreement(game, exp, region) == 0, ident
    assert found["only-b-r"][1].text() == ("exactly while b > 1 or a < 0 (within the declared ranges; "
                                          "ties on a boundary aside)")
    assert set(found["a-l-best"][1].conditions) == {"a > 1", "b < 1", "c < 1"}
    assert found["one-equilibrium"][1].conditions == found["only-b-r"][1].conditions


def test_a_claim_true_in_every_cell_is_true_by_construction_exactly(tmp_path):
    game = load_game(write(tmp_path, "pennies.yaml", PENNIES))
    found = regions_of(game)
    for ident, (exp, region) in found.items():
        assert agreement(game, exp, region) == 0, ident
    assert found["one-equilibrium"][1].everywhere
    assert found["only-b-r"][1].conditions == ("d < 0",)
    verdicts = {c.id: c.verdict for c in judge_game(game).claims}
    assert verdicts["one-equilibrium"].by_construction and verdicts["one-equilibrium"].construction_exact
    assert "sign pattern" in verdicts["one-equilibrium"].construction_basis()
    assert not verdicts["only-b-r"].by_construction


@pytest.mark.parametrize("name", ["second-afghanistan.yaml", "post-war.yaml"])
def test_bundled_strategic_forms_agree_with_solving(name):
    game = load_game(ROOT / "games" / name)
    checked = 0
    for ident, (exp, region) in regions_of(game).items():
        if region is not None and exp.check in ("outcome", "unique", "never_played", "payoff_dominant"):
            assert agreement(game, exp, region) == 0, ident
            checked += 1
    assert checked >= 2


def test_trees_with_hidden_information_say_their_region_is_sampled_and_why():
    game = load_game(ROOT / "games" / "iran-domestic.yaml")
    found = judge_game(game, regions=True)
    for claim in found.claims:
        assert claim.region.startswith("sampled, not exact (the tree has information sets"), claim.id
        assert "scanned one parameter at a time" in claim.region
        assert claim.verdict.needs_exact is False
