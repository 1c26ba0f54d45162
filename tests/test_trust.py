"""Only trusted bundles are unpickled: the pinned shipped one, ones written on this machine,
and ones the user vouched for. Everything else is refused before a byte is unpickled."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck import bundle as bundle_module
from claimcheck import trust
from claimcheck.bundle import (
    CHECKOUT_MODEL,
    META_FILE,
    MODEL_FILE,
    SUMS_FILE,
    bundle_digest,
    load_bundle,
    save_bundle,
    sha256_file,
)
from claimcheck.cli import app
from claimcheck.exceptions import TrustStoreError, UntrustedModelError
from claimcheck.predict import load_model


class CreatesFile:
    """Unpickling this creates `path`: the stand-in for code a hostile pickle runs."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.path,))


def _reseal(bundle: Path) -> None:
    """Recompute SHA256SUMS, as anyone who can write the directory can."""
    sums = [f"{sha256_file(bundle / name)}  {name}" for name in (MODEL_FILE, META_FILE)]
    (bundle / SUMS_FILE).write_text("\n".join(sums) + "\n")


@pytest.fixture
def hostile_bundle(tiny_bundle: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A bundle whose model.joblib would create `marker` when unpickled, sums recomputed."""
    target = tmp_path / "hostile"
    shutil.copytree(tiny_bundle, target)
    marker = tmp_path / "pwned"
    (target / MODEL_FILE).write_bytes(pickle.dumps(CreatesFile(marker)))
    _reseal(target)
    return target, marker


@pytest.fixture
def foreign_bundle(tiny_bundle: Path, tmp_path: Path) -> Path:
    """A real, working bundle that this machine did not write (meta edited, resealed)."""
    target = tmp_path / "foreign"
    shutil.copytree(tiny_bundle, target)
    meta = json.loads((target / META_FILE).read_text())
    meta["note"] = "received from a colleague"
    (target / META_FILE).write_text(json.dumps(meta))
    _reseal(target)
    return target


def test_hostile_pickle_is_refused_before_it_runs(hostile_bundle: tuple[Path, Path]) -> None:
    bundle, marker = hostile_bundle
    with pytest.raises(UntrustedModelError) as info:
        load_model(bundle)
    assert not marker.exists()
    message = str(info.value)
    assert "\n" not in message
    assert f"claimcheck trust {bundle}" in message
    assert "trust=True" in message
    assert "can run code" in message


def test_hostile_pickle_is_refused_by_the_cli_in_one_line(
    hostile_bundle: tuple[Path, Path],
) -> None:
    bundle, marker = hostile_bundle
    result = CliRunner().invoke(app, ["classify", "hello there", "--model", str(bundle)])
    assert result.exit_code == 1
    assert not marker.exists()
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "claimcheck trust" in lines[0]


def test_the_hostile_pickle_really_runs_code_when_vouched_for(
    hostile_bundle: tuple[Path, Path],
) -> None:
    """The check above is not vacuous: trusting the same bundle runs its code."""
    bundle, marker = hostile_bundle
    load_bundle(bundle, trust=True)
    assert marker.exists()


def test_bundles_written_here_are_trusted(tiny_bundle: Path) -> None:
    assert trust.is_trusted(bundle_digest(tiny_bundle))
    entry = trust.list_trusted()[bundle_digest(tiny_bundle)]
    assert entry["how"] == "written on this machine"


def test_the_trust_file_is_in_the_test_config_dir(tiny_bundle: Path) -> None:
    import os

    assert trust.trust_file().parent == Path(os.environ[trust.CONFIG_ENV])
    assert trust.trust_file().is_file()
    assert str(Path.home() / ".config") not in str(trust.trust_file())


def test_a_copy_of_a_trusted_bundle_stays_trusted(tiny_bundle: Path, tmp_path: Path) -> None:
    copy = tmp_path / "moved"
    shutil.copytree(tiny_bundle, copy)
    assert load_bundle(copy).meta["n_comments"] == 160


def test_trust_command_then_load_then_remove(foreign_bundle: Path) -> None:
    with pytest.raises(UntrustedModelError):
        load_bundle(foreign_bundle)
    runner = CliRunner()
    result = runner.invoke(app, ["trust", str(foreign_bundle)])
    assert result.exit_code == 0, result.output
    assert load_model(foreign_bundle).predict_one("My doctor did it in 2010.").label is not None
    listed = runner.invoke(app, ["trust", "--list"])
    assert bundle_digest(foreign_bundle)[:16] in listed.output
    assert runner.invoke(app, ["trust", str(foreign_bundle), "--remove"]).exit_code == 0
    with pytest.raises(UntrustedModelError):
        load_bundle(foreign_bundle)


def test_trust_true_loads_once_without_recording(foreign_bundle: Path) -> None:
    load_model(foreign_bundle, trust=True)
    assert not trust.is_trusted(bundle_digest(foreign_bundle))


def test_a_damaged_bundle_cannot_be_trusted(foreign_bundle: Path) -> None:
    (foreign_bundle / META_FILE).write_text("{}")  # sums no longer match
    result = CliRunner().invoke(app, ["trust", str(foreign_bundle)])
    assert result.exit_code == 1
    assert "SHA-256" in result.output


def test_save_bundle_without_trust_records_nothing(tiny_model, tmp_path: Path) -> None:
    meta = {**tiny_model.meta, "note": "untrusted save"}
    out = save_bundle(tiny_model.pipeline, tmp_path / "b", meta, trust=False)
    assert not trust.is_trusted(bundle_digest(out))
    with pytest.raises(UntrustedModelError):
        load_bundle(out)


def test_broken_trust_file_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(trust.CONFIG_ENV, str(tmp_path))
    (tmp_path / trust.TRUST_FILE).write_text("{not json")
    with pytest.raises(TrustStoreError, match="not valid JSON"):
        trust.is_trusted("0" * 64)


def test_the_pinned_shipped_bundle_needs_no_trust_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(trust.CONFIG_ENV, str(tmp_path / "empty"))
    pinned = trust.pinned_digest()
    assert pinned is not None
    assert trust.is_trusted(pinned)
    assert not trust.is_trusted("0" * 64)


def test_the_pin_matches_models_default() -> None:
    """Fails when models/default was replaced without re-pinning: run `claimcheck pin`
    (`claimcheck train --out models/default` re-pins by itself), and commit
    claimcheck/shipped.json together with models/default."""
    assert bundle_digest(CHECKOUT_MODEL) == trust.pinned_digest(), (
        "claimcheck/shipped.json does not pin models/default: run `claimcheck pin`"
    )


def test_saving_to_the_shipped_location_repins(
    tiny_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    (checkout / "models").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("")
    pin = tmp_path / "shipped.json"
    monkeypatch.setattr(bundle_module, "CHECKOUT_MODEL", checkout / "models" / "default")
    monkeypatch.setattr(trust, "SHIPPED_PIN", pin)
    out = save_bundle(tiny_model.pipeline, checkout / "models" / "default", tiny_model.meta)
    assert json.loads(pin.read_text())["bundle_digest"] == bundle_digest(out)
    elsewhere = save_bundle(tiny_model.pipeline, tmp_path / "other", {"note": 1})
    assert json.loads(pin.read_text())["bundle_digest"] != bundle_digest(elsewhere)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_batch_job_refuses_an_untrusted_bundle_before_reading(
    hostile_bundle: tuple[Path, Path], tmp_path: Path, workers: str
) -> None:
    """The batch job loads the model only in its workers; trust is still checked up front."""
    bundle, marker = hostile_bundle
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "1", "text": "I had it done in 2010."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["batch", str(source), "--out", str(out), "--model", str(bundle), "--workers", workers]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 1
    assert "claimcheck trust" in result.output
    assert not marker.exists()
    assert not out.exists()
