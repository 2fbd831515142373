"""The vendor's rate limit for our API key, kept in this process or shared through Redis.

The `limits` library's sliding-window counter (not its moving window, which stalls Redis at
large limits). A call over the limit waits for capacity while that fits both its deadline
and `max_wait`; otherwise it fails at once with RATE_LIMITED and the seconds until capacity.

Storage trouble never blocks a call: every storage request is bounded by a timeout, and a
failed one lets the call through (fail open, as Envoy's global rate limit does by default),
since the vendor still enforces its limit with 429s, which the retry rules handle.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import limits
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

from .deadline import Deadline
from .rejections import local_rejection
from .timing import Sleep

T = TypeVar("T")

StorageFailureListener = Callable[[str], None]
"""Told the kind of each failed storage request (the exception's type name, no message)."""

# When limits cannot tell when capacity returns (another caller took it first), look again
# after this long.
MIN_WAIT = 0.01


def async_storage_uri(uri: str) -> str:
    """limits' asyncio storages answer to "async+memory://", "async+redis://..." and so on."""
    return uri if uri.startswith("async+") else f"async+{uri}"


def storage_options(uri: str, timeout: float) -> dict[str, float | str | bool]:
    options: dict[str, float | str | bool] = {"wrap_exceptions": True}
    if uri.removeprefix("async+").startswith(("redis", "valkey")):
        # redis-py (a dependency already) rather than limits' default coredis client.
        options |= {
            "implementation": "redispy",
            "socket_timeout": timeout,
            "socket_connect_timeout": timeout,
        }
    return options


class VendorRateLimiter:
    def __init__(
        self,
        limit: str,
        storage_uri: str = "memory://",
        key: str = "vendor",
        max_wait: float = 1.0,
        storage_timeout: float = 0.5,
        sleep: Sleep = asyncio.sleep,
        on_storage_failure: StorageFailureListener | None = None,
    ) -> None:
        self.limit = limits.parse(limit)
        uri = async_storage_uri(storage_uri)
        storage = storage_from_string(uri, **storage_options(uri, storage_timeout))
        self._limiter = SlidingWindowCounterRateLimiter(storage)
        self._key = key
        self.max_wait = max_wait
        self.storage_timeout = storage_timeout
        self._sleep = sleep
        self.storage_failures = 0
        self._on_storage_failure = on_storage_failure

    async def acquire(self, deadline: Deadline) -> float:
        """Take one unit of the limit; returns the seconds spent waiting for it."""
        waited = 0.0
        while not await self._bounded(self._limiter.hit(self.limit, self._key), True):
            wait = await self._seconds_until_capacity()
            if wait > min(self.max_wait - waited, deadline.remaining()):
                raise local_rejection(
                    "RATE_LIMITED",
                    "The vendor's rate limit is used up for now; try again shortly.",
                    retry_after=wait,
                    by="rate_limiter",
                )
            await self._sleep(wait)
            waited += wait
        return waited

    async def _seconds_until_capacity(self) -> float:
        stats = await self._bounded(self._limiter.get_window_stats(self.limit, self._key), None)
        if stats is None:
            return MIN_WAIT
        # limits reports the reset as a wall-clock time.
        return max(MIN_WAIT, stats.reset_time - time.time())

    async def _bounded(self, request: Awaitable[T], if_failed: T) -> T:
        try:
            async with asyncio.timeout(self.storage_timeout):
                return await request
        except (TimeoutError, StorageError) as error:
            self.storage_failures += 1
            if self._on_storage_failure is not None:
                cause = error.storage_error if isinstance(error, StorageError) else error
                self._on_storage_failure(type(cause).__name__)
            return if_failed
