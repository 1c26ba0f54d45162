"""Accuracy of claimcheck against the alternatives, on the same data, in one process.

Leave-domains-out CV on the corpus (5 folds, GroupKFold on domain: the same folds for every
contender) and the external dev set (fitted on the whole corpus, never on dev), per source,
all and strong-mapping only: macro-F1 with a bootstrap 95% interval, per-label F1, ECE.

    python -m benchmarks.compare [--only tfidf_lr,keyword_rules]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.model_selection import GroupKFold

from benchmarks.common import external_dev_path, load_external_dev, save_result
from benchmarks.contenders import (
    CONTENDERS,
    LABELS_BY_NAME,
    ClaimcheckContender,
    Contender,
    available,
)
from claimcheck.corpus import CorpusRecord, load_comments
from claimcheck.evaluate import (
    MIN_LABEL_SUPPORT,
    cross_fitted_temperature,
    cross_validate_domains,
    expected_calibration_error,
    parse_corpus,
)
from claimcheck.model import ModelParams, SpacyPreprocessor
from claimcheck.research.bootstrap import bootstrap_scores
from claimcheck.types import LABEL_NAMES

N_SPLITS = 5
N_BOOT = 1000
BOOT_SEED = 12345
#: claimcheck must beat these on dev, and be within MARGIN of (or beat) the embedding one.
MUST_BEAT = ("tfidf_lr", "spacy_bow", "spacy_ensemble", "keyword_rules")
WITHIN = "minilm_lr"
MARGIN = 0.03


def scored_labels(gold: Sequence[str]) -> list[str]:
    """The labels a subset is scored over: as claimcheck.evaluate.group_macro_f1 chooses."""
    counts = {lab: sum(g == lab for g in gold) for lab in LABEL_NAMES}
    labels = [lab for lab in LABEL_NAMES if counts[lab] >= MIN_LABEL_SUPPORT]
    return labels or sorted(set(gold))


def cell(proba: np.ndarray, gold_names: Sequence[str], full_labels: bool = False) -> dict[str, Any]:
    """Macro-F1 (with its bootstrap interval: claimcheck.research.bootstrap, the same as
    `claimcheck report`), per-label F1 and ECE of one contender on one subset."""
    gold = list(gold_names)
    predicted = [LABEL_NAMES[i] for i in proba.argmax(axis=1)]
    labels = list(LABEL_NAMES) if full_labels else scored_labels(gold)
    scored = bootstrap_scores(gold, predicted, labels, n_resamples=N_BOOT, seed=BOOT_SEED)
    # per-label F1 does not depend on which other labels are scored: every label in gold
    every = bootstrap_scores(gold, predicted, LABEL_NAMES, n_resamples=1, seed=BOOT_SEED)
    return {
        "n": len(gold),
        "labels": labels,
        "macro_f1": scored.macro_f1.estimate,
        "ci95": scored.macro_f1.as_list(),
        "per_label_f1": {lab: every.f1[lab].estimate for lab in LABEL_NAMES if lab in gold},
        "ece": expected_calibration_error(proba, gold),
    }


def subsets(dev: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """Dev rows: all, strong-only, and each source (all and strong-only)."""
    strong = np.asarray([d["mapping"] == "strong" for d in dev])
    source = np.asarray([d["source"] for d in dev])
    out = {"all": np.ones(len(dev), bool), "strong": strong}
    for name in sorted(set(source)):
        out[name] = source == name
        out[f"{name} strong"] = (source == name) & strong
    return {key: mask for key, mask in out.items() if mask.any()}


def cv_claimcheck(records: list[CorpusRecord]) -> np.ndarray:
    """The shipped recipe's out-of-fold probabilities, cross-fitted temperature included."""
    params = ModelParams()
    parsed = parse_corpus(records, SpacyPreprocessor(norm_form=params.norm_form).fit([]))
    oof = cross_validate_domains(parsed, params, n_splits=N_SPLITS)
    gold = [r.label.value for r in records]
    return cross_fitted_temperature(oof, gold, [r.domain for r in records], N_SPLITS)


