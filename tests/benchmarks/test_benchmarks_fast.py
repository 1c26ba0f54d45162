"""A fast run of the benchmark code (contenders, metrics, report) so it cannot rot.

Tiny corpus sample, no external dev set, no torch needed: numbers here mean nothing; what
is checked is that every piece runs and returns the shapes the report expects.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from benchmarks import compare, report
from benchmarks.contenders import (
    CONTENDERS,
    LOADERS,
    KeywordContender,
    keyword_label,
    minilm_available,
)
from benchmarks.cost import distinct_texts
from claimcheck.corpus import CorpusRecord, load_comments
from claimcheck.types import LABEL_NAMES

REPO = Path(__file__).resolve().parents[2]
PER_LABEL = 15


@pytest.fixture(scope="module")
def sample() -> tuple[list[CorpusRecord], list[CorpusRecord]]:
    """15 training and 5 test comments per label, drawn with a fixed seed."""
    records = load_comments(REPO / "corpus")
    random.Random(0).shuffle(records)
    train: list[CorpusRecord] = []
    test: list[CorpusRecord] = []
    for label in LABEL_NAMES:
        chosen = [r for r in records if r.label.value == label]
        train += chosen[:PER_LABEL]
        test += chosen[PER_LABEL : PER_LABEL + 5]
    return train, test


def contender_names() -> list[str]:
    return [n for n in CONTENDERS if n != "minilm_lr" or minilm_available()]


@pytest.mark.parametrize("name", contender_names())
def test_contender_fit_predict_save_load(
    name: str, sample: tuple[list[CorpusRecord], list[CorpusRecord]], tmp_path: Path
) -> None:
    train, test = sample
    contender = CONTENDERS[name]()
    if hasattr(contender, "epochs_to_run"):
        contender.epochs_to_run = 1
    contender.fit([r.text for r in train], [r.label.value for r in train])
    texts = [r.text for r in test]
    proba = contender.predict_proba(texts)
    assert proba.shape == (len(texts), len(LABEL_NAMES))
    assert np.allclose(proba.sum(axis=1), 1.0, atol=1e-4)
    # the speed benchmark loads every contender from disk in a fresh process
    saved = contender.save(tmp_path / name)
    again = LOADERS[name](saved).predict_proba(texts)
    assert np.allclose(again, proba, atol=1e-5)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Check out my channel and subscribe! www.example.com", "spam"),
        ("Call 555-123-4567 for a free consultation", "spam"),
        ("Petrov et al. found restenosis in half of the patients (2011).", "evidence_citation"),
        ("According to the Lancet review the effect was small.", "evidence_citation"),
        ("I had the procedure in 2010 and my legs stopped tingling.", "testimonial"),
        ("My wife tried it last spring and felt nothing.", "testimonial"),
        ("This whole debate is overblown, in my view.", "opinion"),
    ],
)
def test_keyword_rules(text: str, label: str) -> None:
    assert keyword_label(text) == label
    proba = KeywordContender().predict_proba([text])[0]
    assert LABEL_NAMES[int(proba.argmax())] == label
    assert proba.max() == pytest.approx(0.85)
    assert proba.sum() == pytest.approx(1.0)


def test_a_cell_scores_as_sklearn_and_its_interval_brackets_the_point() -> None:
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(0)
    gold = rng.integers(0, 4, 300)
    pred = np.where(rng.random(300) < 0.7, gold, rng.integers(0, 4, 300))
    proba = np.eye(4)[pred] * 0.7 + 0.075
    names = [LABEL_NAMES[i] for i in gold]
    got = compare.cell(proba, names, full_labels=True)
    expected = f1_score(gold, pred, average="macro")
    assert got["macro_f1"] == pytest.approx(expected)
    low, high = got["ci95"]
    assert low <= got["macro_f1"] <= high < 1.0
    per_label = f1_score(gold, pred, average=None)
    assert got["per_label_f1"] == pytest.approx(dict(zip(LABEL_NAMES, per_label, strict=True)))
    assert compare.cell(proba, names, full_labels=True)["ci95"] == [low, high]  # fixed seed


def test_distinct_texts_are_distinct_and_reproducible(
    sample: tuple[list[CorpusRecord], list[CorpusRecord]],
) -> None:
    texts = distinct_texts(200, records=sample[0])
    assert len(set(texts)) == 200
    assert texts == distinct_texts(200, records=sample[0])


def _cell(value: float) -> dict[str, Any]:
    return {
        "n": 100,
        "macro_f1": value,
        "ci95": [value - 0.02, value + 0.02],
        "per_label_f1": dict.fromkeys(LABEL_NAMES, value),
        "ece": 0.05,
    }


def synthetic_results() -> dict[str, dict[str, Any]]:
    env = {
        "date": "2026-01-01T00:00:00+00:00",
        "python": "3.11",
        "machine": "x86_64, 2 cores",
        "spacy": "3.8",
        "scikit-learn": "1.9",
    }
    contenders = {
        name: {
            "label": report.LABELS_BY_NAME[name],
            "cv": _cell(0.8),
            "dev": {"all": _cell(0.7), "strong": _cell(0.72), "cdcp": _cell(0.6)},
        }
        for name in ("claimcheck", "tfidf_lr", "keyword_rules")
    }
    comp = {
        "environment": env,
        "n_comments": 60,
        "n_dev": 100,
        "n_splits": 5,
        "n_boot": 1000,
        "contenders": contenders,
        "skipped": {"minilm_lr": "not installed"},
        "verdict": compare.verdict(contenders),
    }
    speed_row = {
        "load_s": 1.0,
        "texts_per_s_1": 1000.0,
        "texts_per_s_2": 1800.0,
        "p50_ms": 1.0,
        "p99_ms": 3.0,
        "peak_rss_mb": 300.0,
        "size_mb": 2.0,
        "n_texts": 100,
    }
    points = [
        {
            "n": n,
            "seconds": n / 700,
            "texts_per_s": 700.0,
            "rss_before_mb": 500.0,
            "peak_rss_mb": 500 + n / 1000,
            "predict_memory_mb": n / 1000,
        }
        for n in (1000, 10000)
    ]
    cost = {
        "environment": env,
        "n_texts": 100,
        "n_texts_slow": {},
        "n_latency": 10,
        "mean_chars": 150.0,
        "speed": {
            "claimcheck": {
                **speed_row,
                "texts_per_s_1_ratio_vs_tfidf": 0.2,
                "texts_per_s_2_ratio_vs_tfidf": 0.3,
            },
            "tfidf_lr": speed_row,
        },
        "skipped": ["minilm_lr"],
        "curve": {
            "points": points,
            "extrapolated_1m": {
                "n": 1_000_000,
                "seconds": 1428.0,
                "predict_memory_mb": 100.0,
                "from": 10000,
            },
        },
    }
    prof = {
        "environment": env,
        "n_texts": 100,
        "seconds": 1.0,
        "steps_inclusive": {"tfidf_transform": {"seconds": 0.3, "share": 0.3}},
        "top_self_time": [{"function": "f (x.py:1)", "seconds": 0.2, "share": 0.2}],
    }
    return {"compare": comp, "cost": cost, "profile": prof}


def test_report_renders_synthetic_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = tmp_path / "results"
    results.mkdir()
    for name, payload in synthetic_results().items():
        (results / f"{name}.json").write_text(json.dumps(payload))
    monkeypatch.setattr(report, "RESULTS", results)
    monkeypatch.setattr(report, "DOCS", tmp_path)
    monkeypatch.setattr(report.plots, "RESULTS", results)
    text = report.render().read_text()
    assert "## Accuracy against the alternatives" in text
    assert "| TF-IDF + LR | 0.800 [0.780, 0.820]" in text
    assert "## Speed and cost" in text
    assert "0.20x" in text
    assert "1,000,000 (extrapolated" in text  # not run: from the slope
    assert "## Where claimcheck spends its time" in text
    assert "Not run: minilm_lr" in text


def test_batch_generator_streams_varied_reproducible_records(tmp_path: Path) -> None:
    """The batch benchmark's input: valid records, threads of 25, a rich vocabulary, same
    file for the same seed (a 12-word vocabulary once made its worker ratio meaningless)."""
    from benchmarks.batch import THREAD_SIZE, generate

    first = generate(tmp_path / "a.jsonl", 300).read_text(encoding="utf-8")
    assert generate(tmp_path / "b.jsonl", 300).read_text(encoding="utf-8") == first
    rows = [json.loads(line) for line in first.splitlines()]
    assert [r["id"] for r in rows] == [f"g{i}" for i in range(300)]
    assert {r["thread_id"] for r in rows} == {f"t{i}" for i in range(300 // THREAD_SIZE)}
    assert len({r["text"] for r in rows}) >= 295
    vocabulary = {word.lower() for r in rows for word in r["text"].split()}
    assert len(vocabulary) > 1500
