"""Render docs/benchmarks.md from docs/results/*.json (numbers are never typed by hand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks import plots
from benchmarks.common import DOCS, RESULTS

LABEL_ORDER = ["evidence_citation", "opinion", "spam", "testimonial"]
#: Display names of the contenders (kept here so rendering needs no model libraries).
LABELS_BY_NAME = {
    "claimcheck": "claimcheck (shipped)",
    "tfidf_lr": "TF-IDF + LR",
    "spacy_bow": "spaCy textcat (bow)",
    "spacy_ensemble": "spaCy textcat (ensemble)",
    "minilm_lr": "MiniLM-L6 + LR",
    "keyword_rules": "keyword rules",
}

TARGETS = {
    "cv": 0.85,
    "dev": 0.75,
    "source": 0.60,
    "ece": 0.05,
    "throughput_ratio": 0.8,
    "p99_ms": 2.5,
    "cold_ratio": 1.3,
    "load_s": 2.0,
}


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.is_file() else None


def _mark(ok: bool) -> str:
    return "reached" if ok else "**not reached**"


def _f(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _ci(cell: dict[str, Any] | None) -> str:
    if not cell:
        return "–"
    low, high = cell["ci95"]
    return f"{cell['macro_f1']:.3f} [{low:.3f}, {high:.3f}]"


def compare_section(comp: dict[str, Any], plot: str | None) -> list[str]:
    """The accuracy table: every contender, CV and dev per source, all and strong-only."""
    env = comp["environment"]
    contenders = comp["contenders"]
    dev_keys: list[str] = []
    for row in contenders.values():
        dev_keys += [k for k in row.get("dev", {}) if k not in dev_keys]
    lines = [
        "## Accuracy against the alternatives",
        "",
        f"{comp['n_comments']} corpus comments, {comp['n_dev']} external dev comments; "
        f"{env['date']}, {env['machine']}, Python {env['python']}, spaCy {env['spacy']}, "
        f"scikit-learn {env['scikit-learn']}.",
        f"CV: leave-domains-out, {comp['n_splits']} folds (GroupKFold on domain, the same "
        "folds for every contender). Dev: fitted on the whole corpus, never on dev; claimcheck "
        "is the shipped bundle. Macro-F1 with a 95% bootstrap interval "
        f"({comp['n_boot']:,} resamples, fixed seed); 'all' is over the four labels, a "
        "subset (strong = the source label maps cleanly onto ours; a source) over the "
        "labels it has at least 50 of.",
        "",
        "| contender | CV macro-F1 | CV ECE | "
        + " | ".join(f"dev {k}" for k in dev_keys)
        + " | dev ECE |",
        "|---|---:|---:|" + "---:|" * len(dev_keys) + "---:|",
    ]
    for row in contenders.values():
        dev = row.get("dev", {})
        cells = " | ".join(_ci(dev.get(k)) for k in dev_keys)
        lines.append(
            f"| {row['label']} | {_ci(row['cv'])} | {_f(row['cv']['ece'])} | {cells} | "
            f"{_f(dev.get('all', {}).get('ece'))} |"
        )
    lines += [
        "",
        "Per-label F1 (CV / dev all):",
        "",
        "| contender | " + " | ".join(LABEL_ORDER) + " |",
        "|---|" + "---:|" * len(LABEL_ORDER),
    ]
    for row in contenders.values():
        cv = row["cv"]["per_label_f1"]
        dev = row.get("dev", {}).get("all", {}).get("per_label_f1", {})
        cells = " | ".join(f"{_f(cv.get(k))} / {_f(dev.get(k))}" for k in LABEL_ORDER)
        lines.append(f"| {row['label']} | {cells} |")
    for name, why in comp.get("skipped", {}).items():
        lines += ["", f"Not run: {name} ({why})."]
    verdict = comp.get("verdict")
    if verdict:
        ours = verdict["claimcheck_dev_macro_f1"]
        lines += ["", "| claim (external dev, all, macro-F1) | values | |", "|---|---|---|"]
        for name, v in verdict["beats"].items():
            lines.append(
                f"| claimcheck beats {contenders[name]['label']} | {ours:.3f} vs "
                f"{v['theirs']:.3f} ({v['delta']:+.3f}) | {_mark(v['ok'])} |"
            )
        within = verdict.get("within")
        if within:
            lines.append(
                f"| claimcheck at most 0.03 below {contenders[within['name']]['label']}, "
                "or above | "
                f"{ours:.3f} vs {within['theirs']:.3f} ({within['delta']:+.3f}) | "
                f"{_mark(within['ok'])} |"
            )
        lines += [
            "",
            "The intervals are per contender (unpaired): where two overlap, the gap between "
            "them is within resampling noise of this dev set and should not be read as a win.",
        ]
    if plot:
        lines += ["", f"![macro-F1 with 95% intervals]({plot})"]
    return [*lines, ""]


def cost_section(cost: dict[str, Any], labels: dict[str, str], plot: str | None) -> list[str]:
    """The speed and cost table, and the cost curve."""
    env = cost["environment"]
    slow = ", ".join(f"{labels.get(k, k)} {v}" for k, v in cost.get("n_texts_slow", {}).items())
    lines = [
        "## Speed and cost",
        "",
        f"{cost['n_texts']:,} distinct texts (corpus sentences recombined with a fixed seed, "
        f"mean {cost['mean_chars']:.0f} chars; {slow or 'all contenders alike'}); "
        f"{env['date']}, {env['machine']}. Each contender runs in a fresh process: load time "
        "includes its imports; peak memory is that process's maximum RSS (interpreter and "
        "libraries included); 2 processes = a pool whose workers each load their own model "
        "and return only probabilities (load not timed). Latency: one text per call, "
        f"{cost['n_latency']} texts. claimcheck's numbers include everything `predict` "
        "returns (sentences, cues, flags).",
        "",
        "| contender | texts/s, 1 process | texts/s, 2 processes | p50 ms | p99 ms | load s "
        "| peak RSS MB | size on disk MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in cost["speed"].items():
        lines.append(
            f"| {labels.get(name, name)} | {row['texts_per_s_1']:,.0f} | "
            f"{row['texts_per_s_2']:,.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
            f"{row['load_s']:.2f} | {row['peak_rss_mb']:.0f} | {row['size_mb']:.2f} |"
        )
    ours = cost["speed"].get("claimcheck", {})
    if "texts_per_s_1_ratio_vs_tfidf" in ours:
        lines += [
            "",
            f"claimcheck's throughput is **{ours['texts_per_s_1_ratio_vs_tfidf']:.2f}x** the "
            f"plain TF-IDF + LR's in one process and "
            f"**{ours['texts_per_s_2_ratio_vs_tfidf']:.2f}x** with 2 processes here. "
            "These are cold processes on 4,000 texts: spaCy's vocabulary and claimcheck's "
            "per-word caches (normaliser, character n-grams) start empty, while the plain "
            "baseline has no such caches, so the ratio rises with volume (see the cost curve "
            "below: the rate grows from 1k to 100k texts). The issue's throughput target "
            f"(≥ {TARGETS['throughput_ratio']}) is judged on the same-process comparison in "
            "the speed table above; below that target in a cold process, as here, is "
            "reported, not hidden.",
        ]
    slower = [n for n, r in cost["speed"].items() if r["texts_per_s_2"] < r["texts_per_s_1"]]
    if slower:
        lines += [
            "",
            "Where 2 processes are slower than 1 ("
            + ", ".join(labels.get(n, n) for n in slower)
            + "), the second core was not free: the pool only helps on an idle machine, and "
            "MiniLM's single process already uses both cores through torch's threads "
            "(its workers get one thread each).",
        ]
    for name in cost.get("skipped", []):
        lines += ["", f"Not run: {labels.get(name, name)} (not installed here)."]
    curve = cost.get("curve")
    if curve:
        lines += [
            "",
            "### Cost curve (claimcheck `Classifier.predict`, each size in a fresh process)",
            "",
            "| texts | seconds | texts/s | peak RSS MB | added by predict MB |",
            "|---:|---:|---:|---:|---:|",
        ]
        for p in curve["points"]:
            lines.append(
                f"| {p['n']:,} | {p['seconds']:.1f} | {p['texts_per_s']:,.0f} | "
                f"{p['peak_rss_mb']:.0f} | {p['predict_memory_mb']:.0f} |"
            )
        extra = curve.get("extrapolated_1m")
        if extra:
            lines.append(
                f"| 1,000,000 (extrapolated: slope of the two largest runs, not run) | "
                f"~{extra['seconds']:,.0f} | | | ~{extra['predict_memory_mb']:,.0f} |"
            )
        lines += ["", *curve_notes(curve)]
        if plot:
            lines += ["", f"![cost curve]({plot})"]
    return [*lines, ""]


def curve_notes(curve: dict[str, Any]) -> list[str]:
    """Say where the curve departs from linear (rate or per-text memory off by >20%)."""
    points = curve["points"]
    if len(points) < 2:
        return []
    rates = [p["texts_per_s"] for p in points]
    ref = rates[-1]
    notes = []
    for p in points[:-1]:
        if abs(p["texts_per_s"] - ref) / ref > 0.2:
            notes.append(
                f"Not linear at {p['n']:,} texts: {p['texts_per_s']:,.0f} texts/s against "
                f"{ref:,.0f} at {points[-1]['n']:,} (start-up and warm-up weigh on small runs)."
            )
    per_k = [p["predict_memory_mb"] / p["n"] * 1000 for p in points]
    if per_k[-1] > 0 and abs(per_k[0] - per_k[-1]) / per_k[-1] > 0.2:
        notes.append(
            "Memory is not linear at the small end: `predict` returns a list, so memory grows "
            "with the results held (Prediction objects with sentences and cues), while small "
            "runs sit inside memory the process had already reserved; `iter_predict` keeps "
            "it flat."
        )
    if not notes:
        notes.append("Time and memory grow linearly across the sizes run (within 20%).")
    return notes


def profile_section(prof: dict[str, Any]) -> list[str]:
    lines = [
        "## Where claimcheck spends its time (pyinstrument)",
        "",
        f"One `Classifier.predict` pass over {prof['n_texts']:,} texts "
        f"({prof.get('texts', 'distinct corpus texts')}), "
        f"{prof['seconds']:.1f} s sampled. Call tree: "
        "[`results/profile.txt`](results/profile.txt), "
        "[`results/profile.html`](results/profile.html).",
        "",
        "| step (inclusive) | share |",
        "|---|---:|",
    ]
    for name, v in prof.get("steps_inclusive", {}).items():
        lines.append(f"| `{name}` | {v['share']:.0%} |")
    lines += ["", "| function (self time) | share |", "|---|---:|"]
    for row in prof["top_self_time"][:8]:
        lines.append(f"| `{row['function']}` | {row['share']:.0%} |")
    return [*lines, ""]


def render() -> Path:
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python -m benchmarks` from `docs/results/*.json`.",
        "",
    ]
    acc = _load("accuracy")
    if acc:
        env = acc["environment"]
        lines += [
            "## Accuracy and ablation",
            "",
            f"{acc['n_comments']} corpus comments; {env['date']}, {env['machine']}, "
            f"spaCy {env['spacy']}, scikit-learn {env['scikit-learn']}.",
            "CV: leave-domains-out, 5 folds (whole domains held out). Dev: the external dev set, "
            "trained on the whole corpus, never on dev; per source = macro-F1 over the labels "
            "the source has at least 50 of. ECE after the cross-fitted temperature.",
            "",
            "| variant | CV macro-F1 | CV ECE | dev macro-F1 | dev strong | cdcp | ibm_ce "
            "| youtube | dev ECE |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, row in acc["variants"].items():
            dev = row.get("dev", {})
            src = dev.get("by_source", {})
            cv = f"{row['cv_macro_f1']:.3f}" if "cv_macro_f1" in row else "–"
            cv_ece = f"{row['cv_ece']:.3f}" if "cv_ece" in row else "–"
            lines.append(
                f"| {name} | {cv} | {cv_ece} | {dev.get('macro_f1', 0):.3f} | "
                f"{dev.get('strong_macro_f1', 0):.3f} | {src.get('cdcp', 0):.3f} | "
                f"{src.get('ibm_ce_emnlp15', 0):.3f} | {src.get('youtube_spam', 0):.3f} | "
                f"{dev.get('ece', 0):.3f} |"
            )
        shipped = acc["variants"]["shipped"]
        worst = min(shipped["dev"]["by_source"].values())
        base = acc["variants"].get("plain TF-IDF + LR", {}).get("dev", {}).get("macro_f1", 1.0)
        lines += [
            "",
            "| target | value | |",
            "|---|---:|---|",
            f"| LDO-CV macro-F1 ≥ {TARGETS['cv']} | {shipped['cv_macro_f1']:.3f} | "
            f"{_mark(shipped['cv_macro_f1'] >= TARGETS['cv'])} |",
            f"| external dev macro-F1 ≥ {TARGETS['dev']} | {shipped['dev']['macro_f1']:.3f} | "
            f"{_mark(shipped['dev']['macro_f1'] >= TARGETS['dev'])} |",
            f"| no source below {TARGETS['source']} | {worst:.3f} | "
            f"{_mark(worst >= TARGETS['source'])} |",
            f"| beats plain TF-IDF + LR on dev | {shipped['dev']['macro_f1']:.3f} vs {base:.3f} | "
            f"{_mark(shipped['dev']['macro_f1'] > base)} |",
            f"| CV ECE ≤ {TARGETS['ece']} | {shipped['cv_ece']:.3f} | "
            f"{_mark(shipped['cv_ece'] <= TARGETS['ece'])} |",
            "",
        ]
    speed = _load("speed")
    if speed:
        env = speed["environment"]
        lines += [
            "## Speed (one process, ratios against the plain baseline)",
            "",
            f"One pass over {speed['n_texts']:,} texts ({speed.get('texts', 'corpus')}, mean "
            f"{speed['mean_chars']:.0f} chars), the two alternated by halves; "
            f"{env['date']}, {env['machine']}.",
            "",
            "| measure | claimcheck | plain TF-IDF + LR | target | |",
            "|---|---:|---:|---|---|",
            f"| texts/s, one pass (`predict` vs `predict_proba`) | "
            f"{speed['predict_texts_per_s']:.0f} | "
            f"{speed['baseline_texts_per_s']:.0f} | ratio ≥ {TARGETS['throughput_ratio']} | "
            f"ratio {speed['throughput_ratio']:.2f}: "
            f"{_mark(speed['throughput_ratio'] >= TARGETS['throughput_ratio'])} |",
        ]
        if "warm_best_of_5_ratio" in speed:
            lines.append(
                f"| texts/s, same texts again, best of 5 | "
                f"{speed['warm_best_of_5_predict_texts_per_s']:.0f} | "
                f"{speed['warm_best_of_5_baseline_texts_per_s']:.0f} | | "
                f"ratio {speed['warm_best_of_5_ratio']:.2f} |"
            )
        lines += [
            f"| one comment p50 (ms) | {speed['predict_one_p50_ms']:.2f} | "
            f"{speed['baseline_one_p50_ms']:.2f} | | |",
            f"| one comment p99 (ms) | {speed['predict_one_p99_ms']:.2f} | "
            f"{speed['baseline_one_p99_ms']:.2f} | ≤ {TARGETS['p99_ms']} | "
            f"{_mark(speed['predict_one_p99_ms'] <= TARGETS['p99_ms'])} |",
            f"| `load_model` (s, imports done) | {speed['load_model_s']:.2f} | "
            f"| ≤ {TARGETS['load_s']} | "
            f"{_mark(speed['load_model_s'] <= TARGETS['load_s'])} |",
        ]
        if "load_model_cold_process_s" in speed:
            lines.append(
                f"| `load_model` in a new process (s, with imports) | "
                f"{speed['load_model_cold_process_s']:.2f} | | | |"
            )
        if "cold_ratio" in speed:
            lines.append(
                f"| `claimcheck classify` in a new process (s) vs importing spaCy, "
                f"scikit-learn, joblib | {speed['cold_classify_s']:.2f} | "
                f"{speed['cold_imports_s']:.2f} | ratio ≤ {TARGETS['cold_ratio']} | "
                f"ratio {speed['cold_ratio']:.2f}: "
                f"{_mark(speed['cold_ratio'] <= TARGETS['cold_ratio'])} |"
            )
        lines += [
            f"| peak Python memory during predict (MB) | "
            f"{speed['peak_python_memory_mb']:.1f} | | | |",
            f"| bundle size (MB) | {speed['bundle_mb']:.1f} | | < 20 | "
            f"{_mark(speed['bundle_mb'] < 20)} |",
            "",
        ]
    comp = _load("compare")
    if comp:
        plot = plots.accuracy_bars(comp)
        lines += compare_section(comp, f"results/{plot.name}" if plot else None)
    cost = _load("cost")
    if cost:
        labels = {k: v["label"] for k, v in (comp or {}).get("contenders", {}).items()}
        labels = {**LABELS_BY_NAME, **labels}
        plot = plots.cost_curve(cost)
        lines += cost_section(cost, labels, f"results/{plot.name}" if plot else None)
    adapted = _load("adapt")
    if adapted:  # issue 14: adapting to a forum (benchmarks/adapt.py renders its own section)
        from benchmarks.adapt import section as adapt_section

        lines += adapt_section(adapted)
    prof = _load("profile")
    if prof:
        lines += profile_section(prof)
    notes = DOCS / "performance-notes.md"
    if notes.is_file():
        lines += [notes.read_text()]
    out = DOCS / "benchmarks.md"
    out.write_text("\n".join(lines) + "\n")
    return out
