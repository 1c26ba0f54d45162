"""Typed errors. Every message says what was wrong, where, and what to do."""

from __future__ import annotations


class ClaimcheckError(Exception):
    """Base class of every error claimcheck raises on purpose."""


class InputError(ClaimcheckError, ValueError):
    """Bad text, bad record or unknown label handed to the library."""


class CorpusFormatError(InputError):
    """A corpus line that cannot be used; carries the file, line number and field."""

    def __init__(self, message: str, *, path: str = "", line: int = 0, field: str = "") -> None:
        where = f"{path}:{line}" if path else ""
        full = f"{where}: {message}" if where else message
        if field:
            full = f"{full} (field {field!r})"
        super().__init__(full)
        self.path = path
        self.line = line
        self.field = field


class ModelLoadError(ClaimcheckError, OSError):
    """A model bundle is missing or unreadable."""


class ModelIntegrityError(ModelLoadError):
    """A bundle file does not match its recorded SHA-256 digest: it changed after saving."""


class IncompatibleModelError(ModelLoadError):
    """A bundle was built with versions or a label set this installation cannot use."""


class ExportFormatError(InputError):
    """An export file we cannot parse."""


class StoreError(ClaimcheckError):
    """The feedback/key database is unreachable, not migrated, or refused an operation."""


class UntrustedModelError(ModelLoadError):
    """A bundle that is neither the pinned shipped one nor recorded as trusted: refused
    before it is unpickled, because a joblib file can run code."""


class TrustStoreError(ClaimcheckError):
    """The per-user trust file cannot be read or written."""


class MissingExtraError(ClaimcheckError):
    """A feature needs a library from an optional extra that is not installed."""
