"""The moderation queue over HTTP (TestClient, shipped model, real SQLite file): ingest,
idempotency and 409s, the queue's order and cursors, decisions (first wins, 409 with the
current state), feedback from relabels, history, undo, the JSONL export, the page."""

from __future__ import annotations

import json
import threading
from collections import Counter

from fastapi.testclient import TestClient

from claimcheck.service.db import Database
from claimcheck.service.queue import Policy
from claimcheck.service.settings import ServiceSettings

THREAD = [
    ("p1", "Had the procedure in Padua in 2010 and the fatigue lifted within a week."),
    ("p2", "Petrov et al., J Endovasc Ther 2011, found restenosis in about half the patients."),
    ("p3", "Cheap meds without prescription!!! visit best-pharma-deals dot com today"),
    ("p4", "Honestly I think the hype around this treatment got ahead of the evidence."),
]


def _post(client: TestClient, auth: dict[str, str], comments: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    return client.post("/v1/comments", json={"comments": comments}, headers=auth)


def test_ingest_classifies_stores_and_is_idempotent(client, auth, shipped_model):  # type: ignore[no-untyped-def]
    comments = [
        {"id": cid, "text": text, "thread_id": "t1", "author": "forum user"} for cid, text in THREAD
    ]
    comments[1]["parent_id"] = "p1"
    response = _post(client, auth, comments)
    assert response.status_code == 201, response.text
    results = response.json()["results"]
    assert [r["id"] for r in results] == ["p1", "p2", "p3", "p4"]
    defaults = ServiceSettings()
    policy = Policy(defaults.hold_spam_at, defaults.pass_at)
    for (_, text), result in zip(THREAD, results, strict=True):
        expected = shipped_model.predict_one(text)
        assert result["label"] == expected.label.value
        assert result["prediction"]["probabilities"] == expected.probabilities
        assert result["state"] == policy.classify(expected).value
        assert result["model_version"] == shipped_model.version
        assert result["outcome"] == "created" and result["version"] == 1
    # resending: 200, nothing changes; one comment alone works too
    again = _post(client, auth, comments)
    assert again.status_code == 200
    assert [r["outcome"] for r in again.json()["results"]] == ["existing"] * 4
    single = client.post("/v1/comments", json={"id": 7, "text": "An integer id."}, headers=auth)
    assert single.status_code == 201 and single.json()["results"][0]["id"] == "7"
    # a different text under a known id: 409 naming the field, with the stored comment
    clash = _post(client, auth, [{"id": "new", "text": "x"}, {"id": "p1", "text": "edited"}])
    assert clash.status_code == 409
    body = clash.json()
    assert body["error"]["field"] == "comments[1].text"
    assert body["current"]["text"] == THREAD[0][1]
    assert client.get("/v1/comments/new", headers=auth).status_code == 404


def test_ingest_refuses_bad_input_with_named_fields(client, auth):  # type: ignore[no-untyped-def]
    assert client.post("/v1/comments", json={"id": "a", "text": "t"}).status_code == 401
    cases = [
        ({"comments": [{"id": "a"}]}, "comments[0].text"),
        ({"comments": [{"id": "", "text": "t"}]}, "comments[0].id"),
        ({"comments": [{"id": "a/b", "text": "t"}]}, "comments[0].id"),
        ({"comments": [{"id": "a", "text": "t", "txt": 1}]}, "comments[0].txt"),
        ({"comments": [{"id": "a", "text": "t\x00"}]}, "comments[0].text"),
        ({"comments": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}, "comments[1].id"),
        ({"comments": [{"id": "a", "text": "t", "created_at": "yesterday"}]}, None),
    ]
    for body, field in cases:
        response = client.post("/v1/comments", json=body, headers=auth)
        assert response.status_code == 422, (body, response.text)
        if field is not None:
            assert response.json()["error"]["field"] == field, response.json()
    too_many = {"comments": [{"id": str(i), "text": "t"} for i in range(3)]}
    small = client.app.state.service.settings.model_copy(update={"max_batch": 2})
    client.app.state.service.settings = small
    response = client.post("/v1/comments", json=too_many, headers=auth)
    assert response.status_code == 422 and response.json()["error"]["field"] == "comments"
    text = client.post(
        "/v1/comments", content="id=a", headers={**auth, "Content-Type": "text/plain"}
    )
    assert text.status_code == 415


def test_queue_order_cursor_filters_counts_and_parent(client, auth):  # type: ignore[no-untyped-def]
    comments = [{"id": cid, "text": text, "thread_id": "t1"} for cid, text in THREAD]
    comments += [
        {"id": f"r{i}", "text": f"Reply {i}: I tried it too, no change.", "parent_id": "p2"}
        for i in range(6)
    ]
    assert _post(client, auth, comments).status_code == 201
    full = client.get("/v1/queue?state=all&limit=500", headers=auth).json()
    keys = [(i["priority"], i["confidence"]) for i in full["items"]]
    assert len(keys) == 10 and full["next_cursor"] is None
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    paged: list[str] = []
    cursor = None
    while True:
        url = "/v1/queue?state=all&limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url, headers=auth).json()
        paged.extend(i["id"] for i in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert paged == [i["id"] for i in full["items"]]
    replies = [i for i in full["items"] if i["id"].startswith("r")]
    assert all(i["parent"]["id"] == "p2" and i["parent"]["text"] == THREAD[1][1] for i in replies)
    thread = client.get("/v1/queue?state=all&thread_id=t1", headers=auth).json()["items"]
    assert {i["id"] for i in thread} == {"p1", "p2", "p3", "p4"}
    counts = client.get("/v1/queue/counts", headers=auth).json()["counts"]
    assert sum(counts.values()) == 10 and set(counts) == {
        "held",
        "pending",
        "passed",
        "approved",
        "removed",
    }
    bad = client.get("/v1/queue?cursor=garbage", headers=auth)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "cursor"
    assert client.get("/v1/queue?state=nope", headers=auth).status_code == 422
    assert client.get("/v1/queue").status_code == 401


def test_decisions_history_feedback_undo_and_export(client, auth, database: Database):  # type: ignore[no-untyped-def]
    _post(client, auth, [{"id": "p4", "text": THREAD[3][1]}])
    stored = client.get("/v1/comments/p4", headers=auth).json()
    assert stored["history"] == []
    target = "spam" if stored["label"] != "spam" else "opinion"
    decided = client.post(
        "/v1/comments/p4/decision",
        json={"action": "relabel", "label": target, "reason": "link farm", "moderator": "Kim"},
        headers=auth,
    )
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["comment"]["label"] == target and body["comment"]["version"] == 2
    assert body["decision"]["moderator"] == "Kim" and body["decision"]["key_id"]
    (fb,) = database.list_feedback()
    assert (fb.label, fb.comment_id, fb.author, fb.reason) == (target, "p4", "Kim", "link farm")
    # the second moderator (no version): 409 with the current state
    late = client.post("/v1/comments/p4/decision", json={"action": "approve"}, headers=auth)
    assert late.status_code == 409
    assert late.json()["current"]["label"] == target and late.json()["current"]["version"] == 2
    stale = client.post(
        "/v1/comments/p4/decision", json={"action": "approve", "version": 1}, headers=auth
    )
    assert stale.status_code == 409
    undo = client.post(
        "/v1/comments/p4/decision", json={"action": "undo", "version": 2}, headers=auth
    )
    assert undo.status_code == 200
    assert undo.json()["comment"]["label"] == stored["label"]
    assert undo.json()["comment"]["state"] == stored["state"]
    assert database.count_feedback() == 0  # the undone relabel's feedback is withdrawn
    history = client.get("/v1/comments/p4", headers=auth).json()["history"]
    assert [h["action"] for h in history] == ["relabel", "undo"]
    assert history[0]["undone_by"] == history[1]["id"]
    approve = client.post("/v1/comments/p4/decision", json={"action": "approve"}, headers=auth)
    assert approve.status_code == 200 and approve.json()["decision"]["moderator"] == "moderator-1"
    export = client.get("/v1/decisions?format=jsonl", headers=auth)
    assert export.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in export.text.splitlines()]
    assert [r["action"] for r in rows] == ["relabel", "undo", "approve"]
    page = client.get("/v1/decisions?limit=2", headers=auth).json()
    assert [d["action"] for d in page["items"]] == ["relabel", "undo"]
    rest = client.get(f"/v1/decisions?after={page['next_after']}", headers=auth).json()
    assert [d["action"] for d in rest["items"]] == ["approve"] and rest["next_after"] is None
    errors = [
        ({"action": "relabel"}, 422),
        ({"action": "approve", "label": "spam"}, 422),
        ({"action": "ban"}, 422),
    ]
    for payload, status in errors:
        assert (
            client.post("/v1/comments/p4/decision", json=payload, headers=auth).status_code
            == status
        )
    missing = client.post("/v1/comments/nope/decision", json={"action": "approve"}, headers=auth)
    assert missing.status_code == 404


def test_racing_decisions_over_http_first_wins(client, auth):  # type: ignore[no-untyped-def]
    _post(client, auth, [{"id": "race", "text": THREAD[0][1]}])
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def decide(n: int) -> None:
        barrier.wait()
        action = {"action": "remove"} if n % 2 else {"action": "relabel", "label": "opinion"}
        statuses.append(
            client.post("/v1/comments/race/decision", json=action, headers=auth).status_code
        )

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(statuses) == {200: 1, 409: 5}
    assert len(client.get("/v1/comments/race", headers=auth).json()["history"]) == 1


def test_queue_page_is_served(client):  # type: ignore[no-untyped-def]
    response = client.get("/queue")
    assert response.status_code == 200
    assert 'id="queue"' in response.text and "static/queue.js" in response.text
    assert client.get("/static/queue.js").status_code == 200
