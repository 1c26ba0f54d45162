"""Human annotations, whatever tool they came from, and their merge into corpus records.

Label Studio exports, filled-in CSV sheets and previously imported JSONL all become the same
`Annotation` values, so agreement and import never care which tool an annotator used. Nothing
is dropped silently: every item or annotation that is not used becomes a `Skipped` with its
reason.

Merge rule (one record per item for training): one annotator -> that label; several who all
agree -> that label; several who disagree -> the strict majority label when there is one
(`rule="majority"`, the default) and the item is skipped with the votes when there is none;
with `rule="unanimous"` any disagreement skips the item. Every annotator's label is kept in
`provenance.annotators`, so `claimcheck agreement` can still read the imported file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimcheck.corpus import comment_id, is_domain_slug, parse_comment_line
from claimcheck.exceptions import ExportFormatError, InputError
from claimcheck.io.jsonl import write_jsonl
from claimcheck.io.labelling import (
    KNOWN_LABELS,
    Annotation,
    AnnotationSet,
    MergeRule,
    Skipped,
    check_label,
)


@dataclass
class MergeReport:
    """What merging did: records written, items skipped, and how disagreements were settled."""

    records: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    single_annotator: int = 0
    unanimous: int = 0
    majority: int = 0


def _provenance(group: Sequence[Annotation], method: str, date: str) -> dict[str, Any]:
    first = group[0]
    annotators = {a.annotator: a.label.value for a in group}
    prov: dict[str, Any] = {
        "author": ", ".join(sorted(annotators)),
        "date": date,
        "method": method,
        "annotators": annotators,
        "source_files": sorted({a.source for a in group}),
        "source_id": first.item_id,
    }
    extra: dict[str, Any] = {}
    for a in group:
        extra.update(a.extra)
    if extra:
        prov["extra"] = extra
    return prov


def merge_annotations(
    annotations: Sequence[Annotation],
    *,
    domain: str | None = None,
    rule: MergeRule = "majority",
    method: str = "imported annotation",
    date: str | None = None,
) -> MergeReport:
    """Corpus-format records (dicts), one per item, each validated by the corpus parser."""
    if domain is not None and not is_domain_slug(domain):
        raise InputError(
            f"domain {domain!r} is not a slug (lower-case letters, digits and _, starting with "
            "a letter), e.g. my_forum"
        )
    date = date or datetime.now(UTC).date().isoformat()
    groups: dict[str, list[Annotation]] = {}
    for a in annotations:
        groups.setdefault(a.item_id, []).append(a)
    report = MergeReport()
    for item_id, group in groups.items():
        first = group[0]
        where = (first.source, first.position)
        if len({a.text for a in group}) > 1:
            report.skipped.append(
                Skipped(*where, "annotators saw different texts for the same id", item_id)
            )
            continue
        votes = Counter(a.label for a in group)
        label, count = votes.most_common(1)[0]
        if len(group) == 1:
            report.single_annotator += 1
        elif len(votes) == 1:
            report.unanimous += 1
        elif rule == "majority" and count * 2 > len(group):
            report.majority += 1
        else:
            shown = ", ".join(f"{a.annotator}: {a.label.value}" for a in group)
            why = "no majority" if rule == "majority" else "not unanimous"
            report.skipped.append(Skipped(*where, f"annotators disagree ({shown}); {why}", item_id))
            continue
        # Sentence spans come from an annotator who gave the winning label, preferably one
        # who marked spans at all.
        winners = [a for a in group if a.label is label]
        chosen = next((a for a in winners if a.sentences), winners[0])
        record_domain = chosen.domain if is_domain_slug(chosen.domain) else domain
        if record_domain is None:
            got = f" ({chosen.domain!r} is not a domain slug)" if chosen.domain else ""
            report.skipped.append(Skipped(*where, f"no domain{got}: pass --domain", item_id))
            continue
        record = {
            "id": comment_id(first.text),
            "text": first.text,
            "label": label.value,
            "domain": record_domain,
            "sentences": [
                {"start": s.start, "end": s.end, "label": s.label.value} for s in chosen.sentences
            ],
            "hard_case": None,
            "provenance": _provenance(group, method, date),
        }
        line = json.dumps(record, ensure_ascii=False)
        _, problems = parse_comment_line(line, first.source, first.position)
        if problems:
            reasons = "; ".join(
                p.message + (f" (field {p.field!r})" if p.field else "") for p in problems
            )
            report.skipped.append(Skipped(*where, f"fails the corpus check: {reasons}", item_id))
            continue
        report.records.append(record)
    return report


def write_records(records: Sequence[dict[str, Any]], out: str | Path) -> Path:
    """Write corpus-format records as JSON Lines (the format `claimcheck train --extra` reads)."""
    return write_jsonl(records, out)


def read_imported(path: str | Path) -> AnnotationSet:
    """Annotations back out of an imported corpus-format JSONL (provenance.annotators).

    Records without `provenance.annotators` count as one annotation by `provenance.author`.
    """
    from claimcheck.io.jsonl import iter_jsonl

    result = AnnotationSet()
    source = str(path)
    for row in iter_jsonl(path):
        if row.record is None:
            raise ExportFormatError(f"{source}:{row.line}: {row.error}")
        raw = row.record
        text = raw.get("text")
        if not isinstance(text, str) or not text.strip():
            result.skipped.append(Skipped(source, row.line, "empty or missing text"))
            continue
        item_id = str(raw.get("id") or comment_id(text))
        prov = raw.get("provenance")
        if not isinstance(prov, dict):
            prov = {}
        votes = prov.get("annotators")
        if not isinstance(votes, dict):
            votes = {str(prov.get("author") or "unknown"): raw.get("label")}
        for annotator, value in votes.items():
            label = check_label(value)
            if label is None:
                reason = f"unknown label {value!r} by {annotator} ({KNOWN_LABELS})"
                result.skipped.append(Skipped(source, row.line, reason, item_id))
                continue
            result.annotations.append(
                Annotation(
                    item_id=item_id,
                    text=text,
                    annotator=str(annotator),
                    label=label,
                    source=source,
                    position=row.line,
                    domain=raw.get("domain"),
                )
            )
    return result


def read_annotation_files(paths: Sequence[str | Path]) -> AnnotationSet:
    """Annotations from Label Studio JSON exports, filled-in CSV sheets or imported JSONL."""
    from claimcheck.io.labelstudio import read_export
    from claimcheck.io.sheets import read_sheet

    result = AnnotationSet()
    for p in paths:
        path = Path(p)
        if not path.is_file():
            raise InputError(f"annotation file not found: {path}")
        name = path.name.lower()
        if name.endswith((".csv", ".tsv")):
            result.extend(read_sheet(path))
        elif name.endswith((".jsonl", ".ndjson")):
            result.extend(read_imported(path))
        elif name.endswith(".json"):
            result.extend(read_export(path))
        else:
            raise ExportFormatError(
                f"{path}: unknown annotation file type; use a Label Studio JSON export (.json), "
                "a filled-in sheet (.csv) or an imported corpus file (.jsonl)"
            )
    return result
