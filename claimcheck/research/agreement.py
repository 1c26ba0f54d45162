"""Agreement between annotators: Cohen's kappa, Krippendorff's alpha, per-label confusion.

- Two annotators: Cohen's kappa (scikit-learn) on the items both labelled.
- More than two: Krippendorff's alpha, nominal (the `krippendorff` package), which uses every
  item with at least two labels and tolerates missing values; kappa is still given per pair.
- Per label: specific agreement, 2·(both chose it) / (times either chose it), pooled over pairs,
  and the pooled confusion between annotators (rows: first annotator of each pair).
Items labelled by a single annotator say nothing about agreement: they are counted and listed,
never used.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from claimcheck.exceptions import InputError
from claimcheck.io.labelling import Annotation
from claimcheck.types import LABEL_NAMES


def votes_by_item(annotations: Sequence[Annotation]) -> dict[str, dict[str, str]]:
    """item id -> {annotator: label}; an annotator's later annotation of an item wins."""
    votes: dict[str, dict[str, str]] = {}
    for a in annotations:
        votes.setdefault(a.item_id, {})[a.annotator] = a.label.value
    return votes


def krippendorff_nominal(matrix: np.ndarray, n_values: int = len(LABEL_NAMES)) -> float:
    """Nominal alpha of an annotators x items matrix of codes 0..n_values-1 (NaN = missing)."""
    import krippendorff

    return float(
        krippendorff.alpha(
            reliability_data=matrix,
            level_of_measurement="nominal",
            value_domain=list(range(n_values)),
        )
    )


def _kappa(a: list[str], b: list[str]) -> float | None:
    from sklearn.metrics import cohen_kappa_score

    if len(set(a) | set(b)) < 2:
        return None  # one label used by both: kappa is undefined (0/0)
    return float(cohen_kappa_score(a, b, labels=LABEL_NAMES))


def agreement(annotations: Sequence[Annotation]) -> dict[str, Any]:
    """Agreement statistics over every item labelled by two or more annotators."""
    votes = votes_by_item(annotations)
    annotators = sorted({a.annotator for a in annotations})
    multi = {item: v for item, v in votes.items() if len(v) >= 2}
    single = sorted(item for item, v in votes.items() if len(v) < 2)
    if len(annotators) < 2:
        raise InputError(
            f"agreement needs at least two annotators; found {len(annotators)} "
            f"({', '.join(annotators) or 'none'})"
        )
    if not multi:
        raise InputError(
            "no item was labelled by two or more annotators; agreement needs overlapping items"
        )
    index = {lab: i for i, lab in enumerate(LABEL_NAMES)}
    pooled = np.zeros((len(LABEL_NAMES), len(LABEL_NAMES)), dtype=int)
    pairs = []
    for first, second in itertools.combinations(annotators, 2):
        shared = [v for v in multi.values() if first in v and second in v]
        if not shared:
            continue
        a = [v[first] for v in shared]
        b = [v[second] for v in shared]
        confusion = np.zeros_like(pooled)
        for x, y in zip(a, b, strict=True):
            confusion[index[x], index[y]] += 1
        pooled += confusion
        pairs.append(
            {
                "annotators": [first, second],
                "n": len(shared),
                "observed_agreement": float(np.mean([x == y for x, y in zip(a, b, strict=True)])),
                "cohen_kappa": _kappa(a, b),
                "confusion": confusion.tolist(),
            }
        )
    items = sorted(multi)
    matrix = np.full((len(annotators), len(items)), np.nan)
    for j, item in enumerate(items):
        for i, person in enumerate(annotators):
            if person in multi[item]:
                matrix[i, j] = index[multi[item][person]]
    symmetric = pooled + pooled.T
    per_label = {}
    for k, lab in enumerate(LABEL_NAMES):
        used = int(symmetric[k].sum())
        per_label[lab] = {
            "specific_agreement": float(2 * pooled[k, k] / used) if used else None,
            "times_chosen": used,
        }
    result: dict[str, Any] = {
        "annotators": annotators,
        "n_items": len(votes),
        "n_items_compared": len(multi),
        "single_annotator_items": {"n": len(single), "ids": single},
        "krippendorff_alpha_nominal": krippendorff_nominal(matrix)
        if len(set(matrix[~np.isnan(matrix)])) > 1
        else None,
        "pairs": pairs,
        "per_label": per_label,
        "confusion": {"labels": list(LABEL_NAMES), "matrix": pooled.tolist()},
    }
    result["cohen_kappa"] = pairs[0]["cohen_kappa"] if len(annotators) == 2 and pairs else None
    result["headline"] = (
        {"measure": "cohen_kappa", "value": result["cohen_kappa"]}
        if len(annotators) == 2
        else {
            "measure": "krippendorff_alpha_nominal",
            "value": result["krippendorff_alpha_nominal"],
        }
    )
    return result
