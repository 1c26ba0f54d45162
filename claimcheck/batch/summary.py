"""A batch output read back: one row per comment, each thread's comments in reading order,
and per-thread summaries (label counts and shares, where testimonials and citations first
appear, whether the thread moves from anecdote to evidence).

This module owns the output format once: the batch job's own summaries and the thread
analysis (`claimcheck threads`, claimcheck.research.threads) read it and order it the same
way. Reading order is creation time, then position in the export (`seq`); comments without
a time come last. Only five columns are read, so it works the same after a resume and never
needs the whole run's text in memory.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck.exceptions import InputError
from claimcheck.io.jsonl import write_jsonl
from claimcheck.types import LABELS

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["seq", "source", "thread_id", "created_at", "label"]
REQUIRED = ("thread_id", "label")
NO_THREAD = "(no thread id)"
#: Output kinds `load_batch_output` reads (what `claimcheck batch` writes).
KINDS = ("parquet", "csv", "jsonl")


def _missing(columns: list[str], path: Path) -> None:
    absent = [c for c in REQUIRED if c not in columns]
    if absent:
        raise InputError(
            f"{path}: no {', '.join(repr(c) for c in absent)} column "
            f"(columns: {', '.join(columns[:20]) or 'none'}); give the output of "
            "`claimcheck batch` (a Parquet directory, .jsonl or .csv)"
        )


def _read_parquet(path: Path) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.dataset as ds

    try:
        dataset = ds.dataset(path, format="parquet")
        names = list(dataset.schema.names)
        _missing(names, path)
        return dataset.to_table(columns=[c for c in COLUMNS if c in names]).to_pandas()
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"{path}: not a readable Parquet output ({exc})") from None


def _jsonl_rows(path: Path) -> Iterator[dict[str, Any]]:
    from claimcheck.io.jsonl import iter_jsonl

    for row in iter_jsonl(path):
        if row.error or row.record is None:
            raise InputError(f"{path}:{row.line}: {row.error}")
        yield {c: row.record[c] for c in COLUMNS if c in row.record}


def _read_csv(path: Path, allow_empty: bool) -> pd.DataFrame:
    import pandas as pd

    try:
        frame = pd.read_csv(
            path,
            usecols=lambda c: c in COLUMNS,
            dtype={"thread_id": "string", "label": "string", "source": "string"},
            keep_default_na=False,
            na_values={"label": [""], "created_at": [""]},
        )
    except pd.errors.EmptyDataError:
        if allow_empty:
            return pd.DataFrame(columns=COLUMNS)
        raise InputError(f"{path} is empty; give the output of `claimcheck batch`") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path}: unreadable CSV ({exc})") from None
    _missing(list(frame.columns), path)
    return frame


def _kind_of(target: Path) -> str:
    suffix = target.suffix.lower()
    if target.is_dir() or suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson", ".json") or target.name.endswith((".gz", ".zst")):
        return "jsonl"
    raise InputError(
        f"{target}: unknown batch output type; give a Parquet directory, .jsonl or .csv"
    )


def load_batch_output(
    path: str | Path, kind: str | None = None, *, allow_empty: bool = False
) -> pd.DataFrame:
    """The five columns, one row per comment, from a batch output (`kind`: one of KINDS,
    default from the name). A user-given file is checked (columns, labels) with one clear
    error; `allow_empty` is for the job's own output, where no records is no summary."""
    import pandas as pd

    target = Path(path)
    if not target.exists():
        raise InputError(f"batch output not found: {path}")
    kind = kind or _kind_of(target)
    if kind == "parquet":
        frame = _read_parquet(target)
    elif kind == "csv":
        frame = _read_csv(target, allow_empty)
    elif kind == "jsonl":
        frame = pd.DataFrame(list(_jsonl_rows(target)))
        if not frame.empty:
            _missing(list(frame.columns), target)
    else:
        raise InputError(f"unknown batch output kind {kind!r}; use one of {', '.join(KINDS)}")
    if frame.empty:
        if allow_empty:
            return pd.DataFrame(columns=COLUMNS)
        raise InputError(f"{path} has no records; give the output of `claimcheck batch`")
    frame = frame.reset_index(drop=True)
    if "seq" not in frame.columns:
        frame["seq"] = range(len(frame))
    frame["source"] = frame["source"].fillna("").astype(str) if "source" in frame else ""
    frame["thread_id"] = frame["thread_id"].astype(object).where(frame["thread_id"].notna(), "")
    frame["thread_id"] = frame["thread_id"].astype(str)
    created = frame["created_at"] if "created_at" in frame else pd.Series([None] * len(frame))
    frame["created_at"] = pd.to_datetime(created, utc=True, errors="coerce", format="mixed")
    labels = frame["label"].astype(object).where(frame["label"].notna(), None)
    unknown = {x for x in labels if x is not None} - {lab.value for lab in LABELS}
    if unknown:
        raise InputError(
            f"{path}: unknown label {sorted(map(str, unknown))[0]!r} in the label column; "
            "is this the output of `claimcheck batch`?"
        )
    frame["label"] = labels
    return frame


