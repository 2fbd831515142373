"""Sandbox configuration, read from SANDBOX_* environment variables."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar, get_args

AuthScheme = Literal[
    "api_key_header", "bearer_token", "oauth2_client_credentials", "hmac_signature", "none"
]
Pagination = Literal["cursor", "page_number", "offset", "link_header"]

AUTH_SCHEMES: tuple[AuthScheme, ...] = get_args(AuthScheme)
PAGINATION_STYLES: tuple[Pagination, ...] = get_args(Pagination)

_Choice = TypeVar("_Choice", bound=str)


@dataclass(frozen=True)
class SandboxConfig:
    auth_scheme: AuthScheme = "api_key_header"
    pagination: Pagination = "cursor"
    api_key: str = "sandbox-api-key"
    bearer_token: str = "sandbox-bearer-token"
    client_id: str = "sandbox-client"
    client_secret: str = "sandbox-client-secret"
    token_ttl_seconds: int = 300
    hmac_key_id: str = "sandbox-key"
    hmac_secret: str = "sandbox-hmac-secret"
    hmac_skew_seconds: int = 300
    seed_records: int = 25
    # The list answers' names: the vendor's (sandbox/records.py's LIST_NAMES, from its spec
    # where the project has one) or, False, the sandbox's own for every style.
    vendor_list_names: bool = True

    def __post_init__(self) -> None:
        _choice("auth_scheme", self.auth_scheme, AUTH_SCHEMES)
        _choice("pagination", self.pagination, PAGINATION_STYLES)
        for name in (
            "api_key",
            "bearer_token",
            "client_id",
            "client_secret",
            "hmac_key_id",
            "hmac_secret",
        ):
            if not getattr(self, name):
                raise ValueError(f"{name} must not be empty")
        if self.token_ttl_seconds < 1:
            raise ValueError(f"token_ttl_seconds must be at least 1, got {self.token_ttl_seconds}")
        if self.hmac_skew_seconds < 0:
            raise ValueError(
                f"hmac_skew_seconds must not be negative, got {self.hmac_skew_seconds}"
            )
        if self.seed_records < 0:
            raise ValueError(f"seed_records must not be negative, got {self.seed_records}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "SandboxConfig":
        defaults = cls()
        return cls(
            auth_scheme=_choice(
                "SANDBOX_AUTH_SCHEME",
                environ.get("SANDBOX_AUTH_SCHEME", defaults.auth_scheme),
                AUTH_SCHEMES,
            ),
            pagination=_choice(
                "SANDBOX_PAGINATION",
                environ.get("SANDBOX_PAGINATION", defaults.pagination),
                PAGINATION_STYLES,
            ),
            api_key=environ.get("SANDBOX_API_KEY", defaults.api_key),
            bearer_token=environ.get("SANDBOX_BEARER_TOKEN", defaults.bearer_token),
            client_id=environ.get("SANDBOX_CLIENT_ID", defaults.client_id),
            client_secret=environ.get("SANDBOX_CLIENT_SECRET", defaults.client_secret),
            token_ttl_seconds=_integer(environ, "SANDBOX_TOKEN_TTL", defaults.token_ttl_seconds),
            hmac_key_id=environ.get("SANDBOX_HMAC_KEY_ID", defaults.hmac_key_id),
            hmac_secret=environ.get("SANDBOX_HMAC_SECRET", defaults.hmac_secret),
            hmac_skew_seconds=_integer(environ, "SANDBOX_HMAC_SKEW", defaults.hmac_skew_seconds),
            seed_records=_integer(environ, "SANDBOX_SEED_RECORDS", defaults.seed_records),
        )


def _choice(name: str, value: str, allowed: tuple[_Choice, ...]) -> _Choice:
    for option in allowed:
        if option == value:
            return option
    raise ValueError(f"{name} must be one of {', '.join(allowed)}; got {value!r}")


def _integer(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from None
