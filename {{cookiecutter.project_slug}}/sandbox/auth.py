"""Checks the configured auth scheme on every /{collection} request."""

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from starlette.requests import Request

from sandbox.config import SandboxConfig
from sandbox.signing import (
    CONTENT_SHA256_HEADER,
    KEY_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    body_sha256,
    canonical_request,
    sign,
)
from sandbox.tokens import TokenStore

API_KEY_HEADER = "X-Api-Key"


@dataclass(frozen=True)
class AuthFailure:
    message: str
    challenge: str
    """Value for the WWW-Authenticate header."""


async def authenticate(
    request: Request, config: SandboxConfig, tokens: TokenStore, clock: Callable[[], float]
) -> AuthFailure | None:
    """Return why the request is not authenticated, or None when it is."""
    match config.auth_scheme:
        case "none":
            return None
        case "api_key_header":
            return _check_api_key(request, config)
        case "bearer_token":
            return _check_static_bearer(request, config)
        case "oauth2_client_credentials":
            return _check_access_token(request, tokens)
        case "hmac_signature":
            return _check_signature(request, await request.body(), config, clock)


def _same(supplied: str, expected: str) -> bool:
    return hmac.compare_digest(supplied.encode("utf-8"), expected.encode("utf-8"))


def _check_api_key(request: Request, config: SandboxConfig) -> AuthFailure | None:
    challenge = f'ApiKey realm="sandbox", header="{API_KEY_HEADER}"'
    supplied = request.headers.get(API_KEY_HEADER)
    if supplied is None:
        return AuthFailure(f"missing {API_KEY_HEADER} header", challenge)
    if not _same(supplied, config.api_key):
        return AuthFailure("invalid API key", challenge)
    return None


def _bearer_credentials(request: Request) -> str | None:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    return credentials.strip()


def _check_static_bearer(request: Request, config: SandboxConfig) -> AuthFailure | None:
    challenge = 'Bearer realm="sandbox"'
    token = _bearer_credentials(request)
    if token is None:
        return AuthFailure("missing bearer token", challenge)
    if not _same(token, config.bearer_token):
        return AuthFailure("invalid bearer token", 'Bearer realm="sandbox", error="invalid_token"')
    return None


def _check_access_token(request: Request, tokens: TokenStore) -> AuthFailure | None:
    token = _bearer_credentials(request)
    if token is None:
        return AuthFailure("missing bearer token", 'Bearer realm="sandbox"')
    if not tokens.is_valid(token):
        return AuthFailure(
            "access token is unknown, expired or revoked",
            'Bearer realm="sandbox", error="invalid_token"',
        )
    return None


def _raw_path(request: Request) -> str:
    """The path exactly as sent, percent-encoding kept (raw_path is optional in ASGI)."""
    raw_path: bytes | None = request.scope.get("raw_path")
    if raw_path is None:
        return request.url.path
    return raw_path.decode("latin-1")


def _check_signature(
    request: Request, body: bytes, config: SandboxConfig, clock: Callable[[], float]
) -> AuthFailure | None:
    challenge = 'HMAC-SHA256 realm="sandbox"'
    headers = request.headers
    for name in (KEY_ID_HEADER, TIMESTAMP_HEADER, CONTENT_SHA256_HEADER, SIGNATURE_HEADER):
        if name not in headers:
            return AuthFailure(f"missing {name} header", challenge)
    if not _same(headers[KEY_ID_HEADER], config.hmac_key_id):
        return AuthFailure("unknown key id", challenge)
    timestamp = headers[TIMESTAMP_HEADER]
    if not timestamp.isascii() or not timestamp.lstrip("-").isdigit():
        return AuthFailure(f"{TIMESTAMP_HEADER} must be an integer of unix seconds", challenge)
    if abs(clock() - int(timestamp)) > config.hmac_skew_seconds:
        return AuthFailure("timestamp is outside the allowed clock skew", challenge)
    content_sha256 = body_sha256(body)
    if not _same(headers[CONTENT_SHA256_HEADER], content_sha256):
        return AuthFailure("content hash does not match the body", challenge)
    canonical = canonical_request(
        request.method,
        _raw_path(request),
        request.scope["query_string"].decode("latin-1"),
        timestamp,
        content_sha256,
    )
    if not _same(headers[SIGNATURE_HEADER], sign(config.hmac_secret, canonical)):
        return AuthFailure("signature does not match", challenge)
    return None
