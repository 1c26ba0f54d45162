"""TF-IDF for the model: scikit-learn's TfidfVectorizer, with a transform that counts each
piece of text once.

Sentence labels are part of every prediction, so each multi-sentence comment is scored
whole and sentence by sentence (claimcheck.parsed.Units). Counting the comment and then
each sentence analysed every character twice; here each sentence is analysed once and the
comment's counts are the sum of its sentences' counts, plus the word n-grams that cross a
sentence boundary. That is exact, not an approximation: sentences are separated by
whitespace, and neither `char_wb` n-grams nor whitespace tokens cross whitespace. Where two
sentences touch (no whitespace between them) the comment is counted on its own.

`char_wb` analysis is also cached per word (one dictionary lookup per known word instead
of about four per character). The cache belongs to the fitted vectorizer and is capped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer

#: Words whose char_wb columns are cached per vectorizer; the cache restarts when full.
MAX_CACHED_WORDS = 50_000
#: Whitespace-token pattern of the word vectorizers (features._word_ngrams).
WHITESPACE_TOKENS = r"\S+"

#: A comment: its original text and the character spans of its sentences (None: no
#: sentence rows).
Comment = tuple[str, Sequence[tuple[int, int]] | None]


class UnitTexts(Sequence[str]):
    """The lower-cased texts of a batch's units (claimcheck.parsed.Units), in its row order:
    each comment's `text.lower()`, then `text[start:end].lower()` for each span of each
    comment that has spans.

    Any vectorizer reads it as that list of strings; OnePassTfidfVectorizer reads
    `comments` instead and counts each piece once. The list is built only if read.
    """

    __slots__ = ("_texts", "comments")

    def __init__(self, comments: Sequence[Comment]) -> None:
        self.comments = comments
        self._texts: list[str] | None = None

    def _rows(self) -> list[str]:
        if self._texts is None:
            texts = [text.lower() for text, _ in self.comments]
            for text, spans in self.comments:
                texts.extend(text[s:e].lower() for s, e in spans or ())
            self._texts = texts
        return self._texts

    def __len__(self) -> int:
        return len(self.comments) + sum(len(spans or ()) for _, spans in self.comments)

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows())

    def __getitem__(self, index: Any) -> Any:
        return self._rows()[index]


def unsupported_setting(vectorizer: TfidfVectorizer) -> str | None:
    """Why the one-pass counter cannot reproduce this vectorizer's analysis (None: it can)."""
    plain = {
        "input": "content",
        "preprocessor": None,
        "tokenizer": None,
        "strip_accents": None,
        "lowercase": False,
        "stop_words": None,
        "binary": False,
    }
    for name, value in plain.items():
        if getattr(vectorizer, name) != value:
            return f"{name}={getattr(vectorizer, name)!r} (needs {value!r})"
    if vectorizer.norm not in {"l2", None}:
        return f"norm={vectorizer.norm!r} (needs 'l2' or None)"
    if vectorizer.analyzer == "char_wb":
        return None
    if vectorizer.analyzer == "word" and vectorizer.token_pattern == WHITESPACE_TOKENS:
        return None
    return (
        f"analyzer={vectorizer.analyzer!r}, token_pattern={vectorizer.token_pattern!r} "
        f"(needs analyzer='char_wb', or 'word' with token_pattern={WHITESPACE_TOKENS!r})"
    )


