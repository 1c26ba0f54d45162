"""Request and response bodies of the HTTP API (pydantic), so the OpenAPI schema documents itself.

Limits that depend on settings (batch size, text length) are checked by the endpoints, not
here, so the published schema does not change with the deployment's configuration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    model_validator,
)

from claimcheck.exceptions import InputError
from claimcheck.service.entities import nul_problem, surrogate_problem, utc_moment
from claimcheck.service.tables import (
    MAX_AUTHOR_CHARS,
    MAX_COMMENT_ID_CHARS,
    MAX_MODEL_VERSION_CHARS,
    MAX_REASON_CHARS,
    MAX_REQUEST_ID_CHARS,
    MAX_TEXT_CHARS,
    MAX_THREAD_ID_CHARS,
    MAX_URL_CHARS,
)
from claimcheck.types import Label


def _encodable(value: str) -> str:
    """Refuse lone surrogates (entities.surrogate_problem): no UTF-8 answer can carry them."""
    problem = surrogate_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _no_nul(value: str) -> str:
    """Refuse NUL characters in stored fields (entities.nul_problem)."""
    problem = nul_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Text = Annotated[str, AfterValidator(_encodable)]
StoredText = Annotated[str, AfterValidator(_encodable), AfterValidator(_no_nul)]
#: Strict int: a numeric string must stay a string (and keep its length limit), never become 0.
StrictInt = Annotated[int, Strict()]
CommentId = (
    Annotated[str, Field(max_length=MAX_COMMENT_ID_CHARS), AfterValidator(_encodable)] | StrictInt
)


def _iso_only(value: object) -> object:
    """Timestamps as ISO 8601 text only: pydantic would read "0.5" as seconds since 1970."""
    if isinstance(value, str) and value.strip().lstrip("+-").replace(".", "", 1).isdigit():
        raise ValueError("use an ISO 8601 date or date-time, e.g. 2026-11-25T09:00:00Z")
    return value


def _in_utc_range(value: datetime) -> datetime:
    """Refuse a time whose UTC instant is outside years 1-9999 (0001-01-01T00:00+01:00)."""
    try:
        return utc_moment(value, "the time")
    except InputError as exc:
        raise ValueError(str(exc).removeprefix("the time ")) from None


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only), AfterValidator(_in_utc_range)]

# Stored fields, each with the limit its column has (tables.py).
_ForumId = Annotated[StoredText, Field(min_length=1, max_length=MAX_COMMENT_ID_CHARS)] | StrictInt
_ThreadId = Annotated[StoredText, Field(min_length=1, max_length=MAX_THREAD_ID_CHARS)] | StrictInt
_CommentText = Annotated[StoredText, Field(max_length=MAX_TEXT_CHARS)]
_Author = Annotated[StoredText, Field(min_length=1, max_length=MAX_AUTHOR_CHARS)]
_Url = Annotated[StoredText, Field(min_length=1, max_length=MAX_URL_CHARS)]


class _Strict(BaseModel):
    """Unknown fields are an error, so a typo ("txt") is reported instead of ignored."""

    model_config = ConfigDict(extra="forbid")


class CommentIn(_Strict):
    """One comment to classify."""

    text: Text = Field(description="The comment text.")
    id: CommentId | None = Field(default=None, description="Your id for it, echoed back.")


class ClassifyRequest(_Strict):
    """Either a list of comments (`comments`) or one comment (`text`, optional `id`)."""

    comments: list[CommentIn] | None = Field(
        default=None, description="Comments to classify (up to the server's max batch)."
    )
    text: Text | None = Field(default=None, description="A single comment (instead of comments).")
    id: CommentId | None = Field(default=None, description="Id of the single comment.")

    @model_validator(mode="after")
    def _one_shape(self) -> ClassifyRequest:
        if self.comments is None and self.text is None:
            raise ValueError("send either 'comments' (a list) or 'text' (one comment)")
        if self.comments is not None and (self.text is not None or self.id is not None):
            raise ValueError("send either 'comments' or 'text'/'id', not both")
        return self

    def items(self) -> tuple[list[CommentIn], str]:
        """The comments and the field path prefix used to name them in errors."""
        if self.comments is not None:
            return self.comments, "comments"
        assert self.text is not None
        return [CommentIn(text=self.text, id=self.id)], ""


class SentenceOut(BaseModel):
    start: int = Field(description="Character offset (Unicode code points) of the start.")
    end: int
    label: Label
    probabilities: dict[str, float]


class CueOut(BaseModel):
    family: str
    start: int = Field(description="Character offset (Unicode code points) of the start.")
    end: int
    text: str


class PredictionOut(BaseModel):
    """Prediction.to_dict() plus the comment's id and the confidence."""

    id: CommentId | None = None
    label: Label | None = Field(description="Null when the comment is empty (flag 'empty').")
    confidence: float
    probabilities: dict[str, float]
    flags: list[str]
    sentences: list[SentenceOut]
    cues: list[CueOut]


class ClassifyResponse(BaseModel):
    model_version: str
    results: list[PredictionOut]


