"""JSON Lines reading: bad lines are reported with their numbers instead of stopping the read."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.exceptions import InputError
from claimcheck.io.jsonl import (
    JsonParseError,
    iter_jsonl,
    nesting_depth,
    parse_json,
    read_jsonl_texts,
    write_jsonl,
)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"id": "a", "text": "first"}\n'
        b"\n"
        b'{"id": "b", "text": "caf\xe9"}\n'  # latin-1, not UTF-8
        b"{not json}\n"
        b"[1, 2, 3]\n"
        b'"just a string"\n'
        b'{"id": "g", "text": "\xc3\xa9t\xc3\xa9 \xf0\x9f\x91\x8d"}\n'  # real UTF-8
        b"   \n"
        b'{"text": "last, no newline"}'
    )
    return path


def test_iter_jsonl_reports_every_bad_line(mixed: Path) -> None:
    rows = list(iter_jsonl(mixed))
    assert [r.line for r in rows] == [1, 3, 4, 5, 6, 7, 9]  # blank lines are skipped
    errors = {r.line: r.error for r in rows if r.error}
    assert set(errors) == {3, 4, 5, 6}
    assert "UTF-8" in errors[3]
    assert "JSON" in errors[4]
    assert "object" in errors[5] and "list" in errors[5]
    assert "str" in errors[6]
    good = {r.line: r.record for r in rows if r.error is None}
    assert good == {
        1: {"id": "a", "text": "first"},
        7: {"id": "g", "text": "été 👍"},
        9: {"text": "last, no newline"},
    }
    assert all(r.record is None for r in rows if r.error)


def test_iter_jsonl_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"text": "from stdin"}\nnope\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    rows = list(iter_jsonl("-"))
    assert rows[0].record == {"text": "from stdin"}
    assert rows[1].line == 2 and rows[1].error


def test_iter_jsonl_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"text": str(i)}) + "\n" for i in range(1000)))
    stream = iter_jsonl(path)
    assert next(stream).record == {"text": "0"}


def test_read_jsonl_texts(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(
        '{"id": 7, "text": "a"}\n{"text": "b"}\n{"id": "x", "body": "c", "text": "d"}\n'
    )
    assert read_jsonl_texts(path) == [("7", "a"), ("2", "b"), ("x", "d")]
    path.write_text('{"body": "c"}\n')
    assert read_jsonl_texts(path, text_field="body") == [("1", "c")]


def test_read_jsonl_texts_missing_file_is_an_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "absent.jsonl"
    with pytest.raises(InputError) as info:
        read_jsonl_texts(missing)
    assert str(missing) in str(info.value)


def test_read_jsonl_texts_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        read_jsonl_texts(tmp_path)


def test_read_jsonl_texts_bad_line_names_file_and_line(mixed: Path) -> None:
    with pytest.raises(InputError) as info:
        read_jsonl_texts(mixed)
    assert f"{mixed}:3:" in str(info.value)


@pytest.mark.parametrize("line", ['{"text": 5}', '{"id": 1}', '{"text": null}'])
def test_read_jsonl_texts_needs_string_text(tmp_path: Path, line: str) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(InputError, match=r":1: field 'text'"):
        read_jsonl_texts(path)


def test_read_jsonl_texts_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text("\n \n")
    with pytest.raises(InputError, match="no records"):
        read_jsonl_texts(path)


def test_write_jsonl_round_trips_through_iter_jsonl(tmp_path: Path) -> None:
    """The one writer and the one reader agree, non-ASCII stays readable in the file, and
    a missing folder is created."""
    rows = [
        {"id": "a", "text": "Ça marche 🙏 — مرحبا", "n": 1},
        {"id": "b", "text": 'quote " and \\ backslash\nnewline', "nested": {"k": [1, 2]}},
    ]
    path = write_jsonl(iter(rows), tmp_path / "new" / "folder" / "out.jsonl")
    raw = path.read_text(encoding="utf-8")
    assert "🙏" in raw and raw.count("\n") == 2
    assert [row.record for row in iter_jsonl(path)] == rows
    assert write_jsonl([], tmp_path / "empty.jsonl").read_text(encoding="utf-8") == ""


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab\n'),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(alphabet='[]{}"\\ab', max_size=4), inner, max_size=3)
    ),
    max_leaves=20,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


@given(json_values, st.booleans())
def test_nesting_depth_counts_only_brackets_outside_strings(value: object, ascii: bool) -> None:
    assert nesting_depth(json.dumps(value, ensure_ascii=ascii)) == _depth(value)


@given(st.text(max_size=200))
def test_parse_json_fails_only_with_its_typed_error(text: str) -> None:
    try:
        parse_json(text)
    except JsonParseError as exc:
        assert str(exc) and "\n" not in str(exc)


def test_parse_json_refuses_deep_nesting_before_parsing() -> None:
    nested: list[object] = []
    for _ in range(63):
        nested = [nested]
    assert parse_json("[" * 64 + "]" * 64) == nested  # 64 levels is the cap, not over it
    for text in ("[" * 65 + "]" * 65, '{"a":' * 100_000, "[" * 10**6):
        with pytest.raises(JsonParseError, match="nested more than 64 levels"):
            parse_json(text)
    assert parse_json('["[[[[", "{{{{", "\\"]"]', max_depth=1) == ["[[[[", "{{{{", '"]']


def test_parse_json_turns_every_failure_into_one_line() -> None:
    with pytest.raises(JsonParseError, match=r"unusable JSON \(Exceeds the limit"):
        parse_json("1" * 5000)  # int() refuses more than 4300 digits with a ValueError
    with pytest.raises(JsonParseError, match=r"Expecting value at column 7") as info:
        parse_json('{"a": }')
    assert (info.value.lineno, info.value.colno) == (1, 7)
    with pytest.raises(JsonParseError, match=r"at line 2, column 1"):
        parse_json('{"a": 1,\n}')


def test_iter_jsonl_reports_deep_and_huge_number_lines(tmp_path: Path) -> None:
    path = tmp_path / "hostile.jsonl"
    path.write_text('{"text": "ok"}\n' + "[" * 5000 + "\n" + "9" * 5000 + '\n{"text": "end"}\n')
    rows = list(iter_jsonl(path))
    assert [r.record for r in rows] == [{"text": "ok"}, None, None, {"text": "end"}]
    assert "nested more than 64" in (rows[1].error or "")
    assert "unusable JSON" in (rows[2].error or "")
