"""JWT verification: the sandbox's dev identity provider, and the attacks it must refuse."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from {{ cookiecutter.__package_name }}.api.auth import (
    Principal,
    jwt_auth,
)
from {{ cookiecutter.__package_name }}.api.auth.jwt_auth import (
    JWKS_RETRY_SECONDS,
    InboundAuthSettings,
    JwtAuthenticator,
)
from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.production import (
    production_problems,
)

from sandbox.identity import SIGNING_KEY, public_jwks
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    AUDIENCE,
    ISSUER,
    KEY_ID,
    CallerCredentials,
)
from tests.support.servers import serve


def request_with(token: str) -> Request:
    return Request({"type": "http", "headers": [(b"authorization", f"Bearer {token}".encode())]})


async def authenticate(authenticator: JwtAuthenticator, token: str) -> Principal:
    return await authenticator.authenticate(request_with(token))


async def rejected(authenticator: JwtAuthenticator, token: str) -> bool:
    try:
        await authenticate(authenticator, token)
    except ServiceError as error:
        return error.code == "UNAUTHENTICATED"
    return False


@pytest.fixture
def authenticator(credentials: CallerCredentials) -> JwtAuthenticator:
    return JwtAuthenticator(credentials.settings())


def b64url(raw: bytes) -> str:
    """Base64url without padding, as JWTs encode their parts."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def b64(data: dict[str, object]) -> str:
    return b64url(json.dumps(data).encode())


@pytest.mark.anyio
async def test_dev_tokens_from_the_sandbox_verify_through_its_jwks_url(
    sandbox_url: str, sandbox_admin: httpx.Client
) -> None:
    settings = InboundAuthSettings(
        _env_file=None,
        jwt_issuer=f"{sandbox_url}/_sandbox",
        jwt_audience="my-service",
        jwt_jwks_url=f"{sandbox_url}/_sandbox/jwks.json",
    )
    token = sandbox_admin.post(
        "/_sandbox/dev-token",
        json={"audience": "my-service", "scopes": ["things:read"], "subject": "dev"},
    ).json()["access_token"]

    principal = await authenticate(JwtAuthenticator(settings), token)

    assert principal == Principal(name="dev", scopes=frozenset({"things:read"}))
    assert production_problems("production", False, [settings]) == [
        "JWT_JWKS_URL: production needs an https:// URL",
        "JWT_JWKS_URL: a loopback, unspecified or link-local host (a development value)",
    ]


class IdentityProvider:
    """A JWKS URL that serves `key_set` while up and answers 503 while down; it counts
    the fetches."""

    def __init__(self, key_set: str) -> None:
        self.key_set = key_set
        self.up = True
        self.fetches = 0

    def app(self) -> Starlette:
        async def jwks(request: Request) -> Response:
            self.fetches += 1
            if not self.up:
                return Response(status_code=503)
            return Response(self.key_set, media_type="application/json")

        return Starlette(routes=[Route("/jwks.json", jwks)])


@contextmanager
def behind_a_provider(
    credentials: CallerCredentials, clock: Callable[[], float] = time.monotonic
) -> Iterator[tuple[IdentityProvider, JwtAuthenticator]]:
    """The credentials' keys served at a JWKS URL, and an authenticator that fetches them."""
    settings = credentials.settings()
    assert settings.jwt_jwks_file is not None
    provider = IdentityProvider(settings.jwt_jwks_file.read_text(encoding="utf-8"))
    with serve(provider.app()) as url:
        at_url = {"jwt_jwks_file": None, "jwt_jwks_url": f"{url}/jwks.json"}
        yield provider, JwtAuthenticator(settings.model_copy(update=at_url), clock=clock)


async def refusal(authenticator: JwtAuthenticator, token: str) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        await authenticate(authenticator, token)
    return raised.value


