"""The label audit: flipped labels must be found; the review file must be usable."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from claimcheck.corpus import CorpusRecord, load_comments
from claimcheck.exceptions import InputError
from claimcheck.research.audit import (
    audit_records,
    corrupt_labels,
    corruption_check,
    detection_scores,
    find_issues,
    write_review,
)
from claimcheck.types import LABELS

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def sample(per_label: int, seed: int = 0) -> list[CorpusRecord]:
    records = load_comments(CORPUS)
    rng = random.Random(seed)
    out: list[CorpusRecord] = []
    for label in LABELS:
        pool = sorted((r for r in records if r.label is label), key=lambda r: r.id)
        out += rng.sample(pool, per_label)
    return out


def test_corrupt_labels_flips_the_share_it_says() -> None:
    records = sample(25)
    corrupted, flipped = corrupt_labels(records, 0.05, seed=3)
    assert len(flipped) == 5
    changed = [
        i for i, (a, b) in enumerate(zip(records, corrupted, strict=True)) if a.label != b.label
    ]
    assert changed == flipped
    assert all(corrupted[i].sentences == () for i in flipped)
    assert corrupt_labels(records, 0.05, seed=3)[1] == flipped


def test_detection_scores() -> None:
    assert detection_scores([1, 2, 3, 4], [2, 4, 9]) == {
        "flagged": 4,
        "corrupted": 3,
        "found": 2,
        "precision": 0.5,
        "recall": pytest.approx(2 / 3),
    }


def test_find_issues_ranks_the_confident_contradiction_first() -> None:
    given = ["opinion"] * 6 + ["spam"] * 6
    order = ["evidence_citation", "opinion", "spam", "testimonial"]
    proba = np.array([[0.02, 0.9, 0.06, 0.02]] * 12)
    proba[6:] = [0.02, 0.06, 0.9, 0.02]
    proba[0] = [0.02, 0.03, 0.93, 0.02]  # labelled opinion, looks like spam
    proba[7] = [0.02, 0.85, 0.11, 0.02]  # labelled spam, confidently opinion
    proba[8] = [0.02, 0.6, 0.36, 0.02]  # labelled spam, leans opinion: below opinion's threshold
    assert order.index("spam") == 2
    assert find_issues(given, proba) == [0, 7]


def test_too_little_data_is_an_input_error() -> None:
    with pytest.raises(InputError, match="at least 10 comments"):
        audit_records(sample(1), folds=5)
    with pytest.raises(InputError, match="rarest has 3"):
        audit_records(sample(3), folds=5)
    with pytest.raises(InputError, match="at least 2"):
        audit_records(sample(3), folds=1)


@pytest.mark.slow
def test_most_flipped_labels_are_found(tmp_path: Path) -> None:
    """5% of 300 labels flipped on purpose (seeded): the audit must find most of them."""
    result = corruption_check(sample(75), share=0.05, folds=5, seed=0)
    assert result["corrupted"] == 15
    assert result["recall"] >= 0.6, result
    assert result["precision_at_n_corrupted"] >= 0.4, result


@pytest.mark.slow
def test_review_file_rows(tmp_path: Path) -> None:
    records, _ = corrupt_labels(sample(30), 0.1, seed=1)
    result = audit_records(records, folds=3)
    path = write_review(result.issues, tmp_path / "review.jsonl")
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert rows and [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    confidences = [r["self_confidence"] for r in rows]
    assert confidences == sorted(confidences)
    for row in rows:
        assert {"id", "text", "given_label", "suggested_label", "margin", "cues"} <= row.keys()
        assert row["probabilities"][row["given_label"]] == row["self_confidence"]
        assert row["margin"] <= 0 or row["suggested_label"] == row["given_label"]
