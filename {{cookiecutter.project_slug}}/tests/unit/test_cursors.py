from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from {{ cookiecutter.__package_name }}.cursors import (
    CursorCodec,
)
from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)

SECRET = b"unit-test-secret-0123456789"
OLD_SECRET = b"unit-test-old-secret-0123456789"
NOW = 1_800_000_000.0
TTL = 3600.0


def codec(
    secrets: list[bytes] | None = None,
    issuer: str = "project-a",
    style: str = "page_number",
    now: float = NOW,
) -> CursorCodec:
    return CursorCodec(secrets or [SECRET], issuer, style, TTL, clock=lambda: now)


def refusal(decoder: CursorCodec, cursor: str) -> str:
    with pytest.raises(ServiceError) as raised:
        decoder.decode(cursor)
    assert raised.value.code == "VALIDATION_FAILED"
    return raised.value.field_errors[0].message


def test_a_vendor_position_too_long_for_a_cursor_is_a_contract_violation() -> None:
    # The caller could not send such a cursor back (decode and the list route refuse it).
    with pytest.raises(ServiceError) as raised:
        codec().encode({"starting_after": "x" * 1500})

    assert raised.value.code == "UPSTREAM_CONTRACT_VIOLATION"
    assert len(codec().encode({"starting_after": "x" * 1000})) <= 2048


def test_round_trip() -> None:
    params = {"page": "3", "per_page": "10"}

    assert codec().decode(codec().encode(params)) == params


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "no-dot",
        "a.b.c",
        "e30.AAAA",
        "é.é",
        CursorCodec([b"another-secret-0123456789"], "project-a", "page_number").encode(
            {"page": "2"}
        ),
        "x" * 3000,
    ],
)
def test_foreign_or_edited_cursors_are_rejected(cursor: str) -> None:
    refusal(codec(), cursor)


def test_a_cursor_of_another_project_or_style_is_refused() -> None:
    from_other_project = codec(issuer="project-b").encode({"page": "2"})
    from_other_style = codec(style="cursor").encode({"cursor": "abc"})

    assert "another service" in refusal(codec(), from_other_project)
    assert "another service" in refusal(codec(), from_other_style)


def test_cursors_expire() -> None:
    cursor = codec(now=NOW).encode({"page": "2"})

    assert codec(now=NOW + TTL - 1).decode(cursor) == {"page": "2"}
    assert "expired" in refusal(codec(now=NOW + TTL + 1), cursor)


def test_rotation_signs_with_the_first_secret_and_accepts_the_others() -> None:
    old_cursor = codec([OLD_SECRET]).encode({"page": "2"})
    rotated = codec([SECRET, OLD_SECRET])
    new_cursor = rotated.encode({"page": "3"})

    assert rotated.decode(old_cursor) == {"page": "2"}
    assert codec([SECRET]).decode(new_cursor) == {"page": "3"}
    refusal(codec([OLD_SECRET]), new_cursor)


@pytest.mark.parametrize(
    "claims",
    [
        [],
        {"iss": "project-a", "style": "page_number", "exp": "soon", "params": {}},
        {"iss": "project-a", "style": "page_number", "exp": 2_000_000_000, "params": {"a": 1}},
        {"iss": "project-a", "style": "page_number", "exp": 2_000_000_000, "params": []},
    ],
)
def test_authentic_but_malformed_cursors_are_refused(claims: object) -> None:
    """What a holder of the secret could sign: still a 422, never a crash."""
    body = json.dumps(claims).encode()
    tag = hmac.new(SECRET, body, hashlib.sha256).digest()[:16]
    encoded = [base64.urlsafe_b64encode(part).rstrip(b"=").decode() for part in (body, tag)]

    refusal(codec(), ".".join(encoded))
