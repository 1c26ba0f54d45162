"""Shared fixtures: a tiny model trained on a stratified sample of the real corpus, and the
shipped model. Both are session-scoped because training and loading cost seconds."""

from __future__ import annotations

import atexit
import json
import os
import random
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from claimcheck.corpus import CorpusRecord, load_comments
from claimcheck.types import LABELS

REPO = Path(__file__).resolve().parent.parent

# Bundles trained by the tests are recorded as trusted (claimcheck.trust): in a private
# directory, set before anything loads a bundle, never in the user's real config directory.
# Subprocesses and Dask workers inherit it.
_TEST_CONFIG_DIR = tempfile.mkdtemp(prefix="claimcheck-test-config-")
os.environ["CLAIMCHECK_CONFIG_DIR"] = _TEST_CONFIG_DIR
atexit.register(shutil.rmtree, _TEST_CONFIG_DIR, ignore_errors=True)
CORPUS_DIR = REPO / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PER_LABEL = 40
#: Training the tiny bundle must stay fast enough for a unit-test session.
TINY_BUNDLE_MAX_SECONDS = 60.0


def record_to_json(record: CorpusRecord) -> str:
    """A corpus record in the corpus file format (one JSON line)."""
    return json.dumps(record.to_dict(), ensure_ascii=False)


def stratified_sample(
    records: list[CorpusRecord], per_label: int, seed: int = 0
) -> list[CorpusRecord]:
    """`per_label` records of every label, chosen reproducibly (sorted by id, then seeded)."""
    rng = random.Random(seed)
    chosen: list[CorpusRecord] = []
    for label in LABELS:
        pool = sorted((r for r in records if r.label is label), key=lambda r: r.id)
        chosen.extend(rng.sample(pool, per_label))
    return sorted(chosen, key=lambda r: r.id)


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 160-comment corpus directory (40 per label) sampled from the real corpus."""
    records = stratified_sample(load_comments(CORPUS_DIR), PER_LABEL)
    root = tmp_path_factory.mktemp("tiny_corpus")
    path = root / "comments.jsonl"
    path.write_text("".join(record_to_json(r) + "\n" for r in records), encoding="utf-8")
    return path


def _train_tiny(corpus: Path, out: Path) -> tuple[Path, float]:
    from claimcheck.model import ModelParams
    from claimcheck.train import train_model

    started = time.perf_counter()
    params = ModelParams(min_df=1, calibration="sigmoid")
    train_model(corpus=corpus, out=out, params=params, cross_validate=False)
    return out, time.perf_counter() - started


@pytest.fixture(scope="session")
def tiny_bundle_timed(
    tiny_corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, float]:
    """The tiny bundle and how long training it took (seconds)."""
    return _train_tiny(tiny_corpus, tmp_path_factory.mktemp("tiny_bundle") / "bundle")


@pytest.fixture(scope="session")
def tiny_bundle(tiny_bundle_timed: tuple[Path, float]) -> Path:
    """Directory of a real bundle trained on the tiny corpus."""
    return tiny_bundle_timed[0]


@pytest.fixture(scope="session")
def tiny_bundle_twin(tiny_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second bundle trained on the same data with the same (default) seed."""
    return _train_tiny(tiny_corpus, tmp_path_factory.mktemp("tiny_twin") / "bundle")[0]


@pytest.fixture(scope="session")
def tiny_model(tiny_bundle: Path):
    """The tiny bundle, loaded."""
    from claimcheck.predict import load_model

    return load_model(tiny_bundle)


@pytest.fixture(scope="session")
def shipped_model():
    """The shipped default model (models/default)."""
    import claimcheck

    return claimcheck.load_model()


@pytest.fixture
def bundle_copy(tiny_bundle: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny bundle that a test may damage."""
    import shutil

    target = tmp_path / "bundle"
    shutil.copytree(tiny_bundle, target)
    return target


def _write_jsonl(path: Path, rows: list[object]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def write_jsonl():
    """write_jsonl(path, rows): dicts become JSON lines, strings are written verbatim."""
    return _write_jsonl


class CrashAfter:
    """An engine that dies (like a killed process) after labelling `chunks` chunks."""

    def __init__(self, engine: Any, chunks: int) -> None:
        self.ref = engine.ref
        self.version = engine.version
        self.workers = 1
        self._engine = engine
        self._chunks = chunks

    def map(self, chunks: Iterable[Any]) -> Iterator[Any]:
        for done, rows in enumerate(self._engine.map(chunks)):
            if done == self._chunks:
                raise RuntimeError("simulated crash")
            yield rows

    def close(self) -> None:
        pass


@pytest.fixture
def crash_after():
    """crash_after(engine, n): an engine that raises after n chunks."""
    return CrashAfter
