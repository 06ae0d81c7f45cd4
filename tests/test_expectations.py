"""`expect:` claims and `convenience check`, on small fixture games written per test.

Every verdict here can be worked out by hand from the fixture's payoffs; each test says how.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from convenience.cli import app
from convenience.expectations import ClaimResult, dominance_solution
from convenience.pipeline import check_paths
from convenience.normal_form import NormalFormGame

# (Coordinate, Coordinate) is an equilibrium exactly while k <= B; (Split, Split) always is.
COORDINATION = """\
title: Coordination with a cost
players:
  Row: [Split, Coordinate]
  Col: [Split, Coordinate]
parameters:
  B: {value: 4, range: [0, 10]}
  k: {value: 1, range: [0, 6], distribution: {type: uniform}}
payoffs:
  Split: {Split: [0, 0], Coordinate: [0, -k]}
  Coordinate: {Split: [-k, 0], Coordinate: [B - k, B - k]}
expect:
"""

# Entry deterrence: the incumbent fights only when a price war costs it less than 1 (c < 1).
ENTRY = """\
kind: tree
title: Entry deterrence
players: [Entrant, Incumbent]
parameters:
  c: {value: 2, range: [0, 6]}
tree:
  player: Entrant
  actions:
    Out: {payoffs: {Entrant: 0, Incumbent: 4}}
    In:
      player: Incumbent
      actions:
        Fight: {payoffs: {Entrant: -1, Incumbent: 2 - c}}
        Accommodate: {payoffs: {Entrant: 1, Incumbent: 1}}
expect:
"""

# Prisoner's dilemma repeated: cooperation is sustained by Nash reversion iff delta >= 1/2.
REPEATED = """\
kind: repeated
title: Repeated dilemma
parameters:
  delta: {value: 0.6, range: [0, 0.95]}
discount: delta
stage:
  players: {Row: [Cooperate, Defect], Column: [Cooperate, Defect]}
  payoffs:
    Cooperate: {Cooperate: [3, 3], Defect: [0, 5]}
    Defect: {Cooperate: [5, 0], Defect: [1, 1]}
