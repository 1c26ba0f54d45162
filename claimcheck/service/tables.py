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
