"""Issue 11, the HTTP service: nothing lost, nothing hangs.

Each test is a regression test for one finding: a deleted or replaced SQLite file, a lost
database recreated empty, racing retries with one Idempotency-Key, the model run on the
event loop and without a time budget, 5xx on out-of-range listing parameters, a client
that leaves mid-body counted as a server error, and terminal escapes in `keys list`.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimcheck.exceptions import StoreError
from claimcheck.service.app import create_app, open_database
from claimcheck.service.db import Database
from claimcheck.service.metrics import UNMATCHED
from claimcheck.service.settings import ServiceSettings

if TYPE_CHECKING:
    from claimcheck.service.db import FeedbackIn, FeedbackRecord, WriteOutcome

#: Longest any test waits for a thread or a gate; a hang fails instead of blocking CI.
WAIT_S = 10.0


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "feedback.db"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{db_path}")
    db.upgrade(create=True)
    yield db
    db.dispose()


@pytest.fixture
def auth(database: Database) -> dict[str, str]:
    return {"Authorization": f"Bearer {database.create_key('moderator')[1]}"}


@pytest.fixture
def make_client(shipped_model: Any, database: Database) -> Iterator[Callable[..., TestClient]]:
    """make_client(classifier=..., **settings): a started TestClient on the test database."""
    clients: list[TestClient] = []

    def make(classifier: Any = None, **overrides: Any) -> TestClient:
        settings = ServiceSettings(db_url=database.url, **overrides)
        app = create_app(settings, classifier=classifier or shipped_model, database=database)
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["status"] == status and error["message"]
    return error


def _in_thread(call: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """Run `call` in a daemon thread; its result lands in the returned list."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    return thread, result


# --- 4. a deleted or replaced SQLite file -------------------------------------------------------


def test_feedback_is_refused_once_the_database_file_is_deleted(
    make_client: Callable[..., TestClient], auth: dict[str, str], db_path: Path
) -> None:
    client = make_client()
    body = {"text": "Had the stent in 2011 and walk again.", "label": "testimonial"}
    assert client.post("/v1/feedback", json=body, headers=auth).status_code == 201
    os.remove(db_path)
    # The open connections would still commit into the unlinked file: never acknowledge.
    error = _error(client.post("/v1/feedback", json=body, headers=auth), 503)
    assert "deleted" in error["message"]
    _error(client.get("/readyz"), 503)
    _error(client.get("/v1/feedback", headers=auth), 503)
    assert not db_path.exists()  # and no empty file was made in its place


def test_feedback_is_refused_once_the_database_file_is_replaced(
    make_client: Callable[..., TestClient], auth: dict[str, str], db_path: Path, tmp_path: Path
) -> None:
    client = make_client()
    body = {"text": "Cheap pills, visit my site", "label": "spam"}
    assert client.post("/v1/feedback", json=body, headers=auth).status_code == 201
    moved = tmp_path / "moved.db"
    shutil.move(db_path, moved)
    shutil.copy(moved, db_path)  # same content, another file: writes here would be lost
    error = _error(client.post("/v1/feedback", json=body, headers=auth), 503)
    assert "replaced" in error["message"]
    _error(client.get("/readyz"), 503)


def test_a_restart_does_not_create_an_empty_database_where_one_was_lost(
    database: Database, db_path: Path
) -> None:
    database.create_key("night shift")
    database.dispose()
    os.remove(db_path)
    settings = ServiceSettings(db_url=database.url)  # CLAIMCHECK_DB_UPGRADE on, the default
    with pytest.raises(StoreError, match=r"does not exist.*claimcheck db upgrade"):
        open_database(settings)
    assert not db_path.exists()
    # Asked explicitly, the service does create it.
    created = open_database(ServiceSettings(db_url=database.url, db_create=True))
    try:
        assert db_path.is_file() and created.list_keys() == []
    finally:
        created.dispose()


def test_an_empty_schema_is_not_filled_in_at_start_unless_asked(db_path: Path) -> None:
    db_path.touch()  # an empty SQLite database, e.g. restored from a bad backup
    with pytest.raises(StoreError, match=r"no claimcheck schema.*claimcheck db upgrade"):
        open_database(ServiceSettings(db_url=f"sqlite:///{db_path}"))