target: {Row: Cooperate, Column: Cooperate}
expect:
"""


@pytest.fixture
def game(tmp_path):
    def write(body: str, expect: str, name: str = "game.yaml") -> Path:
        path = tmp_path / name
        path.write_text(body + textwrap.indent(textwrap.dedent(expect), "  "), encoding="utf-8")
        return path

    return write


def run(*args) -> object:
    return CliRunner().invoke(app, ["check", *[str(a) for a in args]], catch_exceptions=False)


def test_a_claim_that_holds_exits_zero(game):
    path = game(COORDINATION, "- {id: coordinate, claim: some-claim, equilibrium: {Row: Coordinate, Col: Coordinate}}\n")
    result = run(path)
    assert result.exit_code == 0, result.output
    assert "holds" in result.output and "coordinate" in result.output and "[some-claim]" in result.output
    assert "1 claims: 1 robust, 0 fragile (hold at the baseline only), 0 fail" in result.output


def test_a_failing_claim_exits_one_and_says_where_it_would_hold(game):
    # at k = 5 coordination needs B >= 5: exactly that condition, derived from the payoffs
    path = game(COORDINATION, "- {id: costly, at: {k: 5}, equilibrium: {Row: Coordinate, Col: Coordinate}}\n")
    result = run(path)
    assert result.exit_code == 1
    assert "FAILS" in result.output
    assert "Row gains 1 by switching to Split" in result.output
    assert "where it holds: exactly while B >= 5 (within the declared ranges)" in result.output


def test_region_of_a_failing_claim_at_the_baseline(game):
    # (Split, Split) is an equilibrium for every k and B, so "unique" fails everywhere: decided
    # exactly, cell by cell; "not_equilibrium" of (Coordinate, Coordinate) holds exactly while k > B
    path = game(COORDINATION, """\
        - {id: unique-coordination, unique: {Row: Coordinate, Col: Coordinate}}
        - {id: no-coordination, not_equilibrium: {Row: Coordinate, Col: Coordinate}}
        """)
    [unique, never] = check_paths([path])
    assert not unique.holds and "3 equilibria" in unique.detail
    assert unique.region == "exactly: nowhere within the declared ranges"
    assert not never.holds
    assert never.region == "exactly while k > B (within the declared ranges)"  # at k = 1: B < 1; at B = 4: k > 4


def test_set_overrides_change_the_verdict(game):
    path = game(COORDINATION, "- {id: coordinate, equilibrium: {Row: Coordinate, Col: Coordinate}}\n")
    assert run(path, "--set", "k=3").exit_code == 0
    assert run(path, "--set", "k=5").exit_code == 1
    result = run(path, "--set", "kk=1")
    assert result.exit_code == 2 and "kk" in result.output


def test_bad_expectation_is_an_input_error_with_its_place(game):
    path = game(COORDINATION, "- {id: typo, equilibrium: {Row: Coordinat, Col: Coordinate}}\n")
    result = run(path)
    assert result.exit_code == 2
    assert f"{path}:12:" in result.output
    assert "expect[0].equilibrium.Row" in result.output and "did you mean 'Coordinate'" in result.output


@pytest.mark.parametrize("expect, message", [
    ("- {id: two, equilibrium: {Row: Split, Col: Split}, unique: true}\n", "exactly one check"),
    ("- {id: partial, equilibrium: {Row: Split}}\n", "missing Col"),
    ("- {id: tree-only, spe_path: [Split]}\n", "game trees only"),
    ("- {id: a, dominant: {Row: Split}}\n- {id: a, dominant: {Row: Split}}\n", "duplicate expectation id"),
    ("- {id: r, dominant: {Row: Split}, robust: {at_least: 2}}\n", "between 0 and 1"),
    ("- {id: at, dominant: {Row: Split}, at: {q: 1}}\n", "unknown parameter 'q'"),
    ("- {id: typo, equlibrium: {Row: Split, Col: Split}}\n", "did you mean 'equilibrium'"),
    ("- {id: who, outcome: {Russia: Split}}\n", "unknown player 'Russia'"),
])
def test_malformed_expectations(game, expect, message):
    result = run(game(COORDINATION, expect))
    assert result.exit_code == 2
    assert message in result.output


def test_outcome_never_played_dominant_and_payoff_dominant(game):
    path = game(COORDINATION, """\
        - {id: payoff-dominant, payoff_dominant: {Row: Coordinate, Col: Coordinate}}
        - {id: strict, strict: {Row: Coordinate, Col: Coordinate}}
        - {id: not-dominant, dominant: {Row: Coordinate}}
        - {id: outcome, outcome: {Row: Coordinate}}
        - {id: dominant-when-free, at: {k: 0}, dominant: {Row: Coordinate}}
        - {id: never, at: {k: 7}, never_played: {Row: Coordinate}}
        """)
    verdicts = {r.id: r for r in check_paths([path])}
    assert verdicts["payoff-dominant"].holds and verdicts["strict"].holds
    # against Split, Coordinate pays -k < 0: not dominant, and Split-Split is an equilibrium
    assert not verdicts["not-dominant"].holds and "against (Col: Split)" in verdicts["not-dominant"].detail
    assert not verdicts["outcome"].holds
    # with k = 0 Coordinate ties Split against Split: weakly, not strictly, dominant
    assert not verdicts["dominant-when-free"].holds
    # with k = 7 > B, Coordinate is strictly dominated and never played
    assert verdicts["never"].holds


def test_robust_claims_are_reproducible_and_can_fail(game):
    # k ~ uniform[0, 6], B ~ uniform[0, 10] (a range and no distribution): coordination needs
    # k <= B, which has probability 1 - E[k] / 10 = 0.7
    path = game(COORDINATION, """\
        - {id: mostly, equilibrium: {Row: Coordinate, Col: Coordinate}, robust: {at_least: 0.5, draws: 300, seed: 7}}
        - {id: always, equilibrium: {Row: Coordinate, Col: Coordinate}, robust: {at_least: 0.95, draws: 300, seed: 7}}
        """)
    first, second = check_paths([path]), check_paths([path])
    assert [r.detail for r in first] == [r.detail for r in second]
    mostly, always = first
    # both hold at the baseline; only the first reaches its bar
    assert mostly.holds and always.holds
    assert mostly.status == "robust" and always.status == "fragile"
    share = mostly.verdict.share
    assert share.draws == 300 and share.seed == 7 and share == always.verdict.share
    low, high = share.interval
    assert low < share.value < high and abs(share.value - 0.7) < 0.08


def test_tree_paths_and_actions(game):
    path = game(ENTRY, """\
        - {id: entry, spe_path: [In, Accommodate]}
        - {id: threat-not-credible, spe_action: {In: Accommodate}}
        - {id: deterrence, at: {c: 0.5}, spe_path: [Out]}
        - {id: wrong, spe_path: [Out]}
        """)
    verdicts = {r.id: r for r in check_paths([path])}
    assert verdicts["entry"].holds and verdicts["threat-not-credible"].holds and verdicts["deterrence"].holds
    wrong = verdicts["wrong"]
    assert not wrong.holds and "Entrant plays In, not Out" in wrong.detail
    # exactly while the incumbent would fight; at c = 1 itself it is indifferent, and one of the two
    # subgame-perfect equilibria enters: the tie the region sets aside
    assert wrong.region == "exactly while c <= 1 (within the declared ranges; ties on a boundary aside)"


def test_repeated_sustained(game):
    path = game(REPEATED, """\
        - {id: sustained, sustained: true}
        - {id: impatient, at: {delta: 0.4}, sustained: false}
        - {id: stage, unique: {Row: Defect, Column: Defect}}
        """)
    verdicts = check_paths([path])
    assert all(v.holds for v in verdicts), [v.detail for v in verdicts]
    assert "1/2" in verdicts[0].detail


def test_conclusions_combine_expectations_across_files(tmp_path, game):
    game(COORDINATION, "- {id: coordinate, equilibrium: {Row: Coordinate, Col: Coordinate}}\n", "a.yaml")
    game(ENTRY, "- {id: entry, spe_path: [In, Accommodate]}\n", "b.yaml")
    (tmp_path / "conclusions.yaml").write_text(textwrap.dedent("""\
        kind: conclusions
        title: Two conclusions
        conclusions:
          - id: both
            claim: overall
            statement: Coordination and entry.
            requires:
              - {game: a.yaml, expect: coordinate}
              - {game: b.yaml, expect: entry}
        """), encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 0, result.output
    assert "3 claims: 3 robust, 0 fragile (hold at the baseline only), 0 fail" in result.output
    # raising k above B breaks coordination, and with it the conclusion
    result = run(tmp_path, "--set", "k=5")
    assert result.exit_code == 1
    assert "conclusions.yaml  both" in result.output and "a.yaml#coordinate" in result.output


def test_conclusion_naming_a_missing_expectation_is_bad_input(tmp_path, game):
    game(COORDINATION, "- {id: coordinate, equilibrium: {Row: Coordinate, Col: Coordinate}}\n", "a.yaml")
    (tmp_path / "c.yaml").write_text(textwrap.dedent("""\
        kind: conclusions
        title: Broken
        conclusions:
          - id: x
            requires: [{game: a.yaml, expect: coordinat}]
        """), encoding="utf-8")
    result = run(tmp_path / "c.yaml")
    assert result.exit_code == 2
    assert "did you mean 'coordinate'" in result.output


def test_json_output_and_python_api(game):
    path = game(COORDINATION, "- {id: coordinate, claim: c1, equilibrium: {Row: Coordinate, Col: Coordinate}}\n")
    result = run(path, "--json")
    data = json.loads(result.output)
    claim = data["claims"][0]
    assert claim["holds"] is True and claim["source"] == ["c1"] and claim["status"] == "robust"
    assert claim["verdict"]["share"]["draws"] == 200 and data["summary"]["robust"] == 1
    [verdict] = check_paths([path])
    assert isinstance(verdict, ClaimResult) and verdict.game == str(path) and verdict.region is None
    [scanned] = check_paths([path], regions=True)
    assert scanned.region == "exactly while B >= k (within the declared ranges)"


def test_missing_path_is_bad_input(tmp_path):
    result = run(tmp_path / "nope.yaml")
    assert result.exit_code == 2


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(-3, 3), min_size=2 * 2 * 3 * 2, max_size=2 * 2 * 3 * 2),
       st.sampled_from([(2, 2), (2, 3), (3, 2)]))
def test_dominance_solution_is_the_unique_equilibrium(values, shape):
    """When strict dominance leaves one profile, the solver finds exactly that equilibrium."""
    from fractions import Fraction

    from convenience.solvers import solve

    n = 2 * shape[0] * shape[1]
    payoffs = np.array([Fraction(v) for v in values[:n]], dtype=object).reshape((2, *shape))
    game = NormalFormGame(("A", "B"), (tuple(f"a{i}" for i in range(shape[0])), tuple(f"b{j}" for j in range(shape[1]))),
                          payoffs)
    only = dominance_solution(game)
    if only is None:
        return
    equilibria = solve(game).equilibria
    assert [e.pure_indices for e in equilibria] == [only]


def test_gambit_file_without_expectations_has_no_claims():
    bos = Path(__file__).resolve().parent / "data" / "bos.nfg"
    result = run(bos)
    assert result.exit_code == 0, result.output
    assert "0 claims: 0 robust, 0 fragile (hold at the baseline only), 0 fail" in result.output


@settings(deadline=None, max_examples=15)
@given(st.fractions(min_value=1, max_value=9).map(lambda f: f.limit_denominator(20)))
def test_holding_region_finds_a_hand_known_threshold(tmp_path_factory, threshold):
    """(Coordinate, Coordinate) is an equilibrium exactly while k <= B: the region scan over
    k in [0, 10] must report [0, B] to the printed precision (the right end may print as open
    when the shown decimal lies just above B)."""
    import re

    text = COORDINATION.replace("B: {value: 4, range: [0, 10]}", f"B: {{value: {threshold}, range: [0, 10]}}")
    text = text.replace("k: {value: 1, range: [0, 6], distribution: {type: uniform}}", "k: {value: 0, range: [0, 10]}")
    path = tmp_path_factory.mktemp("region") / "g.yaml"
    path.write_text(text + "  - {id: c, equilibrium: {Row: Coordinate, Col: Coordinate}}\n", encoding="utf-8")
    from convenience.expectations.parse import parse_expectations
    from convenience.expectations.regions import holding_region
    from convenience.spec import load_game

    game = load_game(path)
    region = holding_region(game, parse_expectations(game)[0], game.baseline())
    low, high = map(float, re.search(r"k in \[([-\d.e]+), ([-\d.e]+)[\])]", region).groups())
    assert low == 0
    assert abs(high - float(threshold)) <= 1e-3 * max(1.0, float(threshold))


def test_set_fixes_a_parameter_in_robustness_draws(game):
    # k and B uniform on their ranges: k <= B in 70% of draws; with both fixed, k = 5 > B = 4,
    # it holds in none
    path = game(COORDINATION, "- {id: r, equilibrium: {Row: Coordinate, Col: Coordinate}, robust: {at_least: 0.5}}\n")
    assert run(path).exit_code == 0
    result = run(path, "--set", "k=5", "--set", "B=4")
    assert result.exit_code == 1 and "FAILS" in result.output
    # with k fixed at 5 alone, B drawn on [0, 10]: it holds at B = 4? no (5 > 4), in half the draws B >= 5
    fixed = run(path, "--set", "k=5", "--json")
    [claim] = json.loads(fixed.output)["claims"]
    assert claim["status"] == "fails" and 0.4 < claim["verdict"]["share"]["share"] < 0.6


def test_regions_flag_scans_passing_claims_too(game):
    path = game(COORDINATION, "- {id: coordinate, equilibrium: {Row: Coordinate, Col: Coordinate}}\n")
    assert "where it holds" not in run(path).output
    result = run(path, "--regions")
    assert result.exit_code == 0
    assert "where it holds: exactly while B >= k (within the declared ranges)" in result.output
