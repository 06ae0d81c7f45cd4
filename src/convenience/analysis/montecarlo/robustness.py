"""Monte Carlo robustness: how often each equilibrium survives uncertain assumptions.

Parameters are drawn from their declared distributions (see
:mod:`convenience.analysis.montecarlo.distributions`); optionally every payoff also gets independent
normal noise with standard deviation ``noise`` times the spread of the baseline payoffs. For
each sample the equilibrium set is computed by the batch checks of
:mod:`convenience.analysis.sensitivity.vectorised`, and the report gives how often each candidate
equilibrium and each whole equilibrium set occurs, with Wilson score intervals (95%).
Samples are drawn and evaluated in batch by the engine (:mod:`convenience.analysis.montecarlo.engine`):
same seed, same answer, however many workers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from convenience.analysis.montecarlo.distributions import Distribution
from convenience.analysis.montecarlo.engine import block_draws, run_batch
from convenience.analysis.sensitivity.vectorised import GameEvaluator, CandidateChecker

if TYPE_CHECKING:
    from convenience.parametric import ParametricGame

Z95 = 1.959963984540054


def wilson_interval(count: int, total: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (95% by default)."""
    if total == 0:
        return 0.0, 1.0
    p = count / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == total else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class Frequency:
    """How often something held in the samples, with its 95% Wilson interval."""

    label: str
    count: int
    samples: int

    @property
    def share(self) -> float:
        return self.count / self.samples if self.samples else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.count, self.samples)

    def text(self) -> str:
        lo, hi = self.interval
        return f"{self.label}: {100 * self.share:.1f}% (95% CI {100 * lo:.1f}-{100 * hi:.1f}%)"

    def to_dict(self) -> dict:
        lo, hi = self.interval
        return {"label": self.label, "count": self.count, "samples": self.samples, "share": self.share,
                "ci95": [lo, hi]}


@dataclass(frozen=True)
class DrawRecord:
    """What each draw solved one at a time gave, in draw order: the drawn values (parameter ->
    one value per draw), the equilibrium set and, for trees, the play (set of paths). Kept so a
    report can show how the outcome moves with one parameter without solving again."""

    values: tuple[tuple[str, tuple[float, ...]], ...]
    sets: tuple[str, ...]
    plays: tuple[str, ...] = ()

    def of(self, parameter: str) -> tuple[float, ...] | None:
        """The drawn values of ``parameter`` (None when it was not drawn)."""
        return dict(self.values).get(parameter)


