"""Reports of small games: golden text, well-formed Markdown, byte-identical reruns.

Regenerate the golden files after an intended change with
``UPDATE_GOLDEN=1 python -m pytest tests/test_report.py`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from report_structure import mermaid_problems, report_problems, split_row

ROOT = Path(__file__).resolve().parent.parent
DATA = Path("tests/data/report")
GOLDEN = ROOT / "tests" / "golden" / "report"
SAMPLES = 500


def _build(tmp: Path, **options) -> dict[Path, bytes]:
    """The reports of tests/data/report, built from the project root (paths in them are relative)."""
    from contextlib import chdir

    from convenience.commands.report import build_outputs

    with chdir(ROOT):
        return build_outputs([DATA], tmp / "out", samples=SAMPLES, seed=7, **options)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The reports of tests/data/report, built once (in memory) and written to a temporary directory."""
    tmp = tmp_path_factory.mktemp("reports")
    outputs = _build(tmp)
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return tmp / "out", outputs


def test_golden_markdown(built):
    out, outputs = built
    markdown = {p.name: data.decode("utf-8") for p, data in outputs.items() if p.suffix == ".md"}
    assert set(markdown) == {"arms.md", "volunteers.md", "entry.md", "signal.md", "index.md"}
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, text in markdown.items():
            (GOLDEN / name).write_text(text, encoding="utf-8", newline="\n")
    for name, text in markdown.items():
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its golden file (UPDATE_GOLDEN=1 to accept)"


@pytest.mark.parametrize("name", ["arms.md", "volunteers.md", "entry.md", "signal.md", "index.md"])
def test_reports_are_well_formed(built, name):
    out, _ = built
    assert report_problems(out / name) == []


def test_sections_in_order(built):
    out, _ = built
    text = (out / "arms.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Verdict", "## The game", "## Assumptions", "## Equilibria", "## Stability",
                        "## Sensitivity", "## Expectations", "## Provenance and reproducibility"]


def test_verdict_names_outcome_threshold_and_robustness(built):
    out, _ = built
    text = (out / "arms.md").read_text(encoding="utf-8")
    verdict = text.split("## Verdict", 1)[1].split("##", 1)[0]
    assert "E1 (Arm, Arm)" in verdict
    # arming dominates while b > c: at the baseline (b = 3, c = 1) the nearest threshold is c = b
    assert "It rests on b = 3 > c = 1" in verdict and "if b falls below c" in verdict
    assert "draws" in verdict and f"{SAMPLES:,}" in verdict


def test_prisoners_dilemma_is_named(built):
    out, _ = built
    assert "Prisoner" in (out / "arms.md").read_text(encoding="utf-8")


def test_three_player_tables_are_split_by_third_player(built):
    out, _ = built
    text = (out / "volunteers.md").read_text(encoding="utf-8")
    assert "When Cid plays Volunteer:" in text and "When Cid plays Wait:" in text


def test_tree_is_drawn_with_path_and_information_set(built):
    out, _ = built
    text = (out / "entry.md").read_text(encoding="utf-8")
    assert "```mermaid\nflowchart TD" in text
    assert "-.-" in text  # the entrant's information set
    assert "Strong (1/4)" in text  # chance probability
    assert "linkStyle" in text  # the equilibrium path
    # staying out is a Nash equilibrium only because of a threat to fight that would not be carried out
    assert "relies on a non-credible threat" in text and "credible (subgame perfect)" in text


def test_signalling_game_shows_beliefs(built):
    out, _ = built
    text = (out / "signal.md").read_text(encoding="utf-8")
    assert "### Perfect Bayesian equilibria" in text
    assert "at Beer: Strong 9/10, Weak 1/10" in text  # Bayes' rule from the prior on the path
    assert "P(Strong) in [0, 1/2]" in text  # off-path beliefs that sustain pooling on Beer


def test_figures_exist_and_are_linked(built):
    out, outputs = built
    figures = sorted(p.name for p in outputs if p.parent.name == "figures")
    assert "arms-regime-b-c.png" in figures and "arms-regime-b-c.svg" in figures
    text = (out / "arms.md").read_text(encoding="utf-8")
    for name in figures:
        if name.startswith("arms-") and name.endswith(".png"):
            assert f"(figures/{name})" in text


def test_svg_and_png_have_no_dates_or_software(built):
    _, outputs = built
    for path, data in outputs.items():
        if path.suffix == ".svg":
            assert b"<dc:date>" not in data and b"Matplotlib v" not in data
        if path.suffix == ".png":
            assert b"Software" not in data


