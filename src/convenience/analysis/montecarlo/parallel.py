"""Running independent chunks of work serially, on local processes, or on a Dask cluster.

Monte Carlo samples are drawn in blocks of a fixed size, each with its own seed from
``numpy.random.SeedSequence(seed).spawn(n)`` (:func:`chunk_plan`); the blocks never depend on
how many workers run them, so the same seed gives the same answer serially, with
``workers=N`` local processes (``concurrent.futures``) or on a ``dask.distributed``
scheduler. The *tasks* sent to workers are sized by the number of workers instead
(:func:`split_blocks`): a block is cut into slices that each draw the whole block from its
seed and solve only their slice, so counts add up to the same totals however the block was
cut. Dask is an optional extra (``pip install 'convenience[distributed]'``) imported only
when a scheduler is given. How the work was split is logged (logger ``convenience``, level
INFO; ``--verbose`` on the command line shows it).

:func:`run_chunks` runs one batch of tasks; :class:`ChunkRunner` keeps the processes (or the
Dask client and the scattered shared data) open across many batches, for work that comes in
rounds, such as the bisection steps of a threshold search where every step solves a few games.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import logging

import numpy as np

from convenience.errors import InputError, Option

CHUNK_SIZE = 25_000
#: Smallest slice of a block sent to a worker: below it, sending the work costs more than it saves.
MIN_SLICE = 1_000
#: Tasks per worker when blocks are cut: a few each, so a slow worker does not hold up the rest
#: and progress arrives as slices finish.
TASKS_PER_WORKER = 2
#: How long a Dask scheduler with no workers is given for one to join before the run fails.
WORKER_WAIT = 10.0  # seconds
#: How long connecting to a Dask scheduler may take before the run fails.
CONNECT_WAIT = 10.0  # seconds

log = logging.getLogger("convenience")


def chunk_plan(samples: int, seed: int, chunk_size: int = CHUNK_SIZE) -> list[tuple[np.random.SeedSequence, int]]:
    """``(seed sequence, size)`` for each chunk; fixed by ``samples``, ``seed`` and ``chunk_size``."""
    if samples <= 0:
        return []
    sizes = [chunk_size] * (samples // chunk_size)
    if samples % chunk_size:
        sizes.append(samples % chunk_size)
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    return list(zip(seeds, sizes))


def split_blocks(plan: Sequence[tuple[np.random.SeedSequence, int]], workers: int,
                 ) -> list[tuple[np.random.SeedSequence, int, int, int]]:
    """Tasks ``(seed, size, start, stop)`` for ``workers`` workers: each block of the ``plan``
    whole when there are enough blocks to go round, otherwise cut into slices of at least
    :data:`MIN_SLICE` samples so that every worker gets about :data:`TASKS_PER_WORKER` of
    them. A task draws its whole block from ``seed`` and keeps draws ``start:stop``, so the
    answer never depends on the cut."""
    wanted = workers * TASKS_PER_WORKER if workers > 1 else 1
    pieces = max(1, -(-wanted // max(1, len(plan))))
    tasks: list[tuple[np.random.SeedSequence, int, int, int]] = []
    for seed, size in plan:
        parts = max(1, min(pieces, size // MIN_SLICE))
        bounds = [size * k // parts for k in range(parts + 1)]
        tasks.extend((seed, size, a, b) for a, b in zip(bounds, bounds[1:]))
    return tasks


def describe_split(samples: int, plan: Sequence[Any], tasks: Sequence[Any], where: str) -> str:
    """``"10000 samples: 1 block of 10000, 8 tasks on 4 local processes"``."""
    blocks = f"{len(plan)} block{'s' if len(plan) != 1 else ''} of at most {CHUNK_SIZE}"
    return f"{samples} samples: {blocks}, {len(tasks)} task{'s' if len(tasks) != 1 else ''} {where}"


def split(items: Sequence[Any], size: int) -> list[list[Any]]:
    """``items`` in consecutive pieces of ``size`` (the last may be shorter); fixed by ``size`` alone."""
    return [list(items[k:k + size]) for k in range(0, len(items), size)]


_SHARED: Any = None


def _set_shared(shared: Any) -> None:
    global _SHARED
    _SHARED = shared


def _call_with_shared(function: Callable[[Any, Any], Any], task: Any) -> Any:
    return function(_SHARED, task)


class ChunkRunner:
    """``runner.map(function, tasks)`` is ``[function(shared, task) for task in tasks]``, in
    order, wherever the work runs; the pool (or the Dask client) is started on the first batch
    with more than one task and kept until :meth:`close` (or the end of a ``with`` block); a
    batch of one task runs in this process.

    ``shared`` (the game, the solve function) is sent to each worker once. ``scheduler`` is a
    Dask scheduler address (``"tcp://host:8786"``) or a ``distributed.Client``; ``workers > 1``
    uses that many local processes; otherwise everything runs in this process.
    """

    def __init__(self, shared: Any = None, *, workers: int = 1, scheduler: Any = None) -> None:
        if workers < 1:
            raise InputError(f"workers must be at least 1 (got {workers})", key=Option("workers"))
        self.shared, self.workers, self.scheduler = shared, workers, scheduler
        self._pool: Any = None
        self._client: Any = None
        self._own_client = False
        self._shared_future: Any = None

    @property
    def serial(self) -> bool:
        return self.scheduler is None and self.workers == 1

    def capacity(self) -> tuple[int, str]:
        """How many tasks can run at once, and where: ``(4, "on 4 local processes")``; for a
        Dask scheduler, the threads of its workers (connecting to it now)."""
        if self.scheduler is not None:
            client = self._connect()
            threads = sum(client.nthreads().values())
            return max(1, threads), f"on the Dask scheduler {client.scheduler.address} ({threads} worker threads)"
        if self.workers > 1:
            return self.workers, f"on {self.workers} local processes"
        return 1, "in this process"

    def _connect(self) -> Any:
        if self._client is None:
            self._client, self._own_client = dask_client(self.scheduler)
            # a key of its own (hash=False): data scattered by another run with equal content
            # may be released at any moment, and must not take this run's data with it
            self._shared_future = self._client.scatter(self.shared, broadcast=True, hash=False)
        return self._client

    def map(self, function: Callable[[Any, Any], Any], tasks: Sequence[Any],
            progress: Callable[[int, int], None] | None = None) -> list[Any]:
        tasks = list(tasks)
        total = len(tasks)
        if self.scheduler is not None and total > 1:
            return self._map_dask(function, tasks, progress)
        if self.serial or total <= 1:  # one task is not worth a round trip to a worker
            results: Any = (function(self.shared, task) for task in tasks)
        else:
            if self._pool is None:
                from concurrent.futures import ProcessPoolExecutor

                self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_set_shared,
                                                 initargs=(self.shared,))
            results = self._pool.map(_call_with_shared, [function] * total, tasks)
        out = []
        for k, result in enumerate(results):
            out.append(result)
            if progress:
                progress(k + 1, total)
        return out

    def _map_dask(self, function: Callable[[Any, Any], Any], tasks: list[Any],
                  progress: Callable[[int, int], None] | None) -> list[Any]:
        from distributed import as_completed

        client = self._connect()
        futures = client.map(function, [self._shared_future] * len(tasks), tasks, pure=False)
        done = 0
        for _ in as_completed(futures):  # progress as each task finishes, results in order
            done += 1
            if progress:
                progress(done, len(tasks))
        return list(client.gather(futures))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if self._client is not None:
            if self._own_client:
                self._client.close()
            # a caller's client keeps running; dropping the reference releases the shared data
            self._client = self._shared_future = None

    def __enter__(self) -> ChunkRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def dask_client(scheduler: Any) -> tuple[Any, bool]:
    """``(client, owned)``: the given ``distributed.Client``, or a new one connected to an address."""
    if hasattr(scheduler, "submit"):
        return scheduler, False
    try:
        from distributed import Client
    except ImportError:
        raise InputError("running on a Dask scheduler needs dask.distributed: "
                         "pip install 'convenience[distributed]'", key=Option("scheduler")) from None
    try:
        client = Client(str(scheduler), timeout=f"{CONNECT_WAIT:g}s")
    except (OSError, ValueError, TypeError) as error:  # unreachable, refused, or not an address
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {error}", key=Option("scheduler")) from None
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT)
    except (OSError, TimeoutError) as error:
        client.close()
        raise InputError(f"the Dask scheduler at {scheduler} has no workers (none joined within {WORKER_WAIT:g} s): "
                         f"{error}", key=Option("scheduler")) from None
    return client, True


def run_chunks(function: Callable[[Any, Any], Any], tasks: Sequence[Any], *, shared: Any = None, workers: int = 1,
               scheduler: Any = None, progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """``[function(shared, task) for task in tasks]``, in order, wherever the work runs.

    ``shared`` (the game, the distributions) is sent to each worker once, not with every
    task. ``scheduler`` is a Dask scheduler address (``"tcp://host:8786"``) or a
    ``distributed.Client``; ``workers > 1`` uses that many local processes. ``progress`` is
    called with (done, total) as chunks finish.
    """
    with ChunkRunner(shared, workers=workers, scheduler=scheduler) as runner:
        return runner.map(function, tasks, progress)


def run_blocks(function: Callable[[Any, Any], Any], plan: Sequence[tuple[np.random.SeedSequence, int]], *,
               shared: Any = None, workers: int = 1, scheduler: Any = None,
               progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """``function(shared, (seed, size, start, stop))`` for the tasks :func:`split_blocks` cuts
    ``plan`` into for the workers at hand, in order; the split is logged. ``function`` draws
    block ``(seed, size)`` whole and handles draws ``start:stop``, so results summed over the
    tasks do not depend on the cut."""
    with ChunkRunner(shared, workers=workers, scheduler=scheduler) as runner:
        capacity, where = runner.capacity() if plan else (1, "")
        tasks = split_blocks(plan, capacity)
        if plan:
            log.info(describe_split(sum(size for _, size in plan), plan, tasks, where))
        return runner.map(function, tasks, progress)

