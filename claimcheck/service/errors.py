"""One JSON error shape for every failure: {"error": {"message", "field", "status"}}.

FastAPI's own validation and HTTP errors are rewritten into it, so a client parses one shape.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimcheck.exceptions import ClaimcheckError, InputError

logger = logging.getLogger("claimcheck.service")

#: FastAPI's message when the body cannot be decoded (e.g. invalid UTF-8).
_PARSE_FAILURE = "There was an error parsing the body"


class ApiError(Exception):
    """Raised by endpoints and middleware; rendered as the JSON error shape."""

    def __init__(
        self,
        status: int,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers


def error_body(status: int, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "field": field, "status": status}}


def error_response(
    status: int, message: str, field: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status, message, field), status_code=status, headers=headers)


def field_path(loc: Sequence[int | str]) -> str | None:
    """('body', 'comments', 3, 'text') -> 'comments[3].text'; the 'body'/'query' root dropped."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "union[", "tagged-union[")) or part in (
            "str",
            "int",
            "constrained-str",
        ):
            continue  # pydantic's names of union members are not request fields
        else:
            out += f".{part}" if out else str(part)
    return out or None


def _validation_message(errors: Sequence[Any]) -> tuple[str, str | None]:
    first = errors[0]
    field = field_path(first.get("loc", ()))
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    if first.get("type") == "json_invalid":
        ctx = first.get("ctx") or {}
        message = f"request body is not valid JSON ({ctx.get('error', 'parse error')})"
        field = None
    elif first.get("type") == "missing" and field is None:
        message = "request body is required (a JSON object)"
    elif field:
        message = f"{field}: {message}"
    else:
        message = f"request body: {message}"
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return message, field


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if not errors:
        return error_response(422, "invalid request")
    message, field = _validation_message(errors)
    return error_response(422, message, field)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 400 and detail == _PARSE_FAILURE:
        detail = "request body could not be decoded: send UTF-8 encoded JSON"
    elif exc.status_code == 404:
        detail = f"no such endpoint: {request.url.path} (the API is described at /openapi.json)"
    headers = dict(exc.headers) if exc.headers else None
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        detail = f"method {request.method} is not allowed on {request.url.path}"
        if allowed:
            detail += f"; use {', '.join(allowed)}"
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}
    return error_response(exc.status_code, detail, None, headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method any route serves at this path (Starlette lists only the first route's)."""
    from starlette.routing import Match

    methods: set[str] = set()
    scope = {**request.scope, "method": "GET"}
    for route in request.app.routes:
        if getattr(route, "methods", None) and route.matches(scope)[0] != Match.NONE:
            methods |= set(route.methods)
    return sorted(methods)


async def _on_api(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, exc.field, exc.headers)


async def _on_input(request: Request, exc: Exception) -> JSONResponse:
    return error_response(422, str(exc))


async def _on_claimcheck(request: Request, exc: Exception) -> JSONResponse:
    logger.error("service error on %s %s: %s", request.method, request.url.path, exc)
    return error_response(503, f"service unavailable: {exc}")


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(500, "internal error; the server log has the details")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through the one JSON shape."""
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(ApiError, _on_api)
    app.add_exception_handler(InputError, _on_input)
    app.add_exception_handler(ClaimcheckError, _on_claimcheck)
    app.add_exception_handler(Exception, _on_unexpected)