def test_no_machine_paths_or_timestamps(built):
    _, outputs = built
    for path, data in outputs.items():
        if path.suffix == ".md":
            text = data.decode("utf-8")
            assert str(ROOT) not in text and "/tmp" not in text
            assert "UTC" not in text


@pytest.mark.slow
def test_rerun_is_byte_identical(built, tmp_path):
    _, first = built
    second = _build(tmp_path)
    assert [p.name for p in first] == [p.name for p in second]
    for (p, a), b in zip(first.items(), second.values()):
        assert a == b, f"{p.name} differs between two runs"


def test_index_links_every_report(built):
    out, _ = built
    text = (out / "index.md").read_text(encoding="utf-8")
    for name in ("arms", "volunteers", "entry", "signal"):
        assert f"({name}.md)" in text
    # the arms race reproduces two of its three claims: restraint pays more but is no equilibrium
    assert "❌ 2 robust, 1 fails (of 3)" in text
    # the conclusions file is checked, not reported as a game
    assert "Overall conclusions: ❌ 1 robust, 1 fails (of 2)" in text and "(conclusions.md)" not in text


def test_repr_markdown_of_report():
    from convenience.api import load
    from convenience.report import build_report

    report = build_report(load(ROOT / DATA / "arms.yaml"), "arms.yaml", samples=200, seed=1)
    text = report._repr_markdown_()
    assert text.startswith("# Arms race between two rivals\n") and "## Verdict" in text


# -- the structural checker itself must catch what it is meant to catch --------------------
def test_checker_catches_ragged_table(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n", encoding="utf-8")
    assert report_problems(bad)


def test_checker_catches_missing_image(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("![alt](figures/none.png)\n", encoding="utf-8")
    assert report_problems(bad)


def test_checker_catches_incomplete_mermaid():
    assert mermaid_problems('flowchart TD\n    n0["A"]\n    n0 -->|"x"| n1\n')  # n1 never defined
    assert mermaid_problems('n0["A"]\n')  # no diagram type
    assert mermaid_problems('flowchart TD\n    n0["A"\n')  # unbalanced
    assert not mermaid_problems('flowchart TD\n    n0["A"]\n    n1(["B"])\n    n0 -->|"x"| n1\n')


def test_split_row_honours_escaped_pipes():
    assert split_row("| a \\| b | c |") == [" a \\| b ", " c "]


def test_odd_labels_are_escaped(tmp_path):
    """Pipes, quotes, brackets and tag-like text in labels keep tables, links and diagrams intact."""
    from convenience.commands.report import build_outputs

    outputs = build_outputs([ROOT / "tests" / "data" / "report_odd"], tmp_path / "out", samples=100, seed=0)
    for path, data in outputs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for name in ("odd.md", "oddtree.md", "index.md"):
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert report_problems(tmp_path / "out" / name) == [], name
        assert "<b>" not in text and "<i>" not in text
    tree = (tmp_path / "out" / "oddtree.md").read_text(encoding="utf-8")
    diagram = tree.split("```mermaid", 1)[1].split("```", 1)[0]
    assert "|" not in diagram.replace('-->|"', "").replace('"| n', "")  # pipes inside labels are encoded


@pytest.mark.slow
def test_parallel_build_gives_the_same_bytes(built, tmp_path):
    out, serial = built
    parallel = _build(out.parent, jobs=2)
    assert list(parallel) == list(serial)
    assert all(parallel[p] == serial[p] for p in serial)


@pytest.mark.parametrize("games, samples", [
    (DATA / "volunteers.yaml", "100"),
    pytest.param(DATA, "300", marks=pytest.mark.slow),
], ids=["one-game", "all-games"])
def test_separate_processes_with_different_hash_seeds_write_identical_files(tmp_path, games, samples):
    """Nothing may depend on set or dict-of-set ordering, which changes with PYTHONHASHSEED."""
    import subprocess
    import sys

    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"}
        subprocess.run([sys.executable, "-m", "convenience", "report", str(games), "-o", str(out), "--samples",
                        samples, "-j", "1"], cwd=ROOT, env=env, check=True, capture_output=True)
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    # the manifest holds the files' hashes, so it differs with the output directory's name: its list must match
    manifests = [tree.pop(".convenience-manifest") for tree in trees]
    assert [re.findall(rb"  (.+)", m) for m in manifests][0] == [re.findall(rb"  (.+)", m) for m in manifests][1]
    # the command line names the output directory; everything else must match byte for byte
    first = {k: v.replace(b"out1", b"OUT") for k, v in trees[0].items()}
    second = {k: v.replace(b"out2", b"OUT") for k, v in trees[1].items()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
