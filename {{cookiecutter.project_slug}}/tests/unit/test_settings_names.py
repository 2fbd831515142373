"""One settings base for every settings class; renamed settings keep their old names a while."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from pydantic_settings import BaseSettings

from {{ cookiecutter.__package_name }}.choices import (
    InboundAuthSettings,
    StateSettings,
    VendorAuthSettings,
)
from {{ cookiecutter.__package_name }}.resilience import (
    ResilienceSettings,
)
from {{ cookiecutter.__package_name }}.service_settings import (
    RenamedSettingWarning,
    ServiceSettings,
)
from {{ cookiecutter.__package_name }}.settings import (
    Settings,
)

SETTINGS_CLASSES: list[type[BaseSettings]] = [
    Settings,
    VendorAuthSettings,
    InboundAuthSettings,
    StateSettings,
    ResilienceSettings,
]
CURSOR_SECRET = "x" * 32


@pytest.mark.parametrize("settings_class", SETTINGS_CLASSES, ids=lambda cls: cls.__module__)
def test_every_settings_class_shares_the_one_base(settings_class: type[BaseSettings]) -> None:
    assert issubclass(settings_class, ServiceSettings)
    config = settings_class.model_config
    assert (config.get("env_file"), config.get("extra"), config.get("frozen")) == (
        ".env",
        "ignore",
        True,
    )


def test_settings_are_frozen_once_read() -> None:
    settings = Settings(_env_file=None, cursor_secret=CURSOR_SECRET)
    with pytest.raises(ValidationError, match="frozen"):
        settings.vendor_honours_idempotency_keys = False  # type: ignore[misc]


@pytest.mark.parametrize(
    ("old", "new", "value", "expected"),
    [
        ("VENDOR_SENDS_IDEMPOTENCY_KEYS", "vendor_honours_idempotency_keys", "false", False),
        ("MAX_VENDOR_RESPONSE_BYTES", "vendor_max_response_bytes", "4096", 4096),
    ],
)
def test_old_environment_names_still_work_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, old: str, new: str, value: str, expected: object
) -> None:
    monkeypatch.setenv(old, value)
    with pytest.warns(RenamedSettingWarning, match=f"{old} is now {new.upper()}"):
        settings = Settings(_env_file=None, cursor_secret=CURSOR_SECRET)
    assert getattr(settings, new) == expected


def test_the_new_name_wins_over_the_old_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_VENDOR_RESPONSE_BYTES", "4096")
    monkeypatch.setenv("VENDOR_MAX_RESPONSE_BYTES", "8192")
    with pytest.warns(RenamedSettingWarning):
        settings = Settings(_env_file=None, cursor_secret=CURSOR_SECRET)
    assert settings.vendor_max_response_bytes == 8192
