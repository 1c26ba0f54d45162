"""Limits and bad bodies: every refusal is the JSON error shape, never a 5xx."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.service.limits import is_json_content_type

JSON_HEADERS = {"Content-Type": "application/json"}


def _error(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"message", "field", "status"}
    assert error["status"] == status and error["message"]
    return error


# --- batch size and text length (422, field named) ---------------------------------------------


def test_batch_over_the_maximum_names_the_field(make_client):  # type: ignore[no-untyped-def]
    client = make_client(max_batch=3)
    ok = client.post("/v1/classify", json={"comments": [{"text": "a b c"}] * 3})
    assert ok.status_code == 200 and len(ok.json()["results"]) == 3
    error = _error(client.post("/v1/classify", json={"comments": [{"text": "x"}] * 4}), 422)
    assert error["field"] == "comments" and "3" in error["message"]


def test_default_max_batch_is_256(client: TestClient):
    error = _error(client.post("/v1/classify", json={"comments": [{"text": ""}] * 257}), 422)
    assert error["field"] == "comments" and "256" in error["message"]


def test_text_over_the_limit_names_the_comment(make_client):  # type: ignore[no-untyped-def]
    client = make_client(max_text_chars=50)
    comments = [{"text": "short"}, {"text": "fine too"}, {"text": "y" * 51}]
    error = _error(client.post("/v1/classify", json={"comments": comments}), 422)
    assert error["field"] == "comments[2].text"
    error = _error(client.post("/v1/classify", json={"text": "z" * 51}), 422)
    assert error["field"] == "text"
    # the limit counts characters, not bytes: 50 emoji pass
    assert client.post("/v1/classify", json={"text": "😀" * 50}).status_code == 200


# --- body size (413), streamed or declared ------------------------------------------------------


def test_body_over_max_bytes_is_413(make_client):  # type: ignore[no-untyped-def]
    client = make_client(max_body_bytes=2048)
    body = json.dumps({"text": "word " * 1000})
    error = _error(client.post("/v1/classify", content=body, headers=JSON_HEADERS), 413)
    assert "2048" in error["message"]


def test_chunked_body_without_length_is_counted(make_client):  # type: ignore[no-untyped-def]
    client = make_client(max_body_bytes=2048)

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 100
        yield b'"}'

    response = client.post("/v1/classify", content=chunks(), headers=JSON_HEADERS)
    _error(response, 413)


def test_a_body_just_under_the_limit_passes(make_client):  # type: ignore[no-untyped-def]
    client = make_client(max_body_bytes=2048)
    body = json.dumps({"text": "w" * 2000}).encode()
    assert len(body) <= 2048
    assert client.post("/v1/classify", content=body, headers=JSON_HEADERS).status_code == 200


# --- content type (415) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "", "json"],
)
def test_non_json_content_type_is_415(client: TestClient, auth, content_type: str):
    headers = {"Content-Type": content_type} if content_type else {}
    body = b'{"text": "hello"}'
    for path, extra in (("/v1/classify", {}), ("/v1/feedback", auth)):
        error = _error(client.post(path, content=body, headers={**headers, **extra}), 415)
        assert error["field"] == "Content-Type"


def test_json_with_charset_and_plus_json_are_accepted(client: TestClient):
    for content_type in ("application/json; charset=utf-8", "application/vnd.api+json"):
        response = client.post(
            "/v1/classify", content=b'{"text": "hello"}', headers={"Content-Type": content_type}
        )
        assert response.status_code == 200, content_type


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("application/json", True),
        ("Application/JSON ; charset=UTF-8", True),
        ("application/problem+json", True),
        ("text/json", False),
        ("application/jsonp", False),
        ("", False),
    ],
)
def test_is_json_content_type(value: str, expected: bool):
    assert is_json_content_type(value) is expected


# --- malformed bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b'{"text": ', 422),
        (b"", 422),
        (b"null", 422),
        (b"[]", 422),
        (b'"just a string"', 422),
        (b"42", 422),
        (b'{"text": "caf\xe9"}', 400),  # Latin-1, not UTF-8
        (b"\xff\xfe\x00\x00garbage", 400),
        (b'{"text": "\\ud800"}', 422),  # lone surrogate
        (b'{"text": 5}', 422),
        (b'{"text": ["a"]}', 422),
        (b'{"comments": "not a list"}', 422),
        (b'{"comments": [{"text": "a"}], "text": "b"}', 422),
        (b'{"comments": [{"text": "a", "extra": 1}]}', 422),
        (b"{}", 422),
    ],
)
def test_malformed_classify_bodies(client: TestClient, body: bytes, status: int):
    _error(client.post("/v1/classify", content=body, headers=JSON_HEADERS), status)


def test_wrong_types_name_the_field(client: TestClient, auth):
    error = _error(
        client.post("/v1/classify", json={"comments": [{"text": "a"}, {"text": 7}]}), 422
    )
    assert error["field"] == "comments[1].text"
    error = _error(client.post("/v1/classify", json={"text": "a", "id": [1]}), 422)
    assert error["field"] == "id"
    bad_label = {"text": "a", "label": "rumour"}
    error = _error(client.post("/v1/feedback", json=bad_label, headers=auth), 422)
    assert error["field"] == "label"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "", "label": "spam"}, "text"),
        ({"text": "   ", "label": "spam"}, "text"),
        ({"text": "nul \x00 inside", "label": "spam"}, "text"),
        ({"text": "ok", "label": "spam", "author": ""}, "author"),
        ({"text": "ok", "label": "spam", "reason": "r" * 5000}, "reason"),
        ({"label": "spam"}, "text"),
        ({"text": "ok"}, "label"),
        ({"text": "ok", "label": "spam", "predicted_label": "maybe"}, "predicted_label"),
    ],
)
def test_bad_feedback_is_422_with_the_field(client: TestClient, auth, body: dict, field: str):
    error = _error(client.post("/v1/feedback", json=body, headers=auth), 422)
    assert error["field"] == field


def test_unknown_routes_and_methods_are_json(client: TestClient):
    _error(client.get("/v2/classify"), 404)
    response = client.put("/v1/classify", json={"text": "a"})
    _error(response, 405)
    assert "POST" in response.headers["allow"]


# --- properties: any JSON, any bytes -> 2xx or a 4xx JSON error, never 5xx -----------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
comment = st.fixed_dictionaries(
    {"text": st.text(max_size=200)},
    optional={"id": st.one_of(st.text(max_size=10), st.integers(), json_values)},
)
classify_bodies = st.one_of(
    json_values,
    comment,
    st.fixed_dictionaries({"comments": st.lists(comment | json_values, max_size=4)}),
)
feedback_bodies = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"text": st.text(max_size=100), "label": st.sampled_from(["spam", "opinion", "x"])},
        optional={
            "author": st.text(max_size=20),
            "comment_id": st.text(max_size=10) | st.integers(),
            "reason": st.text(max_size=20),
            "request_id": st.text(max_size=20),
            "predicted_label": json_values,
        },
    ),
)
_FAST = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _post_json(client: TestClient, path: str, body: object, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    # ensure_ascii keeps lone surrogates encodable as \\ud800 escapes, as a client could send
    payload = json.dumps(body, ensure_ascii=True).encode()
    return client.post(path, content=payload, headers={**JSON_HEADERS, **headers})


def _check(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        _error(response, response.status_code)


@_FAST
@given(body=classify_bodies)
def test_any_json_to_classify_is_answered_without_5xx(client: TestClient, body: object):
    _check(_post_json(client, "/v1/classify", body, {}))


@_FAST
@given(body=feedback_bodies)
def test_any_json_to_feedback_is_answered_without_5xx(client: TestClient, auth, body: object):
    _check(_post_json(client, "/v1/feedback", body, auth))


@_FAST
@given(body=st.binary(max_size=300))
def test_any_bytes_are_answered_without_5xx(client: TestClient, auth, body: bytes):
    _check(client.post("/v1/classify", content=body, headers=JSON_HEADERS))
    _check(client.post("/v1/feedback", content=body, headers={**JSON_HEADERS, **auth}))


@_FAST
@given(
    params=st.dictionaries(
        st.sampled_from(["limit", "offset", "label", "author", "since", "format"]),
        st.text(max_size=30),
    )
)
def test_any_listing_query_is_answered_without_5xx(client: TestClient, auth, params: dict):
    _check(client.get("/v1/feedback", params=params, headers=auth))
