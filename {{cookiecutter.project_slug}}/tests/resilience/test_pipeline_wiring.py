"""Every resilience setting reaches its layer, the layers' own defaults are the settings'
defaults, and what the pipeline reports about a call (attempts, waits, budget) is exact."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.resilience.breaker import (
    CircuitBreaker,
)
from {{ cookiecutter.__package_name }}.resilience.budget import (
    RetryBudget,
)
from {{ cookiecutter.__package_name }}.resilience.bulkhead import (
    Bulkhead,
)
from {{ cookiecutter.__package_name }}.resilience.deadline import (
    Deadline,
)
from {{ cookiecutter.__package_name }}.resilience.pipeline import (
    CallReport,
    ResiliencePipeline,
    build_pipeline,
)
from {{ cookiecutter.__package_name }}.resilience.rate_limit import (
    VendorRateLimiter,
)
from {{ cookiecutter.__package_name }}.resilience.retry import (
    Retrier,
)
from {{ cookiecutter.__package_name }}.resilience.settings import (
    ResilienceSettings,
)

from tests.resilience.fakes import FakeClock, FixedRandom
from tests.resilience.test_pipeline import outcome


def built_with_defaults() -> dict[str, Any]:
    """Each layer built with its own defaults, by the settings field each value comes from."""
    retrier, breaker, bulkhead = Retrier(), CircuitBreaker(), Bulkhead()
    limiter = VendorRateLimiter("1/second")
    pipeline = ResiliencePipeline(limiter, retrier, breaker, bulkhead)
    budget = retrier.budget
    return {
        "attempt_timeout": pipeline.attempt_timeout,
        "total_deadline": pipeline.total_deadline,
        "max_attempts": retrier.max_attempts,
        "retry_budget_tokens": budget.capacity,
        "retry_budget_refill_per_success": budget.refill_per_success,
        "retry_budget_min_tokens": budget.min_tokens,
        "breaker_failure_ratio": breaker.failure_ratio,
        "breaker_minimum_calls": breaker.minimum_calls,
        "breaker_window": breaker.window,
        "breaker_open": breaker.open_for,
        "breaker_open_max": breaker.open_max,
        "breaker_jitter": breaker.jitter,
        "bulkhead_max_concurrent": bulkhead.max_concurrent,
        "bulkhead_max_wait": bulkhead.max_wait,
        "rate_limit_max_wait": limiter.max_wait,
        "rate_limit_storage_timeout": limiter.storage_timeout,
    }


def test_a_layers_own_defaults_are_the_settings_defaults() -> None:
    defaults = built_with_defaults()
    settings = {name: ResilienceSettings.model_fields[name].default for name in defaults}
    assert defaults == settings


@pytest.mark.anyio
async def test_the_rate_limiter_waits_through_the_pipelines_sleep() -> None:
    clock = FakeClock()
    reports: list[CallReport] = []

    async def scenario() -> None:
        p = pipeline_with(clock, reports, rate_limit="1/second", rate_limit_max_wait=14.0)
        await p.run("get", Vendor(), idempotent=True)
        await outcome(p.run("get", Vendor(), idempotent=True))

    await scenario()
    assert clock.sleeps  # the injected sleep, not the event loop's


def test_every_setting_reaches_its_layer() -> None:
    failures: list[str] = []
    s = ResilienceSettings(
        _env_file=None,
        attempt_timeout=2.0,
        total_deadline=9.0,
        max_attempts=2,
        retry_budget_tokens=7.0,
        retry_budget_refill_per_success=0.5,
        retry_budget_min_tokens=3.0,
        breaker_failure_ratio=0.25,
        breaker_minimum_calls=4,
        breaker_window=12.0,
        breaker_open=7.0,
        breaker_open_max=70.0,
        breaker_jitter=0.0,
        bulkhead_max_concurrent=3,
        bulkhead_max_wait=0.5,
        rate_limit="7/minute",
        rate_limit_max_wait=2.5,
        rate_limit_storage_timeout=0.25,
    )
    p = build_pipeline(s, "memory://", on_rate_limit_storage_failure=failures.append)

    budget = p.retrier.budget
    assert (p.attempt_timeout, p.total_deadline, p.retrier.max_attempts) == (2.0, 9.0, 2)
    assert (budget.capacity, budget.refill_per_success, budget.min_tokens) == (7.0, 0.5, 3.0)
    b = p.breaker
    assert (b.failure_ratio, b.minimum_calls, b.window) == (0.25, 4, 12.0)
    assert (b.open_for, b.open_max, b.jitter) == (7.0, 70.0, 0.0)
    assert (p.bulkhead.max_concurrent, p.bulkhead.max_wait) == (3, 0.5)
    limiter = p.rate_limiter
    assert (str(limiter.limit), limiter.max_wait, limiter.storage_timeout) == (
        "7 per 1 minute",
        2.5,
        0.25,
    )
    assert limiter._on_storage_failure is not None
    limiter._on_storage_failure("TimeoutError")
    assert failures == ["TimeoutError"]


class Vendor:
    """A fake attempt failing with `errors` in turn, then answering."""

    def __init__(self, *errors: ServiceError) -> None:
        self.errors = list(errors)
        self.timeouts: list[float] = []

    async def __call__(self, timeout: float) -> str:
        self.timeouts.append(timeout)
        if self.errors:
            raise self.errors.pop(0)
        return "answer"


class WaitingLimiter:
    """A rate limiter that always had to wait `waited` seconds for capacity."""

    storage_failures = 0

    def __init__(self, waited: float) -> None:
        self.waited = waited

    async def acquire(self, deadline: Deadline) -> float:
        return self.waited


def pipeline_with(
    clock: FakeClock, reports: list[CallReport], limiter: Any = None, **values: Any
) -> ResiliencePipeline:
    s = ResilienceSettings(_env_file=None, **{"rate_limit": "1000/second", **values})
    p = build_pipeline(
        s,
        "memory://",
        clock=clock,
        sleep=clock.sleep,
        random=FixedRandom(0.5),
        on_call=reports.append,
    )
    if limiter is not None:
        p.rate_limiter = limiter
    return p


@pytest.mark.anyio
@pytest.mark.parametrize("fails", [False, True])
async def test_the_rate_limit_wait_is_reported_whether_the_call_succeeds_or_fails(
    fails: bool,
) -> None:
    clock = FakeClock()
    reports: list[CallReport] = []
    vendor = Vendor(ServiceError("NOT_FOUND")) if fails else Vendor()

    async def scenario() -> Any:
        p = pipeline_with(clock, reports, WaitingLimiter(0.25))
        return await outcome(p.run("get", vendor, idempotent=True))

    await scenario()
    assert [report.rate_limit_wait for report in reports] == [0.25]


@pytest.mark.anyio
async def test_a_call_the_rate_limiter_refuses_reports_no_wait_and_no_attempt() -> None:
    clock = FakeClock()
    reports: list[CallReport] = []

    async def scenario() -> Any:
        p = pipeline_with(clock, reports, rate_limit="1/minute", rate_limit_max_wait=0.0)
        await p.run("get", Vendor(), idempotent=True)
        return await outcome(p.run("get", Vendor(), idempotent=True))

    error = await scenario()
    assert isinstance(error, ServiceError)
    assert error.code == "RATE_LIMITED"
    assert reports[-1] == CallReport("get", 0, 0.0, "RATE_LIMITED", 0.0, "rate_limiter", False)


@pytest.mark.anyio
async def test_the_attempt_gets_its_timeout_less_the_time_spent_waiting_for_a_bulkhead_slot() -> (
    None
):
    clock = FakeClock()
    reports: list[CallReport] = []
    release = asyncio.Event()
    second = Vendor()

    async def holder(timeout: float) -> str:
        await release.wait()
        return "answer"

    async def scenario() -> None:
        p = pipeline_with(
            clock, reports, attempt_timeout=0.8, bulkhead_max_concurrent=1, bulkhead_max_wait=0.7
        )
        first = asyncio.create_task(p.run("get", holder, idempotent=True))
        await asyncio.sleep(0)
        waiting = asyncio.create_task(p.run("get", second, idempotent=True))
        await asyncio.sleep(0)
        clock.advance(0.3)  # the second call waits this long for the slot
        release.set()
        await asyncio.gather(first, waiting)

    await scenario()
    assert second.timeouts == pytest.approx([0.5])


@pytest.mark.anyio
async def test_an_attempt_cut_off_by_its_timeout_logs_that_timeout() -> None:
    reports: list[CallReport] = []

    async def hangs(timeout: float) -> str:
        await asyncio.sleep(5)
        return "late"

    async def scenario() -> Any:
        p = pipeline_with(
            FakeClock(), reports, attempt_timeout=0.05, bulkhead_max_wait=0.01, max_attempts=1
        )
        return await outcome(p.run("get", hangs, idempotent=True))

    error = await scenario()
    assert isinstance(error, ServiceError)
    assert error.code == "UPSTREAM_TIMEOUT"
    assert 0.05 in error.log_context.values()
    assert error.detail
    assert error.detail != error.spec.explanation


def unavailable() -> ServiceError:
    return ServiceError("UPSTREAM_UNAVAILABLE", "down", vendor_status=503)


class SlowLimiter:
    """A rate limiter whose wait for capacity uses up `seconds` of the call's deadline."""

    storage_failures = 0

    def __init__(self, clock: FakeClock, seconds: float) -> None:
        self.clock = clock
        self.seconds = seconds

    async def acquire(self, deadline: Deadline) -> float:
        self.clock.advance(self.seconds)
        return self.seconds


