"""Build and fit the estimator; combine sentence and comment estimates. No file I/O here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn import config_context
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from claimcheck.features import DEFAULT_FAMILIES, build_features
from claimcheck.parsed import DocFeatures, Units
from claimcheck.types import LABELS, PRECEDENCE, Label

#: Column of each label in every probability vector (sklearn sorts string classes).
LABEL_INDEX: dict[Label, int] = {lab: i for i, lab in enumerate(LABELS)}


#: spaCy's StringStore and Vocab keep every string they have seen, so a long-running process
#: fed unique words grows without bound. Past this many strings beyond those the pipeline
#: started with, it is rebuilt from its saved bytes (about a second's work; a few MB of
#: strings), which keeps memory flat under any stream of new words.
MAX_NEW_STRINGS = 60_000


class SpacyPreprocessor(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):  # type: ignore[call-arg]
    """Raw texts -> DocFeatures through the claimcheck spaCy pipeline (built in `fit`).

    Its output is a list of DocFeatures, so scikit-learn's set_output wrapper is left off.
    The pipeline is pickled as its config plus `nlp.to_bytes()`, the form spaCy supports
    across processes, rather than as live Cython objects. The same two values rebuild it when
    its vocabulary has grown by MAX_NEW_STRINGS (see there).
    """

    def __init__(self, *, norm_form: str = "lemma", batch_size: int = 256) -> None:
        self.norm_form = norm_form
        self.batch_size = batch_size

    def fit(self, texts: Iterable[str], y: Any = None) -> SpacyPreprocessor:
        from claimcheck.nlp.pipeline import build_nlp

        self._set_nlp(build_nlp(self.norm_form))
        return self

    def transform(self, texts: Iterable[str]) -> list[DocFeatures]:
        from claimcheck.nlp.pipeline import pipe_features

        out = list(pipe_features(self.nlp_, texts, batch_size=self.batch_size))
        if len(self.nlp_.vocab.strings) > self._strings_limit:
            self._set_nlp(_nlp_from_bytes(*self._nlp_source))
        return out

    def _set_nlp(self, nlp: Any, source: tuple[str, bytes] | None = None) -> None:
        self.nlp_ = nlp
        self._nlp_source = source or (nlp.config.to_str(), nlp.to_bytes())
        self._strings_limit = len(nlp.vocab.strings) + MAX_NEW_STRINGS

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("nlp_", None)
        state.pop("_strings_limit", None)
        source = state.pop("_nlp_source", None)
        if source is not None:
            state["_nlp_config"], state["_nlp_bytes"] = source
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        config = state.pop("_nlp_config", None)
        data = state.pop("_nlp_bytes", None)
        self.__dict__.update(state)
        if config is not None:
            self._set_nlp(_nlp_from_bytes(config, data), (config, data))


def _nlp_from_bytes(config: str, data: bytes) -> Any:
    """A fresh spaCy pipeline from the config string and bytes a SpacyPreprocessor saved."""
    from spacy.util import load_model_from_config
    from thinc.api import Config

    from claimcheck.nlp import components  # noqa: F401  (registers factories)

    nlp = load_model_from_config(Config().from_str(config), auto_fill=False)
    return nlp.from_bytes(data)


@dataclass(frozen=True, slots=True)
class ModelParams:
    """Hyper-parameters of the shipped model; chosen on leave-domains-out CV (docs/)."""

    families: tuple[str, ...] = DEFAULT_FAMILIES
    #: 0.5 (from 1.0 in round 4): stronger regularisation transferred better to external
    #: text in the round-5 ablation (docs/results/accuracy.json).
    C: float = 0.5
    cue_weight: float = 0.1
    link_weight: float = 0.5
    min_df: int = 2
    char_source: str = "text"
    word_source: str = "text"
    norm_form: str = "lemma"
    sentence_weight: float = 0.5
    #: "temperature": one temperature fitted on out-of-fold comment probabilities at train
    #: time (needs cross-validation); "sigmoid"/"isotonic": sklearn's CalibratedClassifierCV on
    #: the unit model; "none".
    calibration: str = "temperature"
    #: With calibration="temperature": a fixed temperature, or None to fit one on the
    #: leave-domains-out predictions of the corpus. The shipped value was fitted on external
    #: text and checked on a source it was not fitted on (benchmarks/calibration.py).
    temperature: float | None = 0.659
    seed: int = 0


def build_classifier(params: ModelParams) -> Any:
    """A linear model with calibrated probabilities."""
    base = LogisticRegression(
        C=params.C, class_weight="balanced", max_iter=3000, random_state=params.seed
    )
    if params.calibration in {"none", "temperature"}:
        return base
    return CalibratedClassifierCV(base, method=params.calibration, cv=5, ensemble=False)


def build_unit_model(params: ModelParams) -> Pipeline:
    """Feature union -> linear classifier: the part fitted on parsed comments and sentences."""
    features = build_features(
        params.families,
        cue_weight=params.cue_weight,
        link_weight=params.link_weight,
        min_df=params.min_df,
        char_source=params.char_source,
        word_source=params.word_source,
    )
    return Pipeline([("features", features), ("clf", build_classifier(params))])


def build_pipeline(params: ModelParams | None = None) -> Pipeline:
    """spaCy preprocessing -> feature union -> calibrated linear classifier."""
    params = params or ModelParams()
    spacy_step = ("spacy", SpacyPreprocessor(norm_form=params.norm_form))
    return Pipeline([spacy_step, *build_unit_model(params).steps])


def combine(
    comment_proba: np.ndarray,
    sentence_proba: np.ndarray,
    sentence_weight: float,
    *,
    min_sentences: int = 2,
) -> np.ndarray:
    """Comment probabilities from the whole-comment estimate and its sentences (LABELS.md).

    A comment carries the highest-precedence label any of its sentences carries. From the
    sentences we estimate, label by label in precedence order, the chance that the comment
    carries it and nothing above it (the strongest sentence stands for each label), and mix
    that with the whole-comment estimate. Fewer than `min_sentences` rows (by default: one
    sentence or none, which is the comment itself): the comment estimate alone.
    """
    if sentence_proba.shape[0] < max(min_sentences, 1) or sentence_weight <= 0:
        return comment_proba
    strongest = sentence_proba.max(axis=0)
    by_precedence = np.zeros_like(comment_proba)
    remaining = 1.0
    for lab in PRECEDENCE[:-1]:
        carried = strongest[LABEL_INDEX[lab]]
        by_precedence[LABEL_INDEX[lab]] = remaining * carried
        remaining *= 1.0 - carried
    by_precedence[LABEL_INDEX[Label.OPINION]] = remaining
    mixed = (1.0 - sentence_weight) * comment_proba + sentence_weight * by_precedence
    return mixed / mixed.sum()


def predict_docs(
    pipeline: Pipeline, docs: Sequence[DocFeatures], sentence_weight: float
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Comment probabilities (combined) and per-sentence probabilities for parsed docs.

    `pipeline` is the fitted spaCy -> features -> classifier Pipeline; its steps after the
    spaCy one score the Units of `docs` (every comment, then every sentence of a
    multi-sentence comment) in one predict_proba call, so the vectorizers and the linear
    model run once per call rather than once per sentence. Input checks that cost more
    than the work on one short comment are skipped: the features are built here, finite.
    """
    units = Units(docs)
    if len(units):
        with config_context(assume_finite=True, skip_parameter_validation=True):
            proba = np.asarray(pipeline[1:].predict_proba(units))
    else:
        proba = np.zeros((0, len(LABELS)))
    comment = proba[: len(docs)]
    sentence_rows = proba[len(docs) :]
    per_doc: list[np.ndarray] = []
    cursor = 0
    combined = np.empty_like(comment)
    for i, doc in enumerate(docs):
        if len(doc.sentences) > 1:
            n = len(doc.sentences)
            rows = sentence_rows[cursor : cursor + n]
            cursor += n
            own = [not is_quoted(doc.text[s:e]) for s, e in doc.sentence_spans()]
            # Quoted sentences are left out of the precedence; what the writer says
            # around them still counts, even when that is one sentence.
            voiced, least = (rows, 2) if all(own) else (rows[own], 1)
        else:
            rows = voiced = comment[i : i + 1]
            least = 2
        per_doc.append(rows)
        combined[i] = combine(comment[i], voiced, sentence_weight, min_sentences=least)
    return combined, per_doc


