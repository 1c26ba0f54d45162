"""Figures for the evaluation report and the thread analysis (matplotlib, Agg, no pyplot).

Figures are built on `matplotlib.figure.Figure` directly, so no global pyplot state is
touched and nothing needs a display; they are returned to the caller, who embeds them
(`data_uri`) or saves them (`save_png`).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: One colour per label, used by every figure and page (colour-blind safe, Okabe-Ito).
LABEL_COLOURS: dict[str, str] = {
    "evidence_citation": "#009E73",
    "opinion": "#E69F00",
    "spam": "#D55E00",
    "testimonial": "#0072B2",
}
UNLABELLED_COLOUR = "#9a9a9a"
DPI = 100


def _figure(width: float, height: float) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes (Agg canvas; no timestamp metadata, so output is stable)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def data_uri(fig: Figure) -> str:
    """The figure as a `data:image/png;base64,...` URI for a self-contained page."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(fig)).decode("ascii")


def save_png(fig: Figure, path: Path) -> Path:
    """Write the figure as a PNG file."""
    path.write_bytes(png_bytes(fig))
    return path


# --- evaluation report ----------------------------------------------------------------------


def per_label_plot(per_label: Mapping[str, Mapping[str, Any]]) -> Figure:
    """Precision, recall and F1 per label as bars with their bootstrap intervals."""
    labels = list(per_label)
    fig = _figure(7.5, 3.4)
    ax = fig.add_subplot()
    width = 0.26
    for k, (metric, shade) in enumerate((("precision", 0.55), ("recall", 0.75), ("f1", 1.0))):
        xs = [i + (k - 1) * width for i in range(len(labels))]
        values = [per_label[lab][metric] for lab in labels]
        errors = [
            [v - per_label[lab][f"{metric}_ci"][0] for lab, v in zip(labels, values, strict=True)],
            [per_label[lab][f"{metric}_ci"][1] - v for lab, v in zip(labels, values, strict=True)],
        ]
        ax.bar(
            xs,
            values,
            width,
            yerr=errors,
            capsize=3,
            color=[LABEL_COLOURS.get(lab, UNLABELLED_COLOUR) for lab in labels],
            alpha=shade,
            label=metric,
            edgecolor="black",
            linewidth=0.4,
        )
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score (95% bootstrap interval)")
    ax.legend(
        loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title="bars", title_fontsize=8
    )
    ax.grid(axis="y", alpha=0.3)
    return fig


def confusion_plot(labels: Sequence[str], matrix: Sequence[Sequence[int]]) -> Figure:
    """Confusion matrix heat map, rows gold, columns predicted, counts in the cells."""
    import numpy as np

    counts = np.asarray(matrix, dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    fig = _figure(5.2, 4.4)
    ax = fig.add_subplot()
    image = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(labels)):
        for j in range(len(labels)):
            colour = "white" if share[i, j] > 0.6 else "black"
            ax.text(j, i, f"{int(counts[i, j])}", ha="center", va="center", color=colour)
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    fig.colorbar(image, ax=ax, label="share of the gold row")
    return fig


def reliability_plot(rows: Sequence[Mapping[str, float]], ece: float) -> Figure:
    """Accuracy against mean confidence per bin; marker area shows how many items."""
    fig = _figure(4.8, 4.4)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfect calibration")
    if rows:
        total = sum(r["count"] for r in rows)
        ax.plot(
            [r["confidence"] for r in rows],
            [r["accuracy"] for r in rows],
            color="#0072B2",
            linewidth=1,
        )
        ax.scatter(
            [r["confidence"] for r in rows],
            [r["accuracy"] for r in rows],
            s=[20 + 400 * r["count"] / total for r in rows],
            color="#0072B2",
            alpha=0.7,
            label="bins (area = items)",
            zorder=3,
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("mean confidence of the predicted label")
    ax.set_ylabel("accuracy")
    ax.set_title(f"ECE {ece:.3f}", fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(alpha=0.3)
    return fig


# --- threads ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """One thread's comments in reading order: x positions and labels (None = no label)."""

    name: str
    x: Sequence[float]
    labels: Sequence[str | None]


def _legend(ax: Any, present: set[str | None]) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="s", linestyle="", color=colour, label=lab)
        for lab, colour in LABEL_COLOURS.items()
        if lab in present
    ]
    if None in present:
        handles.append(
            Line2D([], [], marker="x", linestyle="", color=UNLABELLED_COLOUR, label="no label")
        )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)


def _marks(ax: Any, row: float, timeline: Timeline, size: float) -> None:
    """One call per thread, marks in reading order and white-edged, so near-simultaneous
    comments stay visible; comments without a label as grey crosses."""
    labelled = [(x, lab) for x, lab in zip(timeline.x, timeline.labels, strict=True) if lab]
    if labelled:
        ax.scatter(
            [x for x, _ in labelled],
            [row] * len(labelled),
            marker="s",
            s=size,
            c=[LABEL_COLOURS.get(lab, "black") for _, lab in labelled],
            edgecolors="white",
            linewidths=0.8,
        )
    missing = [x for x, lab in zip(timeline.x, timeline.labels, strict=True) if not lab]
    if missing:
        ax.scatter(missing, [row] * len(missing), marker="x", s=size, color=UNLABELLED_COLOUR)


def strip_plot(timelines: Sequence[Timeline], xlabel: str) -> Figure:
    """One horizontal strip per thread (top to bottom in the given order), a mark per comment."""
    height = 1.2 + 0.35 * max(len(timelines), 1)
    fig = _figure(8.5, height)
    ax = fig.add_subplot()
    present: set[str | None] = set()
    for row, timeline in enumerate(timelines):
        _marks(ax, row, timeline, 60)
        present.update(timeline.labels)
    ax.set_yticks(range(len(timelines)), [_short(t.name) for t in timelines])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)
    _legend(ax, present)
    return fig


def timeline_plot(timeline: Timeline, xlabel: str) -> Figure:
    """One thread: label of each comment along the thread, one row per label."""
    fig = _figure(8.5, 2.6)
    ax = fig.add_subplot()
    rows = {lab: i for i, lab in enumerate(LABEL_COLOURS)}
    for lab in {*timeline.labels}:
        xs = [x for x, y in zip(timeline.x, timeline.labels, strict=True) if y == lab]
        row = rows.get(lab, len(rows)) if lab is not None else len(rows)
        colour = LABEL_COLOURS.get(lab, UNLABELLED_COLOUR) if lab else UNLABELLED_COLOUR
        ax.scatter(xs, [row] * len(xs), marker="s" if lab else "x", s=70, color=colour)
    names = [*rows, "no label"] if None in timeline.labels else list(rows)
    ax.set_yticks(range(len(names)), names)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(_short(timeline.name, 80), fontsize=10)
    ax.grid(alpha=0.3)
    return fig


def _short(name: str, limit: int = 40) -> str:
    """Thread ids can be long URLs; axis labels keep the end, which usually differs."""
    # matplotlib treats $...$ as mathtext; a literal dollar must not break the plot
    name = name.replace("$", r"\$")
    return name if len(name) <= limit else "…" + name[-(limit - 1) :]
