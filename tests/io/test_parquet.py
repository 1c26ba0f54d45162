"""Parquet: read by row group, generic field mapping, unreadable files."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.detect import detect_format, iter_records
from claimcheck.io.parquet import read_parquet
from claimcheck.io.records import BadRecord, Record


def test_reads_every_row_group(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": [f"p{i}" for i in range(10)],
            "text": [f"comment {i} 🙂" if i != 4 else None for i in range(10)],
            "thread_id": ["t"] * 10,
            "created_at": [1_600_000_000 + i for i in range(10)],
        }
    )
    path = tmp_path / "c.parquet"
    pq.write_table(table, path, row_group_size=3)
    assert pq.ParquetFile(path).num_row_groups == 4
    assert detect_format(str(path)) == "parquet"
    items = list(iter_records(str(path)))
    assert [i.id for i in items if isinstance(i, Record)] == [f"p{i}" for i in range(10) if i != 4]
    [bad] = [i for i in items if isinstance(i, BadRecord)]
    assert (bad.unit, bad.position) == ("row", 5)
    assert items[0].created_at is not None  # type: ignore[union-attr]


def test_not_parquet_is_an_export_format_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_bytes(b"PAR1 this is not really parquet")
    with pytest.raises(ExportFormatError, match=r"fake\.parquet"):
        list(read_parquet(str(path)))
