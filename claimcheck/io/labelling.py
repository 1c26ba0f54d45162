"""The values exchanged with annotation tools: items offered for labelling, the labels that
come back, and what an import skipped. Their own module so that the readers and writers of
each tool (io.labelstudio, io.sheets), the suggestion step (research.active), the merge
(research.annotations) and `claimcheck adapt` (adapt_inputs) all depend on it and never on
each other. It lives in io, below the research tools, because adapting a model reads the
same files the research workflow writes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from claimcheck.corpus import Sentence
from claimcheck.types import LABELS, Label, Prediction

MergeRule = Literal["majority", "unanimous"]
KNOWN_LABELS = ", ".join(lab.value for lab in LABELS)


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotator's label (and optional sentence spans) for one item."""

    item_id: str
    text: str
    annotator: str
    label: Label
    sentences: tuple[Sentence, ...] = ()
    source: str = ""
    position: int = 0
    domain: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something an import did not use, where it was, and why."""

    source: str
    position: int
    reason: str
    item_id: str = ""

    def __str__(self) -> str:
        item = f" [{self.item_id}]" if self.item_id else ""
        return f"{self.source}:{self.position}{item}: {self.reason}"


@dataclass
class AnnotationSet:
    """Annotations read from one or more files, plus what was skipped and notes for the user."""

    annotations: list[Annotation] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def extend(self, other: AnnotationSet) -> None:
        self.annotations.extend(other.annotations)
        self.skipped.extend(other.skipped)
        self.notes.extend(other.notes)


def check_label(value: object) -> Label | None:
    """The Label for a tool's label string (case and spaces forgiven), None if unknown."""
    if not isinstance(value, str):
        return None
    try:
        return Label(value.strip().lower().replace(" ", "_"))
    except ValueError:
        return None


def check_spans(
    raw: Iterable[tuple[int, int, object, str | None]], text: str
) -> tuple[tuple[Sentence, ...], str | None]:
    """Validated, sorted sentence spans from (start, end, label, quoted text); or why not.

    A span is refused when its offsets fall outside the text, when the text it quotes is not
    the text at those offsets (the export and the data disagree), when its label is unknown,
    or when spans overlap.
    """
    spans: list[Sentence] = []
    for start, end, label_value, quoted in raw:
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end:
            return (), f"span {start}-{end} has invalid offsets"
        if end > len(text):
            return (), f"span {start}-{end} is out of range (text has {len(text)} characters)"
        if quoted is not None and text[start:end] != quoted:
            return (), (
                f"span {start}-{end} quotes {quoted[:40]!r} but the text there is "
                f"{text[start:end][:40]!r}"
            )
        label = check_label(label_value)
        if label is None:
            return (), f"span {start}-{end} has unknown label {label_value!r} ({KNOWN_LABELS})"
        spans.append(Sentence(start, end, label))
    spans.sort(key=lambda s: (s.start, s.end))
    for before, after in itertools.pairwise(spans):
        if after.start < before.end:
            return (), f"spans {before.start}-{before.end} and {after.start}-{after.end} overlap"
    return tuple(spans), None


@dataclass(frozen=True, slots=True)
class PoolItem:
    """One unlabelled comment of the pool."""

    id: str
    text: str
    source: str = ""
    position: int = 0
    domain: str | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A comment worth labelling, with the model's guess and why it was chosen."""

    item: PoolItem
    prediction: Prediction
    score: float
    strategy: str
    rank: int
