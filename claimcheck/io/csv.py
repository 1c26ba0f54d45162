"""CSV and TSV exports: a header row, any encoding, quoted fields with newlines inside.

The encoding is taken from `--encoding`, else from a byte-order mark, else UTF-8 if the
first megabyte decodes as UTF-8, else cp1252 (what spreadsheet exports on Windows write).
Bytes that still do not decode put their row in quarantine instead of stopping the run.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from typing import Any

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.records import BadRecord, Item, ReadOptions, generic_record
from claimcheck.io.streams import open_stream

SNIFF_BYTES = 1 << 20
#: One field may hold a long comment, but not the rest of a file after a broken quote.
FIELD_LIMIT = 1 << 20


def guess_encoding(head: bytes) -> str:
    """BOM, else UTF-8 if the sample decodes (a cut last character is fine), else cp1252."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def read_csv(
    path: str, options: ReadOptions | None = None, delimiter: str | None = None
) -> Iterator[Item]:
    """Rows of a CSV/TSV file as normalised records; bad rows reported by line number."""
    options = options or ReadOptions()
    source = "stdin" if path == "-" else path
    csv.field_size_limit(min(sys.maxsize, FIELD_LIMIT))
    with open_stream(path, options.max_ratio) as stream:
        head = stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        encoding = options.encoding or guess_encoding(head)
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ExportFormatError(f"unknown encoding {encoding!r} for {source}") from None
        text = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
        if delimiter is None:
            first = head.split(b"\n", 1)[0]
            delimiter = "\t" if first.count(b"\t") > first.count(b",") else ","
        # strict: a stray quote is an error on its row (quarantined) instead of silently
        # swallowing the following lines into one field
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        header = _next_row(reader, source)
        if header is None:
            return
        if options.text_field not in header:
            raise ExportFormatError(
                f"{source}: no column {options.text_field!r} in the header "
                f"({', '.join(header[:20])}); name the text column with --text-field"
            )
        start = reader.line_num + 1
        while True:
            position = start
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "unexpected end of data" in str(exc):
                    raise ExportFormatError(
                        f"{source}: the file ends inside a quoted field opened at line "
                        f"{position} (an unclosed quote); rows before it were read"
                    ) from None
                start = reader.line_num + 1
                yield BadRecord(source, position, f"broken CSV quoting ({exc})")
                continue
            start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield BadRecord(
                    source, position, f"{len(row)} fields where the header has {len(header)}"
                )
                continue
            if any(_undecodable(cell) for cell in row):
                yield BadRecord(source, position, f"bytes that are not {encoding}; pass --encoding")
                continue
            yield generic_record(dict(zip(header, row, strict=True)), position, source, options)


def _next_row(reader: Any, source: str) -> list[str] | None:
    try:
        return next(reader, None)
    except csv.Error as exc:
        raise ExportFormatError(f"{source}: unreadable CSV header ({exc})") from None


def _undecodable(cell: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in cell)
