"""CSV and TSV exports: a header row, any encoding, quoted fields with newlines inside.

The encoding is taken from `--encoding`, else from a byte-order mark, else UTF-8 if the
first megabyte decodes as UTF-8, else cp1252 (what spreadsheet exports on Windows write).
Bytes that still do not decode put their row in quarantine instead of stopping the run.
Rows are found by following the quoting first (so a row over the line cap is skipped and
reading resumes exactly at the next row), then parsed one at a time by the csv module.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from typing import TextIO

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.limits import ENDLESS_FACTOR, describe_size
from claimcheck.io.records import BadRecord, Item, ReadOptions, build_safely, generic_record
from claimcheck.io.streams import open_stream

SNIFF_BYTES = 1 << 20


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


class _QuoteState:
    """Where a CSV row ends: follows quoting the way the csv module does, across physical
    lines, without holding them.

    A quote opens a quoted field only at the start of a field; inside one, a doubled quote is
    a quote and a line break is text; a row ends at a line break outside quotes. Knowing that
    independently of the csv module is what lets the reader skip a row over the cap and start
    again exactly at the next row (the csv module, stopped by its field limit, resumed inside
    the quoted field and read its remaining lines as made-up rows).
    """

    START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED = range(4)

    def __init__(self, delimiter: str) -> None:
        self._delimiter = delimiter
        self._opening = delimiter + '"'
        self.state = self.START

    def feed(self, piece: str) -> bool:
        """Follow one physical line (or a piece of one); True when the row ends with it."""
        if '"' not in piece:  # the common cases, decided without scanning
            if self.state == self.QUOTED:
                return False
            if self.state == self.START:
                return piece[-1] in "\r\n"
        body = piece.rstrip("\r\n")
        state, i, n = self.state, 0, len(body)
        while i < n:
            if state == self.START:
                if body[i] == '"':
                    state, i = self.QUOTED, i + 1
                else:
                    state = self.UNQUOTED
            elif state == self.UNQUOTED:  # quotes inside are plain text; find the next "x,"
                j = body.find(self._opening, i)
                if j < 0:
                    state = self.START if body.endswith(self._delimiter) else self.UNQUOTED
                    break
                state, i = self.QUOTED, j + 2
            elif state == self.QUOTED:
                j = body.find('"', i)
                if j < 0:
                    break
                state, i = self.QUOTE_IN_QUOTED, j + 1
            elif body[i] == '"':  # a doubled quote inside a quoted field
                state, i = self.QUOTED, i + 1
            elif body[i] == self._delimiter:
                state, i = self.START, i + 1
            else:  # text after a closing quote: the csv module will refuse the row
                state = self.UNQUOTED
        if len(body) < len(piece) and state != self.QUOTED:
            self.state = self.START
            return True
        self.state = state
        return False


def _pieces(text: TextIO, cap: int) -> Iterator[str]:
    """Physical lines, each cut into pieces of at most cap + 1 characters (a longer line is
    over the cap anyway). A CRLF the cut split in two is put back together, so it counts as
    one line break."""
    following = text.readline(cap + 1)
    while following:
        piece, following = following, text.readline(cap + 1)
        if following == "\n" and piece.endswith("\r"):
            piece, following = piece + following, text.readline(cap + 1)
        yield piece


def _rows(
    text: TextIO, delimiter: str, cap: int, source: str
) -> Iterator[tuple[int, list[str] | None]]:
    """(first line number, physical lines) of every CSV row; None for a row over `cap`
    characters, which is skipped to its end without being held.

    Raises ExportFormatError when the file ends inside a quoted field, or when one row runs
    past ENDLESS_FACTOR times the cap (a quote that never closes, or not a CSV file).
    """
    line = 0
    quoting = _QuoteState(delimiter)
    pieces = _pieces(text, cap)
    while True:
        start, size = line + 1, 0
        parts: list[str] | None = []
        for piece in pieces:
            if piece[-1] in "\r\n":
                line += 1
            size += len(piece)
            if parts is not None and size > cap:
                parts = None  # over the cap: keep following the quoting, drop the text
            elif parts is not None:
                parts.append(piece)
            if size > cap * ENDLESS_FACTOR:
                raise ExportFormatError(
                    f"{source}: the row at line {start} runs past "
                    f"{describe_size(cap * ENDLESS_FACTOR)} characters without ending (a "
                    "quote that never closes, or not a CSV file); rows before it were read"
                )
            if quoting.feed(piece):
                yield start, parts
                break
        else:  # the end of the file
            if quoting.state == _QuoteState.QUOTED:
                raise ExportFormatError(
                    f"{source}: the file ends inside a quoted field opened in the row at "
                    f"line {start} (an unclosed quote); rows before it were read"
                )
            if size:
                yield start, parts
            return


def read_csv(
    path: str, options: ReadOptions | None = None, delimiter: str | None = None
) -> Iterator[Item]:
    """Rows of a CSV/TSV file as normalised records; bad rows reported by line number.

    A row longer than `options.max_line_bytes` characters (quoted line breaks included) is
    quarantined and reading goes on at the next row; any row the csv module refuses is
    quarantined the same way.
    """
    options = options or ReadOptions()
    source = "stdin" if path == "-" else path
    cap = options.max_line_bytes
    # The csv module's limit is process-wide: raise it (never lower it) so that no field of a
    # row within the cap is refused; the cap itself is enforced by _rows, per reader.
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, cap + 1)))
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
        rows = _rows(text, delimiter, cap, source)
        header = _header(rows, delimiter, source)
        if header is None:
            return
        if options.text_field not in header:
            raise ExportFormatError(
                f"{source}: no column {options.text_field!r} in the header "
                f"({', '.join(header[:20])}); name the text column with --text-field"
            )
        for position, lines in rows:
            if lines is None:
                yield BadRecord(
                    source, position, f"a row longer than the {describe_size(cap)} line cap"
                )
                continue
            try:
                parsed = list(csv.reader(lines, delimiter=delimiter, strict=True))
            except csv.Error as exc:
                yield BadRecord(source, position, f"broken CSV quoting ({exc})")
                continue
            if not parsed or not any(cell.strip() for row in parsed for cell in row):
                continue
            if len(parsed) > 1:
                yield BadRecord(source, position, "broken CSV quoting (one row read as several)")
                continue
            [row] = parsed
            if len(row) != len(header):
                yield BadRecord(
                    source, position, f"{len(row)} fields where the header has {len(header)}"
                )
                continue
            if any(_undecodable(cell) for cell in row):
                yield BadRecord(source, position, f"bytes that are not {encoding}; pass --encoding")
                continue
            values = dict(zip(header, row, strict=True))
            yield build_safely(
                source, position, "line", generic_record, values, position, source, options
            )


def _header(
    rows: Iterator[tuple[int, list[str] | None]], delimiter: str, source: str
) -> list[str] | None:
    for _, lines in rows:
        if lines is None:
            raise ExportFormatError(f"{source}: the header row is longer than the line cap")
        try:
            parsed = list(csv.reader(lines, delimiter=delimiter, strict=True))
        except csv.Error as exc:
            raise ExportFormatError(f"{source}: unreadable CSV header ({exc})") from None
        if parsed:
            return parsed[0]
    return None


def _undecodable(cell: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in cell)
