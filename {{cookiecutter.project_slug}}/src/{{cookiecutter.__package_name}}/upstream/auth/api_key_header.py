"""A static API key sent in a header (X-Api-Key unless configured otherwise)."""

import time
from collections.abc import Callable, Generator
from typing import Annotated

import httpx
from pydantic import AfterValidator, Field, SecretStr
from pydantic_settings import SettingsConfigDict

from ...service_settings import ServiceSettings
from . import HEADER_NAME_PATTERN, header_safe


class VendorAuthSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VENDOR_")

    api_key: Annotated[SecretStr, AfterValidator(header_safe)]
    api_key_header_name: str = Field(default="X-Api-Key", pattern=HEADER_NAME_PATTERN)

    def secret_values(self) -> list[str]:
        return [self.api_key.get_secret_value()]


class ApiKeyHeaderAuth(httpx.Auth):
    def __init__(self, header_name: str, api_key: SecretStr) -> None:
        self._header_name = header_name
        self._api_key = api_key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[self._header_name] = self._api_key.get_secret_value()
        yield request


def build_vendor_auth(
    settings: VendorAuthSettings, clock: Callable[[], float] = time.time
) -> httpx.Auth:
    return ApiKeyHeaderAuth(settings.api_key_header_name, settings.api_key)
