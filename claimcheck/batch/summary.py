"""Per-thread summaries of a finished run: label counts and shares, where testimonials and
citations first appear, and whether the thread moves from anecdote to evidence.

Read back from the written output (only five columns), so it works the same after a resume
and never needs the whole run in memory at once.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from claimcheck.io.jsonl import write_jsonl
from claimcheck.types import LABELS

COLUMNS = ["seq", "source", "thread_id", "created_at", "label"]


def _load(out: Path, kind: str) -> Any:
    import pandas as pd

    if kind == "parquet":
        import pyarrow.dataset as ds

        return ds.dataset(out, format="parquet").to_table(columns=COLUMNS).to_pandas()
    if kind == "csv":
        return pd.read_csv(out, usecols=COLUMNS, dtype={"thread_id": "string", "label": "string"})
    rows = []
    with out.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            rows.append({c: row.get(c) for c in COLUMNS})
    return pd.DataFrame(rows, columns=COLUMNS)


def thread_summaries(out: Path, kind: str) -> list[dict[str, Any]]:
    """One dict per (source, thread) in order of first appearance."""
    import pandas as pd

    frame = _load(out, kind)
    if frame.empty:
        return []
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True, errors="coerce")
    frame["thread_id"] = frame["thread_id"].fillna("").astype(str)
    frame = frame.sort_values(["seq"])
    result = []
    for (source, thread), group in frame.groupby(["source", "thread_id"], sort=False):
        ordered = group.sort_values(["created_at", "seq"], na_position="last", kind="stable")
        labels = ordered["label"].tolist()
        result.append(summarise(str(source), str(thread), labels))
    return result


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
