"""Engines over the tiny model, and generated inputs for the batch tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.batch.engines import InProcessEngine
from claimcheck.batch.worker import ModelRef, remember

EXPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "exports"
WORDS = [
    "clinic",
    "trial",
    "study",
    "doctor",
    "wife",
    "procedure",
    "restenosis",
    "placebo",
    "blog",
    "deal",
]


@pytest.fixture(scope="session")
def tiny_ref(tiny_bundle: Path, tiny_model) -> ModelRef:
    ref = ModelRef(str(tiny_bundle.resolve()), tiny_model.settings)
    remember(ref, tiny_model)
    return ref


@pytest.fixture
def in_process(tiny_ref: ModelRef) -> InProcessEngine:
    return InProcessEngine(tiny_ref)


@pytest.fixture
def make_input():
    """make_input(path, n): n distinct generated comments as JSONL."""
    return generated


def generated(path: Path, n: int, start: int = 0) -> Path:
    """n distinct JSONL comments (distinct texts: the tokenizer cache flatters repeats)."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(start, start + n):
            words = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(6))
            handle.write(
                json.dumps(
                    {"id": f"g{i}", "thread_id": f"t{i // 20}", "text": f"{words} number {i}."}
                )
                + "\n"
            )
    return path
