"""CSV/TSV: quoted newlines, encodings, broken quotes, ragged rows, a row with no text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.csv import guess_encoding, read_csv
from claimcheck.io.records import BadRecord, ReadOptions, Record


def test_reads_quoted_newlines_emoji_and_empty_text(exports: Path) -> None:
    items = list(read_csv(str(exports / "comments.csv")))
    records = [i for i in items if isinstance(i, Record)]
    assert [r.id for r in records] == ["c1", "c2", "c3", "c5"]
    assert records[0].text == "I had it done in 2010, and\nmy life is back."
    assert records[1].text.endswith("😀") and records[1].parent_id == "c1"
    assert records[2].text == "" and records[2].author is None
    assert records[3].text == 'She said "it works" to me'
    [bad] = [i for i in items if isinstance(i, BadRecord)]
    assert bad.position == 6 and "7 fields" in bad.reason  # line 6: the quoted newline counts


def test_tsv(exports: Path) -> None:
    records = list(read_csv(str(exports / "comments.tsv"), delimiter="\t"))
    assert [r.text for r in records if isinstance(r, Record)] == [
        "I think it is overrated.",
        "quoted\ttab",
    ]


def test_cp1252_is_sniffed_and_declared_encoding_wins(exports: Path) -> None:
    path = str(exports / "comments_cp1252.csv")
    [first, _] = list(read_csv(path))
    assert isinstance(first, Record) and first.text == "Café crème – “it helped”"
    declared = list(read_csv(path, ReadOptions(encoding="utf-8")))
    assert isinstance(declared[0], BadRecord) and "--encoding" in declared[0].reason
    assert isinstance(declared[1], Record)


def test_unclosed_quote_fails_clearly_after_good_rows(exports: Path) -> None:
    got: list[str] = []
    with pytest.raises(ExportFormatError, match="unclosed quote"):
        for item in read_csv(str(exports / "broken_quote.csv")):
            got.append(item.id if isinstance(item, Record) else "bad")
    assert got == ["b1"]


def test_missing_text_column_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(ExportFormatError, match="--text-field"):
        list(read_csv(str(path)))
    assert [r.text for r in read_csv(str(path), ReadOptions(text_field="body"))] == ["hello"]  # type: ignore[union-attr]


def test_guess_encoding() -> None:
    assert guess_encoding("été".encode()) == "utf-8"
    assert guess_encoding("été".encode()[:-1]) == "utf-8"  # a cut character at the end
    assert guess_encoding("été".encode("cp1252")) == "cp1252"
    assert guess_encoding(b"\xef\xbb\xbfid") == "utf-8-sig"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=30), min_size=1, max_size=8))
def test_any_text_round_trips_through_csv(tmp_path_factory, texts: list[str]) -> None:
    import csv

    path = tmp_path_factory.mktemp("csv") / "p.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([[str(i), t] for i, t in enumerate(texts)])
    items = list(read_csv(str(path)))
    assert [(r.id, r.text) for r in items if isinstance(r, Record)] == [
        (str(i), t) for i, t in enumerate(texts)
    ]


cells = st.text(alphabet='ab ,"\n\r\t;', max_size=40)


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(cells, min_size=1, max_size=8),
    cap=st.integers(min_value=13, max_value=120),
    quote_all=st.booleans(),
)
def test_a_row_over_the_cap_costs_only_itself(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], cap: int, quote_all: bool
) -> None:
    """The row splitter agrees with the csv module: whatever the quoting and line breaks
    inside fields, a row over the cap is quarantined at its first line and every other row
    is read exactly, in order."""
    import csv

    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    lines = []
    for row in [["id", "text"], *[[str(i), t] for i, t in enumerate(texts)]]:
        buffer = io.StringIO()
        csv.writer(buffer, quoting=quoting).writerow(row)
        lines.append(buffer.getvalue())
    path = tmp_path_factory.mktemp("csv") / "p.csv"
    path.write_bytes("".join(lines).encode())
    expected: list[tuple[str, object]] = []
    for i, text in enumerate(texts):
        first_line = len("".join(lines[: i + 1]).splitlines()) + 1
        expected.append(("bad", first_line) if len(lines[i + 1]) > cap else (str(i), text))
    items = list(read_csv(str(path), ReadOptions(max_line_bytes=cap)))
    got = [("bad", i.position) if isinstance(i, BadRecord) else (i.id, i.text) for i in items]
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet='a,"\n\r x', max_size=60))
def test_any_text_the_csv_module_reads_whole_is_read_the_same(
    tmp_path_factory: pytest.TempPathFactory, body: str
) -> None:
    """Hand-written or broken quoting too (quotes inside unquoted fields, text after a closing
    quote): rows the csv module reads from the whole file are the rows read here, and any
    other input gives quarantined rows or one ExportFormatError, never a crash."""
    import csv

    data = "id,text\n" + body
    path = tmp_path_factory.mktemp("csv") / "b.csv"
    path.write_bytes(data.encode())
    try:
        items = list(read_csv(str(path)))
    except ExportFormatError:
        items = None
    try:
        whole = list(csv.reader(io.StringIO(data, newline=""), strict=True))
    except csv.Error:
        return
    rows = [r for r in whole[1:] if any(c.strip() for c in r) and len(r) == 2]
    assert items is not None
    assert [i.text for i in items if isinstance(i, Record)] == [text for _, text in rows]
