"""Writing output files without ever losing a user's file.

Every command that writes goes through this module:

- :func:`check_output_file` and :func:`check_output_directory` look at an output path before
  any work is done (a file where a directory is expected, a read-only directory, ``/proc``, an
  input file, through symlinks, relative paths and hard links) and raise
  :class:`~convenience.errors.InputError` (exit 2) at once;
- :func:`write_file` writes one file whole or not at all, with the permissions of an ordinary
  new file (``0666`` less the umask) or those of the file it replaces;
- :func:`publish` writes a set of files (a report directory) so that a run killed at any
  moment leaves every file complete and every link resolving, and the next run finishes or
  discards the interrupted one. Files are staged in ``DIR/.convenience-staging/``; a publish
  record written in one rename is the commit point; files are then moved into place,
  referenced files before the pages that link them (figures, then reports, then the index).
  A manifest (``DIR/.convenience-manifest``) lists each file convenience wrote with its
  SHA-256, so a later run deletes only those files, and only while they still hold what
  convenience wrote; nothing is ever deleted by name pattern.

Every rename is followed by a flush of its directory (:func:`sync_directory`), so that a crash or
a power loss after a command says it wrote a file does not take the file back.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from convenience.errors import InputError

#: The list of files convenience wrote in an output directory, with their SHA-256.
MANIFEST = ".convenience-manifest"
#: Where a report set is assembled before it is published.
STAGING = ".convenience-staging"
#: Inside the staging directory: present once the staged set is complete (the commit point).
RECORD = ".publish"
#: Suffix of the temporary file :func:`write_file` writes before its rename.
TEMP_SUFFIX = ".convenience-tmp"
#: Pseudo file systems that no output may go to.
FORBIDDEN_ROOTS = ("/proc", "/sys", "/dev")


def _same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` name one file (symlinks, relative paths and hard links)."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refuse_inputs(output: Path, inputs: Iterable[Path], *, key: str = "--output") -> None:
    """Refuse an output that is one of the inputs (exit 2 before any work)."""
    for source in inputs:
        if _same_file(Path(output), Path(source)):
            raise InputError(f"refusing to overwrite the input file {source}", file=str(output), key=key)


def _first_existing(path: Path) -> Path:
    """``path`` or its nearest existing ancestor."""
    path = Path(os.path.abspath(path))
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _writable_directory(path: Path, name: str, key: str) -> None:
    """Raise unless the place ``path`` would be created in is a writable ordinary directory."""
    existing = _first_existing(path)
    real = os.path.realpath(existing)
    if any(real == root or real.startswith(root + "/") for root in FORBIDDEN_ROOTS):
        raise InputError(f"cannot write under {real}: choose an ordinary directory", file=name, key=key)
    if not existing.is_dir():
        raise InputError(f"{existing} is a file, not a directory", file=name, key=key)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"directory {existing} is not writable", file=name, key=key)


def check_output_file(path: Path, inputs: Iterable[Path] = (), *, key: str = "--output") -> None:
    """Refuse, before any work, an output file that cannot or must not be written."""
    path = Path(path)
    name = str(path)
    refuse_inputs(path, inputs, key=key)
    if path.is_dir():
        raise InputError("is a directory; give a file name", file=name, key=key)
    if path.exists() and not path.is_file():
        raise InputError("is not a regular file (leave out --output to print to the terminal)", file=name, key=key)
    _writable_directory(path.parent, name, key)


def check_output_directory(path: Path, inputs: Iterable[Path] = (), *, key: str = "--output") -> None:
    """Refuse, before any work, an output directory that cannot be written (or is an input)."""
    path = Path(path)
    name = str(path)
    refuse_inputs(path, inputs, key=key)
    if path.exists() and not path.is_dir():
        raise InputError("is a file, not a directory", file=name, key=key)
    _writable_directory(path, name, key)
    for sub in (path / "figures", path / STAGING):
        if sub.exists() and not sub.is_dir():
            raise InputError(f"{sub} is a file, not a directory", file=name, key=key)
        if sub.is_dir() and not os.access(sub, os.W_OK | os.X_OK):
            raise InputError(f"directory {sub} is not writable", file=name, key=key)


def new_file_mode(replacing: Path | None = None) -> int:
    """Permissions for an output: those of the file it replaces, else ``0666`` less the umask."""
    if replacing is not None:
        try:
            return replacing.stat().st_mode & 0o777
        except OSError:
            pass
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _write_temp(directory: Path, name: str, data: bytes | Iterable[str], mode: int) -> Path:
    """A complete temporary file in ``directory`` holding ``data`` (bytes, or text in pieces;
    flushed to disk)."""
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=directory)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            for piece in ((data,) if isinstance(data, bytes) else data):
                out.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _unlink(Path(temp))
        raise
    return Path(temp)


def sync_directory(directory: Path) -> None:
    """Flush ``directory``'s entries to disk, so that a rename or unlink done in it survives a
    crash or power loss (the renamed file's bytes were flushed before the rename). Systems that
    cannot open or flush a directory (Windows) are left to their own guarantees."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _as_bytes(data: str | bytes | Iterable[str]) -> bytes | Iterable[str]:
    return data.encode("utf-8") if isinstance(data, str) else data


def _stale_temps(path: Path) -> list[Path]:
    """Temporary files a killed :func:`write_file` of ``path`` left behind."""
    pattern = re.compile(re.escape(f".{path.name}.") + r"[A-Za-z0-9_]+" + re.escape(TEMP_SUFFIX) + "$")
    if not path.parent.is_dir():
        return []
    return [p for p in path.parent.iterdir() if pattern.match(p.name) and p.is_file()]


def write_file(path: str | Path, data: str | bytes | Iterable[str]) -> None:
    """Write ``data`` (text, bytes, or text in pieces) to ``path`` whole or not at all
    (temporary file, then rename).

    The file gets the permissions of the file it replaces, or ``0666`` less the umask. Temporary
    files of an earlier, interrupted write to the same path are removed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in _stale_temps(path):
        _unlink(stale)
    temp = _write_temp(path.parent, path.name, _as_bytes(data), new_file_mode(path if path.exists() else None))
    try:
        os.replace(temp, path)
    except BaseException:
        _unlink(temp)
        raise
    sync_directory(path.parent)


# --- report sets -----------------------------------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(directory: Path) -> dict[str, str]:
    """Relative POSIX path -> SHA-256 of each file convenience wrote in ``directory``."""
    try:
        text = (Path(directory) / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    files = {}
    for line in text.splitlines():
        digest, sep, name = line.partition("  ")
        if sep and re.fullmatch(r"[0-9a-f]{64}", digest) and _safe_relative(name):
            files[name] = digest
    return files


def _safe_relative(name: str) -> bool:
    """A manifest entry may only name a file inside its directory."""
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts and parts[0] != STAGING


def manifest_text(files: Mapping[str, bytes]) -> str:
    """The manifest of ``files`` (relative path -> bytes): sorted, one ``sha256  path`` a line."""
    lines = ["# Files written by convenience in this directory (SHA-256, path); it deletes only these."]
    lines += [f"{_digest(data)}  {name}" for name, data in sorted(files.items())]
    return "\n".join(lines) + "\n"


def _relative(outputs: Mapping[Path, bytes], directory: Path) -> dict[str, bytes]:
    """Outputs keyed by their POSIX path relative to ``directory``; refuses any outside it."""
    base = Path(os.path.abspath(directory))
    relative = {}
    for path, data in outputs.items():
        try:
            name = Path(os.path.abspath(path)).relative_to(base).as_posix()
        except ValueError:
            raise InputError(f"output {path} lies outside the output directory", file=str(directory)) from None
        if not _safe_relative(name) or name == MANIFEST:
            raise InputError(f"output {path} has a reserved name", file=str(directory))
        relative[name] = data
    return relative


def obsolete_files(outputs: Mapping[Path, bytes], directory: Path) -> list[Path]:
    """Files convenience wrote in ``directory`` before, that this set no longer has, and that still
    hold what convenience wrote (a file the user changed or replaced is kept)."""
    directory = Path(directory)
    keep = set(_relative(outputs, directory))
    out = []
    for name, digest in sorted(read_manifest(directory).items()):
        path = directory / name
        if name not in keep and _holds_digest(path, digest):
            out.append(path)
    return out


def _holds_digest(path: Path, digest: str) -> bool:
    """True when ``path`` is an ordinary file whose SHA-256 is ``digest``."""
    try:
        return path.is_file() and not path.is_symlink() and _digest(path.read_bytes()) == digest
    except OSError:
        return False


def _publish_order(name: str) -> tuple[int, str]:
    """Files others link to first (figures and data), then pages, then the index page last."""
    if name == "index.md":
        return (2, name)
    return (1 if name.endswith((".md", ".html")) else 0, name)


@dataclass(frozen=True)
class Published:
    """What :func:`publish` did: files written (changed or new) and files removed."""

    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    removed: tuple[Path, ...]


def publish(directory: str | Path, outputs: Mapping[Path, bytes], inputs: Iterable[Path] = ()) -> Published:
    """Write the file set ``outputs`` (path -> bytes, all inside ``directory``) as one unit.

    The set is staged whole, then committed by one rename, then moved into place; a run killed
    before the commit leaves the previous files untouched, one killed after it is completed by
    the next call (see :func:`recover`). Files that an earlier set had and this one has not are
    removed only when the manifest says convenience wrote them and they are unchanged. Nothing
    is written onto an input.
    """
    directory = Path(directory)
    relative = _relative(outputs, directory)
    inputs = list(inputs)
    for path in outputs:
        refuse_inputs(Path(path), inputs)
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory):
        return _publish(directory, relative)


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` itself (no lock file), so that two runs writing to
    one directory publish one after the other instead of undoing each other's staging."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this system: runs are not serialised
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _publish(directory: Path, relative: dict[str, bytes]) -> Published:
    outputs = {directory / name: data for name, data in relative.items()}
    recover(directory)
    obsolete = obsolete_files(outputs, directory)
    unchanged = [name for name, data in relative.items() if _holds(directory / name, data)]
    changed = {name: data for name, data in relative.items() if name not in unchanged}
    staging = directory / STAGING
    staging.mkdir()
    sync_directory(directory)
    for name, data in changed.items():
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(_write_temp(target.parent, target.name, data,
                               new_file_mode(directory / name if (directory / name).exists() else None)), target)
    for folder in sorted({(staging / name).parent for name in changed}, reverse=True):
        sync_directory(folder)  # every staged file is on disk before the commit
    manifest = manifest_text(relative).encode("utf-8")
    os.replace(_write_temp(staging, MANIFEST, manifest, new_file_mode(directory / MANIFEST
                                                                        if (directory / MANIFEST).exists() else None)),
               staging / MANIFEST)
    old = read_manifest(directory)
    remove = {name: old[name] for name in (p.relative_to(directory).as_posix() for p in obsolete)}
    record = json.dumps({"remove": remove}).encode("utf-8")
    os.replace(_write_temp(staging, RECORD, record, 0o600), staging / RECORD)  # the commit point
    sync_directory(staging)
    _complete(directory)
    return Published(written=tuple(directory / n for n in sorted(changed, key=_publish_order)),
                     unchanged=tuple(directory / n for n in sorted(unchanged)), removed=tuple(obsolete))


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.read_bytes() == data
    except OSError:
        return False


def recover(directory: str | Path) -> None:
    """Finish a publish that was committed but interrupted, or discard one that was not.

    Also removes temporary files of a killed :func:`write_file` of the manifest.
    """
    directory = Path(directory)
    staging = directory / STAGING
    if staging.is_symlink() or (staging.exists() and not staging.is_dir()):
        raise InputError(f"{staging} is not a directory convenience made; move it away", file=str(directory))
    if (staging / RECORD).is_file():
        _complete(directory)
    elif staging.is_dir():
        shutil.rmtree(staging)
    for stale in _stale_temps(directory / MANIFEST):
        _unlink(stale)


def _complete(directory: Path) -> None:
    """Carry out a committed publish: move staged files into place, remove obsolete ones, then
    the manifest, then drop the staging directory. Every step can be repeated safely."""
    staging = directory / STAGING
    try:
        record = json.loads((staging / RECORD).read_text(encoding="utf-8"))
        remove = {name: digest for name, digest in record["remove"].items() if _safe_relative(name)}
    except (OSError, ValueError, KeyError, AttributeError):
        remove = {}
    staged = sorted((p.relative_to(staging).as_posix() for p in staging.rglob("*")
                     if p.is_file() and not p.name.endswith(TEMP_SUFFIX)
                     and not (p.parent == staging and p.name in (RECORD, MANIFEST))), key=_publish_order)
    touched = {directory}
    for name in staged:
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / name, target)
        touched.add(target.parent)
    for name, digest in remove.items():
        path = directory / name
        if _holds_digest(path, digest):
            _unlink(path)
            touched.add(path.parent)
    for folder in sorted(touched, reverse=True):  # the moves are on disk before the manifest says so
        sync_directory(folder)
    if (staging / MANIFEST).is_file():
        os.replace(staging / MANIFEST, directory / MANIFEST)
        sync_directory(directory)
    shutil.rmtree(staging)  # if a crash undoes this, the next run completes the publish again
