"""Injected time for the resilience tests: a clock that moves only when told to."""

from __future__ import annotations

import asyncio


class FakeClock:
    """Monotonic seconds; `sleep` records the wait and moves the clock instead of waiting."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class FixedRandom:
    """A random source that always draws the same value in [0, 1)."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __call__(self) -> float:
        return self.value