@dataclass(frozen=True)
class MonteCarloResult:
    """Frequencies of each equilibrium and each equilibrium set over the samples."""

    samples: int
    seed: int
    noise: float
    distributions: tuple[Distribution, ...]
    equilibria: tuple[Frequency, ...]  # per candidate, most frequent first (zero counts left out)
    sets: tuple[Frequency, ...]  # per whole equilibrium set ("A/A + B/B", "none")
    baseline_set: tuple[str, ...]
    invalid: int = 0  # samples where some payoff was not finite
    notes: tuple[str, ...] = ()
    # trees: per equilibrium path (the choices actually made), how often some equilibrium takes
    # it; plans that differ only off the path count once
    outcomes: tuple[Frequency, ...] = ()
    # trees: per whole set of equilibrium paths ("play"), how often it occurs, and the baseline's;
    # a draw whose plans change only off the path keeps the baseline play
    plays: tuple[Frequency, ...] = ()
    baseline_play: tuple[str, ...] = ()
    # draws solved one at a time: each draw's values and outcome (not in to_dict)
    record: DrawRecord | None = field(default=None, compare=False)

    def frequency(self, label: str) -> Frequency:
        """The frequency of one candidate (zero when it never occurred)."""
        for f in self.equilibria:
            if f.label == label:
                return f
        return Frequency(label, 0, self.samples)

    def shows_paths(self) -> bool:
        """Whether the outcomes say more than the equilibria (some plans share a path)."""
        return bool(self.outcomes) and {f.label for f in self.outcomes} != {f.label for f in self.equilibria}

    def outcome_frequency(self, label: str) -> Frequency:
        """The frequency of one equilibrium path (zero when it never occurred)."""
        for f in self.outcomes:
            if f.label == label:
                return f
        return Frequency(label, 0, self.samples)

    def baseline_share(self) -> Frequency:
        """How often the whole baseline equilibrium set occurred."""
        label = set_label(self.baseline_set)
        for f in self.sets:
            if f.label == label:
                return f
        return Frequency(label, 0, self.samples)

    def play_share(self) -> Frequency | None:
        """How often the baseline's play (its set of equilibrium paths) occurred, off-path
        changes of plan ignored; None when no paths were recorded (play is the profile)."""
        if not self.plays:
            return None
        label = set_label(self.baseline_play)
        for f in self.plays:
            if f.label == label:
                return f
        return Frequency(label, 0, self.samples - self.invalid)

    def to_dict(self) -> dict:
        return {"samples": self.samples, "seed": self.seed, "noise": self.noise,
                "distributions": [d.to_dict() for d in self.distributions],
                "equilibria": [f.to_dict() for f in self.equilibria], "sets": [f.to_dict() for f in self.sets],
                "baseline_set": list(self.baseline_set), "invalid": self.invalid, "notes": list(self.notes),
                "outcomes": [f.to_dict() for f in self.outcomes], "plays": [f.to_dict() for f in self.plays],
                "baseline_play": list(self.baseline_play)}

    def to_frame(self, what: str = "equilibria") -> Any:
        """Shares as a pandas DataFrame: ``"equilibria"`` (default), ``"sets"`` (whole
        equilibrium sets) or ``"outcomes"`` (paths of trees), with 95% Wilson intervals."""
        from convenience.frames import frequencies_frame

        if what not in ("equilibria", "sets", "outcomes"):
            raise ValueError(f"what must be 'equilibria', 'sets' or 'outcomes', not {what!r}")
        return frequencies_frame(getattr(self, what))


def set_label(labels: Any) -> str:
    """``"A/A + B/B"``; ``"no equilibrium found"`` for the empty set."""
    labels = sorted(labels)
    return " + ".join(labels) if labels else "no equilibrium found"


@dataclass(frozen=True)
class ChunkTally:
    """Counts from one chunk of samples (summed across chunks)."""

    presence: np.ndarray  # count per candidate
    sets: dict = field(default_factory=dict)  # frozenset of labels -> count
    invalid: int = 0


def tally(presence: np.ndarray, labels: tuple[str, ...], invalid: int = 0) -> ChunkTally:
    from convenience.analysis.sensitivity.vectorised import set_counts

    return ChunkTally(presence.sum(axis=0).astype(np.int64), set_counts(presence, labels), invalid)


def merge(tallies: list[ChunkTally], n_candidates: int) -> ChunkTally:
    presence = np.zeros(n_candidates, dtype=np.int64)
    sets: dict = {}
    invalid = 0
    for t in tallies:
        presence += t.presence
        invalid += t.invalid
        for key, n in t.sets.items():
            sets[key] = sets.get(key, 0) + n
    return ChunkTally(presence, sets, invalid)


@dataclass(frozen=True)
class _MonteCarloSetup:
    """What every chunk shares (sent to each worker once)."""

    game: ParametricGame
    distributions: dict
    noise_sd: float
    mixed: bool = True


_EVALUATORS: dict = {}


def _evaluator(game: ParametricGame, mixed: bool) -> GameEvaluator:
    key = (id(game), mixed)
    cached = _EVALUATORS.get(key)
    if cached is None or cached[0] is not game:
        _EVALUATORS.clear()
        cached = (game, GameEvaluator(game, mixed=mixed))
        _EVALUATORS[key] = cached
    return cached[1]


