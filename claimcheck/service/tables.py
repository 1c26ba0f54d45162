"""The tables of the feedback store, as SQLAlchemy Core metadata.

The Alembic migrations in `migrations/versions/` create exactly these tables; a test
compares the two so a change here without a migration fails loudly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

#: Longest values accepted per field (characters). Text is generous: a moderator may correct
#: a long comment, and the classifier itself reads only the first 20,000 characters.
MAX_TEXT_CHARS = 100_000
MAX_AUTHOR_CHARS = 200
MAX_COMMENT_ID_CHARS = 200
MAX_REASON_CHARS = 2_000
MAX_MODEL_VERSION_CHARS = 100
MAX_REQUEST_ID_CHARS = 200
MAX_KEY_NAME_CHARS = 200
KEY_ID_CHARS = 12
#: The largest offset a database can count to (a signed 64-bit integer in SQLite and
#: PostgreSQL); past it the driver fails instead of returning an empty page.
MAX_OFFSET = 2**63 - 1
LABEL_CHARS = 32

# Constraint names are fixed so migrations can refer to them on every database.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that goes in and comes out timezone-aware UTC.

    SQLite has no timezone type and returns naive values; PostgreSQL returns the session
    zone. Normalising here means callers never compare naive with aware datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        utc = aware.astimezone(UTC)
        # SQLite compares timestamps as strings: store them all naive UTC in one format.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(KEY_ID_CHARS), primary_key=True),
    Column("name", String(MAX_KEY_NAME_CHARS), nullable=False),
    # sha256 hex of the secret part of the token; the token itself is never stored.
    Column("secret_hash", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("revoked_at", UTCDateTime(), nullable=True),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("text", Text, nullable=False),
    Column("label", String(LABEL_CHARS), nullable=False),
    Column("author", String(MAX_AUTHOR_CHARS), nullable=False),
    Column("comment_id", String(MAX_COMMENT_ID_CHARS), nullable=True),
    Column("reason", Text, nullable=False, default=""),
    Column("predicted_label", String(LABEL_CHARS), nullable=True),
    Column("model_version", String(MAX_MODEL_VERSION_CHARS), nullable=True),
    # The client's idempotency key: unique, so a retried request cannot store a second row.
    Column("request_id", String(MAX_REQUEST_ID_CHARS), nullable=True, unique=True),
    Column("key_id", String(KEY_ID_CHARS), ForeignKey("api_keys.key_id"), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_feedback_created_at", "created_at"),
    Index("ix_feedback_label", "label"),
    Index("ix_feedback_author", "author"),
)

# --- the moderation queue (migration 0002) ----------------------------------------------------

MAX_THREAD_ID_CHARS = 200
MAX_URL_CHARS = 2_000
STATE_CHARS = 16
ACTION_CHARS = 16

#: Incoming comments with their prediction and queue state. `priority` (the review bucket,
#: claimcheck.service.queue.priority) and `score` (confidence in millionths) are stored so
#: one index serves the queue's order (priority, score, id) and its keyset cursor; `version`
#: grows with every decision, so a decision is a conditional UPDATE on it (first one wins).
comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("comment_id", String(MAX_COMMENT_ID_CHARS), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("thread_id", String(MAX_THREAD_ID_CHARS), nullable=True),
    Column("parent_id", String(MAX_COMMENT_ID_CHARS), nullable=True),
    Column("author", String(MAX_AUTHOR_CHARS), nullable=True),
    Column("url", String(MAX_URL_CHARS), nullable=True),
    Column("posted_at", UTCDateTime(), nullable=True),
    # What the model said (Prediction.to_dict() as JSON) and which model said it.
    Column("prediction", Text, nullable=False),
    Column("predicted_label", String(LABEL_CHARS), nullable=True),
    Column("model_version", String(MAX_MODEL_VERSION_CHARS), nullable=False),
    # The label in force: the model's until a moderator relabels it.
    Column("label", String(LABEL_CHARS), nullable=True),
    Column("state", String(STATE_CHARS), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("score", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("key_id", String(KEY_ID_CHARS), ForeignKey("api_keys.key_id"), nullable=True),
    Column("received_at", UTCDateTime(), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False),
    Index("ix_comments_queue", "priority", "score", "id"),
    Index("ix_comments_thread_queue", "thread_id", "priority", "score", "id"),
    Index("ix_comments_label_queue", "label", "priority", "score", "id"),
)

#: Every decision on a comment, never updated except to mark it undone: the full history.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "comment_id",
        String(MAX_COMMENT_ID_CHARS),
        ForeignKey("comments.comment_id"),
        nullable=False,
    ),
    Column("action", String(ACTION_CHARS), nullable=False),
    Column("from_state", String(STATE_CHARS), nullable=False),
    Column("to_state", String(STATE_CHARS), nullable=False),
    Column("from_label", String(LABEL_CHARS), nullable=True),
    Column("to_label", String(LABEL_CHARS), nullable=True),
    Column("reason", Text, nullable=False),
    Column("moderator", String(MAX_AUTHOR_CHARS), nullable=False),
    Column("key_id", String(KEY_ID_CHARS), ForeignKey("api_keys.key_id"), nullable=True),
    # The comment's version this decision produced (the answer's `version`).
    Column("version", Integer, nullable=False),
    # An undo points at the decision it reverted; that decision points back (undone_by).
    Column("undoes", Integer, nullable=True),
    Column("undone_by", Integer, nullable=True),
    # The feedback row a label change stored (deleted again when the decision is undone).
    Column("feedback_id", Integer, nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Index("ix_decisions_comment_id", "comment_id", "id"),
    Index("ix_decisions_created_at", "created_at"),
)
