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
