"""The batch job: read inputs as a stream, label chunks on an engine, commit parts, resume.

Exactly once: every input item (record or bad record) has a global index in reading order;
the checkpoint stores how many items the committed output covers. A resumed run re-reads
the inputs, passes over that many items, cuts the output back to the checkpoint and goes on.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.batch import checkpoint, guard
from claimcheck.batch.checkpoint import Progress
from claimcheck.batch.engines import Chunk, Engine
from claimcheck.batch.summary import thread_summaries, write_summaries
from claimcheck.batch.writers import (
    AppendFileSink,
    ParquetDirSink,
    Sink,
    StdoutSink,
    make_sink,
)
from claimcheck.exceptions import ExportFormatError
from claimcheck.io.detect import iter_records
from claimcheck.io.records import BadRecord, Item, ReadOptions, Record
from claimcheck.io.streams import check_input_path

#: Deleted comments have no text left to judge (or text their author withdrew); spam and
#: pending comments are labelled, since the point is often to check the platform's flags.
DEFAULT_SKIP: tuple[str, ...] = ("deleted",)


@dataclass(frozen=True)
class BatchOptions:
    """How the job reads, what it skips, and how often it commits."""

    read: ReadOptions = field(default_factory=ReadOptions)
    skip_statuses: tuple[str, ...] = DEFAULT_SKIP
    #: Labelled records per committed part (and checkpoint).
    part_size: int = 10_000
    #: Records per task sent to a worker.
    chunk_size: int = 256
    fresh: bool = False
    summary: bool = False


@dataclass
class BatchResult:
    """What the run did; counters include the parts done before a resume."""

    progress: Progress
    output: str
    quarantine_path: Path | None
    summary_path: Path | None
    resumed: bool
    seconds: float

    @property
    def records_read(self) -> int:
        return self.progress.read


@dataclass
class _ChunkMeta:
    end_item: int = 0
    read: int = 0
    duplicates: int = 0
    bad: list[dict[str, Any]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    file_errors: list[str] = field(default_factory=list)


def _items(inputs: list[str], options: ReadOptions) -> Iterator[Item]:
    """Every input's items in order; a file that breaks ends with one fatal BadRecord."""
    for path in inputs:
        count = 0
        try:
            for item in iter_records(path, options):
                count += 1
                yield item
        except ExportFormatError as exc:
            source = "stdin" if path == "-" else path
            yield BadRecord(source, count + 1, str(exc), unit="record", fatal=True)


class _Deduper:
    """Ids already labelled in the current file (ids are only unique within one export)."""

    def __init__(self) -> None:
        self.source: str | None = None
        self.seen: set[str] = set()

    def is_duplicate(self, record: Record) -> bool:
        if record.source != self.source:
            self.source, self.seen = record.source, set()
        if record.id in self.seen:
            return True
        self.seen.add(record.id)
        return False


def check_batch(
    inputs: list[str], out: str | None, options: BatchOptions, quarantine: str | None = None
) -> Sink:
    """The sink for `out`, once nothing stands in its way; InputError otherwise.

    Writes nothing, so a caller can check before it loads a model or starts workers.
    """
    for path in inputs:
        check_input_path(path)
    sink = make_sink(out, inputs, quarantine)
    sources = guard.input_files(inputs)
    summary = sink.summary_target() if options.summary else None
    extra = [summary, summary.with_name(summary.name + ".partial")] if summary else []
    guard.refuse_overlap(sources, [*sink.files(), *extra], sink.directory())
    if isinstance(sink, StdoutSink):
        guard.refuse_stdout_input(sources)
    sink.prepare()
    return sink


