"""Request limits enforced before an endpoint runs: JSON content type (415) and body size (413).

The body is counted while it streams in, so an oversized upload is refused after at most
`max_body_bytes` have been read, whatever its Content-Length says (or whether it has one).
"""

from __future__ import annotations

from collections.abc import Collection

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimcheck.service.errors import error_response

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def is_json_content_type(value: str) -> bool:
    """application/json or any application/*+json, parameters (charset) ignored."""
    media = value.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


class RequestLimits:
    """ASGI middleware: 415 for non-JSON bodies on JSON routes, 413 past max_body_bytes."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, json_paths: Collection[str]) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.json_paths = frozenset(json_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["path"] in self.json_paths:
            content_type = headers.get("content-type", "")
            if not is_json_content_type(content_type):
                shown = content_type or "none"
                response = error_response(
                    415,
                    f"content type {shown!r} is not supported; send the body as JSON with "
                    "'Content-Type: application/json'",
                    "Content-Type",
                )
                await response(scope, receive, send)
                return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413,
            f"request body is larger than {self.max_body_bytes} bytes; send fewer or shorter "
            "comments per request",
            None,
            {"Connection": "close"},
        )
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive callable that hands the buffered body over once, then defers to the client."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
