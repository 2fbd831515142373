"""The edges of the settings' consistency rules: equal values are on the side the rule names."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from {{ cookiecutter.__package_name }}.resilience.settings import (
    ResilienceSettings,
)


def settings(**values: Any) -> ResilienceSettings:
    return ResilienceSettings(_env_file=None, **values)


def test_a_breaker_open_time_equal_to_its_maximum_is_accepted() -> None:
    assert settings(breaker_open=300.0, breaker_open_max=300.0).breaker_open == 300.0


def test_a_throttled_backoff_that_would_take_the_whole_deadline_is_refused() -> None:
    # 1 s + 2 s between three attempts: exactly the 3 s deadline, none left to call.
    values = {
        "backoff_base_after_throttle": 1.0,
        "backoff_cap": 2.0,
        "max_attempts": 3,
        "total_deadline": 3.0,
        "attempt_timeout": 1.0,
        "rate_limit_max_wait": 1.0,
    }
    with pytest.raises(ValidationError, match="leaves no time for the attempts"):
        settings(**values)
    assert settings(**{**values, "total_deadline": 3.5}).total_deadline == 3.5


def test_a_refused_setting_is_named_as_it_is_configured() -> None:
    name = "backoff_base_after_throttle"
    assert name in ResilienceSettings.model_fields
    with pytest.raises(ValidationError, match=rf"{name} \(3.0 s\) exceeds backoff_cap"):
        settings(**{name: 3.0})
