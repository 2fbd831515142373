"""OAuth2 client credentials (RFC 6749 section 4.4) with a cached access token.

The token request is yielded from the auth flow, as httpx documents for flows
that need extra requests, so it goes through the same client, transport and
timeouts as the API call itself.
"""

import asyncio
import json
import math
import re
import time
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from ...service_settings import ServiceSettings
from ...settings import check_port
from ..contract import ACCEPT_ENCODING, UNREADABLE_JSON, content_codings
from . import VendorAuthError

_OAUTH_ERROR_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
# What a header value can carry: visible ASCII. (RFC 6750's b64token is narrower, but real
# vendors issue tokens outside it: Salesforce's hold "!".)
_BEARER_TOKEN = re.compile(r"[\x21-\x7e]+")
# A token answer is a few hundred bytes; anything far larger is not one.
MAX_TOKEN_RESPONSE_BYTES = 64 * 1024


class VendorAuthSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VENDOR_")

    client_id: str
    client_secret: SecretStr
    token_url: str
    token_refresh_margin_seconds: float = Field(default=30, ge=0)

    @field_validator("token_url")
    @classmethod
    def _token_url_is_http(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("token_url must be a full http:// or https:// URL")
        check_port(parts)
        return value

    def secret_values(self) -> list[str]:
        return [self.client_secret.get_secret_value()]


class VendorTokenError(VendorAuthError):
    """The token endpoint did not issue a usable token. Messages never contain secrets."""


def unusable_token(message: str) -> VendorTokenError:
    return VendorTokenError(message, "UPSTREAM_CONTRACT_VIOLATION")


@dataclass(frozen=True)
class _AccessToken:
    value: str
    refresh_at: float
    """Clock time from which the token is treated as expired and fetched again."""


class OAuth2ClientCredentialsAuth(httpx.Auth):
    # Informational only: async_auth_flow is overridden and reads token responses itself.
    requires_response_body = True

    def __init__(self, settings: VendorAuthSettings, clock: Callable[[], float]) -> None:
        self._settings = settings
        self._clock = clock
        self._token: _AccessToken | None = None
        # Held while a token request is in flight, so concurrent callers share one refresh.
        self._lock = asyncio.Lock()

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError("OAuth2ClientCredentialsAuth needs an httpx.AsyncClient")

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        async with self._lock:
            if self._token is None or self._clock() >= self._token.refresh_at:
                requested_at = self._clock()
                token_response = yield self._token_request()
                self._token = await self._read_token(token_response, requested_at)
            used = self._token
        request.headers["Authorization"] = f"Bearer {used.value}"
        response = yield request
        if response.status_code != 401:
            return

        # The vendor rejected a token we thought valid (revoked, or clocks disagree):
        # refresh once, unless a concurrent request already has, and retry once.
        async with self._lock:
            if self._token is used:
                requested_at = self._clock()
                token_response = yield self._token_request()
                self._token = await self._read_token(token_response, requested_at)
            used = self._token
        request.headers["Authorization"] = f"Bearer {used.value}"
        yield request

    def _token_request(self) -> httpx.Request:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._settings.client_id,
            "client_secret": self._settings.client_secret.get_secret_value(),
        }
        return httpx.Request(
            "POST",
            self._settings.token_url,
            data=form,
            headers={"Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING},
        )

    async def _read_token(self, response: httpx.Response, requested_at: float) -> _AccessToken:
        body = await _read_small(response)
        if response.status_code != 200:
            failing = response.status_code >= 500 or response.status_code == 429
            raise VendorTokenError(
                f"token endpoint answered HTTP {response.status_code}{_oauth_error(body)}",
                "UPSTREAM_UNAVAILABLE" if failing else "UPSTREAM_AUTH_FAILED",
            )
        try:
            payload: Any = json.loads(body)
        except UNREADABLE_JSON:
            raise unusable_token("token endpoint answered with a body that is not JSON") from None
        if not isinstance(payload, dict):
            raise unusable_token("token endpoint answered with JSON that is not an object")
        access_token = payload.get("access_token")
        if not isinstance(access_token, str) or not access_token:
            raise unusable_token("token endpoint response has no access_token")
        if not _BEARER_TOKEN.fullmatch(access_token):
            # A line break or non-ASCII byte could not be sent in a header (or would add one).
            raise unusable_token("token endpoint issued a token a header cannot carry")
        token_type = payload.get("token_type")
        if not isinstance(token_type, str) or token_type.lower() != "bearer":
            raise unusable_token("token endpoint issued a token that is not a bearer token")
        return _AccessToken(access_token, requested_at + self._lifetime(payload.get("expires_in")))

    def _lifetime(self, expires_in: object) -> float:
        """Seconds to use the token for: its lifetime minus the refresh margin."""
        if expires_in is None:
            return math.inf  # No stated expiry: keep it until the vendor answers 401.
        if isinstance(expires_in, bool) or not isinstance(expires_in, int | float):
            raise VendorTokenError("token endpoint response has a non-numeric expires_in")
        try:
            seconds = float(expires_in)
        except OverflowError:  # an integer too large for a float: as good as no expiry
            seconds = math.inf
        if math.isnan(seconds):
            raise VendorTokenError("token endpoint response has a non-numeric expires_in")
        if seconds <= 0:
            raise VendorTokenError("token endpoint response has a non-positive expires_in")
        # A margin longer than the token's life would mean a token request per call.
        margin = min(self._settings.token_refresh_margin_seconds, seconds / 2)
        return seconds - margin


async def _read_small(response: httpx.Response) -> bytes:
    """Read the token answer, refusing a compressed or oversized one before it is held."""
    if content_codings(response):
        raise unusable_token("token endpoint answered with a compressed body")
    size = 0
    chunks: list[bytes] = []
    async for chunk in response.aiter_bytes():  # identity only: these are the wire bytes
        size += len(chunk)
        if size > MAX_TOKEN_RESPONSE_BYTES:
            raise unusable_token("token endpoint answered with an oversized body")
        chunks.append(chunk)
    body = b"".join(chunks)
    # httpx reads a response the auth flow has seen (aread) once the flow moves on; the
    # stream is consumed now, so hand it the bytes as aread itself would have kept them.
    response._content = body
    return body


def _oauth_error(body: bytes) -> str:
    """The RFC 6749 error code, e.g. " (invalid_client)", when the body has a safe one."""
    try:
        payload: Any = json.loads(body)
    except UNREADABLE_JSON:
        return ""
    code = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(code, str) and _OAUTH_ERROR_CODE.fullmatch(code):
        return f" ({code})"
    return ""


def build_vendor_auth(
    settings: VendorAuthSettings, clock: Callable[[], float] = time.time
) -> httpx.Auth:
    return OAuth2ClientCredentialsAuth(settings, clock)
