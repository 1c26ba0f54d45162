"""The batch contract: JSONL in, JSONL out in input order, bad lines quarantined, run goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.batch import jsonl_runner
from claimcheck.batch.jsonl_runner import quarantine_path_for, run_jsonl_batch


def write(path: Path, lines: list[object]) -> Path:
    path.write_text(
        "".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines),
        encoding="utf-8",
    )
    return path


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_quarantine_path_for() -> None:
    assert quarantine_path_for("in.jsonl", "out/OUT.jsonl") == Path("out/OUT.quarantine.jsonl")
    assert quarantine_path_for("data/in.jsonl", None) == Path("data/in.quarantine.jsonl")
    assert quarantine_path_for("data/in.jsonl", "-") == Path("data/in.quarantine.jsonl")
    assert quarantine_path_for("-", None) == Path("stdin.quarantine.jsonl")


def test_run_keeps_order_across_chunks_and_quarantines(
    tiny_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl_runner, "CHUNK", 4)  # several flushes in a small file
    lines: list[object] = []
    for i in range(1, 15):
        if i in (3, 8):
            lines.append("{broken")
        elif i == 11:
            lines.append({"id": f"r{i}", "text": ["not", "a", "string"]})
        else:
            lines.append({"id": f"r{i}", "text": f"comment {i}: I had it done in 20{i:02d}"})
    source = write(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    summary = run_jsonl_batch(tiny_model, str(source), str(out))
    assert (summary.read, summary.labelled, summary.quarantined) == (14, 11, 3)
    assert summary.quarantine_path == tmp_path / "out.quarantine.jsonl"
    rows = read(out)
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(1, 15) if i not in (3, 8, 11)]
    for row in rows:
        assert row["model_version"] == tiny_model.version
        assert all(isinstance(c, list) and len(c) == 3 for c in row["cues"])
    bad = read(summary.quarantine_path)
    assert [(b["line"], b["source"]) for b in bad] == [
        (3, str(source)),
        (8, str(source)),
        (11, str(source)),
    ]
    assert "not a string" in bad[2]["reason"]


def test_predictions_match_the_classifier(tiny_model, tmp_path: Path) -> None:
    texts = ["Great post! Visit my blog for cheap meds", "My wife tried it. It helped."]
    source = write(tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t in enumerate(texts)])
    out = tmp_path / "out.jsonl"
    run_jsonl_batch(tiny_model, str(source), str(out))
    for row, text in zip(read(out), texts, strict=True):
        expected = tiny_model.predict_one(text)
        assert row["label"] == expected.label
        assert row["probabilities"] == pytest.approx(expected.probabilities)
        assert [(s["start"], s["end"]) for s in row["sentences"]] == [
            (s.start, s.end) for s in expected.sentences
        ]


def test_clean_run_writes_no_quarantine_file(tiny_model, tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", [{"text": "ok then"}])
    summary = run_jsonl_batch(tiny_model, str(source), str(tmp_path / "out.jsonl"))
    assert summary.quarantined == 0
    assert summary.quarantine_path is None
    assert not (tmp_path / "out.quarantine.jsonl").exists()


def test_non_utf8_line_is_quarantined(tiny_model, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"text": "fine"}\n{"text": "caf\xe9"}\n{"text": "also fine"}\n')
    summary = run_jsonl_batch(tiny_model, str(source), str(tmp_path / "out.jsonl"))
    assert (summary.labelled, summary.quarantined) == (2, 1)
    [bad] = read(tmp_path / "out.quarantine.jsonl")
    assert bad["line"] == 2 and "UTF-8" in bad["reason"]
