from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from {{ cookiecutter.__package_name }}.resilience.settings import (
    ResilienceSettings,
)


def settings(**values: Any) -> ResilienceSettings:
    return ResilienceSettings(_env_file=None, **{"rate_limit": "10/second", **values})


def test_defaults_are_the_standard_ones() -> None:
    s = settings()
    assert (s.attempt_timeout, s.total_deadline, s.max_attempts) == (5.0, 15.0, 3)
    assert (s.backoff_base, s.backoff_cap, s.backoff_base_after_throttle) == (0.1, 2.0, 1.0)
    assert (s.retry_budget_tokens, s.retry_budget_refill_per_success) == (10.0, 0.1)
    assert s.retry_budget_min_tokens == 5.0
    assert (s.breaker_failure_ratio, s.breaker_minimum_calls, s.breaker_window) == (0.5, 10, 30.0)
    assert (s.breaker_open, s.breaker_open_max, s.breaker_jitter) == (30.0, 300.0, 0.1)
    assert (s.bulkhead_max_concurrent, s.bulkhead_max_wait) == (25, 0.1)
    assert s.rate_limit_max_wait == 1.0


def test_values_come_from_vendor_prefixed_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDOR_ATTEMPT_TIMEOUT", "2.5")
    monkeypatch.setenv("VENDOR_RATE_LIMIT", "600/minute")
    s = ResilienceSettings(_env_file=None)
    assert s.attempt_timeout == 2.5
    assert s.rate_limit == "600/minute"


@pytest.mark.parametrize("limit", ["fast", "10/fortnight", "10/second;100/minute"])
def test_the_rate_limit_must_be_one_limit(limit: str) -> None:
    with pytest.raises(ValidationError, match="rate_limit"):
        settings(rate_limit=limit)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"attempt_timeout": 20.0}, r"attempt_timeout \(20.0 s\) exceeds total_deadline"),
        ({"breaker_window": 9.0}, "breaker_window .* shorter than twice attempt_timeout"),
        ({"backoff_base": 3.0}, r"backoff_base \(3.0 s\) exceeds backoff_cap"),
        (
            {"max_attempts": 9, "backoff_base_after_throttle": 2.0},
            r"longest backoff between 9 attempts after throttling \(16 s\)",
        ),
        ({"retry_budget_min_tokens": 10.0}, "no call could ever retry"),
        ({"breaker_open": 400.0}, "breaker_open .* exceeds breaker_open_max"),
        ({"bulkhead_max_wait": 5.0}, "bulkhead_max_wait .* not below attempt_timeout"),
        ({"rate_limit_max_wait": 15.0}, "rate_limit_max_wait .* not below total_deadline"),
    ],
)
def test_inconsistent_combinations_are_refused(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        settings(**values)


def test_every_inconsistency_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        settings(attempt_timeout=20.0, breaker_open=400.0)
    text = str(caught.value)
    assert "exceeds total_deadline" in text
    assert "exceeds breaker_open_max" in text


@pytest.mark.parametrize(
    "values",
    [
        {"breaker_failure_ratio": 0.0},
        {"breaker_failure_ratio": 1.5},
        {"retry_budget_refill_per_success": 0.0},
        {"breaker_jitter": 1.0},
        {"max_attempts": 0},
    ],
)
def test_out_of_range_values_are_refused(values: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match=next(iter(values))):
        settings(**values)


def test_attempts_may_add_up_past_the_deadline_which_then_trims_them() -> None:
    assert settings(max_attempts=5, attempt_timeout=5.0).max_attempts == 5
