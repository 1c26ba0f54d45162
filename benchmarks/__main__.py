"""Run every benchmark and write docs/benchmarks.md from the raw results in docs/results/.

python -m benchmarks            # everything (about 20 minutes on 2 cores)
python -m benchmarks --render   # only re-render docs/benchmarks.md from saved results
"""

from __future__ import annotations

import argparse

from benchmarks import accuracy, baseline_dev, speed
from benchmarks.report import render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--render", action="store_true", help="only re-render the report")
    args = parser.parse_args()
    if not args.render:
        baseline_dev.main()
        accuracy.main([])
        speed.main([])
    path = render()
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
