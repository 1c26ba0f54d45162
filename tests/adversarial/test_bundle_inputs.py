"""Damaged and mismatched bundles: one typed error with a reason, never a bare traceback.

Issue 11: a meta.json holding a list gave an AttributeError, a truncated model.joblib gave
"could not be loaded:" with nothing after it, two bundles trained differently on one corpus
shared a version, and the dependency pins allowed scikit-learn minors the bundle refuses.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from claimcheck.bundle import META_FILE, MODEL_FILE, SUMS_FILE, load_bundle, sha256_file
from claimcheck.exceptions import IncompatibleModelError, ModelLoadError
from claimcheck.predict import Classifier

REPO = Path(__file__).resolve().parents[2]


def _reseal(bundle: Path) -> None:
    """Recompute SHA256SUMS, as someone who edits a bundle on purpose would."""
    sums = [f"{sha256_file(bundle / name)}  {name}" for name in (MODEL_FILE, META_FILE)]
    (bundle / SUMS_FILE).write_text("\n".join(sums) + "\n")


@pytest.mark.parametrize("meta", [[1, 2, 3], "a string", 42, None])
def test_meta_that_is_not_an_object_is_refused(bundle_copy: Path, meta: object) -> None:
    (bundle_copy / META_FILE).write_text(json.dumps(meta))
    _reseal(bundle_copy)
    with pytest.raises(IncompatibleModelError, match="not an object"):
        load_bundle(bundle_copy)


def test_meta_with_versions_of_the_wrong_type_is_refused(bundle_copy: Path) -> None:
    meta = json.loads((bundle_copy / META_FILE).read_text())
    meta["versions"] = ["3.8", "1.9"]
    (bundle_copy / META_FILE).write_text(json.dumps(meta))
    _reseal(bundle_copy)
    with pytest.raises(IncompatibleModelError, match="versions"):
        load_bundle(bundle_copy)


def test_truncated_model_with_matching_sums_says_why(bundle_copy: Path) -> None:
    model = bundle_copy / MODEL_FILE
    model.write_bytes(model.read_bytes()[:5000])
    _reseal(bundle_copy)
    with pytest.raises(ModelLoadError) as info:
        load_bundle(bundle_copy, trust=True)  # vouched for, so it reaches the unpickler
    message = str(info.value)
    reason = message.split("could not be loaded", 1)[1]
    assert reason.strip(" :;()") != ""
    assert "Error" in reason  # the exception's type is named even when its text is empty
    assert "retrain" in message


def test_version_follows_training_parameters_and_seed(tiny_model: Classifier) -> None:
    other_seed = json.loads(json.dumps(tiny_model.meta))
    other_seed["params"]["seed"] = other_seed["params"]["seed"] + 1
    other_c = json.loads(json.dumps(tiny_model.meta))
    other_c["params"]["C"] = other_c["params"]["C"] * 2
    same = json.loads(json.dumps(tiny_model.meta))
    versions = {
        Classifier(tiny_model.pipeline, meta).version for meta in (other_seed, other_c, same)
    }
    assert len(versions) == 3  # seed and C each change the version
    assert Classifier(tiny_model.pipeline, same).version == tiny_model.version


def test_dependency_pins_admit_only_versions_the_shipped_bundle_loads_under() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pins = {Requirement(r).name: Requirement(r).specifier for r in project["dependencies"]}
    saved = json.loads((REPO / "models/default" / META_FILE).read_text())["versions"]
    major, minor = (int(x) for x in saved["scikit-learn"].split(".")[:2])
    sklearn = pins["scikit-learn"]
    assert sklearn.contains(saved["scikit-learn"])
    assert not sklearn.contains(f"{major}.{minor + 1}.0"), "a newer minor would be refused"
    assert not sklearn.contains(f"{major}.{minor - 1}.99"), "an older minor would be refused"
    spacy_major = int(saved["spacy"].split(".")[0])
    assert pins["spacy"].contains(saved["spacy"])
    assert not pins["spacy"].contains(f"{spacy_major + 1}.0.0")
