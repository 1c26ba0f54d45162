"""Prometheus metrics with one registry per app, so tests and several apps never share counts."""

from __future__ import annotations

import time
from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Latency buckets (seconds) around the service's targets (p99 < 50 ms / 100 ms).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
#: Route label for requests no route matched (keeps label cardinality bounded).
UNMATCHED = "<unmatched>"
#: Status recorded when the client went away before an answer (nginx's "client closed").
CLIENT_CLOSED = 499


class Metrics:
    """The service's collectors, bound to their own CollectorRegistry."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "claimcheck_http_requests",
            "HTTP requests answered, by route template, method and status code.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "claimcheck_http_request_duration_seconds",
            "Time from request start to the end of the response, by route template.",
            ["route", "method"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.labels_served = Counter(
            "claimcheck_labels_served",
            "Comment labels returned by /v1/classify ('none' for empty comments).",
            ["label"],
            registry=self.registry,
        )
        self.feedback_stored = Counter(
            "claimcheck_feedback_stored",
            "Feedback records accepted by POST /v1/feedback, by corrected label.",
            ["label"],
            registry=self.registry,
        )
        self.model_info = Gauge(
            "claimcheck_model_info",
            "The loaded model (value 1), labelled by its version.",
            ["version"],
            registry=self.registry,
        )

    def count_labels(self, labels: Iterable[str | None]) -> None:
        for label in labels:
            self.labels_served.labels(label=label or "none").inc()

    def render(self) -> bytes:
        """Prometheus text exposition format."""
        return generate_latest(self.registry)


class MetricsMiddleware:
    """ASGI middleware: count every response and time it, labelled by route template."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # 500 unless a response starts, or the client leaves first: a body cut off midway
        # is the client's doing, not a server error.
        status = 500
        answered = False

        async def receive_wrapper() -> Message:
            nonlocal status
            message = await receive()
            if message["type"] == "http.disconnect" and not answered:
                status = CLIENT_CLOSED
            return message

        async def send_wrapper(message: Message) -> None:
            nonlocal status, answered
            if message["type"] == "http.response.start":
                status = int(message["status"])
                answered = True
            await send(message)

        try:
            await self.app(scope, receive_wrapper, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or UNMATCHED
            method = scope["method"]
            self.metrics.requests.labels(route=template, method=method, status=str(status)).inc()
            self.metrics.latency.labels(route=template, method=method).observe(
                time.perf_counter() - started
            )
