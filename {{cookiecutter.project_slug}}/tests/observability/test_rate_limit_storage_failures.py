"""A rate-limit storage outage is visible: every failure counts in a metric, and a warning
is logged at most once per interval, with the number of failures since the last one."""

from __future__ import annotations

import structlog

from {{ cookiecutter.__package_name }}.observability import (
    Metrics,
    VendorObserver,
)
from {{ cookiecutter.__package_name }}.observability.vendor import (
    STORAGE_FAILURE_LOG_INTERVAL,
)

EVENT = "vendor rate limit storage failed"


def test_failures_are_counted_each_and_logged_once_per_interval() -> None:
    now = [0.0]
    metrics = Metrics()
    observer = VendorObserver(metrics, clock=lambda: now[0])

    with structlog.testing.capture_logs() as logs:
        for _ in range(5):  # an outage: every call fails its storage request
            observer.on_rate_limit_storage_failure("ConnectionError")
            now[0] += 0.1
        now[0] += STORAGE_FAILURE_LOG_INTERVAL
        observer.on_rate_limit_storage_failure("ConnectionError")

    warnings = [line for line in logs if line["event"] == EVENT]
    assert [line["failures"] for line in warnings] == [1, 5]
    assert {line["log_level"] for line in warnings} == {"warning"}
    assert {line["error_kind"] for line in warnings} == {"ConnectionError"}
    counted = metrics.registry.get_sample_value("vendor_rate_limit_storage_failures_total")
    assert counted == 6
