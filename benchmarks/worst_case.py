"""The most expensive single comments we know how to write, classified in-process.

Each shape is 20,000 characters (the longest a comment is classified on before truncation),
and every repetition is a fresh variant, because spaCy caches the tokens of any chunk it has
seen: repeating one text would measure the cache. Reported per shape: the median and the
worst of the repetitions, and the same for a plain baseline run in the same process (a
20,000-character comment of ordinary words), so the figures can be read as a ratio on a
loaded machine. Also: resident memory after a flood of comments of unique words.

    python -m benchmarks.worst_case [--repeats 5]

Writes docs/results/worst_case.json (date, commit, machine).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import string
import time
from collections.abc import Callable
from typing import Any

from benchmarks.common import save_result
from claimcheck.predict import load_model

LENGTH = 20_000


def _fill(unit: str, rng: random.Random) -> str:
    """`unit` repeated to LENGTH, with a random tail so no two variants share a chunk."""
    tail = "".join(rng.choice("!?.,;:") for _ in range(12))
    return (unit * (LENGTH // len(unit) + 1))[: LENGTH - len(tail)] + tail


SHAPES: dict[str, Callable[[random.Random], str]] = {
    "'!?' run": lambda rng: _fill("!?", rng),
    "'(' run": lambda rng: _fill("(", rng),
    "':)' run": lambda rng: _fill(":)", rng),
    '"\'s" run': lambda rng: _fill("'s", rng),
    "random symbols": lambda rng: "".join(rng.choice(string.punctuation) for _ in range(LENGTH)),
    "symbols and spaces": lambda rng: "".join(
        rng.choice(string.punctuation + " ") for _ in range(LENGTH)
    ),
    "one 20,000-letter word": lambda rng: "".join(
        rng.choice(string.ascii_lowercase) for _ in range(LENGTH)
    ),
    "4,000 short sentences": lambda rng: " ".join(
        f"{rng.choice(['Yes', 'No', 'Ok', 'Why'])}." for _ in range(LENGTH // 5)
    ),
    "baseline: ordinary words": lambda rng: " ".join(
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 9)))
        for _ in range(LENGTH // 6)
    )[:LENGTH],
}


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--flood-requests", type=int, default=20)
    args = parser.parse_args(argv)
    rng = random.Random(20261207)
    classifier = load_model()
    classifier.predict_one("warm up " + "".join(rng.choice("!?") for _ in range(200)))
    classifier.predict_one("Bonjour à tous, je voudrais savoir comment faire.")  # langid model
    shapes: dict[str, Any] = {}
    for name, make in SHAPES.items():
        seconds = []
        for _ in range(args.repeats):
            text = make(rng)
            start = time.perf_counter()
            classifier.predict_one(text)
            seconds.append(time.perf_counter() - start)
        shapes[name] = {"median_s": statistics.median(seconds), "max_s": max(seconds)}
        print(f"{name:28s} median {shapes[name]['median_s']:.3f} s  max {max(seconds):.3f} s")
    before = _rss_mb()
    for _ in range(args.flood_requests):
        classifier.predict(
            [
                " ".join(
                    "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
                    for _ in range(120)
                )
                for _ in range(256)
            ]
        )
    growth = _rss_mb() - before
    print(
        f"RSS growth after {args.flood_requests} floods of 256 unique-word comments: "
        f"{growth:.0f} MB"
    )
    payload = {
        "length_chars": LENGTH,
        "repeats": args.repeats,
        "model_version": classifier.version,
        "shapes": shapes,
        "worst_median_s": max(v["median_s"] for k, v in shapes.items() if "baseline" not in k),
        "flood": {
            "requests": args.flood_requests,
            "comments_per_request": 256,
            "rss_growth_mb": growth,
        },
    }
    print(f"wrote {save_result('worst_case', payload)}")
    return payload


if __name__ == "__main__":
    main()
