"""Output sinks that commit whole parts atomically, so a killed run loses nothing committed.

A sink writes a part, makes it durable, and returns its state (part count, byte lengths);
the runner stores that state in the checkpoint. On resume the sink cuts itself back to the
checkpointed state: a half-written tail from the killed run disappears and is redone.

A sink writes only what it owns. A file output (.jsonl/.csv) and its quarantine grow under a
temporary name next to them and replace the old files only when the run has finished, so a
failed or killed run never leaves a half-written file under the name the user gave. A
Parquet directory is one the sink created, or one it marked as its own: anything else in it
is refused, never deleted.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from claimcheck.batch import guard
from claimcheck.exceptions import InputError
from claimcheck.types import LABELS, PROBABILITY_COLUMNS

#: Suffix of the temporary name a file output (or quarantine) grows under until the end.
PARTIAL = ".partial"
#: Written into a Parquet output directory: the directory is a claimcheck batch output, so
#: its parts, checkpoint and quarantine may be replaced by a later run.
MARKER = "_claimcheck_batch.json"
#: Names a batch run writes inside its Parquet directory; nothing else there is ever touched.
_OWN_NAMES = re.compile(
    r"(part-\d{5,}\.parquet|_checkpoint\.json|_quarantine\.jsonl|_threads\.parquet)"
    r"(\.tmp|\.partial)?"
)


def _jsonl(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, default=str) + "\n"


def _partial(path: Path) -> Path:
    return path.with_name(path.name + PARTIAL)


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _cut_back(path: Path, size: int, what: str) -> None:
    """Truncate `path` to the checkpointed `size`; refuse if it is missing or shorter."""
    have = path.stat().st_size if path.is_file() else -1
    if have < size:
        found = "is missing" if have < 0 else f"has {have} bytes, the checkpoint {size}"
        raise InputError(f"cannot resume: the {what} {path} {found}; pass --fresh to start over")
    os.truncate(path, size)


class QuarantineFile:
    """Append-only JSONL of records that could not be used; created on the first entry.

    A staged quarantine is written under `NAME.partial` and renamed at the end, like a
    file output; an unstaged one (inside the Parquet directory the run owns) is written in
    place, committed together with the parts.
    """

    def __init__(self, path: Path, *, staged: bool) -> None:
        self.path = path
        self.staged = staged
        self.work = _partial(path) if staged else path

    def paths(self) -> list[Path]:
        return [self.path, self.work]

    def size(self) -> int:
        return self.work.stat().st_size if self.work.exists() else 0

    def append(self, entries: list[dict[str, Any]]) -> None:
        if not entries:
            return
        self.work.parent.mkdir(parents=True, exist_ok=True)
        with self.work.open("a", encoding="utf-8") as handle:
            handle.writelines(_jsonl(e) for e in entries)
            handle.flush()
            os.fsync(handle.fileno())

    def reset(self, size: int) -> None:
        """Fresh start (0) or cut back to the checkpointed size."""
        if size == 0:
            self.work.unlink(missing_ok=True)
        else:
            _cut_back(self.work, size, "quarantine file")

    def finish(self) -> None:
        """Put this run's quarantine under its name; a run with none leaves none behind."""
        if not self.staged:
            return
        if self.work.exists():
            os.replace(self.work, self.path)
        else:
            self.path.unlink(missing_ok=True)
        _fsync_dir(self.path.parent)

    def exists(self) -> bool:
        return self.path.is_file()


