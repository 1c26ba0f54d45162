"""The HTTP API end to end through FastAPI's TestClient, on a real SQLite file."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimcheck.bundle import default_model_path
from claimcheck.exceptions import ModelIntegrityError
from claimcheck.service.app import create_app
from claimcheck.service.db import Database
from claimcheck.service.settings import ServiceSettings
from claimcheck.types import LABELS

THREAD = [
    "Had the procedure in Padua in 2010 and the fatigue lifted within a week.",
    "Petrov et al., J Endovasc Ther 2011, found restenosis in about half the patients.",
    "Cheap meds without prescription!!! visit best-pharma-deals dot com today",
    "Honestly I think the hype around this treatment got ahead of the evidence.",
]

#: Text a careless store would mangle or execute; it must come back byte for byte.
HOSTILE = [
    "Robert'); DROP TABLE feedback;--",
    "' OR '1'='1' -- and then \"; DELETE FROM api_keys; --",
    "<script>alert('x')</script> & <b>bold</b> {{ 7*7 }} ${jndi:ldap://x}",
    "مرحبا بالعالم — שלום — 😀👍🏽 e\u0301 \u200b zero-width and ltr\u202etxet",
    "line one\nline two\r\nline three\ttabbed \\x00 not a nul, 100% _wild_ %s %(name)s",
]


def test_classify_one_comment_returns_the_full_prediction(client: TestClient, shipped_model):
    text = THREAD[1]
    response = client.post("/v1/classify", json={"text": text, "id": "c-17"})
    assert response.status_code == 200
    body = response.json()
    assert body["model_version"] == shipped_model.version
    (result,) = body["results"]
    expected = shipped_model.predict_one(text).to_dict()
    assert result["id"] == "c-17"
    assert result["label"] == expected["label"]
    assert result["flags"] == expected["flags"]
    assert result["sentences"] == expected["sentences"]
    assert result["probabilities"] == expected["probabilities"]
    assert result["cues"] == list(expected["cues"])
    assert sum(result["probabilities"].values()) == pytest.approx(1.0)
    assert result["confidence"] == pytest.approx(max(result["probabilities"].values()))


def test_classify_a_batch_keeps_order_and_ids(client: TestClient, shipped_model):
    comments = [{"id": i * 10, "text": t} for i, t in enumerate(THREAD)] + [{"text": "   "}]
    response = client.post("/v1/classify", json={"comments": comments})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [0, 10, 20, 30, None]
    predicted = shipped_model.predict(THREAD)
    assert [r["label"] for r in results[:4]] == [p.label.value for p in predicted]
    assert {r["label"] for r in results[:4]} <= {lab.value for lab in LABELS}
    assert results[4]["label"] is None and results[4]["flags"] == ["empty"]


def test_offsets_count_code_points_so_emoji_do_not_shift_cues(client: TestClient):
    text = "😀😀 I had the procedure in 2010 and my life is back. Petrov et al. 2011 agree."
    result = client.post("/v1/classify", json={"text": text}).json()["results"][0]
    assert result["cues"], "expected at least one cue in this text"
    for cue in result["cues"]:
        assert text[cue["start"] : cue["end"]] == cue["text"]
    assert result["sentences"][-1]["end"] <= len(text)


def test_model_card(client: TestClient, shipped_model):
    card = client.get("/v1/model").json()
    assert card["version"] == shipped_model.version
    assert card["labels"] == [lab.value for lab in LABELS]
    assert card["corpus_digest"] == shipped_model.meta["corpus_digest"]
    assert card["max_batch"] == 256 and card["review_threshold"] == 0.6


def test_health_and_readiness(client: TestClient, shipped_model):
    assert client.get("/healthz").json() == {"status": "ok", "model_version": None}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["model_version"] == shipped_model.version


def test_not_ready_while_the_database_is_not_migrated(shipped_model, sqlite_url: str):
    bare = Database(sqlite_url)  # never upgraded
    try:
        app = create_app(
            ServiceSettings(db_url=sqlite_url), classifier=shipped_model, database=bare
        )
        with TestClient(app) as client:
            response = client.get("/readyz")
        assert response.status_code == 503
        assert "claimcheck db upgrade" in response.json()["error"]["message"]
    finally:
        bare.dispose()


def test_a_tampered_model_stops_start_up(tmp_path: Path, sqlite_url: str):
    bundle = tmp_path / "bundle"
    shutil.copytree(default_model_path(), bundle)
    with (bundle / "model.joblib").open("ab") as handle:
        handle.write(b"\0")
    app = create_app(ServiceSettings(model=bundle, db_url=sqlite_url))
    with pytest.raises(ModelIntegrityError, match="SHA-256"), TestClient(app):
        pass


# --- feedback ---------------------------------------------------------------------------------


def _feedback(text: str = THREAD[0], label: str = "testimonial", **extra: object) -> dict:
    return {"text": text, "label": label, **extra}


def test_feedback_is_stored_with_provenance(client: TestClient, auth, database: Database):
    body = _feedback(
        comment_id=42, reason="first-hand report", predicted_label="opinion", model_version="m1"
    )
    response = client.post("/v1/feedback", json=body, headers=auth)
    assert response.status_code == 201
    record = response.json()
    (key,) = database.list_keys()
    assert record["key_id"] == key.key_id
    assert record["author"] == "moderator-1"  # defaults to the key's name
    assert record["comment_id"] == "42"
    assert record["predicted_label"] == "opinion" and record["reason"] == "first-hand report"
    stored = database.list_feedback()
    assert [r.to_dict() for r in stored] == [record]


def test_author_given_in_the_body_is_kept(client: TestClient, auth):
    response = client.post("/v1/feedback", json=_feedback(author="Dana R."), headers=auth)
    assert response.json()["author"] == "Dana R."


def test_a_retried_request_id_is_stored_once(client: TestClient, auth, database: Database):
    body = _feedback(request_id="req-1")
    first = client.post("/v1/feedback", json=body, headers=auth)
    again = client.post("/v1/feedback", json=body, headers=auth)
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert database.count_feedback() == 1


def test_idempotency_key_header_maps_to_request_id(client: TestClient, auth, database: Database):
    headers = {**auth, "Idempotency-Key": "hdr-9"}
    first = client.post("/v1/feedback", json=_feedback(), headers=headers)
    again = client.post("/v1/feedback", json=_feedback(), headers=headers)
    assert first.json()["request_id"] == "hdr-9"
    assert again.json()["id"] == first.json()["id"]
    assert database.count_feedback() == 1


def test_request_id_reused_for_other_feedback_is_a_conflict(client: TestClient, auth):
    client.post("/v1/feedback", json=_feedback(request_id="r"), headers=auth)
    clash = client.post("/v1/feedback", json=_feedback(label="spam", request_id="r"), headers=auth)
    assert clash.status_code == 409
    assert clash.json()["error"]["field"] == "request_id"


def test_header_and_body_request_ids_must_agree(client: TestClient, auth):
    headers = {**auth, "Idempotency-Key": "a"}
    response = client.post("/v1/feedback", json=_feedback(request_id="b"), headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "request_id"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_verbatim_and_returned_intact(
    client: TestClient, auth, database: Database, text: str
):
    stored = client.post("/v1/feedback", json=_feedback(text, author=text), headers=auth).json()
    assert stored["text"] == text and stored["author"] == text
    listed = client.get("/v1/feedback", headers=auth).json()["items"]
    assert [item["text"] for item in listed] == [text]
    exported = client.get("/v1/feedback", params={"format": "jsonl"}, headers=auth).text
    assert json.loads(exported.splitlines()[0])["text"] == text
    assert {"feedback", "api_keys"} <= set(database.table_names())


def test_listing_pages_and_filters(client: TestClient, auth):
    labels = ["spam", "opinion", "spam", "testimonial", "spam"]
    for i, label in enumerate(labels):
        author = "ana" if i % 2 == 0 else "ben"
        client.post(
            "/v1/feedback", json=_feedback(f"comment {i}", label, author=author), headers=auth
        )
    page = client.get("/v1/feedback", params={"limit": 2}, headers=auth).json()
    assert page["total"] == 5 and page["limit"] == 2 and page["offset"] == 0
    assert [item["text"] for item in page["items"]] == ["comment 4", "comment 3"]
    rest = client.get("/v1/feedback", params={"limit": 2, "offset": 4}, headers=auth).json()
    assert [item["text"] for item in rest["items"]] == ["comment 0"]
    spam = client.get("/v1/feedback", params={"label": "spam"}, headers=auth).json()
    assert spam["total"] == 3 and {i["label"] for i in spam["items"]} == {"spam"}
    ben = client.get("/v1/feedback", params={"author": "ben"}, headers=auth).json()
    assert ben["total"] == 2
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert client.get("/v1/feedback", params={"since": future}, headers=auth).json()["total"] == 0
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert client.get("/v1/feedback", params={"since": past}, headers=auth).json()["total"] == 5


def test_jsonl_export_streams_every_matching_row_oldest_first(client: TestClient, auth):
    for i in range(7):
        client.post("/v1/feedback", json=_feedback(f"export {i}", "opinion"), headers=auth)
    client.post("/v1/feedback", json=_feedback("not exported", "spam"), headers=auth)
    response = client.get(
        "/v1/feedback", params={"format": "jsonl", "label": "opinion", "limit": 1}, headers=auth
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert [row["text"] for row in rows] == [f"export {i}" for i in range(7)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 5000}, "limit"),
        ({"offset": -1}, "offset"),
        ({"label": "rumour"}, "label"),
        ({"since": "yesterday"}, "since"),
        ({"since": "0.5"}, "since"),  # not read as seconds since 1970
        ({"format": "xml"}, "format"),
    ],
)
def test_bad_listing_parameters_name_the_field(client: TestClient, auth, params, field):
    response = client.get("/v1/feedback", params=params, headers=auth)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field


def test_a_restart_loses_no_feedback(shipped_model, sqlite_url: str):
    """Two app lifetimes on one SQLite file (each opening and closing the store itself)."""
    settings = ServiceSettings(db_url=sqlite_url)
    setup = Database(sqlite_url)
    setup.upgrade(create=True)
    token = setup.create_key("night shift")[1]
    setup.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    for round_ in range(2):
        with TestClient(create_app(settings, classifier=shipped_model)) as client:
            for i in range(3):
                response = client.post(
                    "/v1/feedback", json=_feedback(f"round {round_} #{i}"), headers=headers
                )
                assert response.status_code == 201
    with TestClient(create_app(settings, classifier=shipped_model)) as client:
        rows = client.get("/v1/feedback", params={"format": "jsonl"}, headers=headers).text
    texts = [json.loads(line)["text"] for line in rows.splitlines()]
    assert texts == [f"round {r} #{i}" for r in range(2) for i in range(3)]


def test_moderation_page_is_served_with_its_assets(client: TestClient, shipped_model):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert shipped_model.version in html
    assert 'aria-live="polite"' in html and "<textarea" in html
    assert "http://" not in html and "https://" not in html  # no CDN or external assets
    for asset in ("static/api.js", "static/render.js", "static/page.js", "static/page.css"):
        assert asset in html
        assert client.get("/" + asset).status_code == 200


def test_a_numeric_string_id_stays_a_string(client: TestClient):
    result = client.post("/v1/classify", json={"text": "ok then", "id": "007"}).json()
    assert result["results"][0]["id"] == "007"
    too_long = client.post("/v1/classify", json={"text": "ok", "id": "0" * 500})
    assert too_long.status_code == 422 and too_long.json()["error"]["field"] == "id"


def test_a_large_answer_is_the_same_as_a_small_one(client: TestClient, shipped_model):
    """Answers with many sentences are serialised off the event loop: same content."""
    from claimcheck.service.app import INLINE_RENDER_SENTENCES

    text = "Yes. " * (INLINE_RENDER_SENTENCES + 10)
    (result,) = client.post("/v1/classify", json={"text": text, "id": 5}).json()["results"]
    expected = shipped_model.predict_one(text).to_dict()
    assert len(result["sentences"]) > INLINE_RENDER_SENTENCES
    assert result["sentences"] == expected["sentences"]
    assert (result["id"], result["label"]) == (5, expected["label"])


def test_rendering_in_chunks_writes_what_one_json_dumps_would(shipped_model):
    from claimcheck.service.app import RENDER_CHUNK, _render

    texts = ["Yes. " * (3 * RENDER_CHUNK + 7), THREAD[1], "", "😀 \u202e <b>&</b>"]
    predictions = shipped_model.predict(texts)
    ids = ["a", 2, None, "ü"]
    results = []
    for item_id, prediction in zip(ids, predictions, strict=True):
        results.append({**prediction.to_dict(), "id": item_id, "confidence": prediction.confidence})
    expected = json.dumps(
        {"model_version": "v1", "results": results}, ensure_ascii=False, separators=(",", ":")
    )
    assert _render("v1", ids, predictions) == expected.encode()
