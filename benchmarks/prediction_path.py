"""Did a change to the prediction path change any prediction? Probabilities (comments and
sentences) on the corpus and the external dev set, compared bit for bit with a saved run.

    # before the change (on the old code): save the reference
    python -m benchmarks.prediction_path --save /tmp/before.npz
    # after: compare, and record the comparison under a name in docs/results/prediction_path.json
    python -m benchmarks.prediction_path --before /tmp/before.npz --name retrained
    # the old bundle's fitted numbers in today's classes (no retraining involved)
    python -m benchmarks.prediction_path --before /tmp/before.npz --name same-fit \
        --bundle /tmp/old-bundle --as-fast-steps

The reference file holds probabilities derived from the external dev set, so it belongs
outside the repository (/tmp); only the comparison is saved.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import RESULTS, load_external_dev, save_result
from claimcheck.corpus import load_comments
from claimcheck.types import LABELS


def as_fast_steps(pipeline: Any) -> Any:
    """The same fitted pipeline with scikit-learn's FeatureUnion and TfidfVectorizer swapped
    for SequentialFeatureUnion and OnePassTfidfVectorizer (their fitted numbers unchanged)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    from claimcheck.features import SequentialFeatureUnion
    from claimcheck.vectorize import OnePassTfidfVectorizer

    union = pipeline.named_steps["features"]
    if type(union) is FeatureUnion:
        union.__class__ = SequentialFeatureUnion
    for _, transformer in union.transformer_list:
        if hasattr(transformer, "steps") and type(transformer[-1]) is TfidfVectorizer:
            transformer[-1].__class__ = OnePassTfidfVectorizer
    return pipeline


def probabilities(bundle: str | None, fast_steps: bool) -> tuple[dict[str, np.ndarray], dict]:
    """Comment and sentence probabilities on corpus and dev, and the bundle's metadata."""
    from claimcheck.bundle import load_bundle
    from claimcheck.predict import Classifier

    loaded = load_bundle(bundle, trust=bundle is not None)  # a path given here is vouched for
    pipeline = as_fast_steps(loaded.model) if fast_steps else loaded.model
    classifier = Classifier(pipeline, loaded.meta)
    sets = {
        "corpus": [r.text for r in load_comments("corpus")],
        "dev": [row["text"] for row in load_external_dev()],
    }
    out: dict[str, np.ndarray] = {}
    for name, texts in sets.items():
        predictions = classifier.predict(texts)
        out[name] = np.array([[p.probabilities[lab.value] for lab in LABELS] for p in predictions])
        out[f"{name}_sentences"] = np.array(
            [
                [s.probabilities[lab.value] for lab in LABELS]
                for p in predictions
                for s in p.sentences
            ]
        ).reshape(-1, len(LABELS))
    return out, loaded.meta


def dev_macro_f1(proba: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    gold = [row["label"] for row in load_external_dev()]
    predicted = [LABELS[i].value for i in proba.argmax(axis=1)]
    return float(f1_score(gold, predicted, labels=[lab.value for lab in LABELS], average="macro"))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--save", type=Path, help="write the reference probabilities here")
    parser.add_argument("--before", type=Path, help="reference written by --save")
    parser.add_argument("--name", default="after", help="name of this comparison")
    parser.add_argument("--bundle", help="bundle directory (default: the shipped one)")
    parser.add_argument("--as-fast-steps", action="store_true", help="see as_fast_steps")
    args = parser.parse_args(argv)
    proba, meta = probabilities(args.bundle, args.as_fast_steps)
    cv = meta.get("metrics", {}).get("leave_domains_out_cv", {}).get("macro_f1")
    if args.save:
        arrays: dict[str, Any] = {"cv_macro_f1": np.asarray(cv if cv is not None else np.nan)}
        np.savez(args.save, **{**arrays, **proba})
        print(f"saved {args.save}")
        return {}
    if args.before is None:
        parser.error("give --save or --before")
    before = np.load(args.before)
    comparison: dict[str, Any] = {}
    for key, after in proba.items():
        ref = before[key]
        same_shape = ref.shape == after.shape
        comparison[key] = {
            "rows": int(after.shape[0]),
            "bit_identical": bool(same_shape and np.array_equal(ref, after)),
            "max_abs_diff": float(np.abs(ref - after).max()) if same_shape and ref.size else None,
            "rows_changed": int((ref != after).any(axis=1).sum()) if same_shape else None,
            "labels_changed": int((ref.argmax(1) != after.argmax(1)).sum()) if same_shape else None,
        }
    comparison["dev_macro_f1"] = {
        "before": dev_macro_f1(before["dev"]),
        "after": dev_macro_f1(proba["dev"]),
    }
    comparison["cv_macro_f1"] = {"before": float(before["cv_macro_f1"]), "after": cv}
    comparison["bundle"] = args.bundle or "models/default"
    comparison["as_fast_steps"] = args.as_fast_steps
    path = RESULTS / "prediction_path.json"
    previous = json.loads(path.read_text()) if path.exists() else {}
    runs = {**previous.get("runs", {}), args.name: comparison}
    save_result("prediction_path", {"runs": runs})
    print(json.dumps(comparison, indent=2))
    return comparison


if __name__ == "__main__":
    main()
