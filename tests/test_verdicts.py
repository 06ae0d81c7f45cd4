"""Verdicts: robust, fragile or fails; shares with Wilson intervals; joint conclusions; flags.

The fixtures are two-by-two coordination games whose claims hold exactly when one parameter
passes a known value, so every share has a known true value the tests compare with.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convenience.cli import app
from convenience.expectations.run import judge_game
from convenience.expectations.verdict import Share, Verdict, likelihood, wilson
from convenience.pipeline import AnalysisOptions, analyse_library
from convenience.report.index import status_counts
from convenience.report.views import ClaimView, claim_from_result
from convenience.spec import load_game


def coordination(parameter: str, low: float, high: float, value: float, cut: float, draws: int = 2000,
                 extra: str = "") -> str:
    """(Coordinate, Coordinate) is an equilibrium exactly while ``parameter >= cut``."""
    return textwrap.dedent(f"""\
        title: Coordination on {parameter}
        players:
          Row: [Split, Coordinate]
          Col: [Split, Coordinate]
        parameters:
          {parameter}: {{value: {value}, range: [{low}, {high}]}}
          {extra}
        payoffs:
          Split: {{Split: [0, 0], Coordinate: [0, 0]}}
          Coordinate: {{Split: [0, 0], Coordinate: [{parameter} - {cut}, {parameter} - {cut}]}}
        expect:
          - id: coordinate
            equilibrium: {{Row: Coordinate, Col: Coordinate}}
            robust: {{draws: {draws}}}
        """)


@pytest.fixture
def write(tmp_path):
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def run(*args) -> object:
    return CliRunner().invoke(app, ["check", *[str(a) for a in args]], catch_exceptions=False)


def test_wilson_interval_and_calibrated_words():
    # textbook values: 8 of 10 -> (0.490, 0.943); 0 of 20 -> (0, 0.161)
    low, high = wilson(8, 10)
    assert abs(low - 0.4902) < 1e-3 and abs(high - 0.9433) < 1e-3
    low, high = wilson(0, 20)
    assert low == 0 and abs(high - 0.1611) < 1e-3
    assert [likelihood(x) for x in (1.0, 0.95, 0.7, 0.5, 0.2, 0.05, 0.0)] == [
        "virtually certain", "very likely", "likely", "about as likely as not", "unlikely", "very unlikely",
        "exceptionally unlikely"]


def test_status_against_the_bar():
    share = Share(30, 100, 0)
    assert Verdict.judge(True, share).status == "fragile"
    assert Verdict.judge(True, share, bar=0.25).status == "robust"
    assert Verdict.judge(False, Share(90, 100, 0)).status == "fails"
    assert Verdict.judge(True, None).status == "robust"  # nothing uncertain: holds within the model
    fragile = Verdict.judge(True, share)
    assert "fragile: 30%" in fragile.label() and "unlikely (30%)" in fragile.sentence()


def test_share_is_seeded_and_near_the_true_value(write):
    # x uniform on [0, 1] holds from 0.3 on: true share 0.7, bar 0.5 -> robust
    path = write("a.yaml", coordination("x", 0, 1, 0.8, 0.3))
    first, second = judge_game(load_game(path)), judge_game(load_game(path))
    [claim] = first.claims
    assert claim.verdict == second.claims[0].verdict
    share = claim.verdict.share
    low, high = share.interval
    assert share.draws == 2000 and low < 0.7 < high and claim.status == "robust"
    assert not claim.verdict.by_construction and first.outcome == share


def test_fragile_claim_counts_as_failure_only_when_strict(write):
    # holds at x = 0.8 but only for x >= 0.7: true share 0.3 < 0.5
    path = write("a.yaml", coordination("x", 0, 1, 0.8, 0.7))
    result = run(path)
    assert result.exit_code == 0 and "FRAGILE" in result.output and "at the baseline: holds" in result.output
    assert "most often broken by: x" in result.output and "where it holds:" in result.output
    assert run(path, "--strict").exit_code == 1
    data = json.loads(run(path, "--json").output)
    [claim] = data["claims"]
    assert claim["status"] == "fragile" and claim["verdict"]["likelihood"] == "unlikely"
    assert data["summary"] == {"robust": 0, "fragile": 1, "fails": 0, "by_construction": 0, "claims": 1}
    [game] = data["games"]
    assert game["fragile_parts"] == ["coordinate"] and game["outcome"]["draws"] == 2000


def test_a_fragile_claim_never_renders_as_a_plain_tick(write):
    path = write("a.yaml", coordination("x", 0, 1, 0.8, 0.7))
    [claim] = judge_game(load_game(path)).claims
    view = claim_from_result(claim)
    assert view.status == "fragile"
    assert "✅" not in view.result_text() and "fragile" in view.result_text()
    assert "✅" not in status_counts([view]) and "1 fragile" in status_counts([view])
    robust = ClaimView("r", (), "", True, verdict=Verdict.judge(True, Share(90, 100, 0)))
    assert robust.result_text().startswith("✅") and status_counts([robust]).startswith("✅")


def test_a_claim_true_by_construction_is_flagged(write):
    # x in [0.5, 1] never falls below the cut 0.3: no value in range can make it fail
    path = write("a.yaml", coordination("x", 0.5, 1, 0.8, 0.3))
    [claim] = judge_game(load_game(path)).claims
    assert claim.verdict.by_construction and claim.verdict.box.hits == claim.verdict.box.draws
    assert claim.verdict.construction_exact  # x - 0.3 is linear: its corners decide
    result = run(path)
    assert "true by construction" in result.output and "1 true by construction" in result.output
    assert "exact: it holds at every corner" in result.output
    # "not an equilibrium" is a disjunction over deviations, decided exactly too
    disjunction = write("n.yaml", coordination("x", 0.5, 1, 0.8, 0.3).replace(
        "equilibrium: {Row: Coordinate", "not_equilibrium: {Row: Coordinate").replace(
        "{Row: Coordinate, Col: Coordinate}", "{Row: Coordinate, Col: Split}"))
    [other] = judge_game(load_game(disjunction)).claims
    assert other.verdict.by_construction and other.verdict.construction_exact
    # payoffs of degree two in x: the corners no longer decide, so it is sampled and labelled so
    sampled = write("s.yaml", coordination("x", 0.5, 1, 0.8, 0.3).replace("x - 0.3", "x*x - 0.09"))
    [other] = judge_game(load_game(sampled)).claims
    assert other.verdict.by_construction and not other.verdict.construction_exact
    assert "sampled: it holds in all 2000 draws" in other.verdict.sentence()
    # with the cut inside the range it can fail: not flagged, and the box share is about 0.4
    [other] = judge_game(load_game(write("b.yaml", coordination("x", 0.5, 1, 0.8, 0.7)))).claims
    assert not other.verdict.by_construction
    low, high = other.verdict.box.interval
    assert low < 0.6 < high


def conclusions(shared: str = "") -> str:
    return textwrap.dedent(f"""\
        kind: conclusions
        {shared}
        conclusions:
          - id: both
            statement: Both games coordinate.
            requires:
              - {{game: a.yaml, expect: coordinate}}
              - {{game: b.yaml, expect: coordinate}}
        """)


def test_joint_conclusion_of_independent_games_is_the_product(write):
    # x >= 0.5 in half the draws, y >= 0.7 in 30%: independently both hold in 15%
    write("a.yaml", coordination("x", 0, 1, 0.8, 0.5))
    write("b.yaml", coordination("y", 0, 1, 0.8, 0.7))
    path = write("c.yaml", conclusions())
    library = analyse_library([path.parent], AnalysisOptions(parts=frozenset({"expectations"})))
    a, b = (g.expectations[0].verdict.share.value for g in library.games)
    [both] = library.conclusions
    share = both.verdict.share
    low, high = share.interval
    assert both.holds and both.status == "fragile" and share.draws == 2000
    assert low <= a * b <= high and low < 0.15 < high
    assert "drawn independently" in both.detail


def test_shared_parameters_take_one_value_in_every_game(write):
    # the same x in both games: both hold exactly when x >= 0.7, in 30% of joint draws (not 15%)
    write("a.yaml", coordination("x", 0, 1, 0.8, 0.5))
    write("b.yaml", coordination("x", 0, 1, 0.8, 0.7))
    path = write("c.yaml", conclusions("shared: [x]"))
    library = analyse_library([path.parent], AnalysisOptions(parts=frozenset({"expectations"})))
    [both] = library.conclusions
    share = both.verdict.share
    assert abs(share.value - 0.3) < 0.04 and share.interval[0] > 0.2  # 0.15 (independent) is far outside
    assert "x shared across them" in both.detail


def test_the_worked_example_in_the_docs_is_what_check_prints(monkeypatch):
    root = Path(__file__).resolve().parents[1]
    text = (root / "docs" / "verdicts.md").read_text(encoding="utf-8")
    block = text.split("$ convenience check verdict-coordination.yaml\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(root / "docs" / "examples")
    result = run("verdict-coordination.yaml")
    assert result.exit_code == 0 and result.output == block
    assert run("--strict", "verdict-coordination.yaml").exit_code == 1


DOMINANT = """\
title: A dominant strategy
players:
  Row: [Up, Down]
  Col: [Left, Right]