@pytest.mark.anyio
async def test_only_a_retry_the_budget_denied_is_reported_as_budget_exhausted() -> None:
    clock = FakeClock()
    reports: list[CallReport] = []
    # 5.5 tokens with a floor of 5: one retry, then the budget is at its floor.
    values = {"retry_budget_tokens": 5.5, "retry_budget_min_tokens": 5.0}

    async def scenario() -> None:
        p = pipeline_with(clock, reports, **values)
        await outcome(p.run("get", Vendor(unavailable(), unavailable()), idempotent=True))
        await outcome(p.run("get", Vendor(unavailable()), idempotent=True))
        await outcome(p.run("get", Vendor(ServiceError("NOT_FOUND")), idempotent=True))
        p.rate_limiter = SlowLimiter(clock, 20.0)  # type: ignore[assignment]  # past the deadline
        await outcome(p.run("get", Vendor(), idempotent=True))

    await scenario()
    assert [(r.attempts, r.error_code, r.retry_budget_exhausted) for r in reports] == [
        (2, "UPSTREAM_UNAVAILABLE", True),  # retried once, then denied
        (1, "UPSTREAM_UNAVAILABLE", True),  # denied at once
        (1, "NOT_FOUND", False),  # not retryable anyway
        (0, "UPSTREAM_TIMEOUT", False),  # never reached the vendor
    ]


