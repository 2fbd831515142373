"""The retry budget: under sustained failure, retries add at most about 10% more load.

A token bucket as in gRPC's retry throttling (A6) and the AWS SDK's retry quota: a retry
costs one token, a vendor answer that needs no retry returns a tenth of one, and nobody
retries while the bucket is at or below its floor. With the defaults (10 tokens, floor 5,
+0.1) a failing vendor gets 5 retries, then one per 10 answers: SRE's "retries < 10%".
"""

from __future__ import annotations


class RetryBudget:
    """Shared by every call of one replica (budgets stay per replica, like breakers)."""

    def __init__(
        self, tokens: float = 10.0, refill_per_success: float = 0.1, min_tokens: float = 5.0
    ) -> None:
        self.capacity = tokens
        self.refill_per_success = refill_per_success
        self.min_tokens = min_tokens
        self._tokens = tokens

    @property
    def tokens(self) -> float:
        return self._tokens

    def can_retry(self) -> bool:
        return self._tokens > self.min_tokens

    def spend(self) -> None:
        self._tokens = _rounded(max(0.0, self._tokens - 1))

    def record_success(self) -> None:
        self._tokens = _rounded(min(self.capacity, self._tokens + self.refill_per_success))


def _rounded(tokens: float) -> float:
    # Ten refills of 0.1 must make exactly one token, not 0.9999999999999999.
    return round(tokens, 9)
