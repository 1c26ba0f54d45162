"""`claimcheck serve`: a real uvicorn server on loopback, and start-up failures from the CLI."""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from claimcheck.bundle import default_model_path
from claimcheck.cli import app
from claimcheck.service.db import Database
from claimcheck.service.server import build_settings

pytestmark = pytest.mark.slow


def test_classify_feedback_and_metrics_over_real_http(live_server):  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {live_server.token}"}
    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        classified = http.post("/v1/classify", json={"text": "Had it in 2011; walking again."})
        assert classified.status_code == 200
        label = classified.json()["results"][0]["label"]
        stored = http.post(
            "/v1/feedback",
            json={
                "text": "Had it in 2011; walking again.",
                "label": "testimonial",
                "predicted_label": label,
                "request_id": "live-1",
            },
            headers=auth,
        )
        assert stored.status_code == 201
        assert http.post("/v1/feedback", json={"text": "x", "label": "spam"}).status_code == 401
        metrics = http.get("/metrics").text
        assert 'route="/v1/classify"' in metrics and "claimcheck_labels_served_total" in metrics
    database = Database(live_server.db_url)
    try:
        (record,) = database.list_feedback()
        assert record.request_id == "live-1" and record.key_id == live_server.key_id
    finally:
        database.dispose()


def test_a_streamed_oversized_body_is_cut_off_with_413(live_server):  # type: ignore[no-untyped-def]
    """Chunked upload with no Content-Length: the server answers 413 before reading 4 MiB+."""

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(80):  # 80 x 64 KiB = 5 MiB
            yield b"a" * 65536
        yield b'"}'

    with httpx.Client(base_url=live_server.url, timeout=30) as http:
        try:
            response = http.post(
                "/v1/classify", content=chunks(), headers={"Content-Type": "application/json"}
            )
        except httpx.TransportError:
            pytest.fail("the server dropped the connection instead of answering 413")
        assert response.status_code == 413
        assert response.json()["error"]["status"] == 413
        assert http.get("/healthz").status_code == 200  # and it is still serving


def test_declared_oversized_body_is_refused_without_reading(live_server):  # type: ignore[no-untyped-def]
    with socket.create_connection(("127.0.0.1", live_server.port), timeout=10) as raw:
        raw.sendall(
            b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 999999999\r\n\r\n"
        )
        reply = raw.recv(4096).decode("latin-1")
    assert reply.startswith("HTTP/1.1 413")


def test_serve_refuses_a_tampered_model_with_one_line(tmp_path: Path):
    bundle = tmp_path / "bundle"
    shutil.copytree(default_model_path(), bundle)
    meta = json.loads((bundle / "meta.json").read_text())
    meta["n_comments"] = 1
    (bundle / "meta.json").write_text(json.dumps(meta))
    result = CliRunner().invoke(
        app, ["serve", "--model", str(bundle), "--db", f"sqlite:///{tmp_path / 'x.db'}"]
    )
    assert result.exit_code == 1
    assert "SHA-256" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_serve_reports_a_bad_setting(tmp_path: Path):
    result = CliRunner().invoke(app, ["serve"], env={"CLAIMCHECK_MAX_BATCH": "lots"})
    assert result.exit_code == 2
    assert "CLAIMCHECK_MAX_BATCH" in result.stderr


def test_command_line_overrides_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CLAIMCHECK_PORT", "9001")
    monkeypatch.setenv("CLAIMCHECK_DB_URL", "sqlite:///from-env.db")
    monkeypatch.setenv("CLAIMCHECK_CLASSIFY_REQUIRES_KEY", "true")
    settings = build_settings(port=9100, db_url=None, host=None, model=None)
    assert settings.port == 9100
    assert settings.db_url == "sqlite:///from-env.db"
    assert settings.classify_requires_key is True
