"""Batch job throughput: engines, plumbing cost, a large run's wall time and peak memory.

python -m benchmarks.batch                 # defaults sized for a 2-core machine (~5 min)
python -m benchmarks.batch --big 1000000   # the full million-record run

Writes docs/results/batch.json and prints a table. Ratios are measured in one run on the
same distinct generated texts; absolute rates are noisy, ratios hold.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS
from claimcheck.batch.engines import InProcessEngine, LocalEngine
from claimcheck.batch.runner import BatchOptions, run_batch
from claimcheck.batch.worker import ModelRef, get_classifier

WORDS = (
    "clinic trial study doctor wife procedure restenosis placebo blog deal shop cure".split()  # noqa: SIM905
)


def generate(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            words = " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(12))
            handle.write(
                json.dumps(
                    {
                        "id": f"g{i}",
                        "thread_id": f"t{i // 25}",
                        "text": f"I think the {words} helped, number {i}.",
                    }
                )
                + "\n"
            )
    return path


def _direct(texts: list[str]) -> int:
    return len(get_classifier(ModelRef()).predict(texts))


def direct_rate(texts: list[str], cores: int) -> float:
    """Classifier.predict called directly, one process per core, texts split evenly."""
    parts = [texts[i::cores] for i in range(cores)]
    with ProcessPoolExecutor(cores, initializer=get_classifier, initargs=(ModelRef(),)) as pool:
        list(pool.map(_direct, [["warm up"]] * cores))
        started = time.perf_counter()
        assert sum(pool.map(_direct, parts)) == len(texts)
        return len(texts) / (time.perf_counter() - started)


def engine_rate(source: Path, out: Path, workers: int) -> float:
    ref = ModelRef()
    engine = InProcessEngine(ref) if workers == 1 else LocalEngine(ref, workers)
    try:
        result = run_batch([str(source)], str(out), engine, BatchOptions(fresh=True))
    finally:
        engine.close()
    return result.progress.labelled / result.seconds


def dask_rate(source: Path, out: Path, workers: int) -> float:
    from distributed import LocalCluster

    from claimcheck.batch.dask_engine import DaskEngine

    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        engine = DaskEngine(ModelRef(), cluster.scheduler_address)
        try:
            result = run_batch([str(source)], str(out), engine, BatchOptions(fresh=True))
        finally:
            engine.close()
    return result.progress.labelled / result.seconds


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=4000, help="records for the ratio runs")
    parser.add_argument("--big", type=int, default=100_000, help="records for the large run")
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    get_classifier(ModelRef())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = generate(root / "in.jsonl", args.n)
        texts = [json.loads(line)["text"] for line in source.open()]
        one = engine_rate(source, root / "one", 1)
        many = engine_rate(source, root / "many", cores)
        direct = direct_rate(texts, cores)
        dask = dask_rate(source, root / "dask", cores)
        big = generate(root / "big.jsonl", args.big)
        started = time.perf_counter()
        big_rate = engine_rate(big, root / "big_out", cores)
        wall = time.perf_counter() - started
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    results = {
        "cores": cores,
        "records_ratio_runs": args.n,
        "local_1_worker_rps": round(one, 1),
        f"local_{cores}_workers_rps": round(many, 1),
        "workers_speedup": round(many / one, 2),
        "direct_predict_per_core_rps": round(direct, 1),
        "engine_vs_direct": round(many / direct, 2),
        "dask_localcluster_rps": round(dask, 1),
        "dask_vs_local": round(dask / many, 2),
        "big_records": args.big,
        "big_wall_seconds": round(wall, 1),
        "big_rps": round(big_rate, 1),
        "peak_rss_parent_mib": round(peak_self),
        "peak_rss_largest_child_mib": round(peak_child),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "batch.json").write_text(json.dumps(results, indent=2) + "\n")
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    return results


if __name__ == "__main__":
    main()
