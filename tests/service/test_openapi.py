"""The checked-in OpenAPI schema (docs/openapi.json) matches what the app serves."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from claimcheck.service.app import OPENAPI_PATH, REGENERATE, openapi_schema


def test_checked_in_schema_is_current():
    assert OPENAPI_PATH.is_file(), f"{OPENAPI_PATH} is missing; create it with: {REGENERATE}"
    checked_in = json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))
    assert checked_in == openapi_schema(), (
        f"docs/openapi.json is out of date with the app; regenerate it with: {REGENERATE}"
    )


def test_served_schema_is_the_checked_in_one(client: TestClient):
    served = client.get("/openapi.json").json()
    assert served == json.loads(OPENAPI_PATH.read_text(encoding="utf-8"))


def test_schema_does_not_depend_on_settings(make_client):  # type: ignore[no-untyped-def]
    keyed = make_client(classify_requires_key=True, max_batch=2, max_text_chars=10)
    assert keyed.get("/openapi.json").json() == openapi_schema()


def test_every_error_response_uses_the_error_shape():
    schema = openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) < 400:
                    continue
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorResponse"), (path, method, status)


def test_feedback_endpoints_declare_the_bearer_scheme():
    schema = openapi_schema()
    assert schema["components"]["securitySchemes"]["ApiKey"]["scheme"].lower() == "bearer"
    for method in ("get", "post"):
        assert {"ApiKey": []} in schema["paths"]["/v1/feedback"][method]["security"]
