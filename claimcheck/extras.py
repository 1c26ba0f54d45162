"""Optional dependencies: which extra brings which module, and the one line a command
prints when its extra is missing.

The core install (spaCy, scikit-learn, numpy/scipy, pandas, joblib, Typer/Rich) runs
`classify`, `thread`, `evaluate`, `corpus`, `trust`, `export`/`import` and the Python API.
Everything else imports its libraries inside the command, so a missing one surfaces as a
ModuleNotFoundError naming the module; `run_app` turns that into the install line.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable

from claimcheck.exceptions import MissingExtraError

#: Top-level module -> the extras that install it (first: the one to suggest by default).
MODULE_EXTRAS: dict[str, tuple[str, ...]] = {
    "spacy_lookups_data": ("train",),
    "pyarrow": ("batch", "research"),
    "zstandard": ("batch",),
    "distributed": ("dask",),
    "dask": ("dask",),
    "fastapi": ("service",),
    "starlette": ("service",),
    "uvicorn": ("service",),
    "sqlalchemy": ("service",),
    "alembic": ("service",),
    "psycopg": ("service",),
    "prometheus_client": ("service",),
    "pydantic": ("service",),
    "pydantic_settings": ("service",),
    "anyio": ("service",),
    "jinja2": ("service", "research"),
    "markupsafe": ("service", "research"),
    "matplotlib": ("research",),
    "cleanlab": ("research",),
    "krippendorff": ("research",),
}

#: The extra a command belongs to, used to pick between extras that share a module.
COMMAND_EXTRAS: dict[str, str] = {
    "train": "train",
    "batch": "batch",
    "serve": "service",
    "db": "service",
    "keys": "service",
    "retrain": "service",
    "report": "research",
    "threads": "research",
    "agreement": "research",
    "audit": "research",
}


def install_hint(extra: str) -> str:
    return f"pip install 'claimcheck[{extra}]'"


def extra_for(module: str, command: str | None = None) -> str | None:
    """The extra to install for a missing `module` (None: not one of ours)."""
    extras = MODULE_EXTRAS.get(module.split(".")[0])
    if not extras:
        return None
    preferred = COMMAND_EXTRAS.get(command or "")
    return preferred if preferred in extras else extras[0]


def missing_extra_message(module: str, command: str | None = None) -> str | None:
    """The one line for a missing module, or None when no extra provides it."""
    extra = extra_for(module, command)
    if extra is None:
        return None
    what = f"`claimcheck {command}`" if command else "this feature"
    return f"{what} needs {module.split('.')[0]} from the [{extra}] extra: {install_hint(extra)}"


def require(extra: str, *modules: str, feature: str) -> None:
    """Raise MissingExtraError (one line) unless every module of `extra` is importable."""
    for module in modules:
        if importlib.util.find_spec(module) is None:
            raise MissingExtraError(
                f"{feature} needs {module} from the [{extra}] extra: {install_hint(extra)}"
            )


def _command(argv: list[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg
    return None


def run_app(app: Callable[[], object], argv: list[str] | None = None) -> None:
    """Run the Typer app; a missing optional module becomes one line naming its extra."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app()
    except ModuleNotFoundError as exc:
        message = missing_extra_message(exc.name or "", _command(args)) if exc.name else None
        if message is None:
            raise
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(1) from None
