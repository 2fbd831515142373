"""The vendor client builds each attempt's URL whole (parsed once, for speed): it must be the
URL httpx would make of the same path relative to the client's base_url."""

from __future__ import annotations

import httpx
import pytest

from {{ cookiecutter.__package_name }}.resilience import ResilienceSettings, build_pipeline
from {{ cookiecutter.__package_name }}.upstream.client import (
    VendorClient,
    VendorTimeouts,
    build_http_client,
)

TIMEOUTS = VendorTimeouts(connect=2, read=2, write=2, pool=2)
BASE_URLS = [
    "http://vendor.test",
    "http://vendor.test/",
    "https://vendor.test:8443/api",
    "https://vendor.test:8443/api/v2/",
]


@pytest.mark.anyio
@pytest.mark.parametrize("base_url", BASE_URLS)
async def test_attempt_urls_are_the_ones_httpx_merges_from_the_base_url(base_url: str) -> None:
    seen: list[httpx.URL] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, json={})

    http = build_http_client(
        base_url, httpx.Auth(), TIMEOUTS, 5, transport=httpx.MockTransport(answer)
    )
    pipeline = build_pipeline(ResilienceSettings(_env_file=None), "memory://")
    vendor = VendorClient(http, "/contacts", pipeline, 1024)
    async with http:
        await vendor.call("get", "GET", "/contacts/rec%2F1", idempotent=True)
        await vendor.call("list", "GET", "/contacts", params={"page": "2"}, idempotent=True)

        assert seen == [
            http.build_request("GET", "/contacts/rec%2F1").url,
            http.build_request("GET", "/contacts", params={"page": "2"}).url,
        ]
    assert str(seen[0]).startswith(base_url.rstrip("/") + "/contacts/")
