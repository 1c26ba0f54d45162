"""Worst-case inputs against the real service: health under attack, memory under a word flood.

python -m benchmarks.service_worst_case            # full run (about 6 minutes on 2 cores)
python -m benchmarks.service_worst_case --quick    # same shape, shorter (about 2 minutes)

One run, one machine, one `claimcheck serve` subprocess on 127.0.0.1 (fresh SQLite file):

0. Baseline: the same probes for 10 s with no other traffic (what this machine gives an
   idle server; on a shared machine it is far from zero).
1. Attack: 4 clients send worst-case comments back to back for --attack-seconds (every
   shape in WORST_CASES, 20,000 characters each, the longest the service accepts), while a
   prober asks GET /healthz every 20 ms and GET /readyz every 100 ms. Reported: the
   probes' p50/p99/max (target: /healthz p99 <= 50 ms), and each shape's HTTP latency and
   statuses (200, or 503 when the queue is over budget).
2. Flood: --flood-requests requests (20) of 256 comments of random unique words each
   (--flood-chars characters per comment, 1,000: about 30,000 new words per request),
   one after another; the server's resident memory (VmRSS from /proc) before and after
   each (target: growth <= 100 MB after 20).
3. In-process: `Classifier.predict` on one comment of each shape after the server has
   stopped, median of 3 (the model's own cost per worst-case comment; target for the
   punctuation runs: <= 0.5 s).

Every loop is bounded by a count or a deadline, and the server is stopped at the end
whatever happens. Writes docs/results/service_worst_case.json (date, commit, machine).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import random
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import RESULTS, git_commit
from benchmarks.service_load import Server

#: Longest comment the service accepts by default (CLAIMCHECK_MAX_TEXT_CHARS).
WORST_CHARS = 20_000
HEALTH_P99_TARGET_MS = 50.0
RSS_GROWTH_TARGET_MB = 100.0
IN_PROCESS_TARGET_S = 0.5
CLIENTS = 4
HEALTH_EVERY_S = 0.02
READY_EVERY_S = 0.1
#: An answer later than this counts as a timeout (the attack must end by itself).
REQUEST_TIMEOUT_S = 120.0


def unique_words(n_chars: int, rng: random.Random) -> str:
    """Random lowercase 'words' of 4-12 letters: almost every one new to spaCy's vocabulary."""
    words: list[str] = []
    size = 0
    while size < n_chars:
        word = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 12)))
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:n_chars]


