"""PNG plots for docs/benchmarks.md, drawn from the saved JSON (matplotlib, bench extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")  # files only; no display on CI or servers
    import matplotlib.pyplot as plt

    return plt


def accuracy_bars(compare: dict[str, Any], out: Path | None = None) -> Path | None:
    """Macro-F1 with 95% bootstrap intervals: CV, dev, dev strong-only, per contender."""
    plt = _pyplot()
    if plt is None:
        return None
    out = out or RESULTS / "accuracy.png"
    contenders = compare["contenders"]
    names = list(contenders)
    panels = [("CV (leave domains out)", "cv", None), ("dev, all", "dev", "all")]
    panels.append(("dev, strong only", "dev", "strong"))
    fig, ax = plt.subplots(figsize=(9, 4.2))
    width = 0.8 / len(names)
    for k, name in enumerate(names):
        values, lows, highs = [], [], []
        for _, part, key in panels:
            cell = contenders[name].get(part, {})
            cell = cell.get(key, {}) if key else cell
            value = cell.get("macro_f1", 0.0)
            low, high = cell.get("ci95", [value, value])
            values.append(value)
            lows.append(value - low)
            highs.append(high - value)
        xs = [i + (k - (len(names) - 1) / 2) * width for i in range(len(panels))]
        ax.bar(xs, values, width, yerr=[lows, highs], capsize=2, label=contenders[name]["label"])
    ax.set_xticks(range(len(panels)), [p[0] for p in panels])
    ax.set_ylabel("macro-F1 (95% bootstrap interval)")
    ax.set_ylim(0.3, 1.0)
    ax.legend(fontsize=8, ncol=3, loc="lower center")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def cost_curve(cost: dict[str, Any], out: Path | None = None) -> Path | None:
    """claimcheck's time and memory against the number of texts, log-log."""
    plt = _pyplot()
    if plt is None or "curve" not in cost:
        return None
    out = out or RESULTS / "cost_curve.png"
    points = cost["curve"]["points"]
    ns = [p["n"] for p in points]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
    left.loglog(ns, [p["seconds"] for p in points], "o-", label="measured")
    right.loglog(ns, [p["peak_rss_mb"] for p in points], "o-", label="peak RSS")
    right.loglog(
        ns, [max(p["predict_memory_mb"], 0.1) for p in points], "s-", label="added by predict"
    )
    extra = cost["curve"].get("extrapolated_1m")
    if extra:
        left.loglog(
            [ns[-1], extra["n"]],
            [points[-1]["seconds"], extra["seconds"]],
            "o--",
            color="grey",
            label="extrapolated",
        )
    left.set_xlabel("texts")
    left.set_ylabel("seconds (Classifier.predict)")
    right.set_xlabel("texts")
    right.set_ylabel("MB")
    for ax in (left, right):
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out
