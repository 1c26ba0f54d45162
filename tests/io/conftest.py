"""Paths of the export fixtures we wrote (tests/fixtures/exports)."""

from __future__ import annotations

from pathlib import Path

import pytest

EXPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "exports"


@pytest.fixture
def exports() -> Path:
    return EXPORTS


RESEARCH = EXPORTS.parent / "research"


@pytest.fixture
def pool_file() -> Path:
    """48 unlabelled comments (tests/research/conftest.py says more)."""
    return RESEARCH / "pool.jsonl"


@pytest.fixture
def export_file() -> Path:
    """A Label Studio JSON export with every awkward case the import must report."""
    return RESEARCH / "labelstudio_export.json"
