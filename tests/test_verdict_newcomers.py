"""An equilibrium that appears only past a threshold is described where the verdict first
names it, in the words the rest of the report uses for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from convenience.report.names import plan_path
from convenience.report.tables import LINE_BREAK
from convenience.report.verdict import MAX_WORDS, appearing, verdict, word_count
from convenience.spec import load_game

ROOT = Path(__file__).resolve().parents[1]


def _report(path: Path, samples: int = 60):
    from convenience.pipeline import AnalysisOptions, analyse_game
    from convenience.report.build import game_report

    analysis = analyse_game(load_game(path), AnalysisOptions(samples=samples, seed=0), source=str(path))
    return game_report(analysis)


@pytest.mark.parametrize("change, names", [
    ("E1 stops being an equilibrium and E2 becomes an equilibrium", ["E2"]),
    ("E4 and E5 become equilibria", ["E4", "E5"]),
    ("E2 and E3 stop being equilibria and E6 and E7 become equilibria", ["E6", "E7"]),
    ("E1 stops being an equilibrium and E2–E4 become equilibria", ["E2", "E3", "E4"]),
    ("E1, E3 and E9 become equilibria", ["E1", "E3", "E9"]),
    ("E1 and E3 stop being equilibria", []),
])
def test_the_names_a_change_brings_in(change, names):
    assert appearing(change) == names


def test_a_plan_whose_random_move_is_written_as_a_support_reads_as_a_path():
    tree = load_game(ROOT / "tests" / "data" / "inspection.yaml").at({})
    support = ("State: the state's choice: Refrain, an undetected build: Hide, Show, a report overturned: Rebuild; "
               "Inspector: a detected build: Report, searching blind: Search, Wait")
    assert plan_path(tree, support) == "State refrains"
    played = support.replace("Refrain", "Build")
    lines = plan_path(tree, played).split(LINE_BREAK)
    assert lines[-2:] == ["Missed: State hides → Inspector searches or waits",
                          "Missed: State shows → Inspector searches or waits"]  # no probabilities invented
    assert plan_path(tree, support.replace("Hide, Show", "Hide, Dance")) == ""


def test_the_equilibrium_met_past_the_threshold_is_described_at_its_first_mention():
    report = _report(ROOT / "tests" / "data" / "inspection.yaml")
    text = verdict(report)
    assert "E2 becomes an equilibrium if s rises above -0.25 (E2: State refrains)." in text
    assert text.index("(E2: State refrains)") < text.index("E2") + 80  # its first mention
    assert report.names.description(report.names.label_of("E2")) == "State refrains"  # one source of words
    assert word_count(text) <= MAX_WORDS


def test_every_equilibrium_a_bundled_threshold_brings_in_is_described():
    report = _report(ROOT / "games" / "patrons.yaml")
    text = verdict(report)
    assert "E4 and E5 become equilibria if p rises above w - x (E4: (Dictate, Pressure, LeanIran); " \
           "E5: mixed: Dictate / Correct+Pressure / LeanIran+LeanRussia)." in text
    assert word_count(text) <= MAX_WORDS


def test_when_the_words_do_not_fit_the_verdict_points_to_the_table():
    report = _report(ROOT / "tests" / "data" / "inspection.yaml")
    from convenience.report.verdict import _newcomers

    assert _newcomers(report, "E2 becomes an equilibrium", describe=False) == " (E2: see Full plans)"
    assert _newcomers(report, "E1 and E2 become equilibria") == " (E2: State refrains)"  # E1: at the baseline
