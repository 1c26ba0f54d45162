"""Model bundles: verified before anything is unpickled; errors name the file and mismatch."""

from __future__ import annotations

import json
from pathlib import Path

import joblib
import pytest

from claimcheck.bundle import (
    META_FILE,
    MODEL_FILE,
    SUMS_FILE,
    load_bundle,
    runtime_versions,
    sha256_file,
    verify_bundle,
)
from claimcheck.exceptions import IncompatibleModelError, ModelIntegrityError, ModelLoadError
from claimcheck.predict import Classifier, load_model
from claimcheck.types import LABELS


@pytest.fixture
def no_unpickling(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Make joblib.load fail loudly; record any attempt."""
    calls: list[Path] = []

    def refuse(path, *args, **kwargs):
        calls.append(Path(path))
        raise AssertionError(f"joblib.load({path}) was called on an unverified bundle")

    monkeypatch.setattr(joblib, "load", refuse)
    return calls


def rewrite_meta(bundle: Path, **changes: object) -> None:
    """Change meta.json and record its new digest, as a consistent (but foreign) bundle would."""
    meta = json.loads((bundle / META_FILE).read_text())
    meta.update(changes)
    (bundle / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    lines = []
    for line in (bundle / SUMS_FILE).read_text().splitlines():
        digest, name = line.split()
        if name == META_FILE:
            digest = sha256_file(bundle / META_FILE)
        lines.append(f"{digest}  {name}")
    (bundle / SUMS_FILE).write_text("\n".join(lines) + "\n")


def test_tiny_bundle_trains_fast(tiny_bundle_timed: tuple[Path, float]) -> None:
    _, seconds = tiny_bundle_timed
    assert seconds < 60, f"training the tiny bundle took {seconds:.1f} s"


def test_tiny_bundle_loads(tiny_bundle: Path) -> None:
    assert sorted(p.name for p in tiny_bundle.iterdir()) == sorted(
        [MODEL_FILE, META_FILE, SUMS_FILE]
    )
    bundle = load_bundle(tiny_bundle)
    assert bundle.path == tiny_bundle
    assert [name for name, _ in bundle.model.steps] == ["spacy", "features", "clf"]
    assert list(bundle.model.classes_) == [lab.value for lab in LABELS]
    meta = bundle.meta
    assert meta["labels"] == [lab.value for lab in LABELS]
    assert meta["versions"] == runtime_versions()
    assert meta["n_comments"] == 160
    assert len(meta["corpus_digest"]) == 64
    assert "created" in meta


def test_load_model_gives_a_classifier(tiny_bundle: Path) -> None:
    classifier = load_model(tiny_bundle)
    assert isinstance(classifier, Classifier)
    assert classifier.version.startswith(runtime_versions()["claimcheck"] + "+")


def test_sums_file_lists_both_files(tiny_bundle: Path) -> None:
    entries: dict[str, str] = {}
    for line in (tiny_bundle / SUMS_FILE).read_text().splitlines():
        digest, name = line.split()
        entries[name] = digest
    assert entries == {
        MODEL_FILE: sha256_file(tiny_bundle / MODEL_FILE),
        META_FILE: sha256_file(tiny_bundle / META_FILE),
    }


def test_one_changed_byte_is_refused_before_unpickling(
    bundle_copy: Path, no_unpickling: list[Path]
) -> None:
    model = bundle_copy / MODEL_FILE
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0x01
    model.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError) as info:
        load_bundle(bundle_copy)
    assert str(model) in str(info.value)
    assert "SHA-256" in str(info.value)
    assert no_unpickling == []


def test_truncated_model_is_refused(bundle_copy: Path, no_unpickling: list[Path]) -> None:
    model = bundle_copy / MODEL_FILE
    model.write_bytes(model.read_bytes()[:1000])
    with pytest.raises(ModelIntegrityError, match=MODEL_FILE):
        load_model(bundle_copy)
    assert no_unpickling == []


def test_edited_meta_without_new_digest_is_refused(bundle_copy: Path) -> None:
    meta = bundle_copy / META_FILE
    meta.write_text(meta.read_text().replace('"n_comments": 160', '"n_comments": 161'))
    with pytest.raises(ModelIntegrityError, match=META_FILE):
        load_bundle(bundle_copy)


def test_missing_directory_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "bundle"
    with pytest.raises(ModelLoadError) as info:
        load_model(missing)
    assert str(missing) in str(info.value)
    assert "claimcheck train" in str(info.value)  # says what to do


def test_missing_sums_file(bundle_copy: Path, no_unpickling: list[Path]) -> None:
    (bundle_copy / SUMS_FILE).unlink()
    with pytest.raises(ModelIntegrityError, match=SUMS_FILE):
        load_bundle(bundle_copy)
    assert no_unpickling == []


def test_sums_file_without_model_digest(bundle_copy: Path) -> None:
    sums = bundle_copy / SUMS_FILE
    kept = [line for line in sums.read_text().splitlines() if MODEL_FILE not in line]
    sums.write_text("".join(line + "\n" for line in kept))
    with pytest.raises(ModelIntegrityError, match=f"no digest for {MODEL_FILE}"):
        load_bundle(bundle_copy)


def test_malformed_sums_file(bundle_copy: Path) -> None:
    (bundle_copy / SUMS_FILE).write_text("this is not a digest line at all\n")
    with pytest.raises(ModelIntegrityError, match="malformed"):
        load_bundle(bundle_copy)


def test_missing_model_file(bundle_copy: Path) -> None:
    (bundle_copy / MODEL_FILE).unlink()
    with pytest.raises(ModelLoadError, match=MODEL_FILE):
        load_bundle(bundle_copy)


def _other_major(version: str) -> str:
    major, rest = version.split(".", 1)
    return f"{int(major) + 1}.{rest}"


@pytest.mark.parametrize(
    ("library", "make_version"),
    [
        ("spacy", _other_major),
        ("scikit-learn", _other_major),
        ("scikit-learn", lambda v: f"{v.split('.')[0]}.{int(v.split('.')[1]) + 1}.0"),
    ],
    ids=["spacy-major", "sklearn-major", "sklearn-minor"],
)
def test_other_library_version_is_incompatible(
    bundle_copy: Path, no_unpickling: list[Path], library: str, make_version
) -> None:
    versions = runtime_versions()
    foreign = make_version(versions[library])
    rewrite_meta(bundle_copy, versions={**versions, library: foreign})
    with pytest.raises(IncompatibleModelError) as info:
        load_bundle(bundle_copy)
    assert library in str(info.value)
    assert foreign in str(info.value)
    assert versions[library] in str(info.value)
    assert no_unpickling == []


def test_spacy_patch_release_is_compatible(bundle_copy: Path) -> None:
    versions = runtime_versions()
    major = versions["spacy"].split(".")[0]
    rewrite_meta(bundle_copy, versions={**versions, "spacy": f"{major}.0.0"})
    assert verify_bundle(bundle_copy)["versions"]["spacy"] == f"{major}.0.0"


def test_other_label_set_is_incompatible(bundle_copy: Path, no_unpickling: list[Path]) -> None:
    rewrite_meta(bundle_copy, labels=["ham", "spam"])
    with pytest.raises(IncompatibleModelError, match="ham"):
        load_bundle(bundle_copy)
    assert no_unpickling == []


def test_other_bundle_format_is_incompatible(bundle_copy: Path) -> None:
    rewrite_meta(bundle_copy, format=99)
    with pytest.raises(IncompatibleModelError, match="format"):
        load_bundle(bundle_copy)


def test_meta_that_is_not_json(bundle_copy: Path) -> None:
    (bundle_copy / META_FILE).write_text("{not json")
    rewrite_sums = [
        f"{sha256_file(bundle_copy / name)}  {name}" for name in (MODEL_FILE, META_FILE)
    ]
    (bundle_copy / SUMS_FILE).write_text("\n".join(rewrite_sums) + "\n")
    with pytest.raises(ModelIntegrityError, match="not valid JSON"):
        load_bundle(bundle_copy)


def test_verified_file_that_fails_to_unpickle_is_a_load_error(bundle_copy: Path) -> None:
    (bundle_copy / MODEL_FILE).write_bytes(b"not a pickle")
    rewrite_sums = [
        f"{sha256_file(bundle_copy / name)}  {name}" for name in (MODEL_FILE, META_FILE)
    ]
    (bundle_copy / SUMS_FILE).write_text("\n".join(rewrite_sums) + "\n")
    with pytest.raises(ModelLoadError, match="could not be loaded"):
        load_bundle(bundle_copy, trust=True)  # vouched for, so it reaches the unpickler