@pytest.mark.anyio
async def test_a_call_that_used_every_attempt_was_not_stopped_by_the_budget() -> None:
    reports: list[CallReport] = []
    values = {"max_attempts": 2, "retry_budget_tokens": 5.5, "retry_budget_min_tokens": 5.0}

    async def scenario() -> None:
        p = pipeline_with(FakeClock(), reports, **values)
        await outcome(p.run("get", Vendor(unavailable(), unavailable()), idempotent=True))

    await scenario()
    assert [(r.attempts, r.retry_budget_exhausted) for r in reports] == [(2, False)]


@pytest.mark.anyio
async def test_a_failure_that_is_not_retryable_ends_the_retries() -> None:
    reports: list[CallReport] = []
    vendor = Vendor(unavailable(), ServiceError("NOT_FOUND"))

    async def scenario() -> Any:
        p = pipeline_with(FakeClock(), reports)
        return await outcome(p.run("get", vendor, idempotent=True))

    error = await scenario()
    assert isinstance(error, ServiceError)
    assert (error.code, reports[0].attempts) == ("NOT_FOUND", 2)


@pytest.mark.anyio
async def test_a_retry_after_that_uses_up_the_whole_deadline_is_passed_on_without_a_retry() -> None:
    reports: list[CallReport] = []
    # The vendor answers at once and asks for exactly the 15 s the call has left.
    vendor = Vendor(ServiceError("UPSTREAM_UNAVAILABLE", retry_after=15.0, vendor_status=503))

    async def scenario() -> Any:
        p = pipeline_with(FakeClock(), reports)
        return await outcome(p.run("get", vendor, idempotent=True))

    error = await scenario()
    assert isinstance(error, ServiceError)
    assert (error.code, error.retry_after, reports[0].attempts) == ("UPSTREAM_UNAVAILABLE", 15.0, 1)


def test_a_budget_without_a_floor_empties_and_then_stops_retries() -> None:
    budget = RetryBudget(tokens=1.5, refill_per_success=0.1, min_tokens=0.0)
    budget.spend()
    assert (budget.tokens, budget.can_retry()) == (0.5, True)
    budget.spend()
    assert (budget.tokens, budget.can_retry()) == (0.0, False)
