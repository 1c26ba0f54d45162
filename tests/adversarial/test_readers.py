"""Issue 11, input readers: no input file may stall a run, exhaust memory, or make a reader
lose its place. Every hostile input is generated here, at test time, scaled down from the
issue's originals; a deadline of a few seconds stands in for "used to take tens of seconds
or hang", and tracemalloc's peak for "used to hold the whole decompressed file"."""

from __future__ import annotations

import gzip
import json
import signal
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import zstandard

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.detect import detect_format, iter_records
from claimcheck.io.records import BadRecord, Item, ReadOptions, Record

MiB = 1 << 20


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail the test (instead of hanging the suite) when the block runs past `seconds`."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def peak_memory(work: Callable[[], Any]) -> tuple[Any, int]:
    """(what `work` returned or raised, peak bytes Python allocated while it ran)."""
    tracemalloc.start()
    try:
        try:
            result: Any = work()
        except (ExportFormatError, TimeoutError) as exc:
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def zst_of(path: Path, byte: bytes, size: int, tail: bytes = b"") -> Path:
    """A .zst of `size` bytes of `byte` repeated (then `tail`), compressed as a stream: tiny
    on disk. `len(byte)` must divide 1 MiB."""
    block = byte * (MiB // len(byte))
    with path.open("wb") as handle:
        writer = zstandard.ZstdCompressor(level=19).stream_writer(handle)
        for _ in range(size // MiB):
            writer.write(block)
        writer.write(tail)
        writer.flush(zstandard.FLUSH_FRAME)
    return path


def drain(path: Path, options: ReadOptions | None = None) -> list[Item]:
    return list(iter_records(str(path), options))


# --- item 8: decompression bombs, binary detection, line cap --------------------------------


def test_zst_bomb_of_spaces_ends_quickly_in_bounded_memory(tmp_path: Path) -> None:
    """256 MiB of spaces in 8 KB: was decompressed whole and re-copied on every read (the
    1 GiB original hung at 2.4 GB); now it is refused as a bomb after a few MiB."""
    bomb = zst_of(tmp_path / "bomb.jsonl.zst", b" ", 256 * MiB)
    assert bomb.stat().st_size < 64 * 1024
    with deadline(10):
        error, peak = peak_memory(lambda: drain(bomb))
    assert isinstance(error, ExportFormatError), error
    assert "decompression bomb" in str(error) and "bomb.jsonl.zst" in str(error)
    assert peak < 16 * MiB


def test_endless_line_without_the_ratio_cap_ends_with_a_clear_message(tmp_path: Path) -> None:
    """With the ratio cap off, the line cap alone stops one endless line: no hang, no
    gigabyte-sized line in memory."""
    bomb = zst_of(tmp_path / "bomb.jsonl.zst", b" ", 256 * MiB)
    options = ReadOptions(max_ratio=0, max_line_bytes=MiB)
    with deadline(10):
        error, peak = peak_memory(lambda: drain(bomb, options))
    assert isinstance(error, ExportFormatError), error
    assert "line 1 runs past 64 MiB without a line break" in str(error)
    assert peak < 8 * MiB


def test_binary_detection_reads_only_a_prefix(tmp_path: Path) -> None:
    """A zst of zeros was decompressed whole just to be called binary (21 s, 2.4 GB at 1 GiB)."""
    zeros = zst_of(tmp_path / "zeros.jsonl.zst", b"\0", 256 * MiB)
    with deadline(5):
        error, peak = peak_memory(lambda: detect_format(str(zeros)))
    assert isinstance(error, ExportFormatError) and "binary data" in str(error)
    assert peak < 4 * MiB


def test_zst_of_blank_lines_is_passed_quickly(tmp_path: Path) -> None:
    """64 Mi blank lines then one comment: skipped at C speed, the comment keeps its number."""
    row = b'{"id": "last", "text": "after the blanks"}\n'
    path = zst_of(tmp_path / "blank.jsonl.zst", b"\n", 64 * MiB, tail=row)
    with deadline(10):
        items = drain(path, ReadOptions(max_ratio=0))
    assert [(i.id, i.text) for i in items if isinstance(i, Record)] == [
        ("last", "after the blanks")
    ]


@pytest.mark.parametrize("packing", ["plain", "gzip", "zstd"])
def test_a_line_over_the_cap_is_quarantined_and_reading_goes_on(
    tmp_path: Path, packing: str
) -> None:
    long_text = "x" * (3 * MiB)
    lines = [
        json.dumps({"id": "a", "text": "before"}),
        json.dumps({"id": "long", "text": long_text}),
        json.dumps({"id": "b", "text": "after"}),
    ]
    data = ("\n".join(lines) + "\n").encode()
    if packing == "gzip":
        data = gzip.compress(data)
    elif packing == "zstd":
        data = zstandard.ZstdCompressor().compress(data)
    path = tmp_path / f"long.jsonl{'' if packing == 'plain' else '.' + packing[:3]}"
    path.write_bytes(data)
    items, peak = peak_memory(lambda: drain(path))
    assert [i.id for i in items if isinstance(i, Record)] == ["a", "b"]
    [bad] = [i for i in items if isinstance(i, BadRecord)]
    assert (bad.position, bad.unit) == (2, "line")
    assert "1 MiB line cap" in bad.reason
    assert peak < 3 * MiB  # the long line was never held whole
    raised = drain(path, ReadOptions(max_line_bytes=4 * MiB))
    assert [len(i.text) for i in raised if isinstance(i, Record)] == [6, 3 * MiB, 5]


# --- item 9: markup that used to cost quadratic time -----------------------------------------


@pytest.mark.parametrize(
    ("shape", "text_format", "expected"),
    [
        ("[a](" * 20_000, "markdown", "[a](" * 20_000),  # 41 s before
        (" \n" * 20_000, "markdown", ""),  # 22 s before
        ("<p>" * 50_000, "html", ""),  # 79 s before
        ("<!--" * 20_000, "html", ""),  # 11 s before
    ],
    ids=["md-link-openers", "md-blank-lines", "html-nested-p", "html-open-comments"],
)
def test_hostile_markup_renders_in_linear_time(shape: str, text_format: str, expected: str) -> None:
    from claimcheck.io.markup import render

    with deadline(5):
        text, links = render(shape, text_format)
    assert (text, links) == (expected, [])


def test_many_distinct_links_are_checked_in_bounded_time() -> None:
    """Every link target was searched for in the whole text: 50,000 links took 10 s."""
    from claimcheck.io.markup import MAX_LINKS_CHECKED, render

    body = "".join(f"[a](http://x{i}.example) " for i in range(50_000))
    with deadline(5):
        text, links = render(body, "markdown")
    assert len(links) == 50_000
    assert text.split("\n")[-1].split() == links[:MAX_LINKS_CHECKED]


# --- item 10: deeply nested JSON, wherever a user's JSON is read -----------------------------

DEEP = "[" * 2000 + "]" * 2000  # 1,000 levels was enough to crash the run with RecursionError


def test_deep_json_line_is_quarantined_and_the_run_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text(
        '{"id": "a", "text": "before"}\n'
        + '{"id": "x", "text": "t", "extra": '
        + DEEP
        + "}\n"
        + "7" * 5000
        + '\n{"id": "b", "text": "after"}\n'
    )
    items = drain(path)
    assert [i.id for i in items if isinstance(i, Record)] == ["a", "b"]
    bad = [i for i in items if isinstance(i, BadRecord)]
    assert [b.position for b in bad] == [2, 3]
    assert "nested more than 64 levels" in bad[0].reason and "unusable JSON" in bad[1].reason


def test_deep_json_first_line_does_not_break_format_detection(tmp_path: Path) -> None:
    path = tmp_path / "deep_first.ndjson"
    path.write_text(DEEP + '\n{"id": "c1", "subreddit": "x", "body": "hi"}\n')
    assert detect_format(str(path)) == "jsonl"
    items = drain(path, ReadOptions(format="reddit"))
    assert isinstance(items[0], BadRecord) and "nested" in items[0].reason
    assert isinstance(items[1], Record) and items[1].text == "hi"


def test_thread_reports_a_deep_line_in_one_line(tmp_path: Path) -> None:
    from claimcheck.batch.summary import load_batch_output
    from claimcheck.exceptions import InputError

    path = tmp_path / "labelled.jsonl"
    path.write_text(DEEP + "\n")
    with pytest.raises(InputError, match=r"labelled\.jsonl:1: JSON nested more than 64"):
        load_batch_output(path)


def test_label_import_reports_deep_json_in_every_annotation_format(tmp_path: Path) -> None:
    from claimcheck.io.labelstudio import read_export
    from claimcheck.io.sheets import read_sheet
    from claimcheck.research.annotations import read_imported

    export = tmp_path / "project.json"
    export.write_text('[{"data": {"text": "x"}, "annotations": ' + DEEP + "}]")
    with pytest.raises(ExportFormatError, match=r"project\.json: JSON nested more than 64"):
        read_export(export)
    imported = tmp_path / "imported.jsonl"
    imported.write_text(DEEP + "\n")
    with pytest.raises(ExportFormatError, match=r"imported\.jsonl:1: JSON nested more than 64"):
        read_imported(imported)
    sheet = tmp_path / "maria.csv"
    sheet.write_text(f'text,label,sentences\n"Tried it.",testimonial,"{DEEP}"\n')
    got = read_sheet(sheet)
    assert not got.annotations
    assert "sentences column: JSON nested more than 64" in str(got.skipped[0])


def test_retrain_feedback_file_reports_deep_json_in_one_line(tmp_path: Path) -> None:
    from claimcheck.service.feedback_export import read_feedback_export

    path = tmp_path / "feedback.jsonl"
    path.write_text(DEEP + "\n")
    with pytest.raises(ExportFormatError, match=r"feedback\.jsonl:1: JSON nested more than 64"):
        read_feedback_export(path)


# --- item 11: a CSV field over the cap must not make the reader lose its place ---------------


def _big_field_csv(path: Path, rows: int) -> tuple[Path, str]:
    """A valid CSV whose third row holds a 1.5 MiB quoted field made of lines that look like
    rows (with doubled quotes), followed by `rows` ordinary rows."""
    import csv

    big = ('r9,"he said ""hi"""\n' + "fake,looks like a row\n") * 36_000
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerow(["a", "before"])
        writer.writerow(["big", big])
        writer.writerows([f"r{i}", f'comment {i}, with "quotes"'] for i in range(rows))
    return path, big


def test_csv_field_over_the_cap_is_quarantined_and_the_next_row_is_read(tmp_path: Path) -> None:
    """It used to label made-up records from inside the field, quarantine the next real row
    and report thousands of false duplicate ids."""
    path, big = _big_field_csv(tmp_path / "big.csv", 2000)
    items = drain(path)
    ids = [i.id for i in items if isinstance(i, Record)]
    assert ids == ["a", *(f"r{i}" for i in range(2000))]
    [bad] = [i for i in items if isinstance(i, BadRecord)]
    assert (bad.position, bad.reason) == (3, "a row longer than the 1 MiB line cap")
    assert items[2].text == 'comment 0, with "quotes"'  # type: ignore[union-attr]
    raised = drain(path, ReadOptions(max_line_bytes=2 * MiB))
    assert [i.text for i in raised if isinstance(i, Record) and i.id == "big"] == [big]
    assert not [i for i in raised if isinstance(i, BadRecord)]


def test_csv_quote_that_never_closes_ends_with_a_clear_message(tmp_path: Path) -> None:
    path = zst_of(tmp_path / "open.csv.zst", b"x" * 1023 + b"\n", 256 * MiB)
    path.write_bytes(
        zstandard.ZstdCompressor().compress(b'id,text\nok,fine\nq,"never closed\n')
        + path.read_bytes()
    )
    seen: list[str] = []

    def read() -> None:
        for item in iter_records(str(path), ReadOptions(max_ratio=0)):
            seen.append(item.id if isinstance(item, Record) else "bad")

    with deadline(10):
        error, peak = peak_memory(read)
    assert isinstance(error, ExportFormatError), error
    assert "row at line 3 runs past 64 MiB characters without ending" in str(error)
    assert seen == ["ok"] and peak < 16 * MiB


# --- every reader: a record that cannot be read, whatever the reason, is quarantined ---------

EXPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "exports"


def _parquet(tmp_path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "c.parquet"
    table = pa.table({"id": ["p1", "p2", "p3"], "text": ["one", "two", "three"]})
    pq.write_table(table, path)
    return path


EXPORT_FIXTURES = ["comments.jsonl", "comments.csv", "reddit_comments.ndjson", "disqus.xml"]


@pytest.mark.parametrize("name", [*EXPORT_FIXTURES, "wordpress.xml", "parquet"])
def test_a_record_failing_for_any_reason_is_quarantined_and_reading_goes_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    """A bug or a library refusing one record (here: rendering the second record's text
    raises) used to end the whole run with a traceback."""
    from claimcheck.io import disqus, markup, reddit, wxr

    path = _parquet(tmp_path) if name == "parquet" else EXPORTS / name
    normal = drain(path)
    real, calls = markup.render, []

    def flaky(body: str, text_format: str) -> tuple[str, list[str]]:
        calls.append(body)
        if len(calls) == 2:
            raise RuntimeError("simulated failure\nwith a second line")
        return real(body, text_format)

    for module in (markup, reddit, disqus, wxr):
        monkeypatch.setattr(module, "render", flaky)
    items = drain(path)
    changed = [(old, new) for old, new in zip(normal, items, strict=True) if old != new]
    [(before, after)] = changed
    assert isinstance(before, Record) and isinstance(after, BadRecord)
    assert after.reason == "could not be read (RuntimeError: simulated failure)"


def test_html_marked_section_that_html_parser_rejects_is_read_as_html5_does(
    tmp_path: Path,
) -> None:
    """`<![ y]]>` made html.parser raise AssertionError (BeautifulSoup: ParserRejectedMarkup),
    which ended the whole run; HTML5 reads it as a bogus comment."""
    path = tmp_path / "marked.jsonl"
    rows = [
        {"id": "m1", "text": "x<![ y]]> z", "text_format": "html"},
        {"id": "m2", "text": "<![if !supportLists]>1.<![endif]> item", "text_format": "html"},
        {"id": "m3", "text": "a<![CDATA[b]]>c<![>", "text_format": "html"},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    assert [i.text for i in drain(path) if isinstance(i, Record)] == ["x z", "1. item", "abc"]


def test_xml_element_that_never_ends_stops_in_bounded_memory(tmp_path: Path) -> None:
    """A Disqus post whose message never ends (256 MiB inside CDATA) was held whole."""
    head = (
        b'<disqus xmlns:dsq="http://disqus.com/disqus-internals">'
        b'<post dsq:id="a"><message>fine</message></post>'
        b'<post dsq:id="b"><message><![CDATA['
    )
    path = zst_of(tmp_path / "bomb.xml.zst", b"x", 256 * MiB)
    path.write_bytes(zstandard.ZstdCompressor().compress(head) + path.read_bytes())
    seen: list[str] = []

    def read() -> None:
        for item in iter_records(str(path), ReadOptions(max_ratio=0, format="disqus")):
            seen.append(item.id if isinstance(item, Record) else "bad")

    with deadline(10):
        error, peak = peak_memory(read)
    assert isinstance(error, ExportFormatError), error
    assert "one XML element runs past 64 MiB" in str(error) and "1 top-level" in str(error)
    assert seen == ["a"] and peak < 80 * MiB


def test_corpus_checker_reports_a_deeply_nested_line_instead_of_crashing(tmp_path) -> None:
    from claimcheck.corpus import check_corpus

    nested = "[" * 5000 + "]" * 5000
    (tmp_path / "comments.jsonl").write_text(nested + "\n", encoding="utf-8")
    (tmp_path / "flags.jsonl").write_text(nested + "\n", encoding="utf-8")
    report = check_corpus(tmp_path, style_leak=False)
    assert len(report.problems) == 2
    assert all("nested" in p.message for p in report.problems)
