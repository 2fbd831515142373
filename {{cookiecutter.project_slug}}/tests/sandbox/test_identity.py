"""The development identity provider: a JWKS and dev tokens that verify against it."""

from __future__ import annotations

import jwt

from tests.sandbox.harness import start_sandbox


def test_dev_tokens_verify_against_the_published_jwks() -> None:
    sandbox = start_sandbox()
    keys = jwt.PyJWKSet.from_dict(sandbox.client.get("/_sandbox/jwks.json").json())

    answer = sandbox.client.post(
        "/_sandbox/dev-token",
        json={"audience": "my-service", "scopes": ["contacts:read"], "ttl_seconds": 60},
    )

    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 60
    claims = jwt.decode(
        body["access_token"],
        keys.keys[0],
        algorithms=["ES256"],
        audience="my-service",
        options={"verify_exp": False},
    )
    assert claims["scope"] == "contacts:read"
    assert claims["iss"].endswith("/_sandbox")
    assert claims["exp"] - claims["iat"] == 60


def test_an_invalid_dev_token_request_is_rejected() -> None:
    sandbox = start_sandbox()

    answer = sandbox.client.post("/_sandbox/dev-token", json={"scopes": "not-a-list"})

    assert answer.status_code == 422
    assert answer.json()["error"]["type"] == "validation_error"
