"""The minimal batch contract: JSONL in, JSONL out, bad lines quarantined, the run goes on."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from claimcheck.io.jsonl import iter_jsonl

if TYPE_CHECKING:
    from claimcheck.predict import Classifier

CHUNK = 256


@dataclass
class BatchSummary:
    read: int = 0
    labelled: int = 0
    quarantined: int = 0
    quarantine_path: Path | None = None


@contextmanager
def _open_out(path: str | None) -> Iterator[IO[str]]:
    if path in (None, "-"):
        yield sys.stdout
        return
    target = Path(str(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8") as handle:
        yield handle


def quarantine_path_for(input_path: str, output: str | None) -> Path:
    """Next to the output file; next to the input when writing to stdout."""
    if output not in (None, "-"):
        return Path(str(output)).with_suffix(".quarantine.jsonl")
    if input_path == "-":
        return Path("stdin.quarantine.jsonl")
    return Path(input_path).with_suffix(".quarantine.jsonl")


def run_jsonl_batch(
    classifier: Classifier,
    input_path: str,
    output: str | None,
    *,
    text_field: str = "text",
    id_field: str = "id",
    progress: bool = False,
) -> BatchSummary:
    """Label every usable line; write predictions in input order; quarantine the rest."""
    summary = BatchSummary()
    qpath = quarantine_path_for(input_path, output)
    quarantine: IO[str] | None = None
    pending: list[tuple[str, str]] = []

    def flush(sink: IO[str]) -> None:
        predictions = classifier.predict([text for _, text in pending])
        for (record_id, _), p in zip(pending, predictions, strict=True):
            row: dict[str, Any] = {"id": record_id, **p.to_dict()}
            row.pop("cues", None)
            row["cues"] = [[c.family, c.start, c.end] for c in p.cues]
            row["model_version"] = classifier.version
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
        summary.labelled += len(pending)
        pending.clear()

    from rich.progress import Progress

    with _open_out(output) as sink, Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("labelling", total=None)
        try:
            for row in iter_jsonl(input_path):
                summary.read += 1
                reason = row.error
                text = None
                if row.record is not None:
                    text = row.record.get(text_field)
                    if not isinstance(text, str):
                        reason = f"field {text_field!r} missing or not a string"
                if reason is not None or text is None:
                    if quarantine is None:
                        quarantine = qpath.open("w", encoding="utf-8")
                    quarantine.write(
                        json.dumps(
                            {"source": input_path, "line": row.line, "reason": reason},
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
                    summary.quarantined += 1
                    continue
                record_id = str((row.record or {}).get(id_field, row.line))
                pending.append((record_id, text))
                if len(pending) >= CHUNK:
                    flush(sink)
                    bar.update(task, completed=summary.labelled)
            if pending:
                flush(sink)
        finally:
            if quarantine is not None:
                quarantine.close()
    if summary.quarantined:
        summary.quarantine_path = qpath
    return summary
