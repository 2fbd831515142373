"""Service settings, read from the environment (and a .env file), validated at start.

Defaults are production values from the questionnaire (constants.py); .env.example holds
the development values that point at the bundled sandbox. Every secret is a SecretStr.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .constants import (
    DATA_CLASSIFICATION,
    RESOURCE_PLURAL,
    VENDOR_BASE_URL,
    VENDOR_HONOURS_IDEMPOTENCY_KEYS,
)

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
DEVELOPMENT_SECRET_PREFIX = "sandbox-"
MEBIBYTE = 1024 * 1024
PERSONAL_FIELDS = ["email", "name", "contact_email", "title"]


def default_pii_fields() -> list[str]:
    """Personal fields are redacted from logs when the resource holds personal data."""
    return list(PERSONAL_FIELDS) if DATA_CLASSIFICATION == "confidential_pii" else []


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

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
    vendor_sends_idempotency_keys: bool = VENDOR_HONOURS_IDEMPOTENCY_KEYS
    vendor_connect_timeout: float = Field(default=2.0, gt=0)
    vendor_read_timeout: float = Field(default=5.0, gt=0)
    vendor_write_timeout: float = Field(default=5.0, gt=0)
    vendor_pool_timeout: float = Field(default=1.0, gt=0)
    vendor_max_connections: int = Field(default=50, ge=1)
    max_vendor_response_bytes: int = Field(default=2 * MEBIBYTE, ge=1024)

    max_request_body_bytes: int = Field(default=MEBIBYTE, ge=1024)
    idempotency_ttl_seconds: float = Field(default=24 * 3600, gt=0)
    # Longer than a create can take (the vendor deadline), so a claim outlives its request.
    idempotency_pending_ttl_seconds: float = Field(default=60, gt=0)
    cursor_secret: SecretStr = Field(min_length=16)

    @field_validator("vendor_base_url")
    @classmethod
    def _http_url_without_credentials(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL with a host")
        if parts.username or parts.password or parts.query or parts.fragment:
            raise ValueError("must not carry credentials, a query or a fragment")
        return value.rstrip("/")

    @field_validator("vendor_collection_path")
    @classmethod
    def _absolute_path(cls, value: str) -> str:
        if not value.startswith("/") or "?" in value or "#" in value:
            raise ValueError("must be a path starting with '/', without query or fragment")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _production_refuses_development_values(self) -> Settings:
        if self.app_env != "production":
            return self
        problems = development_values(self.vendor_base_url, [self.cursor_secret.get_secret_value()])
        if problems:
            raise ValueError("production mode refuses " + "; ".join(problems))
        return self


def development_values(url: str, secrets: list[str]) -> list[str]:
    """What marks a configuration as a development one (sandbox URL, sandbox secrets)."""
    problems = []
    if urlsplit(url).hostname in LOOPBACK_HOSTS:
        problems.append(f"the loopback URL {url}")
    if any(secret.startswith(DEVELOPMENT_SECRET_PREFIX) for secret in secrets):
        problems.append(f"secrets starting with {DEVELOPMENT_SECRET_PREFIX!r}")
    return problems
