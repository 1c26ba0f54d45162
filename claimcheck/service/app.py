"""The HTTP API (FastAPI): classify comments, take moderators' corrections, export them.

`create_app(settings)` builds the app; its lifespan loads the model once and opens the
database. Endpoints get the model, database and settings through dependencies
(claimcheck.service.state), so tests swap them with `app.dependency_overrides`.

Regenerate the checked-in schema with:
    python -m claimcheck.service.app --write-openapi docs/openapi.json
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import anyio
from fastapi import Depends, FastAPI, Header, Query, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from claimcheck._version import __version__
from claimcheck.exceptions import InputError
from claimcheck.predict import Classifier
from claimcheck.service import queue_routes
from claimcheck.service.auth import classify_key, require_key
from claimcheck.service.db import ApiKey, Database, FeedbackIn, WriteOutcome
from claimcheck.service.errors import ApiError, error_response, install_error_handlers
from claimcheck.service.limits import RequestLimits
from claimcheck.service.metrics import CLIENT_CLOSED, Metrics, MetricsMiddleware
from claimcheck.service.model_queue import ClientGone, Overloaded
from claimcheck.service.page import install_page
from claimcheck.service.responses import error_responses, jsonl_download
from claimcheck.service.schemas import (
    ClassifyRequest,
    ClassifyResponse,
    FeedbackCreate,
    FeedbackOut,
    FeedbackPage,
    Health,
    IsoDateTime,
    ModelCard,
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
from claimcheck.service.tables import MAX_AUTHOR_CHARS, MAX_OFFSET, MAX_REQUEST_ID_CHARS
from claimcheck.types import Label, Prediction

logger = logging.getLogger("claimcheck.service")

#: Answers with more sentences than this are serialised in a worker thread (see classify).
INLINE_RENDER_SENTENCES = 256
#: List items encoded per json.dumps call in an answer (see _render).
RENDER_CHUNK = 128
#: Routes whose POST body must be JSON (415 otherwise).
JSON_ROUTES = ("/v1/classify", "/v1/feedback")
OPENAPI_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
REGENERATE = "python -m claimcheck.service.app --write-openapi docs/openapi.json"


def load_classifier(settings: ServiceSettings) -> Classifier:
    """Load and verify the bundle named by the settings (the shipped one by default)."""
    from claimcheck.predict import Settings, load_model

    return load_model(settings.model, Settings(review_threshold=settings.review_threshold))


def open_database(settings: ServiceSettings) -> Database:
    """Open the store; migrate it, or only check it when migrations run separately.

    A database that does not exist yet is created only with CLAIMCHECK_DB_CREATE: a deleted
    file must stop the start-up, not come back empty with every key and correction gone.
    """
    database = Database(settings.db_url)
    try:
        if settings.db_upgrade:
            database.upgrade(create=settings.db_create)
        else:
            database.check_schema()
    except BaseException:
        database.dispose()
        raise
    return database


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Load the model once and open the database; a bad model stops the start-up."""
    state: ServiceState = app.state.service
    owned: Database | None = None
    try:
        if state.classifier is None:
            state.classifier = await run_in_threadpool(load_classifier, state.settings)
        if state.database is None:
            owned = await run_in_threadpool(open_database, state.settings)
            state.database = owned
    except Exception as exc:
        logger.error("claimcheck service cannot start: %s", exc)
        raise
    state.metrics.model_info.labels(version=state.classifier.version).set(1)
    try:
        yield
    finally:
        if owned is not None:
            owned.dispose()
            state.database = None


# --- endpoints --------------------------------------------------------------------------------


