"""Caller credentials for tests when callers authenticate with JWTs.

A fresh EC key signs the tokens; its public half is written as a JWKS file the service
reads, so tests exercise real signature, issuer, audience and expiry checks.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from {{ cookiecutter.__package_name }}.choices import (
    InboundAuthSettings,
)

ISSUER = "https://issuer.test"
AUDIENCE = "integration-service-tests"
KEY_ID = "test-key-1"


class CallerCredentials:
    def __init__(self, workdir: Path) -> None:
        self._private_key = ec.generate_private_key(ec.SECP256R1())
        self._jwks_file = workdir / "jwks.json"

    def settings(self) -> InboundAuthSettings:
        public_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self._private_key.public_key()))
        public_jwk.update({"kid": KEY_ID, "alg": "ES256", "use": "sig"})
        self._jwks_file.write_text(json.dumps({"keys": [public_jwk]}), encoding="utf-8")
        return InboundAuthSettings(
            _env_file=None,
            jwt_issuer=ISSUER,
            jwt_audience=AUDIENCE,
            jwt_algorithms=["ES256"],
            jwt_jwks_file=self._jwks_file,
        )

    def public_key_pem(self) -> str:
        public_key = self._private_key.public_key()
        return public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def sign(self, claims: dict[str, object]) -> str:
        return jwt.encode(claims, self._private_key, algorithm="ES256", headers={"kid": KEY_ID})

    def token(self, *scopes: str, **overrides: object) -> str:
        now = int(time.time())
        claims: dict[str, object] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "test-caller",
            "iat": now,
            "nbf": now,
            "exp": now + 300,
            "scope": " ".join(scopes),
        }
        claims.update(overrides)
        return self.sign({key: value for key, value in claims.items() if value is not None})

    def headers(self, *scopes: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(*scopes)}"}

    def invalid_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(exp=int(time.time()) - 3600)}"}
