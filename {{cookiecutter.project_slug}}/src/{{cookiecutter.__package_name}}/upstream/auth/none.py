"""No vendor authentication: requests go out unchanged."""

import time
from collections.abc import Callable, Generator

import httpx
from pydantic_settings import BaseSettings, SettingsConfigDict


class VendorAuthSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VENDOR_", env_file=".env", extra="ignore")

    def secret_values(self) -> list[str]:
        return []


class NoVendorAuth(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield request


def build_vendor_auth(
    settings: VendorAuthSettings, clock: Callable[[], float] = time.time
) -> httpx.Auth:
    return NoVendorAuth()
