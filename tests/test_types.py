"""Values that cross the boundaries (types.py) and the error hierarchy (exceptions.py)."""

from __future__ import annotations

import json

import pytest

from claimcheck.exceptions import (
    ClaimcheckError,
    CorpusFormatError,
    ExportFormatError,
    IncompatibleModelError,
    InputError,
    ModelIntegrityError,
    ModelLoadError,
)
from claimcheck.types import (
    LABELS,
    PRECEDENCE,
    CueSpan,
    Flag,
    Label,
    Prediction,
    SentencePrediction,
    highest_precedence,
    parse_label,
)


def test_labels_are_the_four_of_labels_md() -> None:
    assert {lab.value for lab in Label} == {
        "testimonial",
        "evidence_citation",
        "spam",
        "opinion",
    }
    assert Label.TESTIMONIAL == "testimonial"  # a str enum: compares equal to its value
    assert json.dumps(Label.SPAM) == '"spam"'


def test_precedence_is_spam_citation_testimonial_opinion() -> None:
    assert PRECEDENCE == (
        Label.SPAM,
        Label.EVIDENCE_CITATION,
        Label.TESTIMONIAL,
        Label.OPINION,
    )


def test_label_order_of_probability_vectors_is_sorted_by_value() -> None:
    assert [lab.value for lab in LABELS] == sorted(lab.value for lab in Label)


@pytest.mark.parametrize("value", ["spam", Label.SPAM])
def test_parse_label_accepts_values_and_members(value: object) -> None:
    assert parse_label(value) is Label.SPAM


@pytest.mark.parametrize("value", ["Spam", "rumour", "", None, 3])
def test_parse_label_rejects_unknown_and_lists_the_known_labels(value: object) -> None:
    with pytest.raises(InputError) as info:
        parse_label(value)
    message = str(info.value)
    assert repr(value) in message
    for lab in Label:
        assert lab.value in message


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ([], Label.OPINION),
        ([Label.OPINION], Label.OPINION),
        ([Label.OPINION, Label.TESTIMONIAL], Label.TESTIMONIAL),
        ([Label.TESTIMONIAL, Label.EVIDENCE_CITATION, Label.OPINION], Label.EVIDENCE_CITATION),
        ([Label.EVIDENCE_CITATION, Label.SPAM], Label.SPAM),
        ({Label.SPAM, Label.OPINION, Label.TESTIMONIAL}, Label.SPAM),
    ],
)
def test_highest_precedence(labels: list[Label], expected: Label) -> None:
    assert highest_precedence(labels) is expected


def _prediction() -> Prediction:
    return Prediction(
        label=Label.TESTIMONIAL,
        probabilities={
            "evidence_citation": 0.1,
            "opinion": 0.1,
            "spam": 0.1,
            "testimonial": 0.7,
        },
        flags=frozenset({"needs_review", "non_english"}),
        sentences=(
            SentencePrediction(0, 5, Label.TESTIMONIAL, {"testimonial": 1.0}),
            SentencePrediction(6, 9, Label.OPINION, {"opinion": 1.0}),
        ),
        cues=(CueSpan("experience", 0, 5, "I had"),),
    )


def test_prediction_confidence_is_the_probability_of_its_label() -> None:
    assert _prediction().confidence == pytest.approx(0.7)


def test_prediction_without_label_has_zero_confidence() -> None:
    empty = Prediction(None, {lab.value: 0.25 for lab in LABELS}, frozenset({Flag.EMPTY.value}))
    assert empty.confidence == 0.0
    assert empty.to_dict()["label"] is None


def test_prediction_to_dict_is_json_ready() -> None:
    out = json.loads(json.dumps(_prediction().to_dict()))
    assert out["label"] == "testimonial"
    assert out["flags"] == ["needs_review", "non_english"]
    assert [s["label"] for s in out["sentences"]] == ["testimonial", "opinion"]
    assert all(type(s["label"]) is str for s in out["sentences"])
    assert out["cues"] == [{"family": "experience", "start": 0, "end": 5, "text": "I had"}]


def test_prediction_to_dict_carries_every_field_of_every_dataclass() -> None:
    """to_dict is written out field by field for speed; it must not drop a field when one is
    added to Prediction, SentencePrediction or CueSpan (dataclasses.asdict is the reference)."""
    from dataclasses import asdict

    prediction = _prediction()
    reference = asdict(prediction)
    out = prediction.to_dict()
    assert out.keys() == reference.keys()
    assert out["sentences"][0].keys() == reference["sentences"][0].keys()
    assert out["cues"][0].keys() == reference["cues"][0].keys()
    assert out["cues"] == list(reference["cues"])
    assert out["probabilities"] == reference["probabilities"]
    assert out["probabilities"] is not prediction.probabilities  # a copy the caller may change


def test_prediction_is_immutable() -> None:
    prediction = _prediction()
    with pytest.raises(AttributeError):
        prediction.label = Label.SPAM  # type: ignore[misc]


@pytest.mark.parametrize(
    ("child", "parents"),
    [
        (InputError, (ClaimcheckError, ValueError)),
        (CorpusFormatError, (InputError, ValueError)),
        (ModelLoadError, (ClaimcheckError, OSError)),
        (ModelIntegrityError, (ModelLoadError, OSError)),
        (IncompatibleModelError, (ModelLoadError, OSError)),
        (ExportFormatError, (InputError,)),
    ],
)
def test_error_hierarchy_of_design_section_5(child: type, parents: tuple[type, ...]) -> None:
    for parent in parents:
        assert issubclass(child, parent)


def test_corpus_format_error_names_file_line_and_field() -> None:
    error = CorpusFormatError(
        "unknown label 'x'", path="corpus/comments.jsonl", line=12, field="label"
    )
    assert str(error) == "corpus/comments.jsonl:12: unknown label 'x' (field 'label')"
    assert (error.path, error.line, error.field) == ("corpus/comments.jsonl", 12, "label")
