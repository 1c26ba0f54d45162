"""Choosing what to label next: the strategies, the pool reader and the writers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from claimcheck.exceptions import InputError
from claimcheck.research.active import (
    entropy,
    margin,
    read_pool,
    select,
    suggest,
    write_suggestions,
)


def test_entropy_is_highest_for_uniform_and_zero_for_certain() -> None:
    proba = np.array([[0.25] * 4, [1.0, 0, 0, 0], [0.7, 0.1, 0.1, 0.1]])
    h = entropy(proba)
    assert h[0] == pytest.approx(np.log(4))
    assert h[1] == pytest.approx(0.0, abs=1e-9)
    assert h[1] < h[2] < h[0]


def test_margin_is_top_two_gap() -> None:
    proba = np.array([[0.5, 0.4, 0.05, 0.05], [0.9, 0.05, 0.03, 0.02]])
    assert margin(proba) == pytest.approx([0.1, 0.85])


def test_uncertainty_and_margin_can_disagree() -> None:
    # Row 0: two labels tie (small margin) but the rest is empty (lower entropy);
    # row 1: spread over all four (high entropy) with a clear leader.
    proba = np.array([[0.48, 0.48, 0.02, 0.02], [0.4, 0.2, 0.2, 0.2]])
    assert select(proba, 1, "uncertainty") == [1]
    assert select(proba, 1, "margin") == [0]


def test_random_is_reproducible_and_seed_dependent() -> None:
    proba = np.full((50, 4), 0.25)
    assert select(proba, 10, "random", seed=3) == select(proba, 10, "random", seed=3)
    assert select(proba, 10, "random", seed=3) != select(proba, 10, "random", seed=4)


def test_bad_arguments_raise_input_errors() -> None:
    proba = np.full((5, 4), 0.25)
    with pytest.raises(InputError, match="at least 1"):
        select(proba, 0, "uncertainty")
    with pytest.raises(InputError, match="unknown strategy"):
        select(proba, 2, "loudest")
    with pytest.raises(InputError, match="texts"):
        select(proba, 2, "diverse")


def test_diverse_avoids_near_twins() -> None:
    """Ten near-twins are the most uncertain: uncertainty takes only them, diverse one or two."""
    twins = [
        f"Visit my channel number {i} for the best cheap supplement deals!!" for i in range(10)
    ]
    others = [
        "My knee stopped clicking after six weeks of physio.",
        "Petrov et al. 2011 found restenosis in half the patients.",
        "This thread is going in circles, honestly.",
        "We tried the sleep training at ten months and it worked.",
        "The Cochrane review found no benefit over placebo.",
        "Nobody should stop their meds because of a forum post.",
        "The landlord kept our deposit over one small stain.",
        "Heat pumps need insulation first, gadgets second.",
        "I flew to Lisbon and my bag went to Frankfurt.",
        "Salting aubergines is a myth with modern varieties.",
    ]
    texts = twins + others
    proba = np.vstack(
        [np.tile([0.26, 0.25, 0.25, 0.24], (10, 1)), np.tile([0.4, 0.3, 0.2, 0.1], (10, 1))]
    )
    plain = select(proba, 5, "uncertainty", texts=texts)
    diverse = select(proba, 5, "diverse", texts=texts)
    assert set(plain) <= set(range(10))
    assert len(diverse) == 5 == len(set(diverse))
    assert sum(i < 10 for i in diverse) <= 2


@settings(max_examples=60, deadline=None)
@given(
    proba=arrays(
        np.float64, st.tuples(st.integers(1, 40), st.just(4)), elements=st.floats(0.001, 1.0)
    ),
    n=st.integers(1, 50),
    strategy=st.sampled_from(["uncertainty", "margin", "random", "diverse"]),
)
def test_select_returns_distinct_valid_rows(proba: np.ndarray, n: int, strategy: str) -> None:
    proba = proba / proba.sum(axis=1, keepdims=True)
    texts = [f"comment {i} about topic {i % 3}" for i in range(len(proba))]
    picked = select(proba, n, strategy, texts=texts)
    assert len(picked) == min(n, len(proba))
    assert len(set(picked)) == len(picked)
    assert all(0 <= i < len(proba) for i in picked)


def test_read_pool_reports_empty_repeated_and_bad_records(tmp_path: Path) -> None:
    path = tmp_path / "pool.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "First comment about vitamin D.", "domain": "supplements"}),
        json.dumps({"id": "b", "text": "   "}),
        json.dumps({"id": "c", "text": "First comment about vitamin D."}),
        "{not json",
        json.dumps({"id": "d", "body": "no text field"}),
        json.dumps({"id": "e", "text": "Second comment, quite different."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pool = read_pool([path])
    assert [item.id for item in pool.items] == ["a", "e"]
    assert pool.items[0].domain == "supplements"
    reasons = " | ".join(s.reason for s in pool.skipped)
    assert "empty text" in reasons and "repeated text" in reasons
    assert "not valid JSON" in reasons and "'text'" in reasons
    assert len(pool.skipped) == 4


def test_read_pool_reads_csv_too(tmp_path: Path) -> None:
    path = tmp_path / "pool.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "body"])
        writer.writerow(["x1", "Comment one, with a comma."])
        writer.writerow(["x2", "Comment two"])
    pool = read_pool([path], text_field="body")
    assert [i.text for i in pool.items] == ["Comment one, with a comma.", "Comment two"]


def test_suggest_ranks_by_uncertainty(tiny_model, pool_file: Path) -> None:
    pool = read_pool([pool_file])
    chosen = suggest(tiny_model, pool.items, 10, "uncertainty")
    assert [s.rank for s in chosen] == list(range(1, 11))
    scores = [s.score for s in chosen]
    assert scores == sorted(scores, reverse=True)
    everything = suggest(tiny_model, pool.items, len(pool.items), "uncertainty")
    assert min(scores) >= max(s.score for s in everything[10:])
    for s in chosen:
        assert s.prediction.label is not None
        assert sum(s.prediction.probabilities.values()) == pytest.approx(1.0)


def test_suggest_rejects_empty_pool_and_unknown_strategy(tiny_model, pool_file: Path) -> None:
    with pytest.raises(InputError, match="no usable"):
        suggest(tiny_model, [], 5)
    items = read_pool([pool_file]).items
    with pytest.raises(InputError, match="unknown strategy"):
        suggest(tiny_model, items, 5, "loudest")


def test_write_suggestions_by_extension(tiny_model, pool_file: Path, tmp_path: Path) -> None:
    chosen = suggest(tiny_model, read_pool([pool_file]).items, 4, "margin")
    written = write_suggestions(chosen, tmp_path / "tasks.json", model_version="v1")
    assert [p.name for p in written] == ["tasks.json", "tasks.config.xml"]
    [jsonl] = write_suggestions(chosen, tmp_path / "s.jsonl", model_version="v1")
    rows = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert [r["id"] for r in rows] == [s.item.id for s in chosen]
    assert rows[0]["model_version"] == "v1" and rows[0]["strategy"] == "margin"
    [sheet] = write_suggestions(chosen, tmp_path / "s.csv", model_version="v1")
    assert sheet.read_text(encoding="utf-8-sig").startswith("id,text,")
    with pytest.raises(InputError, match="cannot tell the format"):
        write_suggestions(chosen, tmp_path / "s.txt", model_version="v1")
    [forced] = write_suggestions(chosen, tmp_path / "s.txt", model_version="v1", fmt="jsonl")
    assert forced.read_text() == jsonl.read_text()
