"""`claimcheck report` and `claimcheck threads`: files written, --json, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app

LABELLED = [
    {"id": "a", "text": "I had it done in 2010 and my life is back.", "label": "testimonial"},
    {
        "id": "b",
        "text": "Petrov et al. 2011 found restenosis in half.",
        "label": "evidence_citation",
    },
    {"id": "c", "text": "Best prices on supplements, click here!", "label": "spam"},
    {"id": "d", "text": "I don't think this should be sold at all.", "label": "opinion"},
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def invoke(runner: CliRunner, *args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_report_writes_page_and_metrics(
    runner: CliRunner, tiny_bundle: Path, tmp_path: Path
) -> None:
    data = write(tmp_path / "l.jsonl", LABELLED)
    out = tmp_path / "report"
    result = invoke(
        runner, "report", data, "--out", out, "-m", tiny_bundle,
        "--bootstrap", 50, "--seed", 3, "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (out / "index.html").exists()
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == metrics
    assert metrics["n"] == 4
    assert metrics["bootstrap"]["resamples"] == 50 and metrics["bootstrap"]["seed"] == 3
    assert "wrote" in result.stderr


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"text": "no label here"}], "field 'label' missing"),
        ([{"text": "x", "label": "rant"}], "unknown label 'rant'"),
        ([], "has no labelled rows"),
    ],
)
def test_report_bad_input_is_one_line_and_exit_2(
    runner: CliRunner, tiny_bundle: Path, tmp_path: Path, rows: list[dict], message: str
) -> None:
    data = write(tmp_path / "bad.jsonl", rows)
    result = invoke(runner, "report", data, "--out", tmp_path / "r", "-m", tiny_bundle)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("error:")
    assert not (tmp_path / "r" / "index.html").exists()


def test_report_csv_without_a_label_column(
    runner: CliRunner, tiny_bundle: Path, tmp_path: Path
) -> None:
    data = tmp_path / "sheet.csv"
    data.write_text("id,text,notes\n1,I tried it.,x\n", encoding="utf-8")
    result = invoke(runner, "report", data, "--out", tmp_path / "r", "-m", tiny_bundle)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no 'label' column in the header (id, text, notes)" in lines[0]


def test_report_bootstrap_must_be_positive(runner: CliRunner, tmp_path: Path) -> None:
    data = write(tmp_path / "l.jsonl", LABELLED)
    result = invoke(runner, "report", data, "--bootstrap", 0)
    assert result.exit_code == 2


def batch_output(path: Path) -> Path:
    """A small batch output written by hand in the batch job's JSONL layout."""
    rows = []
    labels = {
        "t1": ["testimonial", "testimonial", "opinion", "evidence_citation"],
        "t2": ["opinion", "evidence_citation", "spam"],
        "t3": ["testimonial", None],
    }
    seq = 0
    for thread, thread_labels in labels.items():
        for label in thread_labels:
            rows.append(
                {"seq": seq, "id": f"c{seq}", "thread_id": thread, "source": "f.jsonl",
                 "created_at": None, "label": label}
            )  # fmt: skip
            seq += 1
    return write(path, rows)


def test_threads_command(runner: CliRunner, tmp_path: Path) -> None:
    source = batch_output(tmp_path / "labelled.jsonl")
    out = tmp_path / "threads"
    result = invoke(runner, "threads", source, "--out", out, "--top", 2, "--order", "late-evidence")
    assert result.exit_code == 0, result.output
    assert "3 threads, 9 comments" in result.stdout
    assert "t3: 50% testimonial of 2, no evidence_citation" in result.stdout
    assert {p.name for p in out.iterdir()} == {
        "index.html", "threads.csv", "threads.json", "timelines.png", "timelines",
    }  # fmt: skip
    assert len(list((out / "timelines").iterdir())) == 2


def test_threads_json(runner: CliRunner, tmp_path: Path) -> None:
    source = batch_output(tmp_path / "labelled.jsonl")
    result = invoke(runner, "threads", source, "--out", tmp_path / "o", "--top", 0, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["threads"] == 3
    assert document["label_counts"]["unlabelled"] == 1
    first = document["rows"][0]
    assert first["thread_id"] == "t1" and first["rank_testimonial_share"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--order", "random"], "unknown --order 'random'"),
        (["--x", "hours"], "unknown --x 'hours'"),
    ],
)
def test_threads_bad_options(
    runner: CliRunner, tmp_path: Path, args: list[str], message: str
) -> None:
    source = batch_output(tmp_path / "labelled.jsonl")
    result = invoke(runner, "threads", source, "--out", tmp_path / "o", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_threads_on_something_that_is_not_batch_output(runner: CliRunner, tmp_path: Path) -> None:
    source = write(tmp_path / "plain.jsonl", [{"text": "a comment", "thread_id": "t"}])
    result = invoke(runner, "threads", source, "--out", tmp_path / "o")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no 'label' column" in lines[0]


def test_threads_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "threads", tmp_path / "nope.jsonl", "--out", tmp_path / "o")
    assert result.exit_code == 2
    assert "not found" in result.stderr
