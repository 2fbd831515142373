import asyncio
import json
import math
from typing import Any

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.__package_name }}.upstream.auth.oauth2_client_credentials import (
    OAuth2ClientCredentialsAuth,
    VendorAuthSettings,
    VendorTokenError,
    build_vendor_auth,
)

from tests.support.records import FIRST_ID
from tests.vendor_auth.harness import BASE_URL, VendorSandbox, start_vendor

SECRET = "client-s3cret"


def _vendor(token_ttl_seconds: int = 300) -> VendorSandbox:
    return start_vendor(
        "oauth2_client_credentials",
        client_id="client-1",
        client_secret=SECRET,
        token_ttl_seconds=token_ttl_seconds,
    )


def _auth(vendor: VendorSandbox, *, secret: str = SECRET, margin: float = 30) -> httpx.Auth:
    settings = VendorAuthSettings(
        client_id="client-1",
        client_secret=SecretStr(secret),
        token_url=f"{BASE_URL}/oauth/token",
        token_refresh_margin_seconds=margin,
        _env_file=None,
    )
    return build_vendor_auth(settings, vendor.clock)


def _statuses(calls: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(call["operation"], call["status"]) for call in calls]


@pytest.mark.anyio
async def test_a_token_is_fetched_and_used() -> None:
    vendor = _vendor()

    async def scenario() -> httpx.Response:
        async with vendor.client(_auth(vendor)) as client:
            return await client.get(f"/contacts/{FIRST_ID}")

    response = await scenario()

    assert response.status_code == 200
    assert _statuses(await vendor.calls()) == [("token", 200), ("get", 200)]


@pytest.mark.anyio
async def test_a_wrong_client_secret_raises_a_token_error_without_the_secret() -> None:
    vendor = _vendor()

    async def scenario() -> None:
        async with vendor.client(_auth(vendor, secret="wrong-s3cret")) as client:
            await client.get("/contacts")

    with pytest.raises(VendorTokenError) as raised:
        await scenario()

    assert str(raised.value) == "token endpoint answered HTTP 401 (invalid_client)"
    assert "s3cret" not in str(raised.value)


@pytest.mark.anyio
async def test_the_token_is_cached_until_the_refresh_margin() -> None:
    vendor = _vendor(token_ttl_seconds=300)
    auth = _auth(vendor, margin=30)

    async def scenario() -> list[int]:
        token_calls = []
        async with vendor.client(auth) as client:
            for advance in (0, 100, 169, 1):  # 270 s in: 30 s before expiry
                vendor.clock.advance(advance)
                assert (await client.get("/contacts")).status_code == 200
                token_calls.append(await vendor.token_calls())
        return token_calls

    assert await scenario() == [1, 1, 1, 2]


@pytest.mark.anyio
async def test_a_margin_longer_than_half_the_token_life_is_capped() -> None:
    vendor = _vendor(token_ttl_seconds=40)
    auth = _auth(vendor, margin=30)

    async def scenario() -> list[int]:
        token_calls = []
        async with vendor.client(auth) as client:
            for advance in (0, 19, 1):  # refreshed at 20 s, half of the 40 s life
                vendor.clock.advance(advance)
                assert (await client.get("/contacts")).status_code == 200
                token_calls.append(await vendor.token_calls())
        return token_calls

    assert await scenario() == [1, 1, 2]


@pytest.mark.anyio
async def test_a_revoked_token_is_refreshed_once_and_the_request_retried() -> None:
    vendor = _vendor()
    auth = _auth(vendor)

    async def scenario() -> httpx.Response:
        async with vendor.client(auth) as client:
            await client.get("/contacts")
            await vendor.admin("POST", "/tokens/revoke")
            return await client.get("/contacts")

    response = await scenario()

    assert response.status_code == 200
    assert _statuses(await vendor.calls()) == [
        ("token", 200),
        ("list", 200),
        ("list", 401),
        ("token", 200),
        ("list", 200),
    ]


