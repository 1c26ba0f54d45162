"""The labelling loop from the command line: suggest -> label -> import -> train -> evaluate."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.corpus import load_comments
from claimcheck.io.labelstudio import labelling_config


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: object):
    return runner.invoke(app, [str(a) for a in args])


def annotate(tasks: list[dict], answers: dict[str, str], who: int) -> list[dict]:
    """What Label Studio exports after annotator `who` labelled every task (simulated)."""
    out = []
    for k, task in enumerate(tasks, 1):
        label = answers[task["data"]["id"]]
        result = [
            {"from_name": "label", "to_name": "text", "type": "choices",
             "value": {"choices": [label]}}
        ]  # fmt: skip
        out.append(
            {
                "id": k,
                "data": task["data"],
                "predictions": task["predictions"],
                "annotations": [
                    {"id": k, "completed_by": who, "result": result, "was_cancelled": False}
                ],
            }
        )
    return out


def test_config_prints_the_labelling_config(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "label", "config")
    assert result.exit_code == 0 and result.stdout == labelling_config()
    result = invoke(runner, "label", "config", "--out", tmp_path / "c.xml")
    assert (tmp_path / "c.xml").read_text() == labelling_config()


@pytest.mark.slow
def test_suggest_to_stdout_and_bad_usage(
    runner: CliRunner, tiny_bundle: Path, pool_file: Path, tmp_path: Path
) -> None:
    result = invoke(runner, "label", "suggest", pool_file, "--n", 3, "--model", tiny_bundle)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert "3 suggestions (margin) from 48 comments" in result.stderr
    bad = invoke(runner, "label", "suggest", pool_file, "--strategy", "loud", "-m", tiny_bundle)
    assert bad.exit_code == 2 and "unknown strategy" in bad.stderr
    missing = invoke(runner, "label", "suggest", tmp_path / "nope.jsonl", "-m", tiny_bundle)
    assert missing.exit_code != 0 and missing.stderr.count("\n") == 1


def test_import_reports_every_skip_and_writes_a_valid_corpus_file(
    runner: CliRunner, export_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "labelled.jsonl"
    result = invoke(runner, "label", "import", export_file, "--out", out, "--domain", "fitness")
    assert result.exit_code == 0, result.output
    assert "wrote 5 records" in result.stdout
    assert "skipped 8 annotations or items" in result.stderr
    for reason in ("cancelled", "no annotations", "'anecdote'", "out of range", "quotes",
                   "empty or missing text", "no majority", "fails the corpus check"):  # fmt: skip
        assert reason in result.stderr, reason
    records = load_comments(out)
    assert len(records) == 5
    emoji = next(r for r in records if r.provenance["source_id"] == "emoji-1")
    assert emoji.domain == "fitness"  # the task had none: --domain filled it in
    majority = next(r for r in records if len(r.provenance["annotators"]) == 3)
    assert majority.label.value == "opinion"


def test_import_failures_exit_non_zero(
    runner: CliRunner, export_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.jsonl"
    assert (
        invoke(runner, "label", "import", export_file, "--out", out, "--rule", "x").exit_code == 2
    )
    bad_domain = invoke(
        runner, "label", "import", export_file, "--out", out, "--domain", "Knitting Club"
    )
    assert bad_domain.exit_code == 2 and "not a slug" in bad_domain.stderr
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    nothing = invoke(runner, "label", "import", empty, "--out", out)
    assert nothing.exit_code == 1 and "nothing to import" in nothing.stderr
    assert not out.exists()
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    result = invoke(runner, "label", "import", broken, "--out", out)
    assert result.exit_code == 2 and "broken.json:1:3: not valid JSON" in result.stderr


def test_agreement_command(runner: CliRunner, export_file: Path, tmp_path: Path) -> None:
    result = invoke(runner, "agreement", export_file, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["headline"]["measure"] == "krippendorff_alpha_nominal"
    assert data["n_items_compared"] == 3
    assert data["single_annotator_items"]["n"] == 4
    assert len(data["skipped"]) == 6
    table = invoke(runner, "agreement", export_file)
    assert table.exit_code == 0 and "3 items compared by 4 annotators" in table.stdout
    assert "4 items had one annotator and were not used" in table.stderr
    one = tmp_path / "one.csv"
    one.write_text("text,label,annotator\nhello there,opinion,ann\n")
    alone = invoke(runner, "agreement", one)
    assert alone.exit_code == 2 and "at least two annotators" in alone.stderr


def test_agreement_on_two_filled_sheets(runner: CliRunner, tmp_path: Path) -> None:
    texts = ["I tried it.", "Read Smith 2019.", "Buy now at x.example", "Meh.", "It helped me."]
    first = ["testimonial", "evidence_citation", "spam", "opinion", "testimonial"]
    second = ["testimonial", "evidence_citation", "spam", "opinion", "opinion"]
    paths = []
    for name, labels in (("ann", first), ("ben", second)):
        path = tmp_path / f"{name}.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", "label"])
            writer.writerows(zip(texts, labels, strict=True))
        paths.append(path)
    data = json.loads(invoke(runner, "agreement", *paths, "--json").stdout)
    assert data["annotators"] == ["ann", "ben"] and data["pairs"][0]["n"] == 5
    assert data["cohen_kappa"] == pytest.approx(0.7368, abs=1e-3)


@pytest.mark.slow
def test_suggest_label_import_train_evaluate(
    runner: CliRunner,
    tiny_bundle: Path,
    tiny_corpus: Path,
    pool_file: Path,
    answers: dict[str, str],
    research_dir: Path,
    tmp_path: Path,
) -> None:
    """The whole loop on files: the imported labels must pass through `train --extra`."""
    tasks_path = tmp_path / "tasks.json"
    result = invoke(
        runner, "label", "suggest", pool_file, "--n", 20, "--strategy", "diverse",
        "--model", tiny_bundle, "--out", tasks_path,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tasks.config.xml").is_file()
    tasks = json.loads(tasks_path.read_text())
    assert len(tasks) == 20
    export = tmp_path / "export.json"
    export.write_text(json.dumps(annotate(tasks, answers, who=3)))
    labelled = tmp_path / "labelled.jsonl"
    result = invoke(runner, "label", "import", export, "--out", labelled)
    assert result.exit_code == 0, result.output
    imported = load_comments(labelled)
    assert len(imported) == 20
    assert {r.provenance["author"] for r in imported} == {"user-3"}
    assert all(r.label.value == answers[r.provenance["source_id"]] for r in imported)
    bundle = tmp_path / "bundle"
    result = invoke(
        runner, "train", "--corpus", tiny_corpus, "--extra", labelled, "--out", bundle, "--no-cv"
    )
    assert result.exit_code == 0, result.output
    meta = json.loads((bundle / "meta.json").read_text())
    assert meta["n_comments"] == len(load_comments(tiny_corpus)) + 20
    result = invoke(runner, "evaluate", research_dir / "heldout.jsonl", "--model", bundle, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["n"] == 16 and 0.0 <= scores["macro_f1"] <= 1.0


@pytest.mark.slow
def test_audit_command_writes_the_review_file(
    runner: CliRunner, tiny_corpus: Path, tmp_path: Path
) -> None:
    review = tmp_path / "review.jsonl"
    result = invoke(runner, "audit", tiny_corpus, "--out", review, "--folds", 3, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    rows = [json.loads(line) for line in review.read_text().splitlines()]
    assert summary["n"] == 160 and summary["flagged"] == len(rows)
    assert invoke(runner, "audit", tiny_corpus, "--folds", 99).exit_code == 2
