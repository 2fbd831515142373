"""Which failed attempts are retried, how long to wait before each retry, and the loop.

The loop is tenacity's AsyncRetrying; the rules it does not know are ours: the retry
budget, the call's deadline (a wait that does not fit it ends the call at once, and the
error passes the vendor's Retry-After on), Retry-After itself, and the longer backoff base
after the vendor throttled us. Tenacity computes the wait before asking `stop` (since 8.4),
so `stop` can compare the upcoming wait with the time left.
"""

from __future__ import annotations

import asyncio
import random as random_module
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception

from ..errors import ErrorCode, ServiceError
from .budget import RetryBudget
from .deadline import Deadline
from .rejections import is_local_rejection
from .timing import Random, Sleep, capped_exponential

T = TypeVar("T")

# Connect errors and timeouts, 502/503/504 (UPSTREAM_*), and 429: RFC 9110 and AIP-194.
RETRYABLE_CODES: frozenset[ErrorCode] = frozenset(
    {"UPSTREAM_TIMEOUT", "UPSTREAM_UNAVAILABLE", "RATE_LIMITED"}
)

__all__ = ["RETRYABLE_CODES", "Backoff", "Retrier", "RetryBudget", "is_retryable"]


def is_retryable(error: BaseException, idempotent: bool) -> bool:
    """A vendor failure that may pass on its own, for a call that is safe to repeat.

    `idempotent` is the caller's word: a GET, or a create carrying an idempotency key.
    """
    return (
        idempotent
        and isinstance(error, ServiceError)
        and error.code in RETRYABLE_CODES
        and not is_local_rejection(error)
    )


def is_throttle(error: ServiceError) -> bool:
    """The vendor asked us to slow down: a 429, or a 503."""
    return error.code == "RATE_LIMITED" or error.vendor_status == 503


@dataclass(frozen=True)
class Backoff:
    """Capped exponential backoff with full jitter: a wait drawn from [0, min(cap, base*2^n))."""

    base: float = 0.1
    cap: float = 2.0
    base_after_throttle: float = 1.0
    random: Random = random_module.random

    def delay(self, error: ServiceError, failed_attempts: int) -> float:
        if error.retry_after is not None:
            return error.retry_after
        base = self.base_after_throttle if is_throttle(error) else self.base
        return self.random() * capped_exponential(base, self.cap, failed_attempts - 1)


class Retrier:
    def __init__(
        self,
        max_attempts: int = 3,
        backoff: Backoff | None = None,
        budget: RetryBudget | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.max_attempts = max_attempts
        self.backoff = backoff or Backoff()
        self.budget = budget or RetryBudget()
        self._sleep = sleep

    async def call(
        self, attempt: Callable[[], Awaitable[T]], idempotent: bool, deadline: Deadline
    ) -> T:
        """Run `attempt` until it succeeds or a failure may not (or need not) be retried.

        The first attempt runs on its own: most calls succeed at once and never need the
        retry loop. A failure that may be retried starts tenacity's loop with that failure
        as its first attempt's outcome, so every decision is the loop's, as if it had run it.
        """
        refilling = self._refilling(attempt)
        try:
            return await refilling()
        except Exception as error:
            if not is_retryable(error, idempotent):
                raise
            first_failure = error
        replayed = False

        async def first_then_again() -> T:
            nonlocal replayed
            if not replayed:
                replayed = True
                raise first_failure
            return await refilling()

        def stop(state: RetryCallState) -> bool:
            return (
                state.attempt_number >= self.max_attempts
                or not self.budget.can_retry()
                or state.upcoming_sleep >= deadline.remaining()
            )

        retrying = AsyncRetrying(
            sleep=self._sleep,
            retry=retry_if_exception(lambda error: is_retryable(error, idempotent)),
            wait=self._wait,
            stop=stop,
            before_sleep=lambda _: self.budget.spend(),
            reraise=True,
        )
        return cast(T, await retrying(first_then_again))

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if not isinstance(error, ServiceError):  # never retried, so the wait is unused
            return 0.0
        return self.backoff.delay(error, state.attempt_number)

    def _refilling(self, attempt: Callable[[], Awaitable[T]]) -> Callable[[], Awaitable[T]]:
        """`attempt`, returning a token to the budget whenever the vendor answered usefully."""

        async def refilling() -> T:
            try:
                result = await attempt()
            except ServiceError as error:
                if error.code not in RETRYABLE_CODES:
                    self.budget.record_success()
                raise
            self.budget.record_success()
            return result

        return refilling
