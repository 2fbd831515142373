import httpx
import pytest

from {{ cookiecutter.__package_name }}.upstream.auth.none import (
    VendorAuthSettings,
    build_vendor_auth,
)

from tests.support.records import VENDOR_NEW_RECORD, vendor_create
from tests.vendor_auth.harness import start_vendor


@pytest.mark.anyio
async def test_requests_reach_an_unauthenticated_sandbox() -> None:
    vendor = start_vendor("none")
    auth = build_vendor_auth(VendorAuthSettings(_env_file=None))

    async def scenario() -> httpx.Response:
        async with vendor.client(auth) as client:
            return await client.post("/contacts", **vendor_create(VENDOR_NEW_RECORD))

    response = await scenario()

    assert response.status_code == 201


@pytest.mark.anyio
async def test_requests_without_credentials_are_rejected_by_a_vendor_that_wants_them() -> None:
    vendor = start_vendor("api_key_header")
    auth = build_vendor_auth(VendorAuthSettings(_env_file=None))

    async def scenario() -> httpx.Response:
        async with vendor.client(auth) as client:
            return await client.get("/contacts")

    assert (await scenario()).status_code == 401


def test_requests_go_out_unchanged() -> None:
    seen: list[httpx.Request] = []

    def vendor(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    auth = build_vendor_auth(VendorAuthSettings(_env_file=None))
    with httpx.Client(transport=httpx.MockTransport(vendor), auth=auth) as client:
        client.get("http://vendor.test/contacts", headers={"X-Request-ID": "r-1"})

    assert set(seen[0].headers) == {
        "host",
        "accept",
        "accept-encoding",
        "connection",
        "user-agent",
        "x-request-id",
    }


def test_there_are_no_settings_and_no_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDOR_API_KEY", "ignored")

    settings = VendorAuthSettings(_env_file=None)

    assert settings.secret_values() == []
