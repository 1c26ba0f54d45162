"""Thread analysis of a batch job's output: where anecdotes dominate, when evidence arrives.

Reads the Parquet directory, .jsonl or .csv that `claimcheck batch` wrote, and puts each
thread's comments in reading order, with `claimcheck.batch.summary` (which owns that output
format; the batch job's own summaries read it the same way). Per thread it reuses
`summarise` (counts, shares, first positions, arc) and adds how late the first
evidence_citation appears and two ranks.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from claimcheck.batch.summary import Thread, iter_threads, load_batch_output, summarise
from claimcheck.exceptions import InputError
from claimcheck.types import LABELS

ORDERS = ("size", "testimonial", "late-evidence")
X_AXES = ("position", "time")
#: HTML tables stop here; the CSV and JSON always hold every thread.
HTML_ROWS = 200


@dataclass
class ThreadsResult:
    """What `write_threads` produced."""

    out_dir: Path
    rows: list[dict[str, Any]]
    label_counts: dict[str, int]
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- reading ------------------------------------------------------------------------------


# --- analysis -----------------------------------------------------------------------------


def evidence_lateness(labels: list[str | None]) -> float | None:
    """Where the first evidence_citation sits: 0 = first comment, 1 = last; None if none."""
    if "evidence_citation" not in labels:
        return None
    if len(labels) == 1:
        return 0.0
    return labels.index("evidence_citation") / (len(labels) - 1)


def analyse(threads: list[Thread]) -> list[dict[str, Any]]:
    """One row per thread with both ranks, sorted by testimonial share (rank 1 first)."""
    rows = []
    names = Counter(t.name for t in threads)
    for thread in threads:
        row = summarise(thread.source, thread.thread_id, thread.labels)
        # the same thread id in two inputs is two threads: say which file each came from
        row["name"] = f"{thread.name} ({thread.source})" if names[thread.name] > 1 else thread.name
        row["first_evidence_share"] = evidence_lateness(thread.labels)
        row["has_evidence"] = row["first_evidence_share"] is not None
        known = [t for t in thread.times if t is not None]
        row["start"] = min(known).isoformat() if known else None
        row["end"] = max(known).isoformat() if known else None
        rows.append(row)
    by_share = sorted(
        rows, key=lambda r: (-r["share_testimonial"], -r["comments"], r["name"], r["source"])
    )
    for rank, row in enumerate(by_share, 1):
        row["rank_testimonial_share"] = rank
    by_late = sorted(
        rows,
        key=lambda r: (
            not r["has_evidence"],
            -(r["first_evidence_share"] or 0.0),
            -r["comments"],
            r["name"],
            r["source"],
        ),
    )
    for rank, row in enumerate(by_late, 1):
        row["rank_evidence_lateness"] = rank
    return by_share


def label_counts(threads: list[Thread]) -> dict[str, int]:
    """Comments per label over all threads, plus those with no label (empty texts)."""
    counts = Counter(lab for t in threads for lab in t.labels)
    out = {lab.value: counts.get(lab.value, 0) for lab in LABELS}
    out["unlabelled"] = counts.get(None, 0)
    return out


def pick_top(rows: list[dict[str, Any]], n: int, order: str) -> list[dict[str, Any]]:
    """The n threads to plot: largest, most testimonial, or latest evidence first."""
    if order not in ORDERS:
        raise InputError(f"unknown order {order!r}; use one of {', '.join(ORDERS)}")
    if order == "size":
        ranked = sorted(rows, key=lambda r: (-r["comments"], r["rank_testimonial_share"]))
    elif order == "testimonial":
        ranked = sorted(rows, key=lambda r: r["rank_testimonial_share"])
    else:
        ranked = sorted(rows, key=lambda r: r["rank_evidence_lateness"])
    return ranked[:n]


# --- output -------------------------------------------------------------------------------


def slug(source: str, thread_id: str) -> str:
    """A safe, unique file name for a thread (ids are user content: '../x', URLs, ...)."""
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", thread_id or "no-thread").strip("._")[:60]
    digest = hashlib.sha1(f"{source}\0{thread_id}".encode()).hexdigest()[:10]
    return f"{readable or 'thread'}-{digest}"


def _timeline(thread: Thread, name: str, x_axis: str, hours: float) -> Any:
    from claimcheck.research.plots import Timeline

    if x_axis == "time":
        first = thread.times[0]
        assert first is not None
        xs = [(t - first).total_seconds() / 3600 / hours for t in thread.times if t is not None]
    else:
        xs = list(range(1, len(thread.labels) + 1))
    return Timeline(name, xs, thread.labels)


def _time_unit(threads: list[Thread]) -> tuple[str, float]:
    """Hours for threads that last up to three days, days for longer ones."""
    spans = []
    for thread in threads:
        known = [t for t in thread.times if t is not None]
        if known:
            spans.append((max(known) - min(known)).total_seconds() / 3600)
    return ("days", 24.0) if spans and max(spans) > 72 else ("hours", 1.0)


CSV_COLUMNS = [
    "rank_testimonial_share", "rank_evidence_lateness", "name", "source", "thread_id",
    "comments", *[f"n_{lab.value}" for lab in LABELS], "n_unlabelled",
    *[f"share_{lab.value}" for lab in LABELS], "first_testimonial", "first_citation",
    "first_evidence_share", "has_evidence", "anecdote_to_evidence", "arc", "start", "end",
    "timeline_png",
]  # fmt: skip


def write_threads(
    path: str | Path,
    out_dir: str | Path,
    *,
    top: int = 20,
    order: str = "size",
    x_axis: str = "position",
) -> ThreadsResult:
    """Read a batch output and write the thread table (CSV, JSON, HTML) and timeline PNGs."""
    from claimcheck.research import plots
    from claimcheck.research.html import render_template

    if x_axis not in X_AXES:
        raise InputError(f"unknown x axis {x_axis!r}; use one of {', '.join(X_AXES)}")
    if top < 0:
        raise InputError(f"--top must be 0 or more, not {top}")
    pick_top([], 0, order)  # validate before any reading
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} exists and is not a directory")
    threads = iter_threads(load_batch_output(path))
    rows = analyse(threads)
    result = ThreadsResult(out, rows, label_counts(threads))
    chosen = pick_top(rows, top, order)
    by_key = {(t.source, t.thread_id): t for t in threads}
    if x_axis == "time":
        untimed = [r["name"] for r in chosen if None in by_key[(r["source"], r["thread_id"])].times]
        if untimed:
            result.notes.append(
                f"{len(untimed)} plotted thread(s) have comments without created_at "
                f"(first: {untimed[0]!r}); timelines use comment position instead"
            )
            x_axis = "position"
    chosen_threads = [by_key[(r["source"], r["thread_id"])] for r in chosen]
    unit, hours = _time_unit(chosen_threads) if x_axis == "time" else ("", 1.0)
    xlabel = f"{unit} since the first comment" if x_axis == "time" else "comment position"
    out.mkdir(parents=True, exist_ok=True)
    (out / "timelines").mkdir(exist_ok=True)
    for stale in (out / "timelines").glob("*.png"):  # a previous run's top N may differ
        stale.unlink()
    timelines = []
    for row in rows:
        row["timeline_png"] = None
    for row in chosen:
        thread = by_key[(row["source"], row["thread_id"])]
        timeline = _timeline(thread, row["name"], x_axis, hours)
        timelines.append(timeline)
        target = out / "timelines" / f"{slug(thread.source, thread.thread_id)}.png"
        result.files.append(plots.save_png(plots.timeline_plot(timeline, xlabel), target))
        row["timeline_png"] = f"timelines/{target.name}"
    strip = plots.strip_plot(timelines, xlabel) if timelines else None
    if strip is not None:
        result.files.append(plots.save_png(strip, out / "timelines.png"))
    frame = pd.DataFrame(rows, columns=CSV_COLUMNS)
    frame.to_csv(out / "threads.csv", index=False)
    document = {
        "input": str(path),
        "threads": len(rows),
        "comments": sum(r["comments"] for r in rows),
        "label_counts": result.label_counts,
        "plotted": {"top": top, "order": order, "x_axis": x_axis},
        "notes": result.notes,
        "rows": rows,
    }
    (out / "threads.json").write_text(
        json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    late = sorted(rows, key=lambda r: r["rank_evidence_lateness"])
    html = render_template(
        "threads.html.j2",
        document=document,
        by_share=rows[:HTML_ROWS],
        by_late=[r for r in late if r["has_evidence"]][:HTML_ROWS],
        without_evidence=[r for r in late if not r["has_evidence"]][:HTML_ROWS],
        n_without_evidence=sum(1 for r in rows if not r["has_evidence"]),
        html_rows=HTML_ROWS,
        strip=plots.data_uri(strip) if strip is not None else None,
        n_plotted=len(timelines),
        xlabel=xlabel,
        colours=plots.LABEL_COLOURS,
    )
    (out / "index.html").write_text(html, encoding="utf-8")
    result.files[:0] = [out / "threads.csv", out / "threads.json", out / "index.html"]
    return result
