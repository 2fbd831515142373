"""No vendor authentication: requests go out unchanged."""

import time
from collections.abc import Callable, Generator

import httpx
from pydantic_settings import SettingsConfigDict

from ...service_settings import ServiceSettings


class VendorAuthSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="VENDOR_")

    def secret_values(self) -> list[str]:
        return []


class NoVendorAuth(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield request


def build_vendor_auth(
    settings: VendorAuthSettings, clock: Callable[[], float] = time.time
) -> httpx.Auth:
    return NoVendorAuth()
