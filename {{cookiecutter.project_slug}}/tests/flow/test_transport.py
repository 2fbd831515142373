"""The aiohttp transport under httpx.AsyncClient, over real sockets: it keeps every promise
httpx's own transport made to client.py (no redirects, no cookies, no environment, raw
bodies decoded by httpx, httpx's exceptions and timeouts)."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TypeVar

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from {{ cookiecutter.__package_name }}.upstream.transport import (
    AiohttpTransport,
)

from tests.support.servers import serve

T = TypeVar("T")
PAYLOAD = b'{"id": "c_1", "name": "Ada"}' * 100


async def echo(request: Request) -> Response:
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "query": request.url.query,
            "headers": dict(request.headers),
            "body": body.decode(),
        }
    )


async def redirect(request: Request) -> Response:
    return RedirectResponse("/echo", status_code=302)


async def cookie(request: Request) -> Response:
    response = JSONResponse({})
    response.set_cookie("session", "vendor-set")
    return response


async def gzipped(request: Request) -> Response:
    return Response(
        gzip.compress(PAYLOAD),
        media_type="application/json",
        headers={"Content-Encoding": "gzip"},
    )


async def slow(request: Request) -> Response:
    await asyncio.sleep(2)
    return JSONResponse({})


async def endless(request: Request) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        while True:
            yield b"x" * 65536
            await asyncio.sleep(0)

    return StreamingResponse(chunks(), media_type="application/json")


VENDOR = Starlette(
    routes=[
        Route("/echo", echo, methods=["GET", "POST"]),
        Route("/redirect", redirect),
        Route("/cookie", cookie),
        Route("/gzip", gzipped),
        Route("/slow", slow),
        Route("/endless", endless),
    ]
)


def run(base_url: str, scenario: Callable[[httpx.AsyncClient], Awaitable[T]], **kw: float) -> T:
    async def main() -> T:
        timeout = httpx.Timeout(kw.get("timeout", 5.0))
        async with httpx.AsyncClient(
            base_url=base_url, transport=AiohttpTransport(4), timeout=timeout
        ) as client:
            return await scenario(client)

    return asyncio.run(main())


@pytest.fixture(scope="module")
def vendor_url() -> Iterator[str]:
    with serve(VENDOR) as url:
        yield url


def test_sends_method_path_query_headers_and_body_as_httpx_built_them(vendor_url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> httpx.Response:
        return await client.post(
            "/echo",
            params={"q": "a b&c"},
            json={"name": "Ada"},
            headers={"X-Request-ID": "req-1"},
        )

    seen = run(vendor_url, scenario).json()
    assert seen["method"] == "POST"
    assert seen["query"] == "q=a+b%26c"
    assert seen["headers"]["x-request-id"] == "req-1"
    assert seen["headers"]["content-type"] == "application/json"
    assert seen["body"] == '{"name":"Ada"}'


def test_does_not_follow_redirects(vendor_url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get("/redirect", follow_redirects=False)

    response = run(vendor_url, scenario)
    assert response.status_code == 302
    assert response.headers["location"] == "/echo"


def test_keeps_no_cookie(vendor_url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> httpx.Response:
        await client.get("/cookie")
        client.cookies.clear()  # only the transport's own jar is under test
        return await client.get("/echo")

    assert "cookie" not in run(vendor_url, scenario).json()["headers"]


def test_passes_bodies_on_undecoded_so_httpx_decodes_them(vendor_url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> tuple[bytes, bytes]:
        async with client.stream("GET", "/gzip") as response:
            raw = b"".join([chunk async for chunk in response.aiter_raw()])
        decoded = (await client.get("/gzip")).content
        return raw, decoded

    raw, decoded = run(vendor_url, scenario)
    assert gzip.decompress(raw) == PAYLOAD
    assert decoded == PAYLOAD


def test_ignores_proxy_variables_in_the_environment(
    vendor_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{closed.getsockname()[1]}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)

    async def scenario(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get("/echo")

    assert run(vendor_url, scenario).status_code == 200


def test_a_silent_vendor_is_an_httpx_read_timeout(vendor_url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get("/slow")

    with pytest.raises(httpx.ReadTimeout):
        run(vendor_url, scenario, timeout=0.2)


def test_a_refused_connection_is_an_httpx_connect_error() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"

    async def scenario(client: httpx.AsyncClient) -> httpx.Response:
        return await client.get("/echo")

    with pytest.raises(httpx.ConnectError):
        run(url, scenario)


def test_a_body_closed_early_leaves_the_pool_usable(vendor_url: str) -> None:
    async def scenario(client: httpx.AsyncClient) -> list[int]:
        statuses = []
        for _ in range(6):  # more than the pool's four connections
            async with client.stream("GET", "/endless") as response:
                async for _chunk in response.aiter_raw():
                    break
            statuses.append((await client.get("/echo")).status_code)
        return statuses

    assert run(vendor_url, scenario) == [200] * 6
