"""Load test of the HTTP service on loopback (open-loop async httpx), plus feedback writes.

python -m benchmarks.service_load            # full run (~6 minutes on 2 cores)
python -m benchmarks.service_load --quick    # short run (~1 minute), same shape

0. Warm-up: 1,000 requests off the clock (a fresh process grows its vocabulary at first).
1. 100 requests/s of single comments (distinct texts) for 60 s: p50/p99, errors.
2. Rates stepped up until p99 >= 100 ms (or errors): the highest sustained rate under it.
3. Classifier.predict_one in-process on the same texts: the HTTP overhead.
4. 1,000 concurrent feedback writes from 20 clients (10% retried with the same request_id):
   every one stored exactly once, checked in the database.

python -m benchmarks.service_load --queue   # the moderation queue's scenarios instead
(ingest at 100/s, the queue page with 100,000 stored comments, 20 concurrent moderators;
see benchmarks/service_queue_load.py).

The generator is open-loop: request i is sent at t0 + i/rate whether or not earlier ones
have been answered, and latency is measured from that scheduled time, so a slow server
cannot hide its queueing (no coordinated omission). Client and server share this machine's
cores; the client's own cost is part of every number. Writes docs/results/service_load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import save_result

P99_TARGET_MS = 100.0
#: A classify answer later than this (from its send) counts as an error (TimeoutError).
REQUEST_DEADLINE_S = 10.0
#: Requests sent (closed-loop, off the clock) before measuring, on the last corpus texts.
WARM_UP_REQUESTS = 1000
STEADY_TARGET_MS = 50.0


@dataclass
class RunStats:
    """Latencies (ms, from each request's scheduled send time) and failures of one run."""

    rate: float
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    wall: float = 0.0
    max_lag_ms: float = 0.0

    def quantile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def summary(self) -> dict[str, Any]:
        sent = len(self.latencies) + self.errors
        return {
            "target_rate": self.rate,
            "seconds": self.seconds,
            "sent": sent,
            "ok": len(self.latencies),
            "errors": self.errors,
            "error_kinds": self.error_kinds,
            "achieved_rate": round(len(self.latencies) / self.wall, 1) if self.wall else 0.0,
            "p50_ms": round(self.quantile(0.50), 2),
            "p90_ms": round(self.quantile(0.90), 2),
            "p99_ms": round(self.quantile(0.99), 2),
            "max_ms": round(max(self.latencies), 2) if self.latencies else None,
            "max_send_lag_ms": round(self.max_lag_ms, 2),
        }


def load_texts(n: int) -> list[str]:
    """n distinct comments recombined from corpus sentences (benchmarks.cost.distinct_texts).

    Distinct, because spaCy's tokenizer cache flatters repeated texts; the corpus alone
    (about 5,500 comments) is shorter than one 60 s run at 100 requests/s.
    """
    from benchmarks.cost import distinct_texts

    return distinct_texts(n)


# --- the server -----------------------------------------------------------------------------


class Server:
    """`claimcheck serve` in a subprocess on a free loopback port."""

    def __init__(self, db_url: str, workdir: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        env = {
            **os.environ,
            "CLAIMCHECK_ACCESS_LOG": "false",
            "CLAIMCHECK_LOG_LEVEL": "warning",
        }
        command = [sys.executable, "-m", "claimcheck.cli", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "--db", db_url],
            stdout=self.log_path.open("wb"),
            stderr=subprocess.STDOUT,
            env=env,
        )

    def wait_ready(self, timeout: float = 180.0) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise SystemExit(f"server exited:\n{self.log_path.read_text()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"server not ready after {timeout} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --- open-loop classify ---------------------------------------------------------------------


async def warm_up(url: str, texts: list[str], concurrency: int = 4) -> float:
    """Closed-loop requests on texts the measured phases do not start with, off the clock.

    A fresh process is slower at first (spaCy adds each new word to its vocabulary, caches
    fill), and a service takes traffic only after its readiness probe and some warm-up.
    """
    started = time.perf_counter()
    queue = list(texts)
    async with httpx.AsyncClient(base_url=url, timeout=30.0) as client:

        async def worker() -> None:
            while queue:
                await client.post("/v1/classify", json={"text": queue.pop()})

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started


async def open_loop(url: str, texts: list[str], rate: float, seconds: float) -> RunStats:
    """Send single-comment classify requests on a fixed schedule; never wait for answers."""
    stats = RunStats(rate=rate, seconds=seconds)
    count = int(rate * seconds)
    limits = httpx.Limits(max_connections=512, max_keepalive_connections=512)
    async with httpx.AsyncClient(base_url=url, timeout=10.0, limits=limits) as client:

        async def one(i: int, scheduled: float) -> None:
            body = {"text": texts[i % len(texts)], "id": i}
            try:
                # a total deadline per request bounds the run even when the server falls behind
                response = await asyncio.wait_for(
                    client.post("/v1/classify", json=body), REQUEST_DEADLINE_S
                )
                if response.status_code != 200:
                    raise RuntimeError(f"HTTP {response.status_code}")
            except Exception as exc:  # every failure is counted, whatever it is
                stats.errors += 1
                kind = type(exc).__name__ if not isinstance(exc, RuntimeError) else str(exc)
                stats.error_kinds[kind] = stats.error_kinds.get(kind, 0) + 1
                return
            stats.latencies.append((time.perf_counter() - scheduled) * 1000)

        # open a few connections off the clock
        await asyncio.gather(*(client.get("/healthz") for _ in range(8)))
        tasks = []
        start = time.perf_counter() + 0.05
        for i in range(count):
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            stats.max_lag_ms = max(stats.max_lag_ms, (time.perf_counter() - scheduled) * 1000)
            tasks.append(asyncio.create_task(one(i, scheduled)))
        await asyncio.gather(*tasks)
        stats.wall = time.perf_counter() - start
    return stats


def step_up(
    url: str, texts: list[str], rates: list[float], seconds: float
) -> tuple[list[dict[str, Any]], float | None]:
    """Run each rate in turn; stop at the first with p99 >= 100 ms, errors, or falling behind.

    Each step gets texts no earlier phase has sent.
    """
    steps: list[dict[str, Any]] = []
    best = None
    offset = 0
    for rate in rates:
        stats = asyncio.run(open_loop(url, texts[offset:], rate, seconds))
        offset += int(rate * seconds)
        summary = stats.summary()
        sustained = (
            stats.errors == 0
            and stats.quantile(0.99) < P99_TARGET_MS
            and summary["achieved_rate"] >= 0.95 * rate
        )
        summary["sustained"] = sustained
        steps.append(summary)
        print(
            f"  {rate:>6.0f}/s  p50 {summary['p50_ms']:>7.2f} ms  p99 {summary['p99_ms']:>8.2f} ms"
            f"  errors {stats.errors}  achieved {summary['achieved_rate']}/s",
            flush=True,
        )
        if not sustained:
            break
        best = rate
    return steps, best


# --- in-process baseline --------------------------------------------------------------------


def in_process(warm_texts: list[str], texts: list[str]) -> dict[str, Any]:
    """Classifier.predict_one on the same texts in this process: the floor under HTTP.

    Warmed up on the same texts as the server, so both start from the same vocabulary.
    """
    from claimcheck import load_model

    classifier = load_model()
    for text in warm_texts:
        classifier.predict_one(text)
    latencies = []
    for text in texts:
        started = time.perf_counter()
        classifier.predict_one(text)
        latencies.append((time.perf_counter() - started) * 1000)
    ordered = sorted(latencies)
    return {
        "n": len(texts),
        "p50_ms": round(statistics.median(ordered), 2),
        "p90_ms": round(ordered[int(0.9 * len(ordered))], 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 2),
    }


# --- feedback writes ------------------------------------------------------------------------


async def feedback_storm(
    url: str, token: str, clients: int, per_client: int, retry_share: float
) -> dict[str, Any]:
    """`clients` independent clients each fire `per_client` writes at once; some are retried."""
    headers = {"Authorization": f"Bearer {token}"}
    statuses: dict[int, int] = {}
    failures: list[str] = []

    async def client_run(c: int) -> None:
        limits = httpx.Limits(max_connections=per_client)
        async with httpx.AsyncClient(
            base_url=url, headers=headers, timeout=60.0, limits=limits
        ) as client:

            async def write(i: int) -> None:
                body = {
                    "text": f"load test comment {c}-{i}: had it done in {2000 + i % 20}.",
                    "label": ("testimonial", "opinion", "spam", "evidence_citation")[i % 4],
                    "author": f"client-{c}",
                    "request_id": f"load-{c}-{i}",
                }
                sends = 2 if (i % int(1 / retry_share) == 0) else 1
                for _ in range(sends):
                    try:
                        response = await client.post("/v1/feedback", json=body)
                        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    except httpx.HTTPError as exc:
                        failures.append(f"{body['request_id']}: {type(exc).__name__}")

            await asyncio.gather(*(write(i) for i in range(per_client)))

    started = time.perf_counter()
    await asyncio.gather(*(client_run(c) for c in range(clients)))
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "transport_failures": failures[:10],
        "n_transport_failures": len(failures),
    }


def check_stored(db_url: str, clients: int, per_client: int) -> dict[str, Any]:
    """Every request_id stored exactly once, with the text that was sent."""
    from collections import Counter

    from claimcheck.service.db import Database

    database = Database(db_url)
    try:
        rows = [r for r in database.iter_feedback() if (r.request_id or "").startswith("load-")]
    finally:
        database.dispose()
    per_id = Counter(r.request_id for r in rows)
    expected = {f"load-{c}-{i}" for c in range(clients) for i in range(per_client)}
    wrong_text = [
        r.request_id
        for r in rows
        if r.text
        != "load test comment {}-{}: had it done in {}.".format(
            *r.request_id.split("-")[1:], 2000 + int(r.request_id.split("-")[2]) % 20
        )
    ]
    return {
        "expected": len(expected),
        "stored_rows": len(rows),
        "distinct_request_ids": len(per_id),
        "duplicates": sum(1 for n in per_id.values() if n > 1),
        "missing": len(expected - set(per_id)),
        "wrong_text": len(wrong_text),
        "exactly_once": len(rows) == len(expected) == len(per_id)
        and set(per_id) == expected
        and not wrong_text,
    }


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short run, same shape")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--no-save", action="store_true", help="do not write the results file")
    parser.add_argument(
        "--queue",
        action="store_true",
        help="the moderation-queue scenarios instead (benchmarks/service_queue_load.py)",
    )
    args = parser.parse_args(argv)
    if args.queue:
        from benchmarks.service_queue_load import run_queue_scenarios

        return run_queue_scenarios(quick=args.quick, db=args.db, save=not args.no_save)

    steady_seconds = 10.0 if args.quick else 60.0
    step_seconds = 5.0 if args.quick else 20.0
    rates = [100, 150, 200, 300, 400, 500, 650, 800] if not args.quick else [100, 200, 400, 600]
    clients, per_client = 20, 50

    load_start = [round(x, 2) for x in os.getloadavg()]
    n_steady = int(100 * steady_seconds)
    n_steps = sum(int(rate * step_seconds) for rate in rates)
    texts = load_texts(WARM_UP_REQUESTS + n_steady + n_steps)
    warm_texts = texts[:WARM_UP_REQUESTS]
    steady_texts = texts[WARM_UP_REQUESTS : WARM_UP_REQUESTS + n_steady]
    step_texts = texts[WARM_UP_REQUESTS + n_steady :]
    print(f"{len(texts)} distinct texts from corpus sentences", flush=True)
    from claimcheck.service.db import Database

    with tempfile.TemporaryDirectory(prefix="claimcheck-load-") as tmp:
        workdir = Path(tmp)
        db_url = args.db or f"sqlite:///{workdir / 'load.db'}"
        setup = Database(db_url)
        setup.upgrade(create=True)
        token = setup.create_key("load test")[1]
        setup.dispose()
        server = Server(db_url, workdir)
        try:
            startup = server.wait_ready()
            print(f"server ready in {startup:.1f} s on {server.url}", flush=True)
            warm = asyncio.run(warm_up(server.url, warm_texts))
            print(f"warm-up: {len(warm_texts)} requests in {warm:.1f} s", flush=True)
            print(f"1. steady: 100/s for {steady_seconds:.0f} s", flush=True)
            steady = asyncio.run(
                open_loop(server.url, steady_texts, 100.0, steady_seconds)
            ).summary()
            print(f"   {steady}", flush=True)
            print(f"2. step-up ({step_seconds:.0f} s per rate)", flush=True)
            steps, best = step_up(server.url, step_texts, [float(r) for r in rates], step_seconds)
            print(f"4. feedback: {clients} clients x {per_client} concurrent writes", flush=True)
            storm = asyncio.run(feedback_storm(server.url, token, clients, per_client, 0.1))
            stored = check_stored(db_url, clients, per_client)
            print(f"   {storm} -> {stored}", flush=True)
        finally:
            server.stop()
    print(f"3. in-process predict_one on the {n_steady} texts of step 1", flush=True)
    local = in_process(warm_texts, steady_texts)
    overhead = {
        "p50_ms": round(steady["p50_ms"] - local["p50_ms"], 2),
        "p99_ms": round(steady["p99_ms"] - local["p99_ms"], 2),
    }
    result = {
        "quick": args.quick,
        # other processes on the machine (load average at the start and at the end)
        "load_average": {"start": load_start, "end": [round(x, 2) for x in os.getloadavg()]},
        "database": "sqlite" if args.db is None else args.db.split(":", 1)[0],
        "texts": {
            "distinct": len(texts),
            "mean_chars": round(statistics.mean(len(t) for t in steady_texts), 1),
            "median_chars": statistics.median(len(t) for t in steady_texts),
        },
        "server_startup_seconds": round(startup, 1),
        "warm_up": {"requests": WARM_UP_REQUESTS, "seconds": round(warm, 1)},
        "steady_100rps": {**steady, "target_p99_ms": STEADY_TARGET_MS},
        "step_up": steps,
        "highest_sustained_rate_p99_under_100ms": best,
        "in_process_predict_one": local,
        "http_overhead": overhead,
        "feedback_writes": {"clients": clients, "per_client": per_client, **storm, **stored},
    }
    _print_table(result)
    if not args.no_save:
        name = "service_load_quick" if args.quick else "service_load"
        print(f"wrote {save_result(name, result)}")
    return result


