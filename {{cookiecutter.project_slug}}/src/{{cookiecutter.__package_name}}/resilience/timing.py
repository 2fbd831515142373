"""The clock, sleep and random source each resilience part takes, so tests can inject them.

Tests pass a fake clock whose sleep advances it: freezegun's frozen clock hangs asyncio.sleep.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
"""Seconds from a monotonic source (time.monotonic in production)."""

Sleep = Callable[[float], Awaitable[None]]
"""Waits the given seconds (asyncio.sleep in production)."""

Random = Callable[[], float]
"""A float in [0, 1) (random.random in production)."""


def capped_exponential(base: float, cap: float, exponent: int) -> float:
    """min(cap, base * 2^exponent): the doubling behind backoff waits and breaker open times.

    The exponent's bound only keeps the float finite (a days-long outage, a long retry
    loop); the cap is reached long before.
    """
    return min(cap, base * 2.0 ** min(exponent, 32))
