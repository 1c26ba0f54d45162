"""Databases for the service tests: a real SQLite file, and a real PostgreSQL server.

PostgreSQL comes from $CLAIMCHECK_TEST_POSTGRES_URL (`.ci/postgres.sh` starts a throwaway
server and prints it). Without it the PostgreSQL tests skip, unless
CLAIMCHECK_REQUIRE_SERVICES=1, when they fail: CI must never skip them silently.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck.service.db import Database

POSTGRES_ENV = "CLAIMCHECK_TEST_POSTGRES_URL"
REQUIRE_ENV = "CLAIMCHECK_REQUIRE_SERVICES"
SMALL_PER_LABEL = 10


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a fresh (not yet created) SQLite database file."""
    return f"sqlite:///{tmp_path / 'feedback.db'}"


@pytest.fixture
def database(sqlite_url: str) -> Iterator[Database]:
    """A migrated SQLite file database, disposed at teardown."""
    db = Database(sqlite_url)
    db.upgrade(create=True)
    yield db
    db.dispose()


@pytest.fixture
def small_corpus(tiny_corpus: Path, tmp_path: Path) -> Path:
    """The first 10 comments per label of the tiny corpus: enough to train, fast to train."""
    from claimcheck.corpus import load_comments

    records = load_comments(tiny_corpus)
    lines = tiny_corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    taken: dict[str, int] = {}
    kept: list[str] = []
    for record, line in zip(records, lines, strict=True):
        if taken.get(record.label.value, 0) < SMALL_PER_LABEL:
            taken[record.label.value] = taken.get(record.label.value, 0) + 1
            kept.append(line)
    path = tmp_path / "small_corpus.jsonl"
    path.write_text("".join(kept), encoding="utf-8")
    return path


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database, dropped after the test."""
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        message = f'{POSTGRES_ENV} is not set (eval "$(.ci/postgres.sh start)" starts a server)'
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {message}")
        pytest.skip(message)
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"cc_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database URL: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def any_database(any_database_url: str) -> Iterator[Database]:
    """A migrated Database on SQLite and on PostgreSQL, disposed at teardown."""
    db = Database(any_database_url)
    db.upgrade(create=True)
    yield db
    db.dispose()


# --- HTTP app (helper S2) ---------------------------------------------------------------------


@pytest.fixture
def make_client(shipped_model, database: Database):  # type: ignore[no-untyped-def]
    """make_client(**settings) -> a started TestClient over the app, with the shipped model and
    the migrated SQLite `database` injected (so no test pays for loading either again)."""
    from fastapi.testclient import TestClient

    from claimcheck.service.app import create_app
    from claimcheck.service.settings import ServiceSettings

    clients = []

    def make(**overrides: object) -> TestClient:
        settings = ServiceSettings(db_url=database.url, **overrides)  # type: ignore[arg-type]
        app = create_app(settings, classifier=shipped_model, database=database)
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client):  # type: ignore[no-untyped-def]
    """A started TestClient with default settings (classify open)."""
    return make_client()


@pytest.fixture
def api_token(database: Database) -> str:
    """The plaintext bearer token of a fresh key named 'moderator-1'."""
    return database.create_key("moderator-1")[1]


@pytest.fixture
def auth(api_token: str) -> dict[str, str]:
    """Authorization header for `api_token`."""
    return {"Authorization": f"Bearer {api_token}"}


class LiveServer:
    """A real `claimcheck serve` subprocess on a free loopback port (see `live_server`)."""

    def __init__(self, root: Path, **env: str) -> None:
        import socket
        import subprocess
        import sys

        self.db_url = f"sqlite:///{root / 'live.db'}"
        setup = Database(self.db_url)
        setup.upgrade(create=True)
        self.key_id, self.token = (lambda kt: (kt[0].key_id, kt[1]))(setup.create_key("live"))
        setup.dispose()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = root / "server.log"
        self._log = self.log_path.open("wb")
        environment = {**os.environ, "CLAIMCHECK_ACCESS_LOG": "false", **env}
        command = [sys.executable, "-m", "claimcheck.cli", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "--db", self.db_url],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=environment,
        )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 120.0) -> None:
        """Poll /readyz until 200; fail with the server's log if it dies or times out."""
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        pytest.fail(f"server not ready after {timeout} s:\n{self.log()}")

    def stop(self) -> int:
        """SIGTERM, then wait (SIGKILL after 20 s); returns the exit code."""
        import subprocess

        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server per test module (start-up imports spaCy: seconds, not milliseconds)."""
    server = LiveServer(tmp_path_factory.mktemp("live"))
    try:
        server.wait_ready()
        yield server
    finally:
        code = server.stop()
    # uvicorn re-raises SIGTERM after a graceful shutdown, hence -15 rather than 0.
    assert code in (0, -15), server.log()
    assert "Application shutdown complete" in server.log(), server.log()


# --- a real browser (the page tests) ----------------------------------------------------------

CHROMIUM = os.environ.get("CLAIMCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_browser() -> None:
    """Skip without Chromium or Playwright; fail instead when CLAIMCHECK_REQUIRE_SERVICES=1."""
    missing = None
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        missing = f"{CHROMIUM} not found (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed"
    if missing:
        if os.environ.get("CLAIMCHECK_REQUIRE_SERVICES") == "1":
            pytest.fail(f"CLAIMCHECK_REQUIRE_SERVICES=1 but {missing}")
        pytest.skip(missing)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One headless Chromium per test module (the page and queue browser tests)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
