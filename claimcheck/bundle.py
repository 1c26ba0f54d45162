"""Save, verify and load a model bundle: model.joblib + meta.json + SHA256SUMS.

Loading a pickle runs code, so every file is checked against its recorded digest before
anything is unpickled (the skops lesson), and versions and labels are checked from meta.json
before the model itself is opened.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimcheck import __version__
from claimcheck.exceptions import IncompatibleModelError, ModelIntegrityError, ModelLoadError
from claimcheck.types import LABELS

MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
SUMS_FILE = "SHA256SUMS"
BUNDLE_FORMAT = 1


def default_model_path() -> Path:
    """The shipped model: models/default next to the package (source checkout)."""
    return Path(__file__).resolve().parent.parent / "models" / "default"


@dataclass(frozen=True)
class Bundle:
    """A verified, loaded bundle: the fitted object and its metadata."""

    path: Path
    model: Any
    meta: dict[str, Any]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def runtime_versions() -> dict[str, str]:
    """Versions that decide whether a pickled model can be trusted to behave the same."""
    import sklearn
    import spacy

    return {
        "claimcheck": __version__,
        "spacy": spacy.__version__,
        "scikit-learn": sklearn.__version__,
        "python": platform.python_version(),
    }


def save_bundle(model: Any, path: str | Path, meta: dict[str, Any]) -> Path:
    """Write model.joblib, meta.json (with versions, labels, date) and SHA256SUMS."""
    import joblib

    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    # Uncompressed: 2x the bytes on disk (still far under 20 MB) but loads ~3x faster.
    joblib.dump(model, out / MODEL_FILE, compress=0)
    full_meta = {
        "format": BUNDLE_FORMAT,
        "versions": runtime_versions(),
        "labels": [lab.value for lab in LABELS],
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        **meta,
    }
    (out / META_FILE).write_text(json.dumps(full_meta, indent=2, sort_keys=True) + "\n")
    sums = "".join(f"{sha256_file(out / name)}  {name}\n" for name in (MODEL_FILE, META_FILE))
    (out / SUMS_FILE).write_text(sums)
    return out


def verify_bundle(path: str | Path) -> dict[str, Any]:
    """Check files against SHA256SUMS, then versions and labels; return meta. Unpickles nothing."""
    root = Path(path)
    if not root.is_dir():
        raise ModelLoadError(
            f"model bundle not found: {root} (train one with `claimcheck train --out {root}`)"
        )
    sums_path = root / SUMS_FILE
    if not sums_path.is_file():
        raise ModelIntegrityError(f"{sums_path} is missing: the bundle cannot be verified")
    expected: dict[str, str] = {}
    for line in sums_path.read_text().splitlines():
        parts = line.split()
        if len(parts) != 2:
            raise ModelIntegrityError(f"{sums_path}: malformed line {line!r}")
        expected[parts[1]] = parts[0]
    for name in (MODEL_FILE, META_FILE):
        file = root / name
        if name not in expected:
            raise ModelIntegrityError(f"{sums_path} has no digest for {name}")
        if not file.is_file():
            raise ModelLoadError(f"model bundle file missing: {file}")
        if sha256_file(file) != expected[name]:
            raise ModelIntegrityError(
                f"{file} does not match its SHA-256 in {SUMS_FILE}: it changed after the "
                "bundle was saved; retrain or restore the original file"
            )
    try:
        meta = json.loads((root / META_FILE).read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelIntegrityError(f"{root / META_FILE} is not valid JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise IncompatibleModelError(
            f"{root / META_FILE} holds a JSON {type(meta).__name__}, not an object: this is not "
            "a claimcheck bundle; retrain with `claimcheck train`"
        )
    check_compatible(meta, root)
    return dict(meta)


def _major(version: str) -> str:
    return version.split(".")[0]


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def check_compatible(meta: dict[str, Any], root: Path) -> None:
    """Refuse bundles from another spaCy/scikit-learn major version or with other labels."""
    saved = meta.get("versions", {})
    if not isinstance(saved, dict):
        raise IncompatibleModelError(f"{root}: meta.json 'versions' is not an object")
    current = runtime_versions()
    if meta.get("format") != BUNDLE_FORMAT:
        raise IncompatibleModelError(
            f"{root}: bundle format {meta.get('format')!r}, this claimcheck reads {BUNDLE_FORMAT}"
        )
    # scikit-learn minor releases change pickled internals, so its minor must match too.
    # Pickles hold claimcheck's own classes too: a bundle is bound to claimcheck's minor.
    for lib, key in (
        ("spacy", _major),
        ("scikit-learn", _major_minor),
        ("claimcheck", _major_minor),
    ):
        have, want = current[lib], str(saved.get(lib, "?"))
        if key(have) != key(want):
            raise IncompatibleModelError(
                f"{root} was built with {lib} {want}, this environment has {have}; "
                f"retrain with `claimcheck train` or install {lib}=={want}"
            )
    labels = meta.get("labels")
    if labels != [lab.value for lab in LABELS]:
        raise IncompatibleModelError(
            f"{root} predicts labels {labels}, claimcheck expects {[lab.value for lab in LABELS]}"
        )


def load_bundle(path: str | Path | None = None) -> Bundle:
    """Verify, then unpickle. Raises ModelLoadError and its children; never a bare pickle error."""
    import joblib

    root = Path(path) if path is not None else default_model_path()
    meta = verify_bundle(root)
    try:
        model = joblib.load(root / MODEL_FILE)
    except Exception as exc:  # a verified file that still fails is an environment problem
        # Some failures carry no text (a truncated pickle raises a bare EOFError).
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise ModelLoadError(
            f"{root / MODEL_FILE} could not be loaded ({reason}); the file may be truncated or "
            "written by another claimcheck: retrain with `claimcheck train` or restore the bundle"
        ) from exc
    return Bundle(root, model, meta)
