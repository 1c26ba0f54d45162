"""The Dask engine on a real LocalCluster gives the local engine's output, row for row."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.batch.dask_engine import DaskEngine
from claimcheck.batch.engines import InProcessEngine, LocalEngine
from claimcheck.batch.runner import BatchOptions, run_batch
from claimcheck.batch.worker import ModelRef


@pytest.mark.slow
def test_dask_local_cluster_matches_local_engine(
    tiny_ref: ModelRef, in_process: InProcessEngine, tmp_path: Path, make_input
) -> None:
    from distributed import LocalCluster

    exports = Path(__file__).resolve().parent.parent / "fixtures" / "exports"
    inputs = [str(make_input(tmp_path / "in.jsonl", 600)), str(exports / "disqus.xml")]
    options = BatchOptions(part_size=250, chunk_size=64)
    run_batch(inputs, str(tmp_path / "local.jsonl"), in_process, options)
    pool = LocalEngine(tiny_ref, 2)
    try:
        run_batch(inputs, str(tmp_path / "pool.jsonl"), pool, options)
    finally:
        pool.close()
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:  # fmt: skip
        engine = DaskEngine(tiny_ref, cluster.scheduler_address)
        try:
            assert engine.workers == 2
            run_batch(inputs, str(tmp_path / "dask.jsonl"), engine, options)
        finally:
            engine.close()
    local = (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()
    for name in ("pool.jsonl", "dask.jsonl"):
        other = (tmp_path / name).read_text(encoding="utf-8").splitlines()
        assert len(other) == len(local) == 604
        for a, b in zip(local, other, strict=True):
            assert a == b


@pytest.mark.slow
def test_without_a_scheduler_a_local_cluster_is_started_and_closed(
    tiny_ref: ModelRef, in_process: InProcessEngine, tmp_path: Path, make_input
) -> None:
    """`--engine dask` with no --scheduler: a loopback-only LocalCluster for the run."""
    inputs = [str(make_input(tmp_path / "in.jsonl", 120))]
    options = BatchOptions(part_size=50, chunk_size=32)
    run_batch(inputs, str(tmp_path / "local.jsonl"), in_process, options)
    engine = DaskEngine(tiny_ref, None, workers=1)
    cluster = engine._cluster
    try:
        assert cluster is not None
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        assert engine.workers == 1
        run_batch(inputs, str(tmp_path / "dask.jsonl"), engine, options)
    finally:
        engine.close()
    assert engine._cluster is None
    assert cluster.status.name == "closed"
    local = (tmp_path / "local.jsonl").read_text(encoding="utf-8")
    assert (tmp_path / "dask.jsonl").read_text(encoding="utf-8") == local


def test_local_cluster_is_sized_to_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    import claimcheck.batch.dask_engine as dask_engine

    seen: dict[str, object] = {}

    class FakeCluster:
        def __init__(self, **kwargs: object) -> None:
            seen.update(kwargs)

    monkeypatch.setattr("distributed.LocalCluster", FakeCluster)
    monkeypatch.setattr("os.cpu_count", lambda: 6)
    dask_engine.start_local_cluster()
    assert seen["n_workers"] == 6 and seen["threads_per_worker"] == 1
    assert seen["host"] == "127.0.0.1" and seen["dashboard_address"] is None
