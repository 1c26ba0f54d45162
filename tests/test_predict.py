"""Classifier: any text gives a Prediction, anything else a typed error; flags; frames; streams."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.exceptions import InputError
from claimcheck.predict import Classifier, Settings, load_model
from claimcheck.types import LABELS, Flag, Label, Prediction

LABEL_VALUES = {lab.value for lab in LABELS}
MODEL_SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
GERMAN = (
    "Ich habe die Behandlung letztes Jahr in Italien machen lassen und seitdem geht es mir "
    "viel besser. Die Ärzte dort waren sehr freundlich, aber die Kosten waren hoch."
)


def assert_well_formed(prediction: Prediction, text: str) -> None:
    """The invariants every prediction keeps, whatever the text."""
    assert isinstance(prediction, Prediction)
    assert set(prediction.probabilities) == LABEL_VALUES
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0, abs=1e-6)
    assert all(0.0 <= p <= 1.0 for p in prediction.probabilities.values())
    assert prediction.label is None or prediction.label in LABELS
    assert prediction.flags <= {f.value for f in Flag}
    for sentence in prediction.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert sentence.label in LABELS
        assert sum(sentence.probabilities.values()) == pytest.approx(1.0, abs=1e-6)
    for cue in prediction.cues:
        assert 0 <= cue.start < cue.end <= len(text)
        assert text[cue.start : cue.end] == cue.text


# --- any text, any size -----------------------------------------------------------------------

# Plain text, plus huge text built by repeating a unicode piece (hypothesis cannot draw
# 20,000+ characters directly).
ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40),
    st.tuples(st.text(min_size=1, max_size=30), st.integers(500, 30_000)).map(
        lambda pair: (pair[0] * (pair[1] // len(pair[0]) + 1))[: pair[1]]
    ),
)


@MODEL_SETTINGS
@given(text=ANY_TEXT)
def test_any_string_gives_a_well_formed_prediction(tiny_model: Classifier, text: str) -> None:
    prediction = tiny_model.predict_one(text)
    assert_well_formed(prediction, text)
    if len(text) > tiny_model.settings.max_chars and prediction.label is not None:
        assert Flag.TRUNCATED.value in prediction.flags


@MODEL_SETTINGS
@given(texts=st.lists(st.text(max_size=200), max_size=20))
def test_batch_of_strings_gives_one_prediction_each_in_order(
    tiny_model: Classifier, texts: list[str]
) -> None:
    predictions = tiny_model.predict(texts)
    assert len(predictions) == len(texts)
    for text, prediction in zip(texts, predictions, strict=True):
        assert_well_formed(prediction, text)


NOT_STR = st.one_of(
    st.integers(),
    st.floats(allow_nan=True),
    st.none(),
    st.binary(),
    st.lists(st.text(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)


@MODEL_SETTINGS
@given(value=NOT_STR)
def test_anything_but_a_string_is_an_input_error(tiny_model: Classifier, value: object) -> None:
    with pytest.raises(InputError, match="not str"):
        tiny_model.predict_one(value)


@MODEL_SETTINGS
@given(value=NOT_STR)
def test_a_non_string_inside_a_batch_is_an_input_error(
    tiny_model: Classifier, value: object
) -> None:
    with pytest.raises(InputError, match="#1"):
        tiny_model.predict(["fine text", value])


def test_mixed_batch_names_the_bad_position(tiny_model: Classifier) -> None:
    with pytest.raises(InputError) as info:
        tiny_model.predict(["a", 5])
    assert "#1" in str(info.value)
    assert "int" in str(info.value)


def test_bytes_error_says_to_decode(tiny_model: Classifier) -> None:
    with pytest.raises(InputError, match="decode"):
        tiny_model.predict_one(b"I had it done")


@pytest.mark.parametrize("value", ["a whole string", b"some bytes"])
def test_predict_wants_an_iterable_of_texts(tiny_model: Classifier, value: object) -> None:
    with pytest.raises(InputError, match="predict_one"):
        tiny_model.predict(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [5, None])
def test_predict_on_a_non_iterable_is_an_input_error(tiny_model: Classifier, value: object) -> None:
    with pytest.raises(InputError):
        tiny_model.predict(value)  # type: ignore[arg-type]


# --- flags ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "👍🏽", "🙏 🙏", "\u200b"])
def test_empty_text_has_no_label_and_the_empty_flag(tiny_model: Classifier, text: str) -> None:
    prediction = tiny_model.predict_one(text)
    assert prediction.label is None
    assert prediction.flags == {"empty"}
    assert prediction.confidence == 0.0
    assert prediction.sentences == ()
    assert prediction.cues == ()
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0)


def test_empty_texts_keep_their_place_in_a_batch(tiny_model: Classifier) -> None:
    predictions = tiny_model.predict(["I had it done in 2010.", "", "Great post, thanks!", "🔥"])
    assert [p.label is None for p in predictions] == [False, True, False, True]


def test_long_text_is_truncated_and_flagged(tiny_model: Classifier) -> None:
    text = ("I had the procedure in 2010 and my life is back. " * 600)[:25_000]
    prediction = tiny_model.predict_one(text)
    assert Flag.TRUNCATED.value in prediction.flags
    assert prediction.label is not None
    limit = tiny_model.settings.max_chars
    assert max(s.end for s in prediction.sentences) <= limit
    assert max(c.end for c in prediction.cues) <= limit


def test_text_at_the_limit_is_not_truncated(tiny_model: Classifier) -> None:
    text = ("Great post, thanks! " * 1000)[: tiny_model.settings.max_chars]
    assert Flag.TRUNCATED.value not in tiny_model.predict_one(text).flags


def test_german_paragraph_is_flagged_non_english(tiny_model: Classifier) -> None:
    prediction = tiny_model.predict_one(GERMAN)
    assert Flag.NON_ENGLISH.value in prediction.flags
    assert prediction.label in LABELS  # flagged, still labelled (LABELS.md)


def test_english_is_not_flagged_non_english(tiny_model: Classifier) -> None:
    prediction = tiny_model.predict_one("I had it done in 2010 and my life is back")
    assert Flag.NON_ENGLISH.value not in prediction.flags


def test_review_threshold_is_a_setting(tiny_bundle: Path) -> None:
    texts = ["I had it done in 2010 and my life is back", "Great post, thanks!", "ok"]
    strict = load_model(tiny_bundle, settings=Settings(review_threshold=0.99))
    lenient = load_model(tiny_bundle, settings=Settings(review_threshold=0.0))
    for text in texts:
        a, b = strict.predict_one(text), lenient.predict_one(text)
        assert a.probabilities == b.probabilities
        assert ("needs_review" in a.flags) == (a.confidence < 0.99)
        assert "needs_review" not in b.flags
    assert any("needs_review" in strict.predict_one(t).flags for t in texts)


def test_max_chars_is_a_setting(tiny_bundle: Path) -> None:
    short = load_model(tiny_bundle, settings=Settings(max_chars=10))
    prediction = short.predict_one("I had it done in 2010 and my life is back")
    assert Flag.TRUNCATED.value in prediction.flags
    assert all(s.end <= 10 for s in prediction.sentences)


# --- sentences and cues -----------------------------------------------------------------------


def test_sentences_and_cues_of_a_mixed_comment(tiny_model: Classifier) -> None:
    text = (
        "My wife had the procedure in 2010 and her life is back.\n"
        "Petrov et al. 2011 found no effect (PMID 21679068).\n"
        "WhatsApp +234 803 555 1234 for the clinic."
    )
    prediction = tiny_model.predict_one(text)
    assert len(prediction.sentences) >= 3
    starts = [s.start for s in prediction.sentences]
    assert starts == sorted(starts)
    assert text.index("Petrov") in starts and text.index("WhatsApp") in starts
    families = {c.family for c in prediction.cues}
    assert {"experience", "citation", "promotion"} <= families
    pmid = [c for c in prediction.cues if "21679068" in c.text]
    assert pmid and pmid[0].family == "citation"


def test_overlapping_cues_of_one_family_are_deduplicated(tiny_model: Classifier) -> None:
    prediction = tiny_model.predict_one("WhatsApp +234 803 555 1234 now")
    promotion = [c for c in prediction.cues if c.family == "promotion"]
    # "+234", "+234 803", ... collapse into the longest span
    assert [c.text for c in promotion] == ["WhatsApp", "+234 803 555 1234"]


# --- frames, explanations, streams, determinism ------------------------------------------------


def test_predict_frame_adds_columns_and_keeps_rows(tiny_model: Classifier) -> None:
    frame = pd.DataFrame(
        {
            "id": [10, 11, 12],
            "body": ["I had it done in 2010 and my life is back", "", GERMAN],
        },
        index=["a", "b", "c"],
    )
    out = tiny_model.predict_frame(frame, text="body")
    assert list(out.index) == ["a", "b", "c"]
    assert list(out["id"]) == [10, 11, 12]
    assert list(out.columns[:2]) == ["id", "body"]
    expected = {"label", "confidence", "flags", *(f"p_{lab.value}" for lab in LABELS)}
    assert expected <= set(out.columns)
    assert "label" not in frame.columns  # the input frame is not modified
    labels, flags = out["label"].tolist(), out["flags"].tolist()
    assert pd.isna(labels[1])
    assert flags[1] == "empty"
    assert "non_english" in str(flags[2]).split(",")
    sums = out[[f"p_{lab.value}" for lab in LABELS]].sum(axis=1)
    assert sums.to_numpy() == pytest.approx([1.0, 1.0, 1.0])
    one = tiny_model.predict_one(frame["body"].tolist()[0])
    assert labels[0] == one.label
    assert out["confidence"].tolist()[0] == pytest.approx(one.confidence)


def test_predict_frame_missing_column_is_an_input_error(tiny_model: Classifier) -> None:
    with pytest.raises(InputError) as info:
        tiny_model.predict_frame(pd.DataFrame({"body": ["x"]}))
    assert "'text'" in str(info.value) and "body" in str(info.value)


def test_explain_gives_cues_and_features_per_label(tiny_model: Classifier) -> None:
    text = "Petrov et al. 2011 found no effect, PMID 21679068."
    result = tiny_model.explain(text, top=5)
    assert result["label"] == tiny_model.predict_one(text).label
    assert any(c["family"] == "citation" for c in result["cues"])
    assert set(result["features"]) == LABEL_VALUES
    for rows in result["features"].values():
        assert len(rows) <= 5
        assert all(row["weight"] > 0 and ":" in row["feature"] for row in rows)
        weights = [row["weight"] for row in rows]
        assert weights == sorted(weights, reverse=True)
    assert result["features"]["evidence_citation"]


def test_explain_empty_text(tiny_model: Classifier) -> None:
    result = tiny_model.explain("   ")
    assert result["label"] is None
    assert result["flags"] == ["empty"]
    assert result["features"] == {}


def test_predict_streams_a_generator(tiny_bundle: Path) -> None:
    classifier = load_model(tiny_bundle, settings=Settings(batch_size=256))
    consumed = 0

    def texts() -> Iterator[str]:
        nonlocal consumed
        for i in range(600):
            consumed += 1
            yield f"comment number {i}: I had it done in {1990 + i % 30} and it helped"

    stream = classifier.iter_predict(texts())
    first = next(stream)
    assert isinstance(first, Prediction)
    assert consumed <= 256  # only the first batch was read
    rest = list(stream)
    assert consumed == 600
    assert len(rest) == 599
    assert len(classifier.predict(texts())) == 600


def test_batch_gives_the_same_as_one_by_one(tiny_model: Classifier) -> None:
    texts = ["I had it done in 2010.", "Great post! Visit my blog for cheap meds", "", GERMAN]
    batch = tiny_model.predict(texts)
    assert batch == [tiny_model.predict_one(t) for t in texts]


@pytest.mark.slow
def test_same_seed_same_probabilities(tiny_bundle: Path, tiny_bundle_twin: Path) -> None:
    texts = [
        "I had it done in 2010 and my life is back",
        "Petrov et al. 2011 found no effect.",
        "check out my channel",
        "I think it is overrated. My wife tried it last year.",
    ]
    a = load_model(tiny_bundle).predict(texts)
    b = load_model(tiny_bundle_twin).predict(texts)
    assert [p.probabilities for p in a] == [p.probabilities for p in b]
    assert [p.label for p in a] == [p.label for p in b]


def test_label_is_a_str_enum(tiny_model: Classifier) -> None:
    prediction = tiny_model.predict_one("Great post, thanks!")
    assert isinstance(prediction.label, Label)
    assert prediction.label.value in LABEL_VALUES
