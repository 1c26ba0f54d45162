"""Values that cross the boundaries between boxes of the flow (DESIGN.md §1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Label(StrEnum):
    """The four primary labels of LABELS.md."""

    TESTIMONIAL = "testimonial"
    EVIDENCE_CITATION = "evidence_citation"
    SPAM = "spam"
    OPINION = "opinion"


#: LABELS.md precedence for mixed text, highest first.
PRECEDENCE: tuple[Label, ...] = (
    Label.SPAM,
    Label.EVIDENCE_CITATION,
    Label.TESTIMONIAL,
    Label.OPINION,
)

#: Canonical label order for probability vectors and model classes.
LABELS: tuple[Label, ...] = tuple(sorted(Label, key=lambda lab: lab.value))

#: The labels' string values, in LABELS order (probability columns, reports, confusion rows).
LABEL_NAMES: tuple[str, ...] = tuple(lab.value for lab in LABELS)
#: Column names of the four probabilities in tabular outputs (batch files, labelling sheets).
PROBABILITY_COLUMNS: tuple[str, ...] = tuple(f"p_{lab.value}" for lab in LABELS)


class Flag(StrEnum):
    """Flags a prediction can carry besides (or instead of) a label."""

    EMPTY = "empty"
    NON_ENGLISH = "non_english"
    TRUNCATED = "truncated"
    NEEDS_REVIEW = "needs_review"


def parse_label(value: object) -> Label:
    """Turn a user-supplied value into a Label, or say which labels exist."""
    from claimcheck.exceptions import InputError

    try:
        return Label(str(value))
    except ValueError:
        known = ", ".join(lab.value for lab in Label)
        raise InputError(f"unknown label {value!r}; use one of: {known}") from None


def highest_precedence(labels: list[Label] | set[Label]) -> Label:
    """The label a comment carries given the labels of its parts (LABELS.md precedence)."""
    present = set(labels)
    for lab in PRECEDENCE:
        if lab in present:
            return lab
    return Label.OPINION


@dataclass(frozen=True, slots=True)
class CueSpan:
    """A stretch of text that matched a cue pattern (character offsets into the comment)."""

    family: str
    start: int
    end: int
    text: str

    def to_dict(self, *, with_text: bool = True) -> dict[str, Any]:
        """The one JSON shape of a cue (docs/formats.md, "Cues"): an object with family,
        start, end and, unless the row already carries the comment (batch rows), text."""
        out: dict[str, Any] = {"family": self.family, "start": self.start, "end": self.end}
        if with_text:
            out["text"] = self.text
        return out


@dataclass(frozen=True, slots=True)
class SentencePrediction:
    """The label of one sentence, with offsets into the comment text."""

    start: int
    end: int
    label: Label
    probabilities: dict[str, float]


@dataclass(frozen=True, slots=True)
class Prediction:
    """Everything the model says about one comment."""

    label: Label | None
    probabilities: dict[str, float]
    flags: frozenset[str] = field(default_factory=frozenset)
    sentences: tuple[SentencePrediction, ...] = ()
    cues: tuple[CueSpan, ...] = ()

    @property
    def confidence(self) -> float:
        """Probability of the predicted label (0 when there is no label)."""
        return self.probabilities.get(self.label.value, 0.0) if self.label else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (labels as strings, flags sorted).

        Built field by field: `dataclasses.asdict` deep-copies and cost ~1 ms a prediction,
        which the HTTP service paid on every comment.
        """
        return {
            "label": self.label.value if self.label else None,
            "probabilities": dict(self.probabilities),
            "flags": sorted(self.flags),
            "sentences": [
                {
                    "start": s.start,
                    "end": s.end,
                    "label": s.label.value,
                    "probabilities": dict(s.probabilities),
                }
                for s in self.sentences
            ],
            "cues": [c.to_dict() for c in self.cues],
        }


@dataclass(frozen=True, slots=True)
class Settings:
    """Run-time knobs of a Classifier; none of them changes the trained model. Here, not in
    predict.py, so code that only passes settings along (the batch job's parent process)
    does not import the model's libraries."""

    #: Below this top probability a prediction is flagged needs_review.
    review_threshold: float = 0.6
    #: Longer texts are classified on their first max_chars characters (flag truncated).
    max_chars: int = 20_000
    #: Texts handed to spaCy's nlp.pipe at a time.
    batch_size: int = 256
