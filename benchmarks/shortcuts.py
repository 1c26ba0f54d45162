"""Shortcut report of the corpus beside the external dev set (issue 12): the surface cues
per label, the kinds of spam and the most label-predictive n-grams of each.

    python -m benchmarks.shortcuts [--corpus corpus/comments.jsonl] [--external PATH]

Writes docs/results/shortcuts.json (date, commit, machine, both reports). The dev set is
found through CLAIMCHECK_EXTERNAL_DEV (default ../shared/external/dev.jsonl); without it
only the corpus is reported.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import time
from pathlib import Path
from typing import Any

from rich.console import Console

from benchmarks.common import ROOT, external_dev_path, git_commit, save_result
from claimcheck.corpus import resolve_corpus
from claimcheck.shortcuts import print_reports, report_for_jsonl


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _timed_report(path: Path) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    report = report_for_jsonl(path)
    return report, time.perf_counter() - started


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--external", type=Path, default=None, help="labelled JSONL (dev set)")
    parser.add_argument("--no-save", action="store_true", help="print only")
    parser.add_argument(
        "--result", default="shortcuts", help="result file name in docs/results (no .json)"
    )
    args = parser.parse_args(argv)

    corpus_path = resolve_corpus(args.corpus)
    dev_path = args.external or external_dev_path()
    reports: dict[str, dict[str, Any]] = {}
    sources: dict[str, dict[str, Any]] = {}
    for name, path in (("corpus", corpus_path), ("dev", dev_path)):
        if path is None:
            continue
        report, seconds = _timed_report(path)
        reports[name] = report
        sources[name] = {
            "path": os.path.relpath(path.resolve(), ROOT)
            if path.resolve().is_relative_to(ROOT)
            else path.name,
            "sha256": _sha256(path),
            "seconds": round(seconds, 2),
        }
    print_reports(reports, Console(width=120))
    if "dev" not in reports:
        print("external dev set not found (set CLAIMCHECK_EXTERNAL_DEV): corpus only")
    payload = {
        "commit": git_commit(),
        "platform": platform.platform(),
        "sources": sources,
        "reports": reports,
    }
    if not args.no_save:
        print(f"wrote {save_result(args.result, payload)}")
    return payload


if __name__ == "__main__":
    main()
