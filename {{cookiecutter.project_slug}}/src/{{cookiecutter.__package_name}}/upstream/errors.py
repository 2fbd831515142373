"""Vendor answers and transport failures -> catalog errors.

The caller never sees a vendor body: `detail` is ours, and what the vendor said goes to the
logs through `log_context` (its error type only, never the raw body).
"""

from __future__ import annotations

import json
from dataclasses import replace

import httpx

from ..errors import ServiceError
from ..idempotency import key_reused
from .contract import UNREADABLE_JSON

AUTH_STATUSES = frozenset({401, 403})
REJECTED_STATUSES = frozenset({400, 422})
# Every other 5xx is the vendor failing (CDNs' 520-530 and 599 among them, and they count
# against the breaker); these two say the request itself cannot work.
PERMANENT_SERVER_STATUSES = frozenset({501, 505})
# A vendor's Retry-After is passed on to the caller, capped at a day.
MAX_RETRY_AFTER_SECONDS = 24 * 3600


def error_for_status(response: httpx.Response, body: bytes) -> ServiceError:
    """The catalog error for a vendor answer that is not a 2xx, carrying the vendor's status
    in its typed `vendor_status` field (the retry loop decides on it)."""
    return replace(catalog_error_for(response, body), vendor_status=response.status_code)


def catalog_error_for(response: httpx.Response, body: bytes) -> ServiceError:
    status = response.status_code
    vendor_error = vendor_error_type(body)
    context: dict[str, object] = {"vendor_error": vendor_error}
    if status == 404:
        return ServiceError(
            "NOT_FOUND", "The record does not exist at the vendor.", log_context=context
        )
    if status in AUTH_STATUSES:
        return ServiceError(
            "UPSTREAM_AUTH_FAILED",
            "The vendor refused this service's credentials.",
            log_context=context,
        )
    if status == 409:
        return ServiceError(
            "CONFLICT", "The vendor reports a conflict with existing data.", log_context=context
        )
    if status == 429:
        return ServiceError(
            "RATE_LIMITED",
            "The vendor is throttling requests.",
            retry_after=retry_after_seconds(response),
            log_context=context,
        )
    if status == 422 and vendor_error == "idempotency_key_reused":
        return key_reused(log_context=context)
    if status in REJECTED_STATUSES:
        # Not even the vendor's error type: a hostile vendor could echo a credential there.
        return ServiceError(
            "UPSTREAM_REJECTED", "The vendor rejected the request.", log_context=context
        )
    if (500 <= status < 600 and status not in PERMANENT_SERVER_STATUSES) or status == 408:
        return ServiceError(
            "UPSTREAM_UNAVAILABLE",
            "The vendor is failing right now.",
            retry_after=retry_after_seconds(response),
            log_context=context,
        )
    if 300 <= status < 400:
        return ServiceError(
            "UPSTREAM_CONTRACT_VIOLATION",
            "The vendor answered with a redirect, which this service does not follow.",
            log_context=context,
        )
    return ServiceError(
        "UPSTREAM_REJECTED", f"The vendor answered with status {status}.", log_context=context
    )


def error_for_transport(error: httpx.HTTPError) -> ServiceError:
    context: dict[str, object] = {"transport_error": type(error).__name__}
    if isinstance(error, httpx.TimeoutException):
        return ServiceError(
            "UPSTREAM_TIMEOUT", "The vendor did not answer in time.", log_context=context
        )
    return ServiceError(
        "UPSTREAM_UNAVAILABLE", "The vendor could not be reached.", log_context=context
    )


def vendor_error_type(body: bytes) -> str | None:
    """The vendor's machine-readable error type, if the body has a safe one."""
    try:
        payload = json.loads(body)
    except UNREADABLE_JSON:
        return None
    error = payload.get("error") if isinstance(payload, dict) else None
    kind = error.get("type") if isinstance(error, dict) else error
    if isinstance(kind, str) and kind.replace("_", "").isalnum() and len(kind) <= 64:
        return kind
    return None


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Retry-After in seconds (delta-seconds form only, at most MAX_RETRY_AFTER_SECONDS;
    dates are ignored)."""
    value = response.headers.get("Retry-After", "").strip()
    # isascii: str.isdigit() also takes digits float() refuses, such as "²".
    if not (value.isascii() and value.isdigit()):
        return None
    # A long one is read no further: int() refuses thousands of digits.
    digits = value.lstrip("0") or "0"
    seconds = int(digits) if len(digits) <= 9 else MAX_RETRY_AFTER_SECONDS
    return float(min(seconds, MAX_RETRY_AFTER_SECONDS))
