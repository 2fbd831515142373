from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.__package_name }}.upstream.auth.api_key_header import (
    VendorAuthSettings,
    build_vendor_auth,
)

from sandbox.answers import record_in
from tests.support.records import FIRST_ID, VENDOR_ID_FIELD
from tests.vendor_auth.harness import start_vendor


def _settings(api_key: str, header_name: str = "X-Api-Key") -> VendorAuthSettings:
    return VendorAuthSettings(
        api_key=SecretStr(api_key), api_key_header_name=header_name, _env_file=None
    )


async def _get_record(api_key: str) -> httpx.Response:
    vendor = start_vendor("api_key_header", api_key="right-key")

    async def scenario() -> httpx.Response:
        async with vendor.client(build_vendor_auth(_settings(api_key))) as client:
            return await client.get(f"/contacts/{FIRST_ID}")

    return await scenario()


@pytest.mark.anyio
async def test_the_sandbox_accepts_the_configured_key() -> None:
    response = await _get_record("right-key")

    assert response.status_code == 200
    assert str(record_in("get", response.json())[VENDOR_ID_FIELD]) == FIRST_ID


@pytest.mark.anyio
async def test_the_sandbox_rejects_a_wrong_key() -> None:
    response = await _get_record("wrong-key")

    assert response.status_code == 401
    assert response.json()["error"]["type"] == "unauthorized"


def test_the_header_name_is_configurable() -> None:
    seen: list[httpx.Headers] = []

    def vendor(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200)

    auth = build_vendor_auth(_settings("k", header_name="X-Partner-Token"))
    with httpx.Client(transport=httpx.MockTransport(vendor), auth=auth) as client:
        client.get("http://vendor.test/contacts")

    assert seen[0]["X-Partner-Token"] == "k"
    assert "X-Api-Key" not in seen[0]


@pytest.mark.parametrize("header_name", ["X Bad:Name", "X-Key\r\nX-Injected", ""])
def test_a_header_name_must_be_an_http_token(header_name: str) -> None:
    with pytest.raises(ValidationError, match="api_key_header_name"):
        _settings("k", header_name=header_name)


@pytest.mark.parametrize("api_key", ["s3cr3t\r\nX-Injected: 1", "s3cr3t-cl\u00e9", "s3cr3t\tbed"])
def test_a_key_a_header_cannot_carry_is_refused_at_start(api_key: str) -> None:
    with pytest.raises(ValidationError, match="printable ASCII") as raised:
        _settings(api_key)
    assert "s3cr3t" not in str(raised.value)  # the refusal never shows the key


def test_settings_come_from_vendor_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENDOR_API_KEY", "from-env")
    monkeypatch.setenv("VENDOR_API_KEY_HEADER_NAME", "X-Key")

    settings = VendorAuthSettings(_env_file=None)

    assert settings.api_key.get_secret_value() == "from-env"
    assert settings.api_key_header_name == "X-Key"
    assert settings.secret_values() == ["from-env"]
    assert "from-env" not in repr(settings)


def test_settings_are_read_from_a_dotenv_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VENDOR_API_KEY", raising=False)
    monkeypatch.delenv("VENDOR_API_KEY_HEADER_NAME", raising=False)
    (tmp_path / ".env").write_text("VENDOR_API_KEY=from-dotenv\nUNRELATED=1\n")
    monkeypatch.chdir(tmp_path)

    settings = VendorAuthSettings()

    assert settings.api_key.get_secret_value() == "from-dotenv"
    assert settings.api_key_header_name == "X-Api-Key"


def test_the_api_key_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VENDOR_API_KEY", raising=False)

    with pytest.raises(ValidationError, match="api_key"):
        VendorAuthSettings(_env_file=None)
