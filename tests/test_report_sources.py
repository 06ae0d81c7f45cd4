"""Sources in a report: claim ids from a catalogue and free-text literature references."""

from __future__ import annotations

import re
from pathlib import Path

GAME = """title: A tariff war
source: "Fajgelbaum et al. (2020)"
players:
  US: [Open, Tariff]
  China: [Open, Tariff]
parameters:
  g: {value: 2, range: [0, 4], description: gain from a tariff, source: ["Amiti, Redding & Weinstein [2019]", tariff-gain]}
payoffs:
  Open: {Open: [3, 3], Tariff: [1, 3 + g]}
  Tariff: {Open: [3 + g, 1], Tariff: [2, 2]}
"""


def _report(tmp_path: Path, claims: dict | None = None) -> str:
    from convenience.pipeline import AnalysisOptions, analyse_file
    from convenience.report.build import game_report

    path = tmp_path / "tariff.yaml"
    path.write_text(GAME, encoding="utf-8")
    analysis = analyse_file(path, AnalysisOptions(samples=0))
    return game_report(analysis, claims or {}).markdown()


def test_free_text_references_get_valid_anchors_and_no_catalogue_warning(tmp_path):
    text = _report(tmp_path, {"tariff-gain": {"claim": "A tariff gains its author g."}})
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    links = re.findall(r"\]\(#(source-[^)]+)\)", text)
    assert links and all(link in anchors for link in links)
    assert all(re.fullmatch(r"source-[A-Za-z0-9_.:/-]+", a) for a in anchors)
    assert "source-fajgelbaum-et-al-2020" in anchors and "source-amiti-redding-weinstein-2019" in anchors
    assert "Fajgelbaum et al. (2020) (literature reference)" in text
    assert "not in the claim catalogue" not in text
    assert "A tariff gains its author g." in text  # the catalogue id keeps its paraphrase


def test_an_unknown_claim_id_is_still_flagged_when_a_catalogue_exists(tmp_path):
    text = _report(tmp_path, {"other": {"claim": "Something else."}})
    assert "`tariff-gain`: not in the claim catalogue." in text
    assert "not in the claim catalogue" not in text.split("`tariff-gain`")[0]


def test_the_index_column_is_named_after_what_the_catalogue_declares():
    from convenience.report.index import claim_column, render_index

    assert claim_column({}) == "Source claim" and claim_column(None) == "Source claim"
    assert claim_column({"kind": "article"}) == "The article's claim"
    assert "| Dilemma | The report's claim |" in render_index([["a"] * 6], document={"kind": "report"})
