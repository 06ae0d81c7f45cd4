"""Ordinal games: conclusions that hold for every cardinal reading of the rankings.

When a game file declares ``ordinal: true`` its payoffs are ranks (higher is better, ties
allowed) and only the order means anything. We sample cardinal payoffs consistent with every
player's ranking (for each player, uniform values sorted into the ranks' order, equal ranks
sharing one value) and report for each candidate equilibrium whether it holds in all samples,
most, some, or none. Pure equilibria depend on the order alone, so they are always "all" or
"none"; mixed equilibria and their existence can depend on the cardinal values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.analysis.montecarlo.engine import generator, run_batch
from convenience.analysis.montecarlo.robustness import Frequency, merge, summarise, tally
from convenience.analysis.sensitivity.vectorised import CandidateChecker

if TYPE_CHECKING:
    from convenience.parametric import ParametricGame


@dataclass(frozen=True)
class OrdinalConclusion:
    frequency: Frequency

    @property
    def verdict(self) -> str:
        f = self.frequency
        if f.count == f.samples:
            return "all"
        if f.count == 0:
            return "none"
        return "most" if f.share >= 0.5 else "some"

    def text(self) -> str:
        words = {"all": "in every cardinal reading", "most": "in most cardinal readings",
                 "some": "in some cardinal readings", "none": "in no cardinal reading"}
        return f"{self.frequency.label} is an equilibrium {words[self.verdict]} ({100 * self.frequency.share:.1f}%)"

    def to_dict(self) -> dict:
        return {**self.frequency.to_dict(), "verdict": self.verdict}


@dataclass(frozen=True)
class OrdinalResult:
    samples: int
    seed: int
    conclusions: tuple[OrdinalConclusion, ...]
    sets: tuple[Frequency, ...]

    def holding(self, verdict: str) -> tuple[str, ...]:
        return tuple(c.frequency.label for c in self.conclusions if c.verdict == verdict)

    def to_dict(self) -> dict:
        return {"samples": self.samples, "seed": self.seed, "conclusions": [c.to_dict() for c in self.conclusions],
                "sets": [f.to_dict() for f in self.sets]}


def rank_levels(ranks: np.ndarray) -> list[tuple[np.ndarray, int]]:
    """Per player: (index of each cell's rank level, number of distinct levels)."""
    out = []
    for player in ranks:
        levels, index = np.unique(player.astype(float), return_inverse=True)
        out.append((index.reshape(player.shape), len(levels)))
    return out


def sample_cardinal(ranks: np.ndarray, rng: np.random.Generator, size: int) -> np.ndarray:
    """Cardinal payoffs ``(n, *shape, size)`` that respect every player's ranking."""
    out = np.empty(ranks.shape + (size,))
    for i, (index, count) in enumerate(rank_levels(ranks)):
        values = np.sort(rng.random((count, size)), axis=0)  # ascending: level k gets the k-th smallest
        out[i] = values[index]
    return out


def _ordinal_chunk(setup: tuple, task: tuple):
    """Counts of draws ``start:stop`` of the block ``(seed, size)``, drawn whole."""
    ranks, strategies = setup
    seed, size, start, stop = task if len(task) == 4 else (*task, 0, task[1])
    checker = CandidateChecker(strategies)
    payoffs = sample_cardinal(ranks, generator(seed), size)[..., start:stop]
    return tally(checker.check(payoffs), checker.labels)


def ordinal_analysis(game: ParametricGame, *, samples: int = 10_000, seed: int = 0, workers: int = 1,
                     scheduler: Any = None, progress=None) -> OrdinalResult:
    """Which equilibria hold for all, most, some or no cardinal payoffs consistent with the ranks."""
    ranks = np.array([[float(v) for v in row.ravel()] for row in game.at().payoffs]).reshape(
        (len(game.players),) + tuple(len(s) for s in game.strategies))
    strategies = tuple(tuple(s) for s in game.strategies)
    checker = CandidateChecker(strategies)
    total = merge(run_batch(_ordinal_chunk, samples, seed, shared=(ranks, strategies),
                            workers=workers, scheduler=scheduler, progress=progress), len(checker.labels))
    eqs, sets = summarise(total, checker.labels, samples)
    present = {f.label for f in eqs}
    zero = tuple(Frequency(label, 0, samples) for label in checker.labels[:checker.n_pure] if label not in present)
    conclusions = tuple(OrdinalConclusion(f) for f in eqs + zero)
    return OrdinalResult(samples, seed, conclusions, sets)
