"""CSV sheets: export for a spreadsheet, fill in, read back."""

from __future__ import annotations

import contextlib
import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.labelling import PoolItem, Suggestion
from claimcheck.io.sheets import EXPORT_COLUMNS, read_sheet, write_sheet
from claimcheck.types import Label, Prediction, SentencePrediction

PROBA = {"evidence_citation": 0.1, "opinion": 0.5, "spam": 0.1, "testimonial": 0.3}


def make_suggestion(text: str, rank: int = 1, item_id: str = "x1") -> Suggestion:
    prediction = Prediction(
        Label.OPINION,
        dict(PROBA),
        sentences=(SentencePrediction(0, len(text), Label.OPINION, dict(PROBA)),),
    )
    return Suggestion(
        PoolItem(item_id, text, domain="fitness"), prediction, 1.2, "uncertainty", rank
    )


def fill(
    path: Path, labels: dict[str, tuple[str, str]], extra: dict[str, str] | None = None
) -> Path:
    """Fill the label and annotator columns (and extra columns) like a spreadsheet user would."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0].keys()) + list(extra or {})
    for row in rows:
        row["label"], row["annotator"] = labels.get(row["id"], ("", ""))
        row.update(extra or {})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_export_leaves_label_blank_and_shows_the_guess(tmp_path: Path) -> None:
    path = write_sheet([make_suggestion("Walk more, stress less.")], tmp_path / "s.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert tuple(row) == EXPORT_COLUMNS
    assert row["label"] == "" and row["suggested_label"] == "opinion"
    assert row["p_opinion"] == "0.500" and row["domain"] == "fitness"


def test_untouched_sheet_imports_nothing_and_says_why(tmp_path: Path) -> None:
    path = write_sheet([make_suggestion("Walk more, stress less.")], tmp_path / "s.csv")
    got = read_sheet(path)
    assert got.annotations == []
    assert [s.reason for s in got.skipped] == ["no label filled in"]


def test_filled_sheet_round_trip_with_notes(tmp_path: Path) -> None:
    suggestions = [
        make_suggestion("I did the plan for 8 weeks, lost 4 kg.", 1, "a"),
        make_suggestion("Great post!", 2, "b"),
        make_suggestion("Total rubbish.", 3, "c"),
    ]
    path = write_sheet(suggestions, tmp_path / "s.csv")
    fill(path, {"a": ("Testimonial", "ann"), "b": ("praise", "ann")}, extra={"notes": "checked"})
    got = read_sheet(path)
    [a] = got.annotations
    assert (a.item_id, a.label.value, a.annotator, a.domain) == (
        "a",
        "testimonial",
        "ann",
        "fitness",
    )
    assert a.extra == {"notes": "checked"}
    reasons = sorted(s.reason for s in got.skipped)
    assert reasons[0] == "no label filled in" and "unknown label 'praise'" in reasons[1]
    assert any("kept extra column(s) notes" in n for n in got.notes)
    assert any("ignored the model's columns suggested_label" in n for n in got.notes)


def test_minimal_sheet_semicolons_and_annotator_from_file_name(tmp_path: Path) -> None:
    path = tmp_path / "maria.csv"
    path.write_text(
        "text;label;sentences\n"
        '"Tried it; no change.";testimonial;'
        '"[{""start"": 0, ""end"": 9, ""label"": ""testimonial""}]"\n'
        '"Bad spans";opinion;"[{""start"": 0, ""end"": 99, ""label"": ""opinion""}]"\n'
        '"Not JSON";opinion;"[oops"\n'
        ";opinion;\n",
        encoding="utf-8",
    )
    got = read_sheet(path)
    [a] = got.annotations
    assert a.annotator == "maria" and a.item_id.startswith("cc-")
    assert [(s.start, s.end) for s in a.sentences] == [(0, 9)]
    reasons = [s.reason for s in got.skipped]
    assert "out of range" in reasons[0] and "not valid JSON" in reasons[1]
    assert reasons[2] == "empty text"


def test_structural_problems_raise_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("id,comment\n1,hello\n", encoding="utf-8")
    with pytest.raises(ExportFormatError, match=r"s\.csv:1: missing column\(s\) text, label"):
        read_sheet(path)
    path.write_text("text,label\nhello,opinion,extra,cells\n", encoding="utf-8")
    with pytest.raises(ExportFormatError, match=r"s\.csv:2: 4 cells but the header has 2"):
        read_sheet(path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(ExportFormatError, match="empty file"):
        read_sheet(path)
    path.write_bytes("text,label\ncaf\xe9,opinion\n".encode("latin-1"))
    with pytest.raises(ExportFormatError, match="not UTF-8"):
        read_sheet(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=80).filter(lambda t: t.strip() and "\r" not in t))
def test_any_text_survives_the_round_trip(text: str, tmp_path: Path) -> None:
    path = write_sheet([make_suggestion(text, item_id="t")], tmp_path / "rt.csv")
    fill(path, {"t": ("spam", "ann")})
    [a] = read_sheet(path).annotations
    assert a.text == text and a.label is Label.SPAM


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200))
def test_any_bytes_give_annotations_or_a_typed_error(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    with contextlib.suppress(ExportFormatError):
        read_sheet(path)