@pytest.mark.anyio
async def test_an_unavailable_identity_provider_is_a_retryable_503_that_fails_fast(
    credentials: CallerCredentials,
) -> None:
    now = [0.0]
    with behind_a_provider(credentials, clock=lambda: now[0]) as (provider, authenticator):
        provider.up = False
        token = credentials.token("a:read")

        errors = []
        for moment in (0.0, JWKS_RETRY_SECONDS - 0.1, JWKS_RETRY_SECONDS + 0.1):
            now[0] = moment
            errors.append(await refusal(authenticator, token))

    # Not the caller's fault: not 401, and worth retrying after Retry-After.
    assert {error.code for error in errors} == {"AUTH_PROVIDER_UNAVAILABLE"}
    assert {error.retry_after for error in errors} == {JWKS_RETRY_SECONDS}
    assert "503" in str(errors[0].log_context["jwks_error"])
    # The request inside the window did not wait for a fetch of its own.
    assert provider.fetches == 2


@pytest.mark.anyio
async def test_a_key_set_nested_too_deep_is_the_provider_failing(
    credentials: CallerCredentials,
) -> None:
    with behind_a_provider(credentials, clock=lambda: 0.0) as (provider, authenticator):
        provider.key_set = "[" * 50_000  # json.load gives up: RecursionError
        token = credentials.token("a:read")

        errors = [await refusal(authenticator, token) for _ in range(2)]

    assert {error.code for error in errors} == {"AUTH_PROVIDER_UNAVAILABLE"}
    assert provider.fetches == 1  # the second waited out the retry window, as for any failure


@pytest.mark.anyio
async def test_callers_arriving_together_share_one_failed_fetch(
    credentials: CallerCredentials,
) -> None:
    with behind_a_provider(credentials) as (provider, authenticator):
        provider.up = False
        tokens = [credentials.token("a:read") for _ in range(6)]

        results = await asyncio.gather(
            *(authenticate(authenticator, token) for token in tokens), return_exceptions=True
        )

    assert all(isinstance(result, ServiceError) for result in results)
    assert provider.fetches == 1


@pytest.mark.anyio
async def test_a_known_key_serves_while_the_provider_is_down_whatever_other_callers_send(
    credentials: CallerCredentials, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keys kept for a moment only, so the provider is asked again within the test.
    monkeypatch.setattr(jwt_auth, "JWKS_CACHE_SECONDS", 0.01)
    now = [0.0]
    with behind_a_provider(credentials, clock=lambda: now[0]) as (provider, authenticator):
        token = credentials.token("a:read")
        await authenticate(authenticator, token)  # the key is found and kept
        provider.up = False
        time.sleep(0.05)  # PyJWKClient's copy of the key set has expired too

        # A token with a key id the service never saw makes it ask the provider, which fails...
        now[0] = 1.0
        forged = jwt.encode(
            {"sub": "x"}, ec.generate_private_key(ec.SECP256R1()), "ES256", {"kid": "unknown"}
        )
        assert (await refusal(authenticator, forged)).code == "AUTH_PROVIDER_UNAVAILABLE"
        # ...yet the caller whose key was found before is still let in, in the window and after.
        for moment in (2.0, 2.0 + JWKS_RETRY_SECONDS):
            now[0] = moment
            principal = await authenticate(authenticator, token)
            assert principal.scopes == frozenset({"a:read"})

    assert provider.fetches == 3  # the first find, the unknown id, the known one once expired


@pytest.mark.anyio
async def test_valid_token_gives_its_subject_and_scopes(
    authenticator: JwtAuthenticator, credentials: CallerCredentials
) -> None:
    principal = await authenticate(authenticator, credentials.token("a:read", "a:write"))

    assert principal.name == "test-caller"
    assert principal.scopes == {"a:read", "a:write"}


@pytest.mark.anyio
async def test_scp_claim_lists_scopes(
    authenticator: JwtAuthenticator, credentials: CallerCredentials
) -> None:
    token = credentials.token(scope=None, scp=["a:read"])

    assert (await authenticate(authenticator, token)).scopes == {"a:read"}


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "someone-else"},
        {"iss": "https://evil.test"},
        {"exp": int(time.time()) - 600},
        {"nbf": int(time.time()) + 600},
        {"sub": None},
    ],
    ids=["audience", "issuer", "expired", "not-yet-valid", "no-subject"],
)
@pytest.mark.anyio
async def test_wrong_claims_are_rejected(
    authenticator: JwtAuthenticator, credentials: CallerCredentials, claims: dict[str, object]
) -> None:
    assert await rejected(authenticator, credentials.token(**claims))  # None drops the claim


