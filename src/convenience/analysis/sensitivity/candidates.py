"""The candidate equilibria sensitivity analysis tracks, and their labels.

An equilibrium set changes when some candidate starts or stops being an equilibrium. The
candidates are the pure profiles of the game and the mixed profiles in which two players mix
on equal-size supports ``(I, J)`` with ``|I| = |J| >= 2`` while any other players play pure
(support enumeration, as in Nashpy's ``support_enumeration``; in a nondegenerate two-player
game every mixed equilibrium has equal-size supports). In games of three or more players the
list also has the support profiles where three players mix (any others pure) whose
indifference system reduces to one polynomial in a pivot probability
(:mod:`convenience.analysis.sensitivity.nplayer_mixed`): one candidate per root, labelled
``"mixed(A+B / C+D / E+F) root 1"``. Larger systems (four mixing players, supports such as
``(3, 3, 3)``) are counted and reported as not tracked. Symbolic and numerical analysis share
this list, so their answers can be compared label by label.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from math import comb, prod

from convenience.analysis.sensitivity.nplayer_mixed import MAX_NPLAYER_SUPPORTS, nplayer_support_count, nplayer_support_profiles

#: Above this many mixed support pairs, only pure profiles are tracked (noted in the report).
MAX_MIXED_SUPPORTS = 400


@dataclass(frozen=True)
class Support:
    """One candidate: the strategies each player uses (a pure profile when all are singletons)."""

    support: tuple[tuple[int, ...], ...]
    label: str
    root: int = 0  # k >= 1: the k-th root of a three-mixer system (nplayer_mixed)

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.support)


def pure_label(strategies: tuple[tuple[str, ...], ...], profile: tuple[int, ...]) -> str:
    """``"Coordinate/Defect"``: each player's strategy, in player order."""
    return "/".join(strategies[i][k] for i, k in enumerate(profile))


def support_label(strategies: tuple[tuple[str, ...], ...], support: tuple[tuple[int, ...], ...]) -> str:
    """Pure label for singletons, ``"mixed(A+B / A+B)"`` (``"mixed(A+B / A+B / X)"``) otherwise."""
    if all(len(s) == 1 for s in support):
        return pure_label(strategies, tuple(s[0] for s in support))
    parts = ["+".join(strategies[i][k] for k in s) for i, s in enumerate(support)]
    return "mixed(" + " / ".join(parts) + ")"


def mixed_support_count(shape: tuple[int, ...]) -> int:
    """How many mixed candidates: two players mixing on equal-size supports, the others pure."""
    total = 0
    for i, j in itertools.combinations(range(len(shape)), 2):
        rest = prod(m for p, m in enumerate(shape) if p not in (i, j))
        total += rest * sum(comb(shape[i], k) * comb(shape[j], k) for k in range(2, min(shape[i], shape[j]) + 1))
    return total


def candidate_supports(strategies: tuple[tuple[str, ...], ...], *, mixed: bool = True) -> tuple[Support, ...]:
    """Pure profiles (row-major order), then mixed candidates by mixing pair and support size."""
    shape = tuple(len(s) for s in strategies)
    out = [Support(tuple((k,) for k in profile), pure_label(strategies, profile))
           for profile in itertools.product(*(range(m) for m in shape))]
    if mixed and mixed_support_count(shape) <= MAX_MIXED_SUPPORTS:
        n = len(shape)
        for i, j in itertools.combinations(range(n), 2):
            others = [p for p in range(n) if p not in (i, j)]
            for k in range(2, min(shape[i], shape[j]) + 1):
                for rows in itertools.combinations(range(shape[i]), k):
                    for cols in itertools.combinations(range(shape[j]), k):
                        for pure in itertools.product(*(range(shape[p]) for p in others)):
                            support: list = [None] * n
                            support[i], support[j] = rows, cols
                            for p, s in zip(others, pure):
                                support[p] = (s,)
                            out.append(Support(tuple(support), support_label(strategies, tuple(support))))
    if mixed and len(shape) > 2 and nplayer_support_count(shape) <= MAX_NPLAYER_SUPPORTS:
        systems, _ = nplayer_support_profiles(shape)
        for system in systems:
            label = support_label(strategies, system.support)
            for k in range(1, system.degree + 1):
                out.append(Support(system.support, f"{label} root {k}", root=k))
    return tuple(out)


def mixed_note(shape: tuple[int, ...]) -> str | None:
    """What the mixed candidates of this shape cover when it needs saying (games of three or
    more players, or too many supports), else ``None``."""
    if mixed_support_count(shape) > MAX_MIXED_SUPPORTS:
        three = len(shape) > 2 and nplayer_support_count(shape) <= MAX_NPLAYER_SUPPORTS
        return (f"{mixed_support_count(shape)} mixed support pairs exceed the limit of "
                f"{MAX_MIXED_SUPPORTS}; only pure profiles" + (" and supports where three players mix" if three
                                                              else "") + " are tracked")
    if len(shape) > 2:
        count = nplayer_support_count(shape)
        if count > MAX_NPLAYER_SUPPORTS:
            return (f"{count} support profiles where three or more players mix exceed the limit of "
                    f"{MAX_NPLAYER_SUPPORTS}; equilibria where at most two players mix are tracked")
        _, untracked = nplayer_support_profiles(shape)
        text = (f"in this {len(shape)}-player game, equilibria where two players mix (the others pure) or "
                "three players mix are tracked")
        if untracked:
            text += (f"; {untracked} of the {count} support profiles where three or more players mix are not "
                     "(four mixing players, or an indifference system that does not reduce to one polynomial "
                     "in a pivot probability; see the solvers)")
        return text
    return None
