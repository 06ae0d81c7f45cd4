"""A content-addressed cache of game analyses, so that nothing unchanged is computed twice.

An analysis (:class:`convenience.pipeline.GameAnalysis`, with what a command rendered from it)
depends only on the game file's bytes, the claim catalogue, the analysis options, the ``--set``
values, what the command renders and the code that computes it. :meth:`AnalysisCache.key`
hashes exactly these (the code by the bytes of every module of the package and the versions of
the numerical libraries), so an entry is found again only when the result would be the same,
and an edited game misses its own entries and no other game's.

Where: ``$CONVENIENCE_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/convenience``, else
``~/.cache/convenience`` (outside any project, so never under version control). Deleting the
directory is always safe; ``--no-cache`` bypasses it.

Safety: an entry is written whole to a temporary file and renamed into place, so a reader sees
a complete entry or none, and two runs computing the same entry at once both write the same
bytes. Each entry carries a SHA-256 checksum of its content; an entry that does not match
(truncated, corrupted) or cannot be read is ignored and computed again. Entries are Python
pickles, read only from the user's own cache directory (created private to the user).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

#: The first bytes of every entry: a format tag, then the checksum and the pickled content.
MAGIC = b"convenience-cache 1\n"
#: Libraries whose versions can change an analysis or its rendering.
LIBRARIES = ("numpy", "scipy", "sympy", "matplotlib", "PyYAML")


def default_directory() -> Path:
    """``$CONVENIENCE_CACHE_DIR``, else ``$XDG_CACHE_HOME/convenience``, else ``~/.cache/convenience``."""
    explicit = os.environ.get("CONVENIENCE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "convenience"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the package's own modules and of the libraries' versions: any change to
    the code that computes an analysis makes every older entry miss."""
    from importlib import metadata

    import convenience

    digest = hashlib.sha256()
    root = Path(convenience.__file__).parent
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}".encode())
    return digest.hexdigest()


def canonical(value: Any) -> Any:
    """A JSON-able form of options and overrides that is the same in every process (sets sorted)."""
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if hasattr(value, "__dataclass_fields__"):
        return {name: canonical(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def dumps(value: Any) -> bytes:
    """``value`` pickled, with sympy's polynomial rings pickled by their defining arguments.

    A ring's own ``__getstate__`` (sympy 1.14) deletes keys of the dictionary it is iterating
    over, so pickle fails on any ring, and an analysis brought back from a worker process can
    hold one. Rebuilding a ring from its symbols, domain and order gives the same (cached) ring.
    """
    import copyreg
    import io
    import sys

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    table = dict(copyreg.dispatch_table)
    if "sympy.polys.rings" in sys.modules:  # only a value holding sympy objects can hold a ring
        from sympy.polys.rings import PolyRing

        table[PolyRing] = _ring
    pickler.dispatch_table = table
    pickler.dump(value)
    return buffer.getvalue()


def _ring(ring: Any) -> tuple[Any, tuple[Any, ...]]:
    return type(ring), tuple(ring.__getnewargs__())


class AnalysisCache:
    """Entries by key in one directory (see the module docstring)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_directory()
        self.hits = 0
        self.misses = 0

    def key(self, path: str | Path, **parts: Any) -> str | None:
        """The key of an analysis of the game file ``path`` under ``parts`` (options, overrides,
        claim catalogue, rendering...); None when ``path`` is standard input (``-``, even if a file
        of that name exists: the game did not come from it) or not a regular file."""
        if str(path) == "-":
            return None
        path = Path(path)
        if not path.is_file():
            return None
        digest = hashlib.sha256()
        digest.update(code_fingerprint().encode())
        digest.update(hashlib.sha256(path.read_bytes()).hexdigest().encode())
        digest.update(json.dumps(canonical(parts), sort_keys=True).encode())
        from convenience.budget import current_limit

        digest.update(f"work budget {current_limit()}".encode())  # a budget can stop a part of the analysis
        from convenience.errors import wording

        digest.update(f"worded for {wording()}".encode())  # notes name settings as flags or as arguments
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.directory / "analyses" / key[:2] / f"{key}.pickle"

    def load(self, key: str | None) -> Any | None:
        """The value stored under ``key``, or None (absent, corrupt or unreadable: computed again)."""
        if key is None:
            return None
        try:
            data = self._entry(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        head = len(MAGIC) + 64
        content = data[head:]
        if data[:len(MAGIC)] != MAGIC or data[len(MAGIC):head].decode("ascii", "replace") != \
                hashlib.sha256(content).hexdigest():
            self.misses += 1
            return None
        try:
            value = pickle.loads(content)
        except Exception:  # noqa: BLE001 - a stale or damaged entry is recomputed, never fatal
            self.misses += 1
            return None
        self.hits += 1
        return value

    def store(self, key: str | None, value: Any) -> None:
        """Write ``value`` under ``key`` atomically; a cache that cannot be written is skipped."""
        if key is None:
            return
        try:
            content = dumps(value)
        except Exception:  # noqa: BLE001 - an unpicklable value is simply not cached
            return
        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(MAGIC + hashlib.sha256(content).hexdigest().encode("ascii") + content)
                os.replace(temporary, entry)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return  # a read-only or full disk: the run goes on without caching

    # -- how long each game took last time (only to start the longest first; never in a result)
    def _timings(self) -> Path:
        return self.directory / "timings.json"

    def costs(self) -> dict[str, float]:
        """CPU seconds each game file took when last analysed (by resolved path); {} when unknown."""
        try:
            data = json.loads(self._timings().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): float(v) for k, v in data.items() if isinstance(v, (int, float))} \
            if isinstance(data, dict) else {}

    def record_costs(self, costs: dict[str, float]) -> None:
        """Remember the CPU seconds of the games just analysed (written whole, atomically)."""
        if not costs:
            return
        merged = {**self.costs(), **costs}
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(merged, out, sort_keys=True)
            os.replace(temporary, self._timings())
        except OSError:
            return


__all__ = ["AnalysisCache", "canonical", "code_fingerprint", "default_directory", "dumps"]
