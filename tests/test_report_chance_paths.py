"""Reports of trees whose play passes a chance move inside the tree.

Where the paths of an equilibrium part at a chance move, the report names the shared start
once and gives each outcome of the chance move its own line: an item of a list in the
verdict (a chance move inside an outcome's play in a list under it), a line (``<br>``) in
a table cell. Checked on the library's mistrust game (a chance move after the first move) and
on a small inspection game with a nested chance move and a move played at random after chance.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from report_structure import MAX_CELL, readability_problems, sections, split_row, verdict_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def reports():
    from convenience.report.build import build_report
    from convenience.spec import load_game

    out = {}
    for name, path in (("mistrust", "games/mistrust.yaml"), ("inspection", "tests/data/inspection.yaml")):
        out[name] = build_report(load_game(ROOT / path), path, samples=0).markdown("figures")
    return out


def _play_cells(text: str) -> list[str]:
    """The "What happens" cells of the equilibrium tables."""
    cells = []
    for heading, body in sections(text).items():
        rows = [split_row(line) for line in body.splitlines() if line.startswith("|")]
        if not rows or "What happens" not in [c.strip() for c in rows[0]]:
            continue
        column = [c.strip() for c in rows[0]].index("What happens")
        cells += [row[column].strip() for row in rows[2:]]
    return cells


def test_mistrust_verdict_names_the_shared_start_once_and_each_type_on_its_own_line(reports):
    verdict = verdict_of(reports["mistrust"])
    assert "E1 plays **UnitedStates offers → Iran hedges**, then:\n\n" \
           "- Reliable (1/5): Russia: Loyal\n- Opportunist (4/5): Russia: Deal\n\n" in verdict
    assert "…" not in verdict.split("\n\n")[0] + verdict.split("\n\n")[1]


def test_mistrust_tables_show_a_line_per_outcome_of_chance(reports):
    cells = _play_cells(reports["mistrust"])
    play = "UnitedStates offers → Iran hedges →<br>Reliable (1/5): Russia: Loyal<br>Opportunist (4/5): Russia: Deal"
    assert cells.count(play) == 4  # subgame perfect, perfect Bayesian, two rows of all Nash equilibria
    assert "UnitedStates: NoOffer → Iran commits" in cells


def test_inspection_verdict_nests_the_chance_move_inside_a_branch_under_its_heading(reports):
    verdict = verdict_of(reports["inspection"])
    assert "E1 plays **State builds**, then:\n\n" \
           "- Detected (1/4): Inspector reports, then:\n" \
           "  - Upheld (2/3): the game ends\n" \
           "  - Overturned (1/3): State rebuilds\n" \
           "- Missed (3/4): State hides (1/2) → Inspector searches (1/2) or waits (1/2)\n" \
           "- Missed (3/4): State shows (1/2) → Inspector searches (1/2) or waits (1/2)\n\n" in verdict
    from markdown_it import MarkdownIt

    html = MarkdownIt().render(verdict)
    assert "<li>Detected (1/4): Inspector reports, then:\n<ul>\n<li>Upheld (2/3): the game ends</li>" in html
    assert html.count("<ul>") == 2  # the outcomes of the nested chance move are a list inside the first item


def test_inspection_tables_keep_a_line_per_final_outcome(reports):
    lines = ["State builds →", "Detected (1/4): Inspector reports → Upheld (2/3): the game ends",
             "Detected (1/4): Inspector reports → Overturned (1/3): State rebuilds",
             "Missed (3/4): State hides (1/2) → Inspector searches (1/2) or waits (1/2)",
             "Missed (3/4): State shows (1/2) → Inspector searches (1/2) or waits (1/2)"]
    assert "<br>".join(lines) in _play_cells(reports["inspection"])


@pytest.mark.parametrize("name", ["mistrust", "inspection"])
def test_plays_are_never_cut_and_fit_a_cell(reports, name):
    text = reports[name]
    assert readability_problems(text, name) == []
    assert "\u2028" not in text  # every line break of a play became <br> or a list item
    cells = _play_cells(text)
    assert cells
    for cell in cells:
        lines = cell.split("<br>")
        assert all(len(line) <= MAX_CELL and "…" not in line for line in lines), cell
        # a line ending in an arrow goes on in the next; the others are whole branches
        assert not lines[-1].endswith("→")
    assert not re.search(r"\w…", verdict_of(text))  # nothing cut mid-word in the verdict


LONG = """
kind: tree
title: Long moves
players: [UnitedStates, Iran]
tree:
  player: UnitedStates
  name: first
  actions:
    OfferSanctionsRelief:
      player: Iran
      name: second
      actions:
        FreezeEnrichmentProgramme:
          player: UnitedStates
          name: third
          actions:
            ReopenEmbassyInTehran:
              player: Iran
              name: fourth
              actions:
                ReleaseDetainedJournalists: {payoffs: [3, 3]}
                KeepDetainedJournalists: {payoffs: [1, 1]}
            StayAway: {payoffs: [2, 2]}
        Refuse: {payoffs: [0, 0]}
    Wait: {payoffs: [0, 0]}
"""


def test_a_long_play_that_never_parts_is_one_sentence_in_the_verdict_though_its_cell_wraps():
    from convenience.report.build import build_report
    from convenience.spec import loads

    text = build_report(loads(LONG), "long.yaml", samples=0).markdown("figures")
    play = ("UnitedStates offers sanctions relief → Iran freezes enrichment programme → UnitedStates reopens "
            "embassy in tehran → Iran releases detained journalists")
    assert f"plays **{play}** (E1)." in verdict_of(text)
    assert "\n- " not in verdict_of(text)
    assert play.replace("programme → ", "programme →<br>") in _play_cells(text)  # the cell wraps it


def test_a_nested_play_under_one_of_several_paths_nests_one_level_deeper():
    from markdown_it import MarkdownIt

    from convenience.report.verdict import _play_list

    items = [(0, "Detected (1/4): Inspector reports, then:"), (1, "Upheld (2/3): the game ends"),
             (1, "Overturned (1/3): State rebuilds"), (0, "Missed (3/4): the game ends")]
    text = "- " + _play_list("State builds", items, "  ").rstrip() + "\n- **State refrains**\n"
    assert text == ("- **State builds**, then:\n\n  - Detected (1/4): Inspector reports, then:\n"
                    "    - Upheld (2/3): the game ends\n    - Overturned (1/3): State rebuilds\n"
                    "  - Missed (3/4): the game ends\n- **State refrains**\n")
    html = MarkdownIt().render(text)
    assert html.count("<ul>") == 3 and "<li>Upheld (2/3): the game ends</li>" in html
    assert html.index("Upheld") < html.index("</ul>") < html.index("Missed") < html.index("State refrains")
