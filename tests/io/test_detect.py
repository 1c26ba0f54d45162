"""Format detection by name and content; inputs that are not exports fail clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.exceptions import ExportFormatError, InputError
from claimcheck.io.detect import detect_format, iter_records
from claimcheck.io.records import BadRecord, Record


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("disqus.xml", "disqus"),
        ("wordpress.xml", "wxr"),
        ("reddit_comments.ndjson", "reddit"),
        ("comments.jsonl", "jsonl"),
        ("comments.csv", "csv"),
        ("comments.tsv", "tsv"),
    ],
)
def test_fixtures_are_detected(exports: Path, name: str, fmt: str) -> None:
    assert detect_format(str(exports / name)) == fmt


def test_content_wins_without_a_telling_name(exports: Path, tmp_path: Path) -> None:
    for name, fmt in [
        ("disqus.xml", "disqus"),
        ("comments.jsonl", "jsonl"),
        ("comments.csv", "csv"),
    ]:
        target = tmp_path / f"export_{fmt}.dat"
        target.write_bytes((exports / name).read_bytes())
        assert detect_format(str(target)) == fmt


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.jsonl"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(ExportFormatError, match="binary data"):
        detect_format(str(path))


def test_other_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("<?xml version='1.0'?><feed><entry/></feed>")
    with pytest.raises(ExportFormatError, match="neither a Disqus"):
        detect_format(str(path))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        detect_format(str(tmp_path / "absent.csv"))
    with pytest.raises(InputError, match="directory"):
        list(iter_records(str(tmp_path)))


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=400), suffix=st.sampled_from([".jsonl", ".csv", ".xml", ".bin", ".gz"])
)
def test_any_bytes_give_items_or_a_typed_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    try:
        items = list(iter_records(str(path)))
    except ExportFormatError:
        return
    assert all(isinstance(i, Record | BadRecord) for i in items)
