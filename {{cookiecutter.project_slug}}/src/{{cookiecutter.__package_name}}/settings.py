"""Service settings, read from the environment (and a .env file), validated at start.

Defaults are production values from the questionnaire (constants.py); .env.example holds
the development values that point at the bundled sandbox. Every secret is a SecretStr.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, ClassVar, Literal
from urllib.parse import SplitResult, urlsplit

from pydantic import Field, SecretStr, field_validator

from .constants import (
    DATA_CLASSIFICATION,
    RESOURCE_PLURAL,
    VENDOR_BASE_URL,
    VENDOR_HONOURS_IDEMPOTENCY_KEYS,
)
from .service_settings import ServiceSettings

MEBIBYTE = 1024 * 1024
PERSONAL_FIELDS = ["email", "name", "contact_email", "title"]


def default_pii_fields() -> list[str]:
    """Personal fields are redacted from logs when the resource holds personal data."""
    return list(PERSONAL_FIELDS) if DATA_CLASSIFICATION == "confidential_pii" else []


def check_port(parts: SplitResult) -> None:
    """A port, where the URL names one, that a connection can use (1 to 65535)."""
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise ValueError("must name a port from 1 to 65535, or none")


class Settings(ServiceSettings):
    # Renamed in this release; the old names stop working in the next one.
    RENAMED: ClassVar[Mapping[str, str]] = {
        "vendor_sends_idempotency_keys": "vendor_honours_idempotency_keys",
        "max_vendor_response_bytes": "vendor_max_response_bytes",
    }

    app_env: Literal["development", "production"] = "production"
    service_host: str = "127.0.0.1"
    service_port: int = Field(default=8000, ge=0, le=65535)
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # Unset: readable console lines in development, JSON lines in production.
    log_format: Literal["json", "console"] | None = None
    # Log keys whose values become "[REDACTED]" wherever they appear (a JSON list).
    pii_fields: list[str] = Field(default_factory=default_pii_fields)
    # /docs, /redoc and /openapi.json are open to anyone who can reach the service, so they
    # are served only when asked for (.env.example asks for them in development).
    expose_api_docs: bool = False

    vendor_base_url: str = VENDOR_BASE_URL
    vendor_collection_path: str = f"/{RESOURCE_PLURAL}"
    vendor_honours_idempotency_keys: bool = VENDOR_HONOURS_IDEMPOTENCY_KEYS
    vendor_connect_timeout: float = Field(default=2.0, gt=0)
    vendor_read_timeout: float = Field(default=5.0, gt=0)
    vendor_write_timeout: float = Field(default=5.0, gt=0)
    vendor_pool_timeout: float = Field(default=1.0, gt=0)
    vendor_max_connections: int = Field(default=50, ge=1)
    vendor_max_response_bytes: int = Field(default=2 * MEBIBYTE, ge=1024)
    # The outbound proxy and CA bundle come from these settings only: HTTP_PROXY,
    # HTTPS_PROXY, SSL_CERT_FILE and the like in the environment are ignored (trust_env off),
    # so an inherited variable cannot route vendor credentials through a proxy.
    vendor_proxy_url: SecretStr | None = None
    vendor_ca_bundle: Path | None = None

    max_request_body_bytes: int = Field(default=MEBIBYTE, ge=1024)
    idempotency_ttl_seconds: float = Field(default=24 * 3600, gt=0)
    # Longer than a create can take (the vendor deadline), so a claim outlives its request.
    idempotency_pending_ttl_seconds: float = Field(default=60, gt=0)
    # A duplicate that arrives while the first create runs waits this long for its result
    # (then 409 IDEMPOTENCY_KEY_IN_PROGRESS, retryable); 0 answers 409 at once.
    idempotency_wait_seconds: float = Field(default=5.0, ge=0)
    # List cursors are signed with CURSOR_SECRET and verified against it and every secret in
    # CURSOR_PREVIOUS_SECRETS (a JSON list): rotate by moving the old secret there until its
    # cursors have expired (CURSOR_TTL_SECONDS, a day by default).
    cursor_secret: SecretStr = Field(min_length=16)
    cursor_previous_secrets: list[Annotated[SecretStr, Field(min_length=16)]] = Field(
        default_factory=list
    )
    cursor_ttl_seconds: float = Field(default=24 * 3600, gt=0)

    def cursor_secrets(self) -> list[bytes]:
        """The signing secret first, then the ones still accepted for verification."""
        secrets = [self.cursor_secret, *self.cursor_previous_secrets]
        return [secret.get_secret_value().encode() for secret in secrets]

    @field_validator("vendor_base_url")
    @classmethod
    def _http_url_without_credentials(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL with a host")
        if parts.username or parts.password or parts.query or parts.fragment:
            raise ValueError("must not carry credentials, a query or a fragment")
        check_port(parts)
        return value.rstrip("/")

    @field_validator("vendor_collection_path")
    @classmethod
    def _absolute_path(cls, value: str) -> str:
        if not value.startswith("/") or "?" in value or "#" in value:
            raise ValueError("must be a path starting with '/', without query or fragment")
        return value.rstrip("/")
