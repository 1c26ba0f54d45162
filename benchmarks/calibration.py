"""Calibration on text we did not write: one temperature, fitted on two external sources and
measured on the third, in rotation, so no figure is fitted on the text it reports.

The corpus's own cross-validated calibration (the temperature `train` fits on
leave-domains-out predictions) says little about real comments: our corpus is cleaner and
more separable than forum text, so a temperature fitted there sharpens too much. The
temperature shipped in ModelParams.temperature is the one fitted here on all external
sources; the ECE quoted for it is the rotation's, never the in-sample one.

    python -m benchmarks.calibration [--model models/default]
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from benchmarks.common import load_external_dev, save_result
from claimcheck.evaluate import expected_calibration_error
from claimcheck.model import apply_temperature, fit_temperature
from claimcheck.predict import load_model
from claimcheck.types import LABEL_NAMES


def _needs_review(proba: np.ndarray, gold: list[str], threshold: float) -> dict[str, float]:
    """How the review flag splits the predictions: flagged share, wrong labels it catches."""
    predicted = np.asarray(LABEL_NAMES)[proba.argmax(axis=1)]
    wrong = predicted != np.asarray(gold)
    flagged = proba.max(axis=1) < threshold
    return {
        "threshold": threshold,
        "flagged_share": float(flagged.mean()),
        "wrong_share": float(wrong.mean()),
        "wrong_caught": float((wrong & flagged).sum() / max(wrong.sum(), 1)),
        "accuracy_unflagged": float(1.0 - wrong[~flagged].mean()) if (~flagged).any() else 0.0,
        "accuracy_flagged": float(1.0 - wrong[flagged].mean()) if flagged.any() else 0.0,
    }


def rotate(proba: np.ndarray, gold: list[str], sources: list[str]) -> dict[str, Any]:
    """Fit a temperature on every source but one, measure on that one; pool the held-out."""
    names = sorted(set(sources))
    source_arr, gold_arr = np.asarray(sources), np.asarray(gold)
    held_out = np.empty_like(proba)
    per_source: dict[str, Any] = {}
    for name in names:
        test = source_arr == name
        temperature = fit_temperature(proba[~test], list(gold_arr[~test]))
        held_out[test] = apply_temperature(proba[test], temperature)
        per_source[name] = {
            "temperature_fitted_on_others": temperature,
            "ece": expected_calibration_error(held_out[test], list(gold_arr[test])),
            "ece_uncalibrated": expected_calibration_error(proba[test], list(gold_arr[test])),
        }
    return {
        "per_source": per_source,
        "ece_pooled_held_out": expected_calibration_error(held_out, gold),
        "mean_confidence_held_out": float(held_out.max(axis=1).mean()),
        "held_out_proba": held_out,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=None, help="bundle directory (default: shipped)")
    parser.add_argument("--threshold", type=float, default=0.6, help="needs_review threshold")
    args = parser.parse_args(argv)
    classifier = load_model(args.model)
    shipped_temperature = classifier.temperature
    dev = load_external_dev()
    classifier.temperature = 1.0  # raw probabilities; every temperature below is applied here
    predictions = classifier.predict([d["text"] for d in dev])
    keep = [i for i, p in enumerate(predictions) if p.label is not None]
    proba = np.asarray([[predictions[i].probabilities[lab] for lab in LABEL_NAMES] for i in keep])
    gold = [dev[i]["label"] for i in keep]
    sources = [dev[i]["source"] for i in keep]
    rotation = rotate(proba, gold, sources)
    held_out = rotation.pop("held_out_proba")
    shipped = apply_temperature(proba, shipped_temperature)
    payload = {
        "model_version": classifier.version,
        "n": len(keep),
        "temperature_in_bundle": shipped_temperature,
        "temperature_fitted_on_all_sources": fit_temperature(proba, gold),
        "accuracy": float((np.asarray(LABEL_NAMES)[proba.argmax(axis=1)] == gold).mean()),
        "ece_uncalibrated": expected_calibration_error(proba, gold),
        "ece_with_bundle_temperature": expected_calibration_error(shipped, gold),
        "mean_confidence_with_bundle_temperature": float(shipped.max(axis=1).mean()),
        "rotation": rotation,
        "needs_review_held_out": _needs_review(held_out, gold, args.threshold),
        "needs_review_with_bundle_temperature": _needs_review(shipped, gold, args.threshold),
    }
    print(f"model {payload['model_version']}  n={payload['n']}  accuracy {payload['accuracy']:.3f}")
    print(
        f"ECE: uncalibrated {payload['ece_uncalibrated']:.3f}, bundle temperature "
        f"{shipped_temperature:.3f} -> {payload['ece_with_bundle_temperature']:.3f}, "
        f"rotation (pooled held-out) {rotation['ece_pooled_held_out']:.3f}"
    )
    for name, row in rotation["per_source"].items():
        print(
            f"  held out {name:16s} T={row['temperature_fitted_on_others']:.3f} "
            f"ECE {row['ece']:.3f} (uncalibrated {row['ece_uncalibrated']:.3f})"
        )
    review = payload["needs_review_held_out"]
    print(
        f"needs_review < {args.threshold}: flags {review['flagged_share']:.1%} of predictions, "
        f"catches {review['wrong_caught']:.1%} of wrong labels; accuracy unflagged "
        f"{review['accuracy_unflagged']:.3f}, flagged {review['accuracy_flagged']:.3f}"
    )
    print(f"temperature fitted on all sources: {payload['temperature_fitted_on_all_sources']:.3f}")
    save_result("calibration", payload)
    return payload


if __name__ == "__main__":
    main()
