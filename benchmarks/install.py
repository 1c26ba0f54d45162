"""What a new user pays: core install size, import time, cold `classify`, model load time.

python -m benchmarks.install            # builds the wheel and a fresh core-only venv (~3 min)
python -m benchmarks.install --venv DIR # reuse a venv that has the wheel installed

Builds the wheel from this checkout (`pip wheel .`, which carries models/default), installs
it with the core dependencies only into a fresh venv, and measures, from a directory outside
the checkout:
- the venv's size on disk (site-packages, and the whole venv);
- `import claimcheck` wall time, against `python -c pass` in the same venv, in pairs;
- a cold `claimcheck classify "..."` wall time, against `python -c "import
  sklearn.linear_model"` run in alternation with it (issue 13's baseline), as a ratio;
- `load_model()` wall time once its imports are done (in fresh processes);
- the bundle (model.joblib + meta.json) and the wheel size.
Writes docs/results/install.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, save_result

SENTENCE = "I had it done in Italy in 2010 and my life is back."
PAIRS = 5

LOAD_SCRIPT = """
import json, time
import claimcheck.predict, claimcheck.bundle, claimcheck.portable
import joblib, sklearn.pipeline, sklearn.linear_model, sklearn.feature_extraction.text
import spacy, numpy, scipy.sparse
started = time.perf_counter()
claimcheck.load_model()
print(json.dumps({"load_model_s": time.perf_counter() - started}))
"""


def _du(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            file = Path(root) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def _wall(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def _pairs(a: list[str], b: list[str], cwd: Path, env: dict[str, str]) -> dict[str, object]:
    """Run a and b alternately PAIRS times (after one warm-up of each for the disk cache)."""
    _wall(a, cwd, env)
    _wall(b, cwd, env)
    times_a, times_b = [], []
    for _ in range(PAIRS):
        times_a.append(_wall(a, cwd, env))
        times_b.append(_wall(b, cwd, env))
    median_a, median_b = statistics.median(times_a), statistics.median(times_b)
    return {
        "runs_s": [round(t, 3) for t in times_a],
        "baseline_runs_s": [round(t, 3) for t in times_b],
        "median_s": round(median_a, 3),
        "baseline_median_s": round(median_b, 3),
        "ratio_to_baseline": round(median_a / median_b, 2),
    }


def build_venv(work: Path) -> tuple[Path, Path]:
    """The wheel built from this checkout, installed core-only into a fresh venv."""
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(dist)],
        check=True,
    )
    (wheel,) = dist.glob("claimcheck-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, str(wheel)], check=True)
    return venv, wheel


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venv", type=Path, help="reuse this venv (wheel already installed)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="claimcheck-install-") as tmp:
        work = Path(tmp)
        wheel: Path | None = None
        if args.venv:
            venv = args.venv
        else:
            venv, wheel = build_venv(work)
        python = str(venv / "bin" / "python")
        outside = work / "elsewhere"
        outside.mkdir()
        env = {**os.environ, "CLAIMCHECK_CONFIG_DIR": str(work / "config")}
        env.pop("PYTHONPATH", None)
        site = Path(
            subprocess.run(
                [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        has_lookups = (
            subprocess.run([python, "-c", "import spacy_lookups_data"], capture_output=True)
        ).returncode == 0
        package = json.loads(
            subprocess.run(
                [
                    python,
                    "-c",
                    "import json, claimcheck.bundle as b; p = b.default_model_path(); "
                    "print(json.dumps({'path': str(p), 'bytes': sum(f.stat().st_size for f in "
                    "p.iterdir())}))",
                ],
                cwd=outside,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        import_time = _pairs(
            [python, "-c", "import claimcheck"], [python, "-c", "pass"], outside, env
        )
        classify = _pairs(
            [str(venv / "bin" / "claimcheck"), "classify", SENTENCE],
            [python, "-c", "import sklearn.linear_model"],
            outside,
            env,
        )
        loads = [
            json.loads(
                subprocess.run(
                    [python, "-c", LOAD_SCRIPT],
                    cwd=outside,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )["load_model_s"]
            for _ in range(3)
        ]
        result = {
            "what": "core-only install of the wheel in a fresh venv, used outside the checkout",
            "install": {
                "site_packages_mb": round(_du(site) / 1e6, 1),
                "venv_mb": round(_du(venv) / 1e6, 1),
                "limit_mb": 650,
                "spacy_lookups_data_installed": has_lookups,
            },
            "wheel_mb": round(wheel.stat().st_size / 1e6, 2) if wheel else None,
            "bundle": {
                "loaded_from_package": "site-packages" in package["path"],
                "mb": round(package["bytes"] / 1e6, 2),
                "limit_mb": 20,
            },
            "import_claimcheck": {**import_time, "baseline": "python -c pass"},
            "cold_classify": {
                **classify,
                "baseline": "python -c 'import sklearn.linear_model'",
                "limit_s": 2.5,
            },
            "load_model_with_imports_done": {
                "runs_s": [round(t, 3) for t in loads],
                "median_s": round(statistics.median(loads), 3),
                "limit_s": 2.0,
            },
        }
    path = save_result("install", result)
    print(json.dumps(result, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
