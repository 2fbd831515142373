"""Shared fixtures: the sandbox vendor and the service, each on a real socket."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from {{ cookiecutter.__package_name }}.app import (
    AppConfig,
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
    VendorAuthSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    VENDOR_AUTH_SCHEME,
    VENDOR_PAGINATION_STYLE,
)
from {{ cookiecutter.__package_name }}.resilience import (
    ResilienceSettings,
)
from {{ cookiecutter.__package_name }}.settings import (
    Settings,
)

from sandbox.app import create_app as create_sandbox_app
from sandbox.config import SandboxConfig
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.servers import serve

pytest_plugins = ["tests.support.state_{{ cookiecutter.state_backend }}"]

CURSOR_SECRET = "test-cursor-secret-0123456789"
# The flow tests and the fuzzer call far faster than a vendor allows, and need not wait
# seconds between retries; tests/resilience checks the configured values themselves.
TEST_RATE_LIMIT = "1000/second"
TEST_BACKOFF_SECONDS = 0.01


def vendor_credentials(sandbox_url: str) -> dict[str, str]:
    """The sandbox's development credentials for every scheme; each scheme reads its own."""
    return {
        "api_key": "sandbox-api-key",
        "bearer_token": "sandbox-bearer-token",
        "client_id": "sandbox-client",
        "client_secret": "sandbox-client-secret",
        "token_url": f"{sandbox_url}/oauth/token",
        "hmac_key_id": "sandbox-key",
        "hmac_secret": "sandbox-hmac-secret",
    }


def vendor_auth_settings(values: Mapping[str, str]) -> VendorAuthSettings:
    """Vendor auth settings from `values`, which may hold the fields of every scheme."""
    # Each vendor auth scheme takes different fields: offer all, each keeps its own.
    build_vendor_auth_settings: Any = VendorAuthSettings
    vendor_auth: VendorAuthSettings = build_vendor_auth_settings(_env_file=None, **values)
    return vendor_auth


def service_config(
    sandbox_url: str,
    credentials: CallerCredentials,
    state: StateSettings,
    *,
    vendor_auth_values: Mapping[str, str] | None = None,
    resilience: ResilienceSettings | None = None,
    **overrides: object,
) -> AppConfig:
    """The service's config for tests; vendor auth defaults to the sandbox's credentials,
    resilience to fast test values, and `overrides` change the general settings."""
    settings = Settings(
        _env_file=None,
        app_env="development",
        vendor_base_url=sandbox_url,
        cursor_secret=SecretStr(CURSOR_SECRET),
    ).model_copy(update=overrides)
    vendor_auth = vendor_auth_settings(
        vendor_credentials(sandbox_url) if vendor_auth_values is None else vendor_auth_values
    )
    if resilience is None:
        resilience = ResilienceSettings(
            _env_file=None,
            rate_limit=TEST_RATE_LIMIT,
            backoff_base=TEST_BACKOFF_SECONDS,
            backoff_base_after_throttle=TEST_BACKOFF_SECONDS,
            backoff_cap=TEST_BACKOFF_SECONDS,
        )
    return AppConfig(settings, vendor_auth, credentials.settings(), state, resilience)


@pytest.fixture(scope="session")
def sandbox_url() -> Iterator[str]:
    config = SandboxConfig.from_env(
        {"SANDBOX_AUTH_SCHEME": VENDOR_AUTH_SCHEME, "SANDBOX_PAGINATION": VENDOR_PAGINATION_STYLE}
    )
    with serve(create_sandbox_app(config)) as url:
        yield url


@pytest.fixture(scope="session")
def credentials(tmp_path_factory: pytest.TempPathFactory) -> CallerCredentials:
    workdir: Path = tmp_path_factory.mktemp("credentials")
    return CallerCredentials(workdir)


# One service app for the session: the served one, whose routes and OpenAPI document the
# tests also read. A test must not change it.
@pytest.fixture(scope="session")
def service_app(
    sandbox_url: str, credentials: CallerCredentials, state_settings: StateSettings
) -> FastAPI:
    return create_app(service_config(sandbox_url, credentials, state_settings))


@pytest.fixture(scope="session")
def openapi_document(service_app: FastAPI) -> dict[str, object]:
    """The service's OpenAPI document (production does not serve it)."""
    return service_app.openapi()


@pytest.fixture(scope="session")
def service_url(service_app: FastAPI) -> Iterator[str]:
    with serve(service_app) as url:
        yield url


# One admin client and one caller for the whole session: a new httpx client builds a TLS
# context (the CA bundle read afresh) even for plain-HTTP loopback, which made client set-up
# the costliest part of most tests. A test that changes a shared client fails.
@pytest.fixture(scope="session")
def sandbox_admin(sandbox_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sandbox_url, timeout=10) as admin:
        yield admin


@pytest.fixture(scope="session")
def service_caller(service_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service_url, timeout=30) as caller:
        yield caller


@pytest.fixture
def sandbox(sandbox_admin: httpx.Client) -> Iterator[httpx.Client]:
    """The sandbox's admin API, reset before each test (shared: pass headers per request)."""
    sandbox_admin.post("/_sandbox/reset").raise_for_status()
    with left_as_found(sandbox_admin):
        yield sandbox_admin


@pytest.fixture
def client(service_caller: httpx.Client, sandbox: httpx.Client) -> Iterator[httpx.Client]:
    """A caller of the service, against a freshly reset sandbox (shared: pass headers and
    credentials per request)."""
    del sandbox
    with left_as_found(service_caller):
        yield service_caller


@contextmanager
def left_as_found(shared: httpx.Client) -> Iterator[None]:
    headers, auth = dict(shared.headers), shared.auth
    yield
    assert not shared.is_closed, "a test closed a shared client"
    assert dict(shared.headers) == headers, "a test changed a shared client's headers"
    assert shared.auth is auth, "a test changed a shared client's credentials"
    assert not shared.cookies, "a shared client kept cookies"
