"""The evaluation report: honest numbers on a labelled file, as JSON and a self-contained page.

Point estimates come from `claimcheck.evaluate.scores` (the numbers `claimcheck evaluate`
prints); this module adds percentile bootstrap intervals, the reliability table, per-group
intervals and the most confident errors with the cues behind them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from claimcheck.exceptions import InputError
from claimcheck.research.labelled import LabelledData, read_labelled
from claimcheck.types import LABEL_NAMES

if TYPE_CHECKING:
    from claimcheck.predict import Classifier
    from claimcheck.types import Prediction

#: A group gets an interval only with at least this many items; fewer make it noise.
MIN_GROUP_CI = 30
#: How many of the most confident errors the report lists.
TOP_ERRORS = 25


@dataclass(frozen=True)
class ReportResult:
    """Where the report went, and its numbers."""

    html: Path
    metrics_path: Path
    metrics: dict[str, Any]


def _group_tables(
    gold: list[str],
    predicted: list[str],
    groups: dict[str, list[str]],
    n_resamples: int,
    seed: int,
) -> dict[str, dict[str, dict[str, Any]]]:
    from claimcheck.evaluate import group_macro_f1
    from claimcheck.research.bootstrap import bootstrap_scores

    tables: dict[str, dict[str, dict[str, Any]]] = {}
    gold_arr, pred_arr = np.asarray(gold), np.asarray(predicted)
    for name, values in groups.items():
        table = group_macro_f1(gold, predicted, values)
        value_arr = np.asarray(values)
        for group, row in table.items():
            row["labels"] = [str(lab) for lab in row["labels"]]
            mask = value_arr == group
            if row["n"] >= MIN_GROUP_CI:
                boot = bootstrap_scores(
                    list(gold_arr[mask]),
                    list(pred_arr[mask]),
                    row["labels"],
                    n_resamples=n_resamples,
                    seed=seed,
                )
                row["macro_f1_ci"] = boot.macro_f1.as_list()
            else:
                row["macro_f1_ci"] = None
        tables[f"by_{name}"] = table
    return tables


def _errors(
    data: LabelledData, keep: list[int], predictions: Sequence[Prediction], limit: int
) -> list[dict[str, Any]]:
    """Wrong predictions, most confident first (ties: file order)."""
    # `keep` holds only items with a label; a StrEnum compares equal to its value
    wrong = [i for i in keep if predictions[i].label != data.gold[i]]
    wrong.sort(key=lambda i: -predictions[i].confidence)
    out = []
    for i in wrong[:limit]:
        p = predictions[i]
        assert p.label is not None
        row: dict[str, Any] = {
            "id": data.ids[i],
            "text": data.texts[i],
            "gold": data.gold[i],
            "predicted": p.label.value,
            "confidence": p.confidence,
            "probabilities": dict(p.probabilities),
            "flags": sorted(p.flags),
            "cues": [c.to_dict() for c in p.cues],
        }
        for name, values in data.groups.items():
            row[name] = values[i]
        out.append(row)
    return out


def build_metrics(
    data: LabelledData,
    predictions: Sequence[Prediction],
    *,
    n_resamples: int = 1000,
    seed: int = 0,
    top_errors: int = TOP_ERRORS,
) -> dict[str, Any]:
    """Every number of the report, JSON-ready, from gold labels and predictions."""
    from claimcheck.evaluate import reliability_table, scores
    from claimcheck.research.bootstrap import CONFIDENCE, bootstrap_scores

    if len(predictions) != len(data):
        raise InputError(f"{len(data)} items but {len(predictions)} predictions")
    keep = [i for i, p in enumerate(predictions) if p.label is not None]
    if not keep:
        raise InputError(f"{data.path}: every text is empty (no label to score)")
    gold = [data.gold[i] for i in keep]
    proba = np.asarray([[predictions[i].probabilities[lab] for lab in LABEL_NAMES] for i in keep])
    predicted = [LABEL_NAMES[j] for j in proba.argmax(axis=1)]
    result = scores(gold, proba)
    boot = bootstrap_scores(gold, predicted, LABEL_NAMES, n_resamples=n_resamples, seed=seed)
    for lab, row in result["per_label"].items():
        row["precision_ci"] = boot.precision[lab].as_list()
        row["recall_ci"] = boot.recall[lab].as_list()
        row["f1_ci"] = boot.f1[lab].as_list()
    groups = {name: [values[i] for i in keep] for name, values in data.groups.items()}
    metrics: dict[str, Any] = {
        "data": data.path,
        "n": result["n"],
        "skipped_empty": len(data) - len(keep),
        "accuracy": float(np.mean(np.asarray(gold) == np.asarray(predicted))),
        "macro_f1": result["macro_f1"],
        "macro_f1_ci": boot.macro_f1.as_list(),
        "per_label": result["per_label"],
        "confusion": result["confusion"],
        "ece": result["ece"],
        "reliability": reliability_table(proba, gold),
        **_group_tables(gold, predicted, groups, n_resamples, seed),
        "bootstrap": {
            "resamples": n_resamples,
            "seed": seed,
            "confidence": CONFIDENCE,
            "method": "percentile; items resampled with replacement",
            "min_group_items": MIN_GROUP_CI,
        },
        "errors": _errors(data, keep, predictions, top_errors),
    }
    return metrics


def render_report(metrics: dict[str, Any], *, model_version: str) -> str:
    """The self-contained HTML page: figures embedded as PNG data URIs, text escaped."""
    from claimcheck.research import plots
    from claimcheck.research.html import highlight_cues, render_template

    figures = {
        "per_label": plots.data_uri(plots.per_label_plot(metrics["per_label"])),
        "confusion": plots.data_uri(
            plots.confusion_plot(metrics["confusion"]["labels"], metrics["confusion"]["matrix"])
        ),
        "reliability": plots.data_uri(
            plots.reliability_plot(metrics["reliability"], metrics["ece"])
        ),
    }
    errors = [
        {
            **row,
            "highlighted": highlight_cues(
                row["text"], [(c["family"], c["start"], c["end"]) for c in row["cues"]]
            ),
        }
        for row in metrics["errors"]
    ]
    group_tables = {key[3:]: value for key, value in metrics.items() if key.startswith("by_")}
    return render_template(
        "report.html.j2",
        m=metrics,
        figures=figures,
        errors=errors,
        group_tables=group_tables,
        model_version=model_version,
        colours=plots.LABEL_COLOURS,
    )


def write_report(
    classifier: Classifier,
    data: LabelledData | str | Path,
    out_dir: str | Path,
    *,
    n_resamples: int = 1000,
    seed: int = 0,
) -> ReportResult:
    """Read (unless given read data), predict, score, and write `index.html` and
    `metrics.json` into `out_dir`."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} exists and is not a directory")
    if not isinstance(data, LabelledData):
        data = read_labelled(data)
    predictions = classifier.predict(data.texts)
    metrics = build_metrics(data, predictions, n_resamples=n_resamples, seed=seed)
    metrics["model_version"] = classifier.version
    from claimcheck.bundle import adaptation_summary

    if (adaptation := adaptation_summary(classifier.meta)) is not None:
        metrics["adaptation"] = adaptation
    html = render_report(metrics, model_version=classifier.version)
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / "index.html"
    metrics_path = out / "metrics.json"
    html_path.write_text(html, encoding="utf-8")
    metrics_path.write_text(
        json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return ReportResult(html_path, metrics_path, metrics)
