"""Active-learning simulation: macro-F1 against the number of labels, active versus random.

Our corpus plays the unlabelled pool; a fixed fifth of its domains (chosen by a seeded
GroupShuffleSplit) is held out as the test set, so the curve measures transfer to new
topics. spaCy runs once over everything; every step refits the claimcheck unit model
(claimcheck.evaluate.fit_units) on the labels bought so far, scores the rest of the pool and
buys the next batch by the strategy (claimcheck.research.active.select). Each seed starts from
its own stratified seed set (SEED_PER_LABEL comments per label).

The issue's criterion: the active strategy reaches random sampling's final macro-F1 with at
most 70% of random's final number of labels.

python -m benchmarks.active_learning            # full run (~30 minutes on a shared 2-core machine)
python -m benchmarks.active_learning --quick    # smoke test: tiny pool, two strategies
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import DOCS, RESULTS, save_result
from claimcheck.corpus import CorpusRecord, load_comments
from claimcheck.evaluate import ParsedCorpus, fit_units, parse_corpus, predict_units
from claimcheck.model import ModelParams, SpacyPreprocessor
from claimcheck.research.active import select
from claimcheck.types import LABEL_NAMES

SEED_PER_LABEL = 10
#: Labels owned after each step; batches grow from 60 to 400 so the run stays affordable on a
#: shared 2-core machine. 1,400 is 70% of the final 2,000: the criterion's point.
SCHEDULE = (40, 100, 200, 300, 400, 600, 800, 1000, 1400, 1700, 2000)
QUICK_SCHEDULE = (20, 50, 80)
STRATEGIES = ("random", "uncertainty", "margin", "diverse")
DEFAULT_STRATEGIES = STRATEGIES
CRITERION = 0.70


def split_domains(records: Sequence[CorpusRecord], seed: int = 0) -> tuple[list[int], list[int]]:
    """Pool and test row indices: about a fifth of the domains held out whole."""
    from sklearn.model_selection import GroupShuffleSplit

    groups = [r.domain for r in records]
    splitter = GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
    pool, test = next(splitter.split(np.zeros(len(records)), groups=groups))
    return [int(i) for i in pool], [int(i) for i in test]


def seed_set(labels: Sequence[str], rows: Sequence[int], per_label: int, seed: int) -> list[int]:
    """A stratified random start: `per_label` rows of every label."""
    rng = np.random.default_rng(seed)
    chosen: list[int] = []
    for lab in LABEL_NAMES:
        candidates = [i for i in rows if labels[i] == lab]
        chosen += [int(i) for i in rng.choice(candidates, size=per_label, replace=False)]
    return chosen


def run_curve(
    parsed: ParsedCorpus,
    pool: Sequence[int],
    test: Sequence[int],
    strategy: str,
    seed: int,
    schedule: Sequence[int],
    params: ModelParams,
) -> list[dict[str, float]]:
    """Macro-F1 on the test rows after each step of the schedule."""
    from claimcheck.evaluate import scores

    labels = [r.label.value for r in parsed.records]
    texts = [r.text for r in parsed.records]
    owned = seed_set(labels, pool, schedule[0] // len(LABEL_NAMES), seed)
    test_docs = [parsed.docs[i] for i in test]
    gold = [labels[i] for i in test]
    curve = []
    for k in range(len(schedule)):
        model = fit_units(parsed, owned, params)
        proba = predict_units(model, test_docs, params)
        curve.append({"labels": len(owned), "macro_f1": scores(gold, proba)["macro_f1"]})
        if k + 1 == len(schedule):
            break
        need = schedule[k + 1] - len(owned)
        have = set(owned)
        rest = [i for i in pool if i not in have]
        if strategy == "random":
            rest_proba = np.zeros((len(rest), len(LABEL_NAMES)))
        else:
            rest_proba = predict_units(model, [parsed.docs[i] for i in rest], params)
        picked = select(
            rest_proba, need, strategy, texts=[texts[i] for i in rest], seed=seed * 1000 + k
        )
        owned += [rest[i] for i in picked]
    return curve


def labels_to_reach(curve: Sequence[dict[str, float]], target: float) -> float | None:
    """Fewest labels at which a curve reaches `target` (linear between points); None if never."""
    previous = None
    for point in curve:
        if point["macro_f1"] >= target:
            if previous is None:
                return point["labels"]
            x0, y0 = previous["labels"], previous["macro_f1"]
            x1, y1 = point["labels"], point["macro_f1"]
            return x0 + (target - y0) * (x1 - x0) / (y1 - y0) if y1 != y0 else x1
        previous = point
    return None


def summarise(curves: dict[str, list[list[dict[str, float]]]]) -> dict[str, Any]:
    """Mean curves over seeds and the 70% criterion for every active strategy."""
    mean: dict[str, list[dict[str, float]]] = {}
    for name, runs in curves.items():
        points = []
        for j in range(len(runs[0])):
            values = [run[j]["macro_f1"] for run in runs]
            points.append(
                {
                    "labels": runs[0][j]["labels"],
                    "macro_f1": float(np.mean(values)),
                    "std": float(np.std(values)),
                }
            )
        mean[name] = points
    random_final = mean["random"][-1]
    criterion = {}
    for name in mean:
        if name == "random":
            continue
        needed = labels_to_reach(mean[name], random_final["macro_f1"])
        share = needed / random_final["labels"] if needed is not None else None
        per_seed = [labels_to_reach(run, random_final["macro_f1"]) for run in curves[name]]
        criterion[name] = {
            "per_seed_share": [None if x is None else x / random_final["labels"] for x in per_seed],
            "labels_to_reach_random_final": needed,
            "share_of_random_labels": share,
            "meets_70_percent": share is not None and share <= CRITERION,
            "final_macro_f1": mean[name][-1]["macro_f1"],
        }
    return {"mean": mean, "random_final": random_final, "criterion": criterion}


def plot(summary: dict[str, Any], out: Path) -> Path:
    """Learning curves with a band of one standard deviation over seeds."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for name, points in summary["mean"].items():
        x = [p["labels"] for p in points]
        y = np.asarray([p["macro_f1"] for p in points])
        s = np.asarray([p["std"] for p in points])
        ax.plot(x, y, marker="o", markersize=3, label=name)
        ax.fill_between(x, y - s, y + s, alpha=0.15)
    final = summary["random_final"]
    ax.axhline(final["macro_f1"], color="grey", linestyle=":", linewidth=1)
    ax.axvline(CRITERION * final["labels"], color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel("labelled comments")
    ax.set_ylabel("macro-F1 on held-out domains")
    ax.set_title("Active learning vs random sampling (dotted: random's final; dashed: 70%)")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    return out


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny smoke run, nothing saved")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--strategies", default=",".join(DEFAULT_STRATEGIES))
    parser.add_argument("--checkpoint", type=Path, default=None, help="curves so far (JSON)")
    parser.add_argument(
        "--resume", action="store_true", help="reuse the curves already in --checkpoint"
    )
    parser.add_argument("--out", type=Path, default=None, help="result JSON (quick: required)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    records = load_comments(Path(__file__).resolve().parent.parent / "corpus")
    schedule: Sequence[int] = SCHEDULE
    strategies = args.strategies.split(",")
    seeds = args.seeds
    if args.quick:
        rng = np.random.default_rng(0)
        records = [records[i] for i in sorted(rng.choice(len(records), 500, replace=False))]
        schedule, strategies, seeds = QUICK_SCHEDULE, ["random", "uncertainty"], 1
    params = ModelParams()
    parsed = parse_corpus(records, SpacyPreprocessor(norm_form=params.norm_form).fit([]))
    pool, test = split_domains(records)
    print(
        f"pool {len(pool)}, test {len(test)} comments; parsed in "
        f"{time.perf_counter() - started:.0f}s",
        flush=True,
    )
    curves: dict[str, list[list[dict[str, float]]]] = {}
    if args.resume and args.checkpoint and args.checkpoint.is_file():
        import json

        curves = json.loads(args.checkpoint.read_text())
    for name in strategies:
        for seed in range(len(curves.get(name, [])), seeds):
            t0 = time.perf_counter()
            curve = run_curve(parsed, pool, test, name, seed, schedule, params)
            curves.setdefault(name, []).append(curve)
            if args.checkpoint:
                import json

                args.checkpoint.write_text(json.dumps(curves))
            print(
                f"{name} seed {seed}: final macro-F1 {curve[-1]['macro_f1']:.3f} "
                f"({time.perf_counter() - t0:.0f}s)",
                flush=True,
            )
    summary = summarise(curves)
    payload = {
        "pool": len(pool),
        "test": len(test),
        "test_domains": sorted({records[i].domain for i in test}),
        "schedule": list(schedule),
        "seeds": seeds,
        "seed_per_label": schedule[0] // len(LABEL_NAMES),
        "curves": curves,
        **summary,
        "seconds": round(time.perf_counter() - started, 1),
    }
    for name, row in summary["criterion"].items():
        share = row["share_of_random_labels"]
        shown = "never" if share is None else f"{share:.0%} of the labels"
        print(
            f"{name}: reaches random's final {summary['random_final']['macro_f1']:.3f} with "
            f"{shown} -> {'meets' if row['meets_70_percent'] else 'misses'} the 70% criterion"
        )
    if args.quick:
        if args.out:
            import json

            args.out.write_text(json.dumps(payload, indent=2))
        return payload
    save_result("active_learning", payload)
    plot(summary, DOCS / "active_learning.png")
    print(f"wrote {RESULTS / 'active_learning.json'} and {DOCS / 'active_learning.png'}")
    return payload


if __name__ == "__main__":
    main()
