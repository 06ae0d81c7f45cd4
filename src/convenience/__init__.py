"""convenience: game-theoretic analysis of strategic dilemmas.

Games are written in YAML with payoffs as expressions of named parameters;
convenience finds and verifies their equilibria, measures how robust each one
is to the assumptions, and writes Markdown reports.

``convenience.__version__`` is read from the installed package's metadata (the one version
source is ``pyproject.toml``), only when asked for, so importing the package imports nothing.
"""

_version = None


def __getattr__(name):
    global _version
    if name != "__version__":
        raise AttributeError(f"module 'convenience' has no attribute {name!r}")
    if _version is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _version = version("convenience")
        except PackageNotFoundError:  # a source tree on sys.path, never installed
            _version = "0+unknown"
    return _version
