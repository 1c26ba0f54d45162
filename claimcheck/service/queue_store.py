"""The moderation queue in the database: incoming comments, their state, and every decision.

Works through a `Database` (same engine, same SQLite safeguards, same StoreError messages).
Concurrency is decided by the database, never by a Python lock:

- Ingest is idempotent on the forum's id: `INSERT … ON CONFLICT (comment_id) DO NOTHING`,
  then the row holding the id is read in the same transaction and compared.
- A decision is a conditional `UPDATE … WHERE id = ? AND version = ?`. Two moderators who
  read the same version race on it; the database lets exactly one update match (SQLite
  serialises writers with BEGIN IMMEDIATE; PostgreSQL re-checks the WHERE after the first
  transaction commits), the other gets zero rows and is told the current state.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, insert, select, tuple_, update
from sqlalchemy.exc import SQLAlchemyError

from claimcheck.exceptions import InputError
from claimcheck.service.db import Database
from claimcheck.service.entities import (
    check_optional,
    check_string,
    iso_utc,
    record_dict,
    record_from_row,
    utc_moment,
)
from claimcheck.service.queue import (
    SCORE_SCALE,
    STATE_FILTERS,
    UNDECIDED,
    Action,
    Bucket,
    Cursor,
    Policy,
    State,
    decided_state,
    filters_key,
    priority,
    score,
)
from claimcheck.service.tables import (
    MAX_AUTHOR_CHARS,
    MAX_COMMENT_ID_CHARS,
    MAX_REASON_CHARS,
    MAX_TEXT_CHARS,
    MAX_THREAD_ID_CHARS,
    MAX_URL_CHARS,
    comments,
    decisions,
    feedback,
)
from claimcheck.types import Label, Prediction, parse_label

MAX_QUEUE_PAGE = 500


def _now() -> datetime:
    return datetime.now(UTC)


# --- values -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncomingComment:
    """A comment as the forum sends it; validated on construction (InputError naming the field)."""

    id: str
    text: str
    thread_id: str | None = None
    parent_id: str | None = None
    author: str | None = None
    url: str | None = None
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        check_string("id", self.id, MAX_COMMENT_ID_CHARS, required=True)
        if "/" in self.id:
            # The id is a path segment of /v1/comments/{id}: a slash would split it.
            raise InputError("id must not contain '/' (it is used in URLs); map it, e.g. to '_'")
        check_string("text", self.text, MAX_TEXT_CHARS, required=False)
        check_optional("thread_id", self.thread_id, MAX_THREAD_ID_CHARS)
        check_optional("parent_id", self.parent_id, MAX_COMMENT_ID_CHARS)
        check_optional("author", self.author, MAX_AUTHOR_CHARS)
        check_optional("url", self.url, MAX_URL_CHARS)
        if self.created_at is not None:
            object.__setattr__(self, "created_at", utc_moment(self.created_at, "created_at"))

    def same_as(self, record: CommentRecord) -> bool:
        """Whether a stored comment is this one (resending it changes nothing)."""
        return record.text == self.text


@dataclass(frozen=True, slots=True)
class CommentRecord:
    """A stored comment: what the forum sent, what the model said, where it is in the queue."""

    row_id: int
    id: str
    text: str
    thread_id: str | None
    parent_id: str | None
    author: str | None
    url: str | None
    created_at: datetime | None
    prediction: dict[str, Any]
    predicted_label: str | None
    model_version: str
    label: str | None
    state: str
    priority: int
    score: int
    version: int
    received_at: datetime
    updated_at: datetime

    @property
    def confidence(self) -> float:
        return self.score / SCORE_SCALE

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; times in ISO 8601 UTC."""
        flags = list(self.prediction.get("flags", []))
        return {
            "id": self.id,
            "text": self.text,
            "thread_id": self.thread_id,
            "parent_id": self.parent_id,
            "author": self.author,
            "url": self.url,
            "created_at": iso_utc(self.created_at),
            "state": self.state,
            "label": self.label,
            "predicted_label": self.predicted_label,
            "confidence": self.prediction.get("confidence", self.confidence),
            "needs_review": "needs_review" in flags,
            "priority": self.priority,
            "model_version": self.model_version,
            "version": self.version,
            "received_at": iso_utc(self.received_at),
            "updated_at": iso_utc(self.updated_at),
            "prediction": self.prediction,
        }


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One decision in a comment's history."""

    id: int
    comment_id: str
    action: str
    from_state: str
    to_state: str
    from_label: str | None
    to_label: str | None
    reason: str
    moderator: str
    key_id: str | None
    version: int
    undoes: int | None
    undone_by: int | None
    feedback_id: int | None
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; created_at in ISO 8601 UTC."""
        return record_dict(self)


class IngestOutcome(StrEnum):
    CREATED = "created"
    #: The same id with the same text was stored before: nothing changed.
    EXISTING = "existing"
    #: The id holds a different text: refused (409), the stored comment kept.
    CONFLICT = "conflict"


class DecisionOutcome(StrEnum):
    DECIDED = "decided"
    NOT_FOUND = "not_found"
    #: Someone else decided first, or `version` is stale: the current state is returned.
    CONFLICT = "conflict"
    #: An undo with nothing left to undo.
    NOTHING_TO_UNDO = "nothing_to_undo"


@dataclass(frozen=True, slots=True)
class Decided:
    outcome: DecisionOutcome
    comment: CommentRecord | None
    decision: DecisionRecord | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class QueuePage:
    items: list[CommentRecord]
    next_cursor: str | None


def comment_record(row: Any) -> CommentRecord:
    return record_from_row(
        CommentRecord,
        row,
        row_id=row.id,
        id=row.comment_id,
        created_at=row.posted_at,
        prediction=json.loads(row.prediction),
    )


def decision_record(row: Any) -> DecisionRecord:
    return record_from_row(DecisionRecord, row)


def prediction_row(
    item: IncomingComment,
    prediction: Prediction,
    model_version: str,
    policy: Policy,
    key_id: str | None,
    now: datetime,
) -> dict[str, Any]:
    """The values of a new comments row: the prediction, its state and its sort key."""
    state = policy.classify(prediction)
    stored = prediction.to_dict()
    stored["confidence"] = prediction.confidence
    label = prediction.label.value if prediction.label is not None else None
    return {
        "comment_id": item.id,
        "text": item.text,
        "thread_id": item.thread_id,
        "parent_id": item.parent_id,
        "author": item.author,
        "url": item.url,
        "posted_at": item.created_at,
        "prediction": json.dumps(stored, ensure_ascii=False, allow_nan=False),
        "predicted_label": label,
        "model_version": model_version,
        "label": label,
        "state": state.value,
        "priority": priority(state, prediction.flags),
        "score": score(prediction.confidence),
        "version": 1,
        "key_id": key_id,
        "received_at": now,
        "updated_at": now,
    }


# --- the store ----------------------------------------------------------------------------------


class QueueStore:
    """The queue's reads and writes, on the same engine as the feedback store."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def _insert_comments(self) -> Any:
        if self.db.dialect == "postgresql":
            from sqlalchemy.dialects import postgresql as dialect
        else:
            from sqlalchemy.dialects import sqlite as dialect  # type: ignore[no-redef]
        return (
            dialect.insert(comments)
            .on_conflict_do_nothing(index_elements=[comments.c.comment_id])
            .returning(comments)
        )

    # --- ingest -------------------------------------------------------------------------------

    def existing(self, ids: Sequence[str]) -> dict[str, CommentRecord]:
        """The stored comments among `ids` (to skip classifying what is already stored)."""
        if not ids:
            return {}
        query = select(comments).where(comments.c.comment_id.in_(list(ids)))
        try:
            with self.db._read("reading comments") as conn:
                return {row.comment_id: comment_record(row) for row in conn.execute(query)}
        except SQLAlchemyError as exc:
            raise self.db._fail("reading comments", exc) from None

    def store(
        self, rows: Sequence[dict[str, Any]], incoming: Sequence[IncomingComment]
    ) -> list[tuple[CommentRecord, IngestOutcome]]:
        """Insert new comments, exactly once per forum id, in one transaction.

        A row whose id was taken meanwhile (a racing resend) is read back and compared:
        the same text is EXISTING, another text is CONFLICT (and nothing of this call is
        stored, so a request is all or nothing).
        """
        action = "storing comments"
        out: list[tuple[CommentRecord, IngestOutcome]] = []
        try:
            with self.db._write(action) as conn, conn.begin():
                for values, item in zip(rows, incoming, strict=True):
                    row = conn.execute(self._insert_comments(), [values]).one_or_none()
                    if row is not None:
                        out.append((comment_record(row), IngestOutcome.CREATED))
                        continue
                    taken = select(comments).where(comments.c.comment_id == item.id)
                    record = comment_record(conn.execute(taken).one())
                    if item.same_as(record):
                        out.append((record, IngestOutcome.EXISTING))
                    else:
                        out.append((record, IngestOutcome.CONFLICT))
                if any(outcome is IngestOutcome.CONFLICT for _, outcome in out):
                    conn.rollback()
                    return out
        except SQLAlchemyError as exc:
            raise self.db._fail(action, exc) from None
        self.db._check_file(action, done=True)
        return out

    # --- reads --------------------------------------------------------------------------------

    def get(self, comment_id: str) -> CommentRecord | None:
        row = self.db._one(
            select(comments).where(comments.c.comment_id == comment_id), "reading a comment"
        )
        return comment_record(row) if row is not None else None

    def history(self, comment_id: str) -> list[DecisionRecord]:
        """Every decision on the comment, oldest first."""
        query = (
            select(decisions).where(decisions.c.comment_id == comment_id).order_by(decisions.c.id)
        )
        try:
            with self.db._read("reading decisions") as conn:
                return [decision_record(row) for row in conn.execute(query)]
        except SQLAlchemyError as exc:
            raise self.db._fail("reading decisions", exc) from None

    def queue_query(
        self,
        *,
        state: str = "open",
        label: Label | str | None = None,
        thread_id: str | None = None,
        limit: int = 50,
        after: Cursor | None = None,
    ) -> Select[Any]:
        """The SELECT of one queue page (also used to check its plan with EXPLAIN)."""
        if state not in STATE_FILTERS:
            raise InputError(f"unknown state {state!r}; use one of: {', '.join(STATE_FILTERS)}")
        low, high = STATE_FILTERS[state]
        query = select(comments)
        if label is not None:
            query = query.where(comments.c.label == parse_label(label).value)
        if thread_id is not None:
            query = query.where(comments.c.thread_id == thread_id)
        if after is not None and after.priority >= low:
            # The row value alone bounds the index range from below: with a separate
            # `priority >= low` next to it, SQLite seeks on priority only and then filters
            # every row before the cursor (a deep page would cost its offset).
            key = tuple_(comments.c.priority, comments.c.score, comments.c.id)
            query = query.where(key > tuple_(after.priority, after.score, after.id))
        else:
            query = query.where(comments.c.priority >= low)
        query = query.where(comments.c.priority <= high)
        order = (comments.c.priority, comments.c.score, comments.c.id)
        return query.order_by(*order).limit(limit)

    def page(
        self,
        *,
        state: str = "open",
        label: Label | str | None = None,
        thread_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> QueuePage:
        """One page of the queue in review order; `next_cursor` is None on the last page.

        Keyset pagination: the cursor holds the last item's (priority, score, id), so rows
        inserted or decided while a moderator pages neither shift nor repeat the rest.
        """
        if not isinstance(limit, int) or not 1 <= limit <= MAX_QUEUE_PAGE:
            raise InputError(f"limit must be between 1 and {MAX_QUEUE_PAGE}, got {limit!r}")
        label_value = parse_label(label).value if label is not None else None
        bound = filters_key(state, label_value, thread_id)
        after = Cursor.decode(cursor, bound) if cursor else None
        query = self.queue_query(
            state=state, label=label_value, thread_id=thread_id, limit=limit + 1, after=after
        )
        try:
            with self.db._read("reading the queue") as conn:
                records = [comment_record(row) for row in conn.execute(query)]
        except SQLAlchemyError as exc:
            raise self.db._fail("reading the queue", exc) from None
        more = len(records) > limit
        records = records[:limit]
        next_cursor = None
        if more:
            last = records[-1]
            next_cursor = Cursor(last.priority, last.score, last.row_id, bound).encode()
        return QueuePage(records, next_cursor)

    def parents(self, ids: Sequence[str]) -> dict[str, CommentRecord]:
        """The stored comments among `ids` (thread context for a page)."""
        return self.existing(sorted(set(ids)))

    def counts(
        self, *, label: Label | str | None = None, thread_id: str | None = None
    ) -> dict[str, int]:
        """How many comments are in each state (with the same label/thread filters)."""
        query = select(comments.c.state, func.count()).group_by(comments.c.state)
        if label is not None:
            query = query.where(comments.c.label == parse_label(label).value)
        if thread_id is not None:
            query = query.where(comments.c.thread_id == thread_id)
        try:
            with self.db._read("counting the queue") as conn:
                found = {row[0]: int(row[1]) for row in conn.execute(query)}
        except SQLAlchemyError as exc:
            raise self.db._fail("counting the queue", exc) from None
        return {state.value: found.get(state.value, 0) for state in State}

    # --- decisions ----------------------------------------------------------------------------

    def decide(
        self,
        comment_id: str,
        action: Action | str,
        *,
        moderator: str,
        key_id: str | None,
        label: Label | str | None = None,
        reason: str = "",
        version: int | None = None,
    ) -> Decided:
        """Apply a moderator's decision; the first of two racing decisions wins.

        `version` (the comment's version the moderator saw) makes the decision conditional
        on nobody having decided since. Without it, approve/remove/relabel apply only to an
        undecided comment (held, pending, passed): deciding again needs the version.
        A relabel that changes the label also stores a feedback row (for retraining).
        `undo` reverts the latest decision not yet undone: a new decision that restores
        its state and label, and deletes the feedback row it stored.
        """
        action = Action(action)
        check_string("moderator", moderator, MAX_AUTHOR_CHARS, required=True)
        check_string("reason", reason, MAX_REASON_CHARS, required=False)
        new_label = parse_label(label).value if label is not None else None
        if action is Action.RELABEL and new_label is None:
            raise InputError("relabel needs a label")
        if action is not Action.RELABEL and new_label is not None:
            raise InputError(f"label is only for relabel, not {action.value}")
        doing = "storing a decision"
        try:
            with self.db._write(doing) as conn, conn.begin():
                row = conn.execute(
                    select(comments).where(comments.c.comment_id == comment_id)
                ).one_or_none()
                if row is None:
                    return Decided(DecisionOutcome.NOT_FOUND, None)
                current = comment_record(row)
                stale = self._stale(current, action, version)
                if stale:
                    return Decided(DecisionOutcome.CONFLICT, current, message=stale)
                undone: Any = None
                if action is Action.UNDO:
                    undone = conn.execute(
                        select(decisions)
                        .where(
                            decisions.c.comment_id == comment_id,
                            decisions.c.action != Action.UNDO.value,
                            decisions.c.undone_by.is_(None),
                        )
                        .order_by(decisions.c.id.desc())
                        .limit(1)
                    ).one_or_none()
                    if undone is None:
                        return Decided(
                            DecisionOutcome.NOTHING_TO_UNDO,
                            current,
                            message=f"comment {comment_id!r} has no decision left to undo",
                        )
                    to_state, to_label = State(undone.from_state), undone.from_label
                else:
                    to_label = new_label if action is Action.RELABEL else current.label
                    to_state = decided_state(action, to_label)
                now = _now()
                flags = current.prediction.get("flags", [])
                changed = conn.execute(
                    update(comments)
                    .where(comments.c.id == current.row_id, comments.c.version == current.version)
                    .values(
                        state=to_state.value,
                        label=to_label,
                        priority=priority(to_state, flags),
                        version=current.version + 1,
                        updated_at=now,
                    )
                ).rowcount
                if changed != 1:  # decided by someone else between our read and our write
                    conn.rollback()
                    latest = self.get(comment_id)
                    return Decided(
                        DecisionOutcome.CONFLICT,
                        latest,
                        message="another decision on this comment was stored first",
                    )
                feedback_id = None
                if (
                    action is Action.RELABEL
                    and to_label != current.label
                    and current.text.strip()
                    and "\x00" not in current.text
                ):
                    feedback_id = conn.execute(
                        insert(feedback)
                        .values(
                            text=current.text,
                            label=to_label,
                            author=moderator,
                            comment_id=comment_id,
                            reason=reason or "relabelled in the moderation queue",
                            predicted_label=current.predicted_label,
                            model_version=current.model_version,
                            request_id=None,
                            key_id=key_id,
                            created_at=now,
                        )
                        .returning(feedback.c.id)
                    ).scalar_one()
                decision = conn.execute(
                    insert(decisions)
                    .values(
                        comment_id=comment_id,
                        action=action.value,
                        from_state=current.state,
                        to_state=to_state.value,
                        from_label=current.label,
                        to_label=to_label,
                        reason=reason,
                        moderator=moderator,
                        key_id=key_id,
                        version=current.version + 1,
                        undoes=undone.id if undone is not None else None,
                        feedback_id=feedback_id,
                        created_at=now,
                    )
                    .returning(decisions)
                ).one()
                if undone is not None:
                    conn.execute(
                        update(decisions)
                        .where(decisions.c.id == undone.id)
                        .values(undone_by=decision.id)
                    )
                    if undone.feedback_id is not None:
                        conn.execute(feedback.delete().where(feedback.c.id == undone.feedback_id))
                after = conn.execute(select(comments).where(comments.c.id == current.row_id)).one()
        except SQLAlchemyError as exc:
            raise self.db._fail(doing, exc) from None
        self.db._check_file(doing, done=True)
        return Decided(DecisionOutcome.DECIDED, comment_record(after), decision_record(decision))

    @staticmethod
    def _stale(current: CommentRecord, action: Action, version: int | None) -> str:
        """Why the decision cannot apply to `current` (empty: it can)."""
        if version is not None:
            if version != current.version:
                return (
                    f"comment {current.id!r} is at version {current.version} "
                    f"({current.state}), not {version}: someone decided it meanwhile"
                )
            return ""
        if action is not Action.UNDO and State(current.state) not in UNDECIDED:
            return (
                f"comment {current.id!r} was already decided ({current.state}); send its "
                "current version to decide it again"
            )
        return ""

    def list_decisions(
        self, *, after: int = 0, limit: int = 100, since: datetime | None = None
    ) -> list[DecisionRecord]:
        """Decisions oldest first, with ids above `after` (keyset paging)."""
        query = self._decisions_query(since).where(decisions.c.id > after).limit(limit)
        try:
            with self.db._read("listing decisions") as conn:
                return [decision_record(row) for row in conn.execute(query)]
        except SQLAlchemyError as exc:
            raise self.db._fail("listing decisions", exc) from None

    def iter_decisions(
        self, *, since: datetime | None = None, batch_size: int = 500
    ) -> Iterator[DecisionRecord]:
        """Every decision, oldest first, streamed in batches (the JSONL export)."""
        query = self._decisions_query(since)
        try:
            with self.db._read("exporting decisions") as conn:
                result = conn.execution_options(yield_per=batch_size).execute(query)
                for row in result:
                    yield decision_record(row)
        except SQLAlchemyError as exc:
            raise self.db._fail("exporting decisions", exc) from None

    @staticmethod
    def _decisions_query(since: datetime | None) -> Select[Any]:
        query = select(decisions).order_by(decisions.c.id)
        if since is not None:
            query = query.where(decisions.c.created_at >= utc_moment(since, "since"))
        return query


__all__ = [
    "Bucket",
    "CommentRecord",
    "Decided",
    "DecisionOutcome",
    "DecisionRecord",
    "IncomingComment",
    "IngestOutcome",
    "QueuePage",
    "QueueStore",
    "prediction_row",
]
