"""The moderation queue under load: ingest, the queue page over 100,000 comments, 20 moderators.

    python -m benchmarks.service_load --queue            # one full run (~5 minutes on 2 cores)
    python -m benchmarks.service_load --queue --quick    # short run, same shape
    python -m benchmarks.service_load --queue --db postgresql+psycopg://…   # on PostgreSQL

A real `claimcheck serve` on loopback, driven by open-loop async httpx (each request sent on
schedule, latency counted from the scheduled time, so queueing is not hidden):

1. Ingest: 100 single-comment POST /v1/comments per second for 60 s, distinct texts; every
   20th request resends an earlier comment (must change nothing). Checked in the database:
   every comment stored exactly once, with the text sent. Baseline in the same run: the same
   rate of POST /v1/classify (classification without storing), so the ratio is the cost
   of storing and of the key check.
2. 20 moderators (one API key each) decide 1,000 ingested comments at once: each reads
   the queue (thread filter) page by page and decides every item it sees without a version
   (first one wins). Checked: every comment decided exactly once, every 200 answer is a
   decision row with that moderator (none lost), every other answer a 409.
3. The queue page with 100,000 stored comments: GET /v1/queue (page of 50) at 50/s for
   30 s: first pages, followed cursors, label and thread filters. The rows beyond the ones
   ingested in 1-2 are written straight to the database, with the shipped model's
   predictions of 10,000 distinct texts (each text under 10 ids; classifying 100,000 texts
   would take the 2-core machine ~5 minutes and changes nothing in the read path). The
   query plan at 100,000 rows is recorded (EXPLAIN).

Writes docs/results/service_queue.json.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import save_result
from benchmarks.service_load import WARM_UP_REQUESTS, RunStats, Server, load_texts, warm_up

INGEST_RATE = 100.0
RESEND_EVERY = 20
MODERATORS = 20
MODERATED = 1_000
STORED_TARGET = 100_000
FILL_DISTINCT = 10_000
READ_RATE = 50.0
P99_TARGET_MS = 50.0


async def open_loop(
    url: str, requests: list[tuple[str, str, Any]], rate: float, headers: dict[str, str]
) -> tuple[RunStats, list[int]]:
    """Send (method, path, json) requests on a fixed schedule; statuses in send order."""
    stats = RunStats(rate=rate, seconds=len(requests) / rate)
    statuses = [0] * len(requests)
    limits = httpx.Limits(max_connections=512, max_keepalive_connections=512)
    async with httpx.AsyncClient(
        base_url=url, timeout=10.0, limits=limits, headers=headers
    ) as client:

        async def one(i: int, scheduled: float) -> None:
            method, path, body = requests[i]
            try:
                # httpx's own timeout, not asyncio.wait_for: cancelling requests in flight
                # left httpcore's pool spinning (client at full CPU, server idle) once the
                # first ones timed out on a loaded machine.
                response = await client.request(method, path, json=body)
                statuses[i] = response.status_code
                if response.status_code >= 400:
                    raise RuntimeError(f"HTTP {response.status_code}")
            except Exception as exc:  # every failure is counted, whatever it is
                stats.errors += 1
                kind = type(exc).__name__ if not isinstance(exc, RuntimeError) else str(exc)
                stats.error_kinds[kind] = stats.error_kinds.get(kind, 0) + 1
                return
            stats.latencies.append((time.perf_counter() - scheduled) * 1000)

        await asyncio.gather(*(client.get("/healthz") for _ in range(8)))
        tasks = []
        start = time.perf_counter() + 0.05
        for i in range(len(requests)):
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            stats.max_lag_ms = max(stats.max_lag_ms, (time.perf_counter() - scheduled) * 1000)
            tasks.append(asyncio.create_task(one(i, scheduled)))
        await asyncio.gather(*tasks)
        stats.wall = time.perf_counter() - start
    return stats, statuses


# --- 1. ingest ----------------------------------------------------------------------------------


def ingest_requests(texts: list[str]) -> tuple[list[tuple[str, str, Any]], dict[str, str]]:
    """Single-comment ingests; every RESEND_EVERY-th resends an earlier comment."""
    requests: list[tuple[str, str, Any]] = []
    sent: dict[str, str] = {}
    fresh = 0
    for i in range(len(texts)):
        if i and i % RESEND_EVERY == 0:
            comment_id = f"ingest-{fresh // 2}"
            body = {"id": comment_id, "text": sent[comment_id], "thread_id": "ingest"}
        else:
            comment_id = f"ingest-{fresh}"
            sent[comment_id] = texts[fresh]
            body = {"id": comment_id, "text": texts[fresh], "thread_id": "ingest"}
            fresh += 1
        requests.append(("POST", "/v1/comments", body))
    return requests, sent


def check_ingested(db_url: str, sent: dict[str, str], acknowledged: set[str]) -> dict[str, Any]:
    """Stored rows against what was sent and what the server acknowledged (200/201)."""
    from sqlalchemy import select

    from claimcheck.service.db import Database
    from claimcheck.service.tables import comments

    database = Database(db_url)
    try:
        with database.engine.connect() as conn:
            rows = conn.execute(
                select(comments.c.comment_id, comments.c.text).where(
                    comments.c.thread_id == "ingest"
                )
            ).all()
    finally:
        database.dispose()
    per_id = Counter(row.comment_id for row in rows)
    wrong = sum(1 for row in rows if sent.get(row.comment_id) != row.text)
    return {
        "distinct_comments_sent": len(sent),
        "stored_rows": len(rows),
        "duplicates": sum(1 for n in per_id.values() if n > 1),
        "missing": len(set(sent) - set(per_id)),
        "acknowledged_but_missing": len(acknowledged - set(per_id)),
        "wrong_text": wrong,
        "exactly_once": len(rows) == len(sent) and set(per_id) == set(sent) and not wrong,
    }


# --- 2. moderators ------------------------------------------------------------------------------


async def moderators(url: str, tokens: list[str]) -> dict[str, Any]:
    """Each moderator pages through the thread and decides every item it sees (no version)."""
    won: list[tuple[str, str]] = []
    statuses: Counter[int] = Counter()
    failures: list[str] = []

    async def moderator(n: int, token: str) -> None:
        rng = random.Random(n)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60.0) as client:
            while True:
                page = await client.get(
                    "/v1/queue", params={"state": "undecided", "thread_id": "moderated"}
                )
                items = page.json()["items"]
                if not items:
                    return
                rng.shuffle(items)
                for item in items[:10]:
                    choice = rng.choice(["approve", "remove", "relabel"])
                    body: dict[str, Any] = {"action": choice, "moderator": f"moderator-{n}"}
                    if choice == "relabel":
                        body["label"] = rng.choice(["spam", "opinion", "testimonial"])
                    try:
                        response = await client.post(
                            f"/v1/comments/{item['id']}/decision", json=body
                        )
                    except httpx.HTTPError as exc:
                        failures.append(type(exc).__name__)
                        continue
                    statuses[response.status_code] += 1
                    if response.status_code == 200:
                        won.append((item["id"], f"moderator-{n}"))

    started = time.perf_counter()
    await asyncio.gather(*(moderator(n, token) for n, token in enumerate(tokens)))
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "transport_failures": len(failures),
        "won": won,
    }


def check_decided(db_url: str, won: list[tuple[str, str]], ids: list[str]) -> dict[str, Any]:
    from sqlalchemy import select

    from claimcheck.service.db import Database
    from claimcheck.service.tables import comments, decisions

    database = Database(db_url)
    try:
        with database.engine.connect() as conn:
            rows = conn.execute(
                select(decisions.c.comment_id, decisions.c.moderator).where(
                    decisions.c.comment_id.in_(ids)
                )
            ).all()
            states = Counter(
                row.state
                for row in conn.execute(
                    select(comments.c.state).where(comments.c.thread_id == "moderated")
                )
            )
    finally:
        database.dispose()
    per_comment = Counter(row.comment_id for row in rows)
    stored = {(row.comment_id, row.moderator) for row in rows}
    return {
        "comments": len(ids),
        "decision_rows": len(rows),
        "decided_exactly_once": all(per_comment[i] == 1 for i in ids) and len(rows) == len(ids),
        "answered_200": len(won),
        "lost_decisions": len(set(won) - stored),
        "rows_without_a_200": len(stored - set(won)),
        "states_after": dict(states),
    }


# --- 3. the queue page over 100,000 comments ----------------------------------------------------


def fill(db_url: str, texts: list[str], target: int) -> dict[str, Any]:
    """Store comments until the table holds `target`: real predictions, written in bulk."""
    from sqlalchemy import func, insert, select

    from claimcheck import load_model
    from claimcheck.service.db import Database
    from claimcheck.service.queue import Policy
    from claimcheck.service.queue_store import IncomingComment, prediction_row
    from claimcheck.service.settings import ServiceSettings
    from claimcheck.service.tables import comments

    started = time.perf_counter()
    classifier = load_model()
    predictions = classifier.predict(texts)
    predict_s = time.perf_counter() - started
    defaults = ServiceSettings.model_construct()
    policy = Policy(defaults.hold_spam_at, defaults.pass_at)
    database = Database(db_url)
    now = datetime.now(UTC)
    try:
        with database.engine.connect() as conn:
            have = conn.execute(select(func.count()).select_from(comments)).scalar_one()
        rows = []
        for n in range(target - have):
            text = texts[n % len(texts)]
            item = IncomingComment(id=f"fill-{n}", text=text, thread_id=f"thread-{n % 2000}")
            rows.append(
                prediction_row(
                    item, predictions[n % len(texts)], classifier.version, policy, None, now
                )
            )
        for start in range(0, len(rows), 5_000):
            with database.engine.begin() as conn:
                conn.execute(insert(comments), rows[start : start + 5_000])
        with database.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(comments)).scalar_one()
    finally:
        database.dispose()
    return {
        "distinct_texts": len(texts),
        "written": len(rows),
        "stored_total": total,
        "predict_seconds": round(predict_s, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }


def explain(db_url: str) -> dict[str, str]:
    """The plan of a queue page (first page, and after a cursor) at the stored size."""
    from claimcheck.service.db import Database
    from claimcheck.service.queue import Cursor, filters_key
    from claimcheck.service.queue_store import QueueStore

    database = Database(db_url)
    plans = {}
    try:
        store = QueueStore(database)
        cursor = store.page(state="open", limit=50).next_cursor
        after = Cursor.decode(cursor or "", filters_key("open", None, None)) if cursor else None
        for name, query in {
            "first_page": store.queue_query(state="open", limit=51),
            "after_cursor": store.queue_query(state="open", limit=51, after=after),
            "thread": store.queue_query(state="open", thread_id="thread-7", limit=51),
        }.items():
            sql = str(query.compile(database.engine, compile_kwargs={"literal_binds": True}))
            with database.engine.connect() as conn:
                if database.dialect == "sqlite":
                    rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
                    plans[name] = " | ".join(str(row[-1]) for row in rows)
                else:
                    rows = conn.exec_driver_sql(f"EXPLAIN {sql}").all()
                    plans[name] = " | ".join(str(row[0]).strip() for row in rows)
    finally:
        database.dispose()
    return plans


async def read_queue(url: str, token: str, rate: float, seconds: float) -> dict[str, Any]:
    """Open-loop queue reads: first pages, cursor chains, filtered pages."""
    rng = random.Random(3)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30.0) as client:
        cursors = []
        cursor = None
        for _ in range(40):  # a chain of cursors (off the clock) to follow under load
            params = {"state": "all", "limit": 50}
            if cursor:
                params["cursor"] = cursor
            page = (await client.get("/v1/queue", params=params)).json()
            cursor = page["next_cursor"]
            cursors.append(cursor)
    requests: list[tuple[str, str, Any]] = []
    kinds: Counter[str] = Counter()
    for _ in range(int(rate * seconds)):
        roll = rng.random()
        if roll < 0.4:
            kind, path = "first_page", "/v1/queue?limit=50"
        elif roll < 0.7:
            kind, path = "cursor", f"/v1/queue?state=all&limit=50&cursor={rng.choice(cursors)}"
        elif roll < 0.85:
            label = rng.choice(["spam", "opinion", "testimonial", "evidence_citation"])
            kind, path = "label", f"/v1/queue?limit=50&label={label}"
        else:
            kind, path = (
                "thread",
                f"/v1/queue?state=all&limit=50&thread_id=thread-{rng.randrange(2000)}",
            )
        kinds[kind] += 1
        requests.append(("GET", path, None))
    stats, _ = await open_loop(url, requests, rate, headers)
    return {**stats.summary(), "mix": dict(kinds), "target_p99_ms": P99_TARGET_MS}


# --- the run ------------------------------------------------------------------------------------


def run_queue_scenarios(*, quick: bool, db: str | None, save: bool) -> dict[str, Any]:
    from claimcheck.service.db import Database

    ingest_seconds = 10.0 if quick else 60.0
    read_seconds = 10.0 if quick else 30.0
    target = 20_000 if quick else STORED_TARGET
    n_ingest = int(INGEST_RATE * ingest_seconds)
    load_start = [round(x, 2) for x in os.getloadavg()]
    texts = load_texts(WARM_UP_REQUESTS + 2 * n_ingest + MODERATED + FILL_DISTINCT)
    warm = texts[:WARM_UP_REQUESTS]
    baseline_texts = texts[WARM_UP_REQUESTS : WARM_UP_REQUESTS + n_ingest]
    ingest_texts = texts[WARM_UP_REQUESTS + n_ingest : WARM_UP_REQUESTS + 2 * n_ingest]
    rest = texts[WARM_UP_REQUESTS + 2 * n_ingest :]
    moderated_texts, fill_texts = rest[:MODERATED], rest[MODERATED:]
    with tempfile.TemporaryDirectory(prefix="claimcheck-queue-load-") as tmp:
        workdir = Path(tmp)
        db_url = db or f"sqlite:///{workdir / 'queue.db'}"
        setup = Database(db_url)
        setup.upgrade(create=True)
        token = setup.create_key("ingest")[1]
        moderator_tokens = [setup.create_key(f"moderator-{n}")[1] for n in range(MODERATORS)]
        setup.dispose()
        server = Server(db_url, workdir)
        auth = {"Authorization": f"Bearer {token}"}
        try:
            startup = server.wait_ready()
            print(f"server ready in {startup:.1f} s on {server.url}", flush=True)
            asyncio.run(warm_up(server.url, warm))
            print(
                f"1a. baseline: classify {INGEST_RATE:.0f}/s for {ingest_seconds:.0f} s", flush=True
            )
            classify = [
                ("POST", "/v1/classify", {"text": t, "id": i}) for i, t in enumerate(baseline_texts)
            ]
            base, _ = asyncio.run(open_loop(server.url, classify, INGEST_RATE, {}))
            baseline = base.summary()
            print(f"    {baseline}", flush=True)
            print(f"1b. ingest {INGEST_RATE:.0f}/s for {ingest_seconds:.0f} s", flush=True)
            requests, sent = ingest_requests(ingest_texts)
            stats, statuses = asyncio.run(open_loop(server.url, requests, INGEST_RATE, auth))
            ingest = {**stats.summary(), "statuses": dict(Counter(map(str, statuses)))}
            acknowledged = {
                body["id"]
                for (_, _, body), status in zip(requests, statuses, strict=True)
                if status in (200, 201)
            }
            ingest.update(check_ingested(db_url, sent, acknowledged))
            ingest["target_p99_ms"] = P99_TARGET_MS
            ingest["p99_ratio_to_classify"] = round(ingest["p99_ms"] / baseline["p99_ms"], 2)
            ingest["p50_ratio_to_classify"] = round(ingest["p50_ms"] / baseline["p50_ms"], 2)
            print(f"    {ingest}", flush=True)
            print(f"2. {MODERATORS} moderators x {MODERATED} comments", flush=True)
            ids = [f"mod-{i}" for i in range(MODERATED)]
            with httpx.Client(base_url=server.url, headers=auth, timeout=120) as client:
                for start in range(0, MODERATED, 100):
                    batch = [
                        {"id": ids[i], "text": moderated_texts[i], "thread_id": "moderated"}
                        for i in range(start, start + 100)
                    ]
                    response = client.post("/v1/comments", json={"comments": batch})
                    response.raise_for_status()
            storm = asyncio.run(moderators(server.url, moderator_tokens))
            won = storm.pop("won")
            decided = {**storm, **check_decided(db_url, won, ids)}
            print(f"    {decided}", flush=True)
            print(f"3. fill to {target:,} stored comments", flush=True)
            filled = fill(db_url, fill_texts, target)
            print(f"    {filled}", flush=True)
            plans = explain(db_url)
            print(f"    plans: {plans}", flush=True)
            reads = asyncio.run(read_queue(server.url, token, READ_RATE, read_seconds))
            print(f"    {reads}", flush=True)
        finally:
            server.stop()
    result = {
        "quick": quick,
        "load_average": {"start": load_start, "end": [round(x, 2) for x in os.getloadavg()]},
        "database": "sqlite" if db is None else db.split(":", 1)[0],
        "server_startup_seconds": round(startup, 1),
        "classify_baseline": baseline,
        "ingest": ingest,
        "moderators": {"moderators": MODERATORS, **decided},
        "queue_page": {"stored": filled, "plans": plans, **reads},
    }
    print_summary(result)
    if save:
        name = "service_queue_quick" if quick else "service_queue"
        print(f"wrote {save_result(name, result)}")
    return result


def print_summary(result: dict[str, Any]) -> None:
    ingest, moderated, page = result["ingest"], result["moderators"], result["queue_page"]
    base = result["classify_baseline"]
    print(
        f"ingest {ingest['target_rate']:.0f}/s: p50 {ingest['p50_ms']} ms, "
        f"p99 {ingest['p99_ms']} ms (classify alone p99 {base['p99_ms']} ms), "
        f"errors {ingest['errors']}, exactly once: {ingest['exactly_once']}"
    )
    print(
        f"moderators: {moderated['statuses']}, decided exactly once: "
        f"{moderated['decided_exactly_once']}, lost: {moderated['lost_decisions']}"
    )
    print(
        f"queue page over {page['stored']['stored_total']:,} comments: p50 {page['p50_ms']} ms, "
        f"p99 {page['p99_ms']} ms, errors {page['errors']}"
    )
