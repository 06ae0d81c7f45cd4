"""``convenience report`` on the command line: files written, --check, exit codes, atomicity."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARMS = ROOT / "tests" / "data" / "report" / "arms.yaml"


def test_single_file_writes_report_and_figures_without_index(run_cli, tmp_path):
    out = tmp_path / "out"
    result = run_cli("report", ARMS, "-o", out, "--samples", "200")
    assert result.exit_code == 0, result.output
    assert (out / "arms.md").is_file()
    assert sorted(p.name for p in (out / "figures").iterdir()) == [
        "arms-regime-b-c.png", "arms-regime-b-c.svg", "arms-shares-b.png", "arms-shares-b.svg", "arms-tornado.png",
        "arms-tornado.svg"]
    assert not (out / "index.md").exists()
    assert "200 draws" in (out / "arms.md").read_text(encoding="utf-8")


def test_check_passes_then_lists_stale_files(run_cli, tmp_path):
    out = tmp_path / "out"
    assert run_cli("report", ARMS, "-o", out, "--samples", "200").exit_code == 0
    ok = run_cli("report", ARMS, "-o", out, "--samples", "200", "--check")
    assert ok.exit_code == 0, ok.output
    report = out / "arms.md"
    report.write_text(report.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    (out / "figures" / "arms-tornado.svg").unlink()
    stale = run_cli("report", ARMS, "-o", out, "--samples", "200", "--check")
    assert stale.exit_code == 1
    assert "arms.md" in stale.stdout and "arms-tornado.svg" in stale.stdout
    assert report.read_text(encoding="utf-8").endswith("edited\n")  # --check never writes


def test_different_seed_makes_reports_stale(run_cli, tmp_path):
    out = tmp_path / "out"
    assert run_cli("report", ARMS, "-o", out, "--samples", "200").exit_code == 0
    assert run_cli("report", ARMS, "-o", out, "--samples", "200", "--seed", "5", "--check").exit_code == 1


def test_bad_game_exits_2_and_leaves_previous_reports_intact(run_cli, write_game, tmp_path):
    out = tmp_path / "out"
    assert run_cli("report", ARMS, "-o", out, "--samples", "200").exit_code == 0
    before = (out / "arms.md").read_bytes()
    bad = write_game("""\
        title: Broken
        players:
          A: [x, y]
          B: [x, y]
        payoffs:
          x: {x: [1, 1], y: [0, 0]}
          y: {x: [0, 0], y: [1, oops]}
        """, "bad.yaml")
    result = run_cli("report", ARMS, bad, "-o", out, "--samples", "100")
    assert result.exit_code == 2
    assert "bad.yaml:" in result.stderr and "oops" in result.stderr and "Traceback" not in result.stderr
    assert (out / "arms.md").read_bytes() == before
    assert not (out / "bad.md").exists()


def test_missing_path_and_negative_samples_exit_2(run_cli, tmp_path):
    assert run_cli("report", tmp_path / "nope.yaml", "-o", tmp_path).exit_code == 2
    assert run_cli("report", ARMS, "-o", tmp_path, "--samples", "-1").exit_code == 2


def test_directory_without_games_exits_2(run_cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("report", empty, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "no game files" in result.stderr