parameters:
  w: {value: 0.5, range: [0, 1], description: what Row gets from Down}
  c: {value: 1, range: [-1, 2], description: what Col gets from Left against Up}
  unused: {value: 1, range: [0, 3]}
payoffs:
  Up: {Left: [2, c], Right: [2, 0]}
  Down: {Left: [w, 0], Right: [w, 1]}
expect:
  - id: up
    dominant: {Row: Up}
"""


def test_inert_parameters_are_detected_and_shown(write, tmp_path):
    from convenience.expectations.inert import inert_parameters

    # Up pays 2 > w whatever w in [0, 1]: w moves nothing although it is in a payoff; c decides
    # Col's reply (Left while c > 0), so it moves the equilibrium; 'unused' is in no payoff
    path = write("d.yaml", DOMINANT)
    found = inert_parameters(load_game(path))
    assert found.inert == ("w", "unused") and found.points > 0
    # sampled, so the text says what was seen and claims no proof
    assert "w, unused moved no equilibrium" in found.text() and "sampled, not proven" in found.text()
    assert not found.exact
    result = run(path)
    assert "inert    " in result.output and "w, unused moved no equilibrium" in result.output
    analysed = CliRunner().invoke(app, ["analyze", str(path), "-n", "50", "-f", "json"], catch_exceptions=False)
    assert json.loads(analysed.output)["inert"]["inert"] == ["w", "unused"]
    # decided exactly when no ranged parameter is in a payoff
    only = write("e.yaml", DOMINANT.replace("range: [-1, 2]", "range: [1, 1]").replace(
        "  w: {value: 0.5, range: [0, 1], description: what Row gets from Down}\n", "").replace("[w, 0]", "[0, 0]")
        .replace("[w, 1]", "[0, 1]"))
    exact = inert_parameters(load_game(only))
    assert exact.inert == ("unused",) and exact.points == 0 and "appears in no payoff" in exact.text()
    assert exact.exact and "moves no equilibrium and no claim anywhere in range" in exact.text()


def test_a_parameter_moving_only_a_mixed_equilibrium_is_not_inert(write):
    from convenience.expectations.inert import inert_parameters

    # z only raises the (Alone, Alone) payoffs: pure equilibria stay, the mixed one moves with z
    text = coordination("x", 0, 1, 0.8, 0.5, extra="z: {value: 0.5, range: [0.1, 1]}").replace(
        "Split: [0, 0], Coordinate: [0, 0]}", "Split: [z, z], Coordinate: [0, 0]}")
    found = inert_parameters(load_game(write("m.yaml", text)))
    assert "z" not in found.inert


def test_the_search_for_inert_parameters_stops_once_every_parameter_has_a_role(monkeypatch):
    from convenience.expectations import inert

    game = load_game(Path(__file__).resolve().parent.parent / "games" / "federation.yaml")
    seen: list[dict] = []
    signature = inert._signature
    monkeypatch.setattr(inert, "_signature", lambda g, kind, exps, values: seen.append(values) or
                        signature(g, kind, exps, values))
    found = inert.inert_parameters(game)
    assert found.inert == ()  # every parameter of this game moves something
    box = inert.box_draws(game, inert.INERT_POINTS, 7)
    starts = [game.baseline()] + [{**game.baseline(), **{n: float(c[k]) for n, c in box.items()}}
                                  for k in range(inert.INERT_POINTS)]
    references = [k for k, values in enumerate(seen) if values in starts]
    assert len(references) < len(starts)  # the box points left were not visited
    assert references[-1] < len(seen) - 1  # the last point visited still had a parameter to move


# The entrant always stays out (1 beats -1 and 0); the incumbent would fight an entry exactly
# while c > 3, c uniform on [0, 6]: the plan off the path flips in half the draws, the path never.
OFF_PATH = """\
kind: tree
title: Deterrence that is never tested
players: [Entrant, Incumbent]
parameters:
  c: {value: 4, range: [0, 6]}
