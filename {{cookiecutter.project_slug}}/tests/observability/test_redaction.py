"""The redaction processor on its own: by key, by value, by pattern, nested."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr
from pydantic_settings import BaseSettings

from {{ cookiecutter.__package_name }}.constants import (
    DATA_CLASSIFICATION,
)
from {{ cookiecutter.__package_name }}.observability.redaction import (
    REDACTED,
    TEXT_PATTERNS,
    Redactor,
    fold,
    may_contain,
    secret_values_of,
)
from {{ cookiecutter.__package_name }}.settings import (
    PERSONAL_FIELDS,
    Settings,
    default_pii_fields,
)

SECRET = "s3cr3t-value-abc"


def redact(event: dict[str, Any], pii: tuple[str, ...] = ()) -> dict[str, Any]:
    return dict(Redactor([SECRET], pii)(None, "info", event))


@pytest.mark.parametrize(
    "key",
    [
        "authorization",
        "Authorization",
        "X-API-Key",
        "api_key",
        "token",
        "access_token",
        "client_secret",
        "secret",
        "password",
        "signature",
        "X-Acme-Signature",
        "cookie",
        "Set-Cookie",
        "refresh_token",
        "redis_password",
    ],
)
def test_credential_keys_are_hidden_at_any_depth(key: str) -> None:
    event = {"event": "x", key: "v1", "nested": {"list": [{key: "v2"}, ("a", {key: "v3"})]}}

    redacted = redact(event)

    assert redacted[key] == REDACTED
    assert redacted["nested"]["list"][0][key] == REDACTED
    assert redacted["nested"]["list"][1][1][key] == REDACTED


def test_harmless_keys_are_kept() -> None:
    event = {"event": "e", "token_type": "bearer", "retry_budget_tokens": 5, "status": 200}

    assert redact(event) == event


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"key is {SECRET}!", f"key is {REDACTED}!"),
        ("Authorization: Bearer abc.def-123", f"Authorization: {REDACTED}"),
        ("sent bearer abc.def-123 along", f"sent bearer {REDACTED} along"),
        ("token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln here", f"token {REDACTED} here"),
        ("redis://:pa55word@cache:6379/0", f"redis://:{REDACTED}@cache:6379/0"),
        (
            "{'x-acme-signature': 'deadbeef', 'host': 'h'}",
            "{'x-acme-signature': '" + REDACTED + "', 'host': 'h'}",
        ),
        (
            "grant_type=client_credentials&client_secret=abc&x=1",
            f"grant_type=client_credentials&client_secret={REDACTED}&x=1",
        ),
        ('{"access_token": "abc def"}', '{"access_token": "' + REDACTED + '"}'),
        # A caller's API key quoted in an exception message, in each spelling of the name.
        (
            "headers were {'X-API-Key': 'caller-key-0001', 'host': 'h'}",
            "headers were {'X-API-Key': '" + REDACTED + "', 'host': 'h'}",
        ),
        ("GET /x?apikey=caller-key-0002&page=2", f"GET /x?apikey={REDACTED}&page=2"),
        ("api_key: caller-key-0003", f"api_key: {REDACTED}"),
    ],
)
def test_secrets_in_text_are_scrubbed(text: str, expected: str) -> None:
    assert redact({"event": text})["event"] == expected


# Texts each pattern matches, in every case and with the non-ASCII letters that
# case-insensitive matching pairs with ASCII ones (the Kelvin sign, the long s).
MATCHING_TEXTS = [
    "Authorization: Bearer abc.def-123",
    "AUTHORIZATION=xyz",
    "x-api-key: k1",
    "API_KEY=k2",
    "ApiKey: k3",
    "refresh_TOKEN: t",
    "Client-Secret='s'",
    "PASSWD=p",
    "Password: p",
    "x-acme-SIGNATURE: deadbeef",
    "Set-Cookie: session=1",
    "sent BEARER abc along",
    "Basic dXNlcjpwYXNz",
    "jwt eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
    "redis://:pa55word@cache:6379/0",
    "HTTPS://USER:PW@HOST/",
    "api_\u212aey: k4",
    "\u017fecret: s",
    "to\u212aen=t",
]


@pytest.mark.parametrize("text", MATCHING_TEXTS)
def test_text_a_pattern_matches_is_always_searched(text: str) -> None:
    matched = [p for p in TEXT_PATTERNS if p.regex.search(text)]

    assert matched, "each text here must exercise a pattern"
    for pattern in matched:
        assert may_contain(fold(text), pattern.needs), pattern.regex.pattern


def test_skipping_patterns_changes_no_text() -> None:
    redactor = Redactor([SECRET])
    texts = [*MATCHING_TEXTS, "request", "GET", "/v1/x/{id}", "2026-01-01T00:00:00Z", "a=1"]
    for text in texts:
        searched_always = text.replace(SECRET, REDACTED)
        for pattern in TEXT_PATTERNS:
            searched_always = pattern.regex.sub(pattern.replacement, searched_always)

        assert redactor.scrub(text) == searched_always


def test_objects_and_bytes_are_rendered_then_scrubbed() -> None:
    class Holder:
        def __repr__(self) -> str:
            return f"Holder({SECRET})"

        __str__ = __repr__

    redacted = redact({"event": "e", "object": Holder(), "raw": SECRET.encode()})

    assert redacted["object"] == f"Holder({REDACTED})"
    assert redacted["raw"] == REDACTED


def test_personal_fields_are_hidden_by_key_only_when_configured() -> None:
    event = {"event": "e", "record": {"contact_email": "a@b.c", "items": [{"Name": "Ada"}]}}

    assert redact(event) == event
    redacted = redact(event, pii=("contact_email", "name"))
    assert redacted["record"] == {"contact_email": REDACTED, "items": [{"Name": REDACTED}]}


def test_pii_fields_default_follows_the_data_classification() -> None:
    settings = Settings(_env_file=None, app_env="development", cursor_secret=SecretStr("x" * 32))

    assert settings.pii_fields == default_pii_fields()
    expected = PERSONAL_FIELDS if DATA_CLASSIFICATION == "confidential_pii" else []
    assert default_pii_fields() == expected


def test_secret_values_of_settings_include_url_passwords() -> None:
    class Example(BaseSettings):
        cursor_secret: SecretStr
        redis_url: SecretStr
        empty: SecretStr = SecretStr("")
        plain: str = "not secret"

    example = Example(
        _env_file=None,
        cursor_secret=SecretStr("cursor-1234567890"),
        redis_url=SecretStr("redis://user:p%40ss@cache:6379/0"),
    )

    assert secret_values_of(example) == [
        "cursor-1234567890",
        "redis://user:p%40ss@cache:6379/0",
        "p%40ss",
        "p@ss",
    ]
