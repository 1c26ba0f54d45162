"""scikit-learn transformers from DocFeatures to matrices. No spaCy import here (DESIGN.md §1)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import FeatureUnion, Pipeline

from claimcheck.parsed import CUE_FAMILIES, DocFeatures, Units
from claimcheck.text import style_counts
from claimcheck.vectorize import OnePassTfidfVectorizer, UnitTexts

FEATURE_FAMILIES: tuple[str, ...] = (
    "words",
    "norms",
    "chars",
    "cues",
    "links",
    "structure",
    "style",
)
#: Families in the shipped model (chosen by the ablation in docs/benchmarks.md): "words" and
#: "chars" read the lower-cased text, "cues" counts the spaCy cue spans at a low weight,
#: "links" counts links by where they point (claimcheck.links) and contact details, and
#: "style" adds five shallow style numbers: once round 5 had taken the corpus's own style
#: shortcuts out (digits, emoji), they transferred to external text (+0.012 dev macro-F1,
#: +0.002 leave-domains-out CV in docs/results/accuracy.json, row "+ style").
#: "norms" (n-grams of the lemma/cue-class stream) and "structure" are kept so the ablation
#: can show what each costs or adds on text we did not write.
DEFAULT_FAMILIES: tuple[str, ...] = ("words", "chars", "cues", "links", "style")


#: The transformers below return strings or sparse matrices, which scikit-learn's
#: set_output cannot turn into DataFrames; `auto_wrap_output_keys=None` drops the wrapper
#: it would put around every transform call (a cost on each single-comment prediction).


class NormText(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):  # type: ignore[call-arg]
    """DocFeatures -> one string per doc for the vectorizers.

    source="norm": the normalised token stream (cue classes for URLs, numbers, DOIs...);
    source="text": the lower-cased original text (for Units, as a UnitTexts, which the
    TF-IDF step counts comment by comment).
    """

    def __init__(self, *, source: str = "norm") -> None:
        self.source = source

    def fit(self, docs: list[DocFeatures], y: Any = None) -> NormText:
        if self.source not in {"norm", "text"}:
            raise ValueError(f"source must be 'norm' or 'text', got {self.source!r}")
        return self

    def transform(self, docs: Sequence[DocFeatures]) -> Sequence[str]:
        if self.source == "text":
            if isinstance(docs, Units):
                return UnitTexts(
                    [
                        (d.text, d.sentence_spans() if n else None)
                        for d, n in zip(docs.comments, docs.sentence_counts, strict=True)
                    ]
                )
            return [d.text.lower() for d in docs]
        return [d.norm_text for d in docs]


class CueCounts(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):  # type: ignore[call-arg]
    """Count cue spans per family; dense, small, and explainable."""

    def __init__(self, *, families: tuple[str, ...] | None = None, log_scale: bool = True) -> None:
        self.families = families
        self.log_scale = log_scale

    def fit(self, docs: list[DocFeatures], y: Any = None) -> CueCounts:
        self.families_ = tuple(self.families or CUE_FAMILIES)
        return self

    def transform(self, docs: list[DocFeatures]) -> sp.csr_matrix:
        position = {fam: i for i, fam in enumerate(self.families_)}
        out = np.zeros((len(docs), len(self.families_)))
        for row, doc in enumerate(docs):
            for fam, _, _ in doc.cues:
                if fam in position:
                    out[row, position[fam]] += 1
        if self.log_scale:
            out = np.log1p(out)
        return sp.csr_matrix(out)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray([f"cue:{fam}" for fam in self.families_], dtype=object)


class LinkClasses(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):  # type: ignore[call-arg]
    """Count links by where they point (claimcheck.links), plus e-mails and phone numbers."""

    def fit(self, docs: list[DocFeatures], y: Any = None) -> LinkClasses:
        from claimcheck.links import CONTACT_CLASSES, LINK_CLASSES

        self.classes_ = (*LINK_CLASSES, *CONTACT_CLASSES)
        return self

    def transform(self, docs: list[DocFeatures]) -> sp.csr_matrix:
        from claimcheck.links import iter_link_classes

        position = {name: i for i, name in enumerate(self.classes_)}
        out = np.zeros((len(docs), len(self.classes_)))
        for row, doc in enumerate(docs):
            for name in iter_link_classes(doc.text):
                out[row, position[name]] += 1
        return sp.csr_matrix(np.log1p(out))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray([f"link:{name}" for name in self.classes_], dtype=object)


class StructureFeatures(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):  # type: ignore[call-arg]
    """Discourse shape: sentence count, replies, quotes, questions, first-person opening."""

    names = ("n_sentences", "mention", "quote_line", "ends_question", "first_person_start")

    def fit(self, docs: list[DocFeatures], y: Any = None) -> StructureFeatures:
        return self

    def transform(self, docs: list[DocFeatures]) -> sp.csr_matrix:
        rows = []
        for d in docs:
            stripped = d.text.strip()
            rows.append(
                [
                    math.log1p(len(d.sentences)),
                    float("@" in d.text),
                    float(stripped.startswith((">", "Re:", "RE:", '"', "“"))),
                    float(stripped.endswith("?")),
                    float(bool(d.norms) and d.norms[0] in {"i", "we", "my", "our"}),
                ]
            )
        return sp.csr_matrix(np.asarray(rows, dtype=float).reshape(len(docs), len(self.names)))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray([f"structure:{n}" for n in self.names], dtype=object)


class StyleFeatures(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):  # type: ignore[call-arg]
    """Shallow style (length, digit share, '!'/'?' counts, capitals share), scaled to about
    0..1 from claimcheck.text.style_counts (which the corpus's style-leak check reads too)."""

    names = ("log_length", "digit_share", "exclamations", "questions", "caps_share")

    def fit(self, docs: list[DocFeatures], y: Any = None) -> StyleFeatures:
        return self

    def transform(self, docs: Sequence[DocFeatures]) -> sp.csr_matrix:
        rows = []
        for d in docs:
            c = style_counts(d.text)
            rows.append(
                [
                    math.log1p(c.length) / 5.0,
                    c.digits / max(c.length, 1),
                    min(c.exclamations, 5) / 5.0,
                    min(c.questions, 5) / 5.0,
                    c.upper / (c.letters or 1),
                ]
            )
        return sp.csr_matrix(np.asarray(rows, dtype=float).reshape(len(docs), len(self.names)))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.asarray([f"style:{n}" for n in self.names], dtype=object)


def _word_ngrams(min_df: int) -> OnePassTfidfVectorizer:
    """Word 1-2-grams over whitespace tokens (the input is already lower-cased or normalised)."""
    return OnePassTfidfVectorizer(
        analyzer="word",
        token_pattern=r"\S+",
        lowercase=False,
        ngram_range=(1, 2),
        min_df=min_df,
        sublinear_tf=True,
        dtype=np.float32,
    )


class SequentialFeatureUnion(FeatureUnion):
    """A FeatureUnion whose `transform` calls its transformers one after another.

    FeatureUnion.transform dispatches through joblib and metadata routing even with
    n_jobs=None; on one short comment that cost more than the features themselves. The
    output is FeatureUnion's (each block times its weight, stacked); fitting is unchanged.
    """

    def transform(self, X: Any, **params: Any) -> Any:
        if params:
            raise TypeError(f"{type(self).__name__}.transform takes no routed parameters")
        blocks = []
        for _, transformer, weight in self._iter():
            block = transformer.transform(X)
            blocks.append(block if weight is None else block * weight)
        return self._hstack(blocks)


def build_features(
    families: tuple[str, ...] = DEFAULT_FAMILIES,
    *,
    cue_weight: float = 0.5,
    link_weight: float = 0.5,
    min_df: int = 2,
    char_source: str = "norm",
    word_source: str = "norm",
) -> SequentialFeatureUnion:
    """The feature union over DocFeatures; each family is one named transformer."""
    parts: list[tuple[str, Any]] = []
    weights: dict[str, float] = {}
    if "words" in families:
        word_text = NormText(source=word_source)
        parts.append(("words", Pipeline([("text", word_text), ("tfidf", _word_ngrams(min_df))])))
    if "norms" in families:
        norm_text = NormText(source="norm")
        parts.append(("norms", Pipeline([("text", norm_text), ("tfidf", _word_ngrams(min_df))])))
    if "chars" in families:
        chars = OnePassTfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            lowercase=False,
            min_df=min_df,
            sublinear_tf=True,
            max_features=150_000,
            dtype=np.float32,
        )
        parts.append(
            ("chars", Pipeline([("text", NormText(source=char_source)), ("tfidf", chars)]))
        )
    if "cues" in families:
        parts.append(("cues", CueCounts()))
        weights["cues"] = cue_weight
    if "links" in families:
        parts.append(("links", LinkClasses()))
        weights["links"] = link_weight
    if "structure" in families:
        parts.append(("structure", StructureFeatures()))
        weights["structure"] = cue_weight
    if "style" in families:
        parts.append(("style", StyleFeatures()))
    if not parts:
        raise ValueError(f"no feature family selected from {FEATURE_FAMILIES}")
    return SequentialFeatureUnion(parts, transformer_weights=weights or None)
