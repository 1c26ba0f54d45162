"""The one TF-IDF implementation: OnePassTfidfVectorizer equals scikit-learn's
TfidfVectorizer.transform, on plain texts and on comment + sentence rows counted once."""

from __future__ import annotations

import pickle
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.estimator_checks import (
    check_estimator_cloneable,
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_set_params,
)

from claimcheck import vectorize
from claimcheck.features import build_features
from claimcheck.vectorize import OnePassTfidfVectorizer, UnitTexts

CORPUS = [
    "My wife had the surgery in 2010. Her life is back!",
    "Petrov et al. 2011 found a modest effect. See doi:10.1177/1352458511 for more.",
    "WhatsApp +234 803 555 1234 now. Cheap meds at www.cheap-meds.biz today!",
    "I think it is overrated. Studies show nothing. Do your research.",
    "Re: the clinic in Italy\n> I did it there\nSame here, it helped a lot.",
    "The Lancet review found no benefit. My wife tried it anyway.",
    "It helped me. It helped my wife. It did not help my brother.",
    "Check out my channel!!! Subscribe for more. Link in bio.",
    "Three weeks later I felt better. Then it came back.",
    "No evidence for it. None at all. People say it helps, but no.",
]


def settings_of(analyzer: str, ngram_range: tuple[int, int]) -> dict[str, object]:
    kwargs: dict[str, object] = {"token_pattern": r"\S+"} if analyzer == "word" else {}
    return dict(
        analyzer=analyzer,
        ngram_range=ngram_range,
        lowercase=False,
        sublinear_tf=True,
        dtype=np.float32,
        **kwargs,
    )


def fitted(analyzer: str, ngram_range: tuple[int, int]) -> TfidfVectorizer:
    """scikit-learn's own vectorizer: the reference."""
    return TfidfVectorizer(**settings_of(analyzer, ngram_range)).fit([t.lower() for t in CORPUS])


def one_pass(analyzer: str, ngram_range: tuple[int, int]) -> OnePassTfidfVectorizer:
    vec = OnePassTfidfVectorizer(**settings_of(analyzer, ngram_range))
    return vec.fit([t.lower() for t in CORPUS])


def unit_rows(vec: OnePassTfidfVectorizer, comments: list) -> np.ndarray:
    return vec.transform(UnitTexts(comments)).toarray()


VECTORIZERS = [
    pytest.param(("word", (1, 2)), id="word-1-2"),
    pytest.param(("word", (1, 3)), id="word-1-3"),
    pytest.param(("word", (2, 2)), id="word-2-2"),
    pytest.param(("char_wb", (2, 5)), id="char_wb-2-5"),
]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence-like spans: runs of non-space text ending at . ! ? or a line break."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S(?:[^.!?\n]*[.!?]+|[^\n]*)", text)]


def expected(setup: tuple[str, tuple[int, int]], texts: list[str], spans: list) -> np.ndarray:
    """TfidfVectorizer.transform of every comment, then of every sentence, lower-cased."""
    rows = [t.lower() for t in texts]
    for text, own in zip(texts, spans, strict=True):
        if own is not None:
            rows.extend(text[s:e].lower() for s, e in own)
    return fitted(*setup).transform(rows).toarray()


