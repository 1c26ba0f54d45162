"""The portable export: rebuilt estimators predict bit-identically, and a file naming
anything outside the trusted classes is refused without running it."""

from __future__ import annotations

import importlib
import json
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from claimcheck.bundle import bundle_digest
from claimcheck.cli import app
from claimcheck.corpus import load_comments
from claimcheck.model import ModelParams, build_pipeline
from claimcheck.portable import (
    MANIFEST,
    SPACY_FACTORIES,
    SPACY_REFERENCES,
    TRUSTED_TYPES,
    ExportError,
    PortableFormatError,
    _references,
    describe,
    export_bundle,
    read_portable,
    to_portable,
    type_name,
    types_in,
    write_portable,
)
from claimcheck.predict import Classifier, load_model
from claimcheck.trust import is_trusted

REPO = Path(__file__).resolve().parent.parent
SAMPLE = 200


def _same(a: Classifier, b: Classifier, texts: list[str]) -> None:
    for x, y in zip(a.predict(texts), b.predict(texts), strict=True):
        assert x.label == y.label
        assert x.probabilities == y.probabilities  # exact floats, not approximately
        assert x.sentences == y.sentences
        assert x.cues == y.cues
        assert x.flags == y.flags


@pytest.fixture(scope="module")
def sample_texts() -> list[str]:
    records = load_comments(REPO / "corpus")
    step = max(1, len(records) // SAMPLE)
    return [r.text for r in records[::step]][:SAMPLE]


def test_tiny_bundle_round_trip_is_bit_identical(
    tiny_bundle: Path, tiny_model: Classifier, tmp_path: Path, sample_texts: list[str]
) -> None:
    exported = export_bundle(tiny_bundle, tmp_path / "tiny.npz")
    rebuilt = load_model(exported)  # a file: read without unpickling, no trust needed
    _same(tiny_model, rebuilt, sample_texts)
    assert rebuilt.version == tiny_model.version


def test_shipped_model_round_trip_is_bit_identical(
    shipped_model: Classifier, tmp_path: Path, sample_texts: list[str]
) -> None:
    path = write_portable(shipped_model.pipeline, shipped_model.meta, tmp_path / "s.npz")
    model, meta = read_portable(path)
    _same(shipped_model, Classifier(model, meta), sample_texts)


def test_cli_export_then_import_gives_a_trusted_bundle(
    tiny_bundle: Path, tiny_model: Classifier, tmp_path: Path, sample_texts: list[str]
) -> None:
    runner = CliRunner()
    exported = tmp_path / "shared.npz"
    result = runner.invoke(app, ["export", str(exported), "--model", str(tiny_bundle)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "imported"
    result = runner.invoke(app, ["import", str(exported), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert is_trusted(bundle_digest(out))
    imported = load_model(out)
    assert imported.meta["imported_from"] == "shared.npz"
    _same(tiny_model, imported, sample_texts[:50])


def test_export_needs_an_npz_name(tiny_bundle: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(tmp_path / "x.joblib"), "-m", str(tiny_bundle)])
    assert result.exit_code == 2
    assert ".npz" in result.output


# --- the trusted-type list -------------------------------------------------------------------


@pytest.mark.parametrize("calibration", ["temperature", "sigmoid", "isotonic"])
def test_every_class_of_a_fitted_pipeline_is_trusted(calibration: str) -> None:
    """Derives the classes from real fitted Pipelines (every feature family, every
    calibration): a new estimator class makes this fail until it is reviewed and listed."""
    from claimcheck.features import FEATURE_FAMILIES

    records = load_comments(REPO / "corpus")[::60]
    params = ModelParams(families=FEATURE_FAMILIES, min_df=1, calibration=calibration)
    pipeline = build_pipeline(params).fit(
        [r.text for r in records], [r.label.value for r in records]
    )
    found = types_in(pipeline)
    assert found <= TRUSTED_TYPES, f"not on TRUSTED_TYPES: {sorted(found - TRUSTED_TYPES)}"


def test_shipped_bundle_classes_are_trusted(shipped_model: Classifier) -> None:
    assert types_in(shipped_model.pipeline) <= TRUSTED_TYPES


def test_trusted_types_are_real_classes_of_four_libraries_only() -> None:
    for name in TRUSTED_TYPES:
        assert name.split(".")[0] in {"claimcheck", "sklearn", "numpy", "scipy"}, name
        module, _, qualname = name.rpartition(".")
        cls = getattr(importlib.import_module(module), qualname)
        assert isinstance(cls, type) and type_name(cls) == name


def test_the_spacy_allowlist_covers_build_nlp() -> None:
    from claimcheck.nlp.pipeline import build_nlp

    config = build_nlp().config
    assert set(config["nlp"]["pipeline"]) <= SPACY_FACTORIES
    found = set(_references({"nlp": config["nlp"], "components": config["components"]}))
    assert found <= SPACY_REFERENCES


# --- hostile files ---------------------------------------------------------------------------


def _write(path: Path, manifest: dict, **arrays: np.ndarray) -> Path:
    blob = json.dumps(manifest).encode()
    with path.open("wb") as handle:
        np.savez(handle, **{MANIFEST: np.frombuffer(blob, np.uint8)}, **arrays)
    return path


def _manifest(model: object, meta: dict) -> dict:
    return {"format": "claimcheck-portable", "version": 1, "meta": meta, "model": model}


@pytest.mark.parametrize(
    "node",
    [
        {"$t": "object", "class": "os.system", "state": {}},
        {"$t": "object", "class": "subprocess.Popen", "state": {}},
        {"$t": "type", "name": "builtins.eval"},
        {"$t": "enum", "class": "posix.system", "value": "touch x"},
        {"$t": "sparse", "class": "builtins.exec", "shape": [1], "data": "a0"},
    ],
)
def test_classes_off_the_list_are_refused(
    node: dict, tiny_model: Classifier, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "evil.npz", _manifest({"$t": "tuple", "items": [node]}, tiny_model.meta)
    )
    with pytest.raises(PortableFormatError, match="not on claimcheck's list"):
        read_portable(path)


def test_a_pickle_passed_as_a_model_file_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"

    class Touch:
        def __reduce__(self):
            return (Path.touch, (marker,))

    evil = tmp_path / "model.joblib"
    evil.write_bytes(pickle.dumps(Touch()))
    with pytest.raises(PortableFormatError):
        load_model(evil)
    assert not marker.exists()


def test_object_arrays_inside_the_archive_are_refused(
    tiny_model: Classifier, tmp_path: Path
) -> None:
    path = tmp_path / "objects.npz"
    model = {"$t": "ndarray", "array": "a0"}
    blob = json.dumps(_manifest(model, tiny_model.meta)).encode()
    np.savez(
        path,
        **{MANIFEST: np.frombuffer(blob, np.uint8)},
        a0=np.array([{"x": 1}], dtype=object),
    )
    with pytest.raises(PortableFormatError):
        read_portable(path)


def test_a_spacy_config_naming_other_functions_is_refused(
    tiny_model: Classifier, tmp_path: Path
) -> None:
    blob, arrays = to_portable(tiny_model.pipeline, tiny_model.meta)
    text = blob.decode()
    hostile = text.replace('factory = \\"sentencizer\\"', 'factory = \\"entity_linker\\"', 1)
    assert hostile != text
    path = tmp_path / "spacy.npz"
    np.savez(path, **{MANIFEST: np.frombuffer(hostile.encode(), np.uint8)}, **arrays)
    with pytest.raises(PortableFormatError, match="entity_linker"):
        read_portable(path)


def test_not_an_export(tmp_path: Path) -> None:
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(PortableFormatError, match="not a claimcheck export"):
        read_portable(junk)
    other = tmp_path / "other.npz"
    np.savez(other, x=np.arange(3))
    with pytest.raises(PortableFormatError, match="no manifest"):
        read_portable(other)


def test_export_refuses_an_unlisted_class(tiny_model: Classifier) -> None:
    class Custom:
        pass

    with pytest.raises(ExportError, match="TRUSTED_TYPES"):
        to_portable({"step": Custom()}, tiny_model.meta)


def test_describe_lists_the_classes(tiny_bundle: Path, tmp_path: Path) -> None:
    info = describe(export_bundle(tiny_bundle, tmp_path / "t.npz"))
    assert "sklearn.pipeline.Pipeline" in info["classes"]
    assert set(info["classes"]) <= TRUSTED_TYPES
    with zipfile.ZipFile(tmp_path / "t.npz") as archive:
        assert f"{MANIFEST}.npy" in archive.namelist()
