"""Turn stored moderator feedback into a corpus-format training file, and retrain with it
(the training itself is claimcheck.retrain's: this module decides what feedback adds and
which corpus records it replaces).

Rules (also in docs/service.md):

- Texts are compared after collapsing runs of whitespace, so a re-pasted comment with a
  different line break still counts as the same comment.
- Feedback that disagrees with itself: the latest correction (highest id) of a text wins;
  every such text is reported as a conflict with all the labels it was given.
- Feedback that repeats a corpus text: with the same label it adds nothing and is dropped;
  with another label the corpus stays the source of truth and the row is dropped and
  reported, unless `feedback_wins=True`, when the corpus record is left out of the training
  copy of the corpus and the feedback label is used instead (also reported).
- Each row keeps its provenance: source "feedback", feedback id, author, key id, time,
  reason, model version, the label the model gave, comment and request ids.
- Every row is checked by the corpus parser; a row it refuses (e.g. emoji-only text) is
  skipped with the parser's reason, so training never sees an invalid record.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck.corpus import (
    CorpusRecord,
    is_domain_slug,
    load_comments,
    parse_comment_line,
    resolve_corpus,
)
from claimcheck.exceptions import ExportFormatError, InputError
from claimcheck.io.jsonl import JsonParseError, parse_json, write_jsonl
from claimcheck.retrain import TRAINING_CORPUS_FILE, retrain
from claimcheck.service.db import Database, FeedbackIn, FeedbackRecord

if TYPE_CHECKING:
    from claimcheck.model import ModelParams

FEEDBACK_FILE = "feedback.jsonl"
REPORT_FILE = "feedback_report.json"
#: Fields every line of a JSONL feedback export must have (FeedbackRecord.to_dict()).
EXPORT_FIELDS = ("id", "text", "label", "author", "created_at")


def text_key(text: str) -> str:
    """What makes two texts 'the same comment' here: equal up to whitespace runs."""
    return " ".join(text.split())


def feedback_row_id(text: str) -> str:
    """A stable id for a feedback row: `fb-` + the first 12 hex of SHA-1 of its text."""
    return "fb-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Conflict:
    """One text that was given different labels; `kept` says which label training uses."""

    text: str
    kept: str
    kept_from: str
    labels: dict[str, list[int | str]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ExportReport:
    """What happened to each feedback row on its way into the training file."""

    path: Path
    read: int = 0
    written: int = 0
    collapsed_repeats: int = 0
    already_in_corpus: int = 0
    feedback_conflicts: list[Conflict] = field(default_factory=list)
    corpus_conflicts: list[Conflict] = field(default_factory=list)
    overridden_corpus_ids: list[str] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    training_corpus: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "read": self.read,
            "written": self.written,
            "collapsed_repeats": self.collapsed_repeats,
            "already_in_corpus": self.already_in_corpus,
            "feedback_conflicts": [c.to_dict() for c in self.feedback_conflicts],
            "corpus_conflicts": [c.to_dict() for c in self.corpus_conflicts],
            "overridden_corpus_ids": self.overridden_corpus_ids,
            "skipped": self.skipped,
            "training_corpus": str(self.training_corpus) if self.training_corpus else None,
        }


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def feedback_row(record: FeedbackRecord, domain: str) -> dict[str, Any]:
    """One feedback record as a corpus-format line (a dict), provenance included."""
    return {
        "id": feedback_row_id(record.text),
        "text": record.text,
        "label": record.label,
        "domain": domain,
        "provenance": {
            "source": "feedback",
            "feedback_id": record.id,
            "author": record.author,
            "key_id": record.key_id,
            "date": _iso(record.created_at),
            "created_at": _iso(record.created_at),
            "reason": record.reason,
            "model_version": record.model_version,
            "predicted_label": record.predicted_label,
            "comment_id": record.comment_id,
            "request_id": record.request_id,
        },
    }


def _latest_per_text(
    records: Iterable[FeedbackRecord], report: ExportReport
) -> dict[str, FeedbackRecord]:
    """The newest correction of each text; disagreements go into the report."""
    groups: dict[str, list[FeedbackRecord]] = {}
    for record in records:
        report.read += 1
        groups.setdefault(text_key(record.text), []).append(record)
    latest: dict[str, FeedbackRecord] = {}
    for key, group in groups.items():
        group.sort(key=lambda r: r.id)
        winner = group[-1]
        latest[key] = winner
        report.collapsed_repeats += len(group) - 1
        labels: dict[str, list[int | str]] = {}
        for r in group:
            labels.setdefault(r.label, []).append(r.id)
        if len(labels) > 1:
            report.feedback_conflicts.append(
                Conflict(winner.text, winner.label, f"feedback {winner.id} (latest)", labels)
            )
    return latest


def export_feedback(
    records: Iterable[FeedbackRecord],
    out_file: str | Path,
    *,
    domain: str,
    corpus: Sequence[CorpusRecord] = (),
    feedback_wins: bool = False,
) -> ExportReport:
    """Write the training file for `records` against `corpus`; see the module rules."""
    if not is_domain_slug(domain):
        raise InputError(
            f"domain {domain!r} for feedback rows is not a slug (lower-case letters, digits "
            "and _, starting with a letter), e.g. my_forum"
        )
    path = Path(out_file)
    report = ExportReport(path=path)
    latest = _latest_per_text(records, report)
    by_text = {text_key(r.text): r for r in corpus}
    rows: list[dict[str, Any]] = []
    for key, record in sorted(latest.items(), key=lambda item: item[1].id):
        existing = by_text.get(key)
        if existing is not None:
            if existing.label.value == record.label:
                report.already_in_corpus += 1
                continue
            labels: dict[str, list[int | str]] = {
                existing.label.value: [existing.id],
                record.label: [record.id],
            }
            if not feedback_wins:
                report.corpus_conflicts.append(
                    Conflict(record.text, existing.label.value, f"corpus {existing.id}", labels)
                )
                continue
            report.corpus_conflicts.append(
                Conflict(record.text, record.label, f"feedback {record.id}", labels)
            )
            report.overridden_corpus_ids.append(existing.id)
        row = feedback_row(record, domain)
        line = json.dumps(row, ensure_ascii=False)
        _, problems = parse_comment_line(line, str(path), len(rows) + 1)
        if problems:
            report.skipped.append(
                {"feedback_id": record.id, "reason": "; ".join(str(p.message) for p in problems)}
            )
            if existing is not None and feedback_wins:
                report.overridden_corpus_ids.remove(existing.id)
            continue
        rows.append(row)
    write_jsonl(rows, path)
    report.written = len(rows)
    return report


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _export_record(raw: object, path: Path, line: int) -> FeedbackRecord:
    """One line of a JSONL export, checked as strictly as the store checks its input."""

    def bad(message: str, field: str = "") -> ExportFormatError:
        where = f" (field {field!r})" if field else ""
        return ExportFormatError(f"{path}:{line}: {message}{where}")

    if not isinstance(raw, dict):
        raise bad("a line must be a JSON object (one feedback record)")
    missing = [name for name in EXPORT_FIELDS if name not in raw]
    if missing:
        raise bad(f"missing {', '.join(missing)}; is this a feedback export?")
    if not isinstance(raw["id"], int) or isinstance(raw["id"], bool) or raw["id"] < 1:
        raise bad("must be a positive integer", "id")
    try:
        item = FeedbackIn(
            text=raw["text"],
            label=raw["label"],
            author=raw["author"],
            comment_id=raw.get("comment_id"),
            reason=raw.get("reason") or "",
            predicted_label=raw.get("predicted_label"),
            model_version=raw.get("model_version"),
            request_id=raw.get("request_id"),
        )
    except InputError as exc:
        raise bad(str(exc)) from None
    key_id = raw.get("key_id")
    if key_id is not None and not isinstance(key_id, str):
        raise bad("must be a string or null", "key_id")
    try:
        created = _aware(datetime.fromisoformat(str(raw["created_at"])))
    except ValueError:
        raise bad(f"not an ISO 8601 time: {raw['created_at']!r}", "created_at") from None
    return FeedbackRecord(
        id=raw["id"],
        text=item.text,
        label=item.label.value,
        author=item.author,
        comment_id=item.comment_id,
        reason=item.reason,
        predicted_label=item.predicted_label,
        model_version=item.model_version,
        request_id=item.request_id,
        key_id=key_id,
        created_at=created.astimezone(UTC),
    )


def read_feedback_export(path: str | Path) -> list[FeedbackRecord]:
    """Records of a JSONL feedback export; the first bad line raises ExportFormatError."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"feedback export not found: {file}") from None
    except IsADirectoryError:
        raise InputError(f"feedback export {file} is a directory, not a JSONL file") from None
    records: list[FeedbackRecord] = []
    for number, raw_line in enumerate(data.splitlines(), 1):
        try:
            text = raw_line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ExportFormatError(f"{file}:{number}: not UTF-8 ({exc.reason})") from None
        if not text.strip():
            continue
        try:
            raw = parse_json(text)
        except JsonParseError as exc:
            raise ExportFormatError(f"{file}:{number}: {exc.reason}") from None
        records.append(_export_record(raw, file, number))
    return records