@pytest.mark.anyio
async def test_a_second_401_is_returned_without_another_refresh() -> None:
    vendor = _vendor()
    auth = _auth(vendor)

    async def scenario() -> httpx.Response:
        await vendor.queue_fault(operation="list", fault="status", times=5, params={"status": 401})
        async with vendor.client(auth) as client:
            return await client.get("/contacts")

    response = await scenario()

    assert response.status_code == 401
    assert _statuses(await vendor.calls()) == [
        ("token", 200),
        ("list", 401),
        ("token", 200),
        ("list", 401),
    ]


@pytest.mark.anyio
async def test_concurrent_requests_with_a_cold_cache_share_one_token_request() -> None:
    vendor = _vendor()
    auth = _auth(vendor)

    async def scenario() -> list[httpx.Response]:
        async with vendor.client(auth) as client:
            return await asyncio.gather(*(client.get("/contacts") for _ in range(10)))

    responses = await scenario()

    assert [response.status_code for response in responses] == [200] * 10
    assert await vendor.token_calls() == 1


@pytest.mark.anyio
async def test_concurrent_requests_rejected_together_share_one_refresh() -> None:
    vendor = _vendor()
    auth = _auth(vendor)

    async def scenario() -> list[httpx.Response]:
        async with vendor.client(auth) as client:
            await client.get("/contacts")
            await vendor.admin("POST", "/tokens/revoke")
            return await asyncio.gather(*(client.get("/contacts") for _ in range(5)))

    responses = await scenario()

    assert [response.status_code for response in responses] == [200] * 5
    assert await vendor.token_calls() == 2


@pytest.mark.anyio
async def test_a_token_without_expires_in_is_kept_until_the_vendor_rejects_it() -> None:
    vendor = _vendor(token_ttl_seconds=300)
    auth = _auth(vendor)

    async def scenario() -> list[int]:
        await vendor.queue_fault(
            operation="token", fault="missing_field", params={"field": "expires_in"}
        )
        token_calls = []
        async with vendor.client(auth) as client:
            for advance in (0, 299, 1):  # the vendor expires it at 300 s
                vendor.clock.advance(advance)
                assert (await client.get("/contacts")).status_code == 200
                token_calls.append(await vendor.token_calls())
        return token_calls

    assert await scenario() == [1, 1, 2]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ({"fault": "status", "params": {"status": 503}}, "token endpoint answered HTTP 503"),
        ({"fault": "malformed_json"}, "not JSON"),
        ({"fault": "html_error"}, "token endpoint answered HTTP 502"),
        ({"fault": "missing_field", "params": {"field": "access_token"}}, "no access_token"),
        ({"fault": "mistyped_field", "params": {"field": "expires_in"}}, "non-numeric expires_in"),
        ({"fault": "mistyped_field", "params": {"field": "token_type"}}, "not a bearer token"),
        ({"fault": "compressed_bomb"}, "compressed body"),
        ({"fault": "oversized_body", "params": {"bytes": 100_000}}, "oversized body"),
    ],
)
async def test_a_broken_token_response_raises_then_the_next_call_recovers(
    plan: dict[str, Any], message: str
) -> None:
    vendor = _vendor()
    auth = _auth(vendor)

    async def scenario() -> httpx.Response:
        await vendor.queue_fault(operation="token", **plan)
        async with vendor.client(auth) as client:
            with pytest.raises(VendorTokenError, match=message):
                await client.get("/contacts")
            return await client.get("/contacts")

    assert (await scenario()).status_code == 200


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("answer", "message"),
    [
        # A line break would end the Authorization header (and add one); the token would be
        # kept, and every call fail, until the service restarts.
        ({"access_token": "abc\r\nX-Injected: 1", "token_type": "Bearer"}, "header cannot"),
        ({"access_token": "t\u00f6ken", "token_type": "Bearer"}, "header cannot"),
        ({"access_token": "abc", "token_type": "Bearer", "expires_in": float("nan")}, "expires_in"),
        (b"[" * 50_000, "not JSON"),  # deeper than Python's stack, under the size cap
    ],
)
async def test_a_token_answer_a_request_cannot_use_is_refused(
    answer: dict[str, object] | bytes, message: str
) -> None:
    auth = _auth(_vendor())
    assert isinstance(auth, OAuth2ClientCredentialsAuth)
    request = httpx.Request("POST", f"{BASE_URL}/oauth/token")
    body = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
    token_answer = httpx.Response(
        200, content=body, headers={"Content-Type": "application/json"}, request=request
    )

    with pytest.raises(VendorTokenError, match=message):
        await auth._read_token(token_answer, 0.0)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("answer", "refresh_at"),
    [
        # Outside RFC 6750's b64token, yet what a header carries: Salesforce's tokens hold "!".
        ({"access_token": "00Dxx0000001gPF!AR8AQJXg", "token_type": "Bearer"}, math.inf),
        # Too large for a float: as good as no expiry, not a crash.
        ({"access_token": "abc", "token_type": "Bearer", "expires_in": 10**400}, math.inf),
    ],
)
async def test_a_token_answer_a_header_can_carry_is_taken(
    answer: dict[str, object], refresh_at: float
) -> None:
    auth = _auth(_vendor())
    assert isinstance(auth, OAuth2ClientCredentialsAuth)
    request = httpx.Request("POST", f"{BASE_URL}/oauth/token")
    token_answer = httpx.Response(200, content=json.dumps(answer).encode(), request=request)

    token = await auth._read_token(token_answer, 0.0)

    assert (token.value, token.refresh_at) == (answer["access_token"], refresh_at)


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise AssertionError("no request should be sent")


