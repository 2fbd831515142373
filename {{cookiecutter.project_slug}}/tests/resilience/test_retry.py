from __future__ import annotations

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    ErrorCode,
    ServiceError,
)
from {{ cookiecutter.__package_name }}.resilience.budget import (
    RetryBudget,
)
from {{ cookiecutter.__package_name }}.resilience.deadline import (
    Deadline,
)
from {{ cookiecutter.__package_name }}.resilience.rejections import (
    local_rejection,
)
from {{ cookiecutter.__package_name }}.resilience.retry import (
    Backoff,
    Retrier,
    is_retryable,
)

from tests.resilience.fakes import FakeClock, FixedRandom


def vendor_error(
    code: ErrorCode, status: int = 0, retry_after: float | None = None
) -> ServiceError:
    return ServiceError(
        code, "from the vendor", retry_after=retry_after, vendor_status=status or None
    )


class Vendor:
    """Fails with the given errors in turn, then answers "ok"."""

    def __init__(self, *errors: ServiceError) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "ok"


async def run(
    vendor: Vendor,
    idempotent: bool = True,
    budget: RetryBudget | None = None,
    random: float = 0.5,
    deadline: float = 15.0,
) -> tuple[str | ServiceError, FakeClock]:
    clock = FakeClock()
    retrier = Retrier(3, Backoff(random=FixedRandom(random)), budget, clock.sleep)

    async def call() -> str:
        return await retrier.call(vendor, idempotent, Deadline(deadline, clock))

    try:
        return await call(), clock
    except ServiceError as error:
        return error, clock


@pytest.mark.parametrize(
    ("code", "retryable"),
    [
        ("UPSTREAM_TIMEOUT", True),
        ("UPSTREAM_UNAVAILABLE", True),
        ("RATE_LIMITED", True),
        ("UPSTREAM_REJECTED", False),
        ("UPSTREAM_AUTH_FAILED", False),
        ("UPSTREAM_CONTRACT_VIOLATION", False),
        ("NOT_FOUND", False),
        ("CONFLICT", False),
    ],
)
def test_which_codes_are_retried(code: ErrorCode, retryable: bool) -> None:
    assert is_retryable(vendor_error(code), idempotent=True) is retryable


@pytest.mark.anyio
async def test_calls_that_are_not_idempotent_are_never_retried() -> None:
    assert not is_retryable(vendor_error("UPSTREAM_TIMEOUT"), idempotent=False)
    vendor = Vendor(vendor_error("UPSTREAM_TIMEOUT"))
    outcome, _ = await run(vendor, idempotent=False)
    assert isinstance(outcome, ServiceError)
    assert vendor.calls == 1


def test_the_pipelines_own_rejections_and_other_errors_are_not_retried() -> None:
    full = local_rejection("UPSTREAM_UNAVAILABLE", "full", retry_after=1, by="bulkhead")
    assert not is_retryable(full, idempotent=True)
    assert not is_retryable(RuntimeError("bug"), idempotent=True)


@pytest.mark.anyio
async def test_a_transient_failure_is_retried_after_a_full_jitter_backoff() -> None:
    vendor = Vendor(vendor_error("UPSTREAM_TIMEOUT"), vendor_error("UPSTREAM_UNAVAILABLE", 502))
    outcome, clock = await run(vendor, random=0.5)
    assert outcome == "ok"
    assert vendor.calls == 3
    # Half of min(cap, 0.1 * 2^n) with the random source fixed at 0.5.
    assert clock.sleeps == pytest.approx([0.05, 0.1])


@pytest.mark.anyio
async def test_attempts_stop_at_the_maximum_with_the_last_error() -> None:
    vendor = Vendor(*(vendor_error("UPSTREAM_TIMEOUT") for _ in range(5)))
    outcome, clock = await run(vendor)
    assert isinstance(outcome, ServiceError)
    assert outcome.code == "UPSTREAM_TIMEOUT"
    assert vendor.calls == 3
    assert len(clock.sleeps) == 2


