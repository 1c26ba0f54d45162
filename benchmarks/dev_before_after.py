"""The external dev set scored by two bundles, with bootstrap intervals: before and after.

    python -m benchmarks.dev_before_after --before OLD_BUNDLE [--after models/default]

Both bundles run under today's code (so an inference change counts for both), on the dev set
read from CLAIMCHECK_EXTERNAL_DEV. Reports macro-F1, per-source and strong-mapping macro-F1,
per-label precision/recall/F1 with 95% percentile-bootstrap intervals (1,000 resamples, seed
0), and ECE. Writes docs/results/dev_before_after.json (date, commit, machine).
"""

from __future__ import annotations

import argparse
from typing import Any

from benchmarks.common import external_dev_path, load_external_dev, save_result
from claimcheck.evaluate import group_macro_f1
from claimcheck.predict import load_model
from claimcheck.research.labelled import read_labelled
from claimcheck.research.report import build_metrics


def _summary(metrics: dict[str, Any], strong: dict[str, Any]) -> dict[str, Any]:
    """The figures we quote; strong-mapping macro-F1 is over the labels that subset has
    (claimcheck.evaluate.group_macro_f1), as in benchmarks.accuracy."""
    return {
        "model_version": metrics["model_version"],
        "n": metrics["n"],
        "macro_f1": metrics["macro_f1"],
        "macro_f1_ci": metrics["macro_f1_ci"],
        "ece": metrics["ece"],
        "by_source": {k: v["macro_f1"] for k, v in metrics["by_source"].items()},
        "strong_macro_f1": strong["macro_f1"],
        "strong_labels": strong["labels"],
        "per_label": metrics["per_label"],
    }


def score(bundle: str | None) -> dict[str, Any]:
    path = external_dev_path()
    if path is None:
        raise SystemExit("external dev set not found; set CLAIMCHECK_EXTERNAL_DEV")
    classifier = load_model(bundle)
    data = read_labelled(path)
    predictions = classifier.predict(data.texts)
    metrics = build_metrics(data, predictions, n_resamples=1000, seed=0)
    metrics["model_version"] = classifier.version
    rows = load_external_dev()
    strong = [i for i, r in enumerate(rows) if r.get("mapping") == "strong"]
    predicted = [p.label.value if p.label else "opinion" for p in predictions]
    table = group_macro_f1(
        [rows[i]["label"] for i in strong], [predicted[i] for i in strong], ["strong"] * len(strong)
    )
    return _summary(metrics, table["strong"])


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", required=True, help="bundle directory of the earlier model")
    parser.add_argument("--after", default=None, help="bundle directory (default: shipped)")
    args = parser.parse_args(argv)
    payload = {"before": score(args.before), "after": score(args.after)}
    for name, row in payload.items():
        low, high = row["macro_f1_ci"]
        sources = ", ".join(f"{k} {v:.3f}" for k, v in row["by_source"].items())
        labels = ", ".join(
            f"{k} P {v['precision']:.2f} R {v['recall']:.2f}" for k, v in row["per_label"].items()
        )
        print(
            f"{name:6s} macro-F1 {row['macro_f1']:.3f} [{low:.3f}, {high:.3f}] "
            f"strong {row['strong_macro_f1']:.3f} ECE {row['ece']:.3f} | {sources} | {labels}"
        )
    print(f"wrote {save_result('dev_before_after', payload)}")
    return payload


if __name__ == "__main__":
    main()