@pytest.mark.parametrize("setup", VECTORIZERS)
def test_rows_equal_transform_of_comments_and_sentences(setup: tuple[str, tuple[int, int]]) -> None:
    vec = one_pass(*setup)
    spans = [sentence_spans(t) if len(sentence_spans(t)) > 1 else None for t in CORPUS]
    got = unit_rows(vec, list(zip(CORPUS, spans, strict=True)))
    np.testing.assert_allclose(got, expected(setup, CORPUS, spans), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("setup", VECTORIZERS)
def test_fit_is_tfidfvectorizers_and_plain_transform_equals_it(
    setup: tuple[str, tuple[int, int]],
) -> None:
    ours, theirs = one_pass(*setup), fitted(*setup)
    assert ours.vocabulary_ == theirs.vocabulary_
    np.testing.assert_array_equal(ours.idf_, theirs.idf_)
    texts = [t.lower() for t in CORPUS] + ["unseen words only", "", "   "]
    got = ours.transform(texts)
    assert got.dtype == theirs.transform(texts).dtype == np.float32
    np.testing.assert_allclose(
        got.toarray(), theirs.transform(texts).toarray(), rtol=1e-6, atol=1e-7
    )


@pytest.mark.parametrize("setup", VECTORIZERS)
def test_unit_texts_read_as_a_list_are_the_rows(setup: tuple[str, tuple[int, int]]) -> None:
    """A UnitTexts handed to any vectorizer is the list of its rows' texts."""
    spans = [sentence_spans(t) if len(sentence_spans(t)) > 1 else None for t in CORPUS]
    units = UnitTexts(list(zip(CORPUS, spans, strict=True)))
    plain = fitted(*setup).transform(units).toarray()
    np.testing.assert_array_equal(plain, expected(setup, CORPUS, spans))
    assert len(units) == len(list(units)) == plain.shape[0]


@pytest.mark.parametrize("setup", VECTORIZERS)
def test_touching_sentences_are_counted_whole(setup: tuple[str, tuple[int, int]]) -> None:
    """No whitespace between two sentences: a word straddles them, so no sum is exact."""
    vec = one_pass(*setup)
    text = "It helped me.It helped my wife. Re:the clinic"
    spans = [(0, 13), (13, 31), (32, 45)]
    got = unit_rows(vec, [(text, spans)])
    np.testing.assert_allclose(got, expected(setup, [text], [spans]), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("setup", VECTORIZERS)
def test_a_character_between_sentences_is_counted_with_the_comment(
    setup: tuple[str, tuple[int, int]],
) -> None:
    """Sentence spans can leave a non-space character out (the spaCy step cuts words longer
    than its chunk cap there): the comment row still counts the comment's own text."""
    vec = one_pass(*setup)
    text = "See www.example.com/a.html now. Fine"
    cut = text.index("html")  # the sentences end before the "h" and start after it
    spans = [(0, cut), (cut + 1, len(text))]
    got = unit_rows(vec, [(text, spans)])
    np.testing.assert_allclose(got, expected(setup, [text], [spans]), rtol=1e-6, atol=1e-7)


WORDS = ["my", "wife", "had", "it", "helped", "me.", "study", "2010", "lancet", "!", "Re:",
         "no", "evidence", "überall", "ΟΔΟΣ", "x", "it.", "life", "back!"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
    cuts=st.lists(st.integers(min_value=0, max_value=29), max_size=6),
    gaps=st.sampled_from([" ", "  ", "\n", " \n\t "]),
)
def test_any_split_at_whitespace_sums_exactly(words: list[str], cuts: list[int], gaps: str) -> None:
    """Sentences = word runs split anywhere; comment rows are the sums (+ crossing n-grams)."""
    text = gaps.join(words)
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word) + len(gaps))
    bounds = sorted({c for c in cuts if 0 < c < len(words)})
    pieces = list(zip([0, *bounds], [*bounds, len(words)], strict=True))
    spans = [(starts[a], starts[b - 1] + len(words[b - 1])) for a, b in pieces]
    for setup in [("word", (1, 2)), ("word", (1, 3)), ("char_wb", (2, 5))]:
        vec = one_pass(*setup)
        own = spans if len(spans) > 1 else None
        got = unit_rows(vec, [(text, own)])
        np.testing.assert_allclose(got, expected(setup, [text], [own]), rtol=1e-6, atol=1e-7)


def test_word_cache_restarts_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectorize, "MAX_CACHED_WORDS", 3)
    vec = one_pass("char_wb", (2, 5))
    got = unit_rows(vec, [(t, None) for t in CORPUS])
    setup = ("char_wb", (2, 5))
    np.testing.assert_allclose(got, expected(setup, CORPUS, [None] * len(CORPUS)), rtol=1e-6)
    assert len(vec._counter._words) <= 3


UNSUPPORTED = [
    pytest.param({"analyzer": "char_wb"}, "lowercase", id="lowercase"),
    pytest.param({"lowercase": False}, "token_pattern", id="default-token-pattern"),
    pytest.param({"lowercase": False, "analyzer": "char"}, "analyzer", id="char"),
    pytest.param({"lowercase": False, "analyzer": "char_wb", "binary": True}, "binary", id="bin"),
    pytest.param({"lowercase": False, "analyzer": "char_wb", "norm": "l1"}, "norm", id="l1"),
    pytest.param(
        {"lowercase": False, "analyzer": "char_wb", "strip_accents": "ascii"},
        "strip_accents",
        id="accents",
    ),
]


