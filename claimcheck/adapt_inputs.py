"""What `claimcheck adapt` reads: a forum's labelled comments in any format the project
already reads, and an unlabelled forum export in any batch format.

Labelled files, by name: `.json` a Label Studio export; `.csv`/`.tsv` a filled-in sheet or a
plain CSV with text and label; `.jsonl`/`.ndjson` (optionally .gz/.zst) the corpus format,
a `label import` output, or plain JSON lines with text and label, each with optional sentence
spans (`sentences`: [{start, end, label}]). A row that cannot be used in a JSONL file stops the
read with its file and line (training on silently dropped rows would mislead); rows a sheet or
export leaves unlabelled are skipped and counted, as `label import` does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.corpus import Sentence
from claimcheck.exceptions import InputError
from claimcheck.io.labelling import KNOWN_LABELS, Annotation, check_label, check_spans
from claimcheck.types import Label

LABELLED_SUFFIXES = (".json", ".csv", ".tsv", ".jsonl", ".ndjson")


@dataclass(frozen=True, slots=True)
class LabelledComment:
    """One forum comment with its label and optional sentence labels."""

    text: str
    label: Label
    sentences: tuple[Sentence, ...] = ()
    source: str = ""
    domain: str | None = None


@dataclass
class ForumLabels:
    """The labelled comments of every file, with what each file held and what was skipped."""

    items: list[LabelledComment] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = Counter(item.label.value for item in self.items)
        return {lab.value: found.get(lab.value, 0) for lab in sorted(Label, key=str)}


def _kind(path: Path) -> str:
    from claimcheck.io.detect import plain_suffix

    suffix = plain_suffix(path)
    if suffix not in LABELLED_SUFFIXES:
        raise InputError(
            f"{path}: cannot tell what labelled file this is from its name; use a Label Studio "
            "export (.json), a filled-in sheet or CSV with text and label (.csv/.tsv), or JSON "
            "lines with text and label (.jsonl; the corpus format and `label import` output "
            "are JSON lines)"
        )
    return {".tsv": "csv", ".ndjson": "jsonl"}.get(suffix, suffix[1:])


def _jsonl(path: Path) -> list[LabelledComment]:
    from claimcheck.io.jsonl import iter_jsonl

    items: list[LabelledComment] = []
    for row in iter_jsonl(path):
        if row.error or row.record is None:
            raise InputError(f"{path}:{row.line}: {row.error}")
        record = row.record
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{path}:{row.line}: field 'text' missing, empty or not a string")
        label = check_label(record.get("label"))
        if label is None:
            raise InputError(
                f"{path}:{row.line}: label {record.get('label')!r} is not one of "
                f"{KNOWN_LABELS}; every row needs one"
            )
        raw = record.get("sentences") or []
        if not isinstance(raw, list) or not all(
            isinstance(s, dict) and {"start", "end", "label"} <= s.keys() for s in raw
        ):
            raise InputError(
                f"{path}:{row.line}: 'sentences' must be a list of {{start, end, label}}"
            )
        spans, problem = check_spans([(s["start"], s["end"], s["label"], None) for s in raw], text)
        if problem:
            raise InputError(f"{path}:{row.line}: {problem}")
        domain = record.get("domain")
        items.append(
            LabelledComment(
                text, label, spans, str(path), domain if isinstance(domain, str) else None
            )
        )
    return items


def _merge(
    annotations: Sequence[Annotation], notes: list[str], source: Path
) -> list[LabelledComment]:
    """One comment per item: its annotators' strict-majority label (as `label import`)."""
    groups: dict[str, list[Annotation]] = {}
    for a in annotations:
        groups.setdefault(a.item_id, []).append(a)
    items: list[LabelledComment] = []
    ties = 0
    for group in groups.values():
        label, count = Counter(a.label for a in group).most_common(1)[0]
        if count * 2 <= len(group) and len(group) > 1:
            ties += 1
            continue
        chosen = next((a for a in group if a.label is label and a.sentences), group[0])
        spans = chosen.sentences if chosen.label is label else ()
        items.append(LabelledComment(group[0].text, label, spans, str(source), chosen.domain))
    if ties:
        notes.append(f"{source}: skipped {ties} items whose annotators had no majority label")
    return items


def read_forum_labels(paths: Sequence[str | Path]) -> ForumLabels:
    """Every labelled comment of `paths`; InputError (file and line) on unusable input."""
    from claimcheck.bundle import sha256_file
    from claimcheck.exceptions import ExportFormatError

    result = ForumLabels()
    seen: dict[str, Label] = {}
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise InputError(f"labelled file not found: {path}")
        if path.is_dir():
            raise InputError(f"{path} is a directory; give a labelled file")
        kind = _kind(path)
        try:
            if kind == "jsonl":
                items = _jsonl(path)
            else:
                from claimcheck.io.labelstudio import read_export
                from claimcheck.io.sheets import read_sheet

                found = read_sheet(path) if kind == "csv" else read_export(path)
                result.notes.extend(found.notes)
                if found.skipped:
                    reasons = Counter(s.reason for s in found.skipped).most_common(3)
                    shown = "; ".join(f"{n}× {r}" for r, n in reasons)
                    result.notes.append(f"{path}: skipped {len(found.skipped)} rows ({shown})")
                items = _merge(found.annotations, result.notes, path)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
        except ExportFormatError:
            raise
        used = 0
        for item in items:
            if item.text in seen:
                if seen[item.text] is not item.label:
                    raise InputError(
                        f"{path}: the text {item.text[:60]!r} is labelled both "
                        f"{seen[item.text].value} and {item.label.value}; settle it in one file"
                    )
                continue
            seen[item.text] = item.label
            result.items.append(item)
            used += 1
        result.files.append(
            {"path": str(path), "sha256": sha256_file(path), "kind": kind, "comments": used}
        )
    return result


def read_unlabelled(path: str | Path, *, text_field: str = "text") -> tuple[list[str], int]:
    """Distinct non-empty texts of a forum export in any batch format, and how many records
    were skipped (unreadable, empty or repeated)."""
    from claimcheck.io.detect import iter_records
    from claimcheck.io.records import BadRecord, ReadOptions
    from claimcheck.text import is_empty

    source = Path(path)
    if not source.is_file():
        raise InputError(f"unlabelled file not found: {source}")
    texts: list[str] = []
    seen: set[str] = set()
    skipped = 0
    for item in iter_records(str(source), ReadOptions(text_field=text_field)):
        if isinstance(item, BadRecord):
            if item.fatal:
                raise InputError(f"{item.source}:{item.position}: {item.reason}")
            skipped += 1
            continue
        if is_empty(item.text) or item.text in seen:
            skipped += 1
            continue
        seen.add(item.text)
        texts.append(item.text)
    if not texts:
        raise InputError(f"{source}: no usable comment text (field {text_field!r})")
    return texts, skipped