class UnitCounter:
    """Vocabulary columns of a fitted vectorizer's n-grams, per text, counted once."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.min_n, self.max_n = vectorizer.ngram_range
        self.chars = vectorizer.analyzer == "char_wb"
        self._analyze: Callable[[str], list[str]] = vectorizer.build_analyzer()  # for tests
        self._tokenize: Callable[[str], list[str]] = vectorizer.build_tokenizer()
        self._words: dict[str, list[int]] = {}

    def _word_char_columns(self, word: str) -> list[int]:
        """Columns of the char_wb n-grams of one word: TfidfVectorizer's analyzer on it
        (the word padded with one space each side; a padded word shorter than an n-gram
        counts once, whole), written as one comprehension (tested equal)."""
        get, padded = self.vocabulary.get, f" {word} "
        size = len(padded)
        if size <= self.min_n:
            column = get(padded)
            return [] if column is None else [column]
        return [
            c
            for n in range(self.min_n, min(self.max_n, size) + 1)
            for i in range(size - n + 1)
            if (c := get(padded[i : i + n])) is not None
        ]

    def _char_columns(self, text: str) -> list[int]:
        cache, out = self._words, list[int]()
        for word in text.split():
            columns = cache.get(word)
            if columns is None:
                columns = self._word_char_columns(word)
                if len(cache) >= MAX_CACHED_WORDS:
                    cache.clear()
                cache[word] = columns
            out.extend(columns)
        return out

    def _ngram_columns(self, tokens: list[str], windows: Any = None) -> list[int]:
        """Columns of the word n-grams of `tokens` (only those starting in `windows`
        for n >= 2 when given: the cross-boundary ones)."""
        get, out = self.vocabulary.get, list[int]()
        if windows is None and self.min_n <= 1:
            out.extend(c for t in tokens if (c := get(t)) is not None)
        for n in range(max(self.min_n, 2), self.max_n + 1):
            starts = range(len(tokens) - n + 1) if windows is None else windows(n)
            for i in starts:
                column = get(" ".join(tokens[i : i + n]))
                if column is not None:
                    out.append(column)
        return out

    def columns(self, text: str) -> list[int]:
        """Columns of every n-gram of one text (repeated as often as it occurs)."""
        if self.chars:
            return self._char_columns(text)
        return self._ngram_columns(self._tokenize(text))

    def sentences_and_crossing(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> tuple[list[list[int]], list[int]] | None:
        """Columns of each lower-cased sentence span, and of the word n-grams that cross a
        sentence boundary (the comment's counts are their sum). None unless only whitespace
        lies between the sentences (they touch, or a character between them belongs to no
        sentence, as where the tokenizer's chunk cap cut a long word): the comment must
        then be counted on its own."""
        if any(not text[spans[k][1] : spans[k + 1][0]].isspace() for k in range(len(spans) - 1)):
            return None
        pieces = [text[s:e].lower() for s, e in spans]
        if self.chars:
            return [self._char_columns(p) for p in pieces], []
        token_lists = [self._tokenize(p) for p in pieces]
        sentences = [self._ngram_columns(tokens) for tokens in token_lists]
        if self.max_n < 2:
            return sentences, []
        joined = [t for tokens in token_lists for t in tokens]
        bounds, total = [], 0
        for tokens in token_lists[:-1]:
            total += len(tokens)
            bounds.append(total)

        def crossing(n: int) -> list[int]:
            starts = {i for b in bounds for i in range(max(0, b - n + 1), b)}
            return sorted(i for i in starts if i + n <= len(joined))

        return sentences, self._ngram_columns(joined, crossing)


def count_matrix(rows: Sequence[list[int]], n_columns: int) -> sp.csr_matrix:
    """Term counts from per-row column lists (a column repeated as often as it occurs).

    The matrix keeps the repeats as duplicate entries (summed by any product with it);
    flattening in C is much cheaper than counting each row in Python.
    """
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, rows), dtype=np.int64, count=len(rows)), out=indptr[1:])
    indices = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(indptr[-1]))
    return sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), n_columns))


def tfidf_weight(vectorizer: TfidfVectorizer, counts: sp.csr_matrix) -> sp.csr_matrix:
    """TfidfVectorizer's weighting and normalisation of a count matrix (as transform)."""
    counts.sum_duplicates()  # also sorts the indices of each row
    data = counts.data
    if vectorizer.sublinear_tf:
        data = np.log(data) + 1.0
    if vectorizer.use_idf:
        data = data * vectorizer.idf_[counts.indices]
    if vectorizer.norm == "l2":
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=counts.shape[0]))
        norms[norms == 0] = 1.0
        data = data / norms[rows]
    return sp.csr_matrix(
        (data.astype(vectorizer.dtype), counts.indices, counts.indptr), shape=counts.shape
    )


