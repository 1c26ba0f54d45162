"""Read a labelled file (JSONL or CSV: text, label, optional id/source/domain) for scoring.

Strict on purpose: a report built on silently dropped rows would mislead, so the first
unusable row stops the read with its file and line. JSONL is read like
`claimcheck evaluate` reads it (`claimcheck.io.jsonl.iter_jsonl`, gzip/zstd included).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.exceptions import InputError
from claimcheck.types import LABEL_NAMES

#: Optional grouping columns, reported as per-group tables when present.
GROUP_FIELDS = ("source", "domain")
#: Placeholder group for a row without the field, so no row drops out of a group table.
MISSING_GROUP = "-"


@dataclass
class LabelledData:
    """Texts with gold labels, in file order, and their optional groups."""

    path: str
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    gold: list[str] = field(default_factory=list)
    #: group field -> one value per item; only fields that some row has
    groups: dict[str, list[str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts)


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    from claimcheck.io.jsonl import iter_jsonl

    for row in iter_jsonl(path):
        if row.error or row.record is None:
            raise InputError(f"{path}:{row.line}: {row.error}")
        yield row.line, row.record


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    csv.field_size_limit(1 << 24)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            header = reader.fieldnames or []
            if header and ("text" not in header or "label" not in header):
                missing = [c for c in ("text", "label") if c not in header]
                raise InputError(
                    f"{path}: no {' or '.join(repr(c) for c in missing)} column in the header "
                    f"({', '.join(header[:20])}); a labelled CSV needs text and label columns"
                )
            start = 2
            for values in reader:
                if None in values:
                    raise InputError(f"{path}:{start}: more fields than the header has")
                yield start, dict(values)
                start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise InputError(f"{path}: unreadable CSV ({exc})") from None


def read_labelled(path: str | Path) -> LabelledData:
    """Every row of a labelled JSONL/CSV file; InputError naming file and line on bad input."""
    target = Path(path)
    if not target.exists():
        raise InputError(f"labelled file not found: {path}")
    if target.is_dir():
        raise InputError(f"{path} is a directory; give a labelled .jsonl or .csv file")
    is_csv = target.suffix.lower() in (".csv", ".tsv")
    rows = _csv_rows(target) if is_csv else _jsonl_rows(target)
    data = LabelledData(path=str(path))
    raw_groups: dict[str, list[Any]] = {name: [] for name in GROUP_FIELDS}
    for line, record in rows:
        text, label = record.get("text"), record.get("label")
        if isinstance(label, str):
            label = label.strip()  # spreadsheets keep stray spaces around a typed value
        if not isinstance(text, str):
            raise InputError(f"{path}:{line}: field 'text' missing or not a string")
        if label is None or label == "":
            raise InputError(
                f"{path}:{line}: field 'label' missing; every row needs a gold label "
                f"({', '.join(LABEL_NAMES)})"
            )
        if label not in LABEL_NAMES:
            raise InputError(
                f"{path}:{line}: unknown label {label!r}; use one of {', '.join(LABEL_NAMES)}"
            )
        data.ids.append(str(record.get("id") or line))
        data.texts.append(text)
        data.gold.append(label)
        for name in GROUP_FIELDS:
            raw_groups[name].append(record.get(name))
    if not data.texts:
        raise InputError(f"{path} has no labelled rows")
    for name, values in raw_groups.items():
        if any(v not in (None, "") for v in values):
            data.groups[name] = [MISSING_GROUP if v in (None, "") else str(v) for v in values]
    return data
