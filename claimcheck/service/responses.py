"""Answer pieces both routers use (app.py: classify and feedback; queue_routes.py: the queue).

Kept in one place so the two routers document errors and serve exports the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from fastapi.responses import StreamingResponse

from claimcheck.io.jsonl import jsonl_lines
from claimcheck.service.schemas import ErrorResponse


class _Record(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an endpoint can answer with (all one shape)."""
    return {code: {"model": ErrorResponse, "description": "Error"} for code in codes}


def jsonl_download(records: Iterable[_Record], filename: str) -> StreamingResponse:
    """Stream records as JSON Lines (each its `to_dict()`), offered as a file to save."""
    return StreamingResponse(
        jsonl_lines(record.to_dict() for record in records),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