def comment_counts(
    counter: UnitCounter, comments: Sequence[Comment], n_columns: int
) -> sp.csr_matrix:
    """Count rows for every comment (in order), then for the sentences of each comment that
    has spans, in order (the row order of UnitTexts). Texts are lower-cased here.

    Each piece of text is analysed once (a leaf: its list of columns); a comment with
    sentences is the concatenation of its sentences' leaves and its cross-boundary
    n-grams (count_matrix keeps repeats, summed when weighted).
    """
    leaves: list[list[int]] = []
    comment_leaves: list[list[int]] = []
    sentence_leaves: list[int] = []
    for text, spans in comments:
        split = counter.sentences_and_crossing(text, spans) if spans is not None else None
        if split is None:
            comment_leaves.append([len(leaves)])
            leaves.append(counter.columns(text.lower()))
            if spans is not None:  # touching sentences: count them separately too
                sentence_leaves.extend(range(len(leaves), len(leaves) + len(spans)))
                leaves.extend(counter.columns(text[s:e].lower()) for s, e in spans)
            continue
        sentences, crossing = split
        first = len(leaves)
        leaves.extend(sentences)
        leaves.append(crossing)
        comment_leaves.append(list(range(first, len(leaves))))
        sentence_leaves.extend(range(first, first + len(sentences)))
    rows = [
        leaves[parts[0]] if len(parts) == 1 else list(chain.from_iterable(leaves[k] for k in parts))
        for parts in comment_leaves
    ]
    rows.extend(leaves[k] for k in sentence_leaves)
    return count_matrix(rows, n_columns)


class OnePassTfidfVectorizer(TfidfVectorizer):
    """TfidfVectorizer (same parameters, same `fit`) whose `transform` counts n-grams in one
    Python pass per text, with a per-word cache for `char_wb`, and reads a UnitTexts as
    its comments so that a sentence shared by a comment row and a sentence row is counted
    once. Equal to TfidfVectorizer.transform up to float rounding (tests/test_vectorize.py).

    Settings the counter does not reproduce (see `unsupported_setting`) raise ValueError in
    `fit`: there is no second, slower path to fall back to.
    """

    def _check_supported(self) -> None:
        reason = unsupported_setting(self)
        if reason is not None:
            raise ValueError(f"OnePassTfidfVectorizer does not support {reason}")
        self.__dict__.pop("_counter", None)  # a refit gets a fresh vocabulary and cache

    def fit(self, raw_documents: Iterable[str], y: Any = None) -> OnePassTfidfVectorizer:
        self._check_supported()
        super().fit(raw_documents, y)
        return self

    def fit_transform(self, raw_documents: Iterable[str], y: Any = None) -> Any:
        self._check_supported()
        return super().fit_transform(raw_documents, y)

    def transform(self, raw_documents: Iterable[str]) -> sp.csr_matrix:
        if isinstance(raw_documents, str):
            raise ValueError("Iterable over raw text documents expected, string object received.")
        if not hasattr(self, "vocabulary_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit first")
        counter: UnitCounter | None = self.__dict__.get("_counter")
        if counter is None:
            counter = self._counter = UnitCounter(self)
        n_columns = len(self.vocabulary_)
        if isinstance(raw_documents, UnitTexts):
            counts = comment_counts(counter, raw_documents.comments, n_columns)
        else:
            counts = count_matrix([counter.columns(text) for text in raw_documents], n_columns)
        return tfidf_weight(self, counts)

    def __getstate__(self) -> dict[str, Any]:
        """The fitted state, with `vocabulary_` packed as one string: the terms in column
        order, joined by a character none of them contains. joblib reads a pickle with
        Python's own unpickler, which took seconds over ~200,000 dictionary entries."""
        state = dict(super().__getstate__())
        state.pop("_counter", None)  # a cache, rebuilt on first use
        vocabulary = state.get("vocabulary_")
        if isinstance(vocabulary, dict) and vocabulary:
            terms = sorted(vocabulary, key=vocabulary.__getitem__)
            joined = "".join(terms)
            separator = next(c for c in map(chr, range(10, 0x110000)) if c not in joined)
            if all(vocabulary[term] == column for column, term in enumerate(terms)):
                del state["vocabulary_"]
                state["_packed_vocabulary"] = (separator.join(terms), separator)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        packed = state.pop("_packed_vocabulary", None)
        if packed is not None:
            joined, separator = packed
            terms = joined.split(separator)
            state["vocabulary_"] = dict(zip(terms, range(len(terms)), strict=True))
        super().__setstate__(state)
