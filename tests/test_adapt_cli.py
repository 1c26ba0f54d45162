"""`claimcheck adapt` from the command line: a sheet in, a bundle out; one line per bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from tests.test_adapt import _forum, _opinions, plain_base  # noqa: F401 (fixture)


def invoke(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_adapt_from_a_sheet_then_evaluate_shows_it(
    plain_base: Path,  # noqa: F811
    tiny_corpus: Path,
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "filled.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "text", "label", "annotator"])
        writer.writeheader()
        for i, row in enumerate(_forum(tiny_corpus, 40, 5)):
            writer.writerow({"id": f"f{i}", "annotator": "ann", **row})
    out = tmp_path / "adapted"
    result = invoke("adapt", sheet, "--out", out, "--base", plain_base, "--domain", "my_forum")
    assert result.exit_code == 0, result.stderr
    assert "forum CV macro-F1" in result.stdout and "leave-domains-out" in result.stdout
    assert f"wrote {out}" in result.stderr
    meta = json.loads((out / "meta.json").read_text())
    assert meta["adaptation"]["files"][0]["kind"] == "csv"
    test = tmp_path / "test.jsonl"
    test.write_text("".join(json.dumps(r) + "\n" for r in _forum(tiny_corpus, 10, 6)))
    evaluated = invoke("evaluate", test, "--model", out)
    assert evaluated.exit_code == 0, evaluated.stderr
    assert "adapted from" in evaluated.stdout and "my_forum" in evaluated.stdout
    as_json = json.loads(invoke("evaluate", test, "--model", out, "--json").stdout)
    assert as_json["adaptation"]["label_counts"]["spam"] == 20


def test_strict_refusal_is_one_line_and_exit_1(
    plain_base: Path,  # noqa: F811
    tiny_corpus: Path,
    tmp_path: Path,
) -> None:
    from claimcheck.predict import load_model

    texts = _opinions(tiny_corpus, 20, 7)
    labels = [p.label.value for p in load_model(plain_base).predict(texts)]
    path = tmp_path / "agree.jsonl"
    path.write_text(
        "".join(
            json.dumps({"text": t, "label": g}) + "\n" for t, g in zip(texts, labels, strict=True)
        )
    )
    result = invoke("adapt", path, "--out", tmp_path / "o", "--base", plain_base, "--strict")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "refused (--strict)" in errors[0]
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "nothing to adapt on"),
        (("missing.jsonl",), "labelled file not found"),
        (("--unlabelled", "missing.jsonl"), "unlabelled file not found"),
        (("labels.txt",), "cannot tell what labelled file"),
        (("bad.jsonl",), "bad.jsonl:1: label 'rant'"),
        (("few.jsonl",), "needs at least 10"),
        (("few.jsonl", "--domain", "Bad Slug"), "is not a domain name"),
    ],
)
def test_bad_inputs_give_one_line_and_exit_2(
    plain_base: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("labels.txt").write_text("text,label\n")
    Path("bad.jsonl").write_text('{"text": "hello there", "label": "rant"}\n')
    Path("few.jsonl").write_text('{"text": "hello there", "label": "spam"}\n')
    result = invoke("adapt", *args, "--out", tmp_path / "o", "--base", plain_base)
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]
