"""The outbound resilience pipeline, outermost first:

rate limiter -> total deadline -> retry -> circuit breaker -> attempt timeout -> bulkhead

The rate limiter is taken once per call, since it shapes what callers ask for; retries are
kept rare by the retry budget instead. The breaker sits inside the retry loop so each
attempt is admitted, and counted, on its own.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from ..errors import ErrorCode, RejectingLayer, ServiceError
from .breaker import CircuitBreaker, StateListener
from .budget import RetryBudget
from .bulkhead import Bulkhead
from .deadline import Deadline
from .rate_limit import StorageFailureListener, VendorRateLimiter
from .retry import Backoff, Retrier, is_retryable
from .settings import ResilienceSettings
from .timing import Clock, Random, Sleep

T = TypeVar("T")

Attempt = Callable[[float], Awaitable[T]]
"""One try at the vendor; it gets the seconds it may take."""


@dataclass(frozen=True)
class CallReport:
    """How one call through the pipeline went, for logs and metrics."""

    operation: str
    attempts: int  # requests that reached the vendor
    seconds: float
    error_code: ErrorCode | None  # None when the call succeeded
    rate_limit_wait: float = 0.0  # seconds spent waiting for rate-limit capacity
    # The layer that refused the call itself (rejections.py).
    rejected_by: RejectingLayer | None = None
    retry_budget_exhausted: bool = False  # a retryable failure went unretried for lack of budget


CallListener = Callable[[CallReport], None]


class ResiliencePipeline:
    def __init__(
        self,
        rate_limiter: VendorRateLimiter,
        retrier: Retrier,
        breaker: CircuitBreaker,
        bulkhead: Bulkhead,
        attempt_timeout: float = 5.0,
        total_deadline: float = 15.0,
        clock: Clock = time.monotonic,
        on_call: CallListener | None = None,
    ) -> None:
        self.rate_limiter = rate_limiter
        self.retrier = retrier
        self.breaker = breaker
        self.bulkhead = bulkhead
        self.attempt_timeout = attempt_timeout
        self.total_deadline = total_deadline
        self._clock = clock
        self._on_call = on_call

    async def run(self, operation: str, attempt: Attempt[T], idempotent: bool) -> T:
        """Call the vendor through every layer; failures are ServiceErrors.

        `idempotent`: the call is safe to repeat (a GET, or a create with an idempotency
        key). A failure's log_context gets "vendor_attempts".
        """
        deadline = Deadline(self.total_deadline, self._clock)
        attempts = 0

        async def one_attempt() -> T:
            nonlocal attempts
            timeout = min(self.attempt_timeout, deadline.remaining())
            if timeout <= 0:
                raise deadline_exceeded(deadline)
            with self.breaker.guard():
                started = self._clock()
                try:
                    async with asyncio.timeout(timeout) as timer:
                        async with self.bulkhead.slot():
                            attempts += 1
                            return await attempt(max(0.0, timeout - (self._clock() - started)))
                except TimeoutError:
                    if not timer.expired():
                        raise
                    raise attempt_timed_out(timeout) from None

        waited = 0.0
        try:
            waited = await self.rate_limiter.acquire(deadline)
            result = await self.retrier.call(one_attempt, idempotent, deadline)
        except ServiceError as error:
            error.log_context.setdefault("vendor_attempts", attempts)
            self._report(
                CallReport(
                    operation,
                    attempts,
                    deadline.elapsed(),
                    error.code,
                    rate_limit_wait=waited,
                    rejected_by=error.rejected_by,
                    retry_budget_exhausted=self._retry_denied_by_budget(
                        error, idempotent, attempts
                    ),
                )
            )
            raise
        self._report(CallReport(operation, attempts, deadline.elapsed(), None, waited))
        return result

    def health(self) -> dict[str, object]:
        """The vendor's health as this replica sees it (never part of readiness)."""
        return {
            "breaker": self.breaker.health(),
            "bulkhead_in_use": self.bulkhead.in_use,
            "retry_budget_tokens": self.retrier.budget.tokens,
            "rate_limit_storage_failures": self.rate_limiter.storage_failures,
        }

    def _report(self, report: CallReport) -> None:
        if self._on_call is not None:
            self._on_call(report)

    def _retry_denied_by_budget(self, error: ServiceError, idempotent: bool, attempts: int) -> bool:
        """A failure that could have been retried, stopped early with the budget at its floor."""
        return (
            is_retryable(error, idempotent)
            and 0 < attempts < self.retrier.max_attempts
            and not self.retrier.budget.can_retry()
        )


def attempt_timed_out(seconds: float) -> ServiceError:
    return ServiceError(
        "UPSTREAM_TIMEOUT",
        "The vendor did not answer in time.",
        log_context={"timeout": "attempt", "seconds": seconds},
    )


def deadline_exceeded(deadline: Deadline) -> ServiceError:
    return ServiceError(
        "UPSTREAM_TIMEOUT",
        "The vendor did not answer in time.",
        log_context={"timeout": "deadline", "seconds": deadline.budget},
    )


def build_pipeline(
    settings: ResilienceSettings,
    storage_uri: str,
    clock: Clock = time.monotonic,
    sleep: Sleep = asyncio.sleep,
    random: Random = random.random,
    rate_limit_key: str = "vendor",
    on_call: CallListener | None = None,
    on_breaker_state_change: StateListener | None = None,
    on_rate_limit_storage_failure: StorageFailureListener | None = None,
) -> ResiliencePipeline:
    """The pipeline for one replica; build it inside the running event loop (lifespan)."""
    s = settings
    retrier = Retrier(
        max_attempts=s.max_attempts,
        backoff=Backoff(s.backoff_base, s.backoff_cap, s.backoff_base_after_throttle, random),
        budget=RetryBudget(
            s.retry_budget_tokens, s.retry_budget_refill_per_success, s.retry_budget_min_tokens
        ),
        sleep=sleep,
    )
    breaker = CircuitBreaker(
        failure_ratio=s.breaker_failure_ratio,
        minimum_calls=s.breaker_minimum_calls,
        window=s.breaker_window,
        open_for=s.breaker_open,
        open_max=s.breaker_open_max,
        jitter=s.breaker_jitter,
        clock=clock,
        random=random,
        on_state_change=on_breaker_state_change,
    )
    rate_limiter = VendorRateLimiter(
        s.rate_limit,
        storage_uri,
        key=rate_limit_key,
        max_wait=s.rate_limit_max_wait,
        storage_timeout=s.rate_limit_storage_timeout,
        sleep=sleep,
        on_storage_failure=on_rate_limit_storage_failure,
    )
    return ResiliencePipeline(
        rate_limiter,
        retrier,
        breaker,
        Bulkhead(s.bulkhead_max_concurrent, s.bulkhead_max_wait),
        attempt_timeout=s.attempt_timeout,
        total_deadline=s.total_deadline,
        clock=clock,
        on_call=on_call,
    )