class FeedbackCreate(_Strict):
    """A moderator's correct label for one comment."""

    text: StoredText = Field(
        min_length=1, max_length=MAX_TEXT_CHARS, description="The comment as the moderator saw it."
    )
    label: Label = Field(description="The correct label.")
    author: _Author | None = Field(
        default=None, description="Who corrected it (default: the API key's name)."
    )
    comment_id: Annotated[StoredText, Field(max_length=MAX_COMMENT_ID_CHARS)] | StrictInt | None = (
        Field(default=None, description="The forum's id for the comment.")
    )
    reason: Annotated[StoredText, Field(max_length=MAX_REASON_CHARS)] = ""
    predicted_label: Label | None = Field(default=None, description="What the model said.")
    model_version: Annotated[StoredText, Field(max_length=MAX_MODEL_VERSION_CHARS)] | None = None
    request_id: (
        Annotated[StoredText, Field(min_length=1, max_length=MAX_REQUEST_ID_CHARS)] | None
    ) = Field(
        default=None,
        description="Idempotency key (or the Idempotency-Key header): a retry with the same "
        "value returns the stored record instead of storing it twice.",
    )


class FeedbackOut(BaseModel):
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


class FeedbackPage(BaseModel):
    items: list[FeedbackOut]
    total: int = Field(description="Rows matching the filters (all pages).")
    limit: int
    offset: int


class ModelCard(BaseModel):
    version: str
    labels: list[str]
    created: str | None = None
    versions: dict[str, str] = {}
    corpus_digest: str | None = None
    n_comments: int | None = None
    metrics: dict[str, Any] = {}
    params: dict[str, Any] = {}
    review_threshold: float
    max_batch: int
    max_text_chars: int


class Health(BaseModel):
    status: Literal["ok", "ready"]
    model_version: str | None = None


class ErrorBody(BaseModel):
    message: str
    field: str | None = Field(description="The request field at fault, e.g. comments[3].text.")
    status: int


class ErrorResponse(BaseModel):
    """Every error the service answers with."""

    error: ErrorBody


# --- the moderation queue -----------------------------------------------------------------------


class CommentPost(_Strict):
    """One incoming comment from the forum."""

    id: _ForumId = Field(
        description="The forum's id: resending it is a no-op, another text under it a 409."
    )
    text: _CommentText = Field(description="The comment text.")
    thread_id: _ThreadId | None = Field(default=None, description="The forum thread.")
    parent_id: _ForumId | None = Field(default=None, description="The comment it replies to.")
    author: _Author | None = None
    url: _Url | None = None
    created_at: IsoDateTime | None = Field(default=None, description="When it was posted.")


class IngestRequest(_Strict):
    """Either `comments` (a list) or the fields of one comment."""

    comments: list[CommentPost] | None = Field(default=None, description="Up to max batch.")
    id: _ForumId | None = None
    text: _CommentText | None = None
    thread_id: _ThreadId | None = None
    parent_id: _ForumId | None = None
    author: _Author | None = None
    url: _Url | None = None
    created_at: IsoDateTime | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> IngestRequest:
        single = {name for name in CommentPost.model_fields if getattr(self, name) is not None}
        if self.comments is None and not single:
            raise ValueError("send either 'comments' (a list) or one comment ('id', 'text', …)")
        if self.comments is not None and single:
            raise ValueError("send either 'comments' or the fields of one comment, not both")
        if self.comments is None and (self.id is None or self.text is None):
            raise ValueError("a comment needs both 'id' and 'text'")
        return self

    def items(self) -> tuple[list[CommentPost], str]:
        """The comments and the field path prefix used to name them in errors."""
        if self.comments is not None:
            return self.comments, "comments"
        fields = {name: getattr(self, name) for name in CommentPost.model_fields}
        return [CommentPost(**fields)], ""


class StoredComment(BaseModel):
    """A stored comment with its prediction and queue state."""

    id: str
    text: str
    thread_id: str | None
    parent_id: str | None
    author: str | None
    url: str | None
    created_at: datetime | None
    state: Literal["held", "pending", "passed", "approved", "removed"]
    label: Label | None
    predicted_label: Label | None
    confidence: float
    needs_review: bool
    priority: int = Field(description="Review bucket: 0 held, 1 flagged, 2 pending, 3 passed, …")
    model_version: str
    version: int = Field(description="Send it with a decision to decide only this version.")
    received_at: datetime
    updated_at: datetime
    prediction: PredictionOut


class IngestResult(StoredComment):
    outcome: Literal["created", "existing"]


class IngestResponse(BaseModel):
    results: list[IngestResult]


class QueueItem(StoredComment):
    parent: StoredComment | None = Field(
        default=None, description="The comment this one replies to, when it is stored."
    )


class QueuePageOut(BaseModel):
    items: list[QueueItem]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null: last.")


class QueueCounts(BaseModel):
    counts: dict[str, int] = Field(description="Comments per state (with the filters applied).")


class DecisionCreate(_Strict):
    """A moderator's decision on a stored comment."""

    action: Literal["approve", "remove", "relabel", "undo"]
    label: Label | None = Field(default=None, description="The new label (relabel only).")
    reason: Annotated[StoredText, Field(max_length=MAX_REASON_CHARS)] = ""
    moderator: _Author | None = Field(
        default=None, description="Who decides (default: the API key's name)."
    )
    version: StrictInt | None = Field(
        default=None,
        ge=1,
        description="The comment's version you saw: the decision applies only if nobody "
        "decided since. Without it, only an undecided comment can be decided.",
    )


class DecisionOut(BaseModel):
    id: int
    comment_id: str
    action: Literal["approve", "remove", "relabel", "undo"]
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


class DecisionResult(BaseModel):
    comment: StoredComment
    decision: DecisionOut


class CommentWithHistory(StoredComment):
    history: list[DecisionOut]


class DecisionPage(BaseModel):
    items: list[DecisionOut]
    next_after: int | None = Field(description="Pass as `after` for the next page; null: last.")
