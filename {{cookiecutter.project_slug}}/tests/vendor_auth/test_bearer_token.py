from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.__package_name }}.upstream.auth.bearer_token import (
    VendorAuthSettings,
    build_vendor_auth,
)

from tests.vendor_auth.harness import start_vendor


async def _list_records(token: str) -> httpx.Response:
    # The list answer in the sandbox's own names ("data"), whatever the vendor's.
    vendor = start_vendor("bearer_token", bearer_token="right-token", vendor_list_names=False)
    settings = VendorAuthSettings(bearer_token=SecretStr(token), _env_file=None)

    async def scenario() -> httpx.Response:
        async with vendor.client(build_vendor_auth(settings)) as client:
            return await client.get("/contacts", params={"limit": 2})

    return await scenario()


@pytest.mark.anyio
async def test_the_sandbox_accepts_the_configured_token() -> None:
    response = await _list_records("right-token")

    assert response.status_code == 200
    assert len(response.json()["data"]) == 2


@pytest.mark.anyio
async def test_the_sandbox_rejects_a_wrong_token() -> None:
    response = await _list_records("wrong-token")

    assert response.status_code == 401
    assert response.json()["error"]["type"] == "unauthorized"


def test_the_token_is_sent_as_an_authorization_bearer_header() -> None:
    seen: list[httpx.Headers] = []

    def vendor(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200)

    settings = VendorAuthSettings(bearer_token=SecretStr("t0k3n"), _env_file=None)
    with httpx.Client(
        transport=httpx.MockTransport(vendor), auth=build_vendor_auth(settings)
    ) as client:
        client.get("http://vendor.test/contacts")

    assert seen[0]["Authorization"] == "Bearer t0k3n"


def test_settings_come_from_vendor_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDOR_BEARER_TOKEN", "from-env")

    settings = VendorAuthSettings(_env_file=None)

    assert settings.secret_values() == ["from-env"]
    assert "from-env" not in repr(settings)


def test_settings_are_read_from_a_dotenv_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VENDOR_BEARER_TOKEN", raising=False)
    (tmp_path / ".env").write_text("VENDOR_BEARER_TOKEN=from-dotenv\n")
    monkeypatch.chdir(tmp_path)

    assert VendorAuthSettings().bearer_token.get_secret_value() == "from-dotenv"


def test_the_token_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VENDOR_BEARER_TOKEN", raising=False)

    with pytest.raises(ValidationError, match="bearer_token"):
        VendorAuthSettings(_env_file=None)


@pytest.mark.parametrize("token", ["token\r\nX-Injected: 1", "t\u00f6ken"])
def test_a_token_a_header_cannot_carry_is_refused_at_start(token: str) -> None:
    with pytest.raises(ValidationError, match="printable ASCII"):
        VendorAuthSettings(bearer_token=SecretStr(token), _env_file=None)
