"""Exact regions of claims about a strategic form's whole equilibrium set, of repeated games'
claims, and the labelled scan of trees with hidden information: each exact region is checked
against solving at seeded draws over the whole declared box."""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

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
    found = [all(test(point) for test in _compiled(text, tuple(game.parameters))) for text in region.conditions]
    return all(found) if region.join == "and" else any(found)


_COMPILED: dict = {}


def _compiled(text: str, names: tuple[str, ...]) -> list:
    """The tests a condition's text makes (one per part of a parenthesised "and")."""
    if (text, names) not in _COMPILED:
        symbols = {n: sympy.Symbol(n, real=True) for n in names}
        parts = text[1:-1].split(" and ") if text.startswith("(") and text.endswith(")") else [text]
        tests = []
        for part in parts:
            relation = sympy.parse_expr(part.strip().replace("^", "**"), local_dict=symbols)
            used = sorted(relation.free_symbols, key=str)
            function = sympy.lambdify(used, relation)
            tests.append(lambda point, f=function, used=used: bool(f(*(float(point[str(u)]) for u in used))))
        _COMPILED[(text, names)] = tests
    return _COMPILED[(text, names)]


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


# The repeated Prisoner's Dilemma: defection is dominant in the stage game all over the box, so
# grim trigger sustains cooperation exactly while R >= (1 - delta) T + delta P.
DILEMMA = textwrap.dedent("""\
    kind: repeated
    title: A repeated dilemma
    parameters:
      T: {value: 5, range: [3, 6]}
      R: {value: 2, range: [1.5, 2.5]}
      P: {value: 0.5, range: [0, 1]}
      S: {value: -1, range: [-2, -0.5]}
      delta: {value: 0.6, range: [0.1, 0.9]}
    discount: delta
    stage:
      players: {A: [C, D], B: [C, D]}
      payoffs:
        C: {C: [R, R], D: [S, T]}
        D: {C: [T, S], D: [P, P]}
    target: {A: C, B: C}
    punishment: PUNISHMENT
    expect:
      - id: cooperation
        sustained: true
      - id: no-cooperation
        sustained: false
      - id: defection-only
        unique: {A: D, B: D}
    """)


@pytest.mark.parametrize("punishment", ["nash", "{A: D, B: D}"])
def test_the_critical_discount_factor_gives_repeated_claims_exactly(tmp_path, punishment):
    game = load_game(write(tmp_path, "dilemma.yaml", DILEMMA.replace("PUNISHMENT", punishment)))
    found = regions_of(game)
    for ident, (exp, region) in found.items():
        assert region is not None, ident
        assert agreement(game, exp, region) == 0, ident
    assert found["cooperation"][1].conditions == ("delta >= (T - R)/(T - P)",)
    assert found["no-cooperation"][1].conditions == ("delta < (T - R)/(T - P)",)
    assert found["defection-only"][1].everywhere
    claims = {c.id: c for c in judge_game(game, regions=True).claims}
    assert claims["cooperation"].region.startswith("exactly while delta >= (T - R)/(T - P)")
    assert claims["defection-only"].verdict.by_construction and claims["defection-only"].verdict.construction_exact


@pytest.mark.slow
def test_a_repeated_game_whose_stage_changes_shape_agrees_with_solving(tmp_path):
    """The trust game's stage is dominance-solvable, a coordination game or matching pennies
    in different parts of the box: the region (too long to print) still agrees at every draw."""
    from convenience.expectations.discount import sustained_region

    text = (ROOT / "tests" / "data" / "repeated_trust.yaml").read_text(encoding="utf-8")
    text = text.replace("target:", "expect:\n  - id: kept\n    sustained: true\n  - id: broken\n"
                                   "    sustained: false\ntarget:", 1)
    game = load_game(write(tmp_path, "repeated_trust.yaml", text))
    for exp in parse_expectations(game):
        region = sustained_region(game, exp, ranged(game), limit=None)
        assert region is not None and len(region.conditions) > 4, exp.id
        assert agreement(game, exp, region) == 0, exp.id
        assert exact_conditions(game, exp, ranged(game)) is None  # too long to print: scanned


def test_a_game_with_too_many_uncertain_differences_is_scanned_not_sorted_into_cells(tmp_path):
    """Each payoff of a 4x4 game its own uncertain parameter: far more sign patterns than cells
    are sorted into, so no exact region (the claim is scanned) and the search stops early."""
    names = [f"p{k}" for k in range(32)]
    lines = ["title: Many uncertain payoffs", "players:", "  Row: [A, B, C, D]", "  Col: [a, b, c, d]",
             "parameters:"] + [f"  {n}: {{value: 0.5, range: [0, 1]}}" for n in names] + ["payoffs:"]
    for i, row in enumerate("ABCD"):
        cells = ", ".join(f"{col}: [{names[8 * i + 2 * j]}, {names[8 * i + 2 * j + 1]}]" for j, col in enumerate("abcd"))
        lines.append(f"  {row}: {{{cells}}}")
    lines += ["expect:", "  - id: one", "    unique: true"]
    game = load_game(write(tmp_path, "many.yaml", "\n".join(lines) + "\n"))
    [exp] = parse_expectations(game)
    from convenience.expectations.box import Box
    from convenience.expectations.cells import NoExactRegion, set_region

    with pytest.raises(NoExactRegion, match="more than 12"):
        set_region(game, exp, Box(game, names[:10], game.baseline()))
    assert exact_conditions(game, exp, ranged(game)) is None


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 6), st.randoms(use_true_random=False))
def test_the_minimal_cover_is_sympys_minimal_sum_of_products(k, rng):
    from sympy.logic.boolalg import SOPform, _simplified_pairs

    from convenience.expectations.cells import _sum_of_products, prime_implicants

    cells = [list(c) for c in itertools.product((0, 1), repeat=k)]
    rng.shuffle(cells)
    a = rng.randint(0, len(cells))
    b = rng.randint(a, len(cells))
    minterms, free = cells[:a], cells[a:b]
    assert prime_implicants([t[:] for t in minterms + free]) == _simplified_pairs([t[:] for t in minterms + free])
    names = list(sympy.symbols(f"a0:{k}"))
    assert _sum_of_products(names, [t[:] for t in minterms], [t[:] for t in free]) == \
        SOPform(names, [t[:] for t in minterms], [t[:] for t in free])