class Sink:
    """Base: where rows, quarantine and checkpoint live; resumable unless stdout."""

    resumable = True
    checkpoint_path: Path
    quarantine: QuarantineFile

    def files(self) -> list[Path]:
        """Every file this sink may create, replace or truncate (checked against inputs)."""
        raise NotImplementedError

    def directory(self) -> Path | None:
        """The directory this sink owns as a whole, if any."""
        return None

    def prepare(self) -> None:
        """InputError for an output it must not or cannot write; writes nothing."""
        raise NotImplementedError

    def start(self, state: dict[str, Any] | None) -> None:
        """Fresh start (state None) or cut back to a checkpointed state."""
        raise NotImplementedError

    def write(self, rows: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def state(self) -> dict[str, Any]:
        raise NotImplementedError

    def finish(self) -> None:
        """The run is complete: put the output under its final name."""
        self.quarantine.finish()

    def summary_target(self) -> Path | None:
        """Where --summary writes the per-thread summaries (None: output cannot be read)."""
        return None

    def close(self) -> None:
        pass

    def describe(self) -> str:
        raise NotImplementedError


class AppendFileSink(Sink):
    """JSONL or CSV in one file: appended per part under NAME.partial, truncated back to
    the checkpoint on resume, renamed to NAME when the run is complete."""

    def __init__(self, path: Path, kind: str, quarantine: Path | None = None) -> None:
        self.path = path
        self.kind = kind
        self.work = _partial(path)
        self.checkpoint_path = path.with_suffix(".checkpoint.json")
        self.quarantine = QuarantineFile(
            quarantine or path.with_suffix(".quarantine.jsonl"), staged=True
        )

    def files(self) -> list[Path]:
        checkpoint_temp = self.checkpoint_path.with_name(self.checkpoint_path.name + ".tmp")
        summary = self.summary_target()
        return [
            self.path, self.work, self.checkpoint_path, checkpoint_temp,
            *self.quarantine.paths(), summary, _partial(summary),
        ]  # fmt: skip

    def prepare(self) -> None:
        if self.path.is_dir():
            raise InputError(
                f"{self.path} is a directory; give a new file name for a .jsonl/.csv output, "
                "or a name without extension for a directory of Parquet parts"
            )
        guard.refuse_unwritable(self.path.parent, "output", "--out")
        guard.refuse_unwritable(self.quarantine.path.parent, "quarantine file", "--quarantine PATH")

    def start(self, state: dict[str, Any] | None) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if state is None:
            self.work.write_text("", encoding="utf-8")
            self.quarantine.reset(0)
            if self.kind == "csv":
                self._write_text(_csv_lines([], header=True))
        else:
            _cut_back(self.work, int(state["bytes"]), "unfinished output")
            self.quarantine.reset(int(state["quarantine_bytes"]))

    def _write_text(self, text: str) -> None:
        with self.work.open("a", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    def write(self, rows: list[dict[str, Any]]) -> None:
        if self.kind == "csv":
            self._write_text(_csv_lines(rows, header=False))
        else:
            self._write_text("".join(_jsonl(r) for r in rows))

    def state(self) -> dict[str, Any]:
        return {"bytes": self.work.stat().st_size, "quarantine_bytes": self.quarantine.size()}

    def finish(self) -> None:
        os.replace(self.work, self.path)
        _fsync_dir(self.path.parent)
        self.quarantine.finish()

    def summary_target(self) -> Path:
        return self.path.with_name(f"{self.path.stem}.threads{self.path.suffix}")

    def describe(self) -> str:
        return str(self.path)


class StdoutSink(Sink):
    """JSONL on stdout: not resumable (stdout cannot be rewound)."""

    resumable = False

    def __init__(self, quarantine: Path) -> None:
        self.quarantine = QuarantineFile(quarantine, staged=True)
        self.checkpoint_path = Path(os.devnull)

    def files(self) -> list[Path]:
        return self.quarantine.paths()

    def prepare(self) -> None:
        guard.refuse_unwritable(self.quarantine.path.parent, "quarantine file", "--quarantine PATH")

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
    reading the directory as one table. The directory must be new, empty, or marked (by
    MARKER) as an earlier run's output holding nothing but that run's own files.
    """

    def __init__(self, path: Path, quarantine: Path | None = None) -> None:
        self.path = path
        self.checkpoint_path = path / "_checkpoint.json"
        self.quarantine = QuarantineFile(
            quarantine or path / "_quarantine.jsonl", staged=quarantine is not None
        )
        self.parts = 0

    def files(self) -> list[Path]:
        return [*self.quarantine.paths()] if self.quarantine.staged else []

    def directory(self) -> Path:
        return self.path

    def _part(self, index: int) -> Path:
        return self.path / f"part-{index:05d}.parquet"

    def prepare(self) -> None:
        if self.path.exists() and not self.path.is_dir():
            raise InputError(
                f"{self.path} exists and is not a directory; the Parquet output needs a new "
                "or empty directory (or a .jsonl/.csv file name)"
            )
        if self.path.is_dir():
            names = sorted(entry.name for entry in self.path.iterdir())
            foreign = [
                n for n in names
                if n != MARKER and (not _OWN_NAMES.fullmatch(n) or (self.path / n).is_symlink())
            ]  # fmt: skip
            if names and MARKER not in names:
                raise InputError(
                    f"{self.path} is not empty and was not written by claimcheck batch; "
                    "choose an empty or new directory for the Parquet output"
                )
            if foreign:
                shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
                raise InputError(
                    f"{self.path} holds files claimcheck batch did not write ({shown}); "
                    "choose an empty or new directory for the Parquet output"
                )
        guard.refuse_unwritable(self.path, "output", "--out")
        guard.refuse_unwritable(self.quarantine.path.parent, "quarantine file", "--quarantine PATH")

    def start(self, state: dict[str, Any] | None) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        marker = self.path / MARKER
        if not marker.exists():
            marker.write_text(
                json.dumps({"written_by": "claimcheck batch", "layout": 1}) + "\n",
                encoding="utf-8",
            )
        self.parts = int(state["parts"]) if state else 0
        for entry in self.path.iterdir():
            name = entry.name
            if not _OWN_NAMES.fullmatch(name) or name.startswith("_checkpoint"):
                continue  # the checkpoint belongs to the runner; foreign names were refused
            if name.endswith((".tmp", PARTIAL)):
                entry.unlink()  # a temp file of a killed run
            elif name.startswith("part-"):
                if int(name[5:].split(".")[0]) >= self.parts:
                    entry.unlink()  # written after the checkpoint, or by an earlier run
            elif name.startswith("_threads") and state is None:
                entry.unlink()  # an earlier run's summary would describe other parts
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

    def summary_target(self) -> Path:
        return self.path / "_threads.parquet"

    def describe(self) -> str:
        return f"{self.path}/ ({self.parts} parts)"


def make_sink(out: str | None, input_paths: list[str], quarantine: str | None = None) -> Sink:
    """Parquet directory, .jsonl/.ndjson or .csv file by the name of OUT; stdout for -/None.

    The quarantine goes next to the output (`--quarantine PATH` overrides); for stdout, in
    the working directory, named after the first input.
    """
    chosen = Path(quarantine) if quarantine else None
    if out in (None, "-"):
        first = input_paths[0] if input_paths else "-"
        name = Path("stdin" if first == "-" else Path(first).name)
        return StdoutSink(chosen or name.with_suffix(".quarantine.jsonl"))
    target = Path(str(out))
    suffix = target.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return AppendFileSink(target, "jsonl", chosen)
    if suffix == ".csv":
        return AppendFileSink(target, "csv", chosen)
    return ParquetDirSink(target, chosen)


# --- flat layouts ---------------------------------------------------------------------------

CSV_COLUMNS = [
    "seq", "id", "thread_id", "parent_id", "author", "created_at", "text", "text_format",
    "status", "source", "label", "confidence", *PROBABILITY_COLUMNS, "flags", "sentences", "cues",
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
            *[(c, pa.float64()) for c in PROBABILITY_COLUMNS],
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
        values["cues"] = row["cues"]
        values["extra"] = json.dumps(row["extra"], ensure_ascii=False, default=str)
        records.append(values)
    return pa.Table.from_pylist(records, schema=arrow_schema())