async def classify(
    body: ClassifyRequest,
    classifier: Annotated[Classifier, Depends(get_classifier)],
    settings: Annotated[ServiceSettings, Depends(get_settings)],
    state: Annotated[ServiceState, Depends(get_state)],
    metrics: Annotated[Metrics, Depends(get_metrics)],
    _key: Annotated[ApiKey | None, Depends(classify_key)],
    request: Request,
) -> Response:
    """Label one comment (`text`, `id`) or a list (`comments`): full prediction per comment.

    Open unless the server sets CLAIMCHECK_CLASSIFY_REQUIRES_KEY. Limits (CLAIMCHECK_MAX_BATCH,
    CLAIMCHECK_MAX_TEXT_CHARS) answer 422 naming the field. The model runs in a worker
    thread, never on the event loop; when the work queued for it would not let this request
    finish within CLAIMCHECK_REQUEST_BUDGET_S, the answer is 503 with Retry-After.
    """
    items, prefix = body.items()
    if len(items) > settings.max_batch:
        raise ApiError(
            422,
            f"{len(items)} comments in one request; the limit is {settings.max_batch} "
            "(split the list)",
            "comments",
        )
    for i, item in enumerate(items):
        if len(item.text) > settings.max_text_chars:
            field = f"{prefix}[{i}].text" if prefix else "text"
            raise ApiError(
                422,
                f"{field} is {len(item.text):,} characters; the limit is "
                f"{settings.max_text_chars:,}",
                field,
            )
    texts = [item.text for item in items]
    try:
        predictions = await state.model_queue.predict(
            classifier, texts, is_disconnected=request.is_disconnected
        )
    except Overloaded as exc:
        raise ApiError(503, str(exc), None, {"Retry-After": str(exc.retry_after)}) from None
    except ClientGone:
        # Nobody is left to read an answer; the status is for the metrics and the log.
        return Response(status_code=CLIENT_CLOSED)
    metrics.count_labels(p.label.value if p.label is not None else None for p in predictions)
    ids = [item.id for item in items]
    if sum(len(p.sentences) for p in predictions) > INLINE_RENDER_SENTENCES:
        # A large answer (thousands of sentences) takes tens of ms to serialise: not on the
        # event loop, where every other request, /healthz included, would wait for it.
        content = await anyio.to_thread.run_sync(_render, classifier.version, ids, predictions)
    else:
        content = _render(classifier.version, ids, predictions)
    return Response(content, media_type="application/json")


def _render(version: str, ids: list[Any], predictions: list[Prediction]) -> bytes:
    """The classify answer as JSON bytes, the same as one json.dumps would write.

    Built directly: the values are already JSON-ready, and skipping FastAPI's second
    validation pass keeps latency down; response_model still documents the shape. Long
    lists (sentences, cues) are encoded RENDER_CHUNK items at a time: json.dumps runs in C
    and holds the GIL throughout, so one call on 4,000 sentences stopped the event loop
    for ~40 ms even from a worker thread.
    """
    results = []
    for item_id, prediction in zip(ids, predictions, strict=True):
        result = prediction.to_dict()
        result["id"] = item_id
        result["confidence"] = prediction.confidence
        results.append(_encode_object(result))
    head = _dumps({"model_version": version, "results": []})
    return (head[: -len("[]}")] + "[" + ",".join(results) + "]}").encode()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _encode_object(fields: dict[str, Any]) -> str:
    """json.dumps(fields) with compact separators, long list values encoded in chunks."""
    encoded = []
    for key, value in fields.items():
        if isinstance(value, list) and len(value) > RENDER_CHUNK:
            chunks = (
                _dumps(value[i : i + RENDER_CHUNK])[1:-1]
                for i in range(0, len(value), RENDER_CHUNK)
            )
            text = "[" + ",".join(chunks) + "]"
        else:
            text = _dumps(value)
        encoded.append(f"{_dumps(key)}:{text}")
    return "{" + ",".join(encoded) + "}"


def _input_field(message: str) -> str | None:
    """The field an InputError from FeedbackIn names ('text must not be empty' -> 'text')."""
    first = message.split(" ", 1)[0]
    return first if first in FeedbackCreate.model_fields else None