@pytest.mark.anyio
async def test_alg_none_is_rejected(authenticator: JwtAuthenticator) -> None:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": now + 60, "scope": "a:read"}
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': KEY_ID})}.{b64(claims)}."

    assert await rejected(authenticator, unsigned)


@pytest.mark.anyio
async def test_hmac_signed_with_the_public_key_is_rejected(credentials: CallerCredentials) -> None:
    public_pem = credentials.public_key_pem()
    settings = InboundAuthSettings(
        _env_file=None, jwt_issuer=ISSUER, jwt_audience=AUDIENCE, jwt_public_key=public_pem
    )
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": now + 60}
    signed_part = f"{b64({'alg': 'HS256', 'typ': 'JWT'})}.{b64(claims)}"
    digest = hmac.new(public_pem.encode(), signed_part.encode(), hashlib.sha256).digest()
    forged = f"{signed_part}.{b64url(digest)}"

    assert await rejected(JwtAuthenticator(settings), forged)


@pytest.mark.parametrize("algorithms", [["HS256"], ["none"], ["RS256", "HS512"], []])
def test_symmetric_or_empty_algorithm_lists_are_refused(algorithms: list[str]) -> None:
    with pytest.raises(ValidationError, match="asymmetric"):
        InboundAuthSettings(
            _env_file=None,
            jwt_issuer=ISSUER,
            jwt_audience=AUDIENCE,
            jwt_public_key="unused",
            jwt_algorithms=algorithms,
        )


def test_exactly_one_key_source_is_required() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        InboundAuthSettings(_env_file=None, jwt_issuer=ISSUER, jwt_audience=AUDIENCE)


def test_public_key_helper_matches_the_signing_key(credentials: CallerCredentials) -> None:
    public_key = serialization.load_pem_public_key(credentials.public_key_pem().encode())

    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    claims = jwt.decode(
        credentials.token("a:read"), public_key, algorithms=["ES256"], audience=AUDIENCE
    )

    assert (claims["sub"], claims["scope"]) == ("test-caller", "a:read")


SANDBOX_KEY = "the sandbox's signing key, whose private half ships with the project"


def jwt_settings(**key_source: object) -> InboundAuthSettings:
    return InboundAuthSettings(
        _env_file=None,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        jwt_algorithms=["ES256"],
        **key_source,  # type: ignore[arg-type]
    )


def test_production_refuses_the_sandbox_signing_key(tmp_path: Path) -> None:
    pem = SIGNING_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(public_jwks()), encoding="utf-8")

    by_pem = jwt_settings(jwt_public_key=pem.decode())
    by_file = jwt_settings(jwt_jwks_file=jwks)

    assert production_problems("production", False, [by_pem]) == [f"JWT_PUBLIC_KEY: {SANDBOX_KEY}"]
    assert production_problems("production", False, [by_file]) == [
        f"JWT_JWKS_FILE: holds {SANDBOX_KEY}"
    ]
    assert production_problems("development", False, [by_pem, by_file]) == []


def test_production_takes_any_other_key(credentials: CallerCredentials) -> None:
    by_file = credentials.settings()
    by_pem = jwt_settings(jwt_public_key=credentials.public_key_pem())

    assert production_problems("production", False, [by_file, by_pem]) == []


@pytest.mark.parametrize("content", [None, "not json", '{"keys": "x"}', "[]", '{"keys": []}'])
def test_a_jwks_file_without_a_usable_key_stops_the_start(
    tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "jwks.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")

    with pytest.raises(ValidationError, match="jwt_jwks_file"):
        jwt_settings(jwt_jwks_file=path)


@pytest.mark.anyio
async def test_a_public_key_in_openssh_form_verifies_tokens(credentials: CallerCredentials) -> None:
    # PyJWT takes a key as PEM or in OpenSSH's form (ecdsa-sha2-..., ssh-rsa ...).
    public_key = serialization.load_pem_public_key(credentials.public_key_pem().encode())
    openssh = public_key.public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    ).decode()

    authenticator = JwtAuthenticator(jwt_settings(jwt_public_key=openssh))

    assert (await authenticate(authenticator, credentials.token("a:read"))).name == "test-caller"


def test_a_public_key_that_is_not_one_stops_the_start() -> None:
    with pytest.raises(ValidationError, match="not a PEM or OpenSSH public key"):
        jwt_settings(jwt_public_key="not-a-key")
