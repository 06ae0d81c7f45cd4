"""Reports an analyst can read in one screen: one game of each kind, from outside the library.

Golden files (``tests/golden/readable``) for a 2x2 tariff war, a three-player volunteer's
dilemma, the Cuban missile crisis as a tree, crisis bargaining with private resolve written
with an explicit chance move and information sets, and a cartel as a repeated game whose
discount factor is written in a discount rate. Each is checked for the length of its verdict,
the length of its table cells and the absence of repeated or contradicting sentences.
Regenerate after an intended change with ``UPDATE_GOLDEN=1 python -m pytest tests/test_report_readable.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from report_structure import (
    MAX_VERDICT_WORDS,
    readability_problems,
    report_problems,
    sections,
    verdict_of,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "readable"
GOLDEN = ROOT / "tests" / "golden" / "readable"
GAMES = ["tariff", "volunteers", "missiles", "crisis", "cartel"]
SAMPLES = 500


def _path(name: str) -> Path:
    return ROOT / "tests" / "data" / "report" / "volunteers.yaml" if name == "volunteers" else DATA / f"{name}.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from convenience.commands.report import build_outputs

    out = tmp_path_factory.mktemp("readable")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        outputs = build_outputs([_path(g).relative_to(ROOT) for g in GAMES], out, samples=SAMPLES, seed=0, jobs=1)
    finally:
        os.chdir(cwd)
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return out


@pytest.mark.parametrize("name", GAMES)
def test_golden(built, name):
    text = (built / f"{name}.md").read_text(encoding="utf-8")
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("name", GAMES)
def test_readable_and_well_formed(built, name):
    path = built / f"{name}.md"
    assert not report_problems(path)
    assert not readability_problems(path.read_text(encoding="utf-8"), name)
    assert len(verdict_of(path.read_text(encoding="utf-8")).split()) <= MAX_VERDICT_WORDS


def test_2x2_verdict_names_the_dilemma_and_the_decisive_comparison(built):
    verdict = verdict_of((built / "tariff.md").read_text(encoding="utf-8"))
    assert "Prisoner's Dilemma" in verdict and "E1 (Tariff, Tariff)" in verdict
    assert "It rests on l = 2 > d = 1" in verdict


def test_tree_verdict_is_the_path_in_plain_words(built):
    verdict = verdict_of((built / "missiles.md").read_text(encoding="utf-8"))
    assert "**USSR refrains**" in verdict
    assert "non-credible" in verdict


def test_explicit_chance_gets_perfect_bayesian_equilibria_and_the_intuitive_criterion(built):
    text = (built / "crisis.md").read_text(encoding="utf-8")
    verdict = verdict_of(text)
    assert "Pooling on Mobilize (E1, E3)" in verdict and "survives the Intuitive Criterion" in verdict
    assert "Pooling on Stand (E2, E4)" in verdict and "fails the Intuitive Criterion" in verdict
    pbe = sections(text)["### Perfect Bayesian equilibria"]
    assert "P(Resolved) in [0, 1/2]" in pbe and "Resolved 9/10, Irresolute 1/10" in pbe


def test_repeated_verdict_gives_the_threshold_in_the_users_own_parameter(built):
    verdict = verdict_of((built / "cartel.md").read_text(encoding="utf-8"))
    # 1/(1 + r) >= 1/2 exactly when r <= 1
    assert "at least **1/2**, that is when r <= 1" in verdict
    assert "Cooperation is sustained in" in verdict


def test_stability_never_claims_strict_preference_and_judges_pareto_twice(built):
    stability = sections((built / "tariff.md").read_text(encoding="utf-8"))["## Stability"]
    assert "Pareto-efficient among equilibria" in stability and "Pareto-efficient among all outcomes" in stability
    assert "| E1 | yes | 1 | yes | no |" in stability  # efficient among equilibria (the only one), not overall


def test_checker_catches_long_verdicts_and_contradictions():
    long = "# T\n\n## Verdict\n\n" + "word " * 130 + "\n\n## The game\n"
    assert any("words" in p for p in readability_problems(long))
    twice = "# T\n\n## Verdict\n\nIt holds. It holds.\n\n## The game\n"
    assert any("repeats" in p for p in readability_problems(twice))
    contradiction = ("# T\n\n## Verdict\n\nOk.\n\n## Sensitivity\n\n### Robustness\n\n(2,000 draws, seed 0)\n\n"
                     "- no Monte Carlo was run.\n\n## Provenance and reproducibility\n\n- Monte Carlo with 20,000 "
                     "draws, seed 0\n")
    found = readability_problems(contradiction)
    assert any("no Monte Carlo" in p for p in found) and any("provenance" in p for p in found)


def test_beliefs_held_at_several_information_sets_are_written_once():
    from fractions import Fraction
    from types import SimpleNamespace

    from convenience.report.sections import _beliefs_text, _ranges_text

    same = {"Reliable": Fraction(1, 5), "Opportunist": Fraction(4, 5)}
    e = SimpleNamespace(beliefs={"dialogue": same, "after an offer": same, "later": {"Reliable": 1, "Opportunist": 0}},
                        belief_ranges={"no offer": "P(Reliable) in [0, 1]", "silence": "P(Reliable) in [0, 1/3]"})
    assert _beliefs_text(e) == ("at dialogue and after an offer: Reliable 1/5, Opportunist 4/5; "
                                "at later: Reliable 1, Opportunist 0")
    assert _ranges_text(e) == "at no offer: any belief; at silence: P(Reliable) in [0, 1/3]"


# -- figures ----------------------------------------------------------------------------------
def _figures(text: str) -> dict[str, str]:
    """Figure file stem -> its alt text, for every image of a report."""
    import re

    return {m.group(2): m.group(1) for m in re.finditer(r"^!\[(.*)\]\(figures/([^)]+)\.png\)$", text, re.M)}


@pytest.mark.parametrize("name", GAMES)
def test_every_kind_of_game_gets_a_two_sided_tornado_listing_every_parameter(built, name):
    from convenience.pipeline import load_library

    text = (built / f"{name}.md").read_text(encoding="utf-8")
    alt = _figures(text)[f"{name}-tornado"]
    assert "fall (left) or rise (right)" in alt
    [(_, game)] = load_library([_path(name)]).games
    for parameter in game.parameters:  # parameters without a threshold are listed, not dropped
        assert f"{parameter} (baseline" in alt or f"{parameter}: no threshold in" in alt, parameter


def test_tornado_bars_give_threshold_values_and_direction(built):
    alt = _figures((built / "tariff.md").read_text(encoding="utf-8"))["tariff-tornado"]
    assert "l (baseline 2): falls to d = 1; no threshold up to 4" in alt
    assert "d (baseline 1): no threshold down to 0; rises to l = 2" in alt
    assert "g: no threshold in [0, 4]" in alt


def test_strategic_form_regime_map_is_traced_from_its_exact_boundary(built):
    text = (built / "tariff.md").read_text(encoding="utf-8")
    assert "exact boundaries from the symbolic conditions" in _figures(text)["tariff-regime-l-d"]
    svg = (built / "figures" / "tariff-regime-l-d.svg").read_text(encoding="utf-8")
    assert "<image" not in svg  # vector regions, no raster of grid cells


def test_exact_regions_follow_the_curve_and_refuse_a_grid_they_do_not_explain():
    import numpy as np
    import sympy

    from convenience.report.plots import exact_regions
    from convenience.report.views import RegimeMap

    l, d = sympy.symbols("l d", real=True)
    xs, ys = np.linspace(0, 4, 21), np.linspace(0, 3, 16)
    X, Y = np.meshgrid(xs, ys)
    codes = np.where(Y < X, 0, np.where(Y > X, 1, 2))  # below, above and on the line d = l
    m = RegimeMap("l", "d", "l", "d", xs, ys, codes, ("below", "above", "on"), (2.0, 1.0), (), (d - l,), True,
                  "equilibria", ("d = l",))
    X2, Y2, areas, lines = exact_regions(m, points=101)
    assert set(areas) == {0, 1} and set(lines) == {2} and all(c == (0,) for *_, c in lines[2])
    assert all(abs(x - y) < 1e-12 for x, y, _ in lines[2])  # found only on the line d = l
    inside = areas[0] < 0
    assert np.all(Y2[inside] < X2[inside] + 1e-12) and np.all(Y2[areas[1] < 0] > X2[areas[1] < 0] - 1e-12)
    wrong = codes.copy()
    wrong[0, -1] = 1  # a point far below the line found above it: the curve does not explain the grid
    assert exact_regions(RegimeMap("l", "d", "l", "d", xs, ys, wrong, ("below", "above", "on"), (2.0, 1.0), (),
                                   (d - l,), True, "equilibria", ("d = l",)), points=101) is None


def test_perfect_information_tree_gets_a_map_of_its_subgame_perfect_paths(built):
    text = (built / "missiles.md").read_text(encoding="utf-8")
    alt = _figures(text)["missiles-regime-f-s"]
    assert "subgame-perfect paths" in alt and "USSR refrains" in alt


def test_repeated_game_gets_the_exact_critical_discount_curve_in_its_own_parameter(built):
    text = (built / "cartel.md").read_text(encoding="utf-8")
    alt = _figures(text)["cartel-sustain-t-r"]
    assert "1/(r + 1)" in alt and "(t - 3)/(t - 1)" in alt
    assert "agreed with the game solved at" in text


@pytest.mark.parametrize("name", ["tariff", "volunteers", "missiles", "cartel"])
def test_outcome_shares_along_the_most_fragile_parameter(built, name):
    figures = _figures((built / f"{name}.md").read_text(encoding="utf-8"))
    [share] = [stem for stem in figures if stem.startswith(f"{name}-shares-")]
    assert "draws of the other parameters (seed 0)" in figures[share]


def test_figures_are_the_same_bytes_on_every_run():
    from convenience.report.plots import FigureSpec, figure_bytes, make_figure

    spec = FigureSpec("x", "shares", "", "", _shares())
    assert figure_bytes(make_figure(spec), "svg") == figure_bytes(make_figure(spec), "svg")
    assert figure_bytes(make_figure(spec), "png") == figure_bytes(make_figure(spec), "png")


def _shares():
    from convenience.report.views import SharesView

    return SharesView("c", "cost", (0.5, 1.5, 2.5), ("E1", "E2"), ((1.0, 0.5, 0.0), (0.0, 0.5, 1.0)), 10, 0, 1.0,
                      "equilibrium set")


def test_hidden_information_tree_gets_a_sampled_map_labelled_as_sampled(built):
    """Crisis bargaining (chance and information sets: no exact conditions) gets a map solved
    at seeded points, said to be a sample in its alt text, caption and provenance, whose
    points add up to the count it states; the exact maps of other games never say so."""
    import re
    import xml.etree.ElementTree as ET

    text = (built / "crisis.md").read_text(encoding="utf-8")
    figures = _figures(text)
    [stem] = [s for s in figures if s.startswith("crisis-sampled-")]
    alt = figures[stem]
    assert alt.startswith("Sampled map (not exact)") and "256 points" in alt and "16 × 16 grid (seed 0)" in alt
    assert sum(int(n) for n in re.findall(r": (\d+) of 256 points", alt)) == 256
    assert "*Sampled, not exact:" in text and "sampled map at 256 points (16×16 cells), seed 0" in text
    assert "No regime map" not in text
    ET.parse(built / "figures" / f"{stem}.svg")  # well-formed
    assert (built / "figures" / f"{stem}.png").stat().st_size > 0
    for name in ("tariff", "missiles"):
        other = (built / f"{name}.md").read_text(encoding="utf-8")
        assert "Sampled" not in other and "exact boundaries from the symbolic conditions" in other


def test_repeated_game_whose_condition_changes_across_the_plane_gets_a_sampled_map(tmp_path):
    """A cartel whose stage game turns into Chicken past t = 6: the condition found at the
    baseline does not hold across the plane, so no exact sustainability map; the report draws
    the game solved at seeded points instead, each point saying whether the target is sustained
    there, as the repeated game solved at that point says."""
    import xml.etree.ElementTree as ET

    from convenience.commands.report import build_outputs
    from convenience.pipeline import AnalysisOptions, analyse_game
    from convenience.repeated.solve import repeated_verdict
    from convenience.spec import load_game

    path = ROOT / "tests" / "data" / "repeated_chicken.yaml"
    game = load_game(path)
    m = analyse_game(game, AnalysisOptions(samples=300)).sensitivity.sampled_map
    assert m is not None and m.what == "outcome" and (m.x, m.y) == ("t", "delta") and len(m.points) == 256
    target = "(North: Quota; South: Quota)"
    assert set(m.labels) == {f"{target} sustained", f"{target} not sustained"}
    for (t, delta), label in list(zip(m.points, m.labels))[::7]:
        sustained = repeated_verdict(game.at({"t": t, "delta": delta})).extra["repeated"].sustained
        assert sustained == (label == f"{target} sustained"), (t, delta, label)
    outputs = build_outputs([path], tmp_path, samples=300, seed=0, jobs=1)
    for out, data in outputs.items():
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    text = (tmp_path / "repeated_chicken.md").read_text(encoding="utf-8")
    [stem] = [s for s in _figures(text) if s.startswith("repeated_chicken-sampled-t-delta")]
    alt = _figures(text)[stem]
    assert alt.startswith("Sampled map (not exact)") and "(Quota, Quota) sustained: " in alt
    assert "No sustainability map: the condition found at the baseline does not hold at t = " in text
    assert "The sampled map shows the game solved at random points instead." in text
    assert "the condition found at the baseline does not hold across this plane" in text
    ET.parse(tmp_path / "figures" / f"{stem}.svg")
    assert report_problems(tmp_path / "repeated_chicken.md") == []


def test_sampled_map_points_are_the_game_solved_there():
    """Each point of a sampled map carries the play the solver finds at that point."""
    from convenience.analysis.montecarlo.robustness import set_label
    from convenience.analysis.sensitivity.generic import _sets_at, solve_runner
    from convenience.analysis.sensitivity.planes import sampled_map
    from convenience.equilibria import solve_game
    from convenience.spec import load_game

    game = load_game(DATA / "crisis.yaml")
    runner, _ = solve_runner(game, solve_game)
    with runner:
        m = sampled_map(game, runner, "b", "p", seed=3, cells=4)
    assert len(m.points) == 16 and m.what == "play" and len(set(m.labels)) >= 2
    for (b, p), label in list(zip(m.points, m.labels))[::5]:
        assert set_label(_sets_at(game, solve_game, {"b": b, "p": p})[1]) == label
    cells = {(int(b // 1), int(p // 0.25)) for b, p in m.points}
    assert len(cells) == 16  # one point in each cell


def test_binned_shares_count_the_draws_in_each_bin():
    from convenience.analysis.montecarlo.robustness import DrawRecord
    from convenience.analysis.sensitivity.planes import binned_shares

    xs = (0.1, 0.2, 0.3, 0.6, 0.7, 0.9, 0.95)
    record = DrawRecord((("x", xs),), ("A", "A", "B", "B", "B", "A", "B"))
    sh = binned_shares(record, "x", 0.0, 1.0, 0.5, seed=0, what="equilibrium set", outcome=str, bins=2, least=3)
    assert sh.xs == (0.25, 0.75) and sh.counts == (3, 4) and sh.outcomes == ("B", "A")
    assert sh.shares == ((1 / 3, 3 / 4), (2 / 3, 1 / 4))
    assert binned_shares(record, "x", 0.0, 1.0, 0.5, seed=0, what="", outcome=str, bins=2, least=4).counts == (4,)
    assert binned_shares(record, "y", 0.0, 1.0, 0.5, seed=0, what="", outcome=str) is None


def test_draw_by_draw_games_get_shares_from_the_runs_own_draws(built):
    text = (built / "crisis.md").read_text(encoding="utf-8")
    [alt] = [a for s, a in _figures(text).items() if s.startswith("crisis-shares-")]
    assert alt.startswith("Outcome shares from the run's 500 Monte Carlo draws (seed 0, every parameter drawn)")
    assert "with each play" in alt


def test_repeated_game_whose_condition_changes_gets_a_sustained_share_chart(tmp_path):
    """A repeated game whose baseline condition fails when every parameter moves: the share of
    the run's draws in which cooperation is sustained, along the most fragile parameter."""
    import xml.etree.ElementTree as ET

    from convenience.commands.report import build_outputs

    outputs = build_outputs([ROOT / "tests" / "data" / "repeated_trust.yaml"], tmp_path, samples=300, seed=0, jobs=1)
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    text = (tmp_path / "repeated_trust.md").read_text(encoding="utf-8")
    [(stem, alt)] = [(s, a) for s, a in _figures(text).items() if "-shares-" in s]
    assert "the run's 300 Monte Carlo draws (seed 0" in alt and " sustained: " in alt and "not sustained: " in alt
    ET.parse(tmp_path / "figures" / f"{stem}.svg")
    assert report_problems(tmp_path / "repeated_trust.md") == []


