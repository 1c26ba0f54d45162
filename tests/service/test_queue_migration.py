"""Migration 0002 on a database at 0001 that holds data: feedback and keys kept, queue usable,
and the queue survives a restart (a new Database on the same URL)."""

from __future__ import annotations

from alembic import command

from claimcheck.service.db import Database, FeedbackIn, alembic_config
from claimcheck.service.queue_store import IncomingComment, QueueStore, prediction_row
from tests.service.test_queue_store import POLICY, prediction


def test_upgrade_from_0001_keeps_feedback_and_adds_the_queue(any_database_url: str) -> None:
    db = Database(any_database_url)
    try:
        if db.file is not None:
            db.file.create()
        with db.engine.connect() as conn, conn.begin():
            command.upgrade(alembic_config(db.url, conn), "0001")
        assert db.current_revision() == "0001"
        assert "comments" not in db.table_names()
        key, _token = db.create_key("old key")
        old = db.add_feedback(
            FeedbackIn(text="Kept across the upgrade.", label="opinion", author="m"),  # type: ignore[arg-type]
            key_id=key.key_id,
        )
        done = db.upgrade()
        assert (done.before, done.after) == ("0001", "0002")
        assert db.list_feedback() == [old]
        assert [k.key_id for k in db.list_keys()] == [key.key_id]
        store = QueueStore(db)
        item = IncomingComment(id="c1", text="Stored after the upgrade.")
        from datetime import UTC, datetime

        row = prediction_row(
            item, prediction("spam", 0.95), "v", POLICY, key.key_id, datetime.now(UTC)
        )
        store.store([row], [item])
        store.decide("c1", "approve", moderator="Ana", key_id=key.key_id)
    finally:
        db.dispose()
    # a restart: a new process opens the same database and finds the queue as it was
    again = Database(any_database_url)
    try:
        again.check_schema()
        store = QueueStore(again)
        stored = store.get("c1")
        assert stored is not None and (stored.state, stored.version) == ("approved", 2)
        assert [d.moderator for d in store.history("c1")] == ["Ana"]
        assert again.count_feedback() == 1
    finally:
        again.dispose()


def test_downgrade_to_0001_drops_only_the_queue(database: Database) -> None:
    database.add_feedback(FeedbackIn(text="stays", label="spam", author="m"))  # type: ignore[arg-type]
    with database.engine.connect() as conn, conn.begin():
        command.downgrade(alembic_config(database.url, conn), "0001")
    assert "comments" not in database.table_names() and "decisions" not in database.table_names()
    assert database.count_feedback() == 1
