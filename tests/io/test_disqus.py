"""Disqus XML: threads, nested replies, deleted parents, CDATA HTML, spam, broken markup."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.disqus import read_disqus
from claimcheck.io.records import BadRecord, Record


def test_reads_posts_with_links_statuses_and_thread(exports: Path) -> None:
    items = list(read_disqus(str(exports / "disqus.xml")))
    records = {i.id: i for i in items if isinstance(i, Record)}
    assert list(records) == ["1001", "1002", "1003", "1004", "1005"]
    first = records["1001"]
    assert first.text.endswith("🙏") and "<p>" not in first.text
    assert first.thread_id == "100" and first.parent_id is None
    assert first.created_at == datetime(2014, 3, 1, 10, tzinfo=UTC)
    assert first.extra["thread"]["title"].startswith("CCSVI")
    assert records["1002"].status == "deleted"
    reply = records["1003"]  # answers a deleted post: the link is kept as it is
    assert reply.parent_id == "1002"
    assert reply.created_at == datetime(2014, 3, 1, 11, 30, tzinfo=UTC)  # +01:00 to UTC
    assert "Petrov et al. 2011" in reply.text
    assert reply.extra["links"] == ["https://pubmed.ncbi.nlm.nih.gov/21679068/"]
    assert reply.text.endswith("https://pubmed.ncbi.nlm.nih.gov/21679068/")
    spam = records["1004"]  # broken markup still gives text and the link target
    assert spam.status == "spam" and "Cheap meds here" in spam.text
    assert "http://cheap-meds.example/buy" in spam.text
    assert records["1005"].text == ""
    [bad] = [i for i in items if isinstance(i, BadRecord)]
    assert (bad.unit, bad.position) == ("post", 6) and "dsq:id" in bad.reason


def test_xml_cut_in_the_middle_keeps_earlier_posts(exports: Path, tmp_path: Path) -> None:
    data = (exports / "disqus.xml").read_text(encoding="utf-8")
    cut = tmp_path / "cut.xml"
    cut.write_text(data[: data.index('<post dsq:id="1004">') + 40], encoding="utf-8")
    seen: list[str] = []
    with pytest.raises(ExportFormatError, match=r"cut\.xml: XML breaks at line \d+") as info:
        for item in read_disqus(str(cut)):
            seen.append(item.id if isinstance(item, Record) else "bad")
    assert seen == ["1001", "1002", "1003"]
    assert "were read" in str(info.value)


def test_message_over_the_cap_is_quarantined_and_titles_are_cut(tmp_path: Path) -> None:
    from claimcheck.io.records import ReadOptions

    path = tmp_path / "d.xml"
    path.write_text(
        '<disqus xmlns:dsq="http://disqus.com/disqus-internals">'
        f'<thread dsq:id="1"><title>{"t" * 5000}</title></thread>'
        f'<post dsq:id="a"><message>{"x" * 3000}</message><thread dsq:id="1"/></post>'
        '<post dsq:id="b"><message>short</message><thread dsq:id="1"/></post></disqus>'
    )
    items = list(read_disqus(str(path), ReadOptions(max_line_bytes=2048)))
    assert isinstance(items[0], BadRecord) and (items[0].unit, items[0].position) == ("post", 1)
    assert "longer than the 2 KiB line cap" in items[0].reason
    assert isinstance(items[1], Record) and items[1].text == "short"
    assert items[1].extra["thread"]["title"] == "t" * 2000
