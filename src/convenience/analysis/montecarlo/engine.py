"""The one Monte Carlo engine: every random parameter point of the analysis is drawn here.

Three things are fixed in this module and nowhere else, so that the same seed gives the same
numbers in every analysis that draws:

* **The seed discipline.** A stream of draws is named by its *entropy*: a seed, or a list of
  whole numbers (a seed, a game's file name as a checksum, a stream number; :func:`game_entropy`).
  Two streams are one stream exactly when their entropies are equal. The sensitivity analyses
  draw in fixed blocks (:func:`block_plan`: ``numpy.random.SeedSequence(seed).spawn``), so that
  any block can be drawn on its own on any worker; the verdicts draw one stream per purpose
  (:func:`stream_draws`, :func:`box_draws`, :func:`unit_box`).
* **The order of draws.** Within a stream the parameters are drawn one after another in the
  order they are given, each its whole column at once
  (:meth:`~convenience.analysis.montecarlo.distributions.Distribution.sample`).
* **Where the evaluation runs.** Draws are evaluated in batch where a batch evaluator exists
  (:func:`run_batch`: a function that draws its block and evaluates all of it in one array
  operation) and otherwise point by point (:func:`run_pointwise`), in this process, on local
  processes or on a Dask scheduler (:mod:`convenience.analysis.montecarlo.parallel`). A point's
  result depends only on the point, and a block's draws only on its seed, so the answer never
  depends on the number of workers or on how the work was cut.

How much point-by-point work a run may do is a count of points (a draw cap, or a
:class:`~convenience.budget.WorkBudget` charged one unit per point), never a time.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from convenience.game import Game
from convenience.analysis.montecarlo.distributions import Distribution, sample_parameters
from convenience.analysis.montecarlo.parallel import (
    CHUNK_SIZE,
    ChunkRunner,
    chunk_plan,
    run_blocks,
    split,
)
from convenience.budget import WorkBudget

Entropy = int | Sequence[int] | np.random.SeedSequence
Block = tuple[np.random.SeedSequence, int]

#: Most points evaluated per task sent to a worker by :func:`run_pointwise` (results do not depend on it).
POINTS_PER_TASK = 10


def generator(entropy: Entropy) -> np.random.Generator:
    """The random generator of the stream named ``entropy`` (the only way the analysis builds one)."""
    return np.random.default_rng(entropy)


def game_entropy(game: Game, seed: int, *stream: int) -> list[int]:
    """The entropy of a game's own stream: the seed and its file name (or title) as a checksum,
    then ``stream`` (a number per purpose). Two games checked together draw independently of
    each other, and a game draws the same values whichever files it is checked with."""
    name = Path(str(getattr(game, "file", None) or "")).name or str(getattr(game, "title", "") or "game")
    return [int(seed), zlib.crc32(name.encode("utf-8")), *stream]


def named_entropy(seed: int, name: str, *stream: int) -> list[int]:
    """The entropy of a stream belonging to a file that is not a game (a conclusions file)."""
    return [int(seed), zlib.crc32(Path(name).name.encode("utf-8")), *stream]


#: ``draw(distributions, rng, size)``: ``size`` draws of each parameter from ``rng``, one
#: parameter after another in the mapping's order.
draw = sample_parameters


def stream_draws(distributions: Mapping[str, Distribution], entropy: Entropy, size: int) -> dict[str, np.ndarray]:
    """``size`` draws of each parameter from the stream named ``entropy``."""
    return draw(distributions, generator(entropy), size)


def box_draws(ranges: Mapping[str, tuple[float, float]], entropy: Entropy, size: int) -> dict[str, np.ndarray]:
    """``size`` points uniform over the box of ``ranges`` (name -> (low, high)), from the stream ``entropy``."""
    rng = generator(entropy)
    return {name: rng.uniform(float(low), float(high), size) for name, (low, high) in ranges.items()}


def unit_box(entropy: Entropy, size: int, dimensions: int) -> np.ndarray:
    """``size`` points uniform over the unit cube of ``dimensions`` (rows are points), from ``entropy``."""
    return generator(entropy).random((size, dimensions))


def block_plan(samples: int, seed: int, chunk_size: int = CHUNK_SIZE) -> list[Block]:
    """The blocks ``(seed sequence, size)`` of ``samples`` sensitivity draws: fixed by ``samples``
    and ``seed`` alone (:func:`~convenience.analysis.montecarlo.parallel.chunk_plan`)."""
    return chunk_plan(samples, seed, chunk_size)


def block_draws(distributions: Mapping[str, Distribution], block: Block) -> tuple[np.random.Generator, dict[str, np.ndarray]]:
    """The draws of one block, and its generator (for whatever the block draws after the parameters)."""
    seed, size = block
    rng = generator(seed)
    return rng, draw(distributions, rng, size)


def blocks(distributions: Mapping[str, Distribution], samples: int, seed: int) -> Iterator[dict[str, np.ndarray]]:
    """The draws of every block of ``samples`` draws, block after block."""
    for block in block_plan(samples, seed):
        yield block_draws(distributions, block)[1]


def points(distributions: Mapping[str, Distribution], samples: int, seed: int,
           convert: Callable[[float], Any] = float) -> list[dict[str, Any]]:
    """The ``samples`` draws of the block stream as points (name -> ``convert(value)``), in
    order; parameters fixed at their baseline are left out of the points."""
    varying = [n for n, d in distributions.items() if d.kind != "fixed"]
    out: list[dict[str, Any]] = []
    for drawn in blocks(distributions, samples, seed):
        size = len(next(iter(drawn.values()))) if drawn else 0
        out += [{n: convert(drawn[n][k]) for n in varying} for k in range(size)]
    return out


def run_batch(function: Callable[[Any, Any], Any], samples: int, seed: int, *, shared: Any = None,
              workers: int = 1, scheduler: Any = None, progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """Batch evaluation of ``samples`` draws: ``function(shared, (seed sequence, size, start, stop))``
    for each task the blocks are cut into for the workers at hand. ``function`` draws its whole
    block (:func:`block_draws`) and evaluates draws ``start:stop``; the results, in order, add up
    to the same totals however the blocks were cut."""
    return run_blocks(function, block_plan(samples, seed), shared=shared, workers=workers, scheduler=scheduler,
                      progress=progress)


def point_runner(shared: Any, workers: int = 1, scheduler: Any = None) -> tuple[ChunkRunner, str | None]:
    """A :class:`~convenience.analysis.montecarlo.parallel.ChunkRunner` sharing ``shared`` (say
    ``(game, solve)``), and a note.

    Local processes and Dask need ``shared`` to be picklable (games loaded from files and the
    library's solvers are); when it is not, the work runs in this process (same answer) and the
    note says so.
    """
    if workers > 1 or scheduler is not None:
        import pickle

        try:
            pickle.dumps(shared)
        except Exception as error:  # noqa: BLE001 - any pickling failure means: run here
            return ChunkRunner(shared), (f"solved in this process: the game or solve function cannot be sent "
                                         f"to workers ({type(error).__name__})")
    return ChunkRunner(shared, workers=workers, scheduler=scheduler), None


def run_pointwise(runner: ChunkRunner, task: Callable[[Any, list], list], items: Sequence[Any],
                  progress: Callable[[int, int], None] | None = None, budget: WorkBudget | None = None) -> list[Any]:
    """Point-by-point evaluation: ``task(shared, piece)`` returns one result per item of
    ``piece``; the items go out in pieces of at most :data:`POINTS_PER_TASK` (fewer items,
    smaller pieces, so that a bisection round over a few brackets is spread too). Each item is
    evaluated on its own, so the answer does not depend on the pieces. ``budget``, when given,
    is charged one unit per item before any is evaluated."""
    if budget is not None:
        budget.charge(len(items))
    size = max(1, min(POINTS_PER_TASK, -(-len(items) // 8)))
    pieces = runner.map(task, split(list(items), size), progress)
    return [found for piece in pieces for found in piece]


__all__ = ["POINTS_PER_TASK", "block_draws", "block_plan", "blocks", "box_draws", "draw", "game_entropy", "generator",
           "named_entropy", "point_runner", "points", "run_batch", "run_pointwise", "stream_draws", "unit_box"]
