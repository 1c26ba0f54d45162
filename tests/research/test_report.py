"""The evaluation report: numbers equal scikit-learn's, honest intervals, a safe page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from claimcheck.exceptions import InputError
from claimcheck.research.labelled import LabelledData
from claimcheck.research.report import (
    MIN_GROUP_CI,
    build_metrics,
    render_report,
    write_report,
)
from claimcheck.types import LABEL_NAMES, CueSpan, Label, Prediction


def prediction(label: str | None, confidence: float, cues: tuple[CueSpan, ...] = ()) -> Prediction:
    """A Prediction putting `confidence` on `label` and the rest evenly on the others."""
    if label is None:
        return Prediction(None, {lab: 0.25 for lab in LABEL_NAMES}, frozenset({"empty"}))
    rest = (1 - confidence) / 3
    probabilities = {lab: confidence if lab == label else rest for lab in LABEL_NAMES}
    return Prediction(Label(label), probabilities, cues=cues)


def synthetic(n: int, accuracy: float, seed: int = 0) -> tuple[LabelledData, list[Prediction]]:
    rng = np.random.default_rng(seed)
    data = LabelledData(path="synthetic.jsonl")
    predictions = []
    for i in range(n):
        gold = str(rng.choice(LABEL_NAMES))
        label = gold if rng.random() < accuracy else str(rng.choice(LABEL_NAMES))
        data.ids.append(f"s{i}")
        data.texts.append(f"comment number {i}")
        data.gold.append(gold)
        predictions.append(prediction(label, float(rng.uniform(0.3, 0.99))))
    data.groups["source"] = ["big" if i % 4 else "small" for i in range(n)]
    data.groups["source"][:3] = ["tiny"] * 3
    return data, predictions


def test_numbers_equal_sklearn_on_the_same_predictions() -> None:
    data, predictions = synthetic(400, 0.7)
    metrics = build_metrics(data, predictions, n_resamples=200)
    predicted = [p.label.value for p in predictions if p.label]
    precision, recall, f1, support = precision_recall_fscore_support(
        data.gold, predicted, labels=LABEL_NAMES, zero_division=0
    )
    for i, lab in enumerate(LABEL_NAMES):
        row = metrics["per_label"][lab]
        assert row["precision"] == pytest.approx(precision[i])
        assert row["recall"] == pytest.approx(recall[i])
        assert row["f1"] == pytest.approx(f1[i])
        assert row["support"] == support[i]
    assert metrics["macro_f1"] == pytest.approx(
        f1_score(data.gold, predicted, labels=LABEL_NAMES, average="macro")
    )
    assert (
        metrics["confusion"]["matrix"]
        == confusion_matrix(data.gold, predicted, labels=LABEL_NAMES).tolist()
    )
    assert metrics["accuracy"] == pytest.approx(np.mean(np.array(data.gold) == predicted))
    group = np.array(data.groups["source"]) == "big"
    big = metrics["by_source"]["big"]
    assert big["n"] == group.sum()
    assert big["macro_f1"] == pytest.approx(
        f1_score(
            np.array(data.gold)[group],
            np.array(predicted)[group],
            labels=big["labels"],
            average="macro",
        )
    )
    assert sum(r["count"] for r in metrics["reliability"]) == 400
    json.dumps(metrics)  # JSON-ready


def test_intervals_contain_the_estimate_and_narrow_with_more_data() -> None:
    small = build_metrics(*synthetic(120, 0.7, seed=1), n_resamples=300)
    large = build_metrics(*synthetic(2400, 0.7, seed=1), n_resamples=300)
    for m in (small, large):
        low, high = m["macro_f1_ci"]
        assert low <= m["macro_f1"] <= high
        for row in m["per_label"].values():
            for key in ("precision", "recall", "f1"):
                assert row[f"{key}_ci"][0] <= row[key] <= row[f"{key}_ci"][1]
    width = lambda m: m["macro_f1_ci"][1] - m["macro_f1_ci"][0]  # noqa: E731
    assert width(large) < width(small) / 2


def test_small_groups_get_no_interval() -> None:
    metrics = build_metrics(*synthetic(200, 0.8), n_resamples=50)
    groups = metrics["by_source"]
    assert groups["tiny"]["n"] == 3 and groups["tiny"]["macro_f1_ci"] is None
    assert groups["big"]["n"] >= MIN_GROUP_CI and len(groups["big"]["macro_f1_ci"]) == 2
    assert metrics["bootstrap"]["resamples"] == 50


def test_same_seed_same_numbers() -> None:
    data, predictions = synthetic(150, 0.6)
    a = build_metrics(data, predictions, n_resamples=100, seed=7)
    b = build_metrics(data, predictions, n_resamples=100, seed=7)
    assert a == b


def test_errors_are_the_wrong_ones_most_confident_first() -> None:
    data, predictions = synthetic(300, 0.6)
    metrics = build_metrics(data, predictions, n_resamples=20, top_errors=10)
    errors = metrics["errors"]
    assert len(errors) == 10
    assert all(e["gold"] != e["predicted"] for e in errors)
    confidences = [e["confidence"] for e in errors]
    assert confidences == sorted(confidences, reverse=True)
    wrong = [p.confidence for p, g in zip(predictions, data.gold, strict=True) if p.label != g]
    assert confidences[0] == pytest.approx(max(wrong))
    assert {"id", "text", "source", "cues", "probabilities"} <= set(errors[0])


def test_empty_texts_are_counted_not_scored() -> None:
    data, predictions = synthetic(60, 0.8)
    predictions[0] = prediction(None, 0.0)
    predictions[1] = prediction(None, 0.0)
    metrics = build_metrics(data, predictions, n_resamples=20)
    assert metrics["n"] == 58 and metrics["skipped_empty"] == 2


def test_all_texts_empty_is_a_typed_error() -> None:
    data, _ = synthetic(3, 1.0)
    with pytest.raises(InputError, match="every text is empty"):
        build_metrics(data, [prediction(None, 0.0)] * 3)


def test_prediction_count_must_match() -> None:
    data, predictions = synthetic(5, 1.0)
    with pytest.raises(InputError, match="5 items but 4 predictions"):
        build_metrics(data, predictions[:4])


def test_page_escapes_user_text_and_highlights_cues() -> None:
    hostile = 'Petrov 2011 <script>alert("x")</script> <img src=x onerror=alert(1)>'
    data = LabelledData(
        path="<b>data</b>.jsonl",
        ids=["<i>id</i>", "ok"],
        texts=[hostile, "fine"],
        gold=["spam", "opinion"],
        groups={"source": ["<script>src</script>", "plain"]},
    )
    cue = CueSpan("citation", 0, 11, "Petrov 2011")
    predictions = [prediction("evidence_citation", 0.9, (cue,)), prediction("opinion", 0.9)]
    page = render_report(build_metrics(data, predictions, n_resamples=10), model_version="v<1>")
    assert "<script" not in page.lower()
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(" in page
    assert '<mark class="cue cue-citation" title="citation">Petrov 2011</mark>' in page
    assert "<i>id</i>" not in page and "<b>data</b>" not in page


def test_write_report_with_a_real_model(tiny_model, tmp_path: Path) -> None:
    rows = [
        ("I had the op in 2010 and walk my dog again.", "testimonial", "forum"),
        ("Smith et al., BMJ 2012 found no difference at one year.", "evidence_citation", "forum"),
        ("Cheap pills!!! <script>alert(1)</script> visit pills.example", "spam", "<script>s"),
        ("I think clinics like this should be regulated.", "opinion", "blog"),
        ("👍", "opinion", "blog"),
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": f"r{i}", "text": t, "label": lab, "source": src}) + "\n"
            for i, (t, lab, src) in enumerate(rows)
        ),
        encoding="utf-8",
    )
    result = write_report(tiny_model, path, tmp_path / "report", n_resamples=50, seed=1)
    page = result.html.read_text(encoding="utf-8")
    metrics = json.loads(result.metrics_path.read_text(encoding="utf-8"))
    assert metrics == json.loads(json.dumps(result.metrics))
    assert metrics["n"] == 4 and metrics["skipped_empty"] == 1
    assert metrics["model_version"] == tiny_model.version
    assert set(metrics["by_source"]) == {"forum", "<script>s", "blog"}
    assert "<script" not in page.lower()
    # self-contained: every image is embedded, nothing is fetched from elsewhere
    sources = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)


def test_out_must_be_a_directory(tiny_model, tmp_path: Path) -> None:
    path = tmp_path / "l.jsonl"
    path.write_text(json.dumps({"text": "Fine.", "label": "opinion"}) + "\n", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a directory"):
        write_report(tiny_model, path, blocker, n_resamples=5)