# --- 5. racing retries with one Idempotency-Key -------------------------------------------------


class RacingDatabase(Database):
    """Holds every feedback write at a barrier, so all racing requests have started first."""

    barrier: threading.Barrier

    def record_feedback(
        self, item: FeedbackIn, *, key_id: str | None = None
    ) -> tuple[FeedbackRecord, WriteOutcome]:
        self.barrier.wait()
        return super().record_feedback(item, key_id=key_id)


def test_racing_retries_get_one_201_and_the_rest_200_or_409(
    shipped_model: Any, db_path: Path
) -> None:
    n = 8
    racing = RacingDatabase(f"sqlite:///{db_path}")
    racing.upgrade(create=True)
    racing.barrier = threading.Barrier(n, timeout=WAIT_S)
    headers = {
        "Authorization": f"Bearer {racing.create_key('retrying client')[1]}",
        "Idempotency-Key": "one-key",
    }
    bodies = [
        {"text": "I had it done in 2010.", "label": "testimonial"},
        {"text": "I had it done in 2010.", "label": "opinion"},  # a different body
    ]
    app = create_app(ServiceSettings(db_url=racing.url), classifier=shipped_model, database=racing)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            threads = [
                _in_thread(
                    lambda i=i: client.post("/v1/feedback", json=bodies[i % 2], headers=headers)
                )
                for i in range(n)
            ]
            for thread, _ in threads:
                thread.join(WAIT_S)
            responses = [(i % 2, result[0]) for i, (_, result) in enumerate(threads)]
            metrics = client.get("/metrics").text
        statuses = Counter(response.status_code for _, response in responses)
        assert statuses[201] == 1, statuses
        [winner] = [body for body, response in responses if response.status_code == 201]
        for body, response in responses:
            if response.status_code != 201:
                assert response.status_code == (200 if body == winner else 409), response.text
        [row] = racing.list_feedback()
        assert row.label == bodies[winner]["label"]
        assert 'claimcheck_feedback_stored_total{label="' + row.label + '"} 1.0' in metrics
    finally:
        racing.dispose()


# --- 6. the model off the event loop, within a time budget --------------------------------------


class GatedClassifier:
    """The shipped model behind a gate: the first `hold` calls wait until the test opens it."""

    def __init__(self, inner: Any, hold: int = 1) -> None:
        self.inner = inner
        self.hold = hold
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.calls: list[list[str]] = []

    def predict(self, texts: list[str]) -> Any:
        self.calls.append(list(texts))
        if len(self.calls) <= self.hold:
            self.entered.set()
            if not self.gate.wait(WAIT_S):
                raise RuntimeError("the test never opened the gate")
        return self.inner.predict(texts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_health_checks_answer_while_the_model_is_busy(
    make_client: Callable[..., TestClient], shipped_model: Any
) -> None:
    gated = GatedClassifier(shipped_model)
    client = make_client(classifier=gated)
    try:
        busy, answer = _in_thread(lambda: client.post("/v1/classify", json={"text": "short"}))
        assert gated.entered.wait(WAIT_S)
        for path in ("/healthz", "/readyz"):
            probe, result = _in_thread(lambda path=path: client.get(path))
            probe.join(5.0)
            assert result and result[0].status_code == 200, f"{path} waited for the model"
    finally:
        gated.gate.set()
    busy.join(WAIT_S)
    assert answer[0].status_code == 200


def test_a_request_the_queue_cannot_serve_within_budget_is_503_with_retry_after(
    make_client: Callable[..., TestClient], shipped_model: Any
) -> None:
    gated = GatedClassifier(shipped_model)
    client = make_client(classifier=gated, request_budget_s=0.5)
    opener = threading.Timer(3.0, gated.gate.set)  # before the fix the second call waited
    try:
        first, first_answer = _in_thread(
            lambda: client.post("/v1/classify", json={"text": "first"})
        )
        assert gated.entered.wait(WAIT_S)
        opener.start()
        second = client.post("/v1/classify", json={"text": "second"})
        error = _error(second, 503)
        assert "CLAIMCHECK_REQUEST_BUDGET_S" in error["message"]
        assert int(second.headers["Retry-After"]) >= 1
    finally:
        gated.gate.set()
        opener.cancel()
    first.join(WAIT_S)
    assert first_answer[0].status_code == 200
    assert len(gated.calls) == 1  # the refused request never reached the model


def test_a_long_batch_lets_a_short_request_in_between_its_slices(
    make_client: Callable[..., TestClient], shipped_model: Any
) -> None:
    gated = GatedClassifier(shipped_model)
    client = make_client(classifier=gated)
    app_state = client.app.state.service  # type: ignore[attr-defined]
    batch = [{"text": f"comment number {i} of a long batch"} for i in range(100)]
    try:
        long, long_answer = _in_thread(
            lambda: client.post("/v1/classify", json={"comments": batch})
        )
        assert gated.entered.wait(WAIT_S)
        short, short_answer = _in_thread(lambda: client.post("/v1/classify", json={"text": "hi"}))
        queue = getattr(app_state, "model_queue", None)
        waited = 0.0
        while (queue is None or queue.pending < 2) and waited < 1.0:
            threading.Event().wait(0.01)  # until the short request queues behind the slice
            waited += 0.01
    finally:
        gated.gate.set()
    long.join(WAIT_S)
    short.join(WAIT_S)
    assert long_answer[0].status_code == 200 and short_answer[0].status_code == 200
    assert len(long_answer[0].json()["results"]) == 100
    # The short request ran after the batch's first slice, not after the whole batch.
    assert gated.calls[1] == ["hi"]
    assert sum(len(call) for call in gated.calls) == 101
    assert max(len(call) for call in gated.calls) < 100


# --- smaller: listing parameters out of range are 422, not 5xx ----------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"offset": str(2**63)}, "offset"),
        ({"offset": "1" + "0" * 40}, "offset"),
        ({"since": "0001-01-01T00:00:00+01:00"}, "since"),
        ({"since": "9999-12-31T23:00:00-05:00"}, "since"),
    ],
)
def test_out_of_range_listing_parameters_are_422_naming_the_field(
    make_client: Callable[..., TestClient], auth: dict[str, str], params: dict, field: str
) -> None:
    client = make_client()
    for fmt in ("json", "jsonl"):
        error = _error(
            client.get("/v1/feedback", params={**params, "format": fmt}, headers=auth), 422
        )
        assert error["field"] == field


