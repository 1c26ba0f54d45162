"""Run every benchmark and write docs/benchmarks.md from the raw results in docs/results/.

python -m benchmarks              # everything but the ablation (~20 minutes on 2 cores)
python -m benchmarks --ablation   # also re-run the feature ablation (+15 minutes)
python -m benchmarks --render     # only re-render docs/benchmarks.md from saved results

The ablation (benchmarks.accuracy) is kept out of the default run so `make bench` stays
under 30 minutes on a 2-core machine; its last saved results are still rendered.
"""

from __future__ import annotations

import argparse
import time

from benchmarks import accuracy, baseline_dev, compare, cost, profile, speed
from benchmarks.common import external_dev_path
from benchmarks.report import render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--render", action="store_true", help="only re-render the report")
    parser.add_argument("--ablation", action="store_true", help="also run the ablation")
    args = parser.parse_args()
    if not args.render:
        start = time.perf_counter()
        steps = [("contenders: accuracy", lambda: compare.main([]))]
        if external_dev_path():
            steps.insert(0, ("plain baseline on dev", baseline_dev.main))
        if args.ablation:
            steps.append(("ablation", lambda: accuracy.main([])))
        steps += [
            ("claimcheck vs plain baseline: speed", lambda: speed.main([])),
            ("contenders: speed and cost", lambda: cost.main([])),
            ("profile", lambda: profile.main([])),
        ]
        for title, step in steps:
            t0 = time.perf_counter()
            print(f"== {title}", flush=True)
            step()
            print(f"== {title}: {time.perf_counter() - t0:.0f} s", flush=True)
        print(f"all benchmarks: {(time.perf_counter() - start) / 60:.1f} min")
    path = render()
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
