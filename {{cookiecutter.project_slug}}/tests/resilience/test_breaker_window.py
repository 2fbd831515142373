"""The breaker's sliding window counted against a plain list of outcomes, and the numbers
the breaker reports while open (what /healthz/vendor and Retry-After show)."""

from __future__ import annotations

import random

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.resilience.breaker import (
    WINDOW_BUCKETS,
    CircuitBreaker,
    OutcomeWindow,
)

from tests.resilience.fakes import FakeClock, FixedRandom

WINDOW = 30.0
WIDTH = WINDOW / WINDOW_BUCKETS  # one bucket's seconds


def expected_counts(outcomes: list[tuple[float, bool]], now: float) -> tuple[int, int]:
    """Calls and failures whose bucket is one of the last WINDOW_BUCKETS at `now`."""
    kept = [failed for at, failed in outcomes if now // WIDTH - at // WIDTH < WINDOW_BUCKETS]
    return len(kept), sum(kept)


@pytest.mark.parametrize("seed", range(8))
def test_the_window_counts_exactly_the_outcomes_of_its_last_buckets(seed: int) -> None:
    draw = random.Random(seed)  # noqa: S311 (reproducible test data)
    window = OutcomeWindow(WINDOW)
    outcomes: list[tuple[float, bool]] = []
    now = draw.choice([0.0, 0.5, 1000.0])
    for _ in range(300):
        # Steps within a bucket, across a few buckets, to the window's edge and past it.
        now += draw.choice([0.0, 0.25, 1.0, 2.5, 7.0, 29.0, 30.0, 31.0, 45.0])
        if draw.random() < 0.2:
            assert window.counts(now) == expected_counts(outcomes, now)
            continue
        failed = draw.random() < 0.5
        outcomes.append((now, failed))
        assert window.add(now, failed) == expected_counts(outcomes, now)


def test_outcomes_leave_the_window_one_bucket_at_a_time() -> None:
    window = OutcomeWindow(WINDOW)
    for second in range(5):
        window.add(second + 0.5, failed=second % 2 == 0)  # fails at 0, 2, 4

    assert window.counts(30.5) == (4, 2)  # the bucket of second 0 has left
    assert window.counts(31.5) == (3, 2)
    assert window.counts(32.5) == (2, 1)
    assert window.counts(33.5) == (1, 1)
    assert window.counts(34.5) == (0, 0)


def tripped(clock: FakeClock) -> CircuitBreaker:
    return trip(CircuitBreaker(clock=clock, random=FixedRandom(0.5)))  # 0.5: no jitter


def trip(b: CircuitBreaker) -> CircuitBreaker:
    for _ in range(b.minimum_calls):
        try:
            with b.guard():
                raise ServiceError("UPSTREAM_UNAVAILABLE")
        except ServiceError:
            pass
    assert b.state == "open"
    return b


def test_the_time_until_half_open_counts_down_to_zero_exactly() -> None:
    clock = FakeClock()
    b = tripped(clock)

    clock.advance(29.5)
    assert b.seconds_until_half_open() == pytest.approx(0.5)
    clock.advance(0.5)
    assert b.seconds_until_half_open() == 0.0


def test_health_reports_the_time_until_half_open_in_milliseconds() -> None:
    clock = FakeClock()
    b = tripped(clock)
    clock.advance(29.12345)

    assert b.health()["seconds_until_half_open"] == 0.877


def test_a_successful_probe_resets_the_trip_count_so_the_next_trip_is_short_again() -> None:
    clock = FakeClock()
    b = tripped(clock)
    clock.advance(30.0)
    with b.guard():  # the probe succeeds
        pass
    assert b.health()["consecutive_trips"] == 0

    trip(b)
    assert b.health()["consecutive_trips"] == 1
    assert b.seconds_until_half_open() == pytest.approx(30.0)  # not doubled


def test_the_open_breaker_tells_callers_why_in_its_own_words() -> None:
    clock = FakeClock()
    b = tripped(clock)

    with pytest.raises(ServiceError) as caught, b.guard():
        pass

    error = caught.value
    assert error.detail
    assert error.detail != error.spec.explanation
