"""The production policy: https only, no local host in any notation, no development
secret in any spelling, no public API documentation."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, SecretStr, ValidationError

from {{ cookiecutter.__package_name }}.production import (
    is_development_secret,
    is_local_host,
    production_problems,
)
from {{ cookiecutter.__package_name }}.settings import (
    Settings,
)

GOOD_SECRET = "a-production-secret-0123456789"


def settings(**values: object) -> Settings:
    defaults: dict[str, object] = {
        "app_env": "production",
        "vendor_base_url": "https://api.vendor.example",
        "cursor_secret": SecretStr(GOOD_SECRET),
    }
    return Settings(_env_file=None, **(defaults | values))  # type: ignore[arg-type]


def problems_of(config: Settings) -> list[str]:
    return production_problems(config.app_env, config.expose_api_docs, [config])


def test_a_production_configuration_passes() -> None:
    assert problems_of(settings()) == []


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST",
        "localhost.",
        "api.localhost",
        "127.0.0.1",
        "127.0.0.2",
        "127.1",
        "2130706433",
        "0x7f000001",
        "0x7f.1",
        "017700000001",
        "0.0.0.0",
        "0",
        "[::1]",
        "[::]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[0:0:0:0:0:0:0:1]",
        "169.254.169.254",
        "[fe80::1]",
        "[2002:7f00:1::]",
    ],
)
def test_every_spelling_of_a_local_host_is_refused(host: str) -> None:
    problems = problems_of(settings(vendor_base_url=f"https://{host}:8443"))

    assert problems == [
        "VENDOR_BASE_URL: a loopback, unspecified or link-local host (a development value)"
    ]


@pytest.mark.parametrize(
    "host", ["api.vendor.example", "10.0.0.8", "vendor-127.example", "[2001:db8::1]", "1.2.3.4"]
)
def test_remote_hosts_are_accepted(host: str) -> None:
    assert not is_local_host(host.strip("[]"))


def test_plain_http_is_refused() -> None:
    assert problems_of(settings(vendor_base_url="http://api.vendor.example")) == [
        "VENDOR_BASE_URL: production needs an https:// URL"
    ]


@pytest.mark.parametrize(
    "secret", ["sandbox-cursor-secret-0", "SANDBOX-cursor-secret-0", " Sandbox-cursor-secret-0"]
)
def test_development_secrets_are_refused_in_any_case_and_spacing(secret: str) -> None:
    assert is_development_secret(secret)
    assert problems_of(settings(cursor_secret=SecretStr(secret))) == [
        "CURSOR_SECRET: a development secret (it starts with 'sandbox-')"
    ]


def test_api_documentation_is_refused() -> None:
    assert problems_of(settings(expose_api_docs=True)) == [
        "EXPOSE_API_DOCS: production serves no API documentation"
    ]


def test_development_mode_refuses_nothing() -> None:
    config = settings(
        app_env="development",
        vendor_base_url="http://127.0.0.1:8081",
        cursor_secret=SecretStr("sandbox-cursor-secret-0123456789"),
        expose_api_docs=True,
    )

    assert problems_of(config) == []


class VendorCredential(BaseModel):
    """A secret setting without a length rule of its own, like a vendor's API key."""

    vendor_api_key: SecretStr


@pytest.mark.parametrize("secret", ["", "   "])
def test_an_empty_secret_is_refused(secret: str) -> None:
    empty = VendorCredential(vendor_api_key=SecretStr(secret))
    given = VendorCredential(vendor_api_key=SecretStr(GOOD_SECRET))

    assert production_problems("production", False, [empty]) == [
        "VENDOR_API_KEY: empty (a credential is needed in production)"
    ]
    assert production_problems("production", False, [given]) == []
    # An optional secret setting left empty is as if unset: no proxy.
    assert problems_of(settings(vendor_proxy_url=SecretStr(secret))) == []


@pytest.mark.parametrize("port", ["99999", "0", "65536", "x"])
def test_a_vendor_url_with_a_port_no_connection_can_use_is_refused_at_start(port: str) -> None:
    # In every environment: otherwise each request would fail with an internal error.
    for app_env in ("production", "development"):
        with pytest.raises(ValidationError, match="port"):
            settings(app_env=app_env, vendor_base_url=f"https://api.vendor.example:{port}")
    assert problems_of(settings(vendor_base_url="https://api.vendor.example:8443")) == []
