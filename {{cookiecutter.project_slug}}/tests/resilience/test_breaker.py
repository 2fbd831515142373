from __future__ import annotations

import asyncio

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    ErrorCode,
    ServiceError,
)
from {{ cookiecutter.__package_name }}.resilience.breaker import (
    BreakerState,
    CircuitBreaker,
)
from {{ cookiecutter.__package_name }}.resilience.rejections import (
    local_rejection,
)

from tests.resilience.fakes import FakeClock, FixedRandom


def breaker(clock: FakeClock, random: float = 0.5) -> CircuitBreaker:
    return CircuitBreaker(clock=clock, random=FixedRandom(random))


def state(b: CircuitBreaker) -> BreakerState:
    """The state, read afresh (mypy would narrow `b.state` across calls)."""
    return b.state


def call(b: CircuitBreaker, error: BaseException | None = None) -> None:
    """One synchronous call through the breaker, failing with `error` if given."""
    try:
        with b.guard():
            if error is not None:
                raise error
    except BaseException as raised:
        if raised is not error:
            raise


def fail(b: CircuitBreaker, times: int = 1, code: ErrorCode = "UPSTREAM_UNAVAILABLE") -> None:
    for _ in range(times):
        call(b, ServiceError(code))


def succeed(b: CircuitBreaker, times: int = 1) -> None:
    for _ in range(times):
        call(b)


def trip(b: CircuitBreaker) -> None:
    fail(b, b.minimum_calls)
    assert state(b) == "open"


def test_trips_at_the_failure_ratio_once_enough_calls_were_seen() -> None:
    b = breaker(FakeClock())
    fail(b, 9)
    assert state(b) == "closed"  # 9 of 9 failed, but fewer than 10 calls
    succeed(b)
    assert state(b) == "open"  # 9 of 10


def test_trips_when_the_ratio_reaches_the_threshold_exactly() -> None:
    b = breaker(FakeClock())
    succeed(b, 5)
    fail(b, 4)
    assert state(b) == "closed"
    fail(b)
    assert state(b) == "open"  # 5 of 10


def test_stays_closed_below_the_ratio() -> None:
    b = breaker(FakeClock())
    for _ in range(10):
        succeed(b, 2)
        fail(b)
    assert state(b) == "closed"
    assert (b.recent_calls(), b.recent_failures()) == (30, 10)


def test_failures_leave_the_window() -> None:
    clock = FakeClock()
    b = breaker(clock)
    fail(b, 9)
    clock.advance(30.0)
    fail(b, 1)
    assert state(b) == "closed"
    assert b.recent_failures() == 1


@pytest.mark.parametrize(
    "code",
    ["NOT_FOUND", "UPSTREAM_REJECTED", "UPSTREAM_AUTH_FAILED", "UPSTREAM_CONTRACT_VIOLATION"],
)
def test_vendor_answers_that_are_not_outages_count_as_successes(code: ErrorCode) -> None:
    b = breaker(FakeClock())
    fail(b, 20, code=code)
    assert state(b) == "closed"
    assert (b.recent_calls(), b.recent_failures()) == (20, 0)


def test_rate_limits_own_rejections_and_bugs_count_as_nothing() -> None:
    b = breaker(FakeClock())
    full = local_rejection("UPSTREAM_UNAVAILABLE", "full", retry_after=1, by="bulkhead")
    for error in (ServiceError("RATE_LIMITED"), full, RuntimeError("bug")):
        for _ in range(20):
            call(b, error)
    assert state(b) == "closed"
    assert b.recent_calls() == 0


def test_timeouts_count_as_failures() -> None:
    b = breaker(FakeClock())
    fail(b, 10, code="UPSTREAM_TIMEOUT")
    assert state(b) == "open"


def test_open_fails_fast_with_the_time_until_half_open_and_without_calling() -> None:
    clock = FakeClock()
    b = breaker(clock, random=0.5)  # no jitter at 0.5
    trip(b)
    clock.advance(10.0)
    called = False
    with pytest.raises(ServiceError) as caught, b.guard():
        called = True
    assert not called
    assert caught.value.code == "UPSTREAM_UNAVAILABLE"
    assert caught.value.retry_after == pytest.approx(20.0)
    assert caught.value.log_context["rejected_by"] == "circuit_breaker"


def test_a_successful_probe_closes_and_resets_the_window() -> None:
    clock = FakeClock()
    b = breaker(clock)
    trip(b)
    clock.advance(30.0)
    assert state(b) == "half_open"
    succeed(b)
    assert state(b) == "closed"
    assert b.recent_calls() == 0
    fail(b, 9)
    assert state(b) == "closed"


@pytest.mark.anyio
async def test_half_open_admits_exactly_one_probe_under_concurrency() -> None:
    clock = FakeClock()
    b = breaker(clock)
    trip(b)
    clock.advance(30.0)
    admitted = 0
    release = asyncio.Event()

    async def caller() -> str:
        nonlocal admitted
        try:
            with b.guard():
                admitted += 1
                await release.wait()
        except ServiceError as error:
            return f"rejected after {error.retry_after}"
        return "probe"

    async def scenario() -> list[str]:
        tasks = [asyncio.create_task(caller()) for _ in range(20)]
        await asyncio.sleep(0)
        release.set()
        return await asyncio.gather(*tasks)

    outcomes = await scenario()
    assert admitted == 1
    assert outcomes.count("probe") == 1
    assert outcomes.count("rejected after 1.0") == 19
    assert state(b) == "closed"


def test_a_probe_that_says_nothing_lets_the_next_caller_probe() -> None:
    clock = FakeClock()
    b = breaker(clock)
    trip(b)
    clock.advance(30.0)
    call(b, ServiceError("RATE_LIMITED"))
    assert state(b) == "half_open"
    succeed(b)
    assert state(b) == "closed"


def test_failed_probes_double_the_open_time_up_to_the_maximum() -> None:
    clock = FakeClock()
    b = breaker(clock, random=0.5)
    trip(b)
    open_times = []
    for _ in range(6):
        open_times.append(b.seconds_until_half_open())
        clock.advance(open_times[-1])
        fail(b)  # the probe
    assert open_times == pytest.approx([30.0, 60.0, 120.0, 240.0, 300.0, 300.0])


@pytest.mark.parametrize(("random", "factor"), [(0.0, 0.9), (0.999999, 1.1)])
def test_open_time_jitter_stays_within_ten_percent(random: float, factor: float) -> None:
    b = breaker(FakeClock(), random=random)
    trip(b)
    assert b.seconds_until_half_open() == pytest.approx(30.0 * factor, rel=1e-4)


def test_state_changes_are_reported() -> None:
    clock = FakeClock()
    changes: list[tuple[BreakerState, BreakerState]] = []
    b = CircuitBreaker(clock=clock, on_state_change=lambda old, new: changes.append((old, new)))
    trip(b)
    clock.advance(40.0)
    succeed(b)
    assert changes == [("closed", "open"), ("open", "half_open"), ("half_open", "closed")]


def test_calls_admitted_before_a_trip_do_not_count_afterwards() -> None:
    b = breaker(FakeClock())
    late = b.guard()
    late.__enter__()
    trip(b)
    late.__exit__(None, None, None)
    assert state(b) == "open"
    assert b.recent_calls() == 0


def test_health_names_the_state_and_recent_failures() -> None:
    b = breaker(FakeClock())
    fail(b, 3)
    assert b.health() == {
        "state": "closed",
        "recent_calls": 3,
        "recent_failures": 3,
        "consecutive_trips": 0,
        "seconds_until_half_open": 0.0,
    }
