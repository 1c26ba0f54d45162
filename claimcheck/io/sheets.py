"""Plain CSV sheets for annotators who prefer a spreadsheet to Label Studio.

Export: one row per suggested comment with an empty `label` column to fill in (the model's
guess sits next to it in `suggested_label`, so an untouched row is never mistaken for a human
label), an `annotator` column, and an optional `sentences` column (JSON list of
{start, end, label}). Import reads the filled-in sheet back: the annotator id comes from the
`annotator` column, else from the file name, so each person can fill their own copy.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.jsonl import JsonParseError, parse_json
from claimcheck.io.labelling import (
    KNOWN_LABELS,
    Annotation,
    AnnotationSet,
    Skipped,
    Suggestion,
    check_label,
    check_spans,
)
from claimcheck.types import PROBABILITY_COLUMNS

#: Columns the import reads.
INPUT_COLUMNS = ("id", "text", "label", "annotator", "domain", "sentences")
#: Columns the export writes for the annotator's information only; the import ignores them.
INFO_COLUMNS = (
    "suggested_label",
    "confidence",
    *PROBABILITY_COLUMNS,
    "score",
    "rank",
    "strategy",
    "model_sentences",
    "model_version",
)
EXPORT_COLUMNS = ("id", "text", "domain", "label", "annotator", *INFO_COLUMNS[:-1], "sentences")


def write_sheet(suggestions: Sequence[Suggestion], path: Path) -> Path:
    """A CSV (UTF-8 with BOM, so spreadsheet programs open it correctly) to fill in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(EXPORT_COLUMNS))
        writer.writeheader()
        for s in suggestions:
            p = s.prediction
            row: dict[str, Any] = {
                "id": s.item.id,
                "text": s.item.text,
                "domain": s.item.domain or "",
                "label": "",
                "annotator": "",
                "suggested_label": p.label.value if p.label else "",
                "confidence": f"{p.confidence:.3f}",
                "score": f"{s.score:.4f}",
                "rank": s.rank,
                "strategy": s.strategy,
                "model_sentences": json.dumps(
                    [{"start": x.start, "end": x.end, "label": x.label.value} for x in p.sentences]
                ),
                "sentences": "",
            }
            row.update({f"p_{k}": f"{v:.3f}" for k, v in p.probabilities.items()})
            writer.writerow(row)
    return path


def _sentences(cell: str, text: str) -> tuple[tuple[Any, ...], str | None]:
    if not cell.strip():
        return (), None
    try:
        raw = parse_json(cell)
    except JsonParseError as exc:
        return (), f"sentences column: {exc.reason}"
    if not isinstance(raw, list) or not all(
        isinstance(x, dict) and {"start", "end", "label"} <= x.keys() for x in raw
    ):
        return (), "sentences column must be a JSON list of {start, end, label}"
    return check_spans([(x["start"], x["end"], x["label"], None) for x in raw], text)


def _open_rows(path: Path) -> tuple[list[str], Any, Any]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
        head = handle.read(4096)
    except UnicodeDecodeError as exc:
        raise ExportFormatError(
            f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8 CSV"
        ) from None
    handle.seek(0)
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        first = head.splitlines()[0] if head else ""
        delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        handle.close()
        raise ExportFormatError(f"{path}:1: unreadable header ({exc})") from None
    if not header:
        handle.close()
        raise ExportFormatError(f"{path}: empty file; expected a header with text and label")
    return [h.strip() for h in header], reader, handle


def read_sheet(path: str | Path) -> AnnotationSet:
    """Annotations from a filled-in sheet; rows without a usable label are skipped with a reason."""
    p = Path(path)
    source = str(p)
    result = AnnotationSet()
    header, reader, handle = _open_rows(p)
    with handle:
        missing = [c for c in ("text", "label") if c not in header]
        if missing:
            raise ExportFormatError(
                f"{source}:1: missing column(s) {', '.join(missing)}; the sheet needs at least "
                f"text and label (found: {', '.join(header)})"
            )
        ignored = [c for c in header if c in INFO_COLUMNS]
        kept = [c for c in header if c not in INFO_COLUMNS and c not in INPUT_COLUMNS and c]
        if ignored:
            result.notes.append(f"{source}: ignored the model's columns {', '.join(ignored)}")
        if kept:
            result.notes.append(
                f"{source}: kept extra column(s) {', '.join(kept)} in provenance.extra"
            )
        while True:
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                raise ExportFormatError(f"{source}:{reader.line_num}: {exc}") from None
            if cells is None:
                break
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise ExportFormatError(
                    f"{source}:{line}: {len(cells)} cells but the header has {len(header)}; "
                    "check for an unquoted delimiter"
                )
            row = dict(zip(header, cells, strict=False))
            text = row.get("text", "")
            item_id = (row.get("id") or "").strip()
            if not text.strip():
                result.skipped.append(Skipped(source, line, "empty text", item_id))
                continue
            value = (row.get("label") or "").strip()
            if not value:
                result.skipped.append(Skipped(source, line, "no label filled in", item_id))
                continue
            label = check_label(value)
            if label is None:
                reason = f"unknown label {value!r} ({KNOWN_LABELS})"
                result.skipped.append(Skipped(source, line, reason, item_id))
                continue
            spans, problem = _sentences(row.get("sentences") or "", text)
            if problem:
                result.skipped.append(Skipped(source, line, problem, item_id))
                continue
            from claimcheck.corpus import comment_id

            result.annotations.append(
                Annotation(
                    item_id=item_id or comment_id(text),
                    text=text,
                    annotator=(row.get("annotator") or "").strip() or p.stem,
                    label=label,
                    sentences=spans,
                    source=source,
                    position=line,
                    domain=(row.get("domain") or "").strip() or None,
                    extra={c: row[c] for c in kept if row.get(c)},
                )
            )
    return result
