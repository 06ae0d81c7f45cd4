"""The wheel users install: built with ``pip wheel`` from a clean copy of the sources, then
opened and read. Every module is in it and nothing else (no tests, benchmarks or games); its
metadata carries the version, the classifiers and the runtime dependencies, and the
version the package reports is the one the metadata carries."""

from __future__ import annotations

import email
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "convenience"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(SOURCE, tree / "src" / "convenience", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(out), str(tree)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    [built] = out.glob("convenience-*.whl")
    return zipfile.ZipFile(built)


def _metadata(wheel: zipfile.ZipFile) -> email.message.Message:
    [name] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    return email.message_from_bytes(wheel.read(name))


def test_wheel_holds_every_module_and_nothing_else(wheel):
    names = set(wheel.namelist())
    package = {n for n in names if not re.match(r"convenience-[^/]+\.dist-info/", n)}
    expected = {p.relative_to(SOURCE.parent).as_posix() for p in SOURCE.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert package == expected
    assert all(n.startswith("convenience/") for n in package)
    assert any(n.endswith(".dist-info/entry_points.txt") for n in names)
    assert (SOURCE / "py.typed").exists() and "convenience/py.typed" in names  # the package is typed


def test_metadata_describes_the_project(wheel):
    meta = _metadata(wheel)
    assert meta["Name"] == "convenience"
    assert meta["Requires-Python"] == ">=3.11"
    classifiers = meta.get_all("Classifier")
    assert "License :: OSI Approved :: MIT License" in classifiers and "Typing :: Typed" in classifiers
    assert any(c.startswith("Programming Language :: Python :: 3.") for c in classifiers)
    assert meta["Author"] or meta["Author-email"]
    runtime = [r for r in meta.get_all("Requires-Dist") if "extra ==" not in r]
    names = {re.split(r"[<>=!\[; ]", r, maxsplit=1)[0].lower() for r in runtime}
    assert names == {"numpy", "scipy", "sympy", "pyyaml", "typer", "rich", "matplotlib", "markdown-it-py",
                     "threadpoolctl"}
    assert any(r.startswith("nashpy") and "extra == \"test\"" in r for r in meta.get_all("Requires-Dist"))


def test_version_has_one_source(wheel):
    import importlib.metadata

    import convenience

    assert _metadata(wheel)["Version"] == importlib.metadata.version("convenience") == convenience.__version__
    assert "__version__ =" not in (SOURCE / "__init__.py").read_text(encoding="utf-8")


def test_nothing_at_runtime_imports_the_test_only_dependencies():
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+(nashpy|pytest|hypothesis)\b", text, re.M), path
