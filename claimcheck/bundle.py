"""Save, verify and load a model bundle: model.joblib + meta.json + SHA256SUMS.

Loading a pickle runs code. SHA256SUMS catches a damaged or half-copied bundle, but whoever
can write the directory can rewrite the sums too, so the sums prove nothing about where a
bundle came from. What decides whether a bundle is unpickled is its digest (the SHA-256 of
its canonical sums): it must be the shipped bundle's, pinned in the package, or recorded as
trusted in the user's trust file (claimcheck.trust), which `save_bundle` does for every
bundle written on this machine. Anything else is refused before a byte is unpickled. The
model file is read once into memory, checked, and unpickled from those same bytes. Versions
and labels are checked from meta.json before the model itself is opened.
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimcheck._version import __version__
from claimcheck.exceptions import (
    IncompatibleModelError,
    ModelIntegrityError,
    ModelLoadError,
    UntrustedModelError,
)
from claimcheck.trust import add_trusted, is_trusted, write_pin
from claimcheck.types import LABELS

MODEL_FILE = "model.joblib"
META_FILE = "meta.json"
SUMS_FILE = "SHA256SUMS"
BUNDLE_FORMAT = 1


#: Where a wheel carries the shipped bundle (setup.py copies models/default there).
PACKAGED_MODEL = Path(__file__).resolve().parent / "_model"
#: The source of truth in a checkout (and what an editable install loads).
CHECKOUT_MODEL = Path(__file__).resolve().parent.parent / "models" / "default"


def default_model_path() -> Path:
    """The shipped model: the copy inside an installed wheel, else the checkout's
    models/default."""
    if (PACKAGED_MODEL / SUMS_FILE).is_file():
        return PACKAGED_MODEL
    return CHECKOUT_MODEL


def is_checkout_default(path: str | Path) -> bool:
    """True when `path` is the checkout's models/default, whose digest the package pins."""
    in_checkout = (CHECKOUT_MODEL.parent.parent / "pyproject.toml").is_file()
    return in_checkout and Path(path).resolve() == CHECKOUT_MODEL.resolve()


@dataclass(frozen=True)
class Bundle:
    """A verified, loaded bundle: the fitted object and its metadata."""

    path: Path
    model: Any
    meta: dict[str, Any]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def runtime_versions() -> dict[str, str]:
    """Versions that decide whether a pickled model can be trusted to behave the same.

    Read from the installed distributions' metadata rather than by importing spaCy and
    scikit-learn (about 250 MB and 2 s), so a bundle can be checked by a process that will
    never load it (the batch job's parent)."""
    from importlib.metadata import version

    return {
        "claimcheck": __version__,
        "spacy": version("spacy"),
        "scikit-learn": version("scikit-learn"),
        "python": platform.python_version(),
    }


def save_bundle(model: Any, path: str | Path, meta: dict[str, Any], *, trust: bool = True) -> Path:
    """Write model.joblib, meta.json (with versions, labels, date) and SHA256SUMS.

    The bundle is then recorded as trusted (this machine wrote it; `trust=False` skips
    that), and writing the checkout's models/default re-pins the shipped digest, so a
    retrained shipped model and its pin never disagree.
    """
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
    if trust:
        record_trusted(out, "written on this machine")
    if is_checkout_default(out):
        write_pin(bundle_digest(out))
    return out


@dataclass(frozen=True)
class _Verified:
    meta: dict[str, Any]
    digest: str
    model_bytes: bytes | None