@pytest.mark.parametrize(("params", "named"), UNSUPPORTED)
def test_an_unsupported_setting_raises_at_fit_time(params: dict, named: str) -> None:
    """No hidden second path: a setting the counter cannot reproduce is refused."""
    for method in ("fit", "fit_transform"):
        with pytest.raises(ValueError, match=named):
            getattr(OnePassTfidfVectorizer(**params), method)(CORPUS)


def test_transform_before_fit_and_on_a_string() -> None:
    with pytest.raises(NotFittedError):
        OnePassTfidfVectorizer(analyzer="char_wb", lowercase=False).transform(CORPUS)
    with pytest.raises(ValueError, match="Iterable"):
        one_pass("char_wb", (2, 5)).transform("one string")


def test_scikit_learn_conventions() -> None:
    name = OnePassTfidfVectorizer.__name__
    vec = OnePassTfidfVectorizer(analyzer="char_wb", lowercase=False)
    check_no_attributes_set_in_init(name, vec)
    check_get_params_invariance(name, vec)
    check_set_params(name, vec)
    check_estimator_cloneable(name, vec)
    assert vec.fit(CORPUS) is vec
    assert clone(vec).get_params() == vec.get_params()


def test_pickle_keeps_the_vocabulary_but_not_the_word_cache() -> None:
    vec = one_pass("char_wb", (2, 5))
    before = vec.transform(CORPUS).toarray()
    assert "_counter" in vars(vec)
    copy = pickle.loads(pickle.dumps(vec))
    assert "_counter" not in vars(copy)
    assert copy.vocabulary_ == vec.vocabulary_
    assert "_packed_vocabulary" not in vars(copy)
    np.testing.assert_array_equal(copy.transform(CORPUS).toarray(), before)
    vec.fit(CORPUS[:3])
    assert "_counter" not in vars(vec)
    assert vec.transform(CORPUS).shape[1] == len(vec.vocabulary_)


def test_the_shipped_feature_settings_fit() -> None:
    union = build_features(("words", "chars", "cues"), char_source="text", word_source="text")
    for name in ("words", "chars"):
        vec = dict(union.transformer_list)[name][-1]
        assert isinstance(vec, OnePassTfidfVectorizer)
        vec.fit([t.lower() for t in CORPUS])


@pytest.mark.parametrize("setup", VECTORIZERS)
def test_a_packed_vocabulary_loads_back_whole(setup: tuple[str, tuple[int, int]]) -> None:
    """Terms with any character (separators included) round-trip through the packing."""
    vec = one_pass(*setup)
    vec.fit([t.lower() for t in CORPUS] + ["a\x00b c\u2028d überall ΟΔΟΣ 😀x", "\x00 \x00"])
    copy = pickle.loads(pickle.dumps(vec))
    assert copy.vocabulary_ == vec.vocabulary_
    np.testing.assert_array_equal(copy.transform(CORPUS).toarray(), vec.transform(CORPUS).toarray())


@settings(max_examples=300, deadline=None)
@given(
    word=st.text(min_size=1, max_size=9).filter(lambda w: w.split() == [w]),
    ngram_range=st.sampled_from([(2, 5), (1, 3), (3, 3), (4, 6)]),
)
def test_char_wb_columns_of_a_word_are_the_analyzers(
    word: str, ngram_range: tuple[int, int]
) -> None:
    """The counter's own char_wb n-grams of a word equal TfidfVectorizer's analyzer's."""
    vec = OnePassTfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range, lowercase=False)
    padded = f" {word} "
    grams = [padded[i : i + n] for n in range(1, len(padded) + 1) for i in range(len(padded))]
    vec.fit([*grams, word])  # every substring of the padded word is in the vocabulary
    counter = vectorize.UnitCounter(vec)
    analysed = [vec.vocabulary_[g] for g in vec.build_analyzer()(word)]
    assert sorted(counter._word_char_columns(word)) == sorted(analysed)
