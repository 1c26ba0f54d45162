"""Console helpers every command-line front end shares: where output goes and how a
failure is reported (one readable line, an exit code). The top-level CLI and the
sub-CLIs (research, service) import these; none of them imports another CLI module.

Exit codes: 0 success, 1 failure of the work itself, 2 bad input or usage.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console

from claimcheck.exceptions import ClaimcheckError, InputError

if TYPE_CHECKING:
    from claimcheck.predict import Classifier

out = Console()
err = Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """One readable red line on stderr, then exit. The message is plain text: brackets in
    it (an extra's name, a path) are printed, not read as markup."""
    from rich.markup import escape

    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def run_safely(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Turn library errors into one line and an exit code (2 for bad input, 1 otherwise)."""
    try:
        return func(*args, **kwargs)
    except InputError as exc:
        fail(str(exc), 2)
    except ClaimcheckError as exc:
        fail(str(exc), 1)
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}".rstrip(": "), 1)


def load_classifier(model: Path | None) -> Classifier:
    """The model bundle at `model` (None: the shipped one), or exit with its error."""
    from claimcheck.predict import load_model

    return run_safely(load_model, model)
