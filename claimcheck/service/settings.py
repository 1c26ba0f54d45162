"""Service settings, read from `CLAIMCHECK_*` environment variables (pydantic-settings).

One object decides how the service runs; nothing here changes the trained model.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Where the feedback store lives when nothing says otherwise (the working directory); the
#: store (service.db) reads it from here.
DEFAULT_DB_URL = "sqlite:///claimcheck.db"


class ServiceSettings(BaseSettings):
    """Knobs of `claimcheck serve`; each field is also `CLAIMCHECK_<FIELD>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="CLAIMCHECK_", extra="ignore", frozen=True)

    model: Path | None = Field(
        default=None, description="Model bundle directory (default: the shipped model)."
    )
    db_url: str = Field(default=DEFAULT_DB_URL, description="SQLAlchemy URL of the store.")
    db_upgrade: bool = Field(
        default=True,
        description="Apply database migrations at start-up; turn off when they run separately.",
    )
    db_create: bool = Field(
        default=False,
        description="Create a new, empty database at start-up when there is none (with "
        "db_upgrade). Off: a missing SQLite file or schema stops the start with what to do, "
        "so a lost database is never silently replaced by an empty one.",
    )
    host: str = Field(default="127.0.0.1", description="Address to listen on.")
    port: int = Field(default=8000, ge=0, le=65535, description="TCP port to listen on.")
    classify_requires_key: bool = Field(
        default=False, description="Require an API key for /v1/classify too."
    )
    max_batch: int = Field(default=256, ge=1, description="Most comments per classify call.")
    max_text_chars: int = Field(
        default=20_000, ge=1, description="Longest accepted comment (characters)."
    )
    max_body_bytes: int = Field(
        default=4 * 1024 * 1024, ge=1024, description="Largest accepted request body (bytes)."
    )
    request_budget_s: float = Field(
        default=10.0,
        gt=0,
        description="Longest a classify request may wait for the model (seconds); when the "
        "queue ahead is longer, it is answered 503 with Retry-After at once.",
    )
    review_threshold: float = Field(
        default=0.6, ge=0.0, le=1.0, description="Top probability below which needs_review."
    )
    hold_spam_at: float = Field(
        default=0.95,
        gt=0.0,
        le=1.0,
        description="Moderation queue: an incoming comment with P(spam) at or above this is "
        "held (hidden until a person decides).",
    )
    pass_at: float = Field(
        default=0.9,
        gt=0.0,
        le=1.0,
        description="Moderation queue: an incoming non-spam comment with confidence at or "
        "above this (and no review flag) is passed without a person.",
    )
    log_level: str = Field(default="info", description="uvicorn log level.")
    access_log: bool = Field(default=True, description="Log one line per request.")
