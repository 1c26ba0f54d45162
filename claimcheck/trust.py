"""Which model bundles this user trusts to unpickle: the pinned shipped bundle, plus the
digests recorded in a small trust file in the user's config directory.

A joblib file is a pickle, and unpickling runs whatever code the file names. The SHA256SUMS
file beside a bundle catches corruption, but anyone who can write the directory can rewrite
both. So a bundle is unpickled only when its digest is the one pinned in the package
(`shipped.json`, the bundle the wheel carries), or one recorded here: bundles this machine
wrote (`save_bundle`, so `train`, `retrain`, `adapt`) and bundles the user vouched for
(`claimcheck trust DIR`); `claimcheck.bundle.record_trusted` computes a bundle's digest and
records it here (this module never reads a bundle, so it imports nothing of claimcheck's
but its exceptions). The trust file holds digests, never paths that grant trust: a
bundle moved or copied elsewhere stays trusted, an edited one does not.

Where the file lives: $CLAIMCHECK_CONFIG_DIR if set (tests point it at a temporary
directory), else the platform's user config directory (XDG_CONFIG_HOME or ~/.config on
Linux, ~/Library/Application Support on macOS, %APPDATA% on Windows), under `claimcheck/`.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimcheck.exceptions import TrustStoreError

CONFIG_ENV = "CLAIMCHECK_CONFIG_DIR"
TRUST_FILE = "trusted-bundles.json"
TRUST_FORMAT = 1
SHIPPED_PIN = Path(__file__).resolve().parent / "shipped.json"


def config_dir() -> Path:
    """The directory holding claimcheck's per-user settings (see the module docstring)."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "claimcheck"


def trust_file() -> Path:
    return config_dir() / TRUST_FILE


def pinned_digest() -> str | None:
    """The digest of the shipped bundle, pinned in the package (None if the pin is absent)."""
    try:
        value = json.loads(SHIPPED_PIN.read_text(encoding="utf-8")).get("bundle_digest")
    except (OSError, json.JSONDecodeError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def write_pin(digest: str) -> Path:
    """Pin `digest` as the shipped bundle's (done when models/default is rewritten)."""
    text = json.dumps({"bundle_digest": digest}, indent=2) + "\n"
    _write_atomic(SHIPPED_PIN, text)
    return SHIPPED_PIN


def _read_store() -> dict[str, Any]:
    path = trust_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {"format": TRUST_FORMAT, "bundles": {}}
    except OSError as exc:
        raise TrustStoreError(f"cannot read the trust file {path}: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TrustStoreError(
            f"the trust file {path} is not valid JSON ({exc}); fix or delete it, then trust "
            "your bundles again with `claimcheck trust DIR`"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("bundles"), dict):
        raise TrustStoreError(
            f"the trust file {path} has no 'bundles' object; fix or delete it, then trust "
            "your bundles again with `claimcheck trust DIR`"
        )
    return data


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def trusted_digests() -> set[str]:
    """Every digest the user trusts, the pinned shipped one included."""
    digests = set(_read_store()["bundles"])
    pinned = pinned_digest()
    if pinned:
        digests.add(pinned)
    return digests


def is_trusted(digest: str) -> bool:
    return digest == pinned_digest() or digest in _read_store()["bundles"]


def add_trusted(digest: str, path: str | Path, how: str) -> Path:
    """Record `digest` (the bundle at `path`, trusted because `how`) in the trust file."""
    store = _read_store()
    store["format"] = TRUST_FORMAT
    store["bundles"][digest] = {
        "path": str(Path(path).resolve()),
        "how": how,
        "added": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    target = trust_file()
    try:
        _write_atomic(target, json.dumps(store, indent=2, sort_keys=True) + "\n")
    except OSError as exc:
        raise TrustStoreError(f"cannot write the trust file {target}: {exc.strerror}") from None
    return target


def forget_trusted(digest: str) -> bool:
    """Remove `digest` from the trust file; False if it was not there."""
    store = _read_store()
    if store["bundles"].pop(digest, None) is None:
        return False
    _write_atomic(trust_file(), json.dumps(store, indent=2, sort_keys=True) + "\n")
    return True


def list_trusted() -> dict[str, dict[str, Any]]:
    """digest -> {path, how, added} for every recorded bundle (the pin is not listed)."""
    return dict(_read_store()["bundles"])
