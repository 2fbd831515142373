"""The bearer credential every inbound scheme reads: `Authorization: Bearer <token>` only,
with the one or more spaces RFC 9110 allows after the scheme."""

from __future__ import annotations

import pytest

from {{ cookiecutter.__package_name }}.api.auth import (
    bearer_credential,
    unauthenticated,
)

from tests.support.inbound_requests import request_with


@pytest.mark.parametrize(
    ("authorization", "credential"),
    [
        ("Bearer tok-1", "tok-1"),
        ("bearer tok-1", "tok-1"),
        ("Bearer   tok-1", "tok-1"),  # 1*SP after the scheme (RFC 9110, 11.4)
        ("Basic tok-1", None),
        ("Token tok-1", None),
        ("Bearer", None),
        ("Bearer   ", None),
        ("", None),
    ],
)
def test_only_a_bearer_credential_is_taken(authorization: str, credential: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    assert bearer_credential(request_with(headers)) == credential


def test_an_unauthenticated_caller_gets_the_schemes_reason_and_a_challenge() -> None:
    error = unauthenticated("Send a token.")

    assert (error.code, error.detail) == ("UNAUTHENTICATED", "Send a token.")
    assert error.headers["WWW-Authenticate"].startswith("Bearer realm=")
