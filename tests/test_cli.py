"""The command line: thin commands, --json where scripts want it, one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.types import LABELS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"
LABEL_VALUES = {lab.value for lab in LABELS}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: object, input: str | bytes | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def write_lines(path: Path, lines: Sequence[object]) -> Path:
    text = "".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines)
    path.write_text(text, encoding="utf-8")
    return path


# --- classify ---------------------------------------------------------------------------------


def test_classify_prints_label_and_confidence(runner: CliRunner, tiny_bundle: Path) -> None:
    result = invoke(
        runner, "classify", "I had it done in 2010 and my life is back", "-m", tiny_bundle
    )
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert any(first.startswith(lab) for lab in LABEL_VALUES)
    assert "%" in first


def test_classify_json(runner: CliRunner, tiny_bundle: Path, tiny_model) -> None:
    text = "Petrov et al. 2011 found no effect. My wife tried it anyway."
    result = invoke(runner, "classify", text, "--model", tiny_bundle, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["label"] in LABEL_VALUES
    assert set(data["probabilities"]) == LABEL_VALUES
    assert sum(data["probabilities"].values()) == pytest.approx(1.0)
    assert isinstance(data["flags"], list)
    assert len(data["sentences"]) >= 2
    assert all(text[c["start"] : c["end"]] == c["text"] for c in data["cues"])
    assert data == json.loads(json.dumps(tiny_model.predict_one(text).to_dict()))


def test_classify_reads_stdin(runner: CliRunner, tiny_bundle: Path, tiny_model) -> None:
    text = "They rang me at work three times last week.\nI told them to stop."
    result = invoke(runner, "classify", "-", "--model", tiny_bundle, "--json", input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["probabilities"] == pytest.approx(tiny_model.predict_one(text).probabilities)
    assert len(data["sentences"]) == 2


def test_classify_stdin_that_is_not_utf8(runner: CliRunner, tiny_bundle: Path) -> None:
    result = invoke(runner, "classify", "-", "--model", tiny_bundle, input=b"caf\xe9\xff")
    assert result.exit_code == 2
    assert "UTF-8" in result.stderr


def test_classify_empty_text_has_no_label(runner: CliRunner, tiny_bundle: Path) -> None:
    result = invoke(runner, "classify", "👍🏽", "--model", tiny_bundle, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["label"] is None
    assert data["flags"] == ["empty"]


def test_classify_missing_model_is_one_line_naming_the_path(
    runner: CliRunner, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-bundle-with-a-rather-long-name" / "inside" / "another" / "dir"
    result = invoke(runner, "classify", "hello", "--model", missing)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(missing) in lines[0]
    assert "Traceback" not in result.output


def test_classify_damaged_model_exits_1(runner: CliRunner, bundle_copy: Path) -> None:
    model = bundle_copy / "model.joblib"
    model.write_bytes(model.read_bytes()[:-10])
    result = invoke(runner, "classify", "hello", "--model", bundle_copy)
    assert result.exit_code == 1
    assert "model.joblib" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- batch ------------------------------------------------------------------------------------


def test_batch_writes_predictions_and_quarantines_bad_lines(
    runner: CliRunner, tiny_bundle: Path, tmp_path: Path
) -> None:
    source = write_lines(
        tmp_path / "in.jsonl",
        [
            {"id": "a", "text": "I had it done in 2010 and my life is back"},
            "{this is not json",
            {"id": "b", "text": "check out my channel. subscribe!"},
            {"id": "c", "body": "no text field"},
            "",
            {"text": "🙏"},
        ],
    )
    out = tmp_path / "out" / "OUT.jsonl"
    result = invoke(runner, "batch", source, "--out", out, "--model", tiny_bundle)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "6"]  # a missing id falls back to the line
    for row in rows:
        assert {"id", "label", "probabilities", "flags", "sentences", "cues"} <= set(row)
        assert sum(row["probabilities"].values()) == pytest.approx(1.0)
    assert rows[0]["label"] in LABEL_VALUES
    assert rows[2]["label"] is None and rows[2]["flags"] == ["empty"]
    quarantine = out.with_suffix(".quarantine.jsonl")
    assert quarantine.name == "OUT.quarantine.jsonl"
    bad = [json.loads(line) for line in quarantine.read_text(encoding="utf-8").splitlines()]
    assert [b["line"] for b in bad] == [2, 4]
    assert "JSON" in bad[0]["reason"]
    assert "'text'" in bad[1]["reason"]
    assert "quarantined 2" in result.stderr


def test_batch_to_stdout(runner: CliRunner, tiny_bundle: Path, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "in.jsonl", [{"id": 1, "text": "Great post, thanks!"}])
    result = invoke(runner, "batch", source, "--model", tiny_bundle)
    assert result.exit_code == 0, result.output
    [row] = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["id"] == "1"


def test_batch_custom_fields(runner: CliRunner, tiny_bundle: Path, tmp_path: Path) -> None:
    source = write_lines(tmp_path / "in.jsonl", [{"key": "k1", "body": "I think so."}])
    out = tmp_path / "out.jsonl"
    result = invoke(
        runner,
        "batch",
        source,
        "-o",
        out,
        "-m",
        tiny_bundle,
        "--text-field",
        "body",
        "--id-field",
        "key",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["id"] == "k1"


def test_batch_of_an_empty_file_exits_2(
    runner: CliRunner, tiny_bundle: Path, tmp_path: Path
) -> None:
    source = tmp_path / "empty.jsonl"
    source.write_text("\n\n")
    result = invoke(runner, "batch", source, "--out", tmp_path / "o.jsonl", "-m", tiny_bundle)
    assert result.exit_code == 2


def test_batch_of_a_file_with_no_good_lines_exits_2(
    runner: CliRunner, tiny_bundle: Path, tmp_path: Path
) -> None:
    source = write_lines(tmp_path / "bad.jsonl", ["{nope", "[1, 2]", {"id": 3}])
    result = invoke(runner, "batch", source, "--out", tmp_path / "o.jsonl", "-m", tiny_bundle)
    assert result.exit_code == 2


def test_batch_missing_input_exits_2(runner: CliRunner, tiny_bundle: Path, tmp_path: Path) -> None:
    result = invoke(runner, "batch", tmp_path / "nope.jsonl", "-m", tiny_bundle)
    assert result.exit_code == 2
    assert "nope.jsonl" in result.stderr


# --- evaluate ---------------------------------------------------------------------------------

GOLD = [
    {"text": "I had it done in 2010 and my life is back", "label": "testimonial", "source": "x"},
    {"text": "Petrov et al. 2011, PMID 21679068.", "label": "evidence_citation", "source": "x"},
    {"text": "check out my channel and subscribe", "label": "spam", "source": "y"},
    {"text": "I think this is overrated.", "label": "opinion", "source": "y"},
]


def test_evaluate_prints_macro_f1(runner: CliRunner, tiny_bundle: Path, tmp_path: Path) -> None:
    data = write_lines(tmp_path / "gold.jsonl", GOLD)
    result = invoke(runner, "evaluate", data, "--model", tiny_bundle)
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.stdout
    assert "calibration error" in result.stdout


def test_evaluate_json(runner: CliRunner, tiny_bundle: Path, tmp_path: Path) -> None:
    data = write_lines(tmp_path / "gold.jsonl", GOLD)
    result = invoke(runner, "evaluate", data, "--model", tiny_bundle, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["n"] == 4
    assert 0.0 <= report["macro_f1"] <= 1.0
    assert set(report["per_label"]) == LABEL_VALUES
    assert set(report["by_source"]) == {"x", "y"}


def test_evaluate_unknown_label_exits_2(
    runner: CliRunner, tiny_bundle: Path, tmp_path: Path
) -> None:
    data = write_lines(tmp_path / "gold.jsonl", [*GOLD, {"text": "hm", "label": "rumour"}])
    result = invoke(runner, "evaluate", data, "--model", tiny_bundle)
    assert result.exit_code == 2
    assert "rumour" in result.stderr
    assert ":5:" in result.stderr


# --- thread -----------------------------------------------------------------------------------


def test_thread_prints_every_comment(runner: CliRunner, tiny_bundle: Path, tmp_path: Path) -> None:
    data = write_lines(
        tmp_path / "thread.jsonl",
        [{"id": "c1", "text": "Great post, thanks!"}, {"id": "c2", "text": "🙏"}],
    )
    result = invoke(runner, "thread", data, "--model", tiny_bundle)
    assert result.exit_code == 0, result.output
    assert "c1" in result.stdout and "c2" in result.stdout
    assert "empty" in result.stdout


# --- corpus -----------------------------------------------------------------------------------


def test_corpus_check_of_a_bad_file_exits_1_and_lists_problems(runner: CliRunner) -> None:
    path = FIXTURES / "many_problems.jsonl"
    result = invoke(runner, "corpus", "check", path)
    assert result.exit_code == 1
    for line in (2, 3, 5, 6, 7):
        assert f"{path}:{line}:" in result.stdout
    assert "5 problems" in result.stdout


def test_corpus_check_json(runner: CliRunner) -> None:
    result = invoke(runner, "corpus", "check", FIXTURES / "near_duplicates.jsonl", "--json")
    assert result.exit_code == 1  # a near-duplicate pair in 4 comments is over the limit
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["problems"] == []
    assert [pair[:2] for pair in report["near_duplicates"]] == [["nd-1", "nd-3"]]


def test_corpus_check_of_a_good_file_exits_0(runner: CliRunner) -> None:
    result = invoke(runner, "corpus", "check", FIXTURES / "good.jsonl", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ok"] is True


def test_corpus_check_non_utf8_exits_2(runner: CliRunner) -> None:
    result = invoke(runner, "corpus", "check", FIXTURES / "non_utf8.jsonl")
    assert result.exit_code == 2
    assert "non_utf8.jsonl:3" in result.stderr


def test_corpus_stats_json(runner: CliRunner) -> None:
    result = invoke(runner, "corpus", "stats", FIXTURES / "good.jsonl", "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["comments"] == 4
    assert stats["labels"] == {lab: 1 for lab in LABEL_VALUES}


def test_corpus_stats_shortcuts_json_beside_another_file(runner: CliRunner) -> None:
    good = FIXTURES / "good.jsonl"
    result = invoke(runner, "corpus", "stats", good, "--shortcuts", "--external", good, "--json")
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)
    assert set(reports) == {"corpus", "external"}
    assert reports["corpus"]["per_label"]["all"]["n"] == 4


def test_corpus_stats_external_needs_shortcuts(runner: CliRunner) -> None:
    good = FIXTURES / "good.jsonl"
    result = invoke(runner, "corpus", "stats", good, "--external", good)
    assert result.exit_code == 2
    assert "--shortcuts" in result.stderr


def test_corpus_stats_table(runner: CliRunner) -> None:
    result = invoke(runner, "corpus", "stats", FIXTURES / "good.jsonl")
    assert result.exit_code == 0, result.output
    assert "4 comments" in result.stdout


# --- the real entry point ---------------------------------------------------------------------


@pytest.mark.slow
def test_module_entry_point_in_a_subprocess(tiny_bundle: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "claimcheck.cli",
        "classify",
        "I had it done in 2010 and my life is back",
        "--model",
        str(tiny_bundle),
        "--json",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["label"] in LABEL_VALUES
    assert sum(data["probabilities"].values()) == pytest.approx(1.0)


def test_help_does_not_import_spacy_or_sklearn() -> None:
    """DESIGN.md §7: keep the heavy imports out of `--help`."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from claimcheck.cli import app\n"
        "assert CliRunner().invoke(app, ['--help']).exit_code == 0\n"
        "print(sorted({'spacy', 'sklearn'} & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_train_writes_a_loadable_bundle(
    runner: CliRunner, tiny_corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bundle"
    result = invoke(runner, "train", "--corpus", tiny_corpus, "--out", out, "--no-cv")
    assert result.exit_code == 0, result.output
    assert "saved" in result.stderr
    result = invoke(runner, "classify", "Great post, thanks!", "--model", out, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["label"] in LABEL_VALUES


def test_train_on_a_bad_corpus_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(
        runner,
        "train",
        "--corpus",
        FIXTURES / "bad_domain.jsonl",
        "--out",
        tmp_path / "b",
        "--no-cv",
    )
    assert result.exit_code == 2
    assert "bad_domain.jsonl:3" in result.stderr
    assert not (tmp_path / "b").exists()


def test_version_names_package_model_and_where_it_is(shipped_model) -> None:
    from claimcheck import __version__
    from claimcheck.bundle import default_model_path

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"claimcheck {__version__}"
    assert shipped_model.version in lines[1]
    assert str(default_model_path()) in lines[1]
    assert "matches the pin" in lines[1]
