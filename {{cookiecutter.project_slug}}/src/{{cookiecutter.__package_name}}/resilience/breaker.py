"""A circuit breaker: after the vendor failed too often, stop calling it for a while.

Written here rather than taken from a library: purgatory, pybreaker, aiobreaker and
circuitbreaker either let every caller through in half-open or lack asyncio. Half-open
admits exactly one probe; everyone else fails fast until it answers.

Failures are the vendor's: timeouts, connect errors, 5xx except 501 (UPSTREAM_TIMEOUT and
UPSTREAM_UNAVAILABLE, AIP-194). 4xx answers and contract violations are successes (the
vendor answered); a 429 counts as nothing, since the rate limiter handles it. The pipeline's
own rejections (a full bulkhead) and cancelled calls count as nothing either.

The window is a ring of time buckets (WINDOW_BUCKETS of them, a second each at the default
30 s), each holding its calls and failures, with running totals: recording and reading cost
the same at 5 or 5,000 calls a second. Re-summing every call in the window, as a list of
outcomes would, grows with throughput and was a fifth of the service's time under load.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal

from ..errors import ErrorCode, ServiceError
from .rejections import is_local_rejection, local_rejection
from .timing import Clock, Random, capped_exponential

BreakerState = Literal["closed", "open", "half_open"]
StateListener = Callable[[BreakerState, BreakerState], None]

FAILURE_CODES: frozenset[ErrorCode] = frozenset({"UPSTREAM_TIMEOUT", "UPSTREAM_UNAVAILABLE"})
NEUTRAL_CODES: frozenset[ErrorCode] = frozenset({"RATE_LIMITED"})
# What callers turned away during the probe are told: the probe answers within an attempt.
PROBE_RETRY_AFTER = 1.0
# Outcomes leave the window one bucket (window / WINDOW_BUCKETS) at a time.
WINDOW_BUCKETS = 30


def outcome_of(error: BaseException | None) -> bool | None:
    """True for a vendor failure, False for a success, None for an outcome that says nothing."""
    if error is None:
        return False
    if not isinstance(error, ServiceError) or is_local_rejection(error):
        return None
    if error.code in NEUTRAL_CODES:
        return None
    return error.code in FAILURE_CODES


class CircuitBreaker:
    def __init__(
        self,
        failure_ratio: float = 0.5,
        minimum_calls: int = 10,
        window: float = 30.0,
        open_for: float = 30.0,
        open_max: float = 300.0,
        jitter: float = 0.1,
        clock: Clock = time.monotonic,
        random: Random = random.random,
        on_state_change: StateListener | None = None,
    ) -> None:
        self.failure_ratio = failure_ratio
        self.minimum_calls = minimum_calls
        self.window = window
        self.open_for = open_for
        self.open_max = open_max
        self.jitter = jitter
        self._clock = clock
        self._random = random
        self._on_state_change = on_state_change
        self._state: BreakerState = "closed"
        self._window = OutcomeWindow(window)
        self._trips = 0  # consecutive trips without a successful probe
        self._half_open_at = 0.0
        self._probing = False

    @property
    def state(self) -> BreakerState:
        if self._state == "open" and self._clock() >= self._half_open_at:
            self._change("half_open")
        return self._state

    def recent_calls(self) -> int:
        return self._window.counts(self._clock())[0]

    def recent_failures(self) -> int:
        return self._window.counts(self._clock())[1]

    def seconds_until_half_open(self) -> float:
        return max(0.0, self._half_open_at - self._clock()) if self.state == "open" else 0.0

    def health(self) -> dict[str, object]:
        return {
            "state": self.state,
            "recent_calls": self.recent_calls(),
            "recent_failures": self.recent_failures(),
            "consecutive_trips": self._trips,
            "seconds_until_half_open": round(self.seconds_until_half_open(), 3),
        }

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Around one attempt: fails fast unless admitted, then records how it went."""
        is_probe = self._admit()
        try:
            yield
        except BaseException as error:
            self._record(outcome_of(error), is_probe)
            raise
        self._record(outcome_of(None), is_probe)

    def _admit(self) -> bool:
        """Whether the admitted call is the half-open probe; raises when not admitted."""
        state = self.state
        if state == "closed":
            return False
        if state == "half_open" and not self._probing:
            self._probing = True
            return True
        retry_after = self.seconds_until_half_open() if state == "open" else PROBE_RETRY_AFTER
        raise local_rejection(
            "UPSTREAM_UNAVAILABLE",
            "The vendor is failing, so calls to it are paused for a moment.",
            retry_after=retry_after,
            by="circuit_breaker",
        )

    def _record(self, failed: bool | None, is_probe: bool) -> None:
        if is_probe:
            self._probing = False
            if failed is True:
                self._trip()
            elif failed is False:
                self._trips = 0
                self._window.clear()
                self._change("closed")
            return
        # Calls admitted before a trip may finish while open or half-open: too late to count.
        if failed is None or self._state != "closed":
            return
        calls, failures = self._window.add(self._clock(), failed)
        if calls >= self.minimum_calls and failures / calls >= self.failure_ratio:
            self._trip()

    def _trip(self) -> None:
        self._trips += 1
        doubled = capped_exponential(self.open_for, self.open_max, self._trips - 1)
        spread = 1 + self.jitter * (2 * self._random() - 1)
        self._half_open_at = self._clock() + doubled * spread
        self._window.clear()
        self._change("open")

    def _change(self, new: BreakerState) -> None:
        old, self._state = self._state, new
        if old != new and self._on_state_change is not None:
            self._on_state_change(old, new)


class OutcomeWindow:
    """Calls and failures of the last `window` seconds, as a ring of time buckets."""

    def __init__(self, window: float, buckets: int = WINDOW_BUCKETS) -> None:
        self._width = window / buckets
        self._calls = [0] * buckets
        self._failures = [0] * buckets
        self._newest = 0  # the number of the newest bucket in the ring
        self._total_calls = 0
        self._total_failures = 0

    def add(self, now: float, failed: bool) -> tuple[int, int]:
        """Record one outcome; the window's calls and failures after it."""
        self._advance(now)
        slot = self._newest % len(self._calls)
        self._calls[slot] += 1
        self._total_calls += 1
        if failed:
            self._failures[slot] += 1
            self._total_failures += 1
        return self._total_calls, self._total_failures

    def counts(self, now: float) -> tuple[int, int]:
        self._advance(now)
        return self._total_calls, self._total_failures

    def clear(self) -> None:
        size = len(self._calls)
        self._calls = [0] * size
        self._failures = [0] * size
        self._total_calls = self._total_failures = 0

    def _advance(self, now: float) -> None:
        """Empty the buckets that fell out of the window since the last call."""
        bucket = int(now // self._width)
        if bucket <= self._newest:
            return
        size = len(self._calls)
        if bucket - self._newest >= size:
            self.clear()
        else:
            for number in range(self._newest + 1, bucket + 1):
                slot = number % size
                self._total_calls -= self._calls[slot]
                self._total_failures -= self._failures[slot]
                self._calls[slot] = self._failures[slot] = 0
        self._newest = bucket