def retrain_with_feedback(
    source: Database | str | Path,
    *,
    corpus: str | Path = "corpus",
    out: str | Path = "models/retrained",
    domain: str,
    feedback_wins: bool = False,
    since: datetime | None = None,
    cross_validate: bool = True,
    params: ModelParams | None = None,
    log: Callable[[str], None] | None = None,
) -> tuple[ExportReport, dict[str, Any]]:
    """Export feedback next to the bundle (OUT/feedback.jsonl), then train on corpus + it.

    `source` is the feedback database, or a JSONL export of it (`GET /v1/feedback?format=
    jsonl`, one FeedbackRecord.to_dict() per line) for retraining away from the database.
    The export and a JSON report of conflicts stay in OUT, so the bundle records exactly
    what it learned from (its meta lists the files and their digest).
    """

    def say(message: str) -> None:
        if log is not None:
            log(message)

    # Fail on a wrong database or a bad export before the slow imports and the training.
    records: Iterable[FeedbackRecord]
    if isinstance(source, Database):
        source.check_schema()
        records = source.iter_feedback(since=since)
    else:
        records = [
            r
            for r in read_feedback_export(source)
            if since is None or r.created_at >= _aware(since)
        ]
    out_dir = Path(out)
    corpus_file = resolve_corpus(corpus)
    report = export_feedback(
        records,
        out_dir / FEEDBACK_FILE,
        domain=domain,
        corpus=load_comments(corpus_file),
        feedback_wins=feedback_wins,
    )
    if report.overridden_corpus_ids:  # retrain writes this copy of the corpus without them
        report.training_corpus = out_dir / TRAINING_CORPUS_FILE
    (out_dir / REPORT_FILE).write_text(
        json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    say(
        f"feedback: {report.read} read, {report.written} written to {report.path}, "
        f"{len(report.feedback_conflicts)} feedback conflicts, "
        f"{len(report.corpus_conflicts)} corpus conflicts, {len(report.skipped)} skipped"
    )
    trained = retrain(
        corpus_file,
        out_dir,
        extra=[report.path],
        drop_ids=report.overridden_corpus_ids,
        params=params,
        cross_validate=cross_validate,
        log=log,
    )
    return report, trained.meta
