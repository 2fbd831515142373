"""The catalog, the vendor-error mapping and problem+json rendering."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from {{ cookiecutter.__package_name }}.api.problems import (
    problem_response,
)
from {{ cookiecutter.__package_name }}.errors import (
    CATALOG,
    FieldError,
    ServiceError,
)
from {{ cookiecutter.__package_name }}.request_context import (
    current_request_id,
)
from {{ cookiecutter.__package_name }}.upstream.errors import (
    error_for_status,
    error_for_transport,
)


def vendor_response(
    status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> httpx.Response:
    request = httpx.Request("GET", "https://vendor.test/records/1")
    return httpx.Response(status, content=body, headers=headers, request=request)


def test_catalog_codes_are_stable_upper_snake_with_complete_entries() -> None:
    for code, spec in CATALOG.items():
        assert re.fullmatch(r"[A-Z]+(_[A-Z]+)*", code)
        assert 400 <= spec.status <= 599
        assert spec.title and spec.explanation and spec.causes and spec.checks


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (404, "NOT_FOUND"),
        (401, "UPSTREAM_AUTH_FAILED"),
        (403, "UPSTREAM_AUTH_FAILED"),
        (409, "CONFLICT"),
        (400, "UPSTREAM_REJECTED"),
        (422, "UPSTREAM_REJECTED"),
        (429, "RATE_LIMITED"),
        (500, "UPSTREAM_UNAVAILABLE"),
        (502, "UPSTREAM_UNAVAILABLE"),
        (503, "UPSTREAM_UNAVAILABLE"),
        (504, "UPSTREAM_UNAVAILABLE"),
        (302, "UPSTREAM_CONTRACT_VIOLATION"),
        (418, "UPSTREAM_REJECTED"),
        # Every 5xx is the vendor failing (a CDN's 520-530, 599), but these two.
        (520, "UPSTREAM_UNAVAILABLE"),
        (599, "UPSTREAM_UNAVAILABLE"),
        (501, "UPSTREAM_REJECTED"),
        (505, "UPSTREAM_REJECTED"),
    ],
)
def test_vendor_statuses_map_to_catalog_codes(status: int, code: str) -> None:
    assert error_for_status(vendor_response(status), b"").code == code


def test_a_vendor_rejection_tells_the_caller_nothing_the_vendor_wrote() -> None:
    # A hostile vendor can echo the credential it received as its "error type".
    echoed = "sk_live_4f9aXk2Qm7RzT8wLp3Vb"
    body = json.dumps({"error": {"type": echoed, "message": "secret-ish detail"}}).encode()

    for status in (400, 422):
        error = error_for_status(vendor_response(status), body)

        assert error.code == "UPSTREAM_REJECTED"
        assert echoed not in error.detail
        assert "secret-ish" not in error.detail
        # The logs keep it, redacted there when it is a configured secret.
        assert error.log_context["vendor_error"] == echoed


def test_retry_after_from_the_vendor_is_passed_on() -> None:
    error = error_for_status(vendor_response(429, headers={"Retry-After": "7"}), b"")

    assert error.retry_after == 7


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("0", 0),
        ("86400", 86400),
        ("86401", 86400),  # capped at a day
        ("0000000005", 5),  # leading zeros are no digits
        ("9" * 400, 86400),  # float() would make it infinite, int() refuse it
        ("\u00b2", None),  # a digit to str.isdigit(), not to float()
        ("-5", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None),
    ],
)
def test_a_vendor_retry_after_is_read_in_bounds(header: str, seconds: float | None) -> None:
    for status in (429, 503):
        # As the transport hands them over: the header's bytes (Latin-1 where not ASCII).
        raw = [(b"Retry-After", header.encode("latin-1"))]
        request = httpx.Request("GET", "https://vendor.test/records/1")
        error = error_for_status(httpx.Response(status, headers=raw, request=request), b"")

        assert error.retry_after == seconds
        if seconds is not None:
            rendered = problem_response(error, "/v1/things").headers["Retry-After"]
            assert rendered == str(seconds)


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        (httpx.ReadTimeout("slow"), "UPSTREAM_TIMEOUT"),
        (httpx.ConnectError("refused"), "UPSTREAM_UNAVAILABLE"),
        (httpx.RemoteProtocolError("reset"), "UPSTREAM_UNAVAILABLE"),
    ],
)
def test_transport_failures_map_to_catalog_codes(failure: httpx.HTTPError, code: str) -> None:
    assert error_for_transport(failure).code == code


def test_problem_response_follows_rfc_9457() -> None:
    token = current_request_id.set("req-12345678")
    try:
        error = ServiceError(
            "RATE_LIMITED",
            "Slow down.",
            retry_after=2.2,
            field_errors=[FieldError("body", "/name", "too long")],
        )
        response = problem_response(error, "/v1/things")
    finally:
        current_request_id.reset(token)

    assert response.media_type == "application/problem+json"
    assert response.headers["Retry-After"] == "3"
    body = json.loads(bytes(response.body))
    assert body == {
        "type": body["type"],
        "title": CATALOG["RATE_LIMITED"].title,
        "status": 429,
        "detail": "Slow down.",
        "instance": "/v1/things",
        "code": "RATE_LIMITED",
        "retryable": True,
        "request_id": "req-12345678",
        "errors": [{"pointer": "/name", "detail": "too long"}],
    }
    assert body["type"].endswith(":rate_limited")


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown error code"):
        ServiceError("NOT_A_CODE")  # type: ignore[arg-type]  # mypy refuses it too


def test_vendor_answers_carry_their_status_in_a_typed_field_the_logs_show_too() -> None:
    error = error_for_status(vendor_response(503), b"")
    assert (error.code, error.vendor_status, error.rejected_by) == (
        "UPSTREAM_UNAVAILABLE",
        503,
        None,
    )
    assert error.log_context["vendor_status"] == 503