def _read_verified(root: Path, *, keep_model: bool) -> _Verified:
    """Read each file once, check it against SHA256SUMS, then check meta.json.

    Unpickles nothing. With `keep_model`, the checked bytes of model.joblib are returned,
    so what gets unpickled is exactly what was checked (no window to swap the file).
    """
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
    contents: dict[str, bytes] = {}
    for name in (MODEL_FILE, META_FILE):
        file = root / name
        if name not in expected:
            raise ModelIntegrityError(f"{sums_path} has no digest for {name}")
        if not file.is_file():
            raise ModelLoadError(f"model bundle file missing: {file}")
        data = file.read_bytes()
        if sha256_bytes(data) != expected[name]:
            raise ModelIntegrityError(
                f"{file} does not match its SHA-256 in {SUMS_FILE}: it changed after the "
                "bundle was saved; retrain or restore the original file"
            )
        contents[name] = data
    try:
        meta = json.loads(contents[META_FILE].decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelIntegrityError(f"{root / META_FILE} is not valid JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise IncompatibleModelError(
            f"{root / META_FILE} holds a JSON {type(meta).__name__}, not an object: this is not "
            "a claimcheck bundle; retrain with `claimcheck train`"
        )
    check_compatible(meta, root)
    return _Verified(
        dict(meta),
        _canonical_digest(expected[MODEL_FILE], expected[META_FILE]),
        contents[MODEL_FILE] if keep_model else None,
    )


def _canonical_digest(model_sha: str, meta_sha: str) -> str:
    """The bundle's identity: SHA-256 of its sums in save_bundle's layout."""
    return sha256_bytes(f"{model_sha}  {MODEL_FILE}\n{meta_sha}  {META_FILE}\n".encode())


def verify_bundle(path: str | Path) -> dict[str, Any]:
    """Check files against SHA256SUMS, then versions and labels; return meta. Unpickles nothing."""
    return _read_verified(Path(path), keep_model=False).meta


def bundle_digest(path: str | Path) -> str:
    """The digest that trust is granted to: the SHA-256 of the bundle's (verified) sums."""
    return _read_verified(Path(path), keep_model=False).digest


def record_trusted(bundle_dir: str | Path, how: str = "written on this machine") -> str:
    """Trust the bundle at `bundle_dir` from now on; returns its digest.

    Call it right after writing a bundle (save_bundle does, so train, retrain and adapt
    get it for free), or when the user vouches for one (`claimcheck trust DIR`). The bundle
    is verified against its SHA256SUMS first, so a damaged bundle is never recorded. It
    lives here, not in claimcheck.trust, because the digest is the bundle's to compute:
    the trust store only keeps digests and never reads a bundle.
    """
    digest = bundle_digest(bundle_dir)
    add_trusted(digest, bundle_dir, how)
    return digest


def untrusted_message(root: Path) -> str:
    """The one line a refused bundle gets: what happened, why, and how to trust it."""
    return (
        f"{root} is not a trusted model bundle and was not loaded (a joblib file can run code "
        f"when loaded); if you trust where it came from, run `claimcheck trust {root}` or "
        "call load_model(path, trust=True)"
    )


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


def load_bundle(path: str | Path | None = None, *, trust: bool = False) -> Bundle:
    """Verify, check trust, then unpickle. Raises ModelLoadError and its children
    (UntrustedModelError for a bundle nobody trusted); never a bare pickle error.

    `trust=True` is the caller vouching for this bundle for this one load (nothing is
    recorded); `claimcheck trust DIR` records it for good.
    """
    import joblib

    root = Path(path) if path is not None else default_model_path()
    verified = _read_verified(root, keep_model=True)
    if not trust and not is_trusted(verified.digest):
        raise UntrustedModelError(untrusted_message(root))
    assert verified.model_bytes is not None
    try:
        model = joblib.load(io.BytesIO(verified.model_bytes))
    except Exception as exc:  # a verified file that still fails is an environment problem
        # Some failures carry no text (a truncated pickle raises a bare EOFError).
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise ModelLoadError(
            f"{root / MODEL_FILE} could not be loaded ({reason}); the file may be truncated or "
            "written by another claimcheck: retrain with `claimcheck train` or restore the bundle"
        ) from exc
    return Bundle(root, model, verified.meta)


def model_version(meta: dict[str, Any]) -> str:
    """A short identifier of a bundle from its meta.json: claimcheck version, corpus digest and
    a digest of everything else training chose (parameters, seed, fitted settings), so two
    bundles trained differently on one corpus never share a version (batch resume relies on
    it). Needs no unpickling, so a job can fingerprint its model before loading it."""
    corpus = str(meta.get("corpus_digest", ""))[:12]
    trained = {key: meta.get(key) for key in ("params", "settings", "corpus_files")}
    blob = json.dumps(trained, sort_keys=True, default=str).encode()
    training = hashlib.sha256(blob).hexdigest()[:8]
    return f"{meta.get('versions', {}).get('claimcheck', '?')}+{corpus}.{training}"


def adaptation_summary(meta: dict[str, Any]) -> dict[str, Any] | None:
    """The parts of a bundle's adaptation record that evaluate and report show (None for a
    bundle that was not adapted). Here, beside model_version, because it only reads meta.json:
    evaluating a bundle must not import the adaptation code (which itself uses evaluate)."""
    record = meta.get("adaptation")
    if not isinstance(record, dict):
        return None
    return {
        "base_version": record.get("base", {}).get("version"),
        "domain": record.get("domain"),
        "method": record.get("method"),
        "label_counts": record.get("label_counts"),
        "files": [
            {k: f.get(k) for k in ("path", "sha256", "kind", "comments") if k in f}
            for f in record.get("files", [])
        ],
        "forum_cv": record.get("forum_cv"),
        "leave_domains_out": record.get("leave_domains_out"),
        "priors": (record.get("priors") or {}).get("estimated"),
    }


def bundle_version(path: str | Path | None = None, *, check_trust: bool = True) -> str:
    """The version of the bundle at `path` (None: the shipped one), from its verified
    meta.json: the files are checked, nothing is unpickled. With `check_trust`, a bundle
    load_model would refuse is refused here too (UntrustedModelError), so a job that loads
    the model later, in its workers, fails before it starts rather than on its first chunk."""
    root = Path(path) if path is not None else default_model_path()
    verified = _read_verified(root, keep_model=False)
    if check_trust and not is_trusted(verified.digest):
        raise UntrustedModelError(untrusted_message(root))
    return model_version(verified.meta)
