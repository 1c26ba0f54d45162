"""The queue store on a real SQLite file and a real PostgreSQL database: ingest exactly once,
review order and keyset paging, conditional decisions (first wins), history, undo, feedback,
and an index that serves the queue's order (EXPLAIN)."""

from __future__ import annotations

import random
import threading
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import text

from claimcheck.exceptions import InputError
from claimcheck.service.db import Database
from claimcheck.service.queue import Bucket, Policy, State
from claimcheck.service.queue_store import (
    DecisionOutcome,
    IncomingComment,
    IngestOutcome,
    QueueStore,
    prediction_row,
)
from claimcheck.types import Label, Prediction

POLICY = Policy(hold_spam_at=0.9, pass_at=0.9)


def prediction(label: str | None, confidence: float, flags: tuple[str, ...] = ()) -> Prediction:
    """A prediction with `confidence` on `label` and the rest spread over the others."""
    others = [lab.value for lab in Label if lab.value != label]
    probabilities = {lab: (1 - confidence) / len(others) for lab in others}
    if label is not None:
        probabilities[label] = confidence
    return Prediction(
        label=Label(label) if label is not None else None,
        probabilities=probabilities,
        flags=frozenset(flags),
    )


def ingest(store: QueueStore, items: list[tuple[str, str, Prediction]], **extra: Any) -> list[Any]:
    incoming = [IncomingComment(id=cid, text=body, **extra) for cid, body, _ in items]
    now = __import__("datetime").datetime.now(__import__("datetime").UTC)
    rows = [
        prediction_row(item, pred, "v-test", POLICY, None, now)
        for item, (_, _, pred) in zip(incoming, items, strict=True)
    ]
    return store.store(rows, incoming)


@pytest.fixture
def store(any_database: Database) -> QueueStore:
    return QueueStore(any_database)


def test_policy_states_and_buckets() -> None:
    assert POLICY.classify(prediction("spam", 0.95)) is State.HELD
    assert POLICY.classify(prediction("spam", 0.7)) is State.PENDING
    assert POLICY.classify(prediction("opinion", 0.95)) is State.PASSED
    assert POLICY.classify(prediction("opinion", 0.8)) is State.PENDING
    assert POLICY.classify(prediction("opinion", 0.95, ("non_english",))) is State.PENDING
    assert POLICY.classify(prediction(None, 0.0, ("empty",))) is State.PENDING
    with pytest.raises(InputError, match="pass_at must be in"):
        Policy(0.9, 0.0)


def test_ingest_is_exactly_once_and_refuses_another_text(store: QueueStore) -> None:
    first = ingest(store, [("c1", "Had it done in 2010.", prediction("testimonial", 0.8))])
    assert [outcome for _, outcome in first] == [IngestOutcome.CREATED]
    again = ingest(store, [("c1", "Had it done in 2010.", prediction("testimonial", 0.8))])
    assert [outcome for _, outcome in again] == [IngestOutcome.EXISTING]
    clash = ingest(
        store,
        [("c2", "new one", prediction("opinion", 0.5)), ("c1", "edited", prediction("spam", 1))],
    )
    assert [outcome for _, outcome in clash] == [IngestOutcome.CREATED, IngestOutcome.CONFLICT]
    # all or nothing: c2 was rolled back with the conflicting c1
    assert store.get("c2") is None
    stored = store.get("c1")
    assert stored is not None and stored.text == "Had it done in 2010." and stored.version == 1
    assert store.counts()["pending"] == 1


def test_racing_ingest_of_one_id_stores_it_once(store: QueueStore) -> None:
    barrier = threading.Barrier(8)
    outcomes: list[IngestOutcome] = []

    def send() -> None:
        barrier.wait()
        outcomes.extend(o for _, o in ingest(store, [("same", "t", prediction("opinion", 0.5))]))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(outcomes) == {IngestOutcome.CREATED: 1, IngestOutcome.EXISTING: 7}


def test_queue_order_and_keyset_paging_with_inserts(store: QueueStore) -> None:
    rng = random.Random(7)
    items = []
    for i in range(60):
        label = rng.choice(["spam", "opinion", "testimonial"])
        flags = ("needs_review",) if i % 5 == 0 else ()
        items.append((f"c{i:03d}", f"text {i}", prediction(label, rng.uniform(0.3, 0.99), flags)))
    ingest(store, items, thread_id="t1")
    everything = store.page(state="open", limit=500).items
    keys = [(r.priority, r.score, r.row_id) for r in everything]
    assert keys == sorted(keys)
    assert {r.state for r in everything} <= {"held", "pending"}
    assert everything[0].priority == Bucket.HELD
    # page by 7 while new comments arrive (some ahead of the cursor, some behind)
    seen: list[str] = []
    cursor = None
    extra = 0
    while True:
        page = store.page(state="open", limit=7, cursor=cursor)
        seen.extend(r.id for r in page.items)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
        ingest(store, [(f"late{extra}", "late", prediction("opinion", rng.uniform(0.3, 0.8)))])
        extra += 1
    assert len(seen) == len(set(seen)), "an item was repeated"
    assert {r.id for r in everything} <= set(seen), "an item stored before paging was skipped"
    # filters: thread and label, and a cursor cannot be reused with other filters
    spam = store.page(state="open", label="spam", limit=500).items
    assert spam and all(r.label == "spam" for r in spam)
    first = store.page(state="open", thread_id="t1", limit=3)
    assert all(r.thread_id == "t1" for r in first.items)
    assert first.next_cursor is not None
    with pytest.raises(InputError, match="other filters"):
        store.page(state="open", limit=3, cursor=first.next_cursor)
    with pytest.raises(InputError, match="cursor is not valid"):
        store.page(state="open", limit=3, cursor="not-a-cursor")


