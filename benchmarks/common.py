"""Shared pieces of the benchmarks: data paths, the plain baseline, result files."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_union

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RESULTS = DOCS / "results"


def external_dev_path() -> Path | None:
    """The external dev set (never trained on); None when this checkout has no copy."""
    path = Path(
        os.environ.get("CLAIMCHECK_EXTERNAL_DEV", ROOT.parent / "shared/external/dev.jsonl")
    )
    return path if path.is_file() else None


def load_external_dev() -> list[dict[str, Any]]:
    path = external_dev_path()
    if path is None:
        raise SystemExit("external dev set not found; set CLAIMCHECK_EXTERNAL_DEV")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def plain_baseline(seed: int = 0) -> Pipeline:
    """The afternoon baseline: TF-IDF (word 1-2 + char_wb 2-5) + logistic regression, raw text."""
    return Pipeline(
        [
            (
                "tfidf",
                make_union(
                    TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                    ),
                ),
            ),
            (
                "clf",
                LogisticRegression(
                    C=4.0, max_iter=3000, class_weight="balanced", random_state=seed
                ),
            ),
        ]
    )


def git_commit() -> str:
    """The checked-out commit (with "+dirty" when tracked files differ), or "unknown"."""
    import subprocess

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (commit or "unknown") + ("+dirty" if dirty else "")


def environment() -> dict[str, str]:
    import sklearn
    import spacy

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "spacy": spacy.__version__,
        "scikit-learn": sklearn.__version__,
    }


def save_result(name: str, payload: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"environment": environment(), **payload}, indent=2) + "\n")
    return path
