"""Settings of the outbound resilience pipeline, read from VENDOR_* environment variables.

The defaults are the integration standard's; the comment above each names where the number
comes from. Combinations that cannot work together are refused at start, all at once.
"""

from __future__ import annotations

import limits
from pydantic import Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from ..constants import VENDOR_RATE_LIMIT
from ..service_settings import ServiceSettings
from .timing import capped_exponential


class ResilienceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VENDOR_")

    # An overall timer per attempt, not an inactivity timeout; Polly v8's standard handler
    # uses 10 s.
    attempt_timeout: float = Field(default=5.0, gt=0)
    # One call across every attempt and wait: Envoy's route timeout is 15 s (Polly: 30 s).
    total_deadline: float = Field(default=15.0, gt=0)
    # 3 attempts, so 2 retries: AWS SDK standard mode and resilience4j; Google SRE: at most 3.
    max_attempts: int = Field(default=3, ge=1)
    # Exponential backoff with full jitter (AWS SDK, Envoy, gRPC A6): base 100 ms, cap 2 s,
    # and base 1 s after the vendor throttled us (429 or 503).
    backoff_base: float = Field(default=0.1, gt=0)
    backoff_cap: float = Field(default=2.0, gt=0)
    backoff_base_after_throttle: float = Field(default=1.0, gt=0)
    # The retry budget, a token bucket (gRPC A6 retry throttling, the AWS retry quota, SRE's
    # "retries under 10%"): a retry costs 1 token, a success returns 0.1, and there are no
    # retries at or below 5 of the 10 tokens.
    retry_budget_tokens: float = Field(default=10.0, gt=0)
    retry_budget_refill_per_success: float = Field(default=0.1, gt=0, le=1)
    retry_budget_min_tokens: float = Field(default=5.0, ge=0)
    # The breaker trips at a failure ratio >= 50% of >= 10 calls in a 30 s window:
    # resilience4j's ratio over Polly's sampling window.
    breaker_failure_ratio: float = Field(default=0.5, gt=0, le=1)
    breaker_minimum_calls: int = Field(default=10, ge=1)
    breaker_window: float = Field(default=30.0, gt=0)
    # Open for 30 s, doubling on repeated trips up to 300 s, +-10% jitter: Envoy's outlier
    # ejection.
    breaker_open: float = Field(default=30.0, gt=0)
    breaker_open_max: float = Field(default=300.0, gt=0)
    breaker_jitter: float = Field(default=0.1, ge=0, lt=1)
    # 25 concurrent vendor calls per replica, then a short wait, then 503: resilience4j's
    # bulkhead (it waits 0 s by default; 100 ms absorbs bursts without queueing).
    bulkhead_max_concurrent: int = Field(default=25, ge=1)
    bulkhead_max_wait: float = Field(default=0.1, ge=0)
    # The vendor's limit for our API key, from the questionnaire ("10/second", "600/minute").
    rate_limit: str = VENDOR_RATE_LIMIT
    # Callers wait up to 1 s for capacity (never past their deadline), then get 429 with
    # Retry-After: it smooths bursts at a per-second limit and leaves the deadline to the vendor.
    rate_limit_max_wait: float = Field(default=1.0, ge=0)
    # A rate-limit storage (Redis) call gives up after this long and the call goes ahead:
    # failing open, as Envoy's global rate limit does by default, since the vendor still
    # enforces its limit with 429s.
    rate_limit_storage_timeout: float = Field(default=0.5, gt=0)

    @field_validator("rate_limit")
    @classmethod
    def _one_parsable_limit(cls, value: str) -> str:
        try:
            parsed = list(limits.parse_many(value))
        except ValueError:
            raise ValueError(
                f"{value!r} is not a rate limit; write '<count>/<unit>', e.g. '10/second'"
            ) from None
        if len(parsed) != 1:
            raise ValueError(f"{value!r} holds {len(parsed)} limits; give exactly one")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ResilienceSettings:
        problems = inconsistencies(self)
        if problems:
            raise ValueError("inconsistent resilience settings: " + "; ".join(problems))
        return self


def inconsistencies(s: ResilienceSettings) -> list[str]:
    """Every combination of values that cannot work together, in words."""
    problems = []
    if s.attempt_timeout > s.total_deadline:
        problems.append(
            f"attempt_timeout ({s.attempt_timeout} s) exceeds total_deadline ({s.total_deadline} s)"
        )
    if s.breaker_window < 2 * s.attempt_timeout:
        problems.append(
            f"breaker_window ({s.breaker_window} s) is shorter than twice attempt_timeout "
            f"({s.attempt_timeout} s), so slow failures leave the window before they count"
        )
    for name, base in (
        ("backoff_base", s.backoff_base),
        ("backoff_base_after_throttle", s.backoff_base_after_throttle),
    ):
        if base > s.backoff_cap:
            problems.append(f"{name} ({base} s) exceeds backoff_cap ({s.backoff_cap} s)")
    longest_backoff = sum(
        capped_exponential(s.backoff_base_after_throttle, s.backoff_cap, retry)
        for retry in range(s.max_attempts - 1)
    )
    if longest_backoff >= s.total_deadline:
        problems.append(
            f"the longest backoff between {s.max_attempts} attempts after throttling "
            f"({longest_backoff:g} s) leaves no time for the attempts within total_deadline "
            f"({s.total_deadline} s)"
        )
    if s.retry_budget_min_tokens >= s.retry_budget_tokens:
        problems.append(
            f"retry_budget_min_tokens ({s.retry_budget_min_tokens}) is not below "
            f"retry_budget_tokens ({s.retry_budget_tokens}), so no call could ever retry"
        )
    if s.breaker_open > s.breaker_open_max:
        problems.append(
            f"breaker_open ({s.breaker_open} s) exceeds breaker_open_max ({s.breaker_open_max} s)"
        )
    if s.bulkhead_max_wait >= s.attempt_timeout:
        problems.append(
            f"bulkhead_max_wait ({s.bulkhead_max_wait} s) is not below attempt_timeout "
            f"({s.attempt_timeout} s), which it is part of"
        )
    if s.rate_limit_max_wait >= s.total_deadline:
        problems.append(
            f"rate_limit_max_wait ({s.rate_limit_max_wait} s) is not below total_deadline "
            f"({s.total_deadline} s), which it is part of"
        )
    return problems
