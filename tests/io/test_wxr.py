"""WordPress WXR: comments inside items, approval states, parents, empty and broken content."""

from __future__ import annotations

from pathlib import Path

from claimcheck.io.records import Record
from claimcheck.io.wxr import read_wxr


def test_reads_comments_per_post(exports: Path) -> None:
    records = [i for i in read_wxr(str(exports / "wordpress.xml")) if isinstance(i, Record)]
    assert [(r.id, r.thread_id, r.parent_id, r.status) for r in records] == [
        ("7", "42", None, "approved"),
        ("8", "42", "7", "pending"),
        ("9", "42", "8", "spam"),
        ("10", "43", None, "deleted"),
        ("11", "43", "10", "approved"),
    ]
    assert records[0].text.endswith("❤️") and records[0].author == "Maria"
    assert records[0].extra["post_title"].startswith("Clinics abroad")
    assert records[1].extra["links"] == ["https://doi.org/10.1016/S0140-6736(17)32346-7"]
    assert records[2].created_at is None  # 0000-00-00 is "no date", not an error
    assert "http://pills.example/x" in records[2].text
    assert records[3].text == ""
    assert records[4].text == "Replying to a trashed comment. Bold and broken"
    assert records[4].extra["post_title"] == "Second post"
