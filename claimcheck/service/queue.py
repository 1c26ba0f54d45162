"""The moderation queue's policy and order: which state a new comment starts in, how urgent it
is, and the opaque cursor that pages through the queue.

Pure functions, no database: the store (queue_store.py) and the policy benchmark
(benchmarks/queue_policy.py) apply the same rules.

States: `held` (spam above CLAIMCHECK_HOLD_SPAM_AT: hidden until a person says otherwise),
`pending` (waits for a person), `passed` (confident non-spam: shown), and the decided states
`approved` and `removed`.

Review priority, most urgent first: held spam to confirm, then comments the model flags
(needs_review, empty, non-English, truncated), then the other pending comments; inside a
bucket the lowest confidence first, then the oldest. The bucket is stored per comment, so the
whole order is one index: (priority, score, id), and every state filter is a range of it.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from claimcheck.exceptions import InputError
from claimcheck.types import Flag, Label, Prediction

#: Confidence is stored as an integer in millionths, so cursors compare exactly everywhere.
SCORE_SCALE = 1_000_000


class State(StrEnum):
    HELD = "held"
    PENDING = "pending"
    PASSED = "passed"
    APPROVED = "approved"
    REMOVED = "removed"


#: States no person has decided yet: a decision without `version` may only start from these.
UNDECIDED = frozenset({State.HELD, State.PENDING, State.PASSED})


class Action(StrEnum):
    APPROVE = "approve"
    REMOVE = "remove"
    RELABEL = "relabel"
    UNDO = "undo"


class Bucket:
    """Review priority buckets (lower is more urgent); each state owns a contiguous range."""

    HELD = 0
    FLAGGED = 1
    PENDING = 2
    PASSED = 3
    APPROVED = 4
    REMOVED = 5


#: Queue filters: a state, `open` (held + pending: what waits for people, the default),
#: `undecided` (open + passed) or `all`; each is a range of buckets.
STATE_FILTERS: dict[str, tuple[int, int]] = {
    "open": (Bucket.HELD, Bucket.PENDING),
    "held": (Bucket.HELD, Bucket.HELD),
    "pending": (Bucket.FLAGGED, Bucket.PENDING),
    "passed": (Bucket.PASSED, Bucket.PASSED),
    "approved": (Bucket.APPROVED, Bucket.APPROVED),
    "removed": (Bucket.REMOVED, Bucket.REMOVED),
    "undecided": (Bucket.HELD, Bucket.PASSED),
    "all": (Bucket.HELD, Bucket.REMOVED),
}

#: Flags that send a comment to a person whatever its confidence.
REVIEW_FLAGS = frozenset(
    {Flag.NEEDS_REVIEW.value, Flag.EMPTY.value, Flag.NON_ENGLISH.value, Flag.TRUNCATED.value}
)


@dataclass(frozen=True, slots=True)
class Policy:
    """The two thresholds (CLAIMCHECK_HOLD_SPAM_AT, CLAIMCHECK_PASS_AT)."""

    hold_spam_at: float
    pass_at: float

    def __post_init__(self) -> None:
        for name in ("hold_spam_at", "pass_at"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0.0 < value <= 1.0:
                raise InputError(f"{name} must be in (0, 1], got {value!r}")

    def state_of(self, label: str | None, probabilities: dict[str, float], flags: Any) -> State:
        """The state a new comment starts in.

        Held when P(spam) >= hold_spam_at (whatever else is flagged: hiding spam cannot
        wait); else pending when the model flags it; else passed when it is not spam and
        its confidence >= pass_at; else pending.
        """
        if probabilities.get(Label.SPAM.value, 0.0) >= self.hold_spam_at:
            return State.HELD
        if label is None or REVIEW_FLAGS.intersection(flags):
            return State.PENDING
        if label != Label.SPAM.value and probabilities.get(label, 0.0) >= self.pass_at:
            return State.PASSED
        return State.PENDING

    def classify(self, prediction: Prediction) -> State:
        label = prediction.label.value if prediction.label is not None else None
        return self.state_of(label, prediction.probabilities, prediction.flags)


def priority(state: State | str, flags: Any) -> int:
    """The review bucket of a comment in `state` with the model's `flags`."""
    state = State(state)
    if state is State.HELD:
        return Bucket.HELD
    if state is State.PENDING:
        return Bucket.FLAGGED if REVIEW_FLAGS.intersection(flags) else Bucket.PENDING
    return {
        State.PASSED: Bucket.PASSED,
        State.APPROVED: Bucket.APPROVED,
        State.REMOVED: Bucket.REMOVED,
    }[state]


def score(confidence: float) -> int:
    """Confidence in millionths (the stored sort key)."""
    return round(confidence * SCORE_SCALE)


def decided_state(action: Action, label: str | None) -> State:
    """Where approve, remove and relabel take a comment (relabel to spam removes it)."""
    if action is Action.APPROVE:
        return State.APPROVED
    if action is Action.REMOVE:
        return State.REMOVED
    if action is Action.RELABEL:
        return State.REMOVED if label == Label.SPAM.value else State.APPROVED
    raise InputError(f"{action.value} does not decide a state by itself")


# --- cursors ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ended: the last item's sort key, bound to the filters it was made for."""

    priority: int
    score: int
    id: int
    filters: str

    def encode(self) -> str:
        raw = json.dumps([1, self.priority, self.score, self.id, self.filters])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, filters: str) -> Cursor:
        """The cursor in `token`; InputError if it is not one of ours or is for other filters."""
        bad = InputError(
            "cursor is not valid: pass the next_cursor of a previous answer unchanged, "
            "or leave it out to start from the top"
        )
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            value = json.loads(raw)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise bad from None
        if (
            not isinstance(value, list)
            or len(value) != 5
            or value[0] != 1
            or not all(type(v) is int for v in value[1:4])
            or not isinstance(value[4], str)
            or not all(-(2**62) < v < 2**62 for v in value[1:4])
        ):
            raise bad
        if value[4] != filters:
            raise InputError(
                "cursor belongs to a query with other filters (state, label or thread_id); "
                "start again without a cursor when you change filters"
            )
        return cls(value[1], value[2], value[3], value[4])


def filters_key(state: str, label: str | None, thread_id: str | None) -> str:
    """The filters a cursor is bound to, as one string."""
    return json.dumps([state, label, thread_id])
