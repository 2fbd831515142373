"""The limits library's memory storage reads the wall clock, so these use short real windows."""

from __future__ import annotations

import asyncio
import time

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.resilience.deadline import (
    Deadline,
)
from {{ cookiecutter.__package_name }}.resilience.rate_limit import (
    VendorRateLimiter,
    async_storage_uri,
)


def test_storage_uris_get_the_asyncio_scheme() -> None:
    assert async_storage_uri("memory://") == "async+memory://"
    assert async_storage_uri("redis://cache:6379/0") == "async+redis://cache:6379/0"
    assert async_storage_uri("async+memory://") == "async+memory://"


@pytest.mark.anyio
async def test_calls_within_the_limit_go_straight_through() -> None:
    async def scenario() -> list[float]:
        limiter = VendorRateLimiter("5/second", "memory://", max_wait=0)
        return [await limiter.acquire(Deadline(15.0)) for _ in range(5)]

    assert await scenario() == [0.0] * 5


async def clear_of_a_minutes_end() -> None:
    """The sliding-window counter's windows are aligned to the clock: five calls in a fresh
    minute leave no capacity until that minute ends (then the count starts to decay). Stay
    clear of a minute's end, so five calls and the refusal after them share one window."""
    if time.time() % 60 > 57:
        await asyncio.sleep(60 - time.time() % 60 + 0.05)


@pytest.mark.anyio
async def test_a_call_over_the_limit_fails_with_the_time_until_capacity() -> None:
    await clear_of_a_minutes_end()

    async def scenario() -> tuple[ServiceError, float]:
        limiter = VendorRateLimiter("5/minute", "memory://", max_wait=0)
        for _ in range(5):
            await limiter.acquire(Deadline(15.0))
        with pytest.raises(ServiceError) as caught:
            await limiter.acquire(Deadline(15.0))
        return caught.value, 60 - time.time() % 60

    error, until_the_minute_ends = await scenario()
    assert error.code == "RATE_LIMITED"
    assert error.retry_after is not None
    assert error.retry_after == pytest.approx(until_the_minute_ends, abs=1.0)
    assert error.retry_after > 2  # never "retry at once" while the minute is used up
    assert error.log_context["rejected_by"] == "rate_limiter"


@pytest.mark.anyio
async def test_a_call_over_the_limit_fails_when_the_wait_does_not_fit_its_deadline() -> None:
    await clear_of_a_minutes_end()

    async def scenario() -> None:
        limiter = VendorRateLimiter("5/minute", "memory://", max_wait=30)
        for _ in range(5):
            await limiter.acquire(Deadline(15.0))
        with pytest.raises(ServiceError, match="RATE_LIMITED"):
            await limiter.acquire(Deadline(0.5))

    await scenario()


async def exhaust(limiter: VendorRateLimiter) -> None:
    """Use the limit up (the count depends on where in the window the calls fall)."""
    max_wait, limiter.max_wait = limiter.max_wait, 0
    with pytest.raises(ServiceError):
        for _ in range(20):
            await limiter.acquire(Deadline(15.0))
    limiter.max_wait = max_wait


@pytest.mark.anyio
async def test_a_call_over_the_limit_waits_for_capacity_when_that_fits() -> None:
    async def scenario() -> tuple[float, float]:
        limiter = VendorRateLimiter("5/second", "memory://", max_wait=1.5)
        await exhaust(limiter)
        started = time.monotonic()
        waited = await limiter.acquire(Deadline(15.0))
        return waited, time.monotonic() - started

    waited, took = await scenario()
    assert 0 < waited <= 1.5
    # It really slept that long; the upper bound leaves room for a busy runner.
    assert waited <= took <= waited + 1.0


@pytest.mark.anyio
async def test_storage_that_does_not_answer_lets_calls_through_in_bounded_time() -> None:
    class SilentStorage:
        async def hit(self, *_: object) -> bool:
            await asyncio.sleep(10)
            return False

    async def scenario() -> tuple[float, float]:
        limiter = VendorRateLimiter("1/second", "memory://", storage_timeout=0.01)
        limiter._limiter = SilentStorage()  # type: ignore[assignment]
        started = time.monotonic()
        waited = await limiter.acquire(Deadline(15.0))
        return waited, time.monotonic() - started

    waited, took = await scenario()
    assert waited == 0.0
    assert took < 2.0  # far below the storage's 10 s, with room for a busy runner