def cv_contender(name: str, records: list[CorpusRecord]) -> tuple[np.ndarray, Contender]:
    """Out-of-fold probabilities with whole domains held out (the same folds as claimcheck).

    Also returns the contender, so the dev fit reuses what it memoised (MiniLM embeddings).
    """
    texts = [r.text for r in records]
    gold = [r.label.value for r in records]
    oof = np.zeros((len(records), len(LABEL_NAMES)))
    contender = CONTENDERS[name]()  # one instance: MiniLM memoises embeddings across folds
    for train, test in GroupKFold(n_splits=N_SPLITS).split(
        texts, groups=[r.domain for r in records]
    ):
        contender.fit([texts[i] for i in train], [gold[i] for i in train])
        oof[test] = contender.predict_proba([texts[i] for i in test])
    return oof, contender


def dev_proba(
    name: str, records: list[CorpusRecord], dev_texts: list[str], contender: Contender | None
) -> np.ndarray:
    """Probabilities on dev: the shipped bundle for claimcheck, a whole-corpus fit otherwise."""
    if name == "claimcheck" or contender is None:
        return ClaimcheckContender.load().predict_proba(dev_texts)
    contender.fit([r.text for r in records], [r.label.value for r in records])
    return contender.predict_proba(dev_texts)


def verdict(table: dict[str, Any]) -> dict[str, Any]:
    """Does claimcheck beat 2, 3, 5 on dev, and stay within MARGIN of the embedding baseline?"""
    ours = table["claimcheck"]["dev"]["all"]["macro_f1"]
    out: dict[str, Any] = {"claimcheck_dev_macro_f1": ours, "beats": {}, "within": None}
    for name in MUST_BEAT:
        if name in table and "dev" in table[name]:
            theirs = table[name]["dev"]["all"]["macro_f1"]
            out["beats"][name] = {"theirs": theirs, "delta": ours - theirs, "ok": ours > theirs}
    if WITHIN in table and "dev" in table[WITHIN]:
        theirs = table[WITHIN]["dev"]["all"]["macro_f1"]
        out["within"] = {
            "name": WITHIN,
            "theirs": theirs,
            "delta": ours - theirs,
            "ok": ours >= theirs - MARGIN,
        }
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated contender names")
    args = parser.parse_args(argv)
    names = available(args.only.split(",") if args.only else None)
    records = load_comments("corpus")
    gold = [r.label.value for r in records]
    dev = load_external_dev() if external_dev_path() else []
    dev_texts = [d["text"] for d in dev]
    dev_gold = [d["label"] for d in dev]
    masks = subsets(dev) if dev else {}
    table: dict[str, Any] = {}
    timings: dict[str, float] = {}
    for name in names:
        start = time.perf_counter()
        fitted: Contender | None = None
        if name == "claimcheck":
            oof = cv_claimcheck(records)
        else:
            oof, fitted = cv_contender(name, records)
        row: dict[str, Any] = {"label": LABELS_BY_NAME[name], "cv": cell(oof, gold, True)}
        if dev:
            proba = dev_proba(name, records, dev_texts, fitted)
            row["dev"] = {
                key: cell(proba[mask], [dev_gold[i] for i in np.flatnonzero(mask)], key == "all")
                for key, mask in masks.items()
            }
        table[name] = row
        timings[name] = time.perf_counter() - start
        line = f"{name:16s} CV {row['cv']['macro_f1']:.3f}"
        if dev:
            d = row["dev"]
            line += f" | dev {d['all']['macro_f1']:.3f} strong {d['strong']['macro_f1']:.3f}"
        print(f"{line} ({timings[name]:.0f} s)", flush=True)
    missing = [n for n in (args.only.split(",") if args.only else CONTENDERS) if n not in names]
    payload: dict[str, Any] = {
        "n_comments": len(records),
        "n_dev": len(dev),
        "n_splits": N_SPLITS,
        "n_boot": N_BOOT,
        "contenders": table,
        "skipped": {n: "not installed (pip install '.[bench]')" for n in missing},
        "seconds": timings,
    }
    if dev and "claimcheck" in table:
        payload["verdict"] = verdict(table)
    save_result("compare", payload)
    return payload


if __name__ == "__main__":
    main()
