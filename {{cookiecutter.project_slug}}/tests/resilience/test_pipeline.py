from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    ErrorCode,
    ServiceError,
)
from {{ cookiecutter.__package_name }}.resilience.pipeline import (
    CallReport,
    ResiliencePipeline,
    build_pipeline,
)
from {{ cookiecutter.__package_name }}.resilience.settings import (
    ResilienceSettings,
)

from tests.resilience.fakes import FakeClock, FixedRandom


class Vendor:
    """A fake attempt: takes `seconds` of fake time, then fails with `errors` in turn."""

    def __init__(self, clock: FakeClock, *errors: ErrorCode, seconds: float = 0.0) -> None:
        self.clock = clock
        self.errors = list(errors)
        self.seconds = seconds
        self.timeouts: list[float] = []

    async def __call__(self, timeout: float) -> str:
        self.timeouts.append(timeout)
        self.clock.advance(min(self.seconds, timeout))
        if self.errors:
            raise ServiceError(self.errors.pop(0), "from the vendor")
        return "answer"


def pipeline(
    clock: FakeClock, reports: list[CallReport] | None = None, **values: Any
) -> ResiliencePipeline:
    settings = ResilienceSettings(_env_file=None, **{"rate_limit": "1000/second", **values})
    return build_pipeline(
        settings,
        "memory://",
        clock=clock,
        sleep=clock.sleep,
        random=FixedRandom(0.5),
        on_call=None if reports is None else reports.append,
    )


async def outcome(coroutine: Any) -> Any:
    try:
        return await coroutine
    except ServiceError as error:
        return error


@pytest.mark.anyio
async def test_a_successful_call_makes_one_attempt_with_the_attempt_timeout() -> None:
    clock = FakeClock()
    reports: list[CallReport] = []
    vendor = Vendor(clock)

    async def scenario() -> str:
        return await pipeline(clock, reports).run("get_record", vendor, idempotent=True)

    assert await scenario() == "answer"
    assert vendor.timeouts == [5.0]
    assert reports == [CallReport("get_record", 1, 0.0, None)]


@pytest.mark.anyio
async def test_transient_failures_are_retried_and_the_attempts_counted() -> None:
    clock = FakeClock()
    reports: list[CallReport] = []
    vendor = Vendor(clock, "UPSTREAM_TIMEOUT", "UPSTREAM_UNAVAILABLE")

    async def scenario() -> str:
        return await pipeline(clock, reports).run("get_record", vendor, idempotent=True)

    assert await scenario() == "answer"
    assert reports[0].attempts == 3
    assert clock.sleeps == pytest.approx([0.05, 0.1])


@pytest.mark.anyio
async def test_a_failure_that_is_not_retried_carries_the_attempt_count() -> None:
    clock = FakeClock()
    reports: list[CallReport] = []
    vendor = Vendor(clock, "UPSTREAM_TIMEOUT")

    async def scenario() -> str:
        return await pipeline(clock, reports).run("create_record", vendor, idempotent=False)

    error = await outcome(scenario())
    assert isinstance(error, ServiceError)
    assert error.log_context["vendor_attempts"] == 1
    assert reports == [CallReport("create_record", 1, 0.0, "UPSTREAM_TIMEOUT")]


@pytest.mark.anyio
async def test_the_total_deadline_bounds_the_call_and_trims_the_last_attempt() -> None:
    clock = FakeClock()
    vendor = Vendor(clock, *("UPSTREAM_TIMEOUT",) * 5, seconds=60.0)  # each takes its timeout
    reports: list[CallReport] = []

    async def scenario() -> str:
        return await pipeline(clock, reports, max_attempts=5).run("get", vendor, idempotent=True)

    error = await outcome(scenario())
    assert isinstance(error, ServiceError)
    assert error.code == "UPSTREAM_TIMEOUT"
    assert vendor.timeouts == pytest.approx([5.0, 5.0, 4.85])
    assert reports[0].seconds == pytest.approx(15.0)