def test_analyze_json_carries_the_sampled_map_and_binned_shares(tmp_path):
    import json

    from typer.testing import CliRunner

    from convenience.cli import app

    result = CliRunner().invoke(app, ["analyze", str(DATA / "crisis.yaml"), "-f", "json", "-n", "300"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    m, shares = found["sampled_map"], found["outcome_shares"]
    assert m["method"] == "sampled" and m["cells"] == 16 and len(m["points"]) == 256 and m["seed"] == 0
    assert {m["x"], m["y"]} == {"b", "p"} and all({"b", "p", "outcome"} <= set(pt) for pt in m["points"])
    assert shares["method"] == "binned" and shares["draws"] == 300 and sum(shares["bin_draws"]) <= 300
    assert found["sustain_map"] is None


def test_analyze_json_carries_the_exact_regime_map_the_report_draws(tmp_path):
    import json

    from typer.testing import CliRunner

    from convenience.cli import app
    from convenience.pipeline import AnalysisOptions, analyse_game
    from convenience.spec import load_game

    result = CliRunner().invoke(app, ["analyze", str(DATA / "tariff.yaml"), "-f", "json", "-n", "200"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)["regime_map"]
    drawn = analyse_game(load_game(DATA / "tariff.yaml"), AnalysisOptions(samples=200)).sensitivity.regime_map
    assert found is not None and drawn is not None
    assert (found["x"], found["y"]) == (drawn.x, drawn.y) and found["grid"] == [list(r) for r in drawn.grid]
    assert [r["label"] for r in found["regions"]] == [r.label for r in drawn.regions]
    assert [b["equations"] for b in found["boundaries"]] == [list(b.equations) for b in drawn.boundaries]
    # a plane given with --grid is the user's own: the map is drawn over it instead
    result = CliRunner().invoke(app, ["analyze", str(DATA / "tariff.yaml"), "-f", "json", "-n", "0",
                                      "--grid", "l=1:3:5", "--grid", "d=0:2:5"])
    assert result.exit_code == 0, result.output
    mine = json.loads(result.output)["regime_map"]
    assert (mine["x"], mine["y"]) == ("l", "d") and len(mine["xs"]) == 5 and len(mine["grid"]) == 5


# -- length: what repeated or was noise is cut ------------------------------------------------
def test_rare_sets_are_gathered_into_one_row():
    from convenience.report.sections import _share_rows

    sets = [("E1", 0.5), ("E2", 0.3), ("E3", 0.17), ("E4", 0.02), ("E5", 0.006), ("E6", 0.004)]
    rows = _share_rows(sets, "sets")
    assert rows[:4] == [["E1", "50.0%"], ["E2", "30.0%"], ["E3", "17.0%"], ["E4", "2.0%"]]
    assert rows[4] == ["2 other sets", "1.0%"]
    assert _share_rows(sets[:5], "sets")[-1] == ["E5", "0.6%"]  # one rare row stays itself
    many = [(f"E{k}", 0.1) for k in range(1, 11)]
    assert len(_share_rows(many, "sets")) == 9 and _share_rows(many, "paths")[-1] == ["2 other paths", "≤ 10.0% each"]


def test_equal_stability_rows_share_one_row():
    from convenience.report.sections import _grouped_rows
    from convenience.report.views import StabilityRow

    rows = [StabilityRow("E2", ("no", "0")), StabilityRow("E3", ("no", "0")), StabilityRow("E1", ("yes", "1")),
            StabilityRow("E4", ("no", "0")), StabilityRow("E5", ("no", "1"))]
    assert _grouped_rows(rows) == [["E2–E4", "no", "0"], ["E1", "yes", "1"], ["E5", "no", "1"]]


def test_many_boundaries_are_listed_as_their_curves_once():
    from types import SimpleNamespace

    from convenience.report.sections import _boundary_items

    few = SimpleNamespace(boundaries=("A | B: d = l", "B | C: d = 1; l = 2"))
    assert _boundary_items(few) == ["- A | B: d = l", "- B | C: d = 1; l = 2"]
    many = SimpleNamespace(boundaries=tuple(f"R{k} | R{k + 1}: d = l; l = {k % 2}" for k in range(6)))
    assert _boundary_items(many) == ["- 6 pairs of regions meet along: d = l; l = 0; l = 1"]


def test_plans_read_back_with_commas_in_information_set_labels():
    from types import SimpleNamespace

    from convenience.report.names import _choices_by_label

    sets = [SimpleNamespace(label="reliable Russia, Iran hedging", actions=["Loyal", "Deal"]),
            SimpleNamespace(label="opportunist Russia, Iran hedging", actions=["Loyal", "Deal"])]
    assert _choices_by_label("reliable Russia, Iran hedging: Loyal, opportunist Russia, Iran hedging: Deal", sets) == \
        {"reliable Russia, Iran hedging": "Loyal", "opportunist Russia, Iran hedging": "Deal"}
    assert _choices_by_label("reliable Russia, Iran hedging: Betray", sets) is None


def test_full_plans_list_exactly_the_names_the_report_uses(built):
    from report_structure import _plan_problems

    for name in ("missiles", "crisis"):
        text = (built / f"{name}.md").read_text(encoding="utf-8")
        assert "### Full plans" in text and _plan_problems(text, sections(text), name) == []
    broken = "### Full plans\n\n| Name | A |\n| :--- | :--- |\n| E1 | x |\n| E2 | y |\n\n## Stability\n\nE1 and E3.\n"
    assert _plan_problems(broken, sections(broken), "t") == ["t: plan of E2 listed but never named elsewhere",
                                                             "t: E3 named but its plan is not listed"]


def test_a_repeated_draw_is_read_as_what_it_says_of_the_target():
    from convenience.pipeline import _sustained_part

    assert _sustained_part("(Quota, Quota) not sustained + Row: Cheat; Column: Cheat") == "(Quota, Quota) not sustained"
    assert _sustained_part("3 periods: target sustained in period(s) 1, 2: (C, C) -> (C, C) -> (P, P) + Row: D; "
                           "Column: D") == "target sustained in period(s) 1, 2"
    assert _sustained_part("Row: Defect; Column: Defect") == ""


def test_an_outcome_has_one_colour_across_the_regime_map_and_the_share_chart():
    from types import SimpleNamespace

    from convenience.report.plots import PALETTE, outcome_colours

    regime = SimpleNamespace(regimes=("E1 (Prisoner's Dilemma)", "E2 + E3 (Chicken)"), outcomes=("E1", "E2 + E3"))
    shares = SimpleNamespace(outcomes=("E2 + E3", "E4", "E1"))
    colours = outcome_colours(SimpleNamespace(maps=(regime,), shares=shares, sampled=None))
    assert colours == {"E1": PALETTE[0], "E2 + E3": PALETTE[1], "E4": PALETTE[2]}
    # more outcomes than colours: a new one takes a colour its own figure does not use yet
    many = SimpleNamespace(regimes=tuple(f"R{k}" for k in range(len(PALETTE))), outcomes=())
    chart = SimpleNamespace(outcomes=("R1", "new"))
    colours = outcome_colours(SimpleNamespace(maps=(many,), shares=chart, sampled=None))
    assert colours["new"] == PALETTE[0] and colours["R1"] == PALETTE[1]


def test_report_figures_colour_each_outcome_alike():
    from matplotlib.colors import to_hex

    from convenience.report.build import build_report
    from convenience.report.plots import figure_specs, make_figure
    from convenience.spec import load_game

    report = build_report(load_game(DATA / "tariff.yaml"), DATA / "tariff.yaml", samples=200)
    specs = {spec.kind: spec for spec in figure_specs(report)}
    regime, shares = specs["regime"], specs["shares"]
    assert set(regime.data.outcomes) & set(shares.data.outcomes) and regime.colours is shares.colours

    def drawn(spec, texts, outcomes):
        """The legend colour of each outcome (its text ``texts[k]``) in the figure drawn from ``spec``."""
        legend = make_figure(spec).legends[0]
        out = {}
        for h, text in zip(legend.legend_handles, legend.get_texts()):
            label = " ".join(text.get_text().split("\n"))
            colour = h.get_facecolor() if hasattr(h, "get_facecolor") else h.get_color()
            out.update({o: to_hex(colour).upper() for t, o in zip(texts, outcomes) if label.endswith(t)})
        return out

    colours = {o: c.upper() for o, c in regime.colours.items()}
    m, sh = regime.data, shares.data
    assert drawn(regime, m.regimes, m.outcomes) == {o: colours[o] for o in m.outcomes}
    assert drawn(shares, sh.outcomes, sh.outcomes) == {o: colours[o] for o in sh.outcomes}


def test_an_outcome_has_one_colour_in_the_sampled_map_and_the_share_chart():
    from convenience.report.plots import _in_order_of
    from convenience.report.views import SampledView

    m = SampledView("x", "y", "x", "y", (0, 1), (0, 1), (0.5, 0.5), ((0.1, 0.1), (0.2, 0.2), (0.3, 0.3)),
                    ("A", "B", "C"), ("A", "B", "C"), 2, 0, "play")
    assert _in_order_of(m, _shares()).outcomes == ("A", "B", "C")  # the chart shows neither
    chart = _shares().__class__("c", "cost", (0.5,), ("C", "A", "D"), ((0.5,), (0.25,), (0.25,)), 10, 0, 1.0, "play")
    assert _in_order_of(m, chart).outcomes == ("C", "A", "B")
    assert _in_order_of(m, None) is m
