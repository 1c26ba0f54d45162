"""The per-record safety net every reader uses, and the reading options it checks."""

from __future__ import annotations

import pytest

from claimcheck.exceptions import InputError
from claimcheck.io.records import BadRecord, ReadOptions, Record, build_safely


def _fail(message: str) -> Record:
    raise RuntimeError(message)


def test_build_safely_passes_results_through() -> None:
    record = Record(id="a", text="t")
    assert build_safely("f.jsonl", 3, "line", lambda: record) is record


def test_build_safely_turns_any_failure_into_a_one_line_quarantine_entry() -> None:
    bad = build_safely("f.xml", 7, "post", _fail, "first line\nsecond line")
    assert bad == BadRecord("f.xml", 7, "could not be read (RuntimeError: first line)", "post")
    assert build_safely("f", 1, "row", _fail, "").reason == "could not be read (RuntimeError)"  # type: ignore[union-attr]


@pytest.mark.parametrize("options", [{"max_line_bytes": 0}, {"max_ratio": -1}])
def test_read_options_refuse_caps_that_cannot_work(options: dict[str, int]) -> None:
    with pytest.raises(InputError, match="cap"):
        ReadOptions(**options)
