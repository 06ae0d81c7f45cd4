"""One command-line grammar for every command, through the real CLI: -f/--format, -o/--output,
-q/--quiet and -v/--verbose, ``-`` for standard input, -j/--jobs (alias -w/--workers),
--scheduler, usage lines, shell completion and refused -O options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from convenience.cli import app

ROOT = Path(__file__).resolve().parent.parent
ARMS = ROOT / "tests" / "data" / "report" / "arms.yaml"
PD = """\
title: Prisoner's Dilemma
players:
  Row: [Cooperate, Defect]
  Column: [Cooperate, Defect]
parameters:
  T: {value: 5, range: [4, 10]}
payoffs:
  Cooperate: {Cooperate: [3, 3], Defect: [0, T]}
  Defect: {Cooperate: [T, 0], Defect: [1, 1]}
expect:
  - id: defect
    claim: both defect
    equilibrium: [Defect, Defect]
"""
PRINTING = ("solve", "validate", "analyze", "check", "report")


def invoke(*args, stdin: str | None = None):
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False)


@pytest.fixture
def pd(tmp_path):
    path = tmp_path / "pd.yaml"
    path.write_text(PD, encoding="utf-8")
    return path


def _extra(command: str, tmp_path: Path) -> list:
    return {"analyze": ["-n", "200"], "report": ["-o", tmp_path / "out", "-n", "200"]}.get(command, [])


@pytest.mark.parametrize("command", PRINTING)
def test_every_printing_command_takes_the_three_formats(command, pd, tmp_path):
    outputs = {}
    for fmt in ("table", "json", "markdown"):
        result = invoke(command, pd, "-f", fmt, *_extra(command, tmp_path))
        assert result.exit_code == 0, result.output
        assert result.stdout.strip(), fmt
        outputs[fmt] = result.stdout
    json.loads(outputs["json"])  # JSON is JSON
    assert outputs["markdown"] != outputs["json"]
    assert invoke(command, pd, "--format", "yaml", *_extra(command, tmp_path)).exit_code == 2


@pytest.mark.parametrize("command", ("solve", "validate", "analyze", "check"))
def test_output_goes_to_a_file_and_nothing_to_stdout(command, pd, tmp_path):
    target = tmp_path / f"{command}.json"
    result = invoke(command, pd, "-f", "json", "-o", target, *_extra(command, tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))
    assert f"wrote {target}" in result.stderr
    quiet = invoke(command, pd, "-f", "json", "-o", target, "-q", *_extra(command, tmp_path))
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_table_written_to_a_file_is_plain_text(pd, tmp_path):
    target = tmp_path / "table.txt"
    assert invoke("solve", pd, "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "Defect" in text and "\x1b[" not in text  # no terminal colour codes


@pytest.mark.parametrize("command", ("solve", "validate", "analyze", "check"))
def test_a_dash_reads_the_game_from_standard_input(command, pd, tmp_path):
    from_file = invoke(command, pd, "-f", "json", *_extra(command, tmp_path))
    from_stdin = invoke(command, "-", "-f", "json", *_extra(command, tmp_path), stdin=PD)
    assert from_stdin.exit_code == 0, from_stdin.output
    assert from_stdin.stdout.replace('"-"', "F").replace('"<stdin>"', "F") \
        == from_file.stdout.replace(json.dumps(str(pd)), "F")


def test_standard_input_takes_gambit_text_and_is_read_once(tmp_path):
    nfg = 'NFG 1 R "PD" { "Row" "Column" } { 2 2 }\n3 3 5 0 0 5 1 1\n'
    result = invoke("solve", "-", "-f", "json", stdin=nfg)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["equilibria"]) == 1
    twice = invoke("solve", "-", "-", stdin=PD)
    assert twice.exit_code == 2 and "only once" in twice.stderr
    empty = invoke("solve", "-", stdin="")
    assert empty.exit_code == 2 and "<stdin>" in empty.stderr
    report = invoke("report", "-", "-o", tmp_path / "out", stdin=PD)
    assert report.exit_code == 2 and "standard input" in report.stderr
    assert not (tmp_path / "out").exists()


def test_dash_through_a_real_pipe():
    done = subprocess.run([sys.executable, "-m", "convenience", "solve", "-", "-f", "json"], input=PD,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["title"] == "Prisoner's Dilemma"


def test_verbose_says_what_is_done_quiet_says_nothing(pd, tmp_path):
    verbose = invoke("solve", pd, "-v")
    assert verbose.exit_code == 0 and f"solving {pd}" in verbose.stderr
    normal = invoke("solve", pd)
    assert "solving" not in normal.stderr
    both = invoke("solve", pd, "-q", "-v")
    assert both.exit_code == 2 and "exclude each other" in both.stderr
    quiet = invoke("report", ARMS, "-o", tmp_path / "out", "-n", "100", "-q")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert (tmp_path / "out" / "arms.md").is_file()


def test_report_summary_in_json_lists_what_was_written(tmp_path):
    out = tmp_path / "out"
    result = invoke("report", ARMS, "-o", out, "-n", "100", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(Path(p).name for p in data["written"]) == sorted(
        p.name for p in [out / "arms.md", out / "arms.html", *(out / "figures").iterdir()])
    check = invoke("report", ARMS, "-o", out, "-n", "100", "-f", "json", "--check")
    assert check.exit_code == 0 and json.loads(check.stdout)["stale"] == []


def test_check_json_flag_is_the_json_format(pd):
    assert invoke("check", pd, "--json").stdout == invoke("check", pd, "-f", "json").stdout


def test_check_formats_and_output_keep_the_verdicts_and_exit_codes(tmp_path):
    # a fragile claim: exit 0, or 1 with --strict, whatever the format and wherever it goes
    example = ROOT / "docs" / "examples" / "verdict-coordination.yaml"
    target = tmp_path / "verdicts.json"
    written = invoke("check", example, "-f", "json", "-o", target)
    assert written.exit_code == 0 and written.stdout == ""
    document = json.loads(target.read_text(encoding="utf-8"))
    from convenience.commands.check import SCHEMA_VERSION

    assert document["schema"] == SCHEMA_VERSION and document["summary"]["fragile"] == 1
    assert document == json.loads(invoke("check", example, "--json").stdout)
    strict = invoke("check", example, "--strict", "-f", "json", "-o", target)
    assert strict.exit_code == 1 and json.loads(target.read_text(encoding="utf-8")) == document
    markdown = invoke("check", example, "-f", "markdown", "--strict")
    assert markdown.exit_code == 1
    rows = [line for line in markdown.stdout.splitlines() if line.startswith("|") and "both-join" in line]
    assert len(rows) == 1 and rows[0].startswith("| FRAGILE |") and "x (alone it breaks" in rows[0]
    assert "1 robust, 1 fragile" in markdown.stdout
    refused = invoke("check", example, "-o", example)
    assert refused.exit_code == 2 and "refusing to overwrite" in refused.stderr
    assert refused.stdout == "" and example.read_text(encoding="utf-8").startswith(("title", "#"))


def test_jobs_and_workers_are_one_option(pd):
    args = ("analyze", pd, "-n", "400", "-f", "json")
    serial = invoke(*args).stdout
    assert invoke(*args, "-j", "2").stdout == serial
    assert invoke(*args, "--workers", "2").stdout == serial
    assert invoke("check", pd, "-j", "2", "-f", "json").stdout == invoke("check", pd, "-f", "json").stdout


@pytest.mark.parametrize("command", ("analyze", "check", "report"))
def test_an_unusable_scheduler_fails_at_once_whatever_the_work(command, pd, tmp_path):
    # no sampling at all (-n 0, or a check): the scheduler is still checked, never ignored
    extra = {"analyze": ["-n", "0"], "report": ["-o", tmp_path / "out", "-n", "0"]}.get(command, [])
    result = invoke(command, pd, "--scheduler", "no-such-scheme://host:1", *extra)
    assert result.exit_code == 2, result.output
    assert "--scheduler" in result.stderr and "Dask scheduler" in result.stderr
    assert not (tmp_path / "out").exists()


def test_usage_lines_are_consistent():
    for command in ("solve", "validate", "analyze", "report", "check", "convert", "schema"):
        text = invoke(command, "--help").stdout
        first = text.splitlines()[0]
        assert first in (f"Usage: convenience {command} [OPTIONS] FILE...",
                         f"Usage: convenience {command} [OPTIONS] FILE",
                         f"Usage: convenience {command} [OPTIONS]"), first
        assert "{" not in first


@pytest.mark.parametrize("command", PRINTING)
def test_every_command_spells_the_shared_options_alike(command):
    text = invoke(command, "--help").stdout
    for spelling in ("-f, --format", "-q, --quiet", "-v, --verbose"):
        assert spelling in text, (command, spelling)
    if command in ("analyze", "report", "check"):
        assert "-j, -w, --jobs, --workers N" in text
        assert "--scheduler" in text


def test_shell_completion_is_on():
    text = invoke("--help").stdout
    assert "--install-completion" in text and "--show-completion" in text
    # the completion script is for the shell that runs the command: run it from bash, whatever runs the tests
    shown = subprocess.run(["bash", "-c", f'"{sys.executable}" -m convenience --show-completion; exit $?'],
                           capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and "complete" in shown.stdout


def test_unknown_method_options_are_refused_with_a_suggestion(pd):
    bogus = invoke("solve", pd, "-O", "bogus=1")
    assert bogus.exit_code == 2
    assert "unknown option 'bogus'" in bogus.stderr and "cross_check" in bogus.stderr
    typo = invoke("solve", pd, "-O", "cross_chek=false")
    assert typo.exit_code == 2 and "did you mean 'cross_check'" in typo.stderr
    wrong = invoke("solve", pd, "-m", "lemke-howson", "-O", "cross_check=false")
    assert wrong.exit_code == 2 and "takes no option 'cross_check'" in wrong.stderr
    assert invoke("solve", pd, "-m", "lemke-howson", "-O", "initial_dropped_label=1").exit_code == 0
    assert invoke("solve", pd, "-m", "dominance", "-O", "then=pure").exit_code == 0
