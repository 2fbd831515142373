"""Errors the pipeline raises itself, without the vendor being asked.

They use the vendor failures' catalog codes, since callers act on them the same way (wait,
then retry), and name the refusing layer in the typed `rejected_by` field, so the breaker
and the retry loop can tell them apart: a full bulkhead or an open breaker says nothing new about the vendor's health,
and retrying one at once only queues more work.
"""

from __future__ import annotations

from ..errors import ErrorCode, RejectingLayer, ServiceError


def local_rejection(
    code: ErrorCode, detail: str, retry_after: float, by: RejectingLayer
) -> ServiceError:
    return ServiceError(code, detail, retry_after=retry_after, rejected_by=by)


def is_local_rejection(error: ServiceError) -> bool:
    return error.rejected_by is not None
