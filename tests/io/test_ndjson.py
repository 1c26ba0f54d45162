"""Generic JSONL/NDJSON as normalised records: field mapping, HTML, .gz/.zst, truncation."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zstandard

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.detect import iter_records
from claimcheck.io.jsonl import read_jsonl
from claimcheck.io.records import BadRecord, ReadOptions, Record


def test_generic_fields_and_bad_lines(exports: Path) -> None:
    items = list(read_jsonl(str(exports / "comments.jsonl")))
    records = [i for i in items if isinstance(i, Record)]
    assert [r.id for r in records] == ["j1", "j2", "j3", "j4"]
    assert records[0].created_at == datetime(2020, 1, 1, 10, tzinfo=UTC)
    assert records[1].created_at == datetime.fromtimestamp(1577874000, tz=UTC)
    assert records[1].extra == {"score": 3} and records[1].parent_id == "j1"
    assert records[2].status == "spam" and records[2].text_format == "html"
    assert records[2].text == "Buy now at our shop\nhttp://spam.example"
    assert records[3].text == ""
    bad = [i for i in items if isinstance(i, BadRecord)]
    assert [b.position for b in bad] == [5, 6, 7]
    assert "'text'" in bad[0].reason and "JSON" in bad[1].reason and "list" in bad[2].reason


def test_field_mapping(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text('{"key": "k1", "body": "hello", "text": 5}\n', encoding="utf-8")
    [record] = list(read_jsonl(str(path), ReadOptions(text_field="body", id_field="key")))
    assert isinstance(record, Record)
    assert (record.id, record.text, record.extra) == ("k1", "hello", {"text": 5})


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".ndjson.zst"])
def test_compressed_inputs(exports: Path, tmp_path: Path, suffix: str) -> None:
    raw = (exports / "comments.jsonl").read_bytes()
    data = (
        gzip.compress(raw) if suffix.endswith(".gz") else zstandard.ZstdCompressor().compress(raw)
    )
    path = tmp_path / f"c{suffix}"
    path.write_bytes(data)
    plain = list(iter_records(str(exports / "comments.jsonl")))
    packed = list(iter_records(str(path)))
    assert [getattr(i, "id", None) for i in packed] == [getattr(i, "id", None) for i in plain]


def test_truncated_gzip_keeps_the_lines_before(tmp_path: Path) -> None:
    lines = b"".join(b'{"id": "r%d", "text": "comment number %d"}\n' % (i, i) for i in range(20000))
    data = gzip.compress(lines)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    seen = 0
    with pytest.raises(ExportFormatError, match=r"cut\.jsonl\.gz: the gzip stream is damaged"):
        for item in iter_records(str(path)):
            assert isinstance(item, Record)
            seen += 1
    assert seen > 1000
