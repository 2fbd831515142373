"""A static bearer token: Authorization: Bearer <token>."""

import time
from collections.abc import Callable, Generator
from typing import Annotated

import httpx
from pydantic import AfterValidator, SecretStr
from pydantic_settings import SettingsConfigDict

from ...service_settings import ServiceSettings
from . import header_safe


class VendorAuthSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VENDOR_")

    bearer_token: Annotated[SecretStr, AfterValidator(header_safe)]

    def secret_values(self) -> list[str]:
        return [self.bearer_token.get_secret_value()]


class BearerTokenAuth(httpx.Auth):
    def __init__(self, token: SecretStr) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token.get_secret_value()}"
        yield request


def build_vendor_auth(
    settings: VendorAuthSettings, clock: Callable[[], float] = time.time
) -> httpx.Auth:
    return BearerTokenAuth(settings.bearer_token)
