from collections.abc import Callable

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.__package_name }}.upstream.auth.hmac_signature import (
    VendorAuthSettings,
    body_sha256,
    build_vendor_auth,
    canonical_request,
    sign,
)

from sandbox.answers import record_in
from tests.support.records import FIRST_ID, VENDOR_ID_FIELD, VENDOR_NEW_RECORD
from tests.vendor_auth.harness import (
    ManualClock,
    VendorSandbox,
    sandbox_canonical_request,
    start_vendor,
)

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def _vendor() -> VendorSandbox:
    return start_vendor(
        "hmac_signature",
        hmac_key_id="key-1",
        hmac_secret="s3cret",
        hmac_skew_seconds=300,
        # The list answer in the sandbox's own names ("data"), whatever the vendor's.
        vendor_list_names=False,
    )


def _auth(
    vendor: VendorSandbox,
    *,
    key_id: str = "key-1",
    secret: str = "s3cret",
    clock_offset: float = 0,
) -> httpx.Auth:
    settings = VendorAuthSettings(hmac_key_id=key_id, hmac_secret=SecretStr(secret), _env_file=None)
    return build_vendor_auth(settings, ManualClock(vendor.clock.now + clock_offset))


async def _send(
    vendor: VendorSandbox,
    auth: httpx.Auth,
    method: str,
    url: str,
    *,
    json: object = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.Response:
    async def scenario() -> httpx.Response:
        async with vendor.client(auth, transport) as client:
            return await client.request(method, url, json=json)

    return await scenario()


class TamperingTransport(httpx.AsyncBaseTransport):
    """Changes each request after it was signed, like a man in the middle would."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, tamper: Callable[[httpx.Request], httpx.Request]
    ) -> None:
        self._inner = inner
        self._tamper = tamper

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(self._tamper(request))


@pytest.mark.anyio
async def test_signed_reads_and_creates_are_accepted() -> None:
    vendor = _vendor()
    auth = _auth(vendor)

    listed = await _send(vendor, auth, "GET", "/contacts?limit=3")
    created = await _send(vendor, auth, "POST", "/contacts", json=VENDOR_NEW_RECORD)

    assert listed.status_code == 200
    assert len(listed.json()["data"]) == 3
    assert created.status_code == 201


@pytest.mark.anyio
async def test_raw_paths_and_unsorted_encoded_queries_verify() -> None:
    vendor = _vendor()
    auth = _auth(vendor)

    # The id's first character percent-encoded: the signature covers the raw path.
    encoded = f"%{ord(FIRST_ID[0]):02X}{FIRST_ID[1:]}"
    fetched = await _send(vendor, auth, "GET", f"/contacts/{encoded}?z=1&a=%20b&a=2&&flag")
    listed = await _send(vendor, auth, "GET", "/contacts", json=None)

    assert fetched.status_code == 200
    assert str(record_in("get", fetched.json())[VENDOR_ID_FIELD]) == FIRST_ID
    assert listed.status_code == 200


@pytest.mark.anyio
async def test_a_wrong_secret_is_rejected() -> None:
    vendor = _vendor()

    response = await _send(vendor, _auth(vendor, secret="not-the-secret"), "GET", "/contacts")

    assert response.status_code == 401
    assert response.json()["error"]["message"] == "signature does not match"


@pytest.mark.anyio
async def test_an_unknown_key_id_is_rejected() -> None:
    vendor = _vendor()

    response = await _send(vendor, _auth(vendor, key_id="key-2"), "GET", "/contacts")

    assert response.status_code == 401


@pytest.mark.anyio
@pytest.mark.parametrize(("offset", "status"), [(-300, 200), (300, 200), (-301, 401), (301, 401)])
async def test_the_timestamp_comes_from_the_injected_clock_and_skew_is_bounded(
    offset: float, status: int
) -> None:
    vendor = _vendor()

    response = await _send(vendor, _auth(vendor, clock_offset=offset), "GET", "/contacts")

    assert response.status_code == status


def _replace_body(request: httpx.Request) -> httpx.Request:
    forged = request.content + b" "  # still the same JSON, but not the bytes signed
    return httpx.Request(request.method, request.url, headers=request.headers, content=forged)


def _add_query_parameter(request: httpx.Request) -> httpx.Request:
    url = request.url.copy_add_param("limit", "100")
    return httpx.Request(request.method, url, headers=request.headers, content=request.content)


def _change_path(request: httpx.Request) -> httpx.Request:
    url = request.url.copy_with(path="/deals")
    return httpx.Request(request.method, url, headers=request.headers, content=request.content)


@pytest.mark.anyio
@pytest.mark.parametrize("tamper", [_replace_body, _add_query_parameter, _change_path])
async def test_requests_changed_after_signing_are_rejected(
    tamper: Callable[[httpx.Request], httpx.Request],
) -> None:
    vendor = _vendor()
    transport = TamperingTransport(httpx.ASGITransport(app=vendor.app), tamper)

    response = await _send(
        vendor,
        _auth(vendor),
        "POST",
        "/contacts",
        json=VENDOR_NEW_RECORD,
        transport=transport,
    )

    assert response.status_code == 401


@pytest.mark.parametrize(
    ("method", "raw_path", "raw_query"),
    [
        ("GET", "/contacts", ""),
        ("get", "/contacts/rec%5F0001", "z=1&a=%20b&a=2"),
        ("POST", "/a/b%2Fc", "&&x=&y=%26&"),
        ("DELETE", "/", "b=2&a=1&a=0"),
    ],
)
def test_canonical_request_matches_the_vendor_side(
    method: str, raw_path: str, raw_query: str
) -> None:
    args = (method, raw_path, raw_query, "1700000000", EMPTY_SHA256)

    assert canonical_request(*args) == sandbox_canonical_request(*args)


def test_signature_format_is_pinned() -> None:
    canonical = canonical_request("get", "/contacts", "limit=2&a=1", "1700000000", body_sha256(b""))

    assert canonical == f"GET\n/contacts\na=1&limit=2\n1700000000\n{EMPTY_SHA256}"
    assert (
        sign("s3cret", canonical)
        == "54e19d42cbaf7659d8e0856ce79af7a5452b503cccf02a6456c8fab1954af251"
    )


def test_headers_are_added_for_sync_clients_too() -> None:
    seen: list[httpx.Headers] = []

    def vendor(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200)

    settings = VendorAuthSettings(hmac_key_id="key-1", hmac_secret=SecretStr("s"), _env_file=None)
    auth = build_vendor_auth(settings, ManualClock(1_700_000_000.75))
    with httpx.Client(transport=httpx.MockTransport(vendor), auth=auth) as client:
        client.get("http://vendor.test/contacts")

    assert seen[0]["X-Acme-Key-Id"] == "key-1"
    assert seen[0]["X-Acme-Timestamp"] == "1700000000"
    assert seen[0]["X-Acme-Content-SHA256"] == EMPTY_SHA256
    assert len(seen[0]["X-Acme-Signature"]) == 64


def test_settings_come_from_vendor_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDOR_HMAC_KEY_ID", "env-key")
    monkeypatch.setenv("VENDOR_HMAC_SECRET", "env-secret")

    settings = VendorAuthSettings(_env_file=None)

    assert settings.hmac_key_id == "env-key"
    assert settings.secret_values() == ["env-secret"]
    assert "env-secret" not in repr(settings)


@pytest.mark.parametrize("missing", ["VENDOR_HMAC_KEY_ID", "VENDOR_HMAC_SECRET"])
def test_key_id_and_secret_are_required(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    monkeypatch.setenv("VENDOR_HMAC_KEY_ID", "env-key")
    monkeypatch.setenv("VENDOR_HMAC_SECRET", "env-secret")
    monkeypatch.delenv(missing)

    with pytest.raises(ValidationError):
        VendorAuthSettings(_env_file=None)
