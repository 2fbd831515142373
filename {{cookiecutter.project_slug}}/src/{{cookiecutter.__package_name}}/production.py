"""The production policy: what APP_ENV=production refuses, checked once, in one place.

Production refuses:
- any URL setting (a field named `*_url`: the vendor, its token endpoint, the JWKS) that is
  not https, or whose host is loopback, unspecified or link-local however it is written
  (`127.1`, `2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`, `0.0.0.0`, `localhost.`); the host
  is parsed, never resolved;
- any required secret (SecretStr setting) that is empty, any secret that starts with
  "sandbox-", in any case and with any surrounding whitespace, and the development
  credentials of the inbound auth scheme;
- public API documentation (EXPOSE_API_DOCS).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

from pydantic import BaseModel, SecretStr

from .startup_errors import ConfigError, env_variable

DEVELOPMENT_SECRET_PREFIX = "sandbox-"  # noqa: S105 - marks development values
LOCAL_HOST_NAMES = frozenset(
    {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@runtime_checkable
class HasDevelopmentValues(Protocol):
    def development_values(self) -> list[str]: ...


def production_problems(
    app_env: str, expose_api_docs: bool, models: Iterable[BaseModel]
) -> list[str]:
    """Every reason production refuses this configuration, as "VARIABLE: reason" lines."""
    if app_env != "production":
        return []
    problems = (
        ["EXPOSE_API_DOCS: production serves no API documentation"] if expose_api_docs else []
    )
    for model in models:
        for name in type(model).model_fields:
            value = getattr(model, name)
            variable = env_variable(type(model), name)
            if name.endswith("_url") and isinstance(value, str):
                problems.extend(f"{variable}: {reason}" for reason in url_problems(value))
            secrets = value if isinstance(value, list) else [value]
            # An optional one (a proxy URL) may be left empty, as if unset.
            required = type(model).model_fields[name].is_required()
            if required and any(isinstance(item, SecretStr) and is_empty(item) for item in secrets):
                problems.append(f"{variable}: empty (a credential is needed in production)")
            if any(
                isinstance(secret, SecretStr) and is_development_secret(secret.get_secret_value())
                for secret in secrets
            ):
                problems.append(
                    f"{variable}: a development secret (it starts with {DEVELOPMENT_SECRET_PREFIX!r})"
                )
        if isinstance(model, HasDevelopmentValues):
            problems.extend(model.development_values())
    return problems


def url_problems(url: str) -> list[str]:
    """Why production cannot use this URL (the value itself is never repeated: it may be
    long or carry what looks like credentials)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return ["not a URL"]
    problems = []
    if parts.scheme.lower() != "https":
        problems.append("production needs an https:// URL")
    if is_local_host(host):
        problems.append("a loopback, unspecified or link-local host (a development value)")
    return problems


def is_empty(secret: SecretStr) -> bool:
    return not secret.get_secret_value().strip()


def is_development_secret(secret: str) -> bool:
    return secret.strip().casefold().startswith(DEVELOPMENT_SECRET_PREFIX)


def is_local_host(host: str) -> bool:
    """Loopback, unspecified or link-local, by name or by address in any notation."""
    name = host.strip().strip("[]").rstrip(".").casefold()
    if not name or name in LOCAL_HOST_NAMES or name.endswith(".localhost"):
        return True
    address = parse_address(name)
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None and is_local_address(embedded):
            return True
    return is_local_address(address)


def is_local_address(address: IPAddress) -> bool:
    return address.is_loopback or address.is_unspecified or address.is_link_local


def parse_address(name: str) -> IPAddress | None:
    """The address a host string denotes, in the notations resolvers accept, without
    resolving anything: dotted quads, IPv6 (with a zone), and the inet_aton shorthands
    (`127.1`, `2130706433`, `0x7f000001`, `017700000001`)."""
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        pass
    if not name.replace(".", "").replace("x", "").isalnum():
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(name))
    except OSError:
        return None


def check_production(app_env: str, expose_api_docs: bool, models: Iterable[BaseModel]) -> None:
    """Raise a ConfigError listing every production refusal, if there is any."""
    problems = production_problems(app_env, expose_api_docs, models)
    if problems:
        raise ConfigError(problems)
