"""A cap on concurrent vendor calls, so a slow vendor cannot take every worker with it.

resilience4j's semaphore bulkhead: 25 calls per replica, callers beyond that wait briefly,
then get a 503 (UPSTREAM_UNAVAILABLE) with Retry-After, without the vendor being asked.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from .rejections import local_rejection

# A slot frees within one attempt; a second is a fair guess for a caller to come back.
FULL_RETRY_AFTER = 1.0


class Bulkhead:
    def __init__(self, max_concurrent: int = 25, max_wait: float = 0.1) -> None:
        self.max_concurrent = max_concurrent
        self.max_wait = max_wait
        self._slots = asyncio.Semaphore(max_concurrent)
        self._in_use = 0

    @property
    def in_use(self) -> int:
        return self._in_use

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        try:
            if self._slots.locked():
                async with asyncio.timeout(self.max_wait):
                    await self._slots.acquire()
            else:  # a free slot is taken without waiting: no timer needed
                await self._slots.acquire()
        except TimeoutError:
            raise local_rejection(
                "UPSTREAM_UNAVAILABLE",
                "This service is at its capacity for vendor calls; try again shortly.",
                retry_after=FULL_RETRY_AFTER,
                by="bulkhead",
            ) from None
        self._in_use += 1
        try:
            yield
        finally:
            self._in_use -= 1
            self._slots.release()
