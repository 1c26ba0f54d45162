"""Speed and cost of every contender, and claimcheck's cost curve.

Each contender is measured in its own fresh process (so load time includes imports and peak
memory is that process's own maximum RSS), on the same distinct texts: throughput in one
process, throughput with two worker processes that each load their own model and return
only probabilities, single-comment latency p50/p99, load time and size on disk. The cost
curve runs claimcheck's `Classifier.predict` on 1k, 10k, 100k (and optionally 1M) distinct
texts, each size in a fresh process.

    python -m benchmarks.cost [--only tfidf_lr,claimcheck] [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import ROOT, save_result

N_TEXTS = 4000
#: MiniLM runs ~50 texts/s here: fewer texts keep `make bench` inside its budget.
N_TEXTS_SLOW = {"minilm_lr": 800}
N_LATENCY = 300
N_WARM = 64
CHUNK = 256
SIZES = (1_000, 10_000, 100_000)
TEXT_SEED = 7


def sentence_pool(records: Sequence[Any]) -> list[str]:
    """Every labelled sentence of the corpus (a one-sentence comment is its own sentence)."""
    pool: list[str] = []
    for record in records:
        spans = record.sentences or []
        if len(spans) > 1:
            pool.extend(record.text[s.start : s.end].strip() for s in spans)
        else:
            pool.append(record.text.strip())
    return [s for s in pool if s]


def distinct_texts(
    n: int, seed: int = TEXT_SEED, records: Sequence[Any] | None = None
) -> list[str]:
    """n distinct comments made by recombining 1-3 corpus sentences with a fixed seed.

    Distinct, because spaCy's tokenizer cache flatters repeated texts (DESIGN §7).
    """
    if records is None:
        from claimcheck.corpus import load_comments

        records = load_comments(ROOT / "corpus")
    pool = sentence_pool(records)
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        text = " ".join(rng.choice(pool) for _ in range(rng.choice((1, 2, 2, 3))))
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def peak_rss_mb() -> float:
    """This process's maximum resident set size.

    VmHWM, not getrusage: Linux carries ru_maxrss across fork and exec, so a child of a big
    parent would report the parent's peak.
    """
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- worker processes: each holds its own model and returns only probabilities -----------

_MODEL: Any = None  # the one model a pool worker holds; set once by _init_worker


def _init_worker(name: str, path: str, barrier: Any) -> None:
    global _MODEL
    from benchmarks.contenders import LOADERS

    if name == "minilm_lr":  # one intra-op thread per worker, or two workers fight for cores
        import torch

        torch.set_num_threads(1)
    _MODEL = LOADERS[name](Path(path))
    _MODEL.predict_proba(["warm up", "another warm-up text."])
    barrier.wait()  # time only the work: both workers are loaded before the clock starts


def _predict_chunk(texts: list[str]) -> np.ndarray:
    return np.asarray(_MODEL.predict_proba(texts), dtype=np.float32)


def _noop(_: int) -> int:
    return 0


def pool_throughput(name: str, path: Path, texts: list[str], processes: int = 2) -> float:
    """Texts/s with `processes` workers, each loading its own model (load not timed)."""
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(processes)
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    with ctx.Pool(processes, initializer=_init_worker, initargs=(name, str(path), barrier)) as pool:
        pool.map(_noop, range(processes), chunksize=1)
        start = time.perf_counter()
        results = pool.map(_predict_chunk, chunks, chunksize=1)
        elapsed = time.perf_counter() - start
    assert sum(len(r) for r in results) == len(texts)
    return len(texts) / elapsed


def measure(name: str, path: Path, texts_file: Path, started: float) -> dict[str, Any]:
    """One contender in this (fresh) process: load, throughput, latency, memory, 2 workers."""
    from benchmarks.contenders import LOADERS

    data = json.loads(texts_file.read_text())
    model = LOADERS[name](path)
    load_s = time.perf_counter() - started
    model.predict_proba(data["warm"])
    start = time.perf_counter()
    model.predict_proba(data["throughput"])
    one_process = len(data["throughput"]) / (time.perf_counter() - start)
    latencies = []
    for text in data["latency"]:
        t0 = time.perf_counter()
        model.predict_proba([text])
        latencies.append(time.perf_counter() - t0)
    peak = peak_rss_mb()
    two = pool_throughput(name, path, data["throughput"], 2)
    return {
        "load_s": load_s,
        "texts_per_s_1": one_process,
        "texts_per_s_2": two,
        "p50_ms": float(np.percentile(latencies, 50) * 1e3),
        "p99_ms": float(np.percentile(latencies, 99) * 1e3),
        "peak_rss_mb": peak,
        "n_texts": len(data["throughput"]),
    }


def curve_point(n: int) -> dict[str, Any]:
    """claimcheck on n distinct texts in this (fresh) process: time and memory."""
    from claimcheck.predict import load_model

    texts = distinct_texts(n)
    classifier = load_model()
    before = peak_rss_mb()
    start = time.perf_counter()
    predictions = classifier.predict(texts)
    elapsed = time.perf_counter() - start
    assert len(predictions) == n
    peak = peak_rss_mb()
    return {
        "n": n,
        "seconds": elapsed,
        "texts_per_s": n / elapsed,
        "rss_before_mb": before,
        "peak_rss_mb": peak,
        "predict_memory_mb": peak - before,
    }


# --- orchestration (parent process) ---------------------------------------------------------


def _run_child(args: list[str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.cost", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"benchmarks.cost {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def train_for_speed(name: str, records: Sequence[Any], workdir: Path) -> Path:
    """Fit a contender on the corpus and save it; returns what to load and measure."""
    from benchmarks.contenders import CONTENDERS, ClaimcheckContender

    if name == "claimcheck":
        return ClaimcheckContender.load().save(workdir / name)
    chosen = list(records)
    if name == "minilm_lr":  # the LR's size does not depend on n; encoding does, a lot
        chosen = random.Random(0).sample(chosen, 1000)
    contender = CONTENDERS[name]().fit([r.text for r in chosen], [r.label.value for r in chosen])
    return contender.save(workdir / name)


def speed_table(names: Sequence[str], records: Sequence[Any]) -> dict[str, Any]:
    from benchmarks.contenders import dir_size

    pool = distinct_texts(N_TEXTS + N_LATENCY + N_WARM, seed=TEXT_SEED + 1, records=records)
    table: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as tmp:
        workdir = Path(tmp)
        for name in names:
            path = train_for_speed(name, records, workdir)
            n = N_TEXTS_SLOW.get(name, N_TEXTS)
            texts_file = workdir / f"{name}-texts.json"
            texts_file.write_text(
                json.dumps(
                    {
                        "warm": pool[:N_WARM],
                        "latency": pool[N_WARM : N_WARM + N_LATENCY],
                        "throughput": pool[N_WARM + N_LATENCY : N_WARM + N_LATENCY + n],
                    }
                )
            )
            row = _run_child(["measure", name, str(path), str(texts_file)])
            row["size_mb"] = dir_size(path) / 1e6
            table[name] = row
            print(
                f"{name:16s} {row['texts_per_s_1']:8.0f}/s 1p {row['texts_per_s_2']:8.0f}/s 2p "
                f"p50 {row['p50_ms']:6.2f} p99 {row['p99_ms']:6.2f} ms load {row['load_s']:5.2f}s "
                f"rss {row['peak_rss_mb']:6.0f} MB size {row['size_mb']:6.1f} MB",
                flush=True,
            )
    if "claimcheck" in table and "tfidf_lr" in table:
        for k in ("texts_per_s_1", "texts_per_s_2"):
            table["claimcheck"][f"{k}_ratio_vs_tfidf"] = (
                table["claimcheck"][k] / table["tfidf_lr"][k]
            )
    return table


def cost_curve(sizes: Sequence[int]) -> dict[str, Any]:
    points = []
    for n in sizes:
        point = _run_child(["curve", str(n)])
        points.append(point)
        print(
            f"curve {n:>9,d} texts {point['seconds']:8.1f} s {point['texts_per_s']:6.0f}/s "
            f"peak rss {point['peak_rss_mb']:6.0f} MB (+{point['predict_memory_mb']:.0f})",
            flush=True,
        )
    out: dict[str, Any] = {"points": points}
    out.update(extrapolate(points))
    return out


def extrapolate(points: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """1M texts from the slope between the two largest sizes run (fixed costs cancel out)."""
    largest = points[-1]
    if largest["n"] >= 1_000_000 or len(points) < 2:
        return {}
    prev = points[-2]
    extra = 1_000_000 - largest["n"]
    span = largest["n"] - prev["n"]
    return {
        "extrapolated_1m": {
            "n": 1_000_000,
            "seconds": largest["seconds"] + extra * (largest["seconds"] - prev["seconds"]) / span,
            "predict_memory_mb": largest["predict_memory_mb"]
            + extra * (largest["predict_memory_mb"] - prev["predict_memory_mb"]) / span,
            "from": largest["n"],
        }
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated contender names")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--no-curve", action="store_true")
    args = parser.parse_args(argv)
    from benchmarks.contenders import CONTENDERS, available
    from claimcheck.corpus import load_comments

    records = load_comments(ROOT / "corpus")
    names = available(args.only.split(",") if args.only else None)
    payload: dict[str, Any] = {
        "n_texts": N_TEXTS,
        "n_texts_slow": N_TEXTS_SLOW,
        "n_latency": N_LATENCY,
        "mean_chars": float(np.mean([len(t) for t in distinct_texts(2000, records=records)])),
        "speed": speed_table(names, records),
        "skipped": [n for n in CONTENDERS if n not in names and not args.only],
    }
    if not args.no_curve:
        payload["curve"] = cost_curve([int(s) for s in args.sizes.split(",") if s])
    save_result("cost", payload)
    return payload


def _child(argv: list[str]) -> None:
    """Entry point of the measuring subprocesses: prints one JSON line."""
    started = time.perf_counter()
    if argv[0] == "measure":
        result = measure(argv[1], Path(argv[2]), Path(argv[3]), started)
    elif argv[0] == "curve":
        result = curve_point(int(argv[1]))
    else:
        raise SystemExit(f"unknown child command {argv[0]!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"measure", "curve"}:
        _child(sys.argv[1:])
    else:
        main()
