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
import random
import resource
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, save_result
from claimcheck.batch.engines import InProcessEngine, LocalEngine
from claimcheck.batch.runner import BatchOptions, run_batch
from claimcheck.batch.worker import ModelRef, get_classifier

THREAD_SIZE = 25


def generate(path: Path, n: int, seed: int = 3) -> Path:
    """Write n records whose texts recombine 1-3 real corpus sentences, streamed to disk.

    Varied text matters: spaCy's tokenizer caches words, so a small vocabulary flatters one
    process more than another (the first version of this benchmark used 12 words and its
    worker ratio swung from 1.4x to 2.5x). Records are written as they are made, so the
    generator's memory stays flat for the million-record run.
    """
    from benchmarks.cost import sentence_pool
    from claimcheck.corpus import load_comments

    pool = sentence_pool(load_comments(ROOT / "corpus"))
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            text = " ".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2, 3))))
            record = {"id": f"g{i}", "thread_id": f"t{i // THREAD_SIZE}", "text": text}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
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


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 2),
        "min": round(min(values), 2),
        "max": round(max(values), 2),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=4000, help="records for the ratio runs")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of the ratio runs")
    parser.add_argument("--big", type=int, default=100_000, help="records for the large run")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask comparison")
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    rounds: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        # Warm the parent's model first: forked workers inherit it, so every contender starts
        # equally warm. Each (round, contender) then reads its own file (another seed, same
        # distribution): a contender that saw the exact texts before would be flattered by
        # spaCy's caches, which is what made the first version of this benchmark swing.
        warm = generate(root / "warm.jsonl", args.n, seed=999)
        get_classifier(ModelRef()).predict(
            [json.loads(line)["text"] for line in warm.open(encoding="utf-8")]
        )

        def source(kind: str, i: int) -> Path:
            seed = 100 * i + {"one": 1, "many": 2, "direct": 3, "dask": 4}[kind]
            return generate(root / f"{kind}{i}.jsonl", args.n, seed=seed)

        def texts_of(path: Path) -> list[str]:
            return [json.loads(line)["text"] for line in path.open(encoding="utf-8")]

        for i in range(args.repeats):
            row = {
                "one": engine_rate(source("one", i), root / f"one{i}", 1),
                "many": engine_rate(source("many", i), root / f"many{i}", cores),
                "direct": direct_rate(texts_of(source("direct", i)), cores),
            }
            rounds.append(row)
            print(f"round {i + 1}: " + ", ".join(f"{k} {v:.0f}/s" for k, v in row.items()))
        big = generate(root / "big.jsonl", args.big)
        started = time.perf_counter()
        big_rate = engine_rate(big, root / "big_out", cores)
        wall = time.perf_counter() - started
        # read before Dask runs, so the peaks are the local engine's (parent, largest worker)
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        # Dask last: its LocalCluster leaves threads behind, after which the local engine
        # would start workers from a forkserver (cold models) instead of forking.
        if not args.no_dask:
            for i, row in enumerate(rounds):
                row["dask"] = dask_rate(source("dask", i), root / f"dask{i}", cores)
                print(f"dask round {i + 1}: {row['dask']:.0f}/s")
    speedups = [r["many"] / r["one"] for r in rounds]
    vs_direct = [r["many"] / r["direct"] for r in rounds]
    results: dict[str, Any] = {
        "cores": cores,
        "records_ratio_runs": args.n,
        "rounds": len(rounds),
        "local_1_worker_rps": round(statistics.median(r["one"] for r in rounds), 1),
        f"local_{cores}_workers_rps": round(statistics.median(r["many"] for r in rounds), 1),
        "workers_speedup": _spread(speedups),
        "direct_predict_per_core_rps": round(statistics.median(r["direct"] for r in rounds), 1),
        "engine_vs_direct": _spread(vs_direct),
    }
    if not args.no_dask:
        results["dask_localcluster_rps"] = round(statistics.median(r["dask"] for r in rounds), 1)
        results["dask_vs_local"] = _spread([r["dask"] / r["many"] for r in rounds])
    results |= {
        "big_records": args.big,
        "big_wall_seconds": round(wall, 1),
        "big_rps": round(big_rate, 1),
        "peak_rss_parent_mib": round(peak_self),
        "peak_rss_largest_child_mib": round(peak_child),
        "raw_rounds": [{k: round(v, 1) for k, v in r.items()} for r in rounds],
    }
    save_result("batch", results)  # with date, commit and machine
    width = max(map(len, results))
    for key, value in results.items():
        if key != "raw_rounds":
            print(f"{key:<{width}}  {value}")
    return results


if __name__ == "__main__":
    main()
