"""The portable export of the shipped model predicts exactly what the bundle predicts.

python -m benchmarks.portable

Exports models/default with `claimcheck.portable.export_bundle`, rebuilds it with
`read_portable` (no unpickling), and compares every prediction (label, all four
probabilities, sentence labels and probabilities, cues, flags) on the whole corpus and on the
external dev set (CLAIMCHECK_EXTERNAL_DEV), counting any difference at all. Also times
loading each form with the imports done. Writes docs/results/portable.json.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, external_dev_path, load_external_dev, save_result


def _differences(a: list[Any], b: list[Any]) -> int:
    return sum(
        x.label != y.label
        or x.probabilities != y.probabilities
        or x.sentences != y.sentences
        or x.cues != y.cues
        or x.flags != y.flags
        for x, y in zip(a, b, strict=True)
    )


def main(argv: list[str] | None = None) -> None:
    from claimcheck.bundle import default_model_path, load_bundle
    from claimcheck.corpus import load_comments
    from claimcheck.portable import export_bundle, read_portable
    from claimcheck.predict import Classifier

    load_bundle()  # imports and disk cache warm for both timings below
    started = time.perf_counter()
    bundle = load_bundle()
    bundle_seconds = time.perf_counter() - started
    original = Classifier(bundle.model, bundle.meta)
    sets: dict[str, list[str]] = {"corpus": [r.text for r in load_comments(ROOT / "corpus")]}
    if external_dev_path():
        sets["external_dev"] = [row["text"] for row in load_external_dev()]
    with tempfile.TemporaryDirectory() as tmp:
        path = export_bundle(None, Path(tmp) / "model.npz")
        size = path.stat().st_size
        started = time.perf_counter()
        model, meta = read_portable(path)
        portable_seconds = time.perf_counter() - started
    rebuilt = Classifier(model, meta)
    checks = {}
    for name, texts in sets.items():
        checks[name] = {
            "n": len(texts),
            "differences": _differences(original.predict(texts), rebuilt.predict(texts)),
        }
    result = {
        "what": "models/default vs its portable export rebuilt without unpickling",
        "bundle": str(default_model_path().relative_to(ROOT)),
        "version": original.version,
        "export_mb": round(size / 1e6, 2),
        "load_s": {"bundle": round(bundle_seconds, 3), "portable": round(portable_seconds, 3)},
        "predictions": checks,
        "bit_identical": all(c["differences"] == 0 for c in checks.values()),
    }
    out = save_result("portable", result)
    print(json.dumps(result, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
