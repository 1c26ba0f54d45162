"""The one record type every reader yields, and the report of a record a reader could not use.

Readers differ in what they parse; everything after them (batch runner, summaries, writers)
sees only `Record` and `BadRecord`, so a new export format is one new module and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from claimcheck.exceptions import InputError
from claimcheck.io.limits import MAX_LINE_BYTES, MAX_RATIO

Status = Literal["approved", "pending", "spam", "deleted"]
TextFormat = Literal["html", "markdown", "plain"]
STATUSES: tuple[str, ...] = ("approved", "pending", "spam", "deleted")


@dataclass(frozen=True, slots=True)
class Record:
    """One comment (or submission), normalised: the fields every export can fill."""

    id: str
    text: str
    thread_id: str | None = None
    parent_id: str | None = None
    author: str | None = None
    created_at: datetime | None = None
    text_format: TextFormat = "plain"
    status: Status = "approved"
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record (or the rest of a file, when `fatal`) that could not be read, and why.

    `unit` names what `position` counts (line, row, post, comment) so the quarantine file
    says `"line": 12` for a JSONL file and `"post": 3` for a Disqus export.
    """

    source: str
    position: int
    reason: str
    unit: str = "line"
    fatal: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, self.unit: self.position}
        out["reason"] = self.reason
        if self.fatal:
            out["fatal"] = True
        return out


Item = Record | BadRecord


def build_safely(
    source: str, position: int, unit: str, build: Callable[..., Item], *args: Any
) -> Item:
    """`build(*args)`, or a BadRecord saying why it failed.

    Readers turn each parsed record into a Record through this: one record that cannot be
    used, whatever the reason (a bug, a library refusing odd markup), is quarantined with
    its position and the run goes on (DESIGN.md, section 5).
    """
    try:
        return build(*args)
    except Exception as exc:  # one record must never end the run
        detail = (str(exc).strip().splitlines() or [""])[0][:200]
        reason = f"could not be read ({type(exc).__name__}{': ' + detail if detail else ''})"
        return BadRecord(source, position, reason, unit)


def parse_timestamp(value: object) -> datetime | None:
    """A UTC datetime from epoch seconds or an ISO 8601 string; None when it is neither.

    Exports disagree on time formats; an unreadable date is not a reason to drop a comment,
    so this never raises (the original value stays in `extra`).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, int | float):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            return (
                parse_timestamp(float(text)) if text.replace(".", "", 1).isdigit() else (_iso(text))
            )
        except ValueError:
            return None
    return None


def _iso(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def normalise_status(value: object) -> Status:
    """Map a free-form status to one of ours; unknown values count as approved."""
    text = str(value or "").strip().lower()
    if text in ("pending", "hold", "unapproved", "0", "moderated"):
        return "pending"
    if text in ("spam",):
        return "spam"
    if text in ("deleted", "trash", "removed"):
        return "deleted"
    return "approved"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read an input: forced format, field names for generic files, CSV encoding, and
    the caps of claimcheck.io.limits: the longest line (JSONL: bytes; CSV: characters of one
    row) before it is quarantined, and how far a compressed input may inflate (0: no cap)."""

    format: str | None = None
    text_field: str = "text"
    id_field: str = "id"
    encoding: str | None = None
    max_line_bytes: int = MAX_LINE_BYTES
    max_ratio: int = MAX_RATIO

    def __post_init__(self) -> None:
        if self.max_line_bytes < 1:
            raise InputError(f"the line cap must be at least 1 byte, got {self.max_line_bytes}")
        if self.max_ratio < 0:
            raise InputError(
                f"the compression ratio cap must be 0 (off) or more, got {self.max_ratio}"
            )


#: Field names generic files (JSONL, CSV, Parquet) use for the normalised fields, in order.
GENERIC_FIELDS: dict[str, tuple[str, ...]] = {
    "thread_id": ("thread_id", "thread", "link_id", "post_id"),
    "parent_id": ("parent_id", "parent", "in_reply_to"),
    "author": ("author", "user", "username"),
    "created_at": ("created_at", "created_utc", "created", "timestamp", "date"),
}


def _scalar_str(value: object) -> str | None:
    if value is None or isinstance(value, dict | list) or value == "":
        return None
    return str(value)


def generic_record(
    values: dict[str, Any], position: int, source: str, options: ReadOptions, unit: str = "line"
) -> Item:
    """A Record from a flat mapping (a JSON object, a CSV row, a Parquet row)."""
    from claimcheck.io.markup import render

    text = values.get(options.text_field)
    if not isinstance(text, str):
        return BadRecord(
            source, position, f"field {options.text_field!r} missing or not a string", unit
        )
    used = {options.text_field, options.id_field, "status", "text_format"}
    found: dict[str, Any] = {}
    for name, candidates in GENERIC_FIELDS.items():
        for key in candidates:
            if key in values:
                used.add(key)
                if values[key] not in (None, "") and name not in found:
                    found[name] = values[key]
    text_format = str(values.get("text_format") or "plain").lower()
    if text_format not in ("html", "markdown"):
        text_format = "plain"
    model_text, links = render(text, text_format)
    extra = {k: v for k, v in values.items() if k not in used}
    if links:
        extra["links"] = links
    return Record(
        id=_scalar_str(values.get(options.id_field)) or str(position),
        text=model_text,
        thread_id=_scalar_str(found.get("thread_id")),
        parent_id=_scalar_str(found.get("parent_id")),
        author=_scalar_str(found.get("author")),
        created_at=parse_timestamp(found.get("created_at")),
        text_format=text_format,  # type: ignore[arg-type]
        status=normalise_status(values.get("status")),
        source=source,
        extra=extra,
    )
