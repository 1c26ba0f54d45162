"""Bearer-token auth: feedback and exports always keyed; classify open or keyed by setting."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from claimcheck.service.db import Database

FEEDBACK = {"text": "Went to Poland for it; walking further now.", "label": "testimonial"}


def _assert_401(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    error = response.json()["error"]
    assert error["status"] == 401 and error["field"] == "Authorization"
    assert error["message"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer not-a-token"},
        {"Authorization": "Bearer cc_deadbeef0000_" + "A" * 43},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "cc_only_the_token"},
    ],
    ids=["missing", "empty", "malformed", "unknown", "basic", "no-scheme"],
)
def test_feedback_refuses_requests_without_a_valid_key(
    client: TestClient, database: Database, headers: dict[str, str]
):
    _assert_401(client.post("/v1/feedback", json=FEEDBACK, headers=headers))
    _assert_401(client.get("/v1/feedback", headers=headers))
    _assert_401(client.get("/v1/feedback", params={"format": "jsonl"}, headers=headers))
    assert database.count_feedback() == 0


def test_a_wrong_secret_for_a_real_key_id_is_refused(client: TestClient, api_token: str):
    prefix, _, secret = api_token.rpartition("_")
    forged = f"{prefix}_{'x' if secret[0] != 'x' else 'y'}{secret[1:]}"
    _assert_401(
        client.post("/v1/feedback", json=FEEDBACK, headers={"Authorization": f"Bearer {forged}"})
    )


def test_a_revoked_key_stops_working_at_once(client: TestClient, database: Database):
    key, token = database.create_key("temp moderator")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/v1/feedback", json=FEEDBACK, headers=headers).status_code == 201
    database.revoke_key(key.key_id)
    _assert_401(client.post("/v1/feedback", json=FEEDBACK, headers=headers))
    _assert_401(client.get("/v1/feedback", headers=headers))
    assert database.count_feedback() == 1


def test_the_bearer_scheme_is_case_insensitive(client: TestClient, api_token: str):
    response = client.get("/v1/feedback", headers={"Authorization": f"bearer {api_token}"})
    assert response.status_code == 200


def test_classify_is_open_by_default(client: TestClient):
    assert client.post("/v1/classify", json={"text": "Just my two cents."}).status_code == 200


def test_classify_can_require_a_key(make_client, auth):  # type: ignore[no-untyped-def]
    keyed = make_client(classify_requires_key=True)
    _assert_401(keyed.post("/v1/classify", json={"text": "Just my two cents."}))
    bad = {"Authorization": "Bearer nope"}
    _assert_401(keyed.post("/v1/classify", json={"text": "Just my two cents."}, headers=bad))
    ok = keyed.post("/v1/classify", json={"text": "Just my two cents."}, headers=auth)
    assert ok.status_code == 200


def test_reading_endpoints_need_no_key(client: TestClient):
    for path in ("/", "/healthz", "/readyz", "/v1/model", "/metrics", "/openapi.json"):
        assert client.get(path).status_code == 200, path


def test_tokens_are_never_echoed(client: TestClient, api_token: str, auth):
    stored = client.post("/v1/feedback", json=FEEDBACK, headers=auth)
    listed = client.get("/v1/feedback", headers=auth)
    metrics = client.get("/metrics")
    secret = api_token.rpartition("_")[2]
    for response in (stored, listed, metrics):
        assert secret not in response.text
