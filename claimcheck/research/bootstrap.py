"""Percentile bootstrap confidence intervals for per-label and macro scores.

Items are resampled with replacement; each resample's scores come from its confusion
matrix, computed the way scikit-learn does with `zero_division=0` (a score whose
denominator is zero is 0), so the point estimates match `precision_recall_fscore_support`
and `f1_score(average="macro")` exactly. A resample is drawn as its confusion-cell tallies
(see `bootstrap_scores`), so the cost does not grow with the number of items.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from claimcheck.exceptions import InputError

#: Two-sided coverage of every interval.
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Interval:
    """A point estimate and its percentile interval."""

    estimate: float
    low: float
    high: float

    def as_list(self) -> list[float]:
        return [self.low, self.high]


@dataclass(frozen=True)
class BootstrapScores:
    """Per-label precision/recall/F1 and macro-F1, each with an interval."""

    labels: tuple[str, ...]
    precision: dict[str, Interval]
    recall: dict[str, Interval]
    f1: dict[str, Interval]
    macro_f1: Interval
    n_resamples: int
    seed: int


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    out = np.zeros_like(numerator, dtype=float)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _scores(confusion: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall, F1 per label from confusion matrices (rows: gold)."""
    tp = np.diagonal(confusion, axis1=1, axis2=2)
    predicted = confusion.sum(axis=1)
    actual = confusion.sum(axis=2)
    precision = _ratio(tp, predicted)
    recall = _ratio(tp, actual)
    f1 = _ratio(2 * tp, predicted + actual)
    return precision, recall, f1


def _interval(estimate: float, samples: np.ndarray) -> Interval:
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(samples, [tail, 100 - tail])
    return Interval(float(estimate), float(low), float(high))


def bootstrap_scores(
    gold: Sequence[str],
    predicted: Sequence[str],
    labels: Sequence[str],
    *,
    n_resamples: int = 1000,
    seed: int = 0,
) -> BootstrapScores:
    """Point scores over `labels` and their 95% percentile intervals from item resamples."""
    if len(gold) != len(predicted):
        raise InputError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    if not gold:
        raise InputError("no items to score")
    if n_resamples < 1:
        raise InputError(f"the number of bootstrap resamples must be at least 1, not {n_resamples}")
    names = list(labels)
    index = {name: i for i, name in enumerate(names)}
    other = len(names)  # labels outside `labels` count as errors, never as a class
    g = np.asarray([index.get(x, other) for x in gold])
    p = np.asarray([index.get(x, other) for x in predicted])
    k = other + 1
    observed = np.bincount(g * k + p, minlength=k * k).astype(float)
    point = _scores(observed.reshape(1, k, k))
    # Drawing n items with replacement and tallying their confusion cells is the same as
    # drawing the n tallies from a multinomial over the k*k cells with the observed shares:
    # O(k^2) per resample instead of O(n), the same distribution.
    rng = np.random.default_rng(seed)
    tallies = rng.multinomial(len(g), observed / len(g), size=n_resamples).astype(float)
    boot = _scores(tallies.reshape(n_resamples, k, k))
    tables = []
    for which in range(3):
        tables.append(
            {name: _interval(point[which][0, i], boot[which][:, i]) for i, name in enumerate(names)}
        )
    macro_point = float(point[2][0, : len(names)].mean())
    macro_boot = boot[2][:, : len(names)].mean(axis=1)
    return BootstrapScores(
        labels=tuple(names),
        precision=tables[0],
        recall=tables[1],
        f1=tables[2],
        macro_f1=_interval(macro_point, macro_boot),
        n_resamples=n_resamples,
        seed=seed,
    )