def worst_cases(rng: random.Random) -> dict[str, Callable[[int], str]]:
    """Each shape at about WORST_CHARS characters; variant i is i characters shorter.

    Distinct variants, because spaCy caches the tokens of every whitespace-free chunk it
    has seen: a repeated 20,000-character run would be a cache hit, not a worst case.
    """

    def cut(text: str, i: int) -> str:
        return text[: WORST_CHARS - i % 1000]

    return {
        "punctuation_run": lambda i: cut("!?" * (WORST_CHARS // 2), i),
        "open_brackets": lambda i: cut("(" * WORST_CHARS, i),
        "dots": lambda i: cut("." * WORST_CHARS, i),
        "one_long_word": lambda i: cut("a" * WORST_CHARS, i),
        "emoji": lambda i: cut("\U0001f600" * WORST_CHARS, i),
        "many_sentences": lambda i: cut("Yes. " * (WORST_CHARS // 5), i),
        "many_short_tokens": lambda i: cut("x " * (WORST_CHARS // 2), i),
        "markdown_links": lambda i: cut("[a](" * (WORST_CHARS // 4), i),
        "unique_words": lambda i: unique_words(WORST_CHARS, rng),
    }


def rss_mb(pid: int) -> dict[str, float]:
    """Resident memory now (VmRSS) and its peak so far (VmHWM) of a process, in MB."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": fields["VmRSS"], "peak_mb": fields["VmHWM"]}


def quantiles(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "p50_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 2),
        "max_ms": round(ordered[-1], 2),
    }


# --- 1. attack ----------------------------------------------------------------------------------


async def attack(url: str, seconds: float, seed: int, clients: int = CLIENTS) -> dict[str, Any]:
    """`clients` clients send worst cases back to back; probes time /healthz and /readyz.

    With clients=0 it measures the probes alone: what the machine gives an idle server.
    """
    rng = random.Random(seed)
    shapes = worst_cases(rng)
    names = list(shapes)
    per_shape: dict[str, list[float]] = {name: [] for name in names}
    statuses: dict[str, dict[str, int]] = {name: {} for name in names}
    probes: dict[str, list[float]] = {"/healthz": [], "/readyz": []}
    probe_failures: dict[str, int] = {"/healthz": 0, "/readyz": 0}
    deadline = time.monotonic() + seconds
    variant = itertools.count()

    async def client_loop(number: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=REQUEST_TIMEOUT_S) as client:
            turn = number
            while time.monotonic() < deadline:
                name = names[turn % len(names)]
                turn += 1
                text = shapes[name](next(variant))
                started = time.perf_counter()
                try:
                    response = await client.post("/v1/classify", json={"text": text})
                    status = str(response.status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                elapsed = (time.perf_counter() - started) * 1000
                statuses[name][status] = statuses[name].get(status, 0) + 1
                if status == "200":
                    per_shape[name].append(elapsed)

    async def probe_loop(path: str, every: float) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=10.0) as client:
            await client.get(path)  # the connection, off the clock
            next_at = time.monotonic()
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    if response.status_code != 200:
                        raise RuntimeError(response.status_code)
                    probes[path].append((time.perf_counter() - started) * 1000)
                except (httpx.HTTPError, RuntimeError):
                    probe_failures[path] += 1
                next_at += every
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))

    await asyncio.gather(
        *(client_loop(i) for i in range(clients)),
        probe_loop("/healthz", HEALTH_EVERY_S),
        probe_loop("/readyz", READY_EVERY_S),
    )
    return {
        "seconds": seconds,
        "clients": clients,
        "healthz": {**quantiles(probes["/healthz"]), "failures": probe_failures["/healthz"]},
        "readyz": {**quantiles(probes["/readyz"]), "failures": probe_failures["/readyz"]},
        "classify_by_shape": {
            name: {**quantiles(per_shape[name]), "statuses": statuses[name]} for name in names
        },
    }


# --- 2. flood -----------------------------------------------------------------------------------


def flood(url: str, pid: int, requests: int, comments: int, chars: int, seed: int) -> dict:
    """`requests` requests of `comments` unique-word comments; server RSS after each."""
    rng = random.Random(seed)
    before = rss_mb(pid)
    after_each: list[float] = []
    seconds: list[float] = []
    statuses: dict[str, int] = {}
    with httpx.Client(base_url=url, timeout=REQUEST_TIMEOUT_S) as client:
        for _ in range(requests):
            body = {"comments": [{"text": unique_words(chars, rng)} for _ in range(comments)]}
            started = time.perf_counter()
            response = client.post("/v1/classify", json=body)
            seconds.append(round(time.perf_counter() - started, 2))
            key = str(response.status_code)
            statuses[key] = statuses.get(key, 0) + 1
            after_each.append(rss_mb(pid)["rss_mb"])
            print(
                f"  flood {len(after_each)}/{requests}: {key} in {seconds[-1]} s, "
                f"RSS {after_each[-1]} MB",
                flush=True,
            )
    after = rss_mb(pid)
    return {
        "requests": requests,
        "comments_per_request": comments,
        "chars_per_comment": chars,
        "request_mb": round(comments * (chars + 16) / 1e6, 2),
        "statuses": statuses,
        "seconds_per_request": {"median": statistics.median(seconds), "max": max(seconds)},
        "rss_before_mb": before["rss_mb"],
        "rss_after_mb": after["rss_mb"],
        "rss_growth_mb": round(after["rss_mb"] - before["rss_mb"], 1),
        "rss_after_each_mb": after_each,
        "peak_mb": after["peak_mb"],
    }


# --- 3. in-process ------------------------------------------------------------------------------


def in_process(seed: int, repeats: int = 3) -> dict[str, Any]:
    """Seconds for Classifier.predict on one comment of each shape (`repeats` variants)."""
    from claimcheck import load_model

    classifier = load_model()
    classifier.predict(["warm up the pipeline once."])
    shapes = worst_cases(random.Random(seed))
    out: dict[str, Any] = {}
    for name, make in shapes.items():
        times = []
        for i in range(repeats):
            text = make(i + 1)  # a variant never seen: no tokenizer cache hit
            started = time.perf_counter()
            classifier.predict([text])
            times.append(time.perf_counter() - started)
        out[name] = {"median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3)}
    return out


# --- main ---------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": f"{platform.platform()}, {os.cpu_count()} cores (nproc)",
        "python": platform.python_version(),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="shorter attack, smaller flood")
    parser.add_argument("--attack-seconds", type=float, default=None)
    parser.add_argument("--flood-requests", type=int, default=None)
    parser.add_argument("--flood-comments", type=int, default=256)
    parser.add_argument("--flood-chars", type=int, default=None, help="characters per comment")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-save", action="store_true", help="do not write the results file")
    args = parser.parse_args(argv)
    attack_seconds = args.attack_seconds or (20.0 if args.quick else 60.0)
    flood_chars = args.flood_chars or (500 if args.quick else 1_000)
    flood_requests = args.flood_requests or (5 if args.quick else 20)

    result: dict[str, Any] = {**machine(), "load_average_start": os.getloadavg()}
    from claimcheck.service.db import Database

    with tempfile.TemporaryDirectory(prefix="claimcheck-worst-") as tmp:
        workdir = Path(tmp)
        db_url = f"sqlite:///{workdir / 'worst.db'}"
        setup = Database(db_url)
        setup.upgrade(create=True)
        setup.dispose()
        server = Server(db_url, workdir)
        try:
            startup = server.wait_ready()
            pid = server.process.pid
            result["server"] = {"startup_seconds": round(startup, 1), **rss_mb(pid)}
            print(f"server ready in {startup:.1f} s, {result['server']}", flush=True)
            print("0. baseline: the probes alone for 10 s", flush=True)
            baseline = asyncio.run(attack(server.url, 10.0, args.seed, clients=0))
            result["baseline"] = {"healthz": baseline["healthz"], "readyz": baseline["readyz"]}
            print(json.dumps(result["baseline"]["healthz"]), flush=True)
            print(
                f"1. attack: {CLIENTS} clients x worst cases for {attack_seconds:.0f} s", flush=True
            )
            result["attack"] = asyncio.run(attack(server.url, attack_seconds, args.seed))
            result["attack"]["rss_after"] = rss_mb(pid)
            print(json.dumps(result["attack"]["healthz"]), flush=True)
            print(
                f"2. flood: {flood_requests} x {args.flood_comments} comments of "
                f"{flood_chars} characters",
                flush=True,
            )
            result["flood"] = flood(
                server.url,
                pid,
                flood_requests,
                args.flood_comments,
                flood_chars,
                args.seed,
            )
        finally:
            server.stop()
    print("3. in-process cost per worst-case comment", flush=True)
    result["in_process_seconds"] = in_process(args.seed)
    result["load_average_end"] = os.getloadavg()
    result["quick"] = args.quick
    healthz_p99 = result["attack"]["healthz"]["p99_ms"]
    punctuation = max(
        result["in_process_seconds"][name]["max_s"]
        for name in ("punctuation_run", "open_brackets", "dots")
    )
    result["targets"] = {
        "healthz_p99_ms": {
            "target": HEALTH_P99_TARGET_MS,
            "measured": healthz_p99,
            "met": healthz_p99 is not None and healthz_p99 <= HEALTH_P99_TARGET_MS,
        },
        "rss_growth_mb": {
            "target": RSS_GROWTH_TARGET_MB,
            "measured": result["flood"]["rss_growth_mb"],
            "met": result["flood"]["rss_growth_mb"] <= RSS_GROWTH_TARGET_MB,
        },
        "punctuation_comment_s": {
            "target": IN_PROCESS_TARGET_S,
            "measured": punctuation,
            "met": punctuation <= IN_PROCESS_TARGET_S,
        },
    }
    print(json.dumps(result["targets"], indent=2))
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        name = "service_worst_case_quick" if args.quick else "service_worst_case"
        path = RESULTS / f"{name}.json"
        path.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {path}")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
