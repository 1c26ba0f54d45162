"""The checkpoint: how far a run got, written atomically after every committed part.

It exists only while a run is unfinished. It records a fingerprint of the job (inputs with
size and mtime, reading options, model version, skipped statuses) so a resume never mixes
the output of two different jobs.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.exceptions import InputError


@dataclass
class Progress:
    """Counters that must survive a restart together with the output they describe."""

    items: int = 0  # input items consumed (records and bad records), across all inputs
    read: int = 0
    labelled: int = 0
    quarantined: int = 0
    duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    file_errors: list[str] = field(default_factory=list)


def fingerprint(inputs: list[str], options: dict[str, Any]) -> dict[str, Any]:
    """What identifies a job: each input's path, size and mtime, plus the options."""
    files = []
    for path in inputs:
        stat = Path(path).stat()
        files.append(
            {"path": str(Path(path).resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        )
    return {"inputs": files, "options": options}


def load(path: Path, expected: dict[str, Any]) -> tuple[Progress, dict[str, Any]] | None:
    """(progress, sink state) from an unfinished run of the same job; None when none."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        progress = Progress(**data["progress"])
        state = dict(data["sink"])
        recorded = data["fingerprint"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"{path} is unreadable ({exc}); delete it or pass --fresh to start over"
        ) from None
    if recorded != expected:
        raise InputError(
            f"{path} belongs to an unfinished run over other inputs or options; "
            "rerun that exact command to finish it, or pass --fresh to start over"
        )
    return progress, state


def save(
    path: Path, fingerprint_: dict[str, Any], progress: Progress, state: dict[str, Any]
) -> None:
    """Write via a temp file and rename, so a kill leaves the old or the new checkpoint."""
    temp = path.with_name(path.name + ".tmp")
    payload = {"fingerprint": fingerprint_, "progress": asdict(progress), "sink": state}
    with temp.open("w", encoding="utf-8") as handle:
        json.dump(payload, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def clear(path: Path) -> None:
    """A finished run leaves no checkpoint: the next run of the command starts afresh."""
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".tmp").unlink(missing_ok=True)
