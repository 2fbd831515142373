"""A sandbox app behind a small synchronous client, with a manual clock and an instant sleep."""

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx
from starlette.types import ASGIApp

from sandbox.app import create_app
from sandbox.config import SandboxConfig
from sandbox.testing import ManualClock, RecordingSleep

BASE_URL = "http://testserver"


async def asgi_request(app: ASGIApp, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One call into an ASGI app through httpx.ASGITransport (what async tests await)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        return await client.request(method, url, **kwargs)


class SyncClient:
    """Blocking calls into an ASGI app through httpx.ASGITransport, one event loop per call."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return asyncio.run(asgi_request(self._app, method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)


@dataclass
class Sandbox:
    app: ASGIApp
    client: SyncClient
    clock: ManualClock
    sleep: RecordingSleep

    def queue_fault(self, **plan: Any) -> None:
        response = self.client.post("/_sandbox/faults", json=plan)
        assert response.status_code == 201, response.text

    def calls(self) -> dict[str, Any]:
        snapshot: dict[str, Any] = self.client.get("/_sandbox/calls").json()
        return snapshot


def start_sandbox(**config: Any) -> Sandbox:
    """A fresh sandbox; unauthenticated unless ``auth_scheme`` is given."""
    config.setdefault("auth_scheme", "none")
    clock = ManualClock()
    sleep = RecordingSleep()
    app = create_app(SandboxConfig(**config), clock, sleep=sleep)
    return Sandbox(app, SyncClient(app), clock, sleep)
