"""The runner: every format to every output, quarantine, skips, duplicates, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from claimcheck.batch import checkpoint
from claimcheck.batch.engines import InProcessEngine
from claimcheck.batch.runner import BatchOptions, run_batch
from claimcheck.exceptions import InputError
from claimcheck.types import LABELS

EXPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "exports"
ALL = [
    str(EXPORTS / n)
    for n in ("disqus.xml", "wordpress.xml", "reddit_comments.ndjson", "comments.jsonl",
              "comments.csv", "comments.tsv")
]  # fmt: skip


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_all_formats_to_parquet_with_summary(in_process: InProcessEngine, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_batch(ALL, str(out), in_process, BatchOptions(summary=True))
    prog = result.progress
    assert (prog.read, prog.labelled, prog.quarantined) == (26, 22, 7)
    assert prog.skipped == {"deleted": 4}
    assert not (out / "_checkpoint.json").exists()  # a finished run leaves no checkpoint
    frame = pd.read_parquet(out)
    assert frame["seq"].is_monotonic_increasing
    assert {f"p_{lab.value}" for lab in LABELS} <= set(frame.columns)
    sums = frame[[f"p_{lab.value}" for lab in LABELS]].sum(axis=1)
    assert sums.round(6).eq(1.0).all()
    assert set(frame["status"]) == {"approved", "pending", "spam"}
    empty = frame[frame["text"] == ""]
    assert empty["label"].isna().all() and all(list(f) == ["empty"] for f in empty["flags"])
    quarantine = read_jsonl(out / "_quarantine.jsonl")
    assert {"source", "reason"} <= set(quarantine[0]) and quarantine[0]["post"] == 6
    threads = pd.read_parquet(result.summary_path)
    disqus = threads[threads["thread_id"] == "100"].iloc[0]
    assert disqus["comments"] == 4 and disqus["first_testimonial"] == 1
    assert disqus["arc"] in {
        "anecdote→evidence",
        "evidence→anecdote",
        "anecdote only",
        "evidence only",
        "neither",
    }


def test_jsonl_and_csv_outputs_agree(in_process: InProcessEngine, tmp_path: Path) -> None:
    run_batch(ALL, str(tmp_path / "o.jsonl"), in_process, BatchOptions(summary=True))
    run_batch(ALL, str(tmp_path / "o.csv"), in_process)
    rows = read_jsonl(tmp_path / "o.jsonl")
    frame = pd.read_csv(tmp_path / "o.csv", dtype={"id": str})
    assert [r["id"] for r in rows] == frame["id"].tolist()
    assert [r["label"] for r in rows] == [None if pd.isna(x) else x for x in frame["label"]]
    assert (tmp_path / "o.threads.jsonl").exists()


def test_skip_nothing_and_duplicates(in_process: InProcessEngine, tmp_path: Path) -> None:
    source = tmp_path / "dup.jsonl"
    source.write_text(
        '{"id": "a", "text": "one"}\n{"id": "a", "text": "again"}\n'
        '{"id": "b", "text": "", "status": "deleted"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "o.jsonl"
    result = run_batch([str(source)], str(out), in_process, BatchOptions(skip_statuses=()))
    assert [r["id"] for r in read_jsonl(out)] == ["a", "b"]
    assert result.progress.duplicates == 1
    [entry] = read_jsonl(tmp_path / "o.quarantine.jsonl")
    assert "duplicate id 'a'" in entry["reason"]


def test_binary_and_truncated_inputs_are_reported_not_raised(
    in_process: InProcessEngine, tmp_path: Path, make_input
) -> None:
    binary = tmp_path / "x.jsonl"
    binary.write_bytes(bytes(range(256)) * 8)
    good = make_input(tmp_path / "good.jsonl", 5)
    result = run_batch([str(binary), str(good)], str(tmp_path / "o.jsonl"), in_process)
    assert result.progress.labelled == 5
    assert "binary data" in result.progress.file_errors[0]
    [entry] = read_jsonl(tmp_path / "o.quarantine.jsonl")
    assert entry["fatal"] is True


def test_resume_after_a_torn_tail(
    in_process: InProcessEngine, tmp_path: Path, make_input, crash_after
) -> None:
    """A run dies after some parts, leaving a torn tail: the rerun cuts back and finishes."""
    source = make_input(tmp_path / "in.jsonl", 50)
    with source.open("a") as handle:
        handle.write("{broken\n")
    options = BatchOptions(part_size=10, chunk_size=5)
    complete = tmp_path / "complete.jsonl"
    run_batch([str(source)], str(complete), in_process, options)
    out = tmp_path / "o.jsonl"
    with pytest.raises(RuntimeError, match="crash"):
        run_batch([str(source)], str(out), crash_after(in_process, 5), options)
    partial = tmp_path / "o.jsonl.partial"
    assert not out.exists() and partial.exists()  # the real name appears only when done
    with partial.open("a") as handle:
        handle.write('{"seq": 20, "id": "g20", "te')
    result = run_batch([str(source)], str(out), in_process, options)
    assert result.resumed
    assert out.read_text() == complete.read_text()
    assert not partial.exists()
    assert (result.progress.labelled, result.progress.quarantined) == (50, 1)


def test_checkpoint_of_another_job_is_refused(
    in_process: InProcessEngine, tmp_path: Path, make_input
) -> None:
    source = make_input(tmp_path / "in.jsonl", 3)
    out = tmp_path / "o.jsonl"
    checkpoint.save(out.with_suffix(".checkpoint.json"), {"other": 1}, checkpoint.Progress(), {})
    with pytest.raises(InputError, match="--fresh"):
        run_batch([str(source)], str(out), in_process)
    run_batch([str(source)], str(out), in_process, BatchOptions(fresh=True))
    assert len(read_jsonl(out)) == 3


def test_missing_input_is_an_input_error(in_process: InProcessEngine, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="absent"):
        run_batch([str(tmp_path / "absent.jsonl")], str(tmp_path / "o"), in_process)


def test_cues_have_one_shape_in_every_output(in_process: InProcessEngine, tmp_path: Path) -> None:
    """docs/formats.md, "Cues": objects with family, start, end (text is the row's text)."""
    run_batch(ALL, str(tmp_path / "o.jsonl"), in_process)
    run_batch(ALL, str(tmp_path / "o.csv"), in_process)
    run_batch(ALL, str(tmp_path / "out"), in_process)
    rows = read_jsonl(tmp_path / "o.jsonl")
    from_csv = [json.loads(x) for x in pd.read_csv(tmp_path / "o.csv")["cues"]]
    parquet = pd.read_parquet(tmp_path / "out").sort_values("seq")
    from_parquet = [[dict(c) for c in cues] for cues in parquet["cues"]]
    from_jsonl = [r["cues"] for r in rows]
    assert any(from_jsonl), "the fixtures should hold some cues"
    assert from_jsonl == from_csv == from_parquet
    for row in rows:
        for cue in row["cues"]:
            assert set(cue) == {"family", "start", "end"}
            assert 0 <= cue["start"] < cue["end"] <= len(row["text"])
