"""The vendor client takes its proxy and CA bundle from settings only: proxy variables
inherited from the environment change nothing (trust_env is off)."""

from __future__ import annotations

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from {{ cookiecutter.__package_name }}.upstream.client import (
    VendorTimeouts,
    build_http_client,
)

from tests.support.servers import serve

TIMEOUTS = VendorTimeouts(connect=2, read=2, write=2, pool=2)


class Recorder:
    """An ASGI app that answers 200 and remembers the request targets it saw."""

    def __init__(self) -> None:
        self.targets: list[str] = []
        self.accept_encodings: list[str] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        self.targets.append(scope["raw_path"].decode())
        headers = dict(scope["headers"])
        self.accept_encodings.append(headers.get(b"accept-encoding", b"").decode())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


async def get_through(client: httpx.AsyncClient, url: str) -> int:
    async with client:
        return (await client.get(url)).status_code


@pytest.mark.anyio
async def test_proxy_variables_in_the_environment_are_ignored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vendor, proxy = Recorder(), Recorder()
    with serve(vendor) as vendor_url, serve(proxy) as proxy_url:
        for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
            monkeypatch.setenv(variable, proxy_url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        client = build_http_client(vendor_url, httpx.Auth(), TIMEOUTS, 5)

        assert await get_through(client, "/records") == 200

    assert vendor.targets == ["/records"]
    assert proxy.targets == []
    assert vendor.accept_encodings == ["identity"]  # no compressed answers


@pytest.mark.anyio
async def test_the_configured_proxy_is_used() -> None:
    proxy = Recorder()
    with serve(proxy) as proxy_url:
        client = build_http_client(
            "http://vendor.example", httpx.Auth(), TIMEOUTS, 5, proxy=proxy_url
        )

        assert await get_through(client, "/records") == 200

    assert len(proxy.targets) == 1
    assert proxy.targets[0].endswith("/records")
