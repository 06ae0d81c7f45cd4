"""Allow ``python -m convenience``."""

from convenience.cli import main

main()
