"""A real `claimcheck batch` subprocess killed with SIGKILL mid-run, then rerun: every input
id ends up in the output exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

N = 3000


@pytest.mark.slow
def test_kill_9_then_rerun_gives_every_record_once(
    tiny_bundle: Path, tmp_path: Path, make_input
) -> None:
    source = make_input(tmp_path / "in.jsonl", N)
    out = tmp_path / "out"
    command = [
        sys.executable, "-m", "claimcheck.cli", "batch", str(source), "--out", str(out),
        "--model", str(tiny_bundle), "--workers", "2", "--part-size", "200",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    ckpt = out / "_checkpoint.json"
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and process.poll() is None:
        if ckpt.exists():
            try:
                committed = json.loads(ckpt.read_text())["progress"]["labelled"]
            except (ValueError, KeyError):
                committed = 0
            if committed >= 400:
                break
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, like kill -9 on a job
    process.wait()
    assert 0 < committed < N
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "resuming" in rerun.stderr
    frame = pd.read_parquet(out)
    assert len(frame) == N
    assert sorted(frame["id"]) == sorted(f"g{i}" for i in range(N))
    assert frame["seq"].tolist() == list(range(N))  # order is deterministic too
    assert not ckpt.exists()
