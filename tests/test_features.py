"""Feature transformers over DocFeatures, and the scikit-learn conventions they follow."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.utils.estimator_checks import (
    check_estimator_cloneable,
    check_estimator_repr,
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from claimcheck.features import (
    CUE_FAMILIES,
    CueCounts,
    NormText,
    StructureFeatures,
    StyleFeatures,
    build_features,
)
from claimcheck.model import SpacyPreprocessor
from claimcheck.nlp.pipeline import build_nlp, doc_features
from claimcheck.parsed import DocFeatures
from claimcheck.text import char_classes, style_counts

TEXT = (
    "My wife had the procedure in 2010. Since then her life is back!\n"
    "Petrov (2011) found no effect, see doi:10.1177/1352458511.\n"
    "@sam Check out my channel: www.cheap-meds.biz"
)


@pytest.fixture(scope="module")
def features() -> DocFeatures:
    return doc_features(build_nlp()(TEXT))


@pytest.fixture(scope="module")
def docs() -> list[DocFeatures]:
    nlp = build_nlp()
    texts = [TEXT, "ok", "> Quote: I did it.\nWhy would anyone believe that?", "I think so!!"]
    return [doc_features(d) for d in nlp.pipe(texts)]


def test_sentence_is_a_text_of_its_own(features: DocFeatures) -> None:
    assert len(features.sentences) >= 3
    for k, (char_start, char_end) in enumerate(features.sentence_spans()):
        sub = features.sentence(k)
        tok_start, tok_end = features.sentences[k]
        assert sub.text == TEXT[char_start:char_end]
        assert sub.norms == features.norms[tok_start:tok_end]
        assert sub.sentences == ((0, tok_end - tok_start),)
        # every token covers the same characters as in the whole comment
        for i in range(len(sub.norms)):
            j = tok_start + i
            assert (
                sub.text[sub.starts[i] : sub.ends[i]] == TEXT[features.starts[j] : features.ends[j]]
            )
        # cues inside the sentence keep their text; cues crossing its edges are dropped
        inside = [
            (fam, TEXT[s:e])
            for (fam, s, e), (_, ts, te) in zip(features.cue_spans(), features.cues, strict=True)
            if ts >= tok_start and te <= tok_end
        ]
        assert [(fam, sub.text[s:e]) for fam, s, e in sub.cue_spans()] == inside


def test_sentences_carry_their_cues(features: DocFeatures) -> None:
    by_sentence = [
        {fam for fam, _, _ in features.sentence(k).cues} for k in range(len(features.sentences))
    ]
    assert "experience" in by_sentence[0]
    assert any("citation" in fams for fams in by_sentence)
    assert "promotion" in by_sentence[-1]


def test_char_span_and_norm_text(features: DocFeatures) -> None:
    assert features.char_span(0, 2) == (0, len("My wife"))
    assert features.norm_text.split(" ")[:2] == ["my", "wife"]
    assert "__doi__" in features.norm_text
    assert "__url__" in features.norm_text


def test_cue_counts_shape_and_values(docs: list[DocFeatures]) -> None:
    counts = CueCounts(log_scale=False).fit(docs)
    matrix = counts.transform(docs).toarray()
    assert matrix.shape == (len(docs), len(CUE_FAMILIES))
    names = list(counts.get_feature_names_out())
    assert names == [f"cue:{f}" for f in CUE_FAMILIES]
    for row, doc in zip(matrix, docs, strict=True):
        for fam, value in zip(CUE_FAMILIES, row, strict=True):
            assert value == sum(1 for f, _, _ in doc.cues if f == fam)
    assert matrix[1].sum() == 0  # "ok" has no cues


def test_cue_counts_log_scale_and_family_subset(docs: list[DocFeatures]) -> None:
    raw = CueCounts(log_scale=False).fit(docs).transform(docs).toarray()
    logged = CueCounts().fit(docs).transform(docs).toarray()
    np.testing.assert_allclose(logged, np.log1p(raw))
    subset = CueCounts(families=("promotion",), log_scale=False).fit(docs)
    assert subset.transform(docs).shape == (len(docs), 1)
    np.testing.assert_allclose(
        subset.transform(docs).toarray()[:, 0], raw[:, CUE_FAMILIES.index("promotion")]
    )


def test_structure_features(docs: list[DocFeatures]) -> None:
    transformer = StructureFeatures().fit(docs)
    matrix = transformer.transform(docs).toarray()
    assert matrix.shape == (len(docs), len(StructureFeatures.names))
    column = {n: i for i, n in enumerate(StructureFeatures.names)}
    assert matrix[0, column["mention"]] == 1.0
    assert matrix[0, column["first_person_start"]] == 1.0
    assert matrix[2, column["quote_line"]] == 1.0
    assert matrix[2, column["ends_question"]] == 1.0
    assert matrix[1, column["n_sentences"]] == pytest.approx(math.log1p(1))
    assert len(transformer.get_feature_names_out()) == matrix.shape[1]


def test_style_features(docs: list[DocFeatures]) -> None:
    matrix = StyleFeatures().fit(docs).transform(docs).toarray()
    assert matrix.shape == (len(docs), len(StyleFeatures.names))
    assert np.all(matrix >= 0)
    exclamations = StyleFeatures.names.index("exclamations")
    assert matrix[3, exclamations] == pytest.approx(2 / 5)


def test_transformers_accept_no_docs() -> None:
    for transformer in (CueCounts(), StructureFeatures(), StyleFeatures()):
        assert transformer.fit([]).transform([]).shape[0] == 0


def test_norm_text(docs: list[DocFeatures]) -> None:
    assert NormText().fit(docs).transform(docs[:2]) == [docs[0].norm_text, docs[1].norm_text]
    assert docs[1].norm_text == "okay"  # the lookup lemma of "ok"


def test_norm_text_can_give_the_lower_cased_original(docs: list[DocFeatures]) -> None:
    assert NormText(source="text").fit(docs).transform(docs[3:]) == ["i think so!!"]


def test_norm_text_checks_its_source_in_fit_not_init(docs: list[DocFeatures]) -> None:
    transformer = NormText(source="tokens")  # storing a bad value is allowed (sklearn style)
    with pytest.raises(ValueError, match="source"):
        transformer.fit(docs)


def test_build_features_fits_and_names_every_column(docs: list[DocFeatures]) -> None:
    union = build_features(min_df=1)
    matrix = union.fit_transform(docs)
    assert matrix.shape[0] == len(docs)
    assert {name for name, _ in union.transformer_list} == {
        "words",
        "chars",
        "cues",
        "links",
        "style",
    }


def test_build_features_needs_a_family() -> None:
    with pytest.raises(ValueError, match="no feature family"):
        build_features(())


def test_features_module_does_not_import_spacy() -> None:
    """DESIGN.md §1: features never import spaCy (it costs seconds at start-up)."""
    code = "import sys, claimcheck.features; print('spacy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# --- scikit-learn conventions (DESIGN.md §4) ---------------------------------------------------

ESTIMATORS = [
    CueCounts(),
    CueCounts(families=("citation", "spam"), log_scale=False),
    StructureFeatures(),
    StyleFeatures(),
    NormText(),
    NormText(source="text"),
    SpacyPreprocessor(),
    SpacyPreprocessor(batch_size=16),
]
CHECKS = [
    check_no_attributes_set_in_init,
    check_get_params_invariance,
    check_set_params,
    check_estimator_cloneable,
    check_estimator_repr,
    check_parameters_default_constructible,
]


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=repr)
@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_sklearn_checks_that_apply(estimator, check) -> None:
    check(type(estimator).__name__, estimator)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=repr)
def test_clone_round_trips_params(estimator) -> None:
    copy = clone(estimator)
    assert copy is not estimator
    assert copy.get_params() == estimator.get_params()
    assert repr(copy) == repr(estimator)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80) | st.text(alphabet="aZ9 !?ÉéßİıΣσ٣²Ⅻ😀’", max_size=40))
def test_char_classes_count_as_the_str_methods(text: str) -> None:
    expected = (
        sum(c.isdigit() for c in text),
        sum(c.isupper() for c in text),
        sum(c.isalpha() for c in text),
    )
    assert char_classes(text) == expected
    counts = style_counts(text)
    assert (counts.digits, counts.upper, counts.letters) == expected
    assert (counts.length, counts.exclamations, counts.questions) == (
        len(text),
        text.count("!"),
        text.count("?"),
    )