def test_the_largest_offset_is_an_empty_page(
    make_client: Callable[..., TestClient], auth: dict[str, str]
) -> None:
    response = make_client().get("/v1/feedback", params={"offset": 2**63 - 1}, headers=auth)
    assert response.status_code == 200 and response.json()["items"] == []


# --- smaller: a client that leaves mid-body is not a server error -------------------------------


def test_a_client_that_disconnects_mid_body_is_counted_as_499(
    shipped_model: Any, database: Database
) -> None:
    app = create_app(
        ServiceSettings(db_url=database.url), classifier=shipped_model, database=database
    )
    messages = [
        {"type": "http.request", "body": b'{"text": "half a comm', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/classify",
        "raw_path": b"/v1/classify",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"test"), (b"content-type", b"application/json")],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }
    anyio.run(app, scope, receive, send)
    registry = app.state.service.metrics.registry
    count = "claimcheck_http_requests_total"
    labels = {"route": UNMATCHED, "method": "POST"}
    assert registry.get_sample_value(count, {**labels, "status": "500"}) is None
    assert registry.get_sample_value(count, {**labels, "status": "499"}) == 1.0


# --- smaller: terminal escapes in key names -----------------------------------------------------

HOSTILE_NAME = "evil\x1b[2J\x1b]0;owned\x07 [red]x[/] \u202etxt\x9b1m"


def test_keys_list_escapes_control_characters_and_json_stays_exact(database: Database) -> None:
    from claimcheck.cli import app

    database.create_key(HOSTILE_NAME)
    runner = CliRunner()
    table = runner.invoke(app, ["keys", "list", "--db", database.url])
    assert table.exit_code == 0, table.output
    for raw in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert raw not in table.stdout
    assert "evil\\x1b[2J" in table.stdout and "[red]x[/]" in table.stdout
    listed = runner.invoke(app, ["keys", "list", "--db", database.url, "--json"])
    assert listed.exit_code == 0, listed.output
    assert "\x1b" not in listed.stdout and "\x9b" not in listed.stdout
    assert [key["name"] for key in json.loads(listed.stdout)] == [HOSTILE_NAME]