tree:
  player: Entrant
  actions:
    Out: {payoffs: {Entrant: 1, Incumbent: 4}}
    In:
      player: Incumbent
      actions:
        Fight: {payoffs: {Entrant: -1, Incumbent: c - 3}}
        Accommodate: {payoffs: {Entrant: 0, Incumbent: 0}}
expect:
  - id: stays-out
    spe_path: [Out]
    robust: {draws: 1000}
"""


def test_off_path_changes_are_told_apart_from_changes_of_play(write):
    path = write("deterrence.yaml", OFF_PATH)
    found = judge_game(load_game(path))
    assert found.play is not None and found.profile is not None
    assert found.play.hits == found.play.draws == 1000  # the path never changes
    low, high = found.profile.interval
    assert low < 0.5 < high and found.profile.hits < 600  # the incumbent's plan flips in half the draws
    assert "plans off the path included" in found.play_text()
    result = run(path)
    assert "play     " in result.output and "stays the baseline's in 100%" in result.output
    data = json.loads(run(path, "--json").output)
    assert data["schema"] == 3
    [game] = data["games"]
    assert game["play"]["share"] == 1.0 and 0.4 < game["profile"]["share"] < 0.6


def test_the_sensitivity_monte_carlo_and_the_index_give_play_beside_the_profile(write):
    from types import SimpleNamespace

    from convenience.analysis.sensitivity.analyze import analyze
    from convenience.report.index import _robustness
    from convenience.report.sensitivity import sensitivity_view

    game = load_game(write("deterrence.yaml", OFF_PATH))
    report = analyze(game, samples=4000, seed=1)
    mc = report.monte_carlo
    assert mc.play_share().share == 1.0
    low, high = mc.baseline_share().interval
    assert low < 0.5 < high
    view = sensitivity_view(game, report)
    assert view.robustness.play is not None and view.robustness.play[0] == 1.0
    cell = _robustness(SimpleNamespace(sensitivity=view, verdicts=None))
    assert cell.startswith("play unchanged 100.0% (") and ", whole profile 4" in cell  # 49.3% with seed 1
    # a strategic form's play is its profile: one figure
    strategic = load_game(write("c.yaml", coordination("x", 0, 1, 0.8, 0.3)))
    plain = sensitivity_view(strategic, analyze(strategic, samples=500))
    assert plain.robustness.play is None
    assert _robustness(SimpleNamespace(sensitivity=plain, verdicts=None)).startswith("equilibria unchanged")


def trust(payoff: str = "q - r - c") -> str:
    """(Trust, Trust) is an equilibrium exactly while ``payoff >= 0``: c, q and r all uncertain."""
    return textwrap.dedent(f"""\
        title: Trust under three costs
        players:
          Row: [Trust, Guard]
          Col: [Trust, Guard]
        parameters:
          q: {{value: 6, range: [0, 10]}}
          r: {{value: 1, range: [0, 4]}}
          c: {{value: 2, range: [0, 8]}}
        payoffs:
          Trust: {{Trust: [{payoff}, {payoff}], Guard: [-1, 0]}}
          Guard: {{Trust: [0, -1], Guard: [0, 0]}}
        expect:
          - id: trust
            equilibrium: {{Row: Trust, Col: Trust}}
            robust: {{at_least: 0.9, draws: 400}}
          - id: no-trust
            not_equilibrium: {{Row: Trust, Col: Trust}}
            at: {{q: 4}}
        """)


def test_where_a_fragile_claim_holds_is_given_as_exact_conditions(write):
    import sympy

    path = write("trust.yaml", trust())
    found = judge_game(load_game(path))
    claim, failing = found.claims
    v = claim.verdict
    assert claim.status == "fragile" and v.needs_exact and v.join == "and"
    assert v.conditions == ("q >= r + c",)
    assert claim.region == "exactly while q >= r + c (within the declared ranges)"
    # the conditions are exactly where the claim holds: same verdict at every one of its draws
    from convenience.expectations.draws import declared_draws

    samples = declared_draws(load_game(path), 400, 0)
    condition = sympy.sympify(v.conditions[0].replace(">=", "-(") + ") >= 0")
    by_condition = [bool(condition.subs({sympy.Symbol(n): samples[n][k] for n in samples})) for k in range(400)]
    assert sum(by_condition) == v.share.hits
    # not an equilibrium: some deviation gains, a disjunction (q is 4 here and 4 - r - c >= 0 at the baseline: it fails there)
    assert failing.status == "fails" and failing.verdict.join == "or"
    assert failing.region == "exactly while r + c > 4 (within the declared ranges)"
    data = json.loads(run(path, "--json").output)
    first = data["claims"][0]["verdict"]
    assert first["needs_exact"] is True and first["conditions"] == ["q >= r + c"] and first["join"] == "and"
    assert "where it holds: exactly while q >= r + c" in run(path).output


def test_without_an_exact_form_the_region_is_a_labelled_scan(write):
    path = write("trust.yaml", trust("q - r - c*c"))  # quadratic in c: no exact linear form
    claim = judge_game(load_game(path)).claims[0]
    assert claim.status == "fragile" and not claim.verdict.needs_exact and claim.verdict.conditions == ()
    assert claim.region.startswith("scanned one parameter at a time, the others at baseline: ")


# Entry deterrence with the incumbent's price war costing c: it fights exactly while c < 1,
# the entrant stays out exactly then (c uniform on [0, 4]).
ENTRY = """\
kind: tree
title: Entry deterrence
players: [Entrant, Incumbent]
parameters:
  c: {value: 0.5, range: [0, 4]}
  w: {value: 1, range: [0.5, 2]}
