"""Adapting to a new forum: each external dev source plays a forum the model never saw.

python -m benchmarks.adapt            # 3 sources x k in {0,25,50,100,200} x 5 seeds x 2 strategies
python -m benchmarks.adapt --quick    # 1 seed, k in {0,25,100}: a smoke test
python -m benchmarks.adapt --render   # only redraw the curves from docs/results/adapt.json

Per source and seed the source is split at random into a pool (half) and a test half. k labels
are drawn from the pool by `label suggest`'s default strategy (margin) or at random, the
shipped model is adapted on them exactly as `claimcheck adapt` does (claimcheck.adapt: the
offset's strength chosen by CV on those k labels, anchors from the base corpus), and scored on
the test half: macro-F1 over the labels the source has at least 50 of (as in the accuracy
table). `--unlabelled` alone is simulated with the pool as the unlabelled export. After each
adaptation the base corpus's leave-domains-out score is recomputed with the adaptation applied
(claimcheck.adapt.ldo_after). The dev set is only measured on: nothing adapted here is saved.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import DOCS, RESULTS, load_external_dev, save_result

KS = (0, 25, 50, 100, 200)
SEEDS = 5
STRATEGIES = ("margin", "random")
#: A source is scored over the labels it has at least this many of (as benchmarks.accuracy).
MIN_SUPPORT = 50
PLOT = RESULTS / "adapt.png"
TARGETS = {"k100_gain": 0.10, "k25_gain": 0.04, "ldo_loss": 0.01, "seconds_200": 60.0}


def _labels(gold: list[str]) -> list[str]:
    from collections import Counter

    counts = Counter(gold)
    return sorted(lab for lab, n in counts.items() if n >= MIN_SUPPORT)


def run_source(
    base: Any,
    reference: Any,
    rows: list[dict[str, Any]],
    ks: tuple[int, ...],
    seeds: int,
) -> dict[str, Any]:
    """Every k, strategy and seed on one source."""
    from claimcheck.adapt import Fitter, estimate_priors, ldo_after, train_units
    from claimcheck.adapt_fit import Offset, label_index, macro_f1
    from claimcheck.adapt_inputs import LabelledComment
    from claimcheck.research.active import select
    from claimcheck.types import LABEL_NAMES, Label

    gold = [r["label"] for r in rows]
    labels = _labels(gold)
    items = [LabelledComment(r["text"], Label(r["label"])) for r in rows]
    docs = base.parse([it.text for it in items])
    every = np.arange(len(items))
    fitter = Fitter(
        base,
        train_units(base, items, docs),
        base.scored(docs),
        label_index(gold),
        reference.anchors(seed=0),
    )
    base_proba = fitter.proba(every, Offset.empty())
    runs: list[dict[str, Any]] = []
    for seed in range(seeds):
        order = np.random.default_rng(seed).permutation(len(items))
        pool, test = np.sort(order[: len(items) // 2]), np.sort(order[len(items) // 2 :])
        test_gold = [gold[i] for i in test]

        def score(offset: Offset) -> float:
            return macro_f1(test_gold, fitter.proba(test, offset), labels)  # noqa: B023

        base_score = score(Offset.empty())
        runs.append({"seed": seed, "k": 0, "strategy": "base", "macro_f1": base_score})
        _, shifted = estimate_priors(base, [docs[i] for i in pool], Offset.empty())
        runs.append({"seed": seed, "k": 0, "strategy": "unlabelled", "macro_f1": score(shifted)})
        for strategy in STRATEGIES:
            for k in (k for k in ks if k > 0):
                picked = pool[
                    select(base_proba[pool], k, strategy, seed=seed)  # label suggest's choice
                ]
                t0 = time.perf_counter()
                strength = fitter.choose(picked, seed)
                offset = fitter.fit(picked, strength)
                seconds = time.perf_counter() - t0
                ldo = ldo_after(
                    reference,
                    base,
                    lambda anchors: fitter.with_anchors(anchors).fit(picked, strength),  # noqa: B023
                )
                run = {
                    "seed": seed,
                    "k": k,
                    "strategy": strategy,
                    "macro_f1": score(offset),
                    "strength": strength,
                    "ldo_macro_f1": ldo,
                    "fit_seconds": round(seconds, 2),
                    "label_counts": {
                        lab: int(sum(gold[i] == lab for i in picked)) for lab in LABEL_NAMES
                    },
                }
                _, both = estimate_priors(base, [docs[i] for i in pool], offset)
                run["macro_f1_with_unlabelled"] = score(both)
                runs.append(run)
                print(
                    f"  seed {seed} {strategy:>6} k={k:>3}: {run['macro_f1']:.3f} "
                    f"(base {base_score:.3f}; strength {strength}; LDO {ldo:.3f})",
                    flush=True,
                )
    return {"n": len(items), "labels": labels, "runs": runs}


def summarise(sources: dict[str, Any], ldo_base: float) -> dict[str, Any]:
    """Means over seeds per source, strategy and k; and over sources."""
    table: dict[str, dict[str, dict[str, Any]]] = {}
    for name, src in sources.items():
        per: dict[str, dict[str, list[float]]] = {}
        ldo: dict[str, dict[str, list[float]]] = {}
        for run in src["runs"]:
            per.setdefault(run["strategy"], {}).setdefault(str(run["k"]), []).append(
                run["macro_f1"]
            )
            if "ldo_macro_f1" in run:
                ldo.setdefault(run["strategy"], {}).setdefault(str(run["k"]), []).append(
                    run["ldo_macro_f1"]
                )
        table[name] = {
            strategy: {
                k: {
                    "macro_f1": float(np.mean(v)),
                    "sd": float(np.std(v)),
                    "min": float(np.min(v)),
                    **(
                        {"ldo_macro_f1": float(np.mean(ldo[strategy][k]))}
                        if k in ldo.get(strategy, {})
                        else {}
                    ),
                }
                for k, v in ks.items()
            }
            for strategy, ks in per.items()
        }
    mean: dict[str, dict[str, float]] = {}
    for strategy in ("base", "unlabelled", *STRATEGIES):
        for k in {k for t in table.values() for k in t.get(strategy, {})}:
            values = [t[strategy][k]["macro_f1"] for t in table.values() if k in t[strategy]]
            mean.setdefault(strategy, {})[k] = float(np.mean(values))
    base = mean["base"]["0"]
    gains = {strategy: {k: v - base for k, v in mean[strategy].items()} for strategy in STRATEGIES}
    worst = min(
        run["macro_f1"]
        - next(
            r["macro_f1"]
            for r in src["runs"]
            if r["seed"] == run["seed"] and r["strategy"] == "base"
        )
        for src in sources.values()
        for run in src["runs"]
        if run["strategy"] in STRATEGIES
    )
    # "No source is worse than base at any k" (with labels): the per-source mean over seeds.
    worst_source = min(
        table[name][strategy][k]["macro_f1"] - table[name]["base"]["0"]["macro_f1"]
        for name in table
        for strategy in STRATEGIES
        for k in table[name].get(strategy, {})
    )
    ldo_values = [
        run["ldo_macro_f1"]
        for src in sources.values()
        for run in src["runs"]
        if "ldo_macro_f1" in run
    ]
    return {
        "by_source": table,
        "mean": mean,
        "gain_over_base": gains,
        "worst_source_mean_gain": worst_source,
        "worst_single_run_gain": worst,
        "ldo": {
            "base": ldo_base,
            "adapted_mean": float(np.mean(ldo_values)) if ldo_values else None,
            "adapted_worst": float(np.min(ldo_values)) if ldo_values else None,
        },
    }


def time_cli_adapt(base: Any, rows: list[dict[str, Any]], cache_dir: Path) -> dict[str, Any]:
    """`adapt` end to end (files in, bundle out) with 200 labels, the reference cached."""
    from claimcheck.adapt import adapt

    chosen = [rows[i] for i in np.random.default_rng(0).permutation(len(rows))[:200]]
    with tempfile.TemporaryDirectory() as tmp:
        labelled = Path(tmp) / "labels.jsonl"
        labelled.write_text(
            "".join(json.dumps({"text": r["text"], "label": r["label"]}) + "\n" for r in chosen)
        )
        started = time.perf_counter()
        result = adapt([labelled], Path(tmp) / "bundle", base=base.path, cache_dir=cache_dir)
        seconds = time.perf_counter() - started
    return {"labels": 200, "seconds": round(seconds, 1), "report_seconds": result.report["seconds"]}


def draw(result: dict[str, Any]) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = result["summary"]["by_source"]
    fig, axes = plt.subplots(1, len(table) + 1, figsize=(4 * (len(table) + 1), 3.4), sharey=True)
    panels = [*table.items(), ("mean of sources", None)]
    for ax, (name, src) in zip(axes, panels, strict=True):
        for strategy, style in (("margin", "-o"), ("random", "--s")):
            if src is None:
                curve = result["summary"]["mean"].get(strategy, {})
                base = result["summary"]["mean"]["base"]["0"]
                unl = result["summary"]["mean"]["unlabelled"]["0"]
            else:
                curve = {k: v["macro_f1"] for k, v in src.get(strategy, {}).items()}
                base = src["base"]["0"]["macro_f1"]
                unl = src["unlabelled"]["0"]["macro_f1"]
            ks = sorted(int(k) for k in curve)
            ax.plot([0, *ks], [base, *(curve[str(k)] for k in ks)], style, label=strategy)
        ax.axhline(base, color="grey", lw=0.8, ls=":", label="base")
        ax.plot([0], [unl], "k^", label="--unlabelled only")
        ax.set_title(name)
        ax.set_xlabel("forum labels (k)")
    axes[0].set_ylabel("macro-F1 on the held-out half")
    axes[-1].legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)
    plt.close(fig)
    return PLOT


def section(result: dict[str, Any]) -> list[str]:
    """The docs/benchmarks.md section (rendered by benchmarks.report)."""
    env = result["environment"]
    s = result["summary"]
    mean = s["mean"]
    base = mean["base"]["0"]
    ks = sorted({int(k) for k in mean.get("margin", {})})
    lines = [
        "",
        "## Adapting to a forum (`claimcheck adapt`)",
        "",
        f"`python -m benchmarks.adapt`; {env['date']}, {env['machine']}, commit {env['commit']}. "
        "Each external dev source plays a new forum: per seed it is split at random into a pool "
        "and a held-out half; k labels come from the pool by `label suggest`'s margin strategy "
        "or at random; the shipped model is adapted on them as `claimcheck adapt` does and "
        f"scored on the held-out half (macro-F1 over the labels a source has ≥ {MIN_SUPPORT} "
        f"of; mean of {result['seeds']} seeds). `--unlabelled` only: EM priors from the pool, "
        "no labels. Nothing adapted on the dev set is saved.",
        "",
        "| source | strategy | " + " | ".join(f"k={k}" for k in [0, *ks]) + " | unlabelled only |",
        "|---|---|" + "---:|" * (len(ks) + 2),
    ]
    for name, src in s["by_source"].items():
        b = src["base"]["0"]["macro_f1"]
        for strategy in STRATEGIES:
            cells = [f"{src[strategy][str(k)]['macro_f1']:.3f}" for k in ks]
            unl = f"{src['unlabelled']['0']['macro_f1']:.3f}" if strategy == "margin" else ""
            lines.append(f"| {name} | {strategy} | {b:.3f} | " + " | ".join(cells) + f" | {unl} |")
    for strategy in STRATEGIES:
        cells = [f"{mean[strategy][str(k)]:.3f}" for k in ks]
        unl = f"{mean['unlabelled']['0']:.3f}" if strategy == "margin" else ""
        lines.append(f"| **mean** | {strategy} | {base:.3f} | " + " | ".join(cells) + f" | {unl} |")
    gain = s["gain_over_base"]["margin"]
    ldo = s["ldo"]
    t = result["timing"]

    def mark(ok: bool) -> str:
        return "reached" if ok else "**not reached**"

    k100 = gain.get("100")
    k25 = gain.get("25")
    unl_worst = min(
        src["unlabelled"]["0"]["macro_f1"] - src["base"]["0"]["macro_f1"]
        for src in s["by_source"].values()
    )
    lines += [
        "",
        "| target | value | |",
        "|---|---:|---|",
    ]
    if k100 is not None:
        lines.append(
            f"| k=100 (margin): mean gain ≥ {TARGETS['k100_gain']} | {k100:+.3f} | "
            f"{mark(k100 >= TARGETS['k100_gain'])} |"
        )
    if k25 is not None:
        lines.append(
            f"| k=25 (margin): mean gain ≥ {TARGETS['k25_gain']} | {k25:+.3f} | "
            f"{mark(k25 >= TARGETS['k25_gain'])} |"
        )
    lines += [
        f"| with labels, no source worse than base at any k (mean over seeds) | "
        f"{s['worst_source_mean_gain']:+.3f} | {mark(s['worst_source_mean_gain'] >= 0)} |",
        f"| `--unlabelled` alone never worse on a source | {unl_worst:+.3f} "
        f"(mean gain {mean['unlabelled']['0'] - base:+.3f}) | {mark(unl_worst >= 0)} |",
        f"| leave-domains-out within {TARGETS['ldo_loss']} of base (worst run) | "
        f"{ldo['base']:.3f} → {ldo['adapted_worst']:.3f} (mean {ldo['adapted_mean']:.3f}) | "
        f"{mark(ldo['base'] - ldo['adapted_worst'] <= TARGETS['ldo_loss'])} |",
        f"| `adapt` with 200 labels ≤ {TARGETS['seconds_200']:.0f} s (reference cached) | "
        f"{t['seconds']:.1f} s | {mark(t['seconds'] <= TARGETS['seconds_200'])} |",
        "",
        f"The first `adapt` on a base model also builds its leave-domains-out reference "
        f"(spaCy over the base corpus and 5 linear refits, cached per model): "
        f"{result['reference_seconds']:.0f} s here. Its base score ({ldo['base']:.3f}) is lower "
        "than `claimcheck train`'s because folds share the full model's vocabulary but not "
        "its labels; base and adapted are scored the same way. Worst single run (one seed, "
        f"any k, either strategy): {s['worst_single_run_gain']:+.3f}.",
        "",
        f"![learning curves](results/{PLOT.name})",
        "",
    ]
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 seed, k in {0, 25, 100}")
    parser.add_argument(
        "--render", action="store_true", help="only re-summarise and redraw from the saved runs"
    )
    parser.add_argument("--cache", type=Path, default=None, help="reference cache directory")
    args = parser.parse_args(argv)
    if args.render:
        path = RESULTS / "adapt.json"
        saved = json.loads(path.read_text())
        saved["summary"] = summarise(saved["sources"], saved["base"]["ldo_macro_f1"])
        path.write_text(json.dumps(saved, indent=2) + "\n")
        draw(saved)
        return
    from claimcheck.adapt import BaseModel, default_cache_dir, ldo_reference

    ks, seeds = ((0, 25, 100), 1) if args.quick else (KS, SEEDS)
    cache = args.cache or default_cache_dir()
    started = time.perf_counter()
    base = BaseModel.load(None)
    reference = ldo_reference(base, cache_dir=cache, log=print)
    dev = load_external_dev()
    by_source: dict[str, list[dict[str, Any]]] = {}
    for row in dev:
        by_source.setdefault(row["source"], []).append(row)
    sources = {}
    for name, rows in sorted(by_source.items()):
        print(f"== {name} ({len(rows)} comments)", flush=True)
        sources[name] = run_source(base, reference, rows, ks, seeds)
    timing = time_cli_adapt(base, by_source[sorted(by_source)[0]], cache)
    print(f"adapt with 200 labels: {timing['seconds']} s")
    result = {
        "base": {"version": base.version, "ldo_macro_f1": reference.base_macro_f1},
        "ks": list(ks),
        "seeds": seeds,
        "strategies": list(STRATEGIES),
        "reference_seconds": reference.seconds,
        "timing": timing,
        "summary": summarise(sources, reference.base_macro_f1),
        "sources": sources,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if args.quick:
        print(json.dumps(result["summary"]["mean"], indent=1))
        return
    path = save_result("adapt", result)
    draw(json.loads(path.read_text()))
    print(f"wrote {path} and {PLOT}")


if __name__ == "__main__":
    main()

__all__ = ["DOCS", "main", "section"]
