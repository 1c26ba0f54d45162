"""One-pass TF-IDF rows for comments and sentences equal the vectorizers' own transform."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from claimcheck import vectorize
from claimcheck.features import build_features
from claimcheck.vectorize import supports, unit_tfidf

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


def fitted(analyzer: str, ngram_range: tuple[int, int]) -> TfidfVectorizer:
    kwargs: dict[str, object] = {"token_pattern": r"\S+"} if analyzer == "word" else {}
    vec = TfidfVectorizer(
        analyzer=analyzer,
        ngram_range=ngram_range,
        lowercase=False,
        sublinear_tf=True,
        dtype=np.float32,
        **kwargs,
    )
    return vec.fit([t.lower() for t in CORPUS])


VECTORIZERS = [
    pytest.param(("word", (1, 2)), id="word-1-2"),
    pytest.param(("word", (1, 3)), id="word-1-3"),
    pytest.param(("word", (2, 2)), id="word-2-2"),
    pytest.param(("char_wb", (2, 5)), id="char_wb-2-5"),
]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence-like spans: runs of non-space text ending at . ! ? or a line break."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S(?:[^.!?\n]*[.!?]+|[^\n]*)", text)]


def expected(vec: TfidfVectorizer, texts: list[str], spans: list[list[tuple[int, int]] | None]):
    rows = [t.lower() for t in texts]
    for text, own in zip(texts, spans, strict=True):
        if own is not None:
            rows.extend(text[s:e].lower() for s, e in own)
    return vec.transform(rows).toarray()


@pytest.mark.parametrize("setup", VECTORIZERS)
def test_rows_equal_transform_of_comments_and_sentences(setup: tuple[str, tuple[int, int]]) -> None:
    vec = fitted(*setup)
    spans = [sentence_spans(t) if len(sentence_spans(t)) > 1 else None for t in CORPUS]
    got = unit_tfidf(vec, list(zip(CORPUS, spans, strict=True))).toarray()
    np.testing.assert_allclose(got, expected(vec, CORPUS, spans), rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("setup", VECTORIZERS)
def test_touching_sentences_are_counted_whole(setup: tuple[str, tuple[int, int]]) -> None:
    """No whitespace between two sentences: a word straddles them, so no sum is exact."""
    vec = fitted(*setup)
    text = "It helped me.It helped my wife. Re:the clinic"
    spans = [(0, 13), (13, 31), (32, 45)]
    got = unit_tfidf(vec, [(text, spans)]).toarray()
    np.testing.assert_allclose(got, expected(vec, [text], [spans]), rtol=1e-6, atol=1e-7)


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
        vec = fitted(*setup)
        own = spans if len(spans) > 1 else None
        got = unit_tfidf(vec, [(text, own)]).toarray()
        np.testing.assert_allclose(got, expected(vec, [text], [own]), rtol=1e-6, atol=1e-7)


def test_word_cache_restarts_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectorize, "MAX_CACHED_WORDS", 3)
    vec = fitted("char_wb", (2, 5))
    got = unit_tfidf(vec, [(t, None) for t in CORPUS]).toarray()
    np.testing.assert_allclose(got, expected(vec, CORPUS, [None] * len(CORPUS)), rtol=1e-6)
    assert len(vectorize.counter_for(vec)._words) <= 3


def test_supports_only_the_settings_it_reproduces() -> None:
    assert supports(fitted("word", (1, 2)))
    assert supports(fitted("char_wb", (2, 5)))
    assert not supports(TfidfVectorizer(analyzer="char_wb"))  # not fitted
    lowered = TfidfVectorizer(analyzer="char_wb").fit(CORPUS)  # lowercase=True
    assert not supports(lowered)
    default_words = TfidfVectorizer(lowercase=False).fit(CORPUS)  # \b\w\w+\b tokens
    assert not supports(default_words)


def test_the_shipped_feature_settings_are_supported() -> None:
    union = build_features(("words", "chars", "cues"), char_source="text", word_source="text")
    for name in ("words", "chars"):
        vec = dict(union.transformer_list)[name][-1]
        vec.fit([t.lower() for t in CORPUS])
        assert supports(vec), name
