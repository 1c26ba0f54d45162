"""Fixtures of the researcher workflow: the files we wrote in tests/fixtures/research.

pool.jsonl: 48 unlabelled comments (varied domains and registers); pool_answers.jsonl: the
labels a careful annotator gives them (LABELS.md), used to simulate annotation;
heldout.jsonl: 16 more labelled comments for evaluation; labelstudio_export.json: a Label
Studio JSON export with every awkward case the import must report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RESEARCH = Path(__file__).resolve().parent.parent / "fixtures" / "research"


@pytest.fixture
def research_dir() -> Path:
    return RESEARCH


@pytest.fixture
def pool_file() -> Path:
    return RESEARCH / "pool.jsonl"


@pytest.fixture
def export_file() -> Path:
    return RESEARCH / "labelstudio_export.json"


@pytest.fixture
def answers() -> dict[str, str]:
    """id -> label the simulated annotator gives."""
    lines = (RESEARCH / "pool_answers.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["id"]: row["label"] for row in map(json.loads, lines)}
