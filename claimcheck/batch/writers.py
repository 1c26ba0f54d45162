"""Output sinks that commit whole parts atomically, so a killed run loses nothing committed.

A sink writes a part, makes it durable, and returns its state (part count, byte lengths);
the runner stores that state in the checkpoint. On resume the sink cuts itself back to the
checkpointed state: a half-written tail from the killed run disappears and is redone.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import IO, Any

from claimcheck.types import LABELS

PROB_COLUMNS = [f"p_{lab.value}" for lab in LABELS]


def _jsonl(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, default=str) + "\n"


class QuarantineFile:
    """Append-only JSONL of records that could not be used; created on the first entry."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def size(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def append(self, entries: list[dict[str, Any]]) -> None:
        if not entries:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.writelines(_jsonl(e) for e in entries)
            handle.flush()
            os.fsync(handle.fileno())

    def reset(self, size: int) -> None:
        if size == 0:
            self.path.unlink(missing_ok=True)
        elif self.path.exists():
            os.truncate(self.path, size)


class Sink:
    """Base: where rows, quarantine and checkpoint live; resumable unless stdout."""

    resumable = True
    checkpoint_path: Path
    quarantine: QuarantineFile

    def start(self, state: dict[str, Any] | None) -> None:
        """Fresh start (state None) or cut back to a checkpointed state."""
        raise NotImplementedError

    def write(self, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def state(self) -> dict[str, Any]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def describe(self) -> str:
        raise NotImplementedError


class AppendFileSink(Sink):
    """JSONL or CSV in one file: appended per part, truncated back to the checkpoint."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        self.checkpoint_path = path.with_suffix(".checkpoint.json")
        self.quarantine = QuarantineFile(path.with_suffix(".quarantine.jsonl"))
        self._handle: IO[str] | None = None

    def start(self, state: dict[str, Any] | None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if state is None:
            self.path.write_text("", encoding="utf-8")
            self.quarantine.reset(0)
            if self.kind == "csv":
                self._write_text(_csv_lines([], header=True))
        else:
            with self.path.open("a", encoding="utf-8"):
                pass
            os.truncate(self.path, int(state["bytes"]))
            self.quarantine.reset(int(state["quarantine_bytes"]))

    def _write_text(self, text: str) -> None:
        with self.path.open("a", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    def write(self, rows: list[dict[str, Any]]) -> None:
        if self.kind == "csv":
            self._write_text(_csv_lines(rows, header=False))
        else:
            self._write_text("".join(_jsonl(r) for r in rows))

    def state(self) -> dict[str, Any]:
        return {"bytes": self.path.stat().st_size, "quarantine_bytes": self.quarantine.size()}

    def describe(self) -> str:
        return str(self.path)


class StdoutSink(Sink):
    """JSONL on stdout: not resumable (stdout cannot be rewound)."""

    resumable = False

    def __init__(self, quarantine: Path) -> None:
        self.quarantine = QuarantineFile(quarantine)
        self.checkpoint_path = Path(os.devnull)

    def start(self, state: dict[str, Any] | None) -> None:
        self.quarantine.reset(0)

    def write(self, rows: list[dict[str, Any]]) -> None:
        sys.stdout.write("".join(_jsonl(r) for r in rows))
        sys.stdout.flush()

    def state(self) -> dict[str, Any]:
        return {}

    def describe(self) -> str:
        return "stdout"


class ParquetDirSink(Sink):
    """A directory of part-NNNNN.parquet files, each written to a temp name and renamed.

    Bookkeeping files start with `_` so `pyarrow.dataset`/pandas/Spark ignore them when
    reading the directory as one table.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.checkpoint_path = path / "_checkpoint.json"
        self.quarantine = QuarantineFile(path / "_quarantine.jsonl")
        self.parts = 0

    def _part(self, index: int) -> Path:
        return self.path / f"part-{index:05d}.parquet"

    def start(self, state: dict[str, Any] | None) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        self.parts = int(state["parts"]) if state else 0
        for stale in self.path.glob("*.parquet*"):
            name = stale.name
            index = name[5:10]
            keep = name.startswith("part-") and name.endswith(".parquet") and index.isdigit()
            if not keep or int(index) >= self.parts:
                stale.unlink()
        self.quarantine.reset(int(state["quarantine_bytes"]) if state else 0)

    def write(self, rows: list[dict[str, Any]]) -> None:
        import pyarrow.parquet as pq

        target = self._part(self.parts)
        temp = target.with_suffix(".parquet.tmp")
        pq.write_table(arrow_table(rows), temp)
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
        self.parts += 1

    def state(self) -> dict[str, Any]:
        return {"parts": self.parts, "quarantine_bytes": self.quarantine.size()}

    def describe(self) -> str:
        return f"{self.path}/ ({self.parts} parts)"


def make_sink(out: str | None, input_paths: list[str]) -> Sink:
    """Parquet directory, .jsonl/.ndjson or .csv file by the name of OUT; stdout for -/None."""
    if out in (None, "-"):
        first = input_paths[0] if input_paths else "-"
        quarantine = (
            Path("stdin.quarantine.jsonl")
            if first == "-"
            else Path(first).with_suffix(".quarantine.jsonl")
        )
        return StdoutSink(quarantine)
    target = Path(str(out))
    suffix = target.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return AppendFileSink(target, "jsonl")
    if suffix == ".csv":
        return AppendFileSink(target, "csv")
    return ParquetDirSink(target)


# --- flat layouts ---------------------------------------------------------------------------

CSV_COLUMNS = [
    "seq", "id", "thread_id", "parent_id", "author", "created_at", "text", "text_format",
    "status", "source", "label", "confidence", *PROB_COLUMNS, "flags", "sentences", "cues",
    "model_version", "extra",
]  # fmt: skip


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row with one column per label probability and JSON for the nested parts."""
    out = {k: v for k, v in row.items() if k != "probabilities"}
    for lab in LABELS:
        out[f"p_{lab.value}"] = row["probabilities"][lab.value]
    return out


def _csv_lines(rows: list[dict[str, Any]], header: bool) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = flat(row)
        values["flags"] = ";".join(row["flags"])
        values["sentences"] = json.dumps(
            [[s["start"], s["end"], s["label"]] for s in row["sentences"]]
        )
        values["cues"] = json.dumps(row["cues"])
        values["extra"] = json.dumps(row["extra"], ensure_ascii=False, default=str)
        writer.writerow(["" if values[c] is None else values[c] for c in CSV_COLUMNS])
    return buffer.getvalue()


def arrow_schema() -> Any:
    """The fixed Parquet schema, so every part file (and every engine) agrees."""
    import pyarrow as pa

    string = pa.string()
    return pa.schema(
        [
            ("seq", pa.int64()),
            ("id", string),
            ("thread_id", string),
            ("parent_id", string),
            ("author", string),
            ("created_at", pa.timestamp("us", tz="UTC")),
            ("text", string),
            ("text_format", string),
            ("status", string),
            ("source", string),
            ("label", string),
            ("confidence", pa.float64()),
            *[(c, pa.float64()) for c in PROB_COLUMNS],
            ("flags", pa.list_(string)),
            (
                "sentences",
                pa.list_(
                    pa.struct([("start", pa.int32()), ("end", pa.int32()), ("label", string)])
                ),
            ),
            (
                "cues",
                pa.list_(
                    pa.struct([("family", string), ("start", pa.int32()), ("end", pa.int32())])
                ),
            ),
            ("model_version", string),
            ("extra", string),
        ]
    )


def arrow_table(rows: list[dict[str, Any]]) -> Any:
    """Rows as an Arrow table in `arrow_schema()`."""
    from datetime import datetime

    import pyarrow as pa

    records = []
    for row in rows:
        values = flat(row)
        created = row["created_at"]
        values["created_at"] = datetime.fromisoformat(created) if created else None
        values["sentences"] = [
            {"start": s["start"], "end": s["end"], "label": s["label"]} for s in row["sentences"]
        ]
        values["cues"] = [{"family": f, "start": s, "end": e} for f, s, e in row["cues"]]
        values["extra"] = json.dumps(row["extra"], ensure_ascii=False, default=str)
        records.append(values)
    return pa.Table.from_pylist(records, schema=arrow_schema())
