"""The rate limiter's arithmetic with its storage replaced by a script: how long a call may
wait in all (max_wait is a total, not a per-wait bound), and how storage failures are
counted and reported (one count and one report per failed request, named by the storage's
own error, not limits' wrapper)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from limits.errors import StorageError

from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.resilience.deadline import (
    Deadline,
)
from {{ cookiecutter.__package_name }}.resilience.rate_limit import (
    VendorRateLimiter,
    storage_options,
)


class ScriptedStorage:
    """limits' rate limiter as the VendorRateLimiter uses it: `hit` answers from a script."""

    def __init__(self, *answers: bool | Exception) -> None:
        self.answers = list(answers)

    async def hit(self, *_: object) -> bool:
        answer = self.answers.pop(0) if self.answers else True
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def get_window_stats(self, *_: object) -> Any:
        raise AssertionError("the test fixes the time until capacity")


def scripted(
    limiter: VendorRateLimiter, *answers: bool | Exception, wait: float = 0.5
) -> list[float]:
    """Script `limiter`'s storage; every wait for capacity is `wait`; returns the sleeps."""
    sleeps: list[float] = []

    async def until_capacity() -> float:
        return wait

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    limiter._limiter = ScriptedStorage(*answers)  # type: ignore[assignment]
    limiter._seconds_until_capacity = until_capacity  # type: ignore[method-assign]
    limiter._sleep = sleep
    return sleeps


@pytest.mark.anyio
async def test_a_call_may_wait_up_to_max_wait_in_all() -> None:
    limiter = VendorRateLimiter("5/second", max_wait=1.0)
    sleeps = scripted(limiter, False, False, True)

    waited = await limiter.acquire(Deadline(15.0))

    assert (waited, sleeps) == (1.0, [0.5, 0.5])


@pytest.mark.anyio
async def test_a_call_that_would_wait_past_max_wait_in_all_is_refused_with_the_wait() -> None:
    limiter = VendorRateLimiter("5/second", max_wait=1.0)
    sleeps = scripted(limiter, False, False, False, True)

    with pytest.raises(ServiceError) as caught:
        await limiter.acquire(Deadline(15.0))

    assert sleeps == [0.5, 0.5]
    error = caught.value
    assert (error.code, error.retry_after, error.rejected_by) == (
        "RATE_LIMITED",
        0.5,
        "rate_limiter",
    )
    assert error.detail
    assert error.detail != error.spec.explanation


@pytest.mark.anyio
async def test_each_failed_storage_request_is_counted_and_reported_by_its_own_error() -> None:
    kinds: list[str] = []

    class Hanging(ScriptedStorage):
        async def hit(self, *_: object) -> bool:
            await asyncio.sleep(5)
            return True

    limiter = VendorRateLimiter(
        "5/second", max_wait=0.0, storage_timeout=0.01, on_storage_failure=kinds.append
    )
    assert limiter.storage_failures == 0
    scripted(limiter, StorageError(ConnectionError("refused")), StorageError(OSError("reset")))

    assert await limiter.acquire(Deadline(15.0)) == 0.0  # fails open
    assert await limiter.acquire(Deadline(15.0)) == 0.0
    limiter._limiter = Hanging()  # type: ignore[assignment]
    assert await limiter.acquire(Deadline(15.0)) == 0.0

    assert kinds == ["ConnectionError", "OSError", "TimeoutError"]
    assert limiter.storage_failures == 3


@pytest.mark.parametrize(
    "uri", ["async+redis://cache:6379/0", "async+valkey://cache:6379/0", "redis://cache"]
)
def test_redis_storage_requests_use_redis_py_bounded_by_the_storage_timeout(uri: str) -> None:
    # The options limits hands to its Redis storage (limits.storage.RedisStorage): redis-py,
    # not limits' default coredis client, with both socket timeouts set to the storage
    # timeout; and storage errors wrapped in StorageError, which is what the limiter catches.
    assert storage_options(uri, 0.25) == {
        "wrap_exceptions": True,
        "implementation": "redispy",
        "socket_timeout": 0.25,
        "socket_connect_timeout": 0.25,
    }


def test_the_memory_storage_gets_only_the_wrapped_errors() -> None:
    assert storage_options("async+memory://", 0.25) == {"wrap_exceptions": True}
