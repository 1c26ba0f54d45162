"""What runs inside a worker process: the cached model and the labelling of one chunk.

The whole prediction happens here and only plain result rows travel back, because shipping
spaCy Docs between processes costs more than the prediction (DESIGN.md §7).

Process-wide cache: `_CLASSIFIERS` holds at most one Classifier per (bundle path, settings)
so each worker process loads the model once (pool initializer, Dask worker plugin, or the
first chunk), and a forked worker inherits the parent's copy for free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimcheck.io.records import Record
from claimcheck.predict import Settings

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


def remember(ref: ModelRef, classifier: Classifier) -> None:
    """Put an already loaded classifier in the cache (tests, and the parent before forking)."""
    _CLASSIFIERS[(ref.path, ref.settings)] = classifier


def init_worker(ref: ModelRef) -> None:
    """ProcessPoolExecutor initializer: load the model once, before the first chunk."""
    get_classifier(ref)


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
        "cues": [[c.family, c.start, c.end] for c in prediction.cues],
        "model_version": version,
    }
