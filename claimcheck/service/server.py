"""`claimcheck serve`: load the model and open the database first (so a bad bundle or an
unreachable database is one clear line and a non-zero exit), then run uvicorn."""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING, Any

from claimcheck.service.settings import ServiceSettings

#: How long the model's worker thread may keep the GIL while the event loop waits for it
#: (Python's default is 5 ms). The loop needs the GIL for every request it answers, so
#: this bounds how long /healthz waits behind a busy model, at the cost of a few more
#: thread switches while both are busy.
SWITCH_INTERVAL_S = 0.001

if TYPE_CHECKING:
    from claimcheck.predict import Classifier
    from claimcheck.service.db import Database


def build_settings(**overrides: Any) -> ServiceSettings:
    """Environment (CLAIMCHECK_*) first, then the options actually given on the command line."""
    given = {key: value for key, value in overrides.items() if value is not None}
    return ServiceSettings(**given)


def serve(
    settings: ServiceSettings,
    *,
    classifier: Classifier | None = None,
    database: Database | None = None,
) -> None:
    """Run the service in the foreground until interrupted (Ctrl+C / SIGTERM)."""
    import uvicorn

    from claimcheck.service.app import create_app

    app = create_app(settings, classifier=classifier, database=database)
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    # Everything loaded so far (libraries, the model) lives as long as the process: keep it
    # out of the cyclic garbage collector, whose full passes over ~200,000 such objects
    # paused every thread, the event loop included, for ~100 ms at a time.
    gc.collect()
    gc.freeze()
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        access_log=settings.access_log,
        lifespan="on",
        timeout_graceful_shutdown=10,
        server_header=False,
    )
    uvicorn.Server(config).run()
