"""A circuit breaker: after the vendor failed too often, stop calling it for a while.

Written here rather than taken from a library: purgatory, pybreaker, aiobreaker and
circuitbreaker either let every caller through in half-open or lack asyncio. Half-open
admits exactly one probe; everyone else fails fast until it answers.

Failures are the vendor's: timeouts, connect errors, 5xx except 501 (UPSTREAM_TIMEOUT and
UPSTREAM_UNAVAILABLE, AIP-194). 4xx answers and contract violations are successes (the
vendor answered); a 429 counts as nothing, since the rate limiter handles it. The pipeline's
own rejections (a full bulkhead) and cancelled calls count as nothing either.
"""

from __future__ import annotations

import random
import time
from collections import deque
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
        self._outcomes: deque[tuple[float, bool]] = deque()  # (when, failed)
        self._trips = 0  # consecutive trips without a successful probe
        self._half_open_at = 0.0
        self._probing = False

    @property
    def state(self) -> BreakerState:
        if self._state == "open" and self._clock() >= self._half_open_at:
            self._change("half_open")
        return self._state

    def recent_calls(self) -> int:
        self._forget_old()
        return len(self._outcomes)

    def recent_failures(self) -> int:
        self._forget_old()
        return sum(failed for _, failed in self._outcomes)

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
                self._outcomes.clear()
                self._change("closed")
            return
        # Calls admitted before a trip may finish while open or half-open: too late to count.
        if failed is None or self._state != "closed":
            return
        self._outcomes.append((self._clock(), failed))
        failures = self.recent_failures()
        calls = len(self._outcomes)
        if calls >= self.minimum_calls and failures / calls >= self.failure_ratio:
            self._trip()

    def _trip(self) -> None:
        self._trips += 1
        doubled = capped_exponential(self.open_for, self.open_max, self._trips - 1)
        spread = 1 + self.jitter * (2 * self._random() - 1)
        self._half_open_at = self._clock() + doubled * spread
        self._outcomes.clear()
        self._change("open")

    def _forget_old(self) -> None:
        horizon = self._clock() - self.window
        while self._outcomes and self._outcomes[0][0] <= horizon:
            self._outcomes.popleft()

    def _change(self, new: BreakerState) -> None:
        old, self._state = self._state, new
        if old != new and self._on_state_change is not None:
            self._on_state_change(old, new)