def _print_table(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    steady, local = result["steady_100rps"], result["in_process_predict_one"]
    table = Table(title="claimcheck service on loopback (open-loop, 1 uvicorn worker)")
    for column in ("measure", "p50 ms", "p99 ms", "errors", "note"):
        table.add_column(column, justify="left" if column in ("measure", "note") else "right")
    table.add_row(
        f"HTTP 100/s x {steady['seconds']:.0f} s",
        f"{steady['p50_ms']:.2f}",
        f"{steady['p99_ms']:.2f}",
        str(steady["errors"]),
        f"target p99 < {STEADY_TARGET_MS:.0f} ms: "
        + ("met" if steady["p99_ms"] < STEADY_TARGET_MS and not steady["errors"] else "NOT met"),
    )
    table.add_row(
        "in-process predict_one",
        f"{local['p50_ms']:.2f}",
        f"{local['p99_ms']:.2f}",
        "-",
        f"HTTP overhead p50 {result['http_overhead']['p50_ms']:+.2f} ms",
    )
    for step in result["step_up"]:
        table.add_row(
            f"HTTP {step['target_rate']:.0f}/s x {step['seconds']:.0f} s",
            f"{step['p50_ms']:.2f}",
            f"{step['p99_ms']:.2f}",
            str(step["errors"]),
            f"achieved {step['achieved_rate']}/s" + ("" if step["sustained"] else " (over)"),
        )
    feedback = result["feedback_writes"]
    table.add_row(
        f"feedback {feedback['clients']}x{feedback['per_client']} concurrent",
        "-",
        "-",
        str(feedback["n_transport_failures"]),
        f"stored {feedback['stored_rows']}/{feedback['expected']}, duplicates "
        f"{feedback['duplicates']}, exactly once: {feedback['exactly_once']} "
        f"({feedback['seconds']} s)",
    )
    Console().print(table)
    best = result["highest_sustained_rate_p99_under_100ms"]
    print(f"highest sustained rate with p99 < 100 ms: {best}")


if __name__ == "__main__":
    main()
