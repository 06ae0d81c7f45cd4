"""Work spread over processes: results in order, the longest work first, progress relayed.

:func:`map_in_processes` runs ``function(*args)`` for each item, in this process or in up to
``jobs`` worker processes; the answer does not depend on how many. Each process uses one BLAS
thread (:func:`limit_threads`): the work is split across processes already.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
#: A progress callback of one game: ``(stage, done, total)``.
Progress = Callable[[str, int, int], None]


class Relay:
    """Progress of one game's analysis in a worker process, put on a queue the parent reads:
    ``(name, stage, done, total)``."""

    def __init__(self, queue: Any, name: str) -> None:
        self.queue = queue
        self.name = name

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.queue.put((self.name, stage, done, total))


def map_in_processes(function: Callable[..., T], work: Sequence[tuple], jobs: int,
         step: Callable[[int], None] | None = None, costs: Sequence[float] | None = None,
         inside: Callable[[str, str, int, int], None] | None = None, names: Sequence[str] = ()) -> list[T]:
    """``function(*args)`` for each ``args`` in ``work``, results in order, in up to ``jobs``
    processes; the work with the largest ``costs`` starts first, so that one long game does not
    start last and bound the run. ``step(k)`` is called as item ``k`` finishes; with ``inside``,
    ``function`` gets one more argument, a progress callback, whose calls arrive as
    ``inside(names[k], stage, done, total)`` in this process."""
    if jobs <= 1 or len(work) <= 1:
        results = []
        with one_blas_thread():
            for k, args in enumerate(work):
                extra = (partial_progress(inside, names[k]),) if inside is not None else ()
                results.append(function(*args, *extra))
                if step:
                    step(k)
        return results
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from contextlib import ExitStack

    order = sorted(range(len(work)), key=lambda k: -(costs[k] if costs else 0.0))
    out: list[Any] = [None] * len(work)
    with ExitStack() as stack:
        queue = None
        if inside is not None:
            from multiprocessing import Manager

            queue = stack.enter_context(Manager()).Queue()
        pool = stack.enter_context(ProcessPoolExecutor(max_workers=min(jobs, len(work)), initializer=limit_threads))
        futures = {pool.submit(function, *work[k], *((Relay(queue, names[k]),) if queue is not None else ())): k
                   for k in order}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.2 if queue is not None else None, return_when=FIRST_COMPLETED)
            drain(queue, inside)
            for future in done:
                k = futures[future]
                out[k] = future.result()
                if step:
                    step(k)
    return out


def partial_progress(inside: Callable[[str, str, int, int], None], name: str) -> Progress:
    """``inside`` with the game's name filled in: a progress callback for one game."""
    return lambda stage, done, total: inside(name, stage, done, total)


def drain(queue: Any, inside: Callable[[str, str, int, int], None] | None) -> None:
    """Pass on every progress message waiting on ``queue``."""
    if queue is None or inside is None:
        return
    from queue import Empty

    while True:
        try:
            message = queue.get_nowait()
        except Empty:
            return
        inside(*message)


def one_blas_thread() -> Any:
    """A context in which BLAS uses one thread (restored on exit; see :func:`limit_threads`)."""
    from contextlib import nullcontext

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a declared dependency
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def limit_threads() -> None:
    """One BLAS thread per process: the work is split across processes already, and the small
    matrices of game solving run faster on one thread than on several (see docs/performance.md)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a declared dependency; without it threads stay as they are
        return
    threadpool_limits(limits=1, user_api="blas")
