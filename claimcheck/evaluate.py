"""Metrics, calibration and leave-domains-out cross-validation. Honest numbers, no I/O."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline

from claimcheck.corpus import CorpusRecord
from claimcheck.model import (
    ModelParams,
    SpacyPreprocessor,
    apply_temperature,
    build_unit_model,
    fit_temperature,
    predict_docs,
)
from claimcheck.parsed import DocFeatures
from claimcheck.types import LABEL_NAMES, LABELS

#: A group (source or domain) is scored over the labels it has at least this many items of.
MIN_LABEL_SUPPORT = 50


def expected_calibration_error(proba: np.ndarray, gold: Sequence[str], n_bins: int = 10) -> float:
    """ECE of the top-label confidence, equal-width bins."""
    if len(gold) == 0:
        return 0.0
    confidence = proba.max(axis=1)
    correct = np.asarray([LABEL_NAMES[i] for i in proba.argmax(axis=1)]) == np.asarray(gold)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    error = 0.0
    for lo, hi in itertools.pairwise(edges):
        in_bin = (confidence > lo) & (confidence <= hi)
        if in_bin.any():
            error += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(error)


def reliability_table(
    proba: np.ndarray, gold: Sequence[str], n_bins: int = 10
) -> list[dict[str, float]]:
    """Per confidence bin: count, mean confidence, accuracy (for a reliability diagram)."""
    confidence = proba.max(axis=1)
    correct = np.asarray([LABEL_NAMES[i] for i in proba.argmax(axis=1)]) == np.asarray(gold)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    rows = []
    for lo, hi in itertools.pairwise(edges):
        in_bin = (confidence > lo) & (confidence <= hi)
        if in_bin.any():
            rows.append(
                {
                    "low": float(lo),
                    "high": float(hi),
                    "count": int(in_bin.sum()),
                    "confidence": float(confidence[in_bin].mean()),
                    "accuracy": float(correct[in_bin].mean()),
                }
            )
    return rows


def group_macro_f1(
    gold: Sequence[str], predicted: Sequence[str], groups: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Macro-F1 per group over the labels the group has at least MIN_LABEL_SUPPORT of."""
    out: dict[str, dict[str, Any]] = {}
    gold_arr, pred_arr, group_arr = np.asarray(gold), np.asarray(predicted), np.asarray(groups)
    for group in sorted(set(groups)):
        mask = group_arr == group
        g, p = gold_arr[mask], pred_arr[mask]
        labels = [lab for lab in LABEL_NAMES if (g == lab).sum() >= MIN_LABEL_SUPPORT]
        if not labels:
            labels = sorted(set(g))
        out[group] = {
            "n": int(mask.sum()),
            "labels": labels,
            "macro_f1": float(f1_score(g, p, labels=labels, average="macro", zero_division=0)),
        }
    return out


def scores(
    gold: Sequence[str],
    proba: np.ndarray,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """Per-label precision/recall/F1, macro-F1, confusion matrix, ECE, and per-group tables."""
    predicted = [LABEL_NAMES[i] for i in proba.argmax(axis=1)]
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=LABEL_NAMES, zero_division=0
    )
    result: dict[str, Any] = {
        "n": len(gold),
        "macro_f1": float(
            f1_score(gold, predicted, labels=LABEL_NAMES, average="macro", zero_division=0)
        ),
        "per_label": {
            lab: {
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "f1": float(f1[i]),
                "support": int(support[i]),
            }
            for i, lab in enumerate(LABEL_NAMES)
        },
        "confusion": {
            "labels": list(LABEL_NAMES),
            "matrix": confusion_matrix(gold, predicted, labels=LABEL_NAMES).tolist(),
        },
        "ece": expected_calibration_error(proba, gold),
    }
    for name, values in (groups or {}).items():
        result[f"by_{name}"] = group_macro_f1(gold, predicted, values)
    return result


@dataclass
class ParsedCorpus:
    """DocFeatures of every comment and labelled sentence, parsed once for many fits."""

    records: list[CorpusRecord]
    docs: list[DocFeatures]
    sentence_docs: list[DocFeatures]
    sentence_owner: np.ndarray
    sentence_labels: list[str]


