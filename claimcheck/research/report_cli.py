"""`claimcheck report` and `claimcheck threads`: thin commands over research.report/threads.

Registered on the main Typer app by `register(app)` from claimcheck/cli.py; the console
helpers come from claimcheck.console, so this module never imports the top-level CLI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

ModelOption = Annotated[
    Path | None, typer.Option("--model", "-m", help="Model bundle directory (default: shipped).")
]


def report(
    data: Annotated[
        Path,
        typer.Argument(help="Labelled JSONL or CSV: text, label; optional id, source, domain."),
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Directory to write.")] = Path(
        "report"
    ),
    model: ModelOption = None,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", help="Bootstrap resamples for the intervals.", min=1)
    ] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap resampling.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print metrics.json to stdout.")] = False,
) -> None:
    """Write an HTML evaluation report and its numbers (metrics.json) for a labelled file.

    Per-label precision/recall/F1 and macro-F1 with bootstrap intervals, confusion matrix,
    reliability diagram and ECE, per-source/domain tables, and the most confident errors.
    """
    from claimcheck.console import err, load_classifier, out, run_safely
    from claimcheck.research.labelled import read_labelled
    from claimcheck.research.report import write_report

    labelled = run_safely(read_labelled, data)  # bad input fails before the model loads
    classifier = load_classifier(model)
    result = run_safely(
        write_report, classifier, labelled, out_dir, n_resamples=bootstrap, seed=seed
    )
    metrics = result.metrics
    if as_json:
        print(json.dumps(metrics, indent=2, ensure_ascii=False))
    else:
        low, high = metrics["macro_f1_ci"]
        out.print(
            f"{metrics['n']} items, macro-F1 {metrics['macro_f1']:.3f} [{low:.3f}, {high:.3f}], "
            f"ECE {metrics['ece']:.3f}",
            highlight=False,
        )
    if metrics["skipped_empty"]:
        err.print(
            f"skipped {metrics['skipped_empty']} empty texts (the model gives them no label)",
            highlight=False,
        )
    err.print(
        f"wrote {result.html} and {result.metrics_path}",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )


def threads(
    batch_output: Annotated[
        Path,
        typer.Argument(help="Output of `claimcheck batch`: Parquet directory, .jsonl or .csv."),
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Directory to write.")] = Path(
        "threads"
    ),
    top: Annotated[int, typer.Option(help="Threads to draw timelines for.", min=0)] = 20,
    order: Annotated[
        str, typer.Option(help="Which threads to draw: size, testimonial or late-evidence.")
    ] = "size",
    x_axis: Annotated[
        str, typer.Option("--x", help="Timeline x axis: position or time (since first comment).")
    ] = "position",
    as_json: Annotated[bool, typer.Option("--json", help="Print threads.json to stdout.")] = False,
) -> None:
    """Rank threads by testimonial share and by how late evidence appears; draw timelines.

    Writes threads.csv, threads.json, index.html, timelines.png and timelines/<thread>.png.
    """
    from claimcheck.console import err, fail, out, run_safely
    from claimcheck.research.threads import ORDERS, X_AXES, write_threads
    from claimcheck.text import visible

    if order not in ORDERS:
        fail(f"unknown --order {order!r}; use one of: {', '.join(ORDERS)}", 2)
    if x_axis not in X_AXES:
        fail(f"unknown --x {x_axis!r}; use one of: {', '.join(X_AXES)}", 2)
    result = run_safely(write_threads, batch_output, out_dir, top=top, order=order, x_axis=x_axis)
    if as_json:
        print((result.out_dir / "threads.json").read_text(encoding="utf-8"), end="")
    else:
        counts = ", ".join(f"{k} {v}" for k, v in result.label_counts.items())
        out.print(
            f"{len(result.rows)} threads, {sum(r['comments'] for r in result.rows)} comments "
            f"({counts})",
            highlight=False,
        )
        for row in result.rows[:10]:
            late = (
                f"first evidence at {row['first_evidence_share']:.0%}"
                if row["has_evidence"]
                else "no evidence_citation"
            )
            out.print(
                f"  {row['rank_testimonial_share']:>3}. {visible(str(row['name']))}: "
                f"{row['share_testimonial']:.0%} testimonial of {row['comments']}, {late}",
                highlight=False,
                soft_wrap=True,
                markup=False,  # thread ids are user content
            )
    for note in result.notes:
        err.print(f"note: {note}", highlight=False, soft_wrap=True, markup=False)
    err.print(
        f"wrote {result.out_dir}/index.html and threads.csv/json", highlight=False, markup=False
    )


def register(app: typer.Typer) -> None:
    """Add `report` and `threads` to the main app."""
    app.command("report")(report)
    app.command("threads")(threads)