def _monte_carlo_chunk(setup: _MonteCarloSetup, task: tuple) -> ChunkTally:
    """Counts of draws ``start:stop`` of the block ``(seed, size)`` (the whole block is drawn,
    so a slice sees the same draws as the whole)."""
    seed, size, start, stop = task if len(task) == 4 else (*task, 0, task[1])
    evaluator = _evaluator(setup.game, setup.mixed)
    rng, values = block_draws(setup.distributions, (seed, size))
    payoffs = evaluator.payoffs(values)
    if payoffs.shape[-1] != size:  # no parameter varies: one game, repeated
        payoffs = np.repeat(payoffs[..., :1], size, axis=-1)
    if setup.noise_sd > 0:
        payoffs = payoffs + rng.normal(0.0, setup.noise_sd, payoffs.shape)
    payoffs = payoffs[..., start:stop]
    size = stop - start
    finite = np.all(np.isfinite(payoffs.reshape(-1, size)), axis=0)
    presence = evaluator.checker.check(np.where(np.isfinite(payoffs), payoffs, 0.0))
    presence[~finite] = False
    return tally(presence[finite], evaluator.labels, int((~finite).sum()))


def baseline_spread(game: ParametricGame) -> float:
    """Spread (max - min) of the baseline payoffs; 1 when all are equal."""
    values = np.array([float(v) for v in game.at().payoffs.ravel()])
    spread = float(values.max() - values.min()) if values.size else 0.0
    return spread if spread > 0 else 1.0


def summarise(total: ChunkTally, labels: tuple[str, ...], samples: int) -> tuple[tuple[Frequency, ...], tuple[Frequency, ...]]:
    valid = samples - total.invalid
    eqs = frequencies({label: int(n) for label, n in zip(labels, total.presence) if n}, valid)
    return eqs, frequencies({set_label(key): n for key, n in total.sets.items()}, valid)


def outcome_frequencies(sets: dict, outcome_of: dict[str, str], valid: int) -> tuple[Frequency, ...]:
    """How often each outcome occurs, from the counts of whole equilibrium sets.

    ``sets`` maps a frozenset of equilibrium labels to its count; an outcome occurs in a draw
    when some equilibrium of the draw's set has it (``outcome_of[label]``). Exact, so nothing
    beyond the set counts has to be kept per draw.
    """
    counts: dict[str, int] = {}
    for key, n in sets.items():
        for outcome in {outcome_of[label] for label in key}:
            counts[outcome] = counts.get(outcome, 0) + n
    return frequencies(counts, valid)


def play_frequencies(sets: dict, outcome_of: dict[str, str], valid: int) -> tuple[Frequency, ...]:
    """How often each whole set of outcomes (the play) occurs, from the counts of whole
    equilibrium sets: sets whose equilibria differ only off the path share one play."""
    counts: dict[str, int] = {}
    for key, n in sets.items():
        label = set_label({outcome_of[label] for label in key})
        counts[label] = counts.get(label, 0) + n
    return frequencies(counts, valid)


def frequencies(counts: dict[str, int], samples: int) -> tuple[Frequency, ...]:
    """``Frequency`` of each counted label, most frequent first."""
    return tuple(sorted((Frequency(label, n, samples) for label, n in counts.items()),
                        key=lambda f: (-f.count, f.label)))


def monte_carlo(game: ParametricGame, distributions: dict[str, Distribution], *, samples: int = 10_000, seed: int = 0,
                noise: float = 0.0, workers: int = 1, scheduler: Any = None, progress=None,
                baseline_set: tuple[str, ...] = (), mixed: bool = True) -> MonteCarloResult:
    """Sample parameters (and payoff noise) and count equilibria; reproducible for a seed."""
    noise_sd = noise * baseline_spread(game) if noise > 0 else 0.0
    setup = _MonteCarloSetup(game, distributions, noise_sd, mixed)
    checker = CandidateChecker(tuple(game.strategies), mixed=mixed)
    total = merge(run_batch(_monte_carlo_chunk, samples, seed, shared=setup, workers=workers,
                            scheduler=scheduler, progress=progress), len(checker.labels))
    eqs, sets = summarise(total, checker.labels, samples)
    notes = []
    if noise_sd:
        notes.append(f"payoff noise: normal, sd {noise_sd:g} ({noise:g} x baseline payoff spread)")
    if total.invalid:
        notes.append(f"{total.invalid} samples gave a non-finite payoff and were left out")
    return MonteCarloResult(samples, seed, noise, tuple(distributions.values()), eqs, sets,
                            tuple(sorted(baseline_set)), total.invalid, tuple(notes))