@pytest.mark.parametrize("random", [0.0, 0.999])
@pytest.mark.parametrize("failed_attempts", [1, 2, 3, 8])
def test_backoff_stays_within_zero_and_the_capped_exponential(
    random: float, failed_attempts: int
) -> None:
    backoff = Backoff(base=0.1, cap=2.0, base_after_throttle=1.0, random=FixedRandom(random))
    ceiling = min(2.0, 0.1 * 2 ** (failed_attempts - 1))
    delay = backoff.delay(vendor_error("UPSTREAM_TIMEOUT"), failed_attempts)
    assert 0.0 <= delay < ceiling


@pytest.mark.parametrize(("code", "status"), [("RATE_LIMITED", 429), ("UPSTREAM_UNAVAILABLE", 503)])
def test_backoff_starts_at_one_second_after_the_vendor_throttled(
    code: ErrorCode, status: int
) -> None:
    backoff = Backoff(random=FixedRandom(0.5))
    assert backoff.delay(vendor_error(code, status), 1) == pytest.approx(0.5)
    assert backoff.delay(vendor_error(code, status), 2) == pytest.approx(1.0)
    assert backoff.delay(vendor_error(code, status), 3) == pytest.approx(1.0)  # capped at 2 s


@pytest.mark.anyio
async def test_retry_after_that_fits_the_deadline_is_honoured() -> None:
    vendor = Vendor(vendor_error("RATE_LIMITED", 429, retry_after=3))
    outcome, clock = await run(vendor, deadline=15.0)
    assert outcome == "ok"
    assert clock.sleeps == [3]


@pytest.mark.anyio
async def test_retry_after_beyond_the_deadline_fails_at_once_and_is_passed_on() -> None:
    vendor = Vendor(vendor_error("RATE_LIMITED", 429, retry_after=60))
    outcome, clock = await run(vendor, deadline=15.0)
    assert isinstance(outcome, ServiceError)
    assert outcome.code == "RATE_LIMITED"
    assert outcome.retry_after == 60
    assert vendor.calls == 1
    assert clock.sleeps == []


@pytest.mark.anyio
async def test_a_backoff_that_does_not_fit_the_remaining_deadline_ends_the_call() -> None:
    vendor = Vendor(vendor_error("UPSTREAM_UNAVAILABLE", 503))
    outcome, _ = await run(vendor, deadline=0.4)  # the throttled backoff would be 0.5 s
    assert isinstance(outcome, ServiceError)
    assert vendor.calls == 1


@pytest.mark.anyio
async def test_an_exhausted_budget_stops_retries() -> None:
    budget = RetryBudget(tokens=10, refill_per_success=0.1, min_tokens=5)
    for _ in range(5):
        budget.spend()
    assert not budget.can_retry()
    vendor = Vendor(vendor_error("UPSTREAM_TIMEOUT"))
    outcome, _ = await run(vendor, budget=budget)
    assert isinstance(outcome, ServiceError)
    assert vendor.calls == 1


@pytest.mark.anyio
async def test_sustained_failure_gets_five_retries_then_one_per_ten_answers() -> None:
    budget = RetryBudget()
    retries = 0
    for _ in range(10):
        vendor = Vendor(*(vendor_error("UPSTREAM_TIMEOUT") for _ in range(5)))
        await run(vendor, budget=budget)
        retries += vendor.calls - 1
    assert retries == 5
    assert budget.tokens == 5.0

    for _ in range(10):
        await run(Vendor(), budget=budget)
    assert budget.tokens == 6.0
    assert budget.can_retry()


@pytest.mark.anyio
async def test_answers_that_need_no_retry_refill_the_budget_but_not_above_capacity() -> None:
    budget = RetryBudget(tokens=10)
    budget.spend()
    await run(Vendor(vendor_error("NOT_FOUND")), budget=budget)
    assert budget.tokens == 9.1
    for _ in range(20):
        budget.record_success()
    assert budget.tokens == 10.0