@dataclass(frozen=True)
class Thread:
    """One thread's comments in reading order."""

    source: str
    thread_id: str
    labels: list[str | None]
    times: list[pd.Timestamp | None]

    @property
    def name(self) -> str:
        return self.thread_id or NO_THREAD


def iter_threads(frame: pd.DataFrame) -> list[Thread]:
    """Threads in order of first appearance, each sorted by created_at then seq (times
    missing last), from `load_batch_output`'s frame.

    One sort of the whole frame and slices, not a sort per thread: 10,000 threads cost
    the same as one.
    """
    import numpy as np
    import pandas as pd

    ordered = frame.sort_values("seq", kind="stable").reset_index(drop=True)
    keys = pd.MultiIndex.from_arrays([ordered["source"], ordered["thread_id"]])
    ordered["_thread"] = pd.factorize(keys)[0]
    ordered = ordered.sort_values(
        ["_thread", "created_at", "seq"], na_position="last", kind="stable"
    )
    codes = ordered["_thread"].to_numpy()
    labels = ordered["label"].tolist()
    times = [None if pd.isna(t) else t for t in ordered["created_at"]]
    sources = ordered["source"].tolist()
    ids = ordered["thread_id"].tolist()
    starts = [0, *(np.flatnonzero(np.diff(codes)) + 1).tolist(), len(codes)]
    return [
        Thread(str(sources[a]), str(ids[a]), labels[a:b], times[a:b])
        for a, b in itertools.pairwise(starts)
        if b > a
    ]


def thread_summaries(out: Path, kind: str) -> list[dict[str, Any]]:
    """One dict per (source, thread) in order of first appearance."""
    frame = load_batch_output(out, kind, allow_empty=True)
    if frame.empty:
        return []
    return [summarise(t.source, t.thread_id, t.labels) for t in iter_threads(frame)]


def _first(labels: list[Any], label: str) -> int | None:
    return labels.index(label) + 1 if label in labels else None


def summarise(source: str, thread: str, labels: list[Any]) -> dict[str, Any]:
    """The summary of one thread from its labels in reading order (None = no label)."""
    n = len(labels)
    row: dict[str, Any] = {"source": source, "thread_id": thread, "comments": n}
    for lab in LABELS:
        count = sum(1 for x in labels if x == lab.value)
        row[f"n_{lab.value}"] = count
        row[f"share_{lab.value}"] = count / n if n else 0.0
    row["n_unlabelled"] = sum(1 for x in labels if not isinstance(x, str) or not x)
    first_t = _first(labels, "testimonial")
    first_c = _first(labels, "evidence_citation")
    row["first_testimonial"] = first_t
    row["first_citation"] = first_c
    rel = [i / (n - 1) if n > 1 else 0.0 for i in range(n)]
    t_pos = [r for r, x in zip(rel, labels, strict=True) if x == "testimonial"]
    c_pos = [r for r, x in zip(rel, labels, strict=True) if x == "evidence_citation"]
    # > 0: citations sit later in the thread than testimonials (anecdote, then evidence)
    row["anecdote_to_evidence"] = (
        sum(c_pos) / len(c_pos) - sum(t_pos) / len(t_pos) if t_pos and c_pos else None
    )
    if first_t and first_c:
        row["arc"] = "anecdote→evidence" if first_t < first_c else "evidence→anecdote"
    elif first_t:
        row["arc"] = "anecdote only"
    elif first_c:
        row["arc"] = "evidence only"
    else:
        row["arc"] = "neither"
    return row


def write_summaries(rows: list[dict[str, Any]], target: Path) -> Path:
    """Parquet, CSV or JSONL by the target's suffix; written under a temporary name and
    renamed, so a kill never leaves half a summary under the real name."""
    import pandas as pd

    temp = target.with_name(target.name + ".partial")
    frame = pd.DataFrame(rows)
    if target.suffix == ".parquet":
        frame.to_parquet(temp, index=False)
    elif target.suffix == ".csv":
        frame.to_csv(temp, index=False)
    else:
        write_jsonl(rows, temp)
    os.replace(temp, target)
    return target
