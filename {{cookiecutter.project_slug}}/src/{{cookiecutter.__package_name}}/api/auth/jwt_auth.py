"""JWT bearer tokens, verified with PyJWT against a JWKS (URL or file) or a public key.

Only the algorithms in JWT_ALGORITHMS are accepted, and only asymmetric ones may be
configured, so `alg: none` and HS/RS key confusion are refused. Issuer, audience, exp and
nbf are checked with a small leeway. Scopes come from the `scope` claim (space-separated)
or the `scp` claim (a list).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jwt
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi import Request
from pydantic import Field, field_validator, model_validator

from ...errors import ServiceError
from ...service_settings import ServiceSettings
from . import Principal, bearer_credential, unauthenticated

ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
OPENAPI_SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
}
# A JWKS fetch may take this long; after one fails, tokens are refused (503, retryable)
# without fetching for JWKS_RETRY_SECONDS, which is also the Retry-After callers get.
JWKS_FETCH_TIMEOUT = 5.0
JWKS_RETRY_SECONDS = 5.0
# How long a key found at the JWKS URL is used without asking the provider again.
JWKS_CACHE_SECONDS = 300.0
# The x coordinate of the sandbox identity provider's ES256 key (sandbox/identity.py): its
# private half ships with every project, so production refuses it as a verification key.
SANDBOX_KEY_X = 0xAF2E40A4E15285FB457E137B6C48E4CF370B784CC81EAA1910C487B7FD21B267


def public_key_of(text: str) -> object:
    """The key of JWT_PUBLIC_KEY, in either form PyJWT takes: PEM or OpenSSH."""
    data = text.strip().encode()
    try:
        if data.startswith((b"ssh-", b"ecdsa-sha2-")):
            return serialization.load_ssh_public_key(data)
        return serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        raise ValueError("not a PEM or OpenSSH public key") from None


def key_set_of(path: Path) -> jwt.PyJWKSet:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot read the file ({type(error).__name__})") from None
    try:
        return jwt.PyJWKSet.from_json(text)
    except (jwt.PyJWTError, ValueError, AttributeError, TypeError):
        raise ValueError("not a JWKS with a usable key") from None


def is_sandbox_key(key: object) -> bool:
    return isinstance(key, ec.EllipticCurvePublicKey) and key.public_numbers().x == SANDBOX_KEY_X


class InboundAuthSettings(ServiceSettings):
    jwt_issuer: str = Field(min_length=1)
    jwt_audience: str = Field(min_length=1)
    jwt_algorithms: list[str] = Field(default_factory=lambda: ["RS256", "ES256"])
    jwt_jwks_url: str | None = None
    jwt_jwks_file: Path | None = None
    jwt_public_key: str | None = None
    jwt_leeway_seconds: float = Field(default=30.0, ge=0, le=300)

    @field_validator("jwt_algorithms")
    @classmethod
    def _asymmetric_only(cls, algorithms: list[str]) -> list[str]:
        refused = sorted(set(algorithms) - ASYMMETRIC_ALGORITHMS)
        if refused or not algorithms:
            raise ValueError(
                f"only asymmetric algorithms are allowed ({', '.join(sorted(ASYMMETRIC_ALGORITHMS))}); "
                f"refused: {', '.join(refused) or 'an empty list'}"
            )
        return algorithms

    @field_validator("jwt_public_key")
    @classmethod
    def _a_public_key(cls, pem: str | None) -> str | None:
        if pem is not None:
            public_key_of(pem)
        return pem

    @field_validator("jwt_jwks_file")
    @classmethod
    def _a_key_set(cls, path: Path | None) -> Path | None:
        # Read at start, so a missing or broken file stops the service before it serves.
        if path is not None:
            key_set_of(path)
        return path

    @model_validator(mode="after")
    def _exactly_one_key_source(self) -> InboundAuthSettings:
        sources = [self.jwt_jwks_url, self.jwt_jwks_file, self.jwt_public_key]
        if sum(source is not None for source in sources) != 1:
            raise ValueError("set exactly one of JWT_JWKS_URL, JWT_JWKS_FILE, JWT_PUBLIC_KEY")
        return self

    def development_values(self) -> list[str]:
        # JWT_JWKS_URL is checked like every URL setting (https, no local host): production.py.
        sandbox = "the sandbox's signing key, whose private half ships with the project"
        if self.jwt_public_key is not None and is_sandbox_key(public_key_of(self.jwt_public_key)):
            return [f"JWT_PUBLIC_KEY: {sandbox}"]
        if self.jwt_jwks_file is not None and any(
            is_sandbox_key(key.key) for key in key_set_of(self.jwt_jwks_file).keys
        ):
            return [f"JWT_JWKS_FILE: holds {sandbox}"]
        return []


class JwtAuthenticator:
    def __init__(
        self, settings: InboundAuthSettings, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._settings = settings
        self._provider_keys = (
            ProviderKeys(settings.jwt_jwks_url, clock) if settings.jwt_jwks_url else None
        )
        self._key_set = key_set_of(settings.jwt_jwks_file) if settings.jwt_jwks_file else None

    async def authenticate(self, request: Request) -> Principal:
        token = bearer_credential(request)
        if token is None:
            raise unauthenticated("Send a JWT as 'Authorization: Bearer <token>'.")
        try:
            key = await self._verification_key(token)
        except jwt.PyJWKClientConnectionError as error:
            raise keys_unavailable(error) from None
        except (jwt.PyJWTError, ValueError, json.JSONDecodeError):
            raise unauthenticated("The token is not valid.") from None
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=self._settings.jwt_algorithms,
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                leeway=self._settings.jwt_leeway_seconds,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except (jwt.PyJWTError, ValueError, json.JSONDecodeError):
            raise unauthenticated("The token is not valid.") from None
        return Principal(name=str(claims["sub"]), scopes=scopes_of(claims))

    async def _verification_key(self, token: str) -> jwt.PyJWK | str:
        if self._provider_keys is not None:
            return await self._provider_keys.key_for(token)
        if self._key_set is not None:
            key_id = jwt.get_unverified_header(token).get("kid")
            for key in self._key_set.keys:
                if key.key_id == key_id:
                    return key
            raise jwt.InvalidKeyError("no key with that kid")
        assert self._settings.jwt_public_key is not None
        return self._settings.jwt_public_key


@dataclass(frozen=True)
class KnownKey:
    key: jwt.PyJWK
    fetched_at: float


class ProviderKeys:
    """The identity provider's keys from its JWKS URL, by key id.

    A key found is used for JWKS_CACHE_SECONDS without asking again; one fetch runs at a
    time, and callers that waited for it look again before fetching themselves. For
    JWKS_RETRY_SECONDS after a failed fetch nothing is fetched: a key found before still
    serves, and a token with any other key id is refused at once (503), so a caller with an
    unknown key id can neither make every caller wait nor lock out those with known ones.
    """

    def __init__(self, url: str, clock: Callable[[], float]) -> None:
        # PyJWKClient keeps the set for JWKS_CACHE_SECONDS; its per-key cache would keep a
        # key for ever, after the provider dropped it.
        self._client = jwt.PyJWKClient(
            url, cache_keys=False, lifespan=JWKS_CACHE_SECONDS, timeout=JWKS_FETCH_TIMEOUT
        )
        self._clock = clock
        self._known: dict[str | None, KnownKey] = {}
        self._failed_at: float | None = None
        self._fetching = asyncio.Lock()

    async def key_for(self, token: str) -> jwt.PyJWK:
        key_id = jwt.get_unverified_header(token).get("kid")
        fresh = self._fresh(key_id)
        if fresh is not None:
            return fresh
        async with self._fetching:
            fresh = self._fresh(key_id)  # fetched while this caller waited
            if fresh is not None:
                return fresh
            known = self._known.get(key_id)
            if self._failed_at is not None and self._clock() - self._failed_at < JWKS_RETRY_SECONDS:
                if known is not None:
                    return known.key
                raise jwt.PyJWKClientConnectionError("a fetch failed moments ago")
            try:
                key = await self._fetch(token)
            except jwt.PyJWKClientConnectionError:
                self._failed_at = self._clock()
                if known is not None:
                    return known.key  # the provider is down, not the key withdrawn
                raise
            self._failed_at = None
            self._known[key_id] = KnownKey(key, self._clock())
            return key

    async def _fetch(self, token: str) -> jwt.PyJWK:
        try:
            return await asyncio.to_thread(self._client.get_signing_key_from_jwt, token)
        except RecursionError:
            # PyJWKClient reads the answer with json.load, and lets this through: a key set
            # nested deeper than Python's stack is the provider failing like any other way.
            raise jwt.PyJWKClientConnectionError("the key set is nested too deep") from None

    def _fresh(self, key_id: str | None) -> jwt.PyJWK | None:
        known = self._known.get(key_id)
        if known is not None and self._clock() - known.fetched_at < JWKS_CACHE_SECONDS:
            return known.key
        return None


def keys_unavailable(error: Exception) -> ServiceError:
    return ServiceError(
        "AUTH_PROVIDER_UNAVAILABLE",
        "The keys that verify tokens could not be fetched; try again shortly.",
        retry_after=JWKS_RETRY_SECONDS,
        log_context={"jwks_error": str(error) or type(error).__name__},
    )


def scopes_of(claims: dict[str, object]) -> frozenset[str]:
    scope = claims.get("scope")
    if isinstance(scope, str):
        return frozenset(scope.split())
    listed = claims.get("scp")
    if isinstance(listed, list):
        return frozenset(str(item) for item in listed)
    return frozenset()


def build_authenticator(settings: InboundAuthSettings) -> JwtAuthenticator:
    return JwtAuthenticator(settings)
