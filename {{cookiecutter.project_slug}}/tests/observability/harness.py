"""A service wired to a fake vendor (httpx.MockTransport) with sentinel secrets, and the
captured log lines it writes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from pydantic import SecretStr

from {{ cookiecutter.__package_name }}.app import (
    AppConfig,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    RESOURCE_PLURAL,
)

from sandbox.answers import record_in
from tests.conftest import service_config
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import (
    VENDOR_EMAIL_FIELD,
    VENDOR_NEEDED_FIELD,
    VENDOR_TEXT_FIELD,
    vendor_answer,
)

VENDOR_URL = "https://vendor.test"
PATH = f"/v1/{RESOURCE_PLURAL}"
ROUTE = PATH + "/{resource_id}"

# Secrets: configured ones, and ones the service only handles (tokens, cookies).
VENDOR_API_KEY = "sntl-vendor-api-key-4d1c"
VENDOR_BEARER_TOKEN = "sntl-vendor-bearer-token-93aa"
VENDOR_CLIENT_SECRET = "sntl-vendor-client-secret-77b2"
VENDOR_HMAC_SECRET = "sntl-vendor-hmac-secret-0e5f"
VENDOR_ACCESS_TOKEN = "sntl-vendor-access-token-c3d9"
CURSOR_SECRET = "sntl-cursor-secret-5a6b7c8d9e"
VENDOR_COOKIE = "sntl-vendor-cookie-1f2e"
CALLER_COOKIE = "sntl-caller-cookie-8b8b"
CALLER_BAD_TOKEN = "sntl-caller-bad-token-6c6c"
# Personal data, sent by the caller and by the vendor.
PII_NAME = "Sntl Personname"
PII_EMAIL = "sntl.person@example.com"
VENDOR_PII_TITLE = "Sntl Vendortitle"
VENDOR_PII_EMAIL = "sntl.vendor.person@example.com"

SECRETS = (
    VENDOR_API_KEY,
    VENDOR_BEARER_TOKEN,
    VENDOR_CLIENT_SECRET,
    VENDOR_HMAC_SECRET,
    VENDOR_ACCESS_TOKEN,
    CURSOR_SECRET,
    VENDOR_COOKIE,
    CALLER_COOKIE,
    CALLER_BAD_TOKEN,
)
PERSONAL_DATA = (PII_NAME, PII_EMAIL, VENDOR_PII_TITLE, VENDOR_PII_EMAIL)
SENSITIVE_HEADERS = ("authorization", "x-api-key", "x-acme-signature")


def sentinel_config(
    credentials: CallerCredentials, state_settings: StateSettings, **overrides: object
) -> AppConfig:
    """Production-mode settings (JSON logs) at debug level, with sentinel vendor secrets."""
    settings: dict[str, Any] = {
        "app_env": "production",
        "log_level": "debug",
        "cursor_secret": SecretStr(CURSOR_SECRET),
        **overrides,
    }
    vendor_auth_values = {
        "api_key": VENDOR_API_KEY,
        "bearer_token": VENDOR_BEARER_TOKEN,
        "client_id": "client-id",
        "client_secret": VENDOR_CLIENT_SECRET,
        "token_url": f"{VENDOR_URL}/oauth/token",
        "hmac_key_id": "key-id",
        "hmac_secret": VENDOR_HMAC_SECRET,
    }
    return service_config(
        VENDOR_URL, credentials, state_settings, vendor_auth_values=vendor_auth_values, **settings
    )


def vendor_record(uid: str, broken: bool = False) -> dict[str, Any]:
    """The vendor's answer for `uid`, with personal data in it; `broken`: without a field
    the service needs."""
    answer = vendor_answer(uid)
    fields = [(VENDOR_TEXT_FIELD, VENDOR_PII_TITLE), (VENDOR_EMAIL_FIELD, VENDOR_PII_EMAIL)]
    for path, value in fields:
        if path is not None:
            *parents, name = path.split(".")
            inner = record_in("get", answer)
            for parent in parents:
                inner = inner[parent]
            inner[name] = value
    if broken:
        *parents, name = VENDOR_NEEDED_FIELD.split(".")
        inner = record_in("get", answer)
        for parent in parents:
            inner = inner[parent]
        del inner[name]
    return answer


class FakeVendor:
    """Answers by record id; keeps every credential-bearing header value it was sent."""

    def __init__(self) -> None:
        self.seen_credentials: set[str] = set()
        self.failures_left = {"rec_flaky": 1}

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.answer)

    def answer(self, request: httpx.Request) -> httpx.Response:
        for name in SENSITIVE_HEADERS:
            if name in request.headers:
                self.seen_credentials.add(request.headers[name].removeprefix("Bearer "))
        cookie = {"Set-Cookie": f"session={VENDOR_COOKIE}"}
        if request.url.path.endswith("/oauth/token"):
            token = {"access_token": VENDOR_ACCESS_TOKEN, "token_type": "bearer", "expires_in": 600}
            return httpx.Response(200, json=token, headers=cookie)
        uid = request.url.path.rsplit("/", 1)[-1]
        if uid == "rec_crash":  # a library bug that puts the outgoing headers in its message
            raise RuntimeError(f"transport bug; headers were {dict(request.headers)}")
        if self.failures_left.get(uid, 0) > 0:
            self.failures_left[uid] -= 1
            return httpx.Response(503, json={"error": "overloaded"})
        if uid == "rec_rejected":
            echo = {
                "error": {"type": "bad_request", "message": f"{VENDOR_PII_EMAIL} {VENDOR_API_KEY}"}
            }
            return httpx.Response(400, json=echo, headers=cookie)
        if request.method == "POST":
            return httpx.Response(201, json=vendor_record("rec_new"), headers=cookie)
        return httpx.Response(200, json=vendor_record(uid, uid == "rec_odd"), headers=cookie)


def log_lines(text: str) -> list[dict[str, Any]]:
    """The JSON log lines in captured output (other output is skipped)."""
    lines = []
    for line in text.splitlines():
        try:
            parsed = json.loads(line)
        except ValueError:
            continue
        if isinstance(parsed, dict):
            lines.append(parsed)
    return lines


def events(lines: list[dict[str, Any]], event: str) -> list[dict[str, Any]]:
    return [line for line in lines if line.get("event") == event]


@asynccontextmanager
async def in_process(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of `app`, without sockets, inside the app's lifespan."""
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://service") as client,
    ):
        yield client
