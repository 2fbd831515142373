"""Each kind of vendor answer, as the caller and the logs see it.

The caller gets a catalog code and a `detail` of this service's own that says what the
vendor did (never the vendor's words); the logs get the vendor's error type. The answers
come from the sandbox vendor where it gives them, so the mapping is checked against a
real vendor's wire format, not against a copy of its strings.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from {{ cookiecutter.__package_name }}.errors import (
    CATALOG,
)
from {{ cookiecutter.__package_name }}.upstream.errors import (
    error_for_status,
    error_for_transport,
    vendor_error_type,
)

from tests.sandbox.harness import start_sandbox
from tests.support.records import VENDOR_NEW_RECORD, vendor_create
from tests.unit.test_errors import vendor_response

VENDOR_WORDS = "the vendor's own words, which may hold personal data"


def typed_body(kind: object) -> bytes:
    return json.dumps({"error": {"type": kind, "message": VENDOR_WORDS}}).encode()


@pytest.mark.parametrize(
    "status", [300, 302, 399, 400, 401, 403, 404, 408, 409, 418, 422, 429, 500, 503]
)
def test_every_vendor_answer_gets_a_detail_of_its_own_and_logs_the_vendor_error_type(
    status: int,
) -> None:
    error = error_for_status(vendor_response(status), typed_body("quota_exceeded"))

    # What this vendor answer means, more precisely than the code's general explanation.
    assert error.detail
    assert error.detail != CATALOG[error.code].explanation
    assert VENDOR_WORDS not in error.detail
    assert "quota_exceeded" in error.log_context.values()


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (300, "UPSTREAM_CONTRACT_VIOLATION"),
        (399, "UPSTREAM_CONTRACT_VIOLATION"),
        (408, "UPSTREAM_UNAVAILABLE"),
    ],
)
def test_the_edges_of_the_status_ranges(status: int, code: str) -> None:
    assert error_for_status(vendor_response(status), b"").code == code


def test_a_status_without_a_code_of_its_own_is_named_in_the_detail() -> None:
    error = error_for_status(vendor_response(418), b"")

    assert (error.code, error.vendor_status) == ("UPSTREAM_REJECTED", 418)
    assert "418" in error.detail


def mistyped(body: dict[str, Any]) -> dict[str, Any]:
    """The body with every value replaced by one of another JSON type."""
    return {name: "text" if isinstance(value, int | float) else 5 for name, value in body.items()}


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("slow"), httpx.ConnectError("refused"), httpx.RemoteProtocolError("reset")],
)
def test_transport_failures_get_a_detail_of_their_own_and_log_the_failure_kind(
    failure: httpx.HTTPError,
) -> None:
    error = error_for_transport(failure)

    assert error.detail
    assert error.detail != CATALOG[error.code].explanation
    assert type(failure).__name__ in error.log_context.values()


def test_the_sandbox_vendors_answer_to_a_reused_idempotency_key_is_idempotency_key_reused() -> None:
    sandbox = start_sandbox()
    headers = {"Idempotency-Key": "key-1"}
    sandbox.client.post("/contacts", **vendor_create(VENDOR_NEW_RECORD), headers=headers)
    # The vendor compares the key's first body with this one before it reads either.
    reused = sandbox.client.post("/contacts", json={"another": "body"}, headers=headers)

    error = error_for_status(reused, reused.content)

    assert (error.code, error.vendor_status) == ("IDEMPOTENCY_KEY_REUSED", 422)
    assert vendor_error_type(reused.content) in error.log_context.values()


def test_the_sandbox_vendors_other_rejections_stay_upstream_rejected() -> None:
    sandbox = start_sandbox()
    invalid = sandbox.client.post("/contacts", json=mistyped(VENDOR_NEW_RECORD))

    error = error_for_status(invalid, invalid.content)

    assert invalid.status_code == 422
    kind = vendor_error_type(invalid.content)
    assert error.code == "UPSTREAM_REJECTED"
    assert kind is not None
    assert kind in error.log_context.values()
    assert kind not in error.detail  # not even its error type reaches the caller


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (typed_body("invalid_email"), "invalid_email"),
        (json.dumps({"error": "rate_limited"}).encode(), "rate_limited"),
        (typed_body("a" * 64), "a" * 64),
        (typed_body("a" * 65), None),
        (typed_body("not safe <script>"), None),
        (typed_body(123), None),
        (json.dumps({"error": {}}).encode(), None),
        (json.dumps([{"error": "listed"}]).encode(), None),
        (b"not json", None),
        (b"\xff\xfe", None),
        (b"[" * 100_000, None),  # deeper than Python's stack: RecursionError, not ValueError
    ],
)
def test_only_a_short_machine_readable_error_type_is_taken_from_a_vendor_body(
    body: bytes, kind: str | None
) -> None:
    assert vendor_error_type(body) == kind
