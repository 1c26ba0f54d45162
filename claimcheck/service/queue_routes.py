"""The moderation queue over HTTP: ingest, the queue in review order, decisions, exports, /queue.

Every endpoint needs an API key: the queue holds the forum's comments and who decided what.
Classification goes through the service's model queue (off the event loop, within
CLAIMCHECK_REQUEST_BUDGET_S), as POST /v1/classify does; database work runs in the thread
pool. Conflicts (a different text under a known id, a decision someone else made first)
answer 409 with the stored comment under `current`, so a client can show what won.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse

from claimcheck.exceptions import InputError
from claimcheck.predict import Classifier
from claimcheck.service.auth import require_key
from claimcheck.service.db import ApiKey, Database
from claimcheck.service.errors import ApiError, error_body
from claimcheck.service.metrics import CLIENT_CLOSED, Metrics
from claimcheck.service.model_queue import ClientGone, Overloaded
from claimcheck.service.page import render_page
from claimcheck.service.queue import STATE_FILTERS, Policy
from claimcheck.service.queue_store import (
    MAX_QUEUE_PAGE,
    CommentRecord,
    DecisionOutcome,
    IncomingComment,
    IngestOutcome,
    QueueStore,
    prediction_row,
)
from claimcheck.service.responses import error_responses, jsonl_download
from claimcheck.service.schemas import (
    CommentWithHistory,
    DecisionCreate,
    DecisionPage,
    DecisionResult,
    IngestRequest,
    IngestResponse,
    IsoDateTime,
    QueueCounts,
    QueuePageOut,
)
from claimcheck.service.settings import ServiceSettings
from claimcheck.service.state import (
    ServiceState,
    get_classifier,
    get_database,
    get_metrics,
    get_settings,
    get_state,
)
from claimcheck.service.tables import MAX_COMMENT_ID_CHARS
from claimcheck.types import Label

#: POST routes whose body must be JSON (the request limits answer 415 otherwise).
JSON_ROUTES = ("/v1/comments",)

router = APIRouter(tags=["queue"])
StateFilter = Literal[
    "open", "held", "pending", "passed", "approved", "removed", "undecided", "all"
]
assert set(StateFilter.__args__) == set(STATE_FILTERS)  # type: ignore[attr-defined]


async def get_store(database: Annotated[Database, Depends(get_database)]) -> QueueStore:
    return QueueStore(database)


def _conflict(message: str, field: str | None, current: CommentRecord | None) -> JSONResponse:
    body = error_body(409, message, field)
    body["current"] = current.to_dict() if current is not None else None
    return JSONResponse(body, status_code=409)


def _field(prefix: str, index: int, name: str) -> str:
    return f"{prefix}[{index}].{name}" if prefix else name


# --- ingest -------------------------------------------------------------------------------------


@router.post(
    "/v1/comments",
    status_code=201,
    response_model=IngestResponse,
    responses={
        200: {"model": IngestResponse, "description": "Every comment was already stored."},
        **error_responses(400, 401, 409, 413, 415, 422, 503),
    },
)
async def ingest(
    body: IngestRequest,
    request: Request,
    key: Annotated[ApiKey, Depends(require_key)],
    store: Annotated[QueueStore, Depends(get_store)],
    classifier: Annotated[Classifier, Depends(get_classifier)],
    settings: Annotated[ServiceSettings, Depends(get_settings)],
    state: Annotated[ServiceState, Depends(get_state)],
    metrics: Annotated[Metrics, Depends(get_metrics)],
) -> Response:
    """Store incoming comments with their prediction and queue state (held, pending, passed).

    201 when at least one comment is new, 200 when all were stored before (resending is
    safe: nothing changes). A different text under a stored id answers 409 and stores
    nothing of the request. Limits as for classify (CLAIMCHECK_MAX_BATCH,
    CLAIMCHECK_MAX_TEXT_CHARS); 503 with Retry-After when the model's queue is too long.
    """
    posted, prefix = body.items()
    if len(posted) > settings.max_batch:
        raise ApiError(
            422,
            f"{len(posted)} comments in one request; the limit is {settings.max_batch} "
            "(split the list)",
            "comments",
        )
    incoming: list[IncomingComment] = []
    seen: dict[str, int] = {}
    for i, post in enumerate(posted):
        if len(post.text) > settings.max_text_chars:
            name = _field(prefix, i, "text")
            raise ApiError(
                422,
                f"{name} is {len(post.text):,} characters; the limit is "
                f"{settings.max_text_chars:,}",
                name,
            )
        try:
            item = IncomingComment(
                id=str(post.id),
                text=post.text,
                thread_id=None if post.thread_id is None else str(post.thread_id),
                parent_id=None if post.parent_id is None else str(post.parent_id),
                author=post.author,
                url=post.url,
                created_at=post.created_at,
            )
        except InputError as exc:
            name = str(exc).split(" ", 1)[0]
            raise ApiError(422, f"{_field(prefix, i, '')}{exc}", _field(prefix, i, name)) from None
        if item.id in seen:
            first = incoming[seen[item.id]]
            if first.text != item.text:
                raise ApiError(
                    422,
                    f"id {item.id!r} is sent twice in this request with different texts",
                    _field(prefix, i, "id"),
                )
            continue
        seen[item.id] = len(incoming)
        incoming.append(item)
    stored = await run_in_threadpool(store.existing, [item.id for item in incoming])
    for item in incoming:
        record = stored.get(item.id)
        if record is not None and not item.same_as(record):
            index = next(i for i, p in enumerate(posted) if str(p.id) == item.id)
            return _conflict(
                f"comment {item.id!r} is already stored with a different text; a forum id "
                "names one comment (send an edit under a new id)",
                _field(prefix, index, "text"),
                record,
            )
    new = [item for item in incoming if item.id not in stored]
    outcomes: dict[str, tuple[CommentRecord, IngestOutcome]] = {
        item.id: (stored[item.id], IngestOutcome.EXISTING) for item in incoming if item.id in stored
    }
    if new:
        try:
            predictions = await state.model_queue.predict(
                classifier, [item.text for item in new], is_disconnected=request.is_disconnected
            )
        except Overloaded as exc:
            raise ApiError(503, str(exc), None, {"Retry-After": str(exc.retry_after)}) from None
        except ClientGone:
            return Response(status_code=CLIENT_CLOSED)
        metrics.count_labels(p.label.value if p.label is not None else None for p in predictions)
        policy = Policy(settings.hold_spam_at, settings.pass_at)
        now = _now()
        rows = [
            prediction_row(item, prediction, classifier.version, policy, key.key_id, now)
            for item, prediction in zip(new, predictions, strict=True)
        ]
        written = await run_in_threadpool(store.store, rows, new)
        for item, (record, outcome) in zip(new, written, strict=True):
            if outcome is IngestOutcome.CONFLICT:
                index = next(i for i, p in enumerate(posted) if str(p.id) == item.id)
                return _conflict(
                    f"comment {item.id!r} was stored meanwhile with a different text",
                    _field(prefix, index, "text"),
                    record,
                )
            outcomes[item.id] = (record, outcome)
    results = []
    for item in incoming:
        record, outcome = outcomes[item.id]
        results.append({**record.to_dict(), "outcome": outcome.value})
    created = any(outcome is IngestOutcome.CREATED for _, outcome in outcomes.values())
    return JSONResponse({"results": results}, status_code=201 if created else 200)


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


# --- reads --------------------------------------------------------------------------------------


CommentIdPath = Annotated[
    str, Path(max_length=MAX_COMMENT_ID_CHARS, description="The forum's id of the comment.")
]


@router.get("/v1/queue", response_model=QueuePageOut, responses=error_responses(401, 422, 503))
async def queue_page(
    _key: Annotated[ApiKey, Depends(require_key)],
    store: Annotated[QueueStore, Depends(get_store)],
    state: Annotated[
        StateFilter,
        Query(description="open = held + pending (default); undecided adds passed; or all."),
    ] = "open",
    label: Annotated[Label | None, Query(description="Only this label (in force).")] = None,
    thread_id: Annotated[str | None, Query(max_length=200, description="One thread.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_QUEUE_PAGE, description="Page size.")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=500, description="next_cursor of the previous page.")
    ] = None,
) -> JSONResponse:
    """The queue in review order: held spam, then flagged, then lowest confidence first.

    Cursor-paginated on the last item's sort key, so comments arriving or decided while
    you page neither skip nor repeat items. Each item carries its parent comment when the
    parent is stored (thread context).
    """

    def read() -> dict[str, Any]:
        try:
            page = store.page(
                state=state, label=label, thread_id=thread_id, limit=limit, cursor=cursor
            )
        except InputError as exc:
            raise ApiError(422, str(exc), "cursor") from None
        wanted = [r.parent_id for r in page.items if r.parent_id is not None]
        parents = store.parents(wanted) if wanted else {}
        items = []
        for record in page.items:
            item = record.to_dict()
            parent = parents.get(record.parent_id) if record.parent_id is not None else None
            item["parent"] = parent.to_dict() if parent is not None else None
            items.append(item)
        return {"items": items, "next_cursor": page.next_cursor}

    return JSONResponse(await run_in_threadpool(read))


@router.get(
    "/v1/queue/counts", response_model=QueueCounts, responses=error_responses(401, 422, 503)
)
async def queue_counts(
    _key: Annotated[ApiKey, Depends(require_key)],
    store: Annotated[QueueStore, Depends(get_store)],
    label: Annotated[Label | None, Query(description="Only this label.")] = None,
    thread_id: Annotated[str | None, Query(max_length=200, description="One thread.")] = None,
) -> JSONResponse:
    """How many comments are in each state."""
    counts = await run_in_threadpool(lambda: store.counts(label=label, thread_id=thread_id))
    return JSONResponse({"counts": counts})


# --- decisions ----------------------------------------------------------------------------------


@router.post(
    "/v1/comments/{comment_id}/decision",
    response_model=DecisionResult,
    responses=error_responses(400, 401, 404, 409, 413, 422, 503),
)
async def decide(
    comment_id: CommentIdPath,
    body: DecisionCreate,
    key: Annotated[ApiKey, Depends(require_key)],
    store: Annotated[QueueStore, Depends(get_store)],
) -> JSONResponse:
    """Approve, remove or relabel a comment, or undo its latest decision.

    Recorded with the moderator's name (default: the key's name), key and time; every
    decision is kept. Relabel to spam removes the comment, to another label approves it;
    a relabel that changes the label is also stored as feedback for
    `claimcheck retrain --with-feedback`. Two moderators deciding at once: the first
    wins, the second gets 409 with the current state under `current`. `undo` is a new
    decision that restores the state and label before the latest decision not yet undone
    (and withdraws the feedback that decision stored).
    """
    try:
        done = await run_in_threadpool(
            lambda: store.decide(
                comment_id,
                body.action,
                moderator=body.moderator or key.name,
                key_id=key.key_id,
                label=body.label,
                reason=body.reason,
                version=body.version,
            )
        )
    except InputError as exc:
        field = "label" if "label" in str(exc) else None
        raise ApiError(422, str(exc), field) from None
    if done.outcome is DecisionOutcome.NOT_FOUND:
        raise ApiError(404, f"no stored comment with id {comment_id!r}", "comment_id")
    if done.outcome in (DecisionOutcome.CONFLICT, DecisionOutcome.NOTHING_TO_UNDO):
        return _conflict(done.message, "version", done.comment)
    assert done.comment is not None and done.decision is not None
    return JSONResponse({"comment": done.comment.to_dict(), "decision": done.decision.to_dict()})


@router.get(
    "/v1/comments/{comment_id}",
    response_model=CommentWithHistory,
    responses=error_responses(401, 404, 422, 503),
)
async def get_comment(
    comment_id: CommentIdPath,
    _key: Annotated[ApiKey, Depends(require_key)],
    store: Annotated[QueueStore, Depends(get_store)],
) -> JSONResponse:
    """One stored comment with its whole decision history, oldest first."""

    def read() -> dict[str, Any] | None:
        record = store.get(comment_id)
        if record is None:
            return None
        return {**record.to_dict(), "history": [d.to_dict() for d in store.history(comment_id)]}

    found = await run_in_threadpool(read)
    if found is None:
        raise ApiError(404, f"no stored comment with id {comment_id!r}", "comment_id")
    return JSONResponse(found)


@router.get(
    "/v1/decisions",
    response_model=DecisionPage,
    responses={
        200: {
            "description": "A page (JSON), or with format=jsonl every decision.",
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
        },
        **error_responses(401, 422, 503),
    },
)
async def list_decisions(
    _key: Annotated[ApiKey, Depends(require_key)],
    store: Annotated[QueueStore, Depends(get_store)],
    since: Annotated[
        IsoDateTime | None, Query(description="Only decisions at or after (ISO 8601).")
    ] = None,
    after: Annotated[int, Query(ge=0, le=2**62, description="Only ids above (paging).")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size.")] = 100,
    fmt: Annotated[
        Literal["json", "jsonl"],
        Query(alias="format", description="jsonl: every decision, oldest first, streamed."),
    ] = "json",
) -> Response:
    """Decisions oldest first: a page (`after` = the last id seen) or the whole JSONL export."""
    if fmt == "jsonl":
        return jsonl_download(store.iter_decisions(since=since), "decisions.jsonl")
    items = await run_in_threadpool(
        lambda: store.list_decisions(after=after, limit=limit, since=since)
    )
    next_after = items[-1].id if len(items) == limit else None
    return JSONResponse({"items": [d.to_dict() for d in items], "next_after": next_after})


# --- the page -----------------------------------------------------------------------------------


@router.get("/queue", response_class=HTMLResponse, include_in_schema=False)
async def queue_html(
    request: Request,
    state: Annotated[ServiceState, Depends(get_state)],
) -> HTMLResponse:
    """The moderators' queue page: keyboard triage of the pending comments."""
    return render_page(request, state, "queue.html", states=list(STATE_FILTERS))
