"""A user's files are never lost: outputs never land on an input, are checked before any work,
are written whole with the umask's permissions, and a report set is published so that a run
killed at any moment leaves complete files whose links resolve; only files convenience wrote
are ever deleted."""

from __future__ import annotations

import os
import re
import shutil
import signal
from pathlib import Path

import pytest

from convenience.commands import output
from convenience.commands.output import (
    MANIFEST,
    STAGING,
    publish,
    read_manifest,
    recover,
    write_file,
)

ROOT = Path(__file__).resolve().parent.parent
ARMS = ROOT / "tests" / "data" / "report" / "arms.yaml"


@pytest.fixture
def game(tmp_path):
    """A copy of the small arms-race game, so tests may point outputs at it."""
    path = tmp_path / "arms.yaml"
    shutil.copy(ARMS, path)
    return path


def _no_analysis(monkeypatch):
    """Make any analysis fail the test: output checks must come before the work."""
    from convenience import pipeline

    def refuse(*args, **kwargs):
        raise AssertionError("the analysis ran before the output path was checked")

    monkeypatch.setattr(pipeline, "analyse_game", refuse)
    monkeypatch.setattr(pipeline, "analyse_library", refuse)


# --- never onto an input ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_analyze_refuses_to_write_onto_its_game_file(run_cli, game, monkeypatch, fmt):
    before = game.read_bytes()
    _no_analysis(monkeypatch)
    result = run_cli("analyze", game, "-n", "0", "-f", fmt, "-o", game)
    assert result.exit_code == 2 and "refusing to overwrite the input file" in result.stderr
    assert game.read_bytes() == before


def test_outputs_onto_inputs_are_refused_through_symlinks_relative_paths_and_hard_links(
        run_cli, game, tmp_path, monkeypatch):
    before = game.read_bytes()
    link = tmp_path / "link.yaml"
    link.symlink_to(game)
    hard = tmp_path / "hard.yaml"
    os.link(game, hard)
    monkeypatch.chdir(tmp_path)
    for out in (link, Path("arms.yaml"), Path("sub/../arms.yaml"), hard):
        (tmp_path / "sub").mkdir(exist_ok=True)
        assert run_cli("analyze", "arms.yaml", "-n", "0", "-o", out).exit_code == 2, out
        assert run_cli("analyze", link, "-n", "0", "-o", out).exit_code == 2, out
        assert run_cli("convert", link, "-o", out).exit_code == 2, out
    assert game.read_bytes() == before and link.is_symlink()


def test_report_refuses_an_output_directory_that_is_a_game_file(run_cli, game):
    before = game.read_bytes()
    result = run_cli("report", game, "-o", game, "--samples", "0")
    assert result.exit_code == 2 and str(game) in result.stderr
    assert game.read_bytes() == before


# --- output paths checked before any work ------------------------------------------------------


def test_bad_output_paths_exit_2_before_any_analysis(run_cli, game, tmp_path, monkeypatch):
    _no_analysis(monkeypatch)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    cases = [
        ("report", game, "-o", a_file),                      # a file where a directory is expected
        ("report", game, "-o", a_file / "reports"),          # a directory under a file
        ("report", game, "-o", "/proc/convenience-reports"),
        ("analyze", game, "-n", "0", "-o", tmp_path),        # a directory where a file is expected
        ("analyze", game, "-n", "0", "-o", a_file / "out.md"),
        ("analyze", game, "-n", "0", "-o", "/proc/self/status"),
        ("schema", "-o", "/proc/convenience.json"),
    ]
    for args in cases:
        result = run_cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output and "--output" in result.stderr
    assert a_file.read_text() == "mine"


def test_read_only_output_directory_exits_2_before_any_analysis(run_cli, game, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path) == locked
                        else real_access(path, mode, **kw))
    _no_analysis(monkeypatch)
    result = run_cli("report", game, "-o", locked / "reports", "--samples", "0")
    assert result.exit_code == 2 and "not writable" in result.stderr
    assert run_cli("analyze", game, "-n", "0", "-o", locked / "a.md").exit_code == 2


