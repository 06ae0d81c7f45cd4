"""Reports of trees whose play passes a chance move inside the tree.

Where the paths of an equilibrium part at a chance move, the report names the shared start
once and gives each outcome of the chance move its own line: an item of a list in the
verdict, a line (``<br>``) in a table cell. Checked on the library's mistrust game (a chance
move after the first move) and on a small inspection game with a nested chance move and a
move played at random after chance.
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


def test_inspection_verdict_has_a_line_per_branch_nested_chance_and_mixed_moves_included(reports):
    verdict = verdict_of(reports["inspection"])
    items = [line for line in verdict.splitlines() if line.startswith("- ")]
    assert "E1 plays **State builds**, then:" in verdict
    assert items == ["- Detected (1/4): Inspector reports → Upheld (2/3): the game ends",
                     "- Detected (1/4): Inspector reports → Overturned (1/3): State rebuilds",
                     "- Missed (3/4): State hides (1/2) → Inspector searches (1/2) or waits (1/2)",
                     "- Missed (3/4): State shows (1/2) → Inspector searches (1/2) or waits (1/2)"]


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
