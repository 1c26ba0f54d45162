"""Bootstrap intervals: point estimates equal scikit-learn's, intervals behave like intervals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import f1_score, precision_recall_fscore_support

from claimcheck.exceptions import InputError
from claimcheck.research.bootstrap import bootstrap_scores

LABELS = ["evidence_citation", "opinion", "spam", "testimonial"]


def noisy(n: int, accuracy: float, seed: int) -> tuple[list[str], list[str]]:
    """Gold labels and predictions that are right with probability `accuracy`."""
    rng = np.random.default_rng(seed)
    gold = list(rng.choice(LABELS, n))
    predicted = [g if rng.random() < accuracy else str(rng.choice(LABELS)) for g in gold]
    return gold, predicted


label_lists = st.lists(st.sampled_from(LABELS), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_point_estimates_equal_sklearn(data: st.DataObject) -> None:
    gold = data.draw(label_lists)
    predicted = data.draw(st.lists(st.sampled_from(LABELS), min_size=len(gold), max_size=len(gold)))
    result = bootstrap_scores(gold, predicted, LABELS, n_resamples=5)
    precision, recall, f1, _ = precision_recall_fscore_support(
        gold, predicted, labels=LABELS, zero_division=0
    )
    for i, lab in enumerate(LABELS):
        assert result.precision[lab].estimate == pytest.approx(precision[i])
        assert result.recall[lab].estimate == pytest.approx(recall[i])
        assert result.f1[lab].estimate == pytest.approx(f1[i])
    macro = f1_score(gold, predicted, labels=LABELS, average="macro", zero_division=0)
    assert result.macro_f1.estimate == pytest.approx(macro)


def test_labels_outside_the_scored_set_count_as_errors_like_sklearn() -> None:
    gold = ["spam", "opinion", "testimonial", "spam", "opinion"]
    predicted = ["spam", "spam", "opinion", "testimonial", "opinion"]
    scored = ["spam", "opinion"]
    result = bootstrap_scores(gold, predicted, scored, n_resamples=5)
    expected = f1_score(gold, predicted, labels=scored, average="macro", zero_division=0)
    assert result.macro_f1.estimate == pytest.approx(expected)


def test_intervals_contain_the_estimate_and_narrow_with_more_data() -> None:
    small = bootstrap_scores(*noisy(80, 0.75, seed=1), LABELS, n_resamples=400, seed=0)
    large = bootstrap_scores(*noisy(3000, 0.75, seed=1), LABELS, n_resamples=400, seed=0)
    for result in (small, large):
        for table in (result.precision, result.recall, result.f1):
            for interval in table.values():
                assert interval.low <= interval.estimate <= interval.high
        assert result.macro_f1.low <= result.macro_f1.estimate <= result.macro_f1.high
    width = lambda i: i.high - i.low  # noqa: E731
    assert width(large.macro_f1) < width(small.macro_f1) / 3
    assert all(width(large.f1[lab]) < width(small.f1[lab]) for lab in LABELS)


def test_same_seed_same_interval_other_seed_other_interval() -> None:
    gold, predicted = noisy(300, 0.7, seed=2)
    a = bootstrap_scores(gold, predicted, LABELS, n_resamples=200, seed=3)
    b = bootstrap_scores(gold, predicted, LABELS, n_resamples=200, seed=3)
    c = bootstrap_scores(gold, predicted, LABELS, n_resamples=200, seed=4)
    assert a == b
    assert a.macro_f1 != c.macro_f1


def test_perfect_predictions_have_a_degenerate_interval() -> None:
    gold = LABELS * 10
    result = bootstrap_scores(gold, gold, LABELS, n_resamples=100)
    assert result.macro_f1.as_list() == [1.0, 1.0]


def test_resample_count_not_a_multiple_of_the_block() -> None:
    gold, predicted = noisy(50, 0.7, seed=5)
    result = bootstrap_scores(gold, predicted, LABELS, n_resamples=137)
    assert result.n_resamples == 137
    assert result.macro_f1.low <= result.macro_f1.high


@pytest.mark.parametrize(
    ("gold", "predicted", "resamples", "message"),
    [
        ([], [], 10, "no items"),
        (["spam"], [], 10, "1 gold labels but 0 predictions"),
        (["spam"], ["spam"], 0, "at least 1"),
    ],
)
def test_bad_input_is_a_typed_error(
    gold: list[str], predicted: list[str], resamples: int, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        bootstrap_scores(gold, predicted, LABELS, n_resamples=resamples)


def test_cell_tallies_match_an_explicit_item_resampling() -> None:
    """Drawing confusion-cell tallies is the item bootstrap: compare with resampling items."""
    gold, predicted = noisy(300, 0.7, seed=8)
    fast = bootstrap_scores(gold, predicted, LABELS, n_resamples=4000, seed=0)
    rng = np.random.default_rng(1)
    g = np.asarray([LABELS.index(x) for x in gold])
    p = np.asarray([LABELS.index(x) for x in predicted])
    macro = []
    for _ in range(4000):
        idx = rng.integers(0, len(g), len(g))
        confusion = np.bincount(g[idx] * 4 + p[idx], minlength=16).reshape(4, 4)
        tp = np.diag(confusion)
        # every label occurs in gold and predictions here, so no denominator is zero
        macro.append(np.mean(2 * tp / (confusion.sum(axis=0) + confusion.sum(axis=1))))
    low, high = np.percentile(macro, [2.5, 97.5])
    assert fast.macro_f1.low == pytest.approx(low, abs=0.015)
    assert fast.macro_f1.high == pytest.approx(high, abs=0.015)
