"""JSON Lines: read records one line at a time, reporting bad lines instead of dying on them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from claimcheck.exceptions import ExportFormatError, InputError
from claimcheck.io.limits import MAX_JSON_DEPTH, MAX_LINE_BYTES, MAX_RATIO, describe_size
from claimcheck.io.records import BadRecord, Item, ReadOptions, build_safely, generic_record


class JsonParseError(ExportFormatError):
    """A JSON text that cannot be used: invalid, nested too deep, or too big to parse.

    The message is one line saying what is wrong (`lineno`/`colno` locate a syntax error, 0
    otherwise); callers prefix the file and line, and quarantine or report it.
    """

    def __init__(self, reason: str, lineno: int = 0, colno: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.lineno = lineno
        self.colno = colno


#: A complete JSON string (escapes included), matched without backtracking.
_JSON_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]++")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in `text` (brackets inside strings do not count).

    A cheap scan at C speed (two regular-expression passes and a running sum), so a line can
    be refused before `json.loads` recurses once per level and dies of RecursionError.
    """
    if '"' in text:
        text = _JSON_STRING.sub("", text)
    brackets = _NOT_BRACKET.sub("", text)
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0)


def parse_json(text: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """`json.loads` that fails only with JsonParseError, whatever is wrong with `text`.

    The one parser behind every JSON claimcheck reads from a user (JSON Lines, Reddit dumps,
    Label Studio exports, sheet cells, feedback exports): nesting deeper than `max_depth` is
    refused before parsing, and RecursionError, MemoryError and ValueError (a number of more
    than 4300 digits) become one-line errors instead of a traceback that ends the run.
    """
    if text.count("[") + text.count("{") > max_depth and nesting_depth(text) > max_depth:
        raise JsonParseError(
            f"JSON nested more than {max_depth} levels deep; no comment export needs that"
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = (
            f"column {exc.colno}" if exc.lineno == 1 else f"line {exc.lineno}, column {exc.colno}"
        )
        raise JsonParseError(
            f"not valid JSON ({exc.msg} at {where})", exc.lineno, exc.colno
        ) from None
    except RecursionError:
        raise JsonParseError("JSON nested too deeply to parse") from None
    except MemoryError:
        raise JsonParseError(f"JSON too large to parse ({len(text):,} characters)") from None
    except ValueError as exc:
        raise JsonParseError(f"unusable JSON ({exc})") from None


def jsonl_lines(rows: Iterable[Any]) -> Iterator[str]:
    """One JSON object per line, non-ASCII kept as is: the one encoding behind every JSON
    Lines file and stream claimcheck produces (files through `write_jsonl`, the service's
    ndjson exports directly), so they all read back with `iter_jsonl`."""
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def write_jsonl(rows: Iterable[Any], path: str | Path) -> Path:
    """Write `jsonl_lines(rows)` to `path` (UTF-8), creating the folder: imports, reviews,
    suggestions, feedback exports, summaries."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as handle:
        handle.writelines(jsonl_lines(rows))
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
                value = parse_json(text)
            except JsonParseError as exc:
                yield JsonlRow(number, None, exc.reason)
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
            yield build_safely(
                source, row.line, "line", generic_record, row.record, row.line, source, options
            )


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
