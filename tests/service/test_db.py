"""The feedback store on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.exceptions import InputError, StoreError
from claimcheck.service.db import (
    DB_URL_ENV,
    DEFAULT_DB_URL,
    Database,
    FeedbackIn,
    FeedbackRecord,
    WriteOutcome,
    default_db_url,
)
from claimcheck.types import Label

TRICKY_TEXTS = [
    "Robert'); DROP TABLE feedback;--",
    "' OR '1'='1' -- and \" OR \"\"=\" ; SELECT * FROM api_keys; /* */",
    "My neurologist laughed 😂🙄 but the stents worked 💉✨ #blessed",
    "זה עבד לי אחרי שלושה חודשים, ممتاز جدا 👍",
    "Zalgo t̴̢͓e̷x̵t̸ and a zero\u200bwidth space, a BOM \ufeff and tabs\tand\r\nCRLF",
    "percent %s %(name)s %% and backslashes \\n \\x00 {0} $1 ?",
    "line one\n\n  indented line two  \n",
]


def _item(n: int, **overrides: object) -> FeedbackIn:
    fields: dict[str, object] = {
        "text": f"Comment number {n}: my GP recommended the magnesium and it helped.",
        "label": Label.TESTIMONIAL,
        "author": "mod-ana",
    }
    fields.update(overrides)
    return FeedbackIn(**fields)  # type: ignore[arg-type]


# --- round trips ----------------------------------------------------------------------------


def test_round_trip_keeps_every_field(any_database: Database) -> None:
    key, _ = any_database.create_key("forum-bot")
    item = FeedbackIn(
        text="Petrov et al. 2011 found restenosis in half the patients.",
        label=Label.EVIDENCE_CITATION,
        author="mod-ben",
        comment_id="disqus-4471",
        reason="names a paper and a year",
        predicted_label="opinion",
        model_version="0.1.0+abc123",
        request_id="req-1",
    )
    before = datetime.now(UTC)
    stored = any_database.add_feedback(item, key_id=key.key_id)
    after = datetime.now(UTC)
    assert isinstance(stored, FeedbackRecord)
    assert stored.id >= 1
    assert (stored.text, stored.label, stored.author) == (item.text, "evidence_citation", "mod-ben")
    assert stored.comment_id == "disqus-4471"
    assert stored.reason == "names a paper and a year"
    assert stored.predicted_label == "opinion"
    assert stored.model_version == "0.1.0+abc123"
    assert stored.request_id == "req-1"
    assert stored.key_id == key.key_id
    assert stored.created_at.tzinfo is not None
    assert before - timedelta(seconds=1) <= stored.created_at <= after + timedelta(seconds=1)
    [listed] = any_database.list_feedback()
    assert listed == stored
    assert any_database.get_feedback(stored.id) == stored
    assert any_database.get_feedback(stored.id + 1000) is None


def test_to_dict_is_json_ready_with_utc_timestamp(database: Database) -> None:
    stored = database.add_feedback(_item(1))
    data = stored.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["label"] == "testimonial"
    parsed = datetime.fromisoformat(data["created_at"])
    assert parsed.utcoffset() == timedelta(0)
    assert parsed == stored.created_at


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_injection_emoji_and_rtl_text_round_trip_verbatim(
    any_database: Database, text: str
) -> None:
    stored = any_database.add_feedback(
        _item(0, text=text, author=text[:50].strip() or "x", reason=text)
    )
    [again] = any_database.list_feedback()
    assert again.text == text
    assert again.reason == text
    assert again == stored
    # The tables are intact after the injection-shaped values.
    assert any_database.count_feedback() == 1
    assert {"feedback", "api_keys"} <= set(any_database.table_names())


# --- filters and paging ---------------------------------------------------------------------


def test_filters_and_paging(any_database: Database) -> None:
    labels = [Label.SPAM, Label.OPINION, Label.TESTIMONIAL]
    for n in range(12):
        any_database.add_feedback(_item(n, label=labels[n % 3], author="ana" if n % 2 else "ben"))
    assert any_database.count_feedback() == 12
    assert any_database.count_feedback(label=Label.SPAM) == 4
    assert any_database.count_feedback(author="ana") == 6
    assert any_database.count_feedback(label=Label.SPAM, author="ana") == 2
    assert any_database.count_feedback(label="opinion") == 4  # type: ignore[arg-type]

    first = any_database.list_feedback(limit=5)
    second = any_database.list_feedback(limit=5, offset=5)
    third = any_database.list_feedback(limit=5, offset=10)
    assert [len(first), len(second), len(third)] == [5, 5, 2]
    ids = [r.id for r in first + second + third]
    assert ids == sorted(ids, reverse=True)  # newest first
    assert len(set(ids)) == 12
    assert any_database.list_feedback(offset=12) == []

    spam = any_database.list_feedback(label=Label.SPAM)
    assert {r.label for r in spam} == {"spam"}
    assert [r.author for r in any_database.list_feedback(author="ben")] == ["ben"] * 6

    exported = list(any_database.iter_feedback())
    assert [r.id for r in exported] == sorted(ids)  # oldest first
    assert list(any_database.iter_feedback(label=Label.OPINION, author="ana")) == [
        r for r in exported if r.label == "opinion" and r.author == "ana"
    ]


def test_since_filter_is_inclusive_and_timezone_safe(any_database: Database) -> None:
    old = any_database.add_feedback(_item(1))
    time.sleep(0.05)
    new = any_database.add_feedback(_item(2))
    assert [r.id for r in any_database.list_feedback(since=new.created_at)] == [new.id]
    assert any_database.count_feedback(since=old.created_at) == 2
    # The same instant in another zone selects the same rows.
    plus_two = new.created_at.astimezone(timezone_plus_two())
    assert [r.id for r in any_database.list_feedback(since=plus_two)] == [new.id]
    # A naive datetime is read as UTC.
    naive = new.created_at.replace(tzinfo=None)
    assert [r.id for r in any_database.list_feedback(since=naive)] == [new.id]
    future = datetime.now(UTC) + timedelta(days=1)
    assert any_database.count_feedback(since=future) == 0
    assert list(any_database.iter_feedback(since=future)) == []


def timezone_plus_two() -> timezone:
    return timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"offset": -1}, "offset"),
        ({"label": "rant"}, "unknown label"),
        ({"since": "yesterday"}, "since"),
    ],
)
def test_bad_list_arguments_are_input_errors(
    database: Database, kwargs: dict[str, object], match: str
) -> None:
    with pytest.raises(InputError, match=match):
        database.list_feedback(**kwargs)  # type: ignore[arg-type]


# --- idempotency and concurrency ------------------------------------------------------------


def test_same_request_id_returns_the_first_row(any_database: Database) -> None:
    first, outcome = any_database.record_feedback(_item(1, request_id="retry-me"))
    again, outcome_again = any_database.record_feedback(_item(1, request_id="retry-me"))
    assert (outcome, outcome_again) == (WriteOutcome.CREATED, WriteOutcome.REPLAYED)
    # A retry with a changed body still maps to the first stored row (first write wins),
    # and the store says it is a conflict, not a replay.
    changed, outcome_changed = any_database.record_feedback(
        _item(2, label=Label.SPAM, request_id="retry-me")
    )
    assert outcome_changed is WriteOutcome.CONFLICT
    assert any_database.add_feedback(_item(1, reason="other", request_id="retry-me")) == first
    assert first == again == changed
    assert any_database.count_feedback() == 1
    other = any_database.add_feedback(_item(1, request_id="another"))
    assert other.id != first.id
    # Without a request_id every call is a new correction.
    any_database.add_feedback(_item(3))
    any_database.add_feedback(_item(3))
    assert any_database.count_feedback() == 4


@pytest.mark.slow
def test_1000_concurrent_writes_from_20_threads_are_stored_exactly_once(
    any_database: Database,
) -> None:
    """Every correction sent twice (a client retry) by different threads; one row each."""
    n_items, n_threads = 1_000, 20
    items = [_item(n, request_id=f"req-{n:04d}") for n in range(n_items)]
    calls = items + items[::-1]
    start = threading.Barrier(n_threads)

    def worker(offset: int) -> list[tuple[FeedbackRecord, WriteOutcome]]:
        start.wait()
        return [any_database.record_feedback(item) for item in calls[offset::n_threads]]

    with ThreadPoolExecutor(n_threads) as pool:
        outcomes = [r for batch in pool.map(worker, range(n_threads)) for r in batch]
    assert len(outcomes) == 2 * n_items
    # Exactly one call per request_id reports that it stored the row; the other is a replay.
    kinds = Counter(outcome for _, outcome in outcomes)
    assert kinds == {WriteOutcome.CREATED: n_items, WriteOutcome.REPLAYED: n_items}
    results = [record for record, _ in outcomes]
    stored = list(any_database.iter_feedback())
    assert len(stored) == n_items
    assert Counter(r.request_id for r in stored) == Counter(f"req-{n:04d}" for n in range(n_items))
    by_request = {r.request_id: r for r in stored}
    # Both calls for one request_id got the same row back, and it holds that item's text.
    for record in results:
        assert by_request[record.request_id] == record
    assert all(by_request[i.request_id].text == i.text for i in items)


def test_racing_writes_with_one_request_id_one_created_others_replay_or_conflict(
    any_database: Database,
) -> None:
    """16 threads, one request_id, two different bodies: the store decides who won."""
    bodies = [_item(1, request_id="shared"), _item(2, label=Label.SPAM, request_id="shared")]
    start = threading.Barrier(16)

    def send(n: int) -> tuple[int, FeedbackRecord, WriteOutcome]:
        start.wait()
        return (n % 2, *any_database.record_feedback(bodies[n % 2]))

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(send, range(16)))
    [stored] = any_database.list_feedback()
    assert Counter(outcome for _, _, outcome in results)[WriteOutcome.CREATED] == 1
    [winner] = [body for body, _, outcome in results if outcome is WriteOutcome.CREATED]
    assert stored.text == bodies[winner].text
    for body, record, outcome in results:
        assert record == stored
        if outcome is not WriteOutcome.CREATED:
            expected = WriteOutcome.REPLAYED if body == winner else WriteOutcome.CONFLICT
            assert outcome is expected


def test_a_retry_from_another_key_is_a_conflict(any_database: Database) -> None:
    one, _ = any_database.create_key("one")
    two, _ = any_database.create_key("two")
    any_database.record_feedback(_item(1, request_id="r"), key_id=one.key_id)
    assert any_database.record_feedback(_item(1, request_id="r"), key_id=two.key_id)[1] is (
        WriteOutcome.CONFLICT
    )


# --- restarts and failures ------------------------------------------------------------------

WRITER = """
import sys
from claimcheck.service.db import Database, FeedbackIn

