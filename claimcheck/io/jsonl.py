"""JSON Lines: read records one line at a time, reporting bad lines instead of dying on them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimcheck.exceptions import InputError
from claimcheck.io.limits import MAX_LINE_BYTES, MAX_RATIO, describe_size
from claimcheck.io.records import BadRecord, Item, ReadOptions, generic_record


def write_jsonl(rows: Iterable[Any], path: str | Path) -> Path:
    """Write one JSON object per line (UTF-8, non-ASCII kept as is), creating the folder.

    The one writer behind every JSON Lines file claimcheck produces (imports, reviews,
    suggestions, feedback exports, summaries), so they all read back with `iter_jsonl`.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return target


@dataclass(frozen=True, slots=True)
class JsonlRow:
    """One line: its number, and either the parsed object or why it could not be used."""

    line: int
    record: dict[str, Any] | None
    error: str | None = None


def iter_jsonl(
    path: str | Path, max_line_bytes: int = MAX_LINE_BYTES, max_ratio: int = MAX_RATIO
) -> Iterator[JsonlRow]:
    """Yield every non-blank line as a JsonlRow; undecodable or non-object lines carry an error.

    gzip and zstd files are decompressed as a stream; a truncated one raises
    ExportFormatError after the lines before the break have been yielded. A line longer than
    `max_line_bytes` is skipped (never held in memory) and carries an error; `max_ratio`
    bounds how far a compressed file may inflate (see claimcheck.io.limits).
    """
    from claimcheck.io.streams import open_stream, read_lines

    name = "stdin" if str(path) == "-" else str(path)
    with open_stream(str(path), max_ratio) as handle:
        for number, raw in read_lines(handle, max_line_bytes, name):
            if raw is None:
                yield JsonlRow(
                    number, None, f"longer than the {describe_size(max_line_bytes)} line cap"
                )
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield JsonlRow(number, None, f"not UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                yield JsonlRow(number, None, f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(value, dict):
                yield JsonlRow(
                    number, None, f"a line must be a JSON object, got {type(value).__name__}"
                )
                continue
            yield JsonlRow(number, value)


def read_jsonl(path: str, options: ReadOptions | None = None) -> Iterator[Item]:
    """Generic JSONL/NDJSON (plain, .gz or .zst) as normalised records, bad lines reported."""
    options = options or ReadOptions()
    source = "stdin" if path == "-" else path
    for row in iter_jsonl(path, options.max_line_bytes, options.max_ratio):
        if row.record is None:
            yield BadRecord(source, row.line, row.error or "unreadable line")
        else:
            yield generic_record(row.record, row.line, source, options)


def read_jsonl_texts(path: str | Path, text_field: str = "text") -> list[tuple[str, str]]:
    """(id, text) of every line; any bad line raises InputError naming file and line."""
    rows: list[tuple[str, str]] = []
    for row in iter_jsonl(path):
        if row.error or row.record is None:
            raise InputError(f"{path}:{row.line}: {row.error}")
        text = row.record.get(text_field)
        if not isinstance(text, str):
            raise InputError(f"{path}:{row.line}: field {text_field!r} missing or not a string")
        rows.append((str(row.record.get("id", row.line)), text))
    if not rows:
        raise InputError(f"{path} has no records")
    return rows
