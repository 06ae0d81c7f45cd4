"""convenience: game-theoretic analysis of strategic dilemmas.

Games are written in YAML with payoffs as expressions of named parameters;
convenience finds and verifies their equilibria, measures how robust each one
is to the assumptions, and writes Markdown reports.

``convenience.__version__`` is read from the installed package's metadata (the one version
source is ``pyproject.toml``), only when asked for, so importing the package stays cheap.
"""

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("convenience")
    except PackageNotFoundError:  # a source tree on sys.path, never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module 'convenience' has no attribute {name!r}")