db = Database(sys.argv[1])
start, stop = int(sys.argv[2]), int(sys.argv[3])
for n in range(start, stop):
    db.add_feedback(FeedbackIn(text=f"Comment {n} from another process", label="opinion",
                               author="proc", request_id=f"p-{n}"))
db.dispose()
"""


@pytest.mark.slow
def test_two_processes_share_one_sqlite_file(database: Database) -> None:
    """Two writer processes (e.g. two service workers) with overlapping request_ids."""
    import subprocess
    import sys

    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, database.url, str(a), str(b)])
        for a, b in [(0, 300), (150, 450)]
    ]
    assert [p.wait(timeout=180) for p in procs] == [0, 0]
    stored = list(database.iter_feedback())
    assert sorted(r.request_id or "" for r in stored) == sorted(f"p-{n}" for n in range(450))


def test_postgres_connections_dropped_by_the_server_are_replaced(postgres_url: str) -> None:
    """A restarted or failed-over server kills pooled connections; the next call reconnects."""
    from sqlalchemy import create_engine, text

    db = Database(postgres_url)
    db.upgrade(create=True)
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        first = db.add_feedback(_item(1))
        with admin.connect() as conn:
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).scalar_one()
        assert killed >= 1  # the store's pooled connection was among them
        second = db.add_feedback(_item(2))
        assert [r.id for r in db.iter_feedback()] == [first.id, second.id]
    finally:
        admin.dispose()
        db.dispose()


def test_data_survives_dispose_and_reopen(any_database_url: str) -> None:
    db = Database(any_database_url)
    db.upgrade(create=True)
    key, token = db.create_key("moderation page")
    written = [db.add_feedback(_item(n, request_id=f"r{n}"), key_id=key.key_id) for n in range(5)]
    db.dispose()

    reopened = Database(any_database_url)
    try:
        reopened.check_schema()
        assert list(reopened.iter_feedback()) == written
        assert reopened.verify_key(token) == key
        # The idempotency keys survive too: a retry after the restart is not a new row.
        assert reopened.add_feedback(_item(0, request_id="r0")) == written[0]
        assert reopened.count_feedback() == 5
    finally:
        reopened.dispose()


def test_in_memory_sqlite_works_within_one_database_object() -> None:
    db = Database("sqlite://")
    try:
        db.upgrade(create=True)
        db.check_schema()
        stored = db.add_feedback(_item(1))
        assert db.list_feedback() == [stored]
    finally:
        db.dispose()


def test_sqlite_file_uses_wal_and_foreign_keys(database: Database) -> None:
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_unknown_key_id_is_refused(any_database: Database) -> None:
    with pytest.raises(InputError, match="unknown key_id 'feedfacecafe'"):
        any_database.add_feedback(_item(1), key_id="feedfacecafe")
    assert any_database.count_feedback() == 0


def test_unmigrated_database_gives_a_store_error_naming_the_fix(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    try:
        with pytest.raises(StoreError, match="claimcheck db upgrade"):
            db.add_feedback(_item(1))
        with pytest.raises(StoreError, match="claimcheck db upgrade"):
            db.list_feedback()
    finally:
        db.dispose()


def test_bad_urls_are_typed_errors(tmp_path) -> None:
    with pytest.raises(InputError, match="not a database URL"):
        Database("definitely not a url")
    with pytest.raises(StoreError, match="cannot use database"):
        Database("nosuchdialect://host/db")
    missing_dir = Database(f"sqlite:///{tmp_path / 'absent' / 'x.db'}")
    with pytest.raises(StoreError, match="does not exist"):
        missing_dir.upgrade()


def test_unreachable_postgres_is_a_store_error_without_password() -> None:
    db = Database("postgresql+psycopg://user:s3cret@127.0.0.1:1/nowhere?connect_timeout=2")
    try:
        with pytest.raises(StoreError) as info:
            db.check_schema()
        assert "s3cret" not in str(info.value)
        assert "127.0.0.1" in str(info.value)
    finally:
        db.dispose()


def test_default_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DB_URL_ENV, raising=False)
    assert default_db_url() == DEFAULT_DB_URL == "sqlite:///claimcheck.db"
    monkeypatch.setenv(DB_URL_ENV, "postgresql+psycopg://u@h/db")
    assert default_db_url() == "postgresql+psycopg://u@h/db"


# --- validation -----------------------------------------------------------------------------


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    text=st.text(max_size=300),
    label=st.one_of(st.sampled_from([lab.value for lab in Label]), st.text(max_size=12)),
    author=st.text(max_size=40),
    reason=st.text(max_size=80),
)
def test_any_input_is_stored_verbatim_or_refused_with_input_error(
    database: Database, text: str, label: str, author: str, reason: str
) -> None:
    try:
        item = FeedbackIn(text=text, label=label, author=author, reason=reason)  # type: ignore[arg-type]
    except InputError:
        assert (
            not text.strip()
            or not author.strip()
            or label not in {lab.value for lab in Label}
            or any(
                "\x00" in s or any(0xD800 <= ord(c) <= 0xDFFF for c in s)
                for s in (text, author, reason)
            )
        )
        return
    stored = database.add_feedback(item)
    assert database.get_feedback(stored.id) == stored
    assert (stored.text, stored.label, stored.author, stored.reason) == (
        text,
        label,
        author,
        reason,
    )
