"""Vendor call reports from the pipeline, and what the observer makes of them."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.observability import (
    LoggingSetup,
    Metrics,
    Redactor,
    VendorObserver,
)
from {{ cookiecutter.__package_name }}.resilience import (
    CallReport,
    ResilienceSettings,
    build_pipeline,
)

from tests.observability.harness import (
    events,
    log_lines,
)

FAST = {
    "rate_limit": "1000/second",
    "backoff_base": 0.001,
    "backoff_cap": 0.001,
    "backoff_base_after_throttle": 0.001,
}


async def reports_of(calls: int = 1, concurrent: bool = False, **settings: Any) -> list[CallReport]:
    """Reports of `calls` calls to a vendor that fails with UPSTREAM_UNAVAILABLE each time."""
    reports: list[CallReport] = []

    async def failing(timeout: float) -> None:
        await asyncio.sleep(0.02)
        raise ServiceError("UPSTREAM_UNAVAILABLE")

    values = {**FAST, **settings}
    pipeline = build_pipeline(
        ResilienceSettings(_env_file=None, **values), "memory://", on_call=reports.append
    )
    runs = [pipeline.run("get", failing, idempotent=True) for _ in range(calls)]
    if concurrent:
        await asyncio.gather(*runs, return_exceptions=True)
        return reports
    for one in runs:
        with contextlib.suppress(ServiceError):
            await one
    return reports


@pytest.mark.anyio
async def test_reports_say_which_layer_refused_a_call() -> None:
    rate_limited = await reports_of(2, rate_limit="1/minute", rate_limit_max_wait=0, max_attempts=1)
    bulkhead = await reports_of(
        2, concurrent=True, bulkhead_max_concurrent=1, bulkhead_max_wait=0.001, max_attempts=1
    )

    assert [report.rejected_by for report in rate_limited] == [None, "rate_limiter"]
    assert sorted(str(report.rejected_by) for report in bulkhead) == ["None", "bulkhead"]


@pytest.mark.anyio
async def test_reports_say_when_the_retry_budget_stopped_a_retry() -> None:
    (generous,) = await reports_of()
    (exhausted,) = await reports_of(retry_budget_tokens=6, retry_budget_min_tokens=5)

    assert (generous.attempts, generous.retry_budget_exhausted) == (3, False)
    assert (exhausted.attempts, exhausted.retry_budget_exhausted) == (2, True)


def test_observer_counts_rejections_and_waits_and_logs_events(
    capsys: pytest.CaptureFixture[str],
) -> None:
    LoggingSetup("debug", development=False, redactor=Redactor()).apply()
    metrics = Metrics()
    observer = VendorObserver(metrics)
    capsys.readouterr()

    observer.on_call(CallReport("get", 1, 0.3, None, rate_limit_wait=0.2))
    observer.on_call(CallReport("get", 0, 0.0, "RATE_LIMITED", rejected_by="rate_limiter"))
    observer.on_call(CallReport("get", 1, 0.1, "UPSTREAM_UNAVAILABLE", rejected_by="bulkhead"))
    observer.on_call(CallReport("list", 2, 0.5, "UPSTREAM_TIMEOUT", retry_budget_exhausted=True))
    observer.on_breaker_state_change("closed", "open")
    observer.on_breaker_state_change("open", "half_open")

    sample = metrics.registry.get_sample_value
    assert sample("vendor_rate_limit_waits_total") == 1
    assert sample("vendor_rate_limit_rejections_total") == 1
    assert sample("vendor_bulkhead_rejections_total") == 1
    assert sample("vendor_retries_total", {"operation": "list"}) == 1
    assert sample("vendor_calls_total", {"operation": "get", "outcome": "RATE_LIMITED"}) == 1
    assert sample("vendor_breaker_state") == 1
    lines = log_lines(capsys.readouterr().err)
    assert [line["wait_ms"] for line in events(lines, "vendor rate limit wait")] == [200.0]
    assert [line["operation"] for line in events(lines, "vendor retry budget exhausted")] == [
        "list"
    ]
    changes = events(lines, "vendor breaker state changed")
    assert [(line["old_state"], line["new_state"]) for line in changes] == [
        ("closed", "open"),
        ("open", "half_open"),
    ]
