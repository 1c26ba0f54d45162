"""The values that cross the store's boundary: a correction in, a stored record out, a key.

Validation lives here, on construction, so every front end (HTTP API, CLI, export reader)
refuses the same bad input with the same InputError naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from claimcheck.exceptions import InputError
from claimcheck.service.tables import (
    MAX_AUTHOR_CHARS,
    MAX_COMMENT_ID_CHARS,
    MAX_MODEL_VERSION_CHARS,
    MAX_REASON_CHARS,
    MAX_REQUEST_ID_CHARS,
    MAX_TEXT_CHARS,
)
from claimcheck.types import Label, parse_label

R = TypeVar("R")


def nul_problem(value: str) -> str | None:
    """What is wrong with a NUL in stored text, or None; schemas.py words its errors with it.

    PostgreSQL text cannot hold NUL; refusing it everywhere keeps both stores alike.
    """
    return "contains a NUL character (\\x00); remove it" if "\x00" in value else None


def surrogate_problem(value: str) -> str | None:
    """What is wrong with text UTF-8 cannot encode (a lone surrogate), or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone surrogate: it is not valid Unicode text"
    return None


def check_string(name: str, value: object, limit: int, *, required: bool) -> None:
    """Reject what no database stores faithfully: NUL, lone surrogates, over-long values."""
    if not isinstance(value, str):
        raise InputError(f"{name} must be a string, not {type(value).__name__}")
    if required and not value.strip():
        raise InputError(f"{name} must not be empty")
    if len(value) > limit:
        raise InputError(f"{name} is {len(value):,} characters; the limit is {limit:,}")
    problem = nul_problem(value) or surrogate_problem(value)
    if problem:
        raise InputError(f"{name} {problem}")


def check_optional(name: str, value: object, limit: int) -> None:
    if value is not None:
        check_string(name, value, limit, required=True)


def iso_utc(moment: datetime | None) -> str | None:
    """A stored time as JSON gives it out: ISO 8601 in UTC (`+00:00`)."""
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def record_dict(record: Any) -> dict[str, Any]:
    """A stored record's fields, JSON-ready, in field order; times through iso_utc."""
    out: dict[str, Any] = {}
    for field in fields(record):
        value = getattr(record, field.name)
        out[field.name] = iso_utc(value) if isinstance(value, datetime) else value
    return out


@dataclass(frozen=True, slots=True)
class FeedbackIn:
    """A moderator's correction, as received; validated on construction (InputError).

    `label` may be given as a Label or its string value. `request_id` is the client's
    idempotency key: sending the same one again returns the row stored the first time.
    """

    text: str
    label: Label
    author: str
    comment_id: str | None = None
    reason: str = ""
    predicted_label: str | None = None
    model_version: str | None = None
    request_id: str | None = None

    def __post_init__(self) -> None:
        check_string("text", self.text, MAX_TEXT_CHARS, required=True)
        object.__setattr__(self, "label", parse_label(self.label))
        check_string("author", self.author, MAX_AUTHOR_CHARS, required=True)
        check_optional("comment_id", self.comment_id, MAX_COMMENT_ID_CHARS)
        check_string("reason", self.reason, MAX_REASON_CHARS, required=False)
        if self.predicted_label is not None:
            object.__setattr__(self, "predicted_label", parse_label(self.predicted_label).value)
        check_optional("model_version", self.model_version, MAX_MODEL_VERSION_CHARS)
        check_optional("request_id", self.request_id, MAX_REQUEST_ID_CHARS)


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """A stored correction with its provenance (who, with which key, when)."""

    id: int
    text: str
    label: str
    author: str
    comment_id: str | None
    reason: str
    predicted_label: str | None
    model_version: str | None
    request_id: str | None
    key_id: str | None
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: created_at as ISO 8601 in UTC (`+00:00`)."""
        return record_dict(self)


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key's public facts; the secret is never kept."""

    key_id: str
    name: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, timestamps in ISO 8601 UTC."""
        return {
            "key_id": self.key_id,
            "name": self.name,
            "created_at": self.created_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "active": self.active,
        }


class WriteOutcome(StrEnum):
    """What storing a correction did; decided by the store, inside its transaction."""

    #: A new row: answered 201.
    CREATED = "created"
    #: The request_id already holds this same correction (a retry): answered 200.
    REPLAYED = "replayed"
    #: The request_id holds a different correction, which is kept: answered 409.
    CONFLICT = "conflict"


def same_request(record: FeedbackRecord, item: FeedbackIn, key_id: str | None) -> bool:
    """Whether a stored record is what `item`, sent with `key_id`, would have stored.

    Every field the client sends is compared (and the key it came with), so a retry whose
    body changed in any way is a conflict, not a silent replay of something else.
    """
    return (
        record.text == item.text
        and record.label == item.label.value
        and record.author == item.author
        and record.comment_id == item.comment_id
        and record.reason == item.reason
        and record.predicted_label == item.predicted_label
        and record.model_version == item.model_version
        and record.key_id == key_id
    )


def record_from_row(cls: type[R], row: Any, **given: Any) -> R:
    """A record read from a database row: each field from the column of its name.

    `given` supplies the fields whose column is named otherwise or needs decoding.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    return cls(**{name: getattr(row, name) for name in names if name not in given}, **given)


def feedback_record(row: Any) -> FeedbackRecord:
    return record_from_row(FeedbackRecord, row)


def api_key(row: Any) -> ApiKey:
    return ApiKey(row.key_id, row.name, row.created_at, row.revoked_at)


def utc_moment(moment: datetime, name: str) -> datetime:
    """`moment` in UTC (naive: taken as UTC); InputError if UTC cannot represent it.

    0001-01-01T00:00:00+01:00 is a valid ISO time whose UTC instant falls before year 1.
    """
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise InputError(
            f"{name} {moment.isoformat()} is out of range: in UTC it falls outside years 1-9999"
        ) from None
