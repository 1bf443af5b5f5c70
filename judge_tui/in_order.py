"""Work on pieces on every core, with the results coming back in the pieces' order: a batch
collect reading its result files, and the CSV exports writing their lines.

The workers are processes (spawned: an app that collects or exports runs threads, which fork
does not copy safely). A few pieces per worker are in flight at a time, so memory stays bounded
whatever the number of pieces. Below the size where starting the processes costs more than they
save, or with one core, the pieces are worked here, one after another.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Generic, TypeVar

P = TypeVar("P")
R = TypeVar("R")

PIECES_IN_FLIGHT_PER_WORKER = 2


def worker_count() -> int:
    """The cores this process may use: one worker each."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_order(
    work: Callable[[P], R], pieces: Iterable[P], *, parallel: bool, share: bool = False
) -> Iterator[R]:
    """`work(piece)` for each piece, yielded in the pieces' order; by worker processes when
    `parallel` (the caller says the work is large enough) and there are cores to use.

    With `share`, this process works one piece in every `cores` itself and a worker per other
    core the rest: an export's own process has nothing else to do, and a worker it does not
    start is a Python's memory not spent. Without it (a collect, whose process stores what the
    workers read), there is a worker per core. `work` and the pieces must be picklable: a
    module's function and plain data. The pieces may come from a generator: they are taken as
    the workers can take them."""
    cores = worker_count()
    helpers = cores - 1 if share else cores
    if not parallel or cores < 2:
        for piece in pieces:
            yield work(piece)
        return
    with ProcessPoolExecutor(max_workers=helpers, mp_context=get_context("spawn")) as pool:
        # Each entry is a worker's Future, or a piece this process works when its turn comes.
        waiting: deque[Future[R] | _Here[P]] = deque()
        for index, piece in enumerate(pieces):
            here = share and index % cores == 0
            waiting.append(_Here(piece) if here else pool.submit(work, piece))
            if len(waiting) >= cores * PIECES_IN_FLIGHT_PER_WORKER:
                yield _result(waiting.popleft(), work)
        while waiting:
            yield _result(waiting.popleft(), work)


class _Here(Generic[P]):
    """A piece left for this process to work."""

    def __init__(self, piece: P) -> None:
        self.piece = piece


def _result(entry: Future[R] | _Here[P], work: Callable[[P], R]) -> R:
    return work(entry.piece) if isinstance(entry, _Here) else entry.result()
