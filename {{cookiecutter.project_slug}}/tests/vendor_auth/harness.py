"""The sandbox vendor behind httpx.ASGITransport, for testing the service's vendor auth.

Only the test module of the selected scheme survives project generation, so this
module must not import any of the scheme modules.
"""

from dataclasses import dataclass
from typing import Any

import httpx
from starlette.types import ASGIApp

from sandbox.app import create_app
from sandbox.config import AuthScheme, SandboxConfig
from sandbox.signing import canonical_request as sandbox_canonical_request
from sandbox.testing import ManualClock

__all__ = ["BASE_URL", "ManualClock", "VendorSandbox", "sandbox_canonical_request", "start_vendor"]

BASE_URL = "http://vendor.test"


@dataclass
class VendorSandbox:
    app: ASGIApp
    clock: ManualClock

    def client(
        self, auth: httpx.Auth, transport: httpx.AsyncBaseTransport | None = None
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=transport or httpx.ASGITransport(app=self.app), base_url=BASE_URL, auth=auth
        )

    async def admin(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url=BASE_URL
        ) as client:
            response = await client.request(method, f"/_sandbox{path}", **kwargs)
        assert response.is_success, response.text
        return response

    async def queue_fault(self, **plan: Any) -> None:
        await self.admin("POST", "/faults", json=plan)

    async def calls(self) -> list[dict[str, Any]]:
        calls: list[dict[str, Any]] = (await self.admin("GET", "/calls")).json()["calls"]
        return calls

    async def token_calls(self) -> int:
        count: int = (await self.admin("GET", "/calls")).json()["counts"]["token"]
        return count


def start_vendor(auth_scheme: AuthScheme, **config: Any) -> VendorSandbox:
    clock = ManualClock()
    app = create_app(SandboxConfig(auth_scheme=auth_scheme, **config), clock)
    return VendorSandbox(app, clock)
