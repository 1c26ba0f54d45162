"""Likely label errors in a labelled corpus, from out-of-fold predicted probabilities.

Method: confident learning (Northcutt et al., 2021) through cleanlab's `find_label_issues`
(`filter_by="prune_by_noise_rate"`). Each comment is scored by a model that never saw it
(stratified k-fold over comments, spaCy run once for all folds via claimcheck.evaluate); an
item is flagged when the joint estimate of given versus true label says its class pair holds
more noise than the item's own probability can explain. Flagged items are ranked by
self-confidence, the probability the out-of-fold model gives the *given* label (lowest
first); the margin (given minus best other) is reported too.

The review file is for a person: the audit suggests, it never relabels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from claimcheck.corpus import CorpusRecord
from claimcheck.exceptions import InputError
from claimcheck.io.jsonl import write_jsonl
from claimcheck.types import LABEL_NAMES, LABELS


@dataclass
class AuditResult:
    """Flagged items (most suspicious first) and the out-of-fold probabilities behind them."""

    issues: list[dict[str, Any]]
    proba: np.ndarray
    n: int
    folds: int
    flagged_indices: list[int] = field(default_factory=list)


def out_of_fold_proba(
    records: Sequence[CorpusRecord],
    *,
    folds: int = 5,
    seed: int = 0,
    log: Callable[[str], None] = lambda message: None,
) -> tuple[np.ndarray, list[Any]]:
    """Comment probabilities from models that never saw the comment; and the parsed docs."""
    from sklearn.model_selection import StratifiedKFold

    from claimcheck.evaluate import fit_units, parse_corpus, predict_units
    from claimcheck.model import ModelParams, SpacyPreprocessor

    labels = [r.label.value for r in records]
    smallest = min(labels.count(lab) for lab in set(labels))
    if folds < 2:
        raise InputError(f"--folds must be at least 2, got {folds}")
    if smallest < folds:
        raise InputError(
            f"every label needs at least {folds} comments for {folds} folds; the rarest has "
            f"{smallest} (use fewer --folds or more data)"
        )
    params = ModelParams(seed=seed)
    log(f"parsing {len(records)} comments once...")
    parsed = parse_corpus(records, SpacyPreprocessor(norm_form=params.norm_form).fit([]))
    proba = np.zeros((len(records), len(LABEL_NAMES)))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for k, (train, test) in enumerate(splitter.split(np.zeros(len(labels)), labels), 1):
        log(f"fold {k}/{folds}...")
        model = fit_units(parsed, train, params)
        proba[test] = predict_units(model, [parsed.docs[i] for i in test], params)
    return proba, parsed.docs


def find_issues(given: Sequence[str], proba: np.ndarray) -> list[int]:
    """Indices of likely label errors, most severe (lowest self-confidence) first."""
    from cleanlab.filter import find_label_issues

    codes = np.asarray([LABEL_NAMES.index(lab) for lab in given])
    if len(set(codes.tolist())) < 2:
        raise InputError("the audit needs at least two labels in the corpus")
    ranked = find_label_issues(codes, proba, return_indices_ranked_by="self_confidence", n_jobs=1)
    return [int(i) for i in ranked]


def audit_records(
    records: Sequence[CorpusRecord],
    *,
    folds: int = 5,
    seed: int = 0,
    log: Callable[[str], None] = lambda message: None,
) -> AuditResult:
    """Out-of-fold probabilities, confident learning, and one review row per flagged item."""
    if len(records) < 2 * folds:
        raise InputError(f"the audit needs at least {2 * folds} comments, got {len(records)}")
    proba, docs = out_of_fold_proba(records, folds=folds, seed=seed, log=log)
    given = [r.label.value for r in records]
    flagged = find_issues(given, proba)
    issues = []
    for rank, i in enumerate(flagged, 1):
        row = proba[i]
        g = LABEL_NAMES.index(given[i])
        others = np.delete(row, g)
        record = records[i]
        issues.append(
            {
                "rank": rank,
                "id": record.id,
                "text": record.text,
                "domain": record.domain,
                "given_label": given[i],
                "suggested_label": LABEL_NAMES[int(row.argmax())],
                "self_confidence": round(float(row[g]), 4),
                "margin": round(float(row[g] - others.max()), 4),
                "probabilities": {
                    lab: round(float(p), 4) for lab, p in zip(LABEL_NAMES, row, strict=True)
                },
                "cues": [
                    {"family": fam, "text": record.text[s:e]} for fam, s, e in docs[i].cue_spans()
                ],
            }
        )
    return AuditResult(issues, proba, len(records), folds, flagged)


def write_review(issues: Sequence[dict[str, Any]], out: str | Path) -> Path:
    """The review file: one JSON object per flagged item, most suspicious first."""
    return write_jsonl(issues, out)


def detection_scores(flagged: Sequence[int], corrupted: Sequence[int]) -> dict[str, float]:
    """Precision and recall of flagged indices against the ones known to be corrupted."""
    hit = len(set(flagged) & set(corrupted))
    return {
        "flagged": len(flagged),
        "corrupted": len(corrupted),
        "found": hit,
        "precision": hit / len(flagged) if flagged else 0.0,
        "recall": hit / len(corrupted) if corrupted else 0.0,
    }


def corrupt_labels(
    records: Sequence[CorpusRecord], share: float, seed: int = 0
) -> tuple[list[CorpusRecord], list[int]]:
    """A copy with `share` of the comment labels flipped to another label (seeded).

    Sentence labels of a flipped comment are dropped, as a wrong comment label would come
    without matching sentence labels; returns the records and the flipped indices.
    """
    from dataclasses import replace

    rng = np.random.default_rng(seed)
    count = max(1, round(share * len(records)))
    chosen = sorted(int(i) for i in rng.choice(len(records), size=count, replace=False))
    out = list(records)
    for i in chosen:
        choices = [lab for lab in LABELS if lab is not out[i].label]
        out[i] = replace(out[i], label=choices[int(rng.integers(len(choices)))], sentences=())
    return out, chosen


def corruption_check(
    records: Sequence[CorpusRecord],
    *,
    share: float = 0.05,
    folds: int = 5,
    seed: int = 0,
    log: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """How well the audit finds labels we flipped on purpose: precision and recall."""
    corrupted, flipped = corrupt_labels(records, share, seed)
    result = audit_records(corrupted, folds=folds, seed=seed, log=log)
    scores = detection_scores(result.flagged_indices, flipped)
    top = result.flagged_indices[: len(flipped)]
    scores["precision_at_n_corrupted"] = len(set(top) & set(flipped)) / len(flipped)
    return {"n": len(records), "share": share, "folds": folds, "seed": seed, **scores}