class OversleepingClock(FakeClock):
    """A busy runner: every sleep lasts longer than asked."""

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds)
        self.advance(1.0)


@pytest.mark.anyio
async def test_no_attempt_starts_once_the_deadline_has_passed() -> None:
    # The first attempt leaves 0.1 s; the backoff (0.05 s) fits, but the sleep overruns the
    # deadline, so the second attempt is never made.
    clock = OversleepingClock()
    vendor = Vendor(clock, "UPSTREAM_UNAVAILABLE", seconds=14.9)

    async def scenario() -> str:
        return await pipeline(clock, attempt_timeout=15.0).run("get", vendor, idempotent=True)

    error = await outcome(scenario())
    assert isinstance(error, ServiceError)
    assert (error.code, error.detail) == ("UPSTREAM_TIMEOUT", "The vendor did not answer in time.")
    assert error.log_context["timeout"] == "deadline"
    assert error.log_context["seconds"] == 15.0
    assert vendor.timeouts == [15.0]


@pytest.mark.anyio
async def test_an_attempt_that_hangs_is_stopped_at_the_attempt_timeout() -> None:
    async def hang(_: float) -> str:
        await asyncio.Event().wait()
        return "never"

    async def scenario() -> str:
        settings = ResilienceSettings(
            _env_file=None,
            rate_limit="1000/second",
            attempt_timeout=0.05,
            total_deadline=0.2,
            max_attempts=1,
            bulkhead_max_wait=0.01,
            rate_limit_max_wait=0.1,
        )
        return await build_pipeline(settings, "memory://").run("get", hang, idempotent=True)

    started = time.monotonic()
    error = await outcome(scenario())
    # Bounded (a hang would never end), with room for a busy runner; which timer fired is
    # asserted below.
    assert time.monotonic() - started < 2.0
    assert isinstance(error, ServiceError)
    assert error.code == "UPSTREAM_TIMEOUT"
    assert error.log_context["timeout"] == "attempt"


@pytest.mark.anyio
async def test_the_breaker_opens_after_repeated_failures_and_stops_calling() -> None:
    clock = FakeClock()
    vendor = Vendor(clock, *("UPSTREAM_UNAVAILABLE",) * 10)
    reports: list[CallReport] = []
    p = pipeline(clock, reports)

    async def scenario() -> ServiceError:
        for _ in range(10):
            with pytest.raises(ServiceError):
                await p.run("create_record", vendor, idempotent=False)
        with pytest.raises(ServiceError) as caught:
            await p.run("create_record", vendor, idempotent=False)
        return caught.value

    error = await scenario()
    assert len(vendor.timeouts) == 10
    assert error.log_context["rejected_by"] == "circuit_breaker"
    assert error.retry_after == pytest.approx(30.0)
    assert reports[-1].attempts == 0
    assert p.health()["breaker"] == {
        "state": "open",
        "recent_calls": 0,
        "recent_failures": 0,
        "consecutive_trips": 1,
        "seconds_until_half_open": 30.0,
    }


@pytest.mark.anyio
async def test_calls_over_the_rate_limit_never_reach_the_vendor() -> None:
    clock = FakeClock()
    vendor = Vendor(clock)
    p = pipeline(clock, rate_limit="2/minute", rate_limit_max_wait=0)

    async def scenario() -> ServiceError:
        for _ in range(2):
            await p.run("get", vendor, idempotent=True)
        with pytest.raises(ServiceError) as caught:
            await p.run("get", vendor, idempotent=True)
        return caught.value

    error = await scenario()
    assert error.code == "RATE_LIMITED"
    assert len(vendor.timeouts) == 2


@pytest.mark.anyio
async def test_health_reports_every_layer() -> None:
    async def scenario() -> dict[str, object]:
        return pipeline(FakeClock()).health()

    health = await scenario()
    assert set(health) == {
        "breaker",
        "bulkhead_in_use",
        "retry_budget_tokens",
        "rate_limit_storage_failures",
    }
    assert health["retry_budget_tokens"] == 10.0
