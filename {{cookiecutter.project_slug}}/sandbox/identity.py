"""A development identity provider, for services whose callers authenticate with JWTs.

It publishes a JWKS and mints short-lived ES256 tokens, so `make run` works without an
external identity provider. The signing key below is public on purpose: it exists only for
the sandbox, and a service in production mode refuses a loopback JWKS URL.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.admin import ADMIN_PREFIX
from sandbox.errors import validation_error

KEY_ID = "sandbox-dev-key"
ALGORITHM = "ES256"
DEVELOPMENT_SIGNING_KEY = b"""-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvMkbc5rk/ba6cPtr
qkzZ6AXVOKdpZiuIBKAkadNVVy+hRANCAASvLkCk4VKF+0V+E3tsSOTPNwt4TMge
qhkQxIe3/SGyZ8pomvoYLOq1xZUoR+PJDwm0EtRe4X/06916bUU7pSdP
-----END PRIVATE KEY-----
"""


def load_signing_key() -> ec.EllipticCurvePrivateKey:
    key = load_pem_private_key(DEVELOPMENT_SIGNING_KEY, password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key


SIGNING_KEY = load_signing_key()


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    audience: str = Field(min_length=1, max_length=200)
    scopes: list[str] = Field(default_factory=list, max_length=50)
    subject: str = Field(default="developer", min_length=1, max_length=200)
    ttl_seconds: int = Field(default=3600, ge=1, le=86_400)


def public_jwks() -> dict[str, list[dict[str, str]]]:
    public_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(SIGNING_KEY.public_key()))
    public_jwk.update({"kid": KEY_ID, "alg": ALGORITHM, "use": "sig"})
    return {"keys": [public_jwk]}


def mint_token(issuer: str, request: TokenRequest, now: int) -> str:
    claims = {
        "iss": issuer,
        "aud": request.audience,
        "sub": request.subject,
        "iat": now,
        "nbf": now,
        "exp": now + request.ttl_seconds,
        "scope": " ".join(request.scopes),
    }
    return jwt.encode(claims, SIGNING_KEY, algorithm=ALGORITHM, headers={"kid": KEY_ID})


def identity_routes(clock: Callable[[], float]) -> list[Route]:
    async def jwks(request: Request) -> Response:
        del request
        return JSONResponse(public_jwks())

    async def dev_token(request: Request) -> Response:
        try:
            body = TokenRequest.model_validate_json(await request.body())
        except ValidationError as error:
            return validation_error("invalid dev-token request", error)
        issuer = f"{str(request.base_url).rstrip('/')}{ADMIN_PREFIX}"
        token = mint_token(issuer, body, int(clock()))
        return JSONResponse(
            {"access_token": token, "token_type": "Bearer", "expires_in": body.ttl_seconds}
        )

    return [
        Route(f"{ADMIN_PREFIX}/jwks.json", jwks, methods=["GET"]),
        Route(f"{ADMIN_PREFIX}/dev-token", dev_token, methods=["POST"]),
    ]
