"""Figures: real PNGs, built without pyplot's global state, robust to odd thread names."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from claimcheck.research import plots
from claimcheck.research.plots import Timeline

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
LABELS = ["evidence_citation", "opinion", "spam", "testimonial"]


def per_label(value: float) -> dict[str, dict[str, object]]:
    row = {"precision": value, "recall": value, "f1": value}
    cis = {f"{k}_ci": [value - 0.1, min(value + 0.05, 1.0)] for k in ("precision", "recall", "f1")}
    return {lab: {**row, **cis} for lab in LABELS}


def figures() -> list[object]:
    reliability = [
        {"low": 0.5, "high": 0.6, "count": 4, "confidence": 0.55, "accuracy": 0.5},
        {"low": 0.9, "high": 1.0, "count": 40, "confidence": 0.95, "accuracy": 0.9},
    ]
    timelines = [
        Timeline("thread $1 costs $5", [1, 2, 3], ["testimonial", None, "spam"]),
        Timeline("x" * 200, [0.0, 1.5], ["evidence_citation", "opinion"]),
    ]
    return [
        plots.per_label_plot(per_label(0.8)),
        plots.confusion_plot(LABELS, [[5, 1, 0, 0], [0, 3, 0, 1], [0, 0, 0, 0], [2, 0, 0, 7]]),
        plots.reliability_plot(reliability, 0.04),
        plots.reliability_plot([], 0.0),
        plots.strip_plot(timelines, "comment position"),
        plots.timeline_plot(timelines[0], "comment position"),
        plots.timeline_plot(Timeline("only one", [0.0], [None]), "hours since the first comment"),
    ]


def test_every_figure_renders_to_png() -> None:
    for fig in figures():
        data = plots.png_bytes(fig)  # type: ignore[arg-type]
        assert data.startswith(PNG_MAGIC) and len(data) > 2000


def test_png_output_is_stable() -> None:
    a = plots.png_bytes(plots.confusion_plot(LABELS, [[1, 0, 0, 0]] * 4))
    b = plots.png_bytes(plots.confusion_plot(LABELS, [[1, 0, 0, 0]] * 4))
    assert a == b


def test_data_uri_embeds_the_png() -> None:
    uri = plots.data_uri(plots.reliability_plot([], 0.0))
    prefix = "data:image/png;base64,"
    assert uri.startswith(prefix)
    assert base64.b64decode(uri[len(prefix) :]).startswith(PNG_MAGIC)


def test_save_png(tmp_path: Path) -> None:
    path = plots.save_png(plots.reliability_plot([], 0.0), tmp_path / "r.png")
    assert path.read_bytes().startswith(PNG_MAGIC)


def test_no_pyplot_figures_are_left_open() -> None:
    plt = pytest.importorskip("matplotlib.pyplot")
    before = set(plt.get_fignums())
    figures()
    assert set(plt.get_fignums()) == before


def test_every_label_has_a_colour() -> None:
    assert set(plots.LABEL_COLOURS) == set(LABELS)
    assert len(set(plots.LABEL_COLOURS.values())) == len(LABELS)
