"""Where a claim holds: Monte Carlo shares and one-parameter holding regions.

:func:`robust_share` draws every parameter from its declared distribution (seeded) and counts
the draws where the check holds. :func:`holding_region` varies one parameter at a time over
its range, the others at their baseline: a grid scan finds where the verdict changes and
bisection locates each change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from convenience.expectations.checks import number_text
from convenience.expectations.parse import DEFAULT_DRAWS, Expectation
from convenience.game import ParametricAny

#: Grid points of the 1-D scan along each parameter's range, and bisection steps per change.
SCAN_POINTS = 17
BISECTION_STEPS = 16


def robust_share(game: ParametricAny, exp: Expectation, base: Mapping[str, Any], fixed: frozenset = frozenset()
                 ) -> tuple[float, int]:
    """Share of Monte Carlo draws (parameters from their distributions) where ``exp`` holds.

    Parameters in ``exp.at`` or in ``fixed`` (those set on the command line) keep their value.
    The draws come from the Monte Carlo engine's stream named by the claim's seed and are
    judged by :func:`~convenience.expectations.draws.claim_hits`.
    """
    from convenience.analysis.montecarlo.distributions import distribution_of
    from convenience.analysis.montecarlo.engine import stream_draws
    from convenience.expectations.draws import claim_hits

    spec = exp.robust or {}
    draws, seed = spec.get("draws", DEFAULT_DRAWS), spec.get("seed", 0)
    file = getattr(game, "file", None)
    dists = {name: distribution_of(p, file=file) for name, p in game.parameters.items()
             if name not in exp.at and name not in fixed}
    samples = stream_draws(dists, seed, draws)
    if not samples:  # nothing to draw: every draw is the baseline
        from convenience.expectations.checks import Point
        from convenience.expectations.draws import holds_safely

        return float(holds_safely(Point(game, {**base, **exp.at}), exp)), draws
    return int(claim_hits(game, [exp], samples, base)[0].sum()) / draws, draws


def _intervals(xs: list[float], flags: list[bool], refine: Callable[[float, float, bool], float],
               holds: Callable[[float], bool]) -> list[tuple[float, float, bool, bool]]:
    """Maximal runs of holding grid points as ``(start, end, start_closed, end_closed)``.

    Each run is widened to the refined change points around it. A change point that bisection
    puts at a grid point (typically a range end where the check ties) snaps to it, and one
    next to a short decimal (``1`` for ``0.99999``) snaps to that decimal; either is open when
    the check fails exactly there: ``G in (0, 8]``, ``B_R in (1, 10]``.
    """
    tol = (xs[1] - xs[0]) * 1e-3

    def edge(a_index: int, holds_at_a: bool) -> tuple[float, bool]:
        b = refine(xs[a_index], xs[a_index + 1], holds_at_a)
        for i in (a_index, a_index + 1):
            if abs(b - xs[i]) <= tol:
                return xs[i], flags[i]
        shown = float(number_text(b))
        if abs(shown - b) <= tol:
            return shown, holds(shown)
        return b, True

    out, start = [], None
    for i, flag in enumerate(flags):
        if flag and start is None:
            start = (xs[0], True) if i == 0 else edge(i - 1, False)
        if not flag and start is not None:
            end = edge(i - 1, True)
            out.append((start[0], end[0], start[1], end[1]))
            start = None
    if start is not None:
        out.append((start[0], xs[-1], start[1], True))
    return out


def _interval_text(a: float, b: float, a_closed: bool, b_closed: bool) -> str:
    return f"{'[' if a_closed else '('}{number_text(a)}, {number_text(b)}{']' if b_closed else ')'}"


def holding_region(game: ParametricAny, exp: Expectation, base: Mapping[str, Any], points: int = SCAN_POINTS,
                   steps: int = BISECTION_STEPS) -> str:
    """Where ``exp`` holds along each parameter's range, the others at ``base``.

    A grid scan finds where the verdict changes; each change is located by bisection. Points
    are evaluated by :func:`~convenience.expectations.draws.claim_hits` (normal forms by pattern).
    """
    from convenience.expectations.draws import claim_hits

    spans, anywhere, nowhere = [], [], []
    for name, p in game.parameters.items():
        bounds = p.range
        if bounds is None or bounds[0] == bounds[1] or name in exp.at:
            continue
        low, high = float(bounds[0]), float(bounds[1])
        xs = list(np.linspace(low, high, points))

        def holds(x: float, name: str = name) -> bool:
            return bool(claim_hits(game, [exp], {name: np.array([x])}, base)[0, 0])

        def refine(a: float, b: float, holds_at_a: bool) -> float:
            for _ in range(steps):
                mid = (a + b) / 2
                if holds(mid) == holds_at_a:
                    a = mid
                else:
                    b = mid
            return (a + b) / 2

        flags = [bool(f) for f in claim_hits(game, [exp], {name: np.array(xs)}, base)[0]]
        if all(flags):
            anywhere.append(name)
        elif any(flags):
            found = _intervals(xs, flags, refine, holds)
            spans.append(f"{name} in " + " or ".join(_interval_text(*span) for span in found))
        else:
            nowhere.append(name)
    if not (spans or anywhere or nowhere):
        return "the game has no parameter with a range to scan"
    parts = spans[:]
    if anywhere:
        parts.append(f"any value of {', '.join(anywhere)}")
    if nowhere:
        parts.append(f"no value of {', '.join(nowhere)} within its range")
    return "scanned one parameter at a time, the others at baseline: " + "; ".join(parts)