async def post_feedback(
    body: FeedbackCreate,
    key: Annotated[ApiKey, Depends(require_key)],
    database: Annotated[Database, Depends(get_database)],
    metrics: Annotated[Metrics, Depends(get_metrics)],
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=MAX_REQUEST_ID_CHARS,
            description="Same as request_id: a retry with the same value is stored once.",
        ),
    ] = None,
) -> JSONResponse:
    """Store a moderator's correct label for a comment (always needs an API key).

    201 with the stored record; a retry with the same request_id (or Idempotency-Key)
    answers 200 with the first record and header `Idempotent-Replayed: true`; reusing a
    request_id for different feedback answers 409.
    """
    request_id = body.request_id
    if idempotency_key is not None and request_id is not None and idempotency_key != request_id:
        raise ApiError(
            422, "the Idempotency-Key header and request_id differ; send one", "request_id"
        )
    request_id = request_id or idempotency_key or None
    try:
        item = FeedbackIn(
            text=body.text,
            label=body.label,
            author=body.author or key.name,
            comment_id=None if body.comment_id is None else str(body.comment_id),
            reason=body.reason,
            predicted_label=body.predicted_label,
            model_version=body.model_version,
            request_id=request_id,
        )
    except InputError as exc:
        raise ApiError(422, str(exc), _input_field(str(exc))) from None
    # The store decides, in the insert's transaction: stored, replayed or a conflict.
    record, outcome = await run_in_threadpool(database.record_feedback, item, key_id=key.key_id)
    if outcome is WriteOutcome.CONFLICT:
        raise ApiError(
            409,
            f"request_id {request_id!r} was already used for different feedback "
            f"(record {record.id}); use a new request_id",
            "request_id",
        )
    if outcome is WriteOutcome.REPLAYED:
        return JSONResponse(
            record.to_dict(), status_code=200, headers={"Idempotent-Replayed": "true"}
        )
    metrics.feedback_stored.labels(label=record.label).inc()
    # record.to_dict() is the one serialisation of a record (page, export and this answer).
    return JSONResponse(record.to_dict(), status_code=status.HTTP_201_CREATED)


async def list_feedback(
    _key: Annotated[ApiKey, Depends(require_key)],
    database: Annotated[Database, Depends(get_database)],
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size.")] = 50,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip (newest first).")
    ] = 0,
    label: Annotated[Label | None, Query(description="Only this corrected label.")] = None,
    author: Annotated[
        str | None, Query(max_length=MAX_AUTHOR_CHARS, description="Only this author.")
    ] = None,
    since: Annotated[
        IsoDateTime | None,
        Query(description="Only feedback stored at or after (ISO 8601; UTC if no offset)."),
    ] = None,
    fmt: Annotated[
        Literal["json", "jsonl"],
        Query(
            alias="format",
            description="json: one page; jsonl: every matching row (paging ignored), oldest "
            "first, streamed as application/x-ndjson for retraining.",
        ),
    ] = "json",
) -> JSONResponse | StreamingResponse:
    """Stored corrections (keyed): a page newest first, or the whole JSONL export."""
    if author is not None and "\x00" in author:
        raise ApiError(422, "author contains a NUL character", "author")
    if fmt == "jsonl":
        rows = database.iter_feedback(label=label, author=author, since=since)
        return jsonl_download(rows, "feedback.jsonl")

    def page() -> dict[str, Any]:
        items = database.list_feedback(
            limit=limit, offset=offset, label=label, author=author, since=since
        )
        total = database.count_feedback(label=label, author=author, since=since)
        return {
            "items": [r.to_dict() for r in items],
            "total": total,
            "limit": limit,
            "offset": offset,
        }

    return JSONResponse(await run_in_threadpool(page))


async def model_card(
    classifier: Annotated[Classifier, Depends(get_classifier)],
    settings: Annotated[ServiceSettings, Depends(get_settings)],
) -> ModelCard:
    """What the loaded model is: version, labels, training data digest, metrics, versions."""
    meta = classifier.meta
    return ModelCard(
        version=classifier.version,
        labels=[str(lab) for lab in meta.get("labels", [])],
        created=meta.get("created"),
        versions={str(k): str(v) for k, v in meta.get("versions", {}).items()},
        corpus_digest=meta.get("corpus_digest"),
        n_comments=meta.get("n_comments"),
        metrics=meta.get("metrics", {}),
        params=meta.get("params", {}),
        review_threshold=classifier.settings.review_threshold,
        max_batch=settings.max_batch,
        max_text_chars=settings.max_text_chars,
    )