def test_sync_clients_are_refused_with_a_clear_error() -> None:
    vendor = _vendor()
    with (
        httpx.Client(auth=_auth(vendor), transport=httpx.MockTransport(_unreachable)) as client,
        pytest.raises(RuntimeError, match="AsyncClient"),
    ):
        client.get(f"{BASE_URL}/contacts")


@pytest.mark.parametrize(
    "token_url",
    ["ftp://vendor.test/token", "/oauth/token", "vendor.test", "https://vendor.test:99999/token"],
)
def test_the_token_url_must_be_a_full_http_url(token_url: str) -> None:
    with pytest.raises(ValidationError, match="token_url"):
        VendorAuthSettings(
            client_id="c", client_secret=SecretStr("s"), token_url=token_url, _env_file=None
        )


def test_settings_come_from_vendor_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDOR_CLIENT_ID", "env-client")
    monkeypatch.setenv("VENDOR_CLIENT_SECRET", "env-secret")
    monkeypatch.setenv("VENDOR_TOKEN_URL", "https://auth.vendor.test/oauth/token")
    monkeypatch.delenv("VENDOR_TOKEN_REFRESH_MARGIN_SECONDS", raising=False)

    settings = VendorAuthSettings(_env_file=None)

    assert settings.client_id == "env-client"
    assert settings.token_url == "https://auth.vendor.test/oauth/token"
    assert settings.token_refresh_margin_seconds == 30
    assert settings.secret_values() == ["env-secret"]
    assert "env-secret" not in repr(settings)


@pytest.mark.parametrize(
    "missing", ["VENDOR_CLIENT_ID", "VENDOR_CLIENT_SECRET", "VENDOR_TOKEN_URL"]
)
def test_client_id_secret_and_token_url_are_required(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setenv("VENDOR_CLIENT_ID", "env-client")
    monkeypatch.setenv("VENDOR_CLIENT_SECRET", "env-secret")
    monkeypatch.setenv("VENDOR_TOKEN_URL", "https://auth.vendor.test/oauth/token")
    monkeypatch.delenv(missing)

    with pytest.raises(ValidationError):
        VendorAuthSettings(_env_file=None)
