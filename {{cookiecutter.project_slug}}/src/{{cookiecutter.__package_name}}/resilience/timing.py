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
