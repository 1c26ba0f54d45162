"""Accuracy of the shipped model's recipe against the plain baseline, with an ablation.

For each variant: leave-domains-out CV on the corpus (5 folds, whole domains held out) and
the external dev set (trained on the whole corpus, never on dev): macro-F1, per source,
strong mapping only, and calibration error. Each feature family is removed in turn, and the
two families kept out of the shipped model (structure, style) are added in turn.

    python -m benchmarks.accuracy            # full (about 15 minutes on 2 cores)
    python -m benchmarks.accuracy --fast     # CI smoke run on a small sample
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

import numpy as np

from benchmarks.common import external_dev_path, load_external_dev, plain_baseline, save_result
from claimcheck.corpus import CorpusRecord, load_comments
from claimcheck.evaluate import (
    cross_fitted_temperature,
    cross_validate_domains,
    fit_units,
    group_macro_f1,
    parse_corpus,
    predict_units,
    scores,
)
from claimcheck.model import ModelParams, SpacyPreprocessor, apply_temperature, fit_temperature
from claimcheck.types import LABEL_NAMES


def variants(base: ModelParams) -> dict[str, ModelParams]:
    out = {"shipped": base}
    for family in base.families:
        rest = tuple(f for f in base.families if f != family)
        out[f"- {family}"] = replace(base, families=rest)
    for family in ("norms", "structure", "style"):
        out[f"+ {family}"] = replace(base, families=(*base.families, family))
    return out


def dev_scores(proba: np.ndarray, dev: list[dict[str, Any]]) -> dict[str, Any]:
    gold = [d["label"] for d in dev]
    result = scores(gold, proba, groups={"source": [d["source"] for d in dev]})
    predicted = [LABEL_NAMES[i] for i in proba.argmax(axis=1)]
    strong = [i for i, d in enumerate(dev) if d["mapping"] == "strong"]
    strong_f1 = group_macro_f1(
        [gold[i] for i in strong], [predicted[i] for i in strong], ["strong"] * len(strong)
    )["strong"]["macro_f1"]
    return {
        "macro_f1": result["macro_f1"],
        "by_source": {k: v["macro_f1"] for k, v in result["by_source"].items()},
        "strong_macro_f1": strong_f1,
        "ece": result["ece"],
        "per_label_f1": {k: v["f1"] for k, v in result["per_label"].items()},
    }


def sample(records: list[CorpusRecord], per_domain: int) -> list[CorpusRecord]:
    seen: dict[str, int] = {}
    out = []
    for r in records:
        if seen.get(r.domain, 0) < per_domain:
            seen[r.domain] = seen.get(r.domain, 0) + 1
            out.append(r)
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fast", action="store_true", help="small sample, for CI")
    args = parser.parse_args(argv)
    records = load_comments("corpus")
    if args.fast:
        records = sample(records, 20)
    base = ModelParams()
    preprocessor = SpacyPreprocessor(norm_form=base.norm_form).fit([])
    parsed = parse_corpus(records, preprocessor)
    gold = [r.label.value for r in records]
    dev = load_external_dev() if external_dev_path() and not args.fast else []
    dev_docs = preprocessor.transform([d["text"] for d in dev]) if dev else []
    table: dict[str, Any] = {}
    chosen = variants(base) if not args.fast else {"shipped": base}
    for name, params in chosen.items():
        n_splits = 5 if not args.fast else 2
        oof = cross_validate_domains(parsed, params, n_splits=n_splits)
        temperature = fit_temperature(oof, gold)
        oof = cross_fitted_temperature(oof, gold, [r.domain for r in records], n_splits)
        cv = scores(gold, oof)
        row: dict[str, Any] = {"cv_macro_f1": cv["macro_f1"], "cv_ece": cv["ece"]}
        if dev:
            model = fit_units(parsed, range(len(records)), params)
            proba = apply_temperature(predict_units(model, dev_docs, params), temperature)
            row["dev"] = dev_scores(proba, dev)
        table[name] = row
        print(f"{name:12s} CV {row['cv_macro_f1']:.3f} ECE {row['cv_ece']:.3f}", end="")
        if dev:
            d = row["dev"]
            sources = " ".join(f"{k[:6]} {v:.3f}" for k, v in d["by_source"].items())
            print(f" | dev {d['macro_f1']:.3f} strong {d['strong_macro_f1']:.3f} {sources}", end="")
        print(flush=True)
    if dev:
        texts = [r.text for r in records]
        baseline = plain_baseline().fit(texts, gold)
        proba = baseline.predict_proba([d["text"] for d in dev])
        proba = proba[:, [list(baseline.classes_).index(lab) for lab in LABEL_NAMES]]
        table["plain TF-IDF + LR"] = {"dev": dev_scores(proba, dev)}
        print(f"plain TF-IDF + LR dev {table['plain TF-IDF + LR']['dev']['macro_f1']:.3f}")
    payload = {"fast": args.fast, "n_comments": len(records), "variants": table}
    if not args.fast:
        save_result("accuracy", payload)
    return payload


if __name__ == "__main__":
    main()
