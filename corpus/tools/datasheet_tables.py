"""Print the count tables of corpus/CORPUS.md as Markdown (rerun after every corpus change).

python corpus/tools/datasheet_tables.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from claimcheck.corpus import corpus_stats, load_comments  # noqa: E402
from claimcheck.types import LABELS  # noqa: E402


def main() -> None:
    stats = corpus_stats("corpus")
    labels = [lab.value for lab in LABELS]
    print("| domain | " + " | ".join(labels) + " | total |")
    print("|---|" + "---:|" * (len(labels) + 1))
    small = {lab: 0 for lab in labels}
    n_small = 0
    for domain, row in stats["domains"].items():
        if sum(row.values()) < 40:  # round 5 wrote in ~200 domains: the long tail is summed
            n_small += 1
            for lab in labels:
                small[lab] += row[lab]
            continue
        print(
            f"| {domain} | "
            + " | ".join(str(row[lab]) for lab in labels)
            + f" | {sum(row.values())} |"
        )
    if n_small:
        print(
            f"| {n_small} other domains (< 40 each) | "
            + " | ".join(str(small[lab]) for lab in labels)
            + f" | {sum(small.values())} |"
        )
    print(
        "| **all** | "
        + " | ".join(f"**{stats['labels'][lab]}**" for lab in labels)
        + f" | **{stats['comments']}** |"
    )
    print()
    records = load_comments("corpus")
    print(
        "| label | comments | words p10 | median | p90 | max | with digits | with ! | with ? | with emoji | multi-sentence |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    emoji = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf]")
    for lab in labels:
        rows = [r for r in records if r.label.value == lab]
        words = np.array([len(r.text.split()) for r in rows])
        share = lambda f: f"{100 * sum(1 for r in rows if f(r.text)) / len(rows):.0f}%"  # noqa: E731
        print(
            f"| {lab} | {len(rows)} | {np.percentile(words, 10):.0f} | {np.median(words):.0f} | "
            f"{np.percentile(words, 90):.0f} | {words.max()} | {share(lambda t: any(c.isdigit() for c in t))} | "
            f"{share(lambda t: '!' in t)} | {share(lambda t: '?' in t)} | {share(lambda t: bool(emoji.search(t)))} | "
            f"{sum(1 for r in rows if len(r.sentences) > 1)} |"
        )
    print()
    print("| writing quota (round 5 `register`) | " + " | ".join(labels) + " | total |")
    print("|---|" + "---:|" * (len(labels) + 1))
    for name, row in stats["registers"].items():
        print(
            f"| {name} | "
            + " | ".join(str(row.get(lab, 0)) for lab in labels)
            + f" | {sum(row.values())} |"
        )
    print(f"\nspam that harvests attention: {stats['attention_spam_share']:.0%}\n")
    print("| hard case (guide row) | comments |")
    print("|---|---:|")
    for key, n in stats["hard_cases"].items():
        print(f"| {key} | {n} |")
    print()
    writers = Counter(r.provenance.get("writer") for r in records)
    print("writers:", ", ".join(f"{k} {v}" for k, v in sorted(writers.items())))
    print("flags:", stats["flags"], "languages:", stats["flag_languages"])


if __name__ == "__main__":
    main()