def run_batch(
    inputs: list[str],
    out: str | None,
    engine: Engine,
    options: BatchOptions | None = None,
    *,
    quarantine: str | None = None,
    progress: bool = False,
    log: Callable[[str], None] | None = None,
) -> BatchResult:
    """Label every record of `inputs` into `out`; resume an unfinished run of the same job.

    Everything that could make the run destroy a file or fail half-way is checked before the
    first write: an output overlapping an input, a directory it does not own, a location it
    cannot write, a checkpoint of another job.
    """
    options = options or BatchOptions()
    started = time.perf_counter()
    sink = check_batch(inputs, out, options, quarantine)
    summary = sink.summary_target() if options.summary else None
    fp = checkpoint.fingerprint(inputs, _job_options(options, engine, sink, out))
    loaded = None
    if sink.resumable and not options.fresh:
        loaded = checkpoint.load(sink.checkpoint_path, fp)
    prog, state = loaded if loaded else (Progress(), None)
    sink.start(state)
    if loaded and log:
        log(f"resuming {sink.describe()}: {prog.items} input items already committed")

    skip_statuses = set(options.skip_statuses)
    metas: deque[_ChunkMeta] = deque()

    def produce() -> Iterator[Chunk]:
        dedupe = _Deduper()
        records: Chunk = []
        meta = _ChunkMeta()
        for index, item in enumerate(_items(inputs, options.read)):
            duplicate = (
                isinstance(item, Record)
                and item.status not in skip_statuses
                and dedupe.is_duplicate(item)
            )
            if index < prog.items:
                continue  # committed before a restart; re-read only to rebuild `dedupe`
            meta.end_item = index + 1
            if isinstance(item, BadRecord):
                meta.bad.append(item.to_dict())
                if item.fatal:
                    meta.file_errors.append(item.reason)
            elif item.status in skip_statuses:
                meta.read += 1
                meta.skipped[item.status] += 1
            elif duplicate:
                meta.read += 1
                meta.duplicates += 1
                meta.bad.append(
                    {
                        "source": item.source,
                        "id": item.id,
                        "reason": f"duplicate id {item.id!r}: only its first record is labelled",
                    }
                )
            else:
                meta.read += 1
                records.append((index, item))
            if len(records) >= options.chunk_size:
                metas.append(meta)
                yield records
                records, meta = [], _ChunkMeta()
        if records or meta.end_item:
            metas.append(meta)
            yield records

    pending_rows: list[dict[str, Any]] = []
    pending_bad: list[dict[str, Any]] = []

    def commit() -> None:
        if pending_rows:
            sink.write(pending_rows)
        sink.quarantine.append(pending_bad)
        if sink.resumable:
            checkpoint.save(sink.checkpoint_path, fp, prog, sink.state())
        if log and not progress:
            rate = prog.labelled / max(time.perf_counter() - started, 1e-9)
            log(
                f"committed {prog.labelled} labelled, {prog.quarantined} quarantined "
                f"({rate:.0f} records/s)"
            )
        pending_rows.clear()
        pending_bad.clear()

    bar = _progress_bar(progress, inputs)
    try:
        for rows in engine.map(produce()):
            meta = metas.popleft()
            pending_rows.extend(rows)
            pending_bad.extend(meta.bad)
            prog.items = meta.end_item
            prog.read += meta.read
            prog.labelled += len(rows)
            prog.quarantined += len(meta.bad)
            prog.duplicates += meta.duplicates
            for status, count in meta.skipped.items():
                prog.skipped[status] = prog.skipped.get(status, 0) + count
            prog.file_errors.extend(meta.file_errors)
            if bar is not None:
                bar[0].update(bar[1], completed=prog.items)
            if len(pending_rows) >= options.part_size:
                commit()
        if pending_rows or pending_bad or not loaded:
            commit()
    finally:
        if bar is not None:
            bar[0].stop()
        sink.close()
    if sink.resumable:
        # before the rename: a kill in between leaves no checkpoint and a complete temp
        # file, so the rerun starts over (nothing lost, nothing twice)
        checkpoint.clear(sink.checkpoint_path)
    sink.finish()
    summary_path = _write_summary(sink, summary) if summary and prog.labelled else None
    return BatchResult(
        progress=prog,
        output=sink.describe(),
        quarantine_path=sink.quarantine.path if sink.quarantine.exists() else None,
        summary_path=summary_path,
        resumed=loaded is not None,
        seconds=time.perf_counter() - started,
    )


def _job_options(
    options: BatchOptions, engine: Engine, sink: Sink, out: str | None
) -> dict[str, Any]:
    """Everything besides the inputs that changes what the output holds or where it is."""
    return {
        "read": [
            options.read.format,
            options.read.text_field,
            options.read.id_field,
            options.read.encoding,
        ],
        "skip": sorted(options.skip_statuses),
        "model": engine.version,
        "settings": asdict(engine.ref.settings),
        "part_size": options.part_size,
        "chunk_size": options.chunk_size,
        "output": [type(sink).__name__, str(Path(out).resolve()) if out else "-"],
        "quarantine": str(sink.quarantine.path.resolve()),
    }


def _write_summary(sink: Sink, target: Path) -> Path:
    if isinstance(sink, ParquetDirSink):
        rows = thread_summaries(sink.path, "parquet")
    else:
        assert isinstance(sink, AppendFileSink)  # stdout has no summary target
        rows = thread_summaries(sink.path, sink.kind)
    return write_summaries(rows, target)


def _progress_bar(enabled: bool, inputs: list[str]) -> tuple[Any, Any] | None:
    """A rich bar (records/s, ETA when the input size is known) on a terminal, else None."""
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    _RateColumn = _rate_column_class()
    bar = Progress(
        TextColumn("labelling"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("labelling", total=estimate_items(inputs))
    bar.start()
    return bar, task


def _rate_column_class() -> Any:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Items per second (rich's own speed columns are for bytes)."""

        def render(self, task: Any) -> Text:
            return Text(f"{task.speed or 0:,.0f} items/s")

    return RateColumn


def estimate_items(inputs: list[str]) -> int | None:
    """Line count of uncompressed line-based inputs (a cheap total for the ETA), else None."""
    from claimcheck.io.streams import GZIP_MAGIC, PARQUET_MAGIC, ZSTD_MAGIC

    total = 0
    for path in inputs:
        if path == "-" or path.lower().endswith(".xml"):
            return None
        with open(path, "rb") as handle:
            head = handle.read(4)
            if head.startswith((GZIP_MAGIC, ZSTD_MAGIC, PARQUET_MAGIC)):
                return None
            handle.seek(0)
            while block := handle.read(1 << 20):
                total += block.count(b"\n")
    return total or None