def test_decisions_first_wins_history_feedback_and_undo(
    store: QueueStore, any_database: Database
) -> None:
    ingest(store, [("c1", "Buy cheap pills at example dot com", prediction("opinion", 0.7))])
    done = store.decide("c1", "relabel", label="spam", moderator="Ana", key_id=None, reason="ad")
    assert done.outcome is DecisionOutcome.DECIDED
    assert done.comment is not None and done.comment.state == "removed"
    assert done.comment.label == "spam" and done.comment.version == 2
    assert done.decision is not None and done.decision.feedback_id is not None
    (fb,) = any_database.list_feedback()
    assert (fb.label, fb.author, fb.comment_id, fb.predicted_label) == (
        "spam",
        "Ana",
        "c1",
        "opinion",
    )
    assert fb.reason == "ad"
    # a second decision without version: already decided -> conflict with the current state
    late = store.decide("c1", "approve", moderator="Ben", key_id=None)
    assert late.outcome is DecisionOutcome.CONFLICT
    assert late.comment is not None and late.comment.state == "removed"
    # with a stale version: conflict; with the current one: applies
    assert store.decide("c1", "approve", moderator="B", key_id=None, version=1).outcome is (
        DecisionOutcome.CONFLICT
    )
    # undo: restores pending/opinion, withdraws the feedback, history keeps all
    undo = store.decide("c1", "undo", moderator="Ana", key_id=None, version=2)
    assert undo.outcome is DecisionOutcome.DECIDED
    assert undo.comment is not None
    assert (undo.comment.state, undo.comment.label, undo.comment.version) == (
        "pending",
        "opinion",
        3,
    )
    assert any_database.list_feedback() == []
    again = store.decide("c1", "undo", moderator="Ana", key_id=None)
    assert again.outcome is DecisionOutcome.NOTHING_TO_UNDO
    history = store.history("c1")
    assert [d.action for d in history] == ["relabel", "undo"]
    assert history[0].undone_by == history[1].id and history[1].undoes == history[0].id
    assert store.decide("nope", "approve", moderator="A", key_id=None).outcome is (
        DecisionOutcome.NOT_FOUND
    )
    with pytest.raises(InputError, match="relabel needs a label"):
        store.decide("c1", "relabel", moderator="A", key_id=None)


def test_racing_moderators_one_decision_each(store: QueueStore) -> None:
    ingest(store, [(f"c{i}", f"text {i}", prediction("opinion", 0.6)) for i in range(20)])
    barrier = threading.Barrier(6)
    results: list[tuple[str, DecisionOutcome]] = []
    lock = threading.Lock()

    def moderator(n: int) -> None:
        barrier.wait()
        for i in range(20):
            action = "approve" if n % 2 else "remove"
            done = store.decide(f"c{i}", action, moderator=f"m{n}", key_id=None)
            with lock:
                results.append((f"c{i}", done.outcome))

    threads = [threading.Thread(target=moderator, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wins = Counter(cid for cid, outcome in results if outcome is DecisionOutcome.DECIDED)
    assert wins == {f"c{i}": 1 for i in range(20)}
    assert Counter(o for _, o in results)[DecisionOutcome.CONFLICT] == 100
    for i in range(20):
        (decision,) = store.history(f"c{i}")
        stored = store.get(f"c{i}")
        assert stored is not None and stored.state == decision.to_state and stored.version == 2
    assert len(list(store.iter_decisions())) == 20


def test_queue_order_is_served_by_an_index(store: QueueStore, any_database: Database) -> None:
    ingest(store, [(f"c{i}", "t", prediction("opinion", 0.5 + i / 100)) for i in range(30)])
    page = store.page(state="open", limit=5)
    from claimcheck.service.queue import Cursor, filters_key

    after = Cursor.decode(page.next_cursor or "", filters_key("open", None, None))
    for kwargs, index in [
        ({}, "ix_comments_queue"),
        ({"thread_id": "t"}, "ix_comments_thread_queue"),
        ({"label": "spam"}, "ix_comments_label_queue"),
    ]:
        query = store.queue_query(state="open", limit=51, after=after, **kwargs)  # type: ignore[arg-type]
        compiled = query.compile(any_database.engine, compile_kwargs={"literal_binds": True})
        with any_database.engine.connect() as conn:
            if any_database.dialect == "sqlite":
                plan = " ".join(
                    str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
                )
                assert index in plan, plan
                assert "TEMP B-TREE" not in plan, plan  # no sort: the index gives the order
                # the cursor bounds the index search (not a filter over every earlier row)
                assert "(priority,score)>(?,?)" in plan, plan
            else:
                # a 30-row table is cheaper to sort than to walk: take those choices away,
                # so the plan shows whether the index can serve the order at all
                for choice in ("seqscan", "bitmapscan", "sort"):
                    conn.execute(text(f"SET enable_{choice} = off"))
                plan = " ".join(str(row[0]) for row in conn.execute(text(f"EXPLAIN {compiled}")))
                assert f"Index Scan using {index}" in plan, plan
                assert "ROW(priority, score, id) >" in plan.replace('"', ""), plan
                assert "Sort" not in plan, plan