# --- permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_outputs_honour_the_umask(run_cli, game, tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        assert run_cli("analyze", game, "-n", "0", "-f", "json", "-o", tmp_path / "a.json").exit_code == 0
        assert run_cli("schema", "-o", tmp_path / "schema.json").exit_code == 0
        assert run_cli("report", game, "-o", tmp_path / "out", "--samples", "0", "-j", "1").exit_code == 0
    finally:
        os.umask(old)
    written = [tmp_path / "a.json", tmp_path / "schema.json", *(p for p in (tmp_path / "out").rglob("*")
                                                                  if p.is_file())]
    assert len(written) > 4
    assert {oct(p.stat().st_mode & 0o777) for p in written} == {oct(mode)}


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old")
    target.chmod(0o664)
    write_file(target, "new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o664


# --- deleting only what convenience wrote ----------------------------------------------------------


def _renamed_cost(tmp_path: Path) -> Path:
    """The arms game with its cost parameter renamed (so its regime-map figures change names)."""
    new = tmp_path / "v2" / "arms.yaml"
    new.parent.mkdir()
    text = ARMS.read_text(encoding="utf-8")
    text = re.sub(r"\bc\b", "k", text.replace("c: {", "k: {"))
    new.write_text(text, encoding="utf-8")
    return new


def test_report_deletes_only_files_it_wrote_and_the_user_did_not_change(run_cli, game, tmp_path):
    out = tmp_path / "out"
    assert run_cli("report", game, "-o", out, "--samples", "0", "-j", "1").exit_code == 0
    figures = out / "figures"
    photo = figures / "arms-photo.png"                 # the user's, sharing the game's prefix
    photo.write_bytes(b"a photo")
    guess = figures / "arms-regime-x-y.png"            # looks like ours, never written by us
    guess.write_bytes(b"user figure")
    edited = figures / "arms-regime-b-c.svg"           # ours, then edited by the user
    edited.write_text("<svg>my annotations</svg>")
    assert run_cli("report", _renamed_cost(tmp_path), "-o", out, "--samples", "0", "-j", "1").exit_code == 0
    assert photo.read_bytes() == b"a photo" and guess.read_bytes() == b"user figure"
    assert edited.read_text() == "<svg>my annotations</svg>"
    assert not (figures / "arms-regime-b-c.png").exists()   # ours, unchanged, no longer produced
    assert (figures / "arms-regime-b-k.png").is_file()
    manifest = read_manifest(out)
    assert "figures/arms-regime-b-k.png" in manifest and "figures/arms-regime-b-c.png" not in manifest
    assert "figures/arms-photo.png" not in manifest


def test_check_lists_obsolete_figures_convenience_wrote(run_cli, game, tmp_path):
    out = tmp_path / "out"
    renamed = _renamed_cost(tmp_path)
    assert run_cli("report", game, "-o", out, "--samples", "0", "-j", "1").exit_code == 0
    check = run_cli("report", renamed, "-o", out, "--samples", "0", "-j", "1", "--check")
    assert check.exit_code == 1 and "obsolete:" in check.stdout and "arms-regime-b-c.png" in check.stdout
    assert (out / "figures" / "arms-regime-b-c.png").exists()  # --check never writes


# --- publishing a report set as one unit -----------------------------------------------------------


def _state(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def _links_resolve(directory: Path) -> bool:
    for page in directory.glob("*.md"):
        for target in re.findall(r"\]\(([^)#\s]+)\)", page.read_text(encoding="utf-8")):
            if "://" not in target and target.startswith("figures/") and not (directory / target).is_file():
                return False
    return True


class _Killer:
    """Stands in for ``os`` inside the output module: the ``n``-th file operation of the
    publish (a rename, an unlink, a flush to disk) kills the process with SIGKILL first."""

    def __init__(self, n: int) -> None:
        self.n, self.calls = n, 0

    def _step(self) -> None:
        self.calls += 1
        if self.calls == self.n:
            os.kill(os.getpid(), signal.SIGKILL)

    def __getattr__(self, name):
        real = getattr(os, name)
        if name not in ("replace", "unlink", "fsync", "fchmod"):
            return real

        def operation(*args, **kwargs):
            self._step()
            return real(*args, **kwargs)

        return operation


def _publish_in_child(real_publish, n, directory, outputs, inputs) -> int:
    """Publish in a forked child killed at its ``n``-th file operation; its wait status."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            output.os = _Killer(n)
            real_publish(directory, outputs, inputs)
            code = 0
        finally:
            os._exit(code)
    return os.waitpid(pid, 0)[1]


def test_report_killed_at_any_point_of_its_write_phase_leaves_old_or_new_set(run_cli, game, tmp_path,
                                                                               monkeypatch):
    out = tmp_path / "out"
    assert run_cli("report", game, "-o", out, "--samples", "0", "-j", "1").exit_code == 0
    (out / "figures" / "arms-photo.png").write_bytes(b"the user's")
    old = _state(out)
    real_publish = output.publish
    seen = {"killed": 0, "committed": 0, "points": 0}

    def publish_killed_everywhere(directory, outputs, inputs=()):
        directory = Path(directory)
        fresh = {p.relative_to(directory).as_posix(): data for p, data in outputs.items()}
        fresh[MANIFEST] = output.manifest_text(fresh).encode("utf-8")
        new = None
        for n in range(1, 400):
            shutil.rmtree(directory)
            shutil.copytree(tmp_path / "old", directory, symlinks=True)
            status = _publish_in_child(real_publish, n, directory, outputs, inputs)
            if not os.WIFSIGNALED(status):  # ran to the end: every point has been tried
                assert os.WEXITSTATUS(status) == 0
                new = _state(directory)
                break
            assert os.WTERMSIG(status) == signal.SIGKILL
            seen["killed"] += 1
            after = {k: v for k, v in _state(directory).items() if not k.startswith(STAGING)}
            committed = (directory / STAGING / output.RECORD).is_file()
            seen["committed"] += committed
            if committed:
                seen.setdefault("first committed", n)
            else:
                assert after == old, n
            for name, data in after.items():  # every file complete: its old or its new bytes
                assert data in (old.get(name), fresh.get(name)), (n, name)
            assert _links_resolve(directory), n
            snapshot = tmp_path / f"killed-{n}"
            shutil.copytree(directory, snapshot, symlinks=True)
            recover(snapshot)  # what the next run does first
            recovered = _state(snapshot)
            assert not list(snapshot.rglob(f"*{output.TEMP_SUFFIX}")) and not (snapshot / STAGING).exists()
            seen.setdefault("recovered", []).append((committed, recovered))
            shutil.rmtree(snapshot)
        assert new is not None
        seen["points"] = n - 1
        for committed, recovered in seen["recovered"]:
            assert recovered == (new if committed else old)
        # the last kill point: the next run starts from a set killed half-way through its renames
        shutil.rmtree(directory)
        shutil.copytree(tmp_path / "old", directory, symlinks=True)
        status = _publish_in_child(real_publish, seen["first committed"] + 1, directory, outputs, inputs)
        assert os.WIFSIGNALED(status) and (directory / STAGING / output.RECORD).is_file()
        return real_publish(directory, outputs, inputs)

    shutil.copytree(out, tmp_path / "old", symlinks=True)
    monkeypatch.setattr(output, "publish", publish_killed_everywhere)
    result = run_cli("report", _renamed_cost(tmp_path), "-o", out, "--samples", "0", "-j", "1")
    assert result.exit_code == 0, result.output
    assert seen["points"] >= 10 and seen["committed"] >= 3 and seen["killed"] > seen["committed"]
    final = _state(out)
    assert final["figures/arms-photo.png"] == b"the user's"
    assert "figures/arms-regime-b-k.png" in final and "figures/arms-regime-b-c.png" not in final
    assert not list(out.rglob(f"*{output.TEMP_SUFFIX}")) and not (out / STAGING).exists()
    assert _links_resolve(out)


def test_stale_staging_and_temporary_files_are_cleaned_by_the_next_run(run_cli, game, tmp_path):
    out = tmp_path / "out"
    assert run_cli("report", game, "-o", out, "--samples", "0", "-j", "1").exit_code == 0
    old = _state(out)
    (out / STAGING / "figures").mkdir(parents=True)
    (out / STAGING / "arms.md").write_text("half")         # an uncommitted set: discarded
    (out / f".{MANIFEST}.x1y2z3{output.TEMP_SUFFIX}").write_text("")
    recover(out)
    assert _state(out) == old
    target = tmp_path / "a.md"
    (tmp_path / f".a.md.abc_123{output.TEMP_SUFFIX}").write_text("")  # a killed single-file write
    assert run_cli("analyze", game, "-n", "0", "-f", "markdown", "-o", target).exit_code == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".a.md")] == []


def test_publish_refuses_files_outside_its_directory_and_onto_inputs(tmp_path):
    from convenience.errors import InputError

    with pytest.raises(InputError):
        publish(tmp_path / "out", {tmp_path / "elsewhere.md": b"x"})
    source = tmp_path / "out" / "game.md"
    source.parent.mkdir()
    source.write_text("input")
    with pytest.raises(InputError):
        publish(tmp_path / "out", {source: b"x"}, inputs=[source])
    assert source.read_text() == "input"


class _Recorder:
    """Stands in for ``os`` inside the output module and logs renames (with their target),
    unlinks and flushes (of a directory: with its path)."""

    def __init__(self) -> None:
        self.log: list[tuple[str, Path]] = []
        self.opened: dict[int, Path] = {}

    def __getattr__(self, name):
        real = getattr(os, name)
        if name == "open":
            def opened(path, *args, **kwargs):
                fd = real(path, *args, **kwargs)
                self.opened[fd] = Path(path)
                return fd
            return opened
        if name == "fsync":
            def fsync(fd):
                if fd in self.opened:
                    self.log.append(("sync", self.opened[fd]))
                return real(fd)
            return fsync
        if name in ("replace", "unlink"):
            def operation(*args, **kwargs):
                self.log.append((name, Path(args[-1] if name == "replace" else args[0])))
                return real(*args, **kwargs)
            return operation
        return real


def _synced_after_every_change(log: list[tuple[str, Path]]) -> bool:
    """Whether each directory changed by a rename or unlink is flushed after its last change."""
    for k, (what, path) in enumerate(log):
        if what != "sync" and ("sync", path.parent) not in log[k + 1:]:
            return False
    return True


def test_written_files_are_flushed_with_their_directory_entries(run_cli, game, tmp_path, monkeypatch):
    """A crash right after a command reports success keeps the files: every directory a rename
    or a removal changed is flushed to disk afterwards (and the staged set before its commit)."""
    recorder = _Recorder()
    monkeypatch.setattr(output, "os", recorder)
    target = tmp_path / "single" / "a.md"
    assert run_cli("analyze", game, "-n", "0", "-f", "markdown", "-o", target).exit_code == 0
    assert recorder.log[-2:] == [("replace", target), ("sync", target.parent)]
    recorder.log.clear()
    out = tmp_path / "out"
    assert run_cli("report", game, "-o", out, "--samples", "0", "-j", "1").exit_code == 0
    log = recorder.log
    assert ("sync", out) in log and ("sync", out / "figures") in log and _synced_after_every_change(log)
    commit = log.index(("replace", out / STAGING / output.RECORD))
    staged = [k for k, (what, path) in enumerate(log[:commit]) if path.parent == out / STAGING / "figures"]
    assert ("sync", out / STAGING / "figures") in log[staged[-1]:commit]
    assert log[commit + 1] == ("sync", out / STAGING)
