"""What the user asked a sensitivity analysis to vary, checked against the game.

``--parameter`` names, ``--grid NAME=LO:HI:N`` ranges: unknown names are refused with a
suggestion, bounds must be finite numbers, at most :data:`MAX_GRID_POINTS` points, and
probabilities may not be gridded outside ``[0, 1]``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.errors import InputError, did_you_mean
from convenience.game import is_tree

if TYPE_CHECKING:
    from convenience.game import ParametricAny


def _unknown(name: str, known: Sequence[str], key: str, file: str | None) -> InputError:
    listed = ", ".join(known) if known else "none declared"
    return InputError(f"unknown parameter '{name}'{did_you_mean(name, known)}; parameters: {listed}", file=file, key=key)


#: Most points of a ``--grid`` axis.
MAX_GRID_POINTS = 10_000


def parse_grid(items: Sequence[str] | None) -> dict[str, tuple[float, float, int]]:
    """``["k=0:10:41"]`` to ``{"k": (0.0, 10.0, 41)}`` (``--grid NAME=LO:HI:N``).

    LO and HI are finite numbers (bounded like numbers in game files), N a whole number from 2
    to :data:`MAX_GRID_POINTS`."""
    from convenience.expressions import parse_expression

    out: dict[str, tuple[float, float, int]] = {}
    for item in items or []:
        name, sep, spec = item.partition("=")
        parts = spec.split(":")
        if not sep or len(parts) != 3 or not name.strip():
            raise InputError(f"--grid expects NAME=LO:HI:N (e.g. k=0:10:41), got '{item[:80]}'", key="--grid")
        key = f"--grid {name.strip()}"
        bounds = []
        for part in parts[:2]:
            try:
                value = float(parse_expression(part.strip(), (), key=key).evaluate({}))
            except (ArithmeticError, ValueError) as error:
                raise InputError(f"cannot read '{part.strip()[:40]}' as a number ({error})", key=key) from None
            if not np.isfinite(value):
                raise InputError(f"'{part.strip()[:40]}' is not a finite number", key=key)
            bounds.append(value)
        lo, hi = bounds
        count = parts[2].strip()
        if not count.isdigit() or len(count) > 9 or not 2 <= int(count) <= MAX_GRID_POINTS:
            raise InputError(f"N must be a whole number from 2 to {MAX_GRID_POINTS:,}, got '{count[:40]}'", key=key)
        if not hi > lo:
            raise InputError(f"needs LO < HI, got '{spec[:80]}'", key=key)
        out[name.strip()] = (lo, hi, int(count))
    return out


def _probability_like(p: Any) -> bool:
    return p.low is not None and p.high is not None and 0 <= float(p.low) and float(p.high) <= 1


def chance_parameters(game: ParametricAny) -> frozenset[str]:
    """Names of parameters used in a tree's chance probabilities (empty for other games)."""
    if not is_tree(game):
        return frozenset()
    names: set[str] = set()
    for node in game.root.walk():
        if node.kind == "chance":
            for e in node.probs:
                names |= set(getattr(e, "parameters", ()) or ())
    return frozenset(names)


def chosen_parameters(game: ParametricAny, parameters: Sequence[str] | None) -> tuple[dict, dict, list[str]]:
    """Declared parameters, their distributions, and those to analyse (default: every one with a range)."""
    from convenience.analysis.montecarlo.distributions import distribution_of

    file = getattr(game, "file", None)
    declared = dict(game.parameters)
    distributions = {name: distribution_of(p, file=file) for name, p in declared.items()}
    chosen = list(parameters) if parameters else [n for n, d in distributions.items() if d.low is not None]
    for name in chosen:
        if name not in declared:
            raise _unknown(name, list(declared), "--parameter", file)
    return declared, distributions, chosen


def validate_choices(game: ParametricAny, parameters: Sequence[str] | None, grid: Mapping[str, tuple] | None):
    """The parameters to analyse and every declared parameter's distribution; a clear error for an
    unknown name, a probability gridded outside [0, 1] or a grid over more than two parameters."""
    file = getattr(game, "file", None)
    declared, distributions, chosen = chosen_parameters(game, parameters)
    if not parameters and not chosen:
        chosen = list(declared)
    for name, (lo, hi, _n) in (grid or {}).items():
        if name not in declared:
            raise _unknown(name, list(declared), "--grid", file)
        p = declared[name]
        if (_probability_like(p) or name in chance_parameters(game)) and (lo < 0 or hi > 1):
            raise InputError(f"{name} is a probability (declared range [{float(p.low):g}, {float(p.high):g}]); "
                             f"the grid {lo:g}:{hi:g} leaves [0, 1]", file=file, key=f"--grid {name}")
    if len(grid or {}) > 2:
        raise InputError("--grid takes one parameter (a sweep) or two (a regime map)", key="--grid")
    return chosen, distributions
