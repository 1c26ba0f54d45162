"""Metrics: calibration error, per-label scores, confusion matrix, per-group macro-F1."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from claimcheck.evaluate import (
    MIN_LABEL_SUPPORT,
    evaluate_file,
    expected_calibration_error,
    group_macro_f1,
    reliability_table,
    scores,
)
from claimcheck.exceptions import InputError
from claimcheck.types import LABEL_NAMES


def one_hot(labels: list[str], confidence: float = 1.0) -> np.ndarray:
    """Probability rows putting `confidence` on each label and the rest spread evenly."""
    rest = (1.0 - confidence) / (len(LABEL_NAMES) - 1)
    out = np.full((len(labels), len(LABEL_NAMES)), rest)
    for i, lab in enumerate(labels):
        out[i, LABEL_NAMES.index(lab)] = confidence
    return out


GOLD = ["spam", "spam", "opinion", "testimonial", "evidence_citation", "opinion"]


def test_ece_of_perfect_one_hot_predictions_is_zero() -> None:
    assert expected_calibration_error(one_hot(GOLD), GOLD) == 0.0


def test_ece_of_confident_wrong_predictions_is_large() -> None:
    wrong = ["opinion", "opinion", "spam", "spam", "spam", "spam"]
    assert expected_calibration_error(one_hot(wrong), GOLD) == pytest.approx(1.0)


def test_ece_measures_the_gap_between_confidence_and_accuracy() -> None:
    # 70% confident everywhere, right half the time: ECE = |0.5 - 0.7| = 0.2
    predicted = ["spam", "opinion", "opinion", "testimonial", "spam", "spam"]
    assert expected_calibration_error(one_hot(predicted, 0.7), GOLD) == pytest.approx(0.2)


def test_ece_of_nothing_is_zero() -> None:
    assert expected_calibration_error(np.zeros((0, 4)), []) == 0.0


def test_reliability_table_bins() -> None:
    proba = np.vstack([one_hot(GOLD[:3], 0.95), one_hot(GOLD[3:], 0.55)])
    rows = reliability_table(proba, GOLD)
    assert [row["count"] for row in rows] == [3, 3]
    assert rows[0]["confidence"] == pytest.approx(0.55)
    assert rows[1]["accuracy"] == 1.0


def test_scores_per_label_support_and_confusion() -> None:
    predicted = ["spam", "opinion", "opinion", "testimonial", "opinion", "opinion"]
    result = scores(GOLD, one_hot(predicted))
    assert result["n"] == len(GOLD)
    support = {lab: row["support"] for lab, row in result["per_label"].items()}
    assert support == {"evidence_citation": 1, "opinion": 2, "spam": 2, "testimonial": 1}
    confusion = result["confusion"]
    assert confusion["labels"] == list(LABEL_NAMES)
    matrix = np.asarray(confusion["matrix"])
    index = {lab: i for i, lab in enumerate(LABEL_NAMES)}
    # rows are gold, columns predicted
    assert matrix[index["spam"], index["spam"]] == 1
    assert matrix[index["spam"], index["opinion"]] == 1
    assert matrix[index["evidence_citation"], index["opinion"]] == 1
    assert matrix[index["opinion"], index["opinion"]] == 2
    assert matrix.sum() == len(GOLD)
    assert result["per_label"]["testimonial"]["f1"] == 1.0
    assert result["per_label"]["evidence_citation"]["recall"] == 0.0
    assert result["per_label"]["spam"]["precision"] == 1.0
    assert result["per_label"]["spam"]["recall"] == 0.5
    f1s = [row["f1"] for row in result["per_label"].values()]
    assert result["macro_f1"] == pytest.approx(np.mean(f1s))


def test_scores_are_json_ready_and_carry_groups() -> None:
    groups = {"domain": ["a", "a", "b", "b", "b", "a"]}
    result = scores(GOLD, one_hot(GOLD), groups=groups)
    assert json.loads(json.dumps(result)) == result
    assert set(result["by_domain"]) == {"a", "b"}
    assert result["by_domain"]["a"]["n"] == 3


def test_group_macro_f1_skips_labels_under_min_support() -> None:
    n = MIN_LABEL_SUPPORT
    # group "big": 50 spam all right, 50 opinion all right, 10 testimonial all wrong
    gold = ["spam"] * n + ["opinion"] * n + ["testimonial"] * 10
    predicted = ["spam"] * n + ["opinion"] * n + ["opinion"] * 10
    groups = ["big"] * len(gold)
    result = group_macro_f1(gold, predicted, groups)["big"]
    assert result["labels"] == ["opinion", "spam"]
    assert result["n"] == len(gold)
    # testimonial (10 items) is left out; opinion's precision suffers from the 10 mistakes
    opinion_f1 = 2 * (50 / 60) * 1.0 / (50 / 60 + 1.0)
    assert result["macro_f1"] == pytest.approx((1.0 + opinion_f1) / 2)


def test_group_macro_f1_counts_support_per_group() -> None:
    n = MIN_LABEL_SUPPORT
    gold = ["spam"] * n + ["opinion"] * (n - 1) + ["spam"] * 3 + ["opinion"] * 3
    predicted = list(gold)
    groups = ["x"] * (2 * n - 1) + ["y"] * 6
    result = group_macro_f1(gold, predicted, groups)
    assert result["x"]["labels"] == ["spam"]  # 49 opinion items are too few in x
    # a small group with no label at the threshold is scored over the labels it has
    assert result["y"]["labels"] == ["opinion", "spam"]
    assert result["y"]["macro_f1"] == 1.0


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_evaluate_file_scores_a_classifier(tiny_model, tmp_path: Path) -> None:
    rows = [
        {"text": "I had it done in 2010 and my life is back", "label": "testimonial"},
        {
            "text": "Petrov et al. 2011 found no effect, PMID 21679068.",
            "label": "evidence_citation",
        },
        {"text": "check out my channel and subscribe", "label": "spam"},
        {"text": "I think this is overrated.", "label": "opinion"},
        {"text": "👍👍", "label": "opinion"},
    ]
    result = evaluate_file(tiny_model, _write(tmp_path / "gold.jsonl", rows))
    assert result["n"] == 4
    assert result["skipped"] == 1  # the emoji-only text gets no label
    assert 0.0 <= result["macro_f1"] <= 1.0
    assert sum(row["support"] for row in result["per_label"].values()) == 4


def test_evaluate_file_unknown_label_names_the_line(tiny_model, tmp_path: Path) -> None:
    rows = [{"text": "fine", "label": "opinion"}, {"text": "hmm", "label": "rumour"}]
    with pytest.raises(InputError) as info:
        evaluate_file(tiny_model, _write(tmp_path / "gold.jsonl", rows))
    assert ":2:" in str(info.value)
    assert "rumour" in str(info.value)


def test_evaluate_file_missing_text(tiny_model, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'text'"):
        evaluate_file(tiny_model, _write(tmp_path / "gold.jsonl", [{"label": "opinion"}]))


def test_evaluate_file_with_no_records(tiny_model, tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl").write_text("\n\n")
    with pytest.raises(InputError, match="no records"):
        evaluate_file(tiny_model, tmp_path / "empty.jsonl")


def test_evaluate_file_where_every_text_is_empty(tiny_model, tmp_path: Path) -> None:
    rows = [{"text": "👍", "label": "opinion"}, {"text": "  ", "label": "spam"}]
    with pytest.raises(InputError):
        evaluate_file(tiny_model, _write(tmp_path / "gold.jsonl", rows))