#: A sentence that quotes someone else: a reply quote ("> ..."), "Quote: ...", or a
#: sentence wholly inside quotation marks.
_QUOTED = re.compile(
    r"""^\s*(?:>|quote\s*:|quoting\b|["“'‘].{3,}["”'’][.!?]?\s*$)""", re.IGNORECASE | re.DOTALL
)


def is_quoted(sentence: str) -> bool:
    """True for a sentence that quotes another writer.

    The guide labels a testimonial quoted in order to argue with it as opinion, so a quoted
    sentence does not lift its comment's label by precedence (the comment-level estimate
    still reads it); its own sentence label is kept.
    """
    return _QUOTED.match(sentence) is not None


def training_units(
    texts: Sequence[str],
    labels: Sequence[str],
    sentences: Sequence[Sequence[tuple[int, int, str]]],
) -> tuple[list[str], list[str]]:
    """Comments plus their labelled sentences, as (texts, labels) to fit the unit model on."""
    out_texts, out_labels = list(texts), list(labels)
    for text, spans in zip(texts, sentences, strict=True):
        if len(spans) > 1:
            for start, end, label in spans:
                out_texts.append(text[start:end])
                out_labels.append(label)
    return out_texts, out_labels


def fit_pipeline(
    texts: Sequence[str],
    labels: Sequence[str],
    sentences: Sequence[Sequence[tuple[int, int, str]]],
    params: ModelParams | None = None,
) -> Pipeline:
    """Fit the unit model on comments and their labelled sentences."""
    unit_texts, unit_labels = training_units(texts, labels, sentences)
    pipeline = build_pipeline(params)
    pipeline.fit(unit_texts, unit_labels)
    return pipeline


def apply_temperature(proba: np.ndarray, temperature: float) -> np.ndarray:
    """Rescale probabilities as softmax(log p / T); T < 1 sharpens, T > 1 softens.

    One scalar keeps the argmax (and so every label) unchanged: it only fixes confidence.
    """
    if temperature == 1.0:
        return proba
    logits = np.log(np.clip(proba, 1e-12, 1.0)) / temperature
    logits -= logits.max(axis=-1, keepdims=True)
    scaled = np.exp(logits)
    return np.asarray(scaled / scaled.sum(axis=-1, keepdims=True))


def fit_temperature(proba: np.ndarray, gold: Sequence[str]) -> float:
    """The temperature minimising the log-loss of held-out probabilities."""
    from scipy.optimize import minimize_scalar

    index = np.asarray([LABEL_INDEX[Label(g)] for g in gold])

    def nll(log_t: float) -> float:
        scaled = apply_temperature(proba, float(np.exp(log_t)))
        return float(-np.log(np.clip(scaled[np.arange(len(index)), index], 1e-12, 1.0)).mean())

    result = minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded")
    return float(np.exp(result.x))
