"""The corpus's first report card: plain TF-IDF + LR trained on the whole corpus, scored on
the external dev set (macro-F1 overall, per source, strong mapping only).

    python -m benchmarks.baseline_dev
"""

from __future__ import annotations

from benchmarks.common import load_external_dev, plain_baseline, save_result
from claimcheck.corpus import load_comments
from claimcheck.evaluate import group_macro_f1, scores
from claimcheck.types import LABEL_NAMES


def main() -> dict[str, object]:
    records = load_comments("corpus")
    model = plain_baseline().fit([r.text for r in records], [r.label.value for r in records])
    dev = load_external_dev()
    proba = model.predict_proba([d["text"] for d in dev])
    order = [list(model.classes_).index(lab) for lab in LABEL_NAMES]
    proba = proba[:, order]
    gold = [d["label"] for d in dev]
    result = scores(gold, proba, groups={"source": [d["source"] for d in dev]})
    strong = [i for i, d in enumerate(dev) if d["mapping"] == "strong"]
    predicted = [LABEL_NAMES[i] for i in proba.argmax(axis=1)]
    strong_f1 = group_macro_f1(
        [gold[i] for i in strong], [predicted[i] for i in strong], ["strong"] * len(strong)
    )["strong"]
    payload = {
        "corpus_comments": len(records),
        "macro_f1": result["macro_f1"],
        "by_source": {k: v["macro_f1"] for k, v in result["by_source"].items()},
        "strong_macro_f1": strong_f1["macro_f1"],
        "per_label_f1": {k: v["f1"] for k, v in result["per_label"].items()},
        "ece": result["ece"],
    }
    save_result("baseline_dev", payload)
    print(f"plain TF-IDF + LR on {len(records)} corpus comments -> external dev")
    print(
        f"  macro-F1 {payload['macro_f1']:.3f}  (strong mapping only: {strong_f1['macro_f1']:.3f})"
    )
    for source, row in result["by_source"].items():
        print(f"  {source:16s} {row['macro_f1']:.3f}")
    return payload


if __name__ == "__main__":
    main()
