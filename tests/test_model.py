"""Sentence/comment combination (LABELS.md precedence) and the shipped model on the hard cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from claimcheck.model import (
    LABEL_INDEX,
    ModelParams,
    build_pipeline,
    combine,
    is_quoted,
    training_units,
)
from claimcheck.types import LABELS, PRECEDENCE, Label


def vector(**probs: float) -> np.ndarray:
    """A probability vector in LABELS order from keyword probabilities."""
    out = np.zeros(len(LABELS))
    for name, value in probs.items():
        out[LABEL_INDEX[Label(name)]] = value
    return out


UNIFORM = np.full(len(LABELS), 1 / len(LABELS))
OPINION_HEAVY = vector(opinion=0.85, testimonial=0.05, spam=0.05, evidence_citation=0.05)


def top(proba: np.ndarray) -> Label:
    return LABELS[int(np.argmax(proba))]


def test_one_sentence_returns_the_comment_estimate() -> None:
    sentences = np.array([vector(spam=1.0)])
    np.testing.assert_array_equal(combine(OPINION_HEAVY, sentences, 0.5), OPINION_HEAVY)


def test_no_sentence_returns_the_comment_estimate() -> None:
    empty = np.zeros((0, len(LABELS)))
    np.testing.assert_array_equal(combine(OPINION_HEAVY, empty, 0.5), OPINION_HEAVY)


def test_zero_sentence_weight_returns_the_comment_estimate() -> None:
    sentences = np.array([vector(spam=1.0), vector(opinion=1.0)])
    np.testing.assert_array_equal(combine(OPINION_HEAVY, sentences, 0.0), OPINION_HEAVY)


def test_a_spam_heavy_sentence_lifts_spam() -> None:
    sentences = np.array(
        [
            vector(opinion=0.9, testimonial=0.05, spam=0.03, evidence_citation=0.02),
            vector(spam=0.95, opinion=0.03, testimonial=0.01, evidence_citation=0.01),
        ]
    )
    combined = combine(OPINION_HEAVY, sentences, 0.5)
    spam = LABEL_INDEX[Label.SPAM]
    assert combined[spam] > OPINION_HEAVY[spam] + 0.3
    assert top(combined) is Label.SPAM


def test_precedence_decides_between_strong_sentences() -> None:
    """A story plus a named study is evidence_citation; add promotion and it is spam."""
    story = vector(testimonial=1.0)
    study = vector(evidence_citation=1.0)
    promo = vector(spam=1.0)
    assert top(combine(UNIFORM, np.array([story, study]), 0.5)) is Label.EVIDENCE_CITATION
    assert top(combine(UNIFORM, np.array([study, story]), 0.5)) is Label.EVIDENCE_CITATION
    assert top(combine(UNIFORM, np.array([story, study, promo]), 0.5)) is Label.SPAM
    assert top(combine(UNIFORM, np.array([vector(opinion=1.0), story]), 0.5)) is (Label.TESTIMONIAL)


def test_all_opinion_sentences_keep_opinion() -> None:
    sentences = np.array([vector(opinion=1.0), vector(opinion=1.0), vector(opinion=1.0)])
    combined = combine(UNIFORM, sentences, 0.5)
    assert top(combined) is Label.OPINION
    assert combined[LABEL_INDEX[Label.OPINION]] == pytest.approx(0.5 * 0.25 + 0.5)


def test_sentence_weight_one_is_pure_precedence() -> None:
    sentences = np.array([vector(testimonial=0.5, opinion=0.5), vector(opinion=1.0)])
    combined = combine(vector(spam=1.0), sentences, 1.0)
    np.testing.assert_allclose(combined, vector(testimonial=0.5, opinion=0.5))


def test_precedence_constant_matches_labels_md() -> None:
    assert [lab.value for lab in PRECEDENCE] == [
        "spam",
        "evidence_citation",
        "testimonial",
        "opinion",
    ]


def _distribution(n: int) -> st.SearchStrategy[np.ndarray]:
    return (
        arrays(np.float64, (n, len(LABELS)), elements=st.floats(0.0, 1.0, allow_subnormal=False))
        .filter(lambda a: bool(np.all(a.sum(axis=1) > 1e-6)))
        .map(lambda a: a / a.sum(axis=1, keepdims=True))
    )


@settings(max_examples=200, deadline=None)
@given(
    comment=_distribution(1),
    sentences=st.integers(0, 6).flatmap(_distribution),
    weight=st.floats(0.0, 1.0),
)
def test_combine_gives_a_distribution(
    comment: np.ndarray, sentences: np.ndarray, weight: float
) -> None:
    combined = combine(comment[0], sentences, weight)
    assert combined.shape == (len(LABELS),)
    assert np.all(combined >= -1e-12)
    assert combined.sum() == pytest.approx(1.0, abs=1e-9)


def test_training_units_add_labelled_sentences_of_multi_sentence_comments() -> None:
    texts = ["I had it. It worked.", "Spam here"]
    labels = ["testimonial", "spam"]
    sentences = [[(0, 9, "testimonial"), (10, 20, "opinion")], [(0, 9, "spam")]]
    unit_texts, unit_labels = training_units(texts, labels, sentences)
    assert unit_texts == [*texts, "I had it.", "It worked."]
    assert unit_labels == [*labels, "testimonial", "opinion"]


def test_build_pipeline_steps_and_params() -> None:
    pipeline = build_pipeline(ModelParams(C=1.5, calibration="none", seed=3))
    assert [name for name, _ in pipeline.steps] == ["spacy", "features", "clf"]
    clf = pipeline.named_steps["clf"]
    assert clf.C == 1.5 and clf.random_state == 3
    calibrated = build_pipeline(ModelParams(calibration="sigmoid")).named_steps["clf"]
    assert calibrated.method == "sigmoid"
    assert calibrated.estimator.class_weight == "balanced"


# --- LABELS.md's hard-case table, on the shipped model -------------------------------------------

HARD_CASE_ROWS = [
    ("hc01", "A friend had it done last year and now walks without a cane.", "testimonial"),
    ("hc02", "People who had it done say they feel better.", "opinion"),
    ("hc03", "I've read the Zamboni paper and I'm not convinced.", "evidence_citation"),
    ("hc04", "There are no randomised trials showing it works.", "opinion"),
    (
        "hc05",
        "Quote: 'I did it in Italy and my life is back'. We can't practise medicine on anecdotes.",
        "opinion",
    ),
    ("hc06", "I did it in Italy, my life is back! Book at www.example-clinic.it", "spam"),
    ("hc07", "Great post, thanks!", "opinion"),
    ("hc08", "Great post! Visit my blog for cheap meds", "spam"),
    ("hc09", "They rang me at work three times last week.", "testimonial"),
    (
        "hc10",
        "Dr Ana Ruiz, a neurologist at the Karolinska Institute, told the BBC the results "
        "were weak.",
        "evidence_citation",
    ),
    ("hc11a", "Scholars believe the effect is real.", "opinion"),
    ("hc11b", "Experts say it works.", "opinion"),
    ("hc12", "The agency should require proof of the debt under section 809(b).", "opinion"),
    ("hc13", "im new here pls subscribe to my channel, it means a lot", "spam"),
    ("hc14", "OMG 2 BILLION VIEWS!!! who is still here in 2024??", "opinion"),
]
#: Rows the shipped model gets wrong: strict xfail, listed in the test report.
MODEL_ERRORS: set[str] = set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            text,
            expected,
            id=row,
            marks=[pytest.mark.xfail(strict=True, reason="model error, reported")]
            if row in MODEL_ERRORS
            else [],
        )
        for row, text, expected in HARD_CASE_ROWS
    ],
)
def test_shipped_model_on_labels_md_hard_cases(shipped_model, text: str, expected: str) -> None:
    prediction = shipped_model.predict_one(text)
    assert prediction.label == expected, prediction.probabilities
    assert "non_english" not in prediction.flags


# --- temperature scaling --------------------------------------------------------------------------


def test_temperature_keeps_the_label_and_the_distribution() -> None:
    from claimcheck.model import apply_temperature

    proba = np.array([[0.1, 0.6, 0.2, 0.1], [0.25, 0.25, 0.3, 0.2]])
    for temperature in (0.3, 1.0, 2.5):
        scaled = apply_temperature(proba, temperature)
        np.testing.assert_array_equal(scaled.argmax(axis=1), proba.argmax(axis=1))
        np.testing.assert_allclose(scaled.sum(axis=1), 1.0)
    assert apply_temperature(proba, 0.5)[0].max() > proba[0].max()  # T < 1 sharpens
    assert apply_temperature(proba, 2.0)[0].max() < proba[0].max()  # T > 1 softens


def test_fitted_temperature_softens_overconfident_probabilities() -> None:
    from claimcheck.model import fit_temperature

    rng = np.random.default_rng(0)
    gold_index = rng.integers(0, len(LABELS), 400)
    proba = np.full((400, len(LABELS)), 0.01)
    # right only 60% of the time, but always 97% sure: the fitted temperature must be > 1
    predicted = np.where(rng.random(400) < 0.6, gold_index, (gold_index + 1) % len(LABELS))
    proba[np.arange(400), predicted] = 0.97
    gold = [LABELS[i].value for i in gold_index]
    assert fit_temperature(proba, gold) > 1.5


@pytest.mark.parametrize(
    ("sentence", "quoted"),
    [
        ("> I had it done in Italy and walk again.", True),
        ("Quote: 'I did it in Italy and my life is back'.", True),
        ("“My life is back,” he wrote.", False),
        ("'Best decision of my life.'", True),
        ("I had it done in Italy.", False),
    ],
)
def test_is_quoted(sentence: str, quoted: bool) -> None:
    assert is_quoted(sentence) is quoted


def test_a_quoted_story_does_not_lift_the_comment_by_precedence() -> None:
    story, view = vector(testimonial=0.9), vector(opinion=0.9)
    mixed_in = combine(UNIFORM, np.array([story, view]), 0.5)
    quoted_out = combine(UNIFORM, np.array([view]), 0.5, min_sentences=1)
    assert quoted_out[LABEL_INDEX[Label.TESTIMONIAL]] < mixed_in[LABEL_INDEX[Label.TESTIMONIAL]]
    assert top(quoted_out) is Label.OPINION


# --- one prediction path: the Pipeline's own predict_proba -------------------------------------

SAMPLE_TEXTS = [
    "My wife had the surgery in 2010. Her life is back! See www.bbc.co.uk/news/health-1",
    "Petrov et al. 2011 found a modest effect.It did not last.  See doi:10.1177/1352458511",
    "WhatsApp +234 803 555 1234 now!!! Cheap meds at www.cheap-meds.biz",
    "> I did it in Italy and walk again.\nWe can't practise medicine on anecdotes.",
    "I think it is overrated",
    "Ünïcödé ÎSTANBUL İİ. Straße groß! ΟΔΟΣ ok?",
]


def test_pipeline_predict_proba_is_the_prediction_path(shipped_model) -> None:
    """What Classifier.predict reports is the Pipeline's own predict_proba on the Units:
    the old hand-walk of the steps (blocks stacked, dot product, softmax), kept here as the
    reference, gives the same bits."""
    import scipy.sparse as sp

    from claimcheck.model import predict_docs
    from claimcheck.parsed import Units

    pipeline = shipped_model.pipeline
    docs = pipeline[0].transform(SAMPLE_TEXTS)
    units = Units(docs)
    assert len(units) > len(docs)  # sentence rows present
    proba = pipeline[1:].predict_proba(units)
    union, clf = pipeline.named_steps["features"], pipeline.named_steps["clf"]
    weights = union.transformer_weights or {}
    blocks = []
    for name, transformer in union.transformer_list:
        block = transformer.transform(units)
        blocks.append(block * weights[name] if name in weights else block)
    scores = np.asarray(sp.hstack(blocks, format="csr") @ clf.coef_.T) + clf.intercept_
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    np.testing.assert_array_equal(proba, exp / exp.sum(axis=1, keepdims=True))
    combined, per_sentence = predict_docs(pipeline, docs, shipped_model.sentence_weight)
    assert combined.shape == (len(docs), len(LABELS))
    assert sum(len(rows) for rows in per_sentence) >= len(units) - len(docs)


def test_unit_rows_equal_each_unit_scored_alone(shipped_model) -> None:
    """Counting a comment's sentences once for both rows changes no number: every row of a
    Units equals that unit scored as a text of its own, through scikit-learn's
    TfidfVectorizer.transform (up to float32 rounding of the TF-IDF values)."""
    import copy

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    from claimcheck.parsed import Units

    pipeline = shipped_model.pipeline
    units = Units(pipeline[0].transform(SAMPLE_TEXTS))
    ours = pipeline[1:].predict_proba(units)
    alone = np.vstack([pipeline[1:].predict_proba([doc]) for doc in units])
    np.testing.assert_allclose(ours, alone, rtol=1e-12, atol=1e-12)
    # the same fitted model with scikit-learn's own TfidfVectorizer and FeatureUnion
    reference = copy.deepcopy(pipeline[1:])
    reference.named_steps["features"].__class__ = FeatureUnion
    for _, transformer in reference.named_steps["features"].transformer_list:
        if hasattr(transformer, "steps"):
            transformer[-1].__class__ = TfidfVectorizer
    np.testing.assert_allclose(ours, reference.predict_proba(list(units)), atol=1e-6)


def test_the_shipped_pipeline_has_the_fast_steps(shipped_model) -> None:
    """The bundle holds the one-pass vectorizers and the sequential union; an old bundle
    with plain scikit-learn steps would predict correctly but slowly."""
    from claimcheck.features import SequentialFeatureUnion
    from claimcheck.vectorize import OnePassTfidfVectorizer

    union = shipped_model.pipeline.named_steps["features"]
    assert isinstance(union, SequentialFeatureUnion)
    tfidf = [t[-1] for _, t in union.transformer_list if hasattr(t, "steps")]
    assert tfidf and all(isinstance(v, OnePassTfidfVectorizer) for v in tfidf)