async def healthz() -> Health:
    """The process is up (says nothing about the model or database)."""
    return Health(status="ok")


async def readyz(state: Annotated[ServiceState, Depends(get_state)]) -> Health | JSONResponse:
    """Ready to serve: model loaded and database reachable at the right schema; else 503."""
    if state.classifier is None:
        return error_response(503, "the model is not loaded yet")
    if state.database is None:
        return error_response(503, "the database is not open yet")
    try:
        await run_in_threadpool(state.database.check_schema)
    except Exception as exc:  # any failure to reach the store means not ready
        return error_response(503, f"database not ready: {exc}")
    return Health(status="ready", model_version=state.classifier.version)


async def metrics_text(metrics: Annotated[Metrics, Depends(get_metrics)]) -> Response:
    """Prometheus text: requests by route/status, latency histogram, labels served."""
    from prometheus_client import CONTENT_TYPE_LATEST

    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)


# --- assembly ---------------------------------------------------------------------------------


def create_app(
    settings: ServiceSettings | None = None,
    *,
    classifier: Classifier | None = None,
    database: Database | None = None,
) -> FastAPI:
    """Build the app. A classifier or database passed in is used as is (and not closed)."""
    settings = settings or ServiceSettings()
    state = ServiceState(settings=settings, classifier=classifier, database=database)
    app = FastAPI(
        title="claimcheck",
        version=__version__,
        summary="Label forum comments as testimonial, evidence_citation, spam or opinion; "
        "take moderators' corrections.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI would load assets from a CDN; the schema is enough
        redoc_url=None,
    )
    app.state.service = state
    install_error_handlers(app)
    app.add_api_route(
        "/v1/classify",
        classify,
        methods=["POST"],
        response_model=ClassifyResponse,
        responses=error_responses(400, 401, 413, 415, 422, 503),
        tags=["classify"],
        # The key is optional unless CLAIMCHECK_CLASSIFY_REQUIRES_KEY: {} means "none needed".
        openapi_extra={"security": [{}]},
    )
    app.add_api_route(
        "/v1/feedback",
        post_feedback,
        methods=["POST"],
        status_code=201,
        response_model=FeedbackOut,
        responses={
            200: {"model": FeedbackOut, "description": "A retry: the record stored first."},
            **error_responses(400, 401, 409, 413, 415, 422, 503),
        },
        tags=["feedback"],
    )
    app.add_api_route(
        "/v1/feedback",
        list_feedback,
        methods=["GET"],
        response_model=FeedbackPage,
        responses={
            200: {
                "description": "A page (JSON), or with format=jsonl the whole export.",
                "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
            },
            **error_responses(401, 422, 503),
        },
        tags=["feedback"],
    )
    app.add_api_route("/v1/model", model_card, methods=["GET"], response_model=ModelCard)
    app.add_api_route("/healthz", healthz, methods=["GET"], response_model=Health)
    app.add_api_route(
        "/readyz", readyz, methods=["GET"], response_model=Health, responses=error_responses(503)
    )
    app.add_api_route(
        "/metrics",
        metrics_text,
        methods=["GET"],
        response_class=Response,
        responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
    )
    install_page(app)
    app.include_router(queue_routes.router)
    app.add_middleware(
        RequestLimits,
        max_body_bytes=settings.max_body_bytes,
        json_paths=JSON_ROUTES + queue_routes.JSON_ROUTES,
    )
    app.add_middleware(MetricsMiddleware, metrics=state.metrics)
    return app


def openapi_schema() -> dict[str, Any]:
    """The schema as served (independent of settings, so it can be checked in)."""
    return create_app(ServiceSettings.model_construct()).openapi()


def write_openapi(path: Path) -> None:
    path.write_text(json.dumps(openapi_schema(), indent=2, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """`python -m claimcheck.service.app --write-openapi PATH`: regenerate the schema file."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "--write-openapi":
        print(f"usage: {REGENERATE}", file=sys.stderr)
        return 2
    write_openapi(Path(args[1]))
    print(f"wrote {args[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
