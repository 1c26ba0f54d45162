"""The model's queue: classification off the event loop, one slice at a time, within a budget.

Why each piece:
- The model never runs on the event loop. A model call holds the CPU for milliseconds to
  a second; on the loop it would hold every other request too, /healthz included.
- One call at a time (spaCy pipelines are not documented as thread-safe), in a worker
  thread. Waiting callers queue on an async limiter, first come first served, without
  holding a thread each.
- A batch is cut into slices (SLICE_COMMENTS comments, about SLICE_CHARS characters) that
  queue one after another, so a long batch holds the model for one slice at a time and a
  short request that arrives meanwhile waits for one slice, not for the whole batch.
- A time budget (CLAIMCHECK_REQUEST_BUDGET_S). Model time is estimated per character
  from what the last calls took. A slice whose queue ahead (plus its own estimate) would
  not fit in the budget is refused at once with `Overloaded`, which the API answers
  with 503 and Retry-After; a slice still waiting when the budget runs out (the estimate
  was too low) is refused the same way and never runs. Slices stay small, so an idle
  model always takes one: nothing is refused that a retry could not get either.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import TYPE_CHECKING

import anyio

if TYPE_CHECKING:
    from claimcheck.predict import Classifier
    from claimcheck.types import Prediction

#: Most comments per model call; a longer batch is split (prediction is per comment).
SLICE_COMMENTS = 32
#: A slice is closed once it holds this many characters (one comment may be longer).
SLICE_CHARS = 20_000
#: Cost of a comment in character-equivalents, besides its characters (per-comment work).
COMMENT_CHARS = 200
#: Model seconds per character-equivalent before anything is measured (about 2,000
#: comments/s of 140 characters, a little slower than measured, so the first guesses are
#: on the safe side).
DEFAULT_SECONDS_PER_CHAR = 3e-6
#: Weight of the newest measurement in the running per-character estimate.
SMOOTHING = 0.2


class Overloaded(Exception):
    """The model's queue is too long for this request to finish within the budget."""

    def __init__(self, ahead_s: float, budget_s: float) -> None:
        self.ahead_s = ahead_s
        self.budget_s = budget_s
        self.retry_after = max(1, math.ceil(ahead_s))
        super().__init__(
            f"the model is busy: about {ahead_s:.1f} s of classification is queued ahead of "
            f"this request, more than its {budget_s:g} s budget allows "
            f"(CLAIMCHECK_REQUEST_BUDGET_S); retry in {self.retry_after} s"
        )


class ClientGone(Exception):
    """The client disconnected before its batch was classified; the rest is not run."""


def slices(texts: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Index ranges [start, end) covering `texts` in order, each one model call."""
    start = 0
    while start < len(texts):
        end, chars = start, 0
        while end < len(texts) and end - start < SLICE_COMMENTS and chars < SLICE_CHARS:
            chars += len(texts[end])
            end += 1
        yield start, end
        start = end


def units(texts: Sequence[str]) -> int:
    """The size of a model call in character-equivalents (see COMMENT_CHARS)."""
    return sum(len(text) for text in texts) + COMMENT_CHARS * len(texts)


class ModelQueue:
    """Runs a classifier's predict in a worker thread, one slice at a time, within a budget.

    Create it anywhere; it is used from one event loop. The bookkeeping (queued estimate,
    running slice) is touched only on that loop, so it needs no lock.
    """

    def __init__(
        self, budget_s: float, *, seconds_per_char: float = DEFAULT_SECONDS_PER_CHAR
    ) -> None:
        if budget_s <= 0:
            raise ValueError(f"budget_s must be positive, got {budget_s!r}")
        self.budget_s = budget_s
        self.seconds_per_char = seconds_per_char
        #: The model itself: one call at a time, whoever calls.
        self._model_lock = threading.Lock()
        self._limiter: anyio.CapacityLimiter | None = None
        self._queued_s = 0.0
        self._pending = 0
        self._running_until = 0.0

    def estimate(self, texts: Sequence[str]) -> float:
        """Estimated model seconds for one call on `texts`."""
        return self.seconds_per_char * units(texts)

    def ahead(self) -> float:
        """Estimated seconds until a slice queued now would start."""
        running = max(0.0, self._running_until - time.monotonic())
        return self._queued_s + running

    @property
    def pending(self) -> int:
        """Slices waiting or running."""
        return self._pending

    async def predict(
        self,
        classifier: Classifier,
        texts: Sequence[str],
        *,
        is_disconnected: Callable[[], Awaitable[bool]] | None = None,
    ) -> list[Prediction]:
        """Predictions for `texts`, in order; Overloaded or ClientGone instead if so."""
        predictions: list[Prediction] = []
        for number, (start, end) in enumerate(slices(texts)):
            if number and is_disconnected is not None and await is_disconnected():
                raise ClientGone
            predictions.extend(await self._run(classifier, texts[start:end]))
        return predictions

    async def _run(self, classifier: Classifier, texts: Sequence[str]) -> list[Prediction]:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(1)  # bound to the running event loop
        limiter = self._limiter
        cost = self.estimate(texts)
        ahead = self.ahead()
        # An idle model takes any slice: a retry could not be served sooner.
        wait_limit = None
        if self._pending:
            if ahead + cost > self.budget_s:
                raise Overloaded(ahead, self.budget_s)
            wait_limit = self.budget_s - cost
        self._pending += 1
        self._queued_s += cost
        try:
            with anyio.move_on_after(wait_limit) as waiting:
                await limiter.acquire()
        except BaseException:
            self._pending -= 1
            raise
        finally:
            self._queued_s -= cost
        if waiting.cancelled_caught:
            self._pending -= 1
            raise Overloaded(max(self.ahead(), self.budget_s - cost), self.budget_s)
        try:
            self._running_until = time.monotonic() + cost
            started = time.perf_counter()
            # Not cancellable: the thread finishes its slice and only then frees the model.
            result = await anyio.to_thread.run_sync(self._call, classifier, texts)
            self._learn(texts, time.perf_counter() - started)
            return result
        finally:
            self._running_until = 0.0
            self._pending -= 1
            limiter.release()

    def _call(self, classifier: Classifier, texts: Sequence[str]) -> list[Prediction]:
        with self._model_lock:
            return classifier.predict(list(texts))

    def _learn(self, texts: Sequence[str], seconds: float) -> None:
        measured = seconds / max(1, units(texts))
        self.seconds_per_char += SMOOTHING * (measured - self.seconds_per_char)
