"""Build hook: put the shipped model bundle (models/default) into the wheel.

The top-level `models/default` stays the source of truth. `build_py` copies its three files
into `claimcheck/_model/` of the build tree, so a wheel (built from the checkout or from the
sdist, which carries `models/default` through MANIFEST.in) holds the bundle as package data.
An editable install never runs this step and loads the bundle from the checkout instead.
Everything else about the package is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLE = Path(__file__).resolve().parent / "models" / "default"
BUNDLE_FILES = ("model.joblib", "meta.json", "SHA256SUMS")


class BuildPyWithModel(build_py):
    """build_py, plus models/default -> claimcheck/_model in the build tree."""

    def run(self) -> None:
        super().run()
        # Editable installs read models/default from the checkout.
        if getattr(self, "editable_mode", False):
            return
        missing = [name for name in BUNDLE_FILES if not (BUNDLE / name).is_file()]
        if missing:
            raise SystemExit(
                f"cannot build claimcheck: {BUNDLE} lacks {', '.join(missing)} "
                "(train it with `claimcheck train --out models/default`)"
            )
        target = Path(self.build_lib) / "claimcheck" / "_model"
        target.mkdir(parents=True, exist_ok=True)
        for name in BUNDLE_FILES:
            shutil.copyfile(BUNDLE / name, target / name)


setup(cmdclass={"build_py": BuildPyWithModel})
