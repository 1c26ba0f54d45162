"""Prometheus metrics: request counts by route and status, latency, labels served."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from claimcheck.service.metrics import UNMATCHED


def _samples(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def _value(samples, name: str, **labels: str) -> float:  # type: ignore[no-untyped-def]
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_by_route_template_and_status(client: TestClient, auth):
    client.post("/v1/classify", json={"text": "I think it is overhyped."})
    client.post("/v1/classify", json={"comments": [{"text": "a"}, {"text": "b"}]})
    client.post("/v1/classify", json={"comments": "nope"})
    client.get("/v1/feedback", params={"limit": 3}, headers=auth)
    client.get("/no/such/thing")
    samples = _samples(client)
    count = "claimcheck_http_requests_total"
    assert _value(samples, count, route="/v1/classify", method="POST", status="200") == 2
    assert _value(samples, count, route="/v1/classify", method="POST", status="422") == 1
    assert _value(samples, count, route="/v1/feedback", method="GET", status="200") == 1
    assert _value(samples, count, route=UNMATCHED, method="GET", status="404") == 1
    latency = "claimcheck_http_request_duration_seconds_count"
    assert _value(samples, latency, route="/v1/classify", method="POST") == 3


def test_refusals_before_routing_are_counted(make_client):  # type: ignore[no-untyped-def]
    client = make_client(max_body_bytes=1024)
    client.post("/v1/classify", content=b"x" * 5000, headers={"Content-Type": "application/json"})
    client.post("/v1/classify", content=b"{}", headers={"Content-Type": "text/plain"})
    samples = _samples(client)
    count = "claimcheck_http_requests_total"
    assert _value(samples, count, route=UNMATCHED, method="POST", status="413") == 1
    assert _value(samples, count, route=UNMATCHED, method="POST", status="415") == 1


def test_labels_served_add_up_to_comments_classified(client: TestClient):
    texts = ["Had it done in 2012, best decision.", "Buy now!!! cheap pills", "", "meh"]
    results = client.post("/v1/classify", json={"comments": [{"text": t} for t in texts]}).json()[
        "results"
    ]
    samples = _samples(client)
    served = {
        dict(labels)["label"]: value
        for (name, labels), value in samples.items()
        if name == "claimcheck_labels_served_total"
    }
    assert sum(served.values()) == len(texts)
    assert served["none"] == 1  # the empty comment
    for result in results:
        assert served[result["label"] or "none"] >= 1


def test_feedback_stored_is_counted(client: TestClient, auth):
    client.post("/v1/feedback", json={"text": "x y z", "label": "spam"}, headers=auth)
    samples = _samples(client)
    assert _value(samples, "claimcheck_feedback_stored_total", label="spam") == 1


def test_model_info_carries_the_version(client: TestClient, shipped_model):
    samples = _samples(client)
    assert _value(samples, "claimcheck_model_info", version=shipped_model.version) == 1


def test_each_app_has_its_own_registry(make_client):  # type: ignore[no-untyped-def]
    first, second = make_client(), make_client()
    for _ in range(3):
        first.get("/healthz")
    count = "claimcheck_http_requests_total"
    labels = {"route": "/healthz", "method": "GET", "status": "200"}
    assert _value(_samples(first), count, **labels) == 3
    assert _value(_samples(second), count, **labels) == 0
