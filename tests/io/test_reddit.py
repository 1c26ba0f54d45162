"""Reddit / Pushshift dumps: t1_/t3_ links, submissions, [deleted]/[removed], .zst streams."""

from __future__ import annotations

from pathlib import Path

import pytest
import zstandard

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.detect import detect_format, iter_records
from claimcheck.io.records import BadRecord, Record
from claimcheck.io.reddit import read_reddit


def test_reads_comments_and_submissions(exports: Path) -> None:
    items = list(read_reddit(str(exports / "reddit_comments.ndjson")))
    records = {i.id: i for i in items if isinstance(i, Record)}
    submission = records["s1"]
    assert (submission.thread_id, submission.parent_id) == ("s1", None)
    assert submission.text == "Anyone tried CCSVI?\n\nThinking about it, any experiences?"
    assert (records["c1"].thread_id, records["c1"].parent_id) == ("s1", "s1")
    assert records["c2"].status == "deleted" and records["c2"].text == ""
    assert records["c2"].author is None
    assert records["c3"].parent_id == "c2"  # a reply to a deleted comment keeps its parent
    assert "no benefit & no harm" in records["c3"].text
    assert records["c3"].extra["links"] == ["https://doi.org/10.1001/jamaneurol.2017.3825"]
    assert records["c4"].status == "deleted"
    assert records["c5"].text == "" and records["c5"].status == "approved"
    assert all(r.text_format == "markdown" for r in records.values())
    bad = [i for i in items if isinstance(i, BadRecord)]
    assert [(b.position, "object" in b.reason or "id" in b.reason) for b in bad] == [
        (7, True),
        (8, True),
    ]


def test_zst_dump_is_detected_and_streamed(exports: Path, tmp_path: Path) -> None:
    raw = (exports / "reddit_comments.ndjson").read_bytes()
    path = tmp_path / "RC_2014-05.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(raw))
    assert detect_format(str(path)) == "reddit"
    assert [i.id for i in iter_records(str(path)) if isinstance(i, Record)][:2] == ["s1", "c1"]


def test_truncated_zst_is_an_export_format_error(tmp_path: Path) -> None:
    lines = b"".join(
        b'{"id": "c%d", "subreddit": "x", "body": "text %d"}\n' % (i, i) for i in range(5000)
    )
    data = zstandard.ZstdCompressor().compress(lines)
    path = tmp_path / "RC_cut.zst"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExportFormatError, match="zstd stream ends in the middle"):
        list(read_reddit(str(path)))
