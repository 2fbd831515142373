"""The configured-secret side of redaction: which values are taken from the settings, and
that they are replaced whole, in text and in bytes that are not valid UTF-8."""

from __future__ import annotations

from pydantic import BaseModel, SecretStr

from {{ cookiecutter.__package_name }}.observability.redaction import (
    REDACTED,
    Redactor,
    secret_values_of,
)


class SecretSettings(BaseModel):
    vendor_key: SecretStr
    cursor_secrets: list[SecretStr]
    redis_url: SecretStr
    empty: SecretStr = SecretStr("")
    name: str = "not a secret"


def test_every_secret_value_of_the_settings_is_taken_lists_and_urls_included() -> None:
    settings = SecretSettings(
        vendor_key=SecretStr("vk-0001"),
        cursor_secrets=[SecretStr("cs-new"), SecretStr("cs-old")],
        redis_url=SecretStr("redis://cache:6379/0"),
    )

    assert secret_values_of(settings) == ["vk-0001", "cs-new", "cs-old", "redis://cache:6379/0"]


def test_a_secret_contained_in_a_longer_one_does_not_leave_part_of_the_longer_one() -> None:
    redactor = Redactor(secrets=["secret-zz", "prod-secret-zz"])

    assert redactor.scrub("using prod-secret-zz now") == f"using {REDACTED} now"
    assert redactor.scrub("using secret-zz now") == f"using {REDACTED} now"


def test_bytes_that_are_not_utf8_are_still_scrubbed() -> None:
    redactor = Redactor(secrets=["vk-0001"])

    cleaned = redactor.clean(b"\xff\xfe key vk-0001 in a binary body")

    assert isinstance(cleaned, str)
    assert "vk-0001" not in cleaned
    assert REDACTED in cleaned
