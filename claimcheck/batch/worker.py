"""What runs inside a worker process: the cached model and the labelling of one chunk.

The whole prediction happens here and only plain result rows travel back, because shipping
spaCy Docs between processes costs more than the prediction (DESIGN.md §7).

Process-wide cache: `_CLASSIFIERS` holds at most one Classifier per (bundle path, settings)
so each worker process loads the model once, on its first chunk (or when a Dask worker
joins). Nothing loads the model before there is a record to label: a job whose input
yields nothing (an empty file, a decompression bomb the readers refuse) never pays the
model's ~350 MB, and the job's fingerprint needs only the bundle's verified version.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimcheck.io.records import Record
from claimcheck.types import Settings

if TYPE_CHECKING:
    from claimcheck.predict import Classifier
    from claimcheck.types import Prediction

_CLASSIFIERS: dict[tuple[str, Settings], Classifier] = {}


@dataclass(frozen=True, slots=True)
class ModelRef:
    """Where a worker finds the model: a bundle path ('' = shipped default) and settings."""

    path: str = ""
    settings: Settings = field(default_factory=Settings)


def get_classifier(ref: ModelRef) -> Classifier:
    """The Classifier for `ref`, loaded on first use in this process and then reused."""
    key = (ref.path, ref.settings)
    if key not in _CLASSIFIERS:
        from claimcheck.predict import load_model

        _CLASSIFIERS[key] = load_model(ref.path or None, ref.settings)
    return _CLASSIFIERS[key]


def ref_version(ref: ModelRef) -> str:
    """The version of the model `ref` names: from the loaded copy when this process has one,
    else from the bundle's verified meta.json (nothing unpickled). Raises the bundle's
    errors (missing, tampered, incompatible) so a job fails before it starts."""
    from claimcheck.bundle import bundle_version

    loaded = _CLASSIFIERS.get((ref.path, ref.settings))
    return loaded.version if loaded is not None else bundle_version(ref.path or None)


def remember(ref: ModelRef, classifier: Classifier) -> None:
    """Put an already loaded classifier in the cache (tests, and the parent before forking)."""
    _CLASSIFIERS[(ref.path, ref.settings)] = classifier


def init_worker(ref: ModelRef, parent: int | None = None) -> None:
    """ProcessPoolExecutor initializer: tie the worker's life to `parent` (the batch
    process). The model is loaded by the first chunk (see the module docstring)."""
    if parent is not None:
        exit_with_parent(parent)


#: How often a worker checks that the batch process is still there (seconds).
PARENT_POLL = 0.5


def exit_with_parent(parent: int) -> None:
    """Make this worker exit as soon as the batch process `parent` is gone.

    A killed parent (kill -9 or TERM) cannot shut its pool down, and a worker idling in the
    pool's queue would otherwise hold its ~300 MB for as long as nobody notices. On Linux
    the kernel kills the worker when its parent dies (PR_SET_PDEATHSIG); everywhere, a
    daemon thread notices that the worker has been re-parented or the batch process is
    gone. A fork inherits the parent's TERM handler, which is for the parent only.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl: the watcher thread below still ends the worker
    direct = os.getppid()  # the batch process, or the forkserver that forked this worker
    if not _alive(parent):
        os._exit(1)
    threading.Thread(
        target=_watch_parent, args=(parent, direct), name="claimcheck-parent-watch", daemon=True
    ).start()


_PR_SET_PDEATHSIG = 1


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch_parent(parent: int, direct: int) -> None:
    """Exit the process once the worker's parent changed or the batch process is gone."""
    while True:
        time.sleep(PARENT_POLL)
        if os.getppid() != direct or not _alive(parent):
            os._exit(1)


def label_chunk(ref: ModelRef, records: list[tuple[int, Record]]) -> list[dict[str, Any]]:
    """Output rows (JSON-ready dicts) for `(seq, record)` pairs, in the same order."""
    if not records:
        return []
    classifier = get_classifier(ref)
    predictions = classifier.predict([record.text for _, record in records])
    version = classifier.version
    return [
        to_row(seq, record, prediction, version)
        for (seq, record), prediction in zip(records, predictions, strict=True)
    ]


def to_row(seq: int, record: Record, prediction: Prediction, version: str) -> dict[str, Any]:
    """The canonical output row: the normalised record, then what the model says."""
    return {
        "seq": seq,
        "id": record.id,
        "thread_id": record.thread_id,
        "parent_id": record.parent_id,
        "author": record.author,
        "created_at": record.created_at.isoformat() if record.created_at else None,
        "text": record.text,
        "text_format": record.text_format,
        "status": record.status,
        "source": record.source,
        "extra": record.extra,
        "label": prediction.label.value if prediction.label else None,
        "confidence": prediction.confidence,
        "probabilities": dict(prediction.probabilities),
        "flags": sorted(prediction.flags),
        "sentences": [
            {
                "start": s.start,
                "end": s.end,
                "label": s.label.value,
                "probabilities": dict(s.probabilities),
            }
            for s in prediction.sentences
        ],
        "cues": [c.to_dict(with_text=False) for c in prediction.cues],  # the row has the text
        "model_version": version,
    }