tree:
  player: Entrant
  actions:
    Out: {payoffs: {Entrant: 0, Incumbent: 4}}
    In:
      player: Incumbent
      actions:
        Fight: {payoffs: {Entrant: -w, Incumbent: 1 - c}}
        Accommodate: {payoffs: {Entrant: w, Incumbent: 0}}
expect:
  - id: deterred
    spe_path: [Out]
  - id: entry-is-met-somehow
    spe_action: {start: In}
    at: {c: 2}
  - id: entrant-can-lose
    spe_path: [In, Accommodate]
    at: {c: 2}
"""


def test_a_tree_claim_gets_exact_conditions_and_an_exact_construction_flag(write):
    found = {c.id: c for c in judge_game(load_game(write("entry.yaml", ENTRY))).claims}
    deterred = found["deterred"]
    assert deterred.status == "fragile" and deterred.verdict.needs_exact
    assert deterred.region == "exactly while c <= 1 (within the declared ranges; ties on a boundary aside)"
    low, high = deterred.verdict.share.interval
    assert low < 0.25 < high  # c <= 1 on a uniform [0, 4]
    # with c = 2 the incumbent never fights: entry and accommodation at every w in range, exactly
    for ident in ("entry-is-met-somehow", "entrant-can-lose"):
        v = found[ident].verdict
        assert v.by_construction and v.construction_exact and "subgame-perfect" in v.construction_basis()
