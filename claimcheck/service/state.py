"""What the running service holds (model, database, settings, metrics) and the dependencies
that hand it to endpoints, so tests can swap any of them with `app.dependency_overrides`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request

from claimcheck.service.db import Database
from claimcheck.service.errors import ApiError
from claimcheck.service.metrics import Metrics
from claimcheck.service.model_queue import ModelQueue
from claimcheck.service.settings import ServiceSettings

if TYPE_CHECKING:
    from claimcheck.predict import Classifier


@dataclass
class ServiceState:
    """One per app: filled by the lifespan handler, read by the dependencies."""

    settings: ServiceSettings
    metrics: Metrics = field(default_factory=Metrics)
    classifier: Classifier | None = None
    database: Database | None = None
    #: Every model call goes through it: off the event loop, one at a time, within budget.
    model_queue: ModelQueue = field(init=False)

    def __post_init__(self) -> None:
        self.model_queue = ModelQueue(self.settings.request_budget_s)


def _state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state


# The providers are async on purpose: FastAPI runs plain `def` dependencies in its thread
# pool, and a thread hop per dependency cost milliseconds per request under load.


async def get_state(request: Request) -> ServiceState:
    return _state(request)


async def get_settings(request: Request) -> ServiceSettings:
    return _state(request).settings


async def get_metrics(request: Request) -> Metrics:
    return _state(request).metrics


async def get_classifier(request: Request) -> Classifier:
    classifier = _state(request).classifier
    if classifier is None:
        raise ApiError(503, "the model is not loaded yet; retry shortly (see /readyz)")
    return classifier


async def get_database(request: Request) -> Database:
    database = _state(request).database
    if database is None:
        raise ApiError(503, "the database is not open yet; retry shortly (see /readyz)")
    return database
