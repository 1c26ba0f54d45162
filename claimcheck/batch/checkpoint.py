"""The checkpoint: how far a run got, written atomically after every committed part.

It exists only while a run is unfinished. It records a fingerprint of the job (each input's
path, size, mtime and a digest of its first and last bytes; the output; the reading options,
model version and settings, skipped statuses) so a resume never mixes the output of two
different jobs. Stdin has no identity to record, so a run that read it cannot be resumed.
"""

from __future__ import annotations

import hashlib
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


#: Bytes read from each end of an input for its digest: catches a file replaced by another
#: of the same size and mtime (e.g. `cp -p`) at the cost of two small reads.
EDGE_BYTES = 1 << 16


def _edge_digest(path: str, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        digest.update(handle.read(EDGE_BYTES))
        if size > EDGE_BYTES:
            handle.seek(max(EDGE_BYTES, size - EDGE_BYTES))
            digest.update(handle.read(EDGE_BYTES))
    return digest.hexdigest()


def fingerprint(inputs: list[str], options: dict[str, Any]) -> dict[str, Any]:
    """What identifies a job: each input's path, size, mtime and edge digest, plus the
    options (everything else that changes the output). Stdin is recorded as "-"."""
    files: list[dict[str, Any]] = []
    for path in inputs:
        if path == "-":
            files.append({"path": "-"})
            continue
        stat = Path(path).stat()
        files.append(
            {
                "path": str(Path(path).resolve()),
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
                "sha256_edges": _edge_digest(path, stat.st_size),
            }
        )
    return {"inputs": files, "options": options}


def load(path: Path, expected: dict[str, Any]) -> tuple[Progress, dict[str, Any]] | None:
    """(progress, sink state) from an unfinished run of the same job; None when none."""
    if not path.is_file():
        return None
    if any(entry["path"] == "-" for entry in expected["inputs"]):
        raise InputError(
            f"{path} is left by an unfinished run, and a run reading stdin cannot be resumed "
            "(the stream may differ): pass --fresh to start over, or give the input as a file"
        )
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
