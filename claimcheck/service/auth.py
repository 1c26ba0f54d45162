"""Bearer-token authentication: `Authorization: Bearer cc_<key_id>_<secret>`.

Tokens are checked against the hashed keys in the database on every request, so a revoked
key stops working at once, without restarting the service.
"""

from __future__ import annotations

import inspect
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from claimcheck.service.db import ApiKey, Database
from claimcheck.service.errors import ApiError
from claimcheck.service.settings import ServiceSettings
from claimcheck.service.state import get_database, get_settings

#: Declared in the OpenAPI schema; auto_error off so a missing key gets our JSON 401.
bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key from `claimcheck keys create NAME`, sent as a bearer token.",
)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="claimcheck"'}


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, message, "Authorization", dict(_CHALLENGE))


async def require_key(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    database: Annotated[Database, Depends(get_database)],
) -> ApiKey:
    """The caller's active API key, or 401 (missing, malformed, unknown or revoked)."""
    if credentials is None:
        raise _unauthorized(
            "an API key is required: send 'Authorization: Bearer <token>' "
            "(create one with `claimcheck keys create NAME`)"
        )
    key = await run_in_threadpool(database.verify_key, credentials.credentials)
    if key is None:
        raise _unauthorized("the API key is not valid (unknown, malformed or revoked)")
    return key


async def classify_key(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    settings: Annotated[ServiceSettings, Depends(get_settings)],
) -> ApiKey | None:
    """Classification is open unless CLAIMCHECK_CLASSIFY_REQUIRES_KEY is set."""
    if not settings.classify_requires_key:
        return None
    # Honour a test's dependency_overrides for the database, as Depends() would.
    provider = request.app.dependency_overrides.get(get_database, get_database)
    database = provider(request)
    if inspect.isawaitable(database):
        database = await database
    return await require_key(credentials, database)
