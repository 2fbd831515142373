"""Errors the pipeline raises itself, without the vendor being asked.

They use the vendor failures' catalog codes, since callers act on them the same way (wait,
then retry), and mark themselves in `log_context` so the breaker and the retry loop can tell
them apart: a full bulkhead or an open breaker says nothing new about the vendor's health,
and retrying one at once only queues more work.
"""

from __future__ import annotations

from ..errors import ServiceError

REJECTED_BY = "rejected_by"


def local_rejection(code: str, detail: str, retry_after: float, by: str) -> ServiceError:
    return ServiceError(code, detail, retry_after=retry_after, log_context={REJECTED_BY: by})


def is_local_rejection(error: ServiceError) -> bool:
    return REJECTED_BY in error.log_context
