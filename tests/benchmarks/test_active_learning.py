"""Smoke run of the active-learning simulation (tiny pool, one seed): it must not rot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import active_learning
from benchmarks.active_learning import labels_to_reach, plot, summarise


def test_labels_to_reach_interpolates() -> None:
    curve = [{"labels": 40, "macro_f1": 0.5}, {"labels": 100, "macro_f1": 0.8}]
    assert labels_to_reach(curve, 0.65) == pytest.approx(70)
    assert labels_to_reach(curve, 0.4) == 40
    assert labels_to_reach(curve, 0.9) is None


def test_summarise_applies_the_70_percent_criterion(tmp_path: Path) -> None:
    random_runs = [[{"labels": 100, "macro_f1": 0.5}, {"labels": 1000, "macro_f1": 0.8}]]
    fast = [[{"labels": 100, "macro_f1": 0.5}, {"labels": 500, "macro_f1": 0.8},
             {"labels": 1000, "macro_f1": 0.85}]]  # fmt: skip
    slow = [[{"labels": 100, "macro_f1": 0.4}, {"labels": 1000, "macro_f1": 0.75}]]
    summary = summarise({"random": random_runs, "fast": fast, "slow": slow})
    assert summary["criterion"]["fast"]["meets_70_percent"] is True
    assert summary["criterion"]["fast"]["share_of_random_labels"] == pytest.approx(0.5)
    assert summary["criterion"]["slow"]["labels_to_reach_random_final"] is None
    assert summary["criterion"]["slow"]["meets_70_percent"] is False
    assert plot(summary, tmp_path / "curve.png").stat().st_size > 1000


@pytest.mark.slow
def test_quick_run(tmp_path: Path) -> None:
    out = tmp_path / "al.json"
    payload = active_learning.main(["--quick", "--out", str(out)])
    saved = json.loads(out.read_text())
    assert saved["schedule"] == list(active_learning.QUICK_SCHEDULE)
    for name in ("random", "uncertainty"):
        [curve] = payload["curves"][name]
        assert [p["labels"] for p in curve] == list(active_learning.QUICK_SCHEDULE)
        assert all(0.0 <= p["macro_f1"] <= 1.0 for p in curve)
    assert set(payload["criterion"]) == {"uncertainty"}
    assert payload["test_domains"] and payload["pool"] + payload["test"] == 500
