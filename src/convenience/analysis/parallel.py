"""Running independent chunks of work serially, on local processes, or on a Dask cluster.

Monte Carlo samples are split into chunks of a fixed size, each with its own seed from
``numpy.random.SeedSequence(seed).spawn(n)``; the chunking never depends on how many workers
run it, so the same seed gives the same answer serially, with ``workers=N`` local processes
(``concurrent.futures``) or on a ``dask.distributed`` scheduler. Dask is an optional extra
(``pip install 'convenience[distributed]'``) imported only when a scheduler is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from convenience.errors import InputError

CHUNK_SIZE = 25_000


def chunk_plan(samples: int, seed: int, chunk_size: int = CHUNK_SIZE) -> list[tuple[np.random.SeedSequence, int]]:
    """``(seed sequence, size)`` for each chunk; fixed by ``samples``, ``seed`` and ``chunk_size``."""
    if samples <= 0:
        return []
    sizes = [chunk_size] * (samples // chunk_size)
    if samples % chunk_size:
        sizes.append(samples % chunk_size)
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    return list(zip(seeds, sizes))


_SHARED: Any = None


def _set_shared(shared: Any) -> None:
    global _SHARED
    _SHARED = shared


def _call_with_shared(function: Callable[[Any, Any], Any], task: Any) -> Any:
    return function(_SHARED, task)


def run_chunks(function: Callable[[Any, Any], Any], tasks: Sequence[Any], *, shared: Any = None, workers: int = 1,
               scheduler: Any = None, progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """``[function(shared, task) for task in tasks]``, in order, wherever the work runs.

    ``shared`` (the game, the distributions) is sent to each worker once, not with every
    task. ``scheduler`` is a Dask scheduler address (``"tcp://host:8786"``) or a
    ``distributed.Client``; ``workers > 1`` uses that many local processes. ``progress`` is
    called with (done, total) as chunks finish.
    """
    total = len(tasks)
    if workers < 1:
        raise InputError(f"workers must be at least 1 (got {workers})", key="--workers")
    if scheduler is not None:
        return _run_dask(function, tasks, shared, scheduler, progress)
    if workers == 1 or total <= 1:
        out = []
        for k, task in enumerate(tasks):
            out.append(function(shared, task))
            if progress:
                progress(k + 1, total)
        return out
    from concurrent.futures import ProcessPoolExecutor

    out = []
    with ProcessPoolExecutor(max_workers=workers, initializer=_set_shared, initargs=(shared,)) as pool:
        for k, result in enumerate(pool.map(_call_with_shared, [function] * total, tasks)):
            out.append(result)
            if progress:
                progress(k + 1, total)
    return out


def _run_dask(function: Callable[[Any, Any], Any], tasks: Sequence[Any], shared: Any, scheduler: Any,
              progress: Callable[[int, int], None] | None) -> list[Any]:
    if hasattr(scheduler, "submit"):
        client, own = scheduler, False
    else:
        try:
            from distributed import Client
        except ImportError:
            raise InputError("running on a Dask scheduler needs dask.distributed: "
                             "pip install 'convenience[distributed]'", key="--scheduler") from None
        try:
            client, own = Client(str(scheduler), timeout="10s"), True
        except OSError as error:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {error}", key="--scheduler") from None
    try:
        shared_future = client.scatter(shared, broadcast=True)
        futures = client.map(function, [shared_future] * len(tasks), list(tasks), pure=False)
        results = client.gather(futures)
        if progress:
            progress(len(tasks), len(tasks))
        return list(results)
    finally:
        if own:
            client.close()
