"""Where claimcheck spends its time: pyinstrument over one `Classifier.predict` pass on
texts it has not seen (the external dev set, as benchmarks/speed.py's headline; the corpus
when there is none).

Writes docs/results/profile.txt and profile.html (the call tree) and profile.json (the
functions with the most self time), so the report can name the top item.

    python -m benchmarks.profile [--n 3000]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from typing import Any

from benchmarks.common import RESULTS, save_result
from benchmarks.speed import WARM_UP, unseen_texts
from claimcheck.corpus import load_comments

N_TEXTS = 2000
TOP = 12


def self_times(frame: Any, out: dict[str, float]) -> None:
    """Sum pyinstrument's self time per function over the whole call tree."""
    if not frame.is_synthetic:
        if frame.file_path_short == "<thread>":
            # Cython code (spaCy's tokens, matcher) breaks the Python stack; pyinstrument
            # then hangs its samples off the thread root instead of the caller.
            key = "native/Cython frames outside a Python caller (mostly spaCy)"
        else:
            key = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        out[key] += frame.total_self_time
    for child in frame.children:
        self_times(child, out)


#: Steps of Classifier.predict whose inclusive time the report names.
STEPS = (
    "pipe_features",
    "predict_docs",
    "OnePassTfidfVectorizer.transform",
    "LinkClasses.transform",
    "StyleFeatures.transform",
    "Classifier._build",
)


def inclusive(frame: Any, out: dict[str, float]) -> None:
    """Inclusive time of the STEPS (none of them recurses, so no double counting)."""
    name = frame.function if not frame.class_name else f"{frame.class_name}.{frame.function}"
    if name in STEPS or frame.function in STEPS:
        out[name] += frame.time
    for child in frame.children:
        inclusive(child, out)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=N_TEXTS)
    args = parser.parse_args(argv)
    from pyinstrument import Profiler

    from claimcheck.predict import load_model

    texts, source = unseen_texts()
    texts = texts[: args.n]
    classifier = load_model()
    # warm-up outside the profile, on corpus texts (as benchmarks/speed.py): it loads what
    # loads on first use (the language identifier: about 1 s)
    classifier.predict([r.text for r in load_comments("corpus")[:WARM_UP]])
    profiler = Profiler(interval=0.001)
    profiler.start()
    classifier.predict(texts)
    profiler.stop()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "profile.txt").write_text(profiler.output_text(unicode=True, color=False))
    (RESULTS / "profile.html").write_text(profiler.output_html())
    session = profiler.last_session
    assert session is not None
    root = session.root_frame()
    totals: dict[str, float] = defaultdict(float)
    steps: dict[str, float] = defaultdict(float)
    if root is not None:
        self_times(root, totals)
        inclusive(root, steps)
    duration = session.duration
    top = sorted(totals.items(), key=lambda kv: -kv[1])[:TOP]
    payload: dict[str, Any] = {
        "texts": source,
        "n_texts": len(texts),
        "seconds": duration,
        "steps_inclusive": {k: {"seconds": v, "share": v / duration} for k, v in steps.items()},
        "top_self_time": [
            {"function": name, "seconds": secs, "share": secs / duration} for name, secs in top
        ],
    }
    save_result("profile", payload)
    for key, value in payload["steps_inclusive"].items():
        print(f"{value['share']:6.1%}  {key} (inclusive)")
    for row in payload["top_self_time"]:
        print(f"{row['share']:6.1%}  {row['function']}")
    return payload


if __name__ == "__main__":
    main()
