"""Classifier: the one object every front end (CLI, batch job, service, notebooks) uses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from claimcheck.bundle import load_bundle, model_version
from claimcheck.exceptions import IncompatibleModelError, InputError
from claimcheck.model import apply_temperature, predict_docs
from claimcheck.nlp.language import is_non_english
from claimcheck.parsed import DocFeatures
from claimcheck.text import is_empty
from claimcheck.types import (
    LABELS,
    CueSpan,
    Flag,
    Label,
    Prediction,
    SentencePrediction,
    Settings,
)

if TYPE_CHECKING:
    import pandas as pd
    from sklearn.pipeline import Pipeline

UNIFORM = {lab.value: 1.0 / len(LABELS) for lab in LABELS}


def _check_text(value: object, position: int) -> str:
    if isinstance(value, str):
        return value
    kind = type(value).__name__
    hint = " (decode bytes to str first)" if isinstance(value, bytes | bytearray) else ""
    raise InputError(f"text #{position} is {kind}, not str{hint}")


def _dedupe_cues(spans: list[tuple[str, int, int]], text: str) -> tuple[CueSpan, ...]:
    """Keep the longest span where spans of one family overlap; sorted by position."""
    kept: list[tuple[str, int, int]] = []
    for fam, start, end in sorted(spans, key=lambda s: (s[1], -(s[2] - s[1]))):
        if any(f == fam and s <= start and end <= e for f, s, e in kept):
            continue
        kept.append((fam, start, end))
    return tuple(CueSpan(fam, s, e, text[s:e]) for fam, s, e in kept)


def _proba_dict(row: np.ndarray) -> dict[str, float]:
    values = [float(v) for v in row]
    total = sum(values) or 1.0
    return {lab.value: v / total for lab, v in zip(LABELS, values, strict=True)}


class Classifier:
    """Labels comments and their sentences with a verified model bundle.

    Build it with `load_model()`; it holds the fitted scikit-learn Pipeline (spaCy step
    included) and the bundle's metadata.
    """

    def __init__(
        self, pipeline: Pipeline, meta: dict[str, Any], settings: Settings | None = None
    ) -> None:
        self.pipeline = pipeline
        self.meta = meta
        self.settings = settings or Settings()
        trained = meta.get("settings", {})
        self.sentence_weight = float(trained.get("sentence_weight", 0.5))
        self.temperature = float(trained.get("temperature", 1.0))
        self._feature_names: np.ndarray | None = None

    @cached_property
    def version(self) -> str:
        """The model's version (see `model_version`); computed once, as it is read for every
        batch chunk and every service response."""
        return model_version(self.meta)

    # --- prediction ---------------------------------------------------------------------

    def predict(self, texts: Iterable[object]) -> list[Prediction]:
        """Predictions for every text, in order (streams through nlp.pipe in batches)."""
        return list(self.iter_predict(texts))

    def iter_predict(self, texts: Iterable[object]) -> Iterator[Prediction]:
        """Like predict, but yields as it goes, so memory stays flat on long streams."""
        if isinstance(texts, str | bytes):
            raise InputError("predict() takes an iterable of texts; use predict_one() for one")
        try:
            iterator = iter(texts)
        except TypeError:
            kind = type(texts).__name__
            raise InputError(f"predict() takes an iterable of texts, got {kind}") from None
        offset = 0
        while chunk := list(islice(iterator, self.settings.batch_size)):
            yield from self._predict_chunk(chunk, offset)
            offset += len(chunk)

    def predict_one(self, text: object) -> Prediction:
        """The prediction for a single text."""
        return self._predict_chunk([text], 0)[0]

    def _predict_chunk(self, chunk: Sequence[object], offset: int) -> list[Prediction]:
        texts = [_check_text(value, offset + i) for i, value in enumerate(chunk)]
        results: list[Prediction | None] = [None] * len(texts)
        work: list[int] = []
        work_texts: list[str] = []
        flags: list[set[str]] = [set() for _ in texts]
        for i, text in enumerate(texts):
            if is_empty(text):
                results[i] = Prediction(None, dict(UNIFORM), frozenset({Flag.EMPTY.value}))
                continue
            if len(text) > self.settings.max_chars:
                text = text[: self.settings.max_chars]
                flags[i].add(Flag.TRUNCATED.value)
            if is_non_english(text):
                flags[i].add(Flag.NON_ENGLISH.value)
            work.append(i)
            work_texts.append(text)
        if work:
            docs = self.pipeline[0].transform(work_texts)
            combined, per_sentence = predict_docs(self.pipeline, docs, self.sentence_weight)
            combined = apply_temperature(combined, self.temperature)
            for k, i in enumerate(work):
                results[i] = self._build(docs[k], combined[k], per_sentence[k], flags[i])
        return [r for r in results if r is not None]

    def _build(
        self, doc: DocFeatures, proba: np.ndarray, sentence_proba: np.ndarray, flags: set[str]
    ) -> Prediction:
        probabilities = _proba_dict(proba)
        label = LABELS[int(np.argmax(proba))]
        if probabilities[label.value] < self.settings.review_threshold:
            flags.add(Flag.NEEDS_REVIEW.value)
        spans = doc.sentence_spans()
        sentences = tuple(
            SentencePrediction(start, end, LABELS[int(np.argmax(row))], _proba_dict(row))
            for (start, end), row in zip(spans, sentence_proba, strict=True)
        )
        return Prediction(
            label=label,
            probabilities=probabilities,
            flags=frozenset(flags),
            sentences=sentences,
            cues=_dedupe_cues(doc.cue_spans(), doc.text),
        )

    def predict_frame(self, frame: pd.DataFrame, text: str = "text") -> pd.DataFrame:
        """The same rows with label, confidence, one probability column per label and flags."""
        if text not in frame.columns:
            raise InputError(
                f"column {text!r} not in the frame (columns: {', '.join(map(str, frame.columns))})"
            )
        predictions = self.predict(frame[text].tolist())
        out = frame.copy()
        out["label"] = [p.label.value if p.label else None for p in predictions]
        out["confidence"] = [p.confidence for p in predictions]
        for lab in LABELS:
            out[f"p_{lab.value}"] = [p.probabilities[lab.value] for p in predictions]
        out["flags"] = [",".join(sorted(p.flags)) for p in predictions]
        return out

    # --- explanation --------------------------------------------------------------------

    def _linear(self) -> Any:
        clf = self.pipeline[-1]
        if hasattr(clf, "calibrated_classifiers_"):
            return clf.calibrated_classifiers_[0].estimator
        return clf

    def feature_names(self) -> np.ndarray:
        if self._feature_names is None:
            names: list[str] = []
            for name, transformer in self.pipeline.named_steps["features"].transformer_list:
                last = transformer[-1] if hasattr(transformer, "steps") else transformer
                names.extend(f"{name}:{n}" for n in last.get_feature_names_out())
            self._feature_names = np.asarray(names, dtype=object)
        return self._feature_names

    def explain(self, text: object, top: int = 8) -> dict[str, Any]:
        """Why: the cues found and, per label, the features that pushed the score most."""
        prediction = self.predict_one(text)
        result: dict[str, Any] = {
            "label": prediction.label.value if prediction.label else None,
            "probabilities": prediction.probabilities,
            "flags": sorted(prediction.flags),
            "cues": [c.to_dict() for c in prediction.cues],
            "features": {},
        }
        if prediction.label is None:
            return result
        assert isinstance(text, str)
        docs = self.pipeline[0].transform([text[: self.settings.max_chars]])
        row = self.pipeline.named_steps["features"].transform(docs).tocsr()
        linear = self._linear()
        names = self.feature_names()
        for k, lab in enumerate(linear.classes_):
            contributions = row.multiply(linear.coef_[k]).tocsr()
            idx, values = contributions.indices, contributions.data
            order = np.argsort(-values)[:top]
            result["features"][str(lab)] = [
                {"feature": str(names[idx[j]]), "weight": round(float(values[j]), 4)}
                for j in order
                if values[j] > 0
            ]
        return result


def load_model(
    path: str | Path | None = None, settings: Settings | None = None, *, trust: bool = False
) -> Classifier:
    """Load and verify a bundle (the shipped default when no path is given).

    A bundle directory is unpickled only if it is the shipped one or trusted (trained on
    this machine, or `claimcheck trust DIR`); `trust=True` vouches for it for this load.
    A file made by `claimcheck export` loads without unpickling, so it needs no trust.
    """
    if path is not None and Path(path).is_file():
        from claimcheck.portable import load_portable_bundle

        bundle = load_portable_bundle(path)
    else:
        bundle = load_bundle(path, trust=trust)
    classifier = Classifier(bundle.model, bundle.meta, settings)
    try:  # a pickle can load yet lack attributes today's code expects
        classifier.predict_one("I had it done in 2010 and it helped.")
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        raise IncompatibleModelError(
            f"{bundle.path} loads but cannot predict with this claimcheck ({exc}); "
            "retrain it with `claimcheck train`"
        ) from exc
    return classifier


__all__ = ["Classifier", "Label", "Settings", "load_model"]
