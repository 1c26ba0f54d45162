"""Engines run `label_chunk` over a stream of chunks and give the results back in order.

Both keep a bounded number of chunks in flight, so memory does not grow with the input,
and both yield results in submission order, so the output order never depends on which
worker finished first. Each checks the bundle when it is made (`version`: verified, not
unpickled); workers load the model on their first chunk.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from types import FrameType
from typing import Any, Protocol

from claimcheck.batch.worker import ModelRef, init_worker, label_chunk, ref_version
from claimcheck.io.records import Record

Chunk = list[tuple[int, Record]]
Rows = list[dict[str, Any]]


class Engine(Protocol):
    """Maps chunks to rows, in order."""

    ref: ModelRef
    workers: int
    #: The model's version, read from the verified bundle (batch resume fingerprints it).
    version: str

    def map(self, chunks: Iterable[Chunk]) -> Iterator[Rows]: ...

    def close(self) -> None: ...


class InProcessEngine:
    """One worker: label in this process (no pickling at all)."""

    def __init__(self, ref: ModelRef) -> None:
        self.ref = ref
        self.workers = 1
        self.version = ref_version(ref)

    def map(self, chunks: Iterable[Chunk]) -> Iterator[Rows]:
        for chunk in chunks:
            yield label_chunk(self.ref, chunk)

    def close(self) -> None:
        pass


def _ping() -> int:
    return os.getpid()


class LocalEngine:
    """N local processes, each loading the model once, on its first chunk.

    Workers are started at once (forked when this process has no other threads, which is
    before a progress bar starts its own; otherwise from a forkserver, which is safe next to
    threads). This process never loads the model.
    """

    def __init__(self, ref: ModelRef, workers: int) -> None:
        import multiprocessing

        self.ref = ref
        self.workers = workers
        self.version = ref_version(ref)  # a missing or tampered bundle fails here
        method = "fork" if threading.active_count() == 1 else "forkserver"
        if method not in multiprocessing.get_all_start_methods():
            method = "spawn"
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(method),
            initializer=init_worker,
            initargs=(ref, os.getpid()),
        )
        # start every worker now, before a progress bar adds threads of its own
        for future in [self._pool.submit(_ping) for _ in range(workers)]:
            future.result()

    def map(self, chunks: Iterable[Chunk]) -> Iterator[Rows]:
        pending: deque[Future[Rows]] = deque()
        limit = 2 * self.workers
        for chunk in chunks:
            pending.append(self._pool.submit(label_chunk, self.ref, chunk))
            while len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        """Stop the workers: queued chunks are dropped, running ones finish (< 1 s)."""
        self._pool.shutdown(cancel_futures=True)


class Terminated(Exception):
    """The batch process was asked to stop (SIGTERM); committed work is kept."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(f"stopped by signal {signal.Signals(signum).name}")


@contextmanager
def terminate_as_exception() -> Iterator[None]:
    """Turn SIGTERM into `Terminated` while a run is going, so the caller's `finally`
    shuts the worker pool down instead of the process vanishing and leaving it behind.
    (Only the main thread can handle signals; elsewhere this does nothing.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def make_engine(
    ref: ModelRef, engine: str = "local", workers: int | None = None, scheduler: str | None = None
) -> Engine:
    """The engine for the CLI's `--engine`/`--workers`/`--scheduler` choice."""
    if engine == "dask":
        from claimcheck.batch.dask_engine import DaskEngine

        return DaskEngine(ref, scheduler, workers)
    count = workers or os.cpu_count() or 1
    if count <= 1:
        return InProcessEngine(ref)
    return LocalEngine(ref, count)