def parse_corpus(records: Sequence[CorpusRecord], preprocessor: SpacyPreprocessor) -> ParsedCorpus:
    """Run spaCy once over comments and their labelled sentences."""
    sentence_texts, owners, labels = [], [], []
    for i, record in enumerate(records):
        if len(record.sentences) > 1:
            for s in record.sentences:
                sentence_texts.append(record.text[s.start : s.end])
                owners.append(i)
                labels.append(s.label.value)
    return ParsedCorpus(
        records=list(records),
        docs=preprocessor.transform([r.text for r in records]),
        sentence_docs=preprocessor.transform(sentence_texts),
        sentence_owner=np.asarray(owners, dtype=int),
        sentence_labels=labels,
    )


def fit_units(parsed: ParsedCorpus, rows: Sequence[int], params: ModelParams) -> Pipeline:
    """Fit features + classifier on the given comments and their sentences (no spaCy step)."""
    chosen = np.zeros(len(parsed.docs), dtype=bool)
    chosen[list(rows)] = True
    sentence_rows = (
        np.flatnonzero(chosen[parsed.sentence_owner]) if parsed.sentence_docs else np.zeros(0, int)
    )
    units = [parsed.docs[i] for i in rows] + [parsed.sentence_docs[k] for k in sentence_rows]
    labels = [parsed.records[i].label.value for i in rows] + [
        parsed.sentence_labels[k] for k in sentence_rows
    ]
    model = build_unit_model(params)
    model.fit(units, labels)
    return model


def predict_units(model: Pipeline, docs: Sequence[DocFeatures], params: ModelParams) -> np.ndarray:
    """Combined comment probabilities from a features+classifier pipeline."""
    # predict_docs expects the spaCy step first; a pass-through keeps one code path.
    full = Pipeline([("spacy", "passthrough"), *model.steps])
    combined, _ = predict_docs(full, docs, params.sentence_weight)
    return combined


def cross_validate_domains(
    parsed: ParsedCorpus, params: ModelParams, n_splits: int = 5
) -> np.ndarray:
    """Out-of-fold comment probabilities with whole domains held out in each fold."""
    domains = [r.domain for r in parsed.records]
    oof = np.zeros((len(parsed.docs), len(LABELS)))
    folds = GroupKFold(n_splits=n_splits)
    for train, test in folds.split(parsed.docs, groups=domains):
        model = fit_units(parsed, train, params)
        oof[test] = predict_units(model, [parsed.docs[i] for i in test], params)
    return oof


def evaluate_file(classifier: Any, path: str | Path) -> dict[str, Any]:
    """Score a classifier on a labelled JSONL file (text, label; optional source, domain)."""
    from claimcheck.exceptions import InputError
    from claimcheck.io.jsonl import iter_jsonl

    texts: list[str] = []
    gold: list[str] = []
    groups: dict[str, list[str]] = {"source": [], "domain": []}
    for row in iter_jsonl(path):
        if row.error or row.record is None:
            raise InputError(f"{path}:{row.line}: {row.error}")
        text, label = row.record.get("text"), row.record.get("label")
        if not isinstance(text, str):
            raise InputError(f"{path}:{row.line}: field 'text' missing or not a string")
        if label not in LABEL_NAMES:
            raise InputError(
                f"{path}:{row.line}: unknown label {label!r}; use one of {', '.join(LABEL_NAMES)}"
            )
        texts.append(text)
        gold.append(label)
        for key in groups:
            groups[key].append(str(row.record.get(key, "-")))
    if not texts:
        raise InputError(f"{path} has no records")
    predictions = classifier.predict(texts)
    keep = [i for i, p in enumerate(predictions) if p.label is not None]
    if not keep:
        raise InputError(f"{path}: every text is empty (no label to score)")
    proba = np.asarray([[predictions[i].probabilities[lab] for lab in LABEL_NAMES] for i in keep])
    used = {k: [v[i] for i in keep] for k, v in groups.items() if len(set(v)) > 1}
    result = scores([gold[i] for i in keep], proba, groups=used)
    result["skipped"] = len(texts) - len(keep)
    from claimcheck.bundle import adaptation_summary  # an adapted bundle says what it was fitted on

    if (adaptation := adaptation_summary(getattr(classifier, "meta", {}))) is not None:
        result["adaptation"] = adaptation
    return result


def cross_fitted_temperature(
    proba: np.ndarray, gold: Sequence[str], domains: Sequence[str], n_splits: int = 5
) -> np.ndarray:
    """Out-of-fold probabilities, each fold scaled by a temperature fitted on the other folds."""
    out = np.empty_like(proba)
    gold_arr = np.asarray(gold)
    for train, test in GroupKFold(n_splits=n_splits).split(proba, groups=domains):
        temperature = fit_temperature(proba[train], list(gold_arr[train]))
        out[test] = apply_temperature(proba[test], temperature)
    return out
