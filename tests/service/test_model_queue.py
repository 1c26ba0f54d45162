"""The model's queue: slices, the time budget, and its bookkeeping (no HTTP, a fake model)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import anyio
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.service.model_queue import (
    COMMENT_CHARS,
    SLICE_CHARS,
    SLICE_COMMENTS,
    ClientGone,
    ModelQueue,
    Overloaded,
    slices,
    units,
)

WAIT_S = 10.0


class FakeModel:
    """Echoes its texts; the first `hold` calls wait for `gate`."""

    def __init__(self, hold: int = 0) -> None:
        self.hold = hold
        self.gate = threading.Event()
        self.entered = threading.Event()
        self.calls: list[list[str]] = []

    def predict(self, texts: list[str]) -> list[str]:
        self.calls.append(texts)
        if len(self.calls) <= self.hold:
            self.entered.set()
            assert self.gate.wait(WAIT_S), "the test never opened the gate"
        return [text.upper() for text in texts]


async def _until(condition: Callable[[], bool]) -> None:
    with anyio.fail_after(WAIT_S):
        while not condition():
            await anyio.sleep(0.005)


@given(st.lists(st.integers(0, 30_000).map("x".__mul__), max_size=80))
def test_slices_cover_every_comment_once_in_order(texts: list[str]) -> None:
    ranges = list(slices(texts))
    assert [i for start, end in ranges for i in range(start, end)] == list(range(len(texts)))
    for start, end in ranges:
        assert 1 <= end - start <= SLICE_COMMENTS
        # Full before its last comment: a slice grows only while it is under SLICE_CHARS.
        assert sum(len(t) for t in texts[start : end - 1]) < SLICE_CHARS


def test_a_long_comment_is_a_slice_of_its_own_and_units_count_comments() -> None:
    texts = ["a" * 50, "b" * 25_000, "c"]
    assert list(slices(texts)) == [(0, 2), (2, 3)]
    assert units(["abc", ""]) == 3 + 2 * COMMENT_CHARS


def test_predictions_come_back_in_order_across_slices() -> None:
    model = FakeModel()
    texts = [f"comment {i}" for i in range(3 * SLICE_COMMENTS + 5)]
    result = anyio.run(ModelQueue(10.0).predict, model, texts)
    assert result == [t.upper() for t in texts]
    assert [len(call) for call in model.calls] == [SLICE_COMMENTS] * 3 + [5]


def test_a_slice_whose_queue_ahead_overruns_the_budget_is_refused_at_once() -> None:
    model = FakeModel(hold=1)
    queue = ModelQueue(1.0, seconds_per_char=1e-3)  # 300 characters ~ 0.5 s

    async def main() -> None:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(queue.predict, model, ["x" * 300])
            await _until(model.entered.is_set)
            with pytest.raises(Overloaded) as refused:
                await queue.predict(model, ["y" * 300])
            assert refused.value.retry_after >= 1
            assert "CLAIMCHECK_REQUEST_BUDGET_S" in str(refused.value)
            assert queue.pending == 1
            model.gate.set()
        assert queue.pending == 0 and queue.ahead() == 0

    anyio.run(main)
    assert len(model.calls) == 1


def test_a_slice_still_waiting_when_its_budget_ends_is_refused_and_never_runs() -> None:
    model = FakeModel(hold=1)
    queue = ModelQueue(0.3, seconds_per_char=1e-9)  # the estimate says: no wait at all

    async def main() -> None:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(queue.predict, model, ["first"])
            await _until(model.entered.is_set)
            with pytest.raises(Overloaded):
                await queue.predict(model, ["second"])
            assert queue.pending == 1
            model.gate.set()
        # The queue works again once the model is free.
        assert await queue.predict(model, ["third"]) == ["THIRD"]

    anyio.run(main)
    assert model.calls == [["first"], ["third"]]


def test_an_idle_model_takes_any_request_whatever_its_estimate() -> None:
    model = FakeModel()
    queue = ModelQueue(0.01, seconds_per_char=1.0)  # estimated at hours
    assert anyio.run(queue.predict, model, ["a long comment"]) == ["A LONG COMMENT"]


def test_the_estimate_follows_measured_model_time() -> None:
    class Slow(FakeModel):
        def predict(self, texts: list[str]) -> list[str]:
            threading.Event().wait(0.05)
            return super().predict(texts)

    queue = ModelQueue(10.0, seconds_per_char=1e-9)
    for _ in range(5):
        anyio.run(queue.predict, Slow(), ["x" * 800])
    # 0.05 s over 1,000 units is 5e-5 s per unit; five updates of 20% get most of the way.
    assert 1e-5 < queue.seconds_per_char < 1e-4


def test_a_client_gone_between_slices_stops_the_batch() -> None:
    model = FakeModel()
    texts = ["t"] * (2 * SLICE_COMMENTS)

    async def gone() -> bool:
        return True

    with pytest.raises(ClientGone):
        anyio.run(lambda: ModelQueue(10.0).predict(model, texts, is_disconnected=gone))
    assert len(model.calls) == 1


def test_the_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="budget_s"):
        ModelQueue(0)
