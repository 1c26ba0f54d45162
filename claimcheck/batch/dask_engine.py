"""The Dask engine: the same chunks and the same `label_chunk`, run on a Dask cluster.

The client reads and partitions the input (chunks of records), workers label them (on the
cluster at `--scheduler`, or on a local cluster started for the run); a worker
plugin loads the model once per worker when it joins, and the process-wide cache in
`worker.py` keeps it there. Results come back in submission order, so the output is
identical to the local engine's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from claimcheck.batch.worker import ModelRef, get_classifier, label_chunk, ref_version
from claimcheck.exceptions import InputError
from claimcheck.io.records import Record

try:
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - the [dask] extra; DaskEngine() then says so
    WorkerPlugin = object  # type: ignore[assignment,misc]


class ModelPlugin(WorkerPlugin):
    """Loads the model on every worker as it starts (and on workers that join later)."""

    name = "claimcheck-model"

    def __init__(self, ref: ModelRef) -> None:
        self.ref = ref

    def setup(self, worker: Any) -> None:
        get_classifier(self.ref)


class DaskEngine:
    """Label chunks on the cluster at `scheduler` (an address such as tcp://host:8786), or,
    with no scheduler, on a local cluster this engine starts and closes: one single-threaded
    worker process per core (or `workers`), listening on 127.0.0.1 only, no dashboard. That
    lets `--engine dask` be tried on a laptop before pointing it at a real cluster."""

    def __init__(self, ref: ModelRef, scheduler: str | None, workers: int | None = None) -> None:
        from distributed import Client

        self.ref = ref
        self.version = ref_version(ref)  # fail here, with a clear message, if it is unusable
        self._cluster: Any = None
        if not scheduler:
            self._cluster = start_local_cluster(workers)
            scheduler = self._cluster.scheduler_address
        try:
            self._client = Client(scheduler, timeout=30)
        except OSError as exc:
            self._close_cluster()
            raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        self._client.register_plugin(ModelPlugin(ref))
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))

    def map(self, chunks: Iterable[list[tuple[int, Record]]]) -> Iterator[list[dict[str, Any]]]:
        pending: deque[Any] = deque()
        limit = 2 * self.workers
        for chunk in chunks:
            pending.append(self._client.submit(label_chunk, self.ref, chunk, pure=False))
            while len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        try:
            self._client.close()
        finally:
            self._close_cluster()

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def start_local_cluster(workers: int | None = None) -> Any:
    """A `distributed.LocalCluster` sized to this machine, reachable from loopback only."""
    import os

    from distributed import LocalCluster

    count = workers or os.cpu_count() or 1
    return LocalCluster(
        n_workers=count,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
