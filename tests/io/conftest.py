"""Paths of the export fixtures we wrote (tests/fixtures/exports)."""

from __future__ import annotations

from pathlib import Path

import pytest

EXPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "exports"


@pytest.fixture
def exports() -> Path:
    return EXPORTS
