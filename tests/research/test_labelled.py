"""Reading labelled JSONL/CSV for the report: every row kept, every bad row a typed error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.exceptions import InputError
from claimcheck.research.labelled import MISSING_GROUP, LabelledData, read_labelled


def write(path: Path, rows: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_jsonl_rows_ids_and_groups(tmp_path: Path) -> None:
    path = write(
        tmp_path / "data.jsonl",
        [
            {"id": "a1", "text": "My knee is fine now.", "label": "testimonial", "source": "f1"},
            {"text": "Buy now!", "label": "spam", "domain": "shop"},
            {"id": "a3", "text": "Smith 2019 found nothing.", "label": "evidence_citation"},
        ],
    )
    data = read_labelled(path)
    assert len(data) == 3
    assert data.ids == ["a1", "2", "a3"]  # a row without an id is named by its line
    assert data.gold == ["testimonial", "spam", "evidence_citation"]
    assert data.groups == {
        "source": ["f1", MISSING_GROUP, MISSING_GROUP],
        "domain": [MISSING_GROUP, "shop", MISSING_GROUP],
    }


def test_no_group_fields_means_no_group_tables(tmp_path: Path) -> None:
    path = write(tmp_path / "d.jsonl", [{"text": "Fine.", "label": "opinion"}])
    assert read_labelled(path).groups == {}


def test_csv_with_extra_columns_and_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text(
        "id,text,label,source,notes\n"
        'x1,"Line one,\nline two",opinion,forum-a,ignored\n'
        "x2,I tried it in 2019., testimonial ,forum-b,\n",
        encoding="utf-8",
    )
    data = read_labelled(path)
    assert data.texts == ["Line one,\nline two", "I tried it in 2019."]
    assert data.gold == ["opinion", "testimonial"]  # stray spaces around a label are fine
    assert data.groups["source"] == ["forum-a", "forum-b"]


def test_csv_without_a_label_column(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("id,text\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no 'label' column in the header \(id, text\)"):
        read_labelled(path)


def test_csv_row_with_too_many_fields_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("text,label\nfine,opinion\nbad,spam,extra\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"data.csv:3: more fields"):
        read_labelled(path)


def test_csv_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(b"text,label\ncaf\xe9,opinion\n")
    with pytest.raises(InputError, match="not UTF-8"):
        read_labelled(path)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"text": "a", "label": "opinion"}, {"text": "b"}], r":2: field 'label' missing"),
        ([{"text": "a", "label": "anecdote"}], r":1: unknown label 'anecdote'; use one of"),
        ([{"label": "spam"}], r":1: field 'text' missing"),
        ([{"text": 3, "label": "spam"}], r":1: field 'text' missing or not a string"),
        (["{not json"], r":1: not valid JSON"),
        (["[1, 2]"], r":1: a line must be a JSON object"),
        ([], r"has no labelled rows"),
    ],
)
def test_bad_jsonl_is_a_typed_error_with_the_line(
    tmp_path: Path, rows: list[object], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        read_labelled(write(tmp_path / "bad.jsonl", rows))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_labelled(tmp_path / "nope.jsonl")
    with pytest.raises(InputError, match="is a directory"):
        read_labelled(tmp_path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=300), suffix=st.sampled_from([".jsonl", ".csv"]))
def test_any_bytes_give_data_or_a_typed_error(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(content)
    try:
        data = read_labelled(path)
    except InputError:
        return
    assert isinstance(data, LabelledData) and len(data) > 0
    assert len(data.ids) == len(data.texts) == len(data.gold)
