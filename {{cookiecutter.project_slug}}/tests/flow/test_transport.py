"""The aiohttp transport under httpx.AsyncClient, over real sockets: it keeps every promise
httpx's own transport made to client.py (no redirects, no cookies, no environment, raw
bodies decoded by httpx, httpx's exceptions and timeouts)."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from {{ cookiecutter.__package_name }}.upstream.client import (
    VendorTimeouts,
    build_http_client,
)
from {{ cookiecutter.__package_name }}.upstream.contract import (
    OversizedResponseHead,
)
from {{ cookiecutter.__package_name }}.upstream.transport import (
    AiohttpTransport,
)

from tests.support.servers import serve

pytestmark = pytest.mark.anyio

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


async def many_headers(request: Request) -> Response:
    # Small lines, far more of them than aiohttp's parser takes (128): a head that floods.
    return Response(b"{}", headers={f"x-h{n}": "1" for n in range(300)})


VENDOR = Starlette(
    routes=[
        Route("/many-headers", many_headers),
        Route("/echo", echo, methods=["GET", "POST"]),
        Route("/redirect", redirect),
        Route("/cookie", cookie),
        Route("/gzip", gzipped),
        Route("/slow", slow),
        Route("/endless", endless),
    ]
)


@asynccontextmanager
async def transport_client(base_url: str, timeout: float = 5.0) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client over the aiohttp transport (a pool of four connections)."""
    async with httpx.AsyncClient(
        base_url=base_url, transport=AiohttpTransport(4), timeout=httpx.Timeout(timeout)
    ) as client:
        yield client


@pytest.fixture(scope="module")
def vendor_url() -> Iterator[str]:
    with serve(VENDOR) as url:
        yield url


@pytest.fixture
async def vendor_client(vendor_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with transport_client(vendor_url) as opened:
        yield opened


async def test_sends_method_path_query_headers_and_body_as_httpx_built_them(
    vendor_client: httpx.AsyncClient,
) -> None:
    response = await vendor_client.post(
        "/echo",
        params={"q": "a b&c"},
        json={"name": "Ada"},
        headers={"X-Request-ID": "req-1"},
    )

    seen = response.json()
    assert seen["method"] == "POST"
    assert seen["query"] == "q=a+b%26c"
    assert seen["headers"]["x-request-id"] == "req-1"
    assert seen["headers"]["content-type"] == "application/json"
    assert seen["body"] == '{"name":"Ada"}'


async def test_does_not_follow_redirects(vendor_client: httpx.AsyncClient) -> None:
    response = await vendor_client.get("/redirect", follow_redirects=False)

    assert response.status_code == 302
    assert response.headers["location"] == "/echo"


async def test_keeps_no_cookie(vendor_client: httpx.AsyncClient) -> None:
    await vendor_client.get("/cookie")
    vendor_client.cookies.clear()  # only the transport's own jar is under test
    response = await vendor_client.get("/echo")

    assert "cookie" not in response.json()["headers"]


async def test_the_shared_vendor_client_keeps_no_cookie(vendor_url: str) -> None:
    timeouts = VendorTimeouts(connect=5, read=5, write=5, pool=5)
    async with build_http_client(vendor_url, httpx.Auth(), timeouts, 4) as client:
        await client.get("/cookie")
        response = await client.get("/echo")

    assert not client.cookies
    assert "cookie" not in response.json()["headers"]


async def test_passes_bodies_on_undecoded_so_httpx_decodes_them(
    vendor_client: httpx.AsyncClient,
) -> None:
    async with vendor_client.stream("GET", "/gzip") as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    decoded = (await vendor_client.get("/gzip")).content

    assert gzip.decompress(raw) == PAYLOAD
    assert decoded == PAYLOAD


async def test_ignores_proxy_variables_in_the_environment(
    vendor_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{closed.getsockname()[1]}"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)

    # A client built after the variables are set, so that it could read them.
    async with transport_client(vendor_url) as client:
        assert (await client.get("/echo")).status_code == 200


async def test_a_silent_vendor_is_an_httpx_read_timeout(vendor_url: str) -> None:
    async with transport_client(vendor_url, timeout=0.2) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get("/slow")


async def test_a_head_of_too_many_lines_is_an_oversized_head(
    vendor_client: httpx.AsyncClient,
) -> None:
    # Like a head over its size: the vendor breaking the contract, not a failing vendor.
    with pytest.raises(OversizedResponseHead):
        await vendor_client.get("/many-headers")


async def test_a_refused_connection_is_an_httpx_connect_error() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"

    async with transport_client(url) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get("/echo")


async def test_a_body_closed_early_leaves_the_pool_usable(vendor_client: httpx.AsyncClient) -> None:
    statuses = []
    for _ in range(6):  # more than the pool's four connections
        async with vendor_client.stream("GET", "/endless") as response:
            async for _chunk in response.aiter_raw():
                break
        statuses.append((await vendor_client.get("/echo")).status_code)

    assert statuses == [200] * 6
