"""The candidate equilibria sensitivity analysis tracks, and their labels.

An equilibrium set changes when some candidate starts or stops being an equilibrium. The
candidates are the pure profiles of the game and, for two-player games, the pairs of
equal-size supports ``(I, J)`` with ``|I| = |J| >= 2`` (support enumeration, as in Nashpy's
``support_enumeration``; in a nondegenerate game every mixed equilibrium has equal-size
supports). Symbolic and numerical analysis share this list, so their answers can be compared
label by label.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from math import comb, prod

#: Above this many mixed support pairs, only pure profiles are tracked (noted in the report).
MAX_MIXED_SUPPORTS = 400


@dataclass(frozen=True)
class Support:
    """One candidate: the strategies each player uses (a pure profile when all are singletons)."""

    support: tuple[tuple[int, ...], ...]
    label: str

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.support)


def pure_label(strategies: tuple[tuple[str, ...], ...], profile: tuple[int, ...]) -> str:
    """``"Coordinate/Defect"``: each player's strategy, in player order."""
    return "/".join(strategies[i][k] for i, k in enumerate(profile))


def support_label(strategies: tuple[tuple[str, ...], ...], support: tuple[tuple[int, ...], ...]) -> str:
    """Pure label for singletons, ``"mixed(A+B / A+B)"`` for a mixed support pair."""
    if all(len(s) == 1 for s in support):
        return pure_label(strategies, tuple(s[0] for s in support))
    parts = ["+".join(strategies[i][k] for k in s) for i, s in enumerate(support)]
    return "mixed(" + " / ".join(parts) + ")"


def mixed_support_count(shape: tuple[int, ...]) -> int:
    """How many equal-size support pairs of size >= 2 a two-player game has."""
    if len(shape) != 2:
        return 0
    return sum(comb(shape[0], k) * comb(shape[1], k) for k in range(2, min(shape) + 1))


def candidate_supports(strategies: tuple[tuple[str, ...], ...], *, mixed: bool = True) -> tuple[Support, ...]:
    """Pure profiles (row-major order) then two-player mixed support pairs by size."""
    shape = tuple(len(s) for s in strategies)
    out = [Support(tuple((k,) for k in profile), pure_label(strategies, profile))
           for profile in itertools.product(*(range(m) for m in shape))]
    if mixed and len(shape) == 2 and mixed_support_count(shape) <= MAX_MIXED_SUPPORTS:
        for k in range(2, min(shape) + 1):
            for rows in itertools.combinations(range(shape[0]), k):
                for cols in itertools.combinations(range(shape[1]), k):
                    support = (rows, cols)
                    out.append(Support(support, support_label(strategies, support)))
    return tuple(out)


def mixed_note(shape: tuple[int, ...]) -> str | None:
    """Why mixed equilibria are not tracked for this shape, or ``None`` when they are."""
    if len(shape) != 2:
        return (f"mixed equilibria are tracked for two-player games; this {len(shape)}-player game "
                f"is analysed through its {prod(shape)} pure profiles")
    if mixed_support_count(shape) > MAX_MIXED_SUPPORTS:
        return (f"{mixed_support_count(shape)} mixed support pairs exceed the limit of "
                f"{MAX_MIXED_SUPPORTS}; only pure profiles are tracked")
    return None
