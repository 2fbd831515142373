"""Compressed vendor answers are refused unread, so 25 concurrent gzip bombs (the
bulkhead's size) cost no memory: the service asks for `Accept-Encoding: identity` and a
`Content-Encoding` answer is a contract violation (upstream/contract.py)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx
import pytest

from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
)
from {{ cookiecutter.__package_name }}.resilience import (
    ResilienceSettings,
)

from tests.support.faults import inject_fault, vendor_call_count
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import FIRST_ID

PATH = f"/v1/{RESOURCE_PLURAL}/{FIRST_ID}"
BOMBS = ResilienceSettings.model_fields["bulkhead_max_concurrent"].default
INFLATED_BYTES = 200_000_000  # each; on the wire about 200 kB
# Peak memory the whole test process (service, sandbox and callers) may add meanwhile; one
# bomb inflated would add 200 MB, one decoded chunk of each tens of MB.
MAX_PEAK_GROWTH_BYTES = 40 * 1024 * 1024
PROC_STATUS = Path("/proc/self/status")


def memory_kib(field: str) -> int:
    for line in PROC_STATUS.read_text(encoding="ascii").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in {PROC_STATUS}")


async def concurrent_gets(url: str, headers: dict[str, str]) -> list[httpx.Response]:
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=BOMBS)) as c:
        return await asyncio.gather(*(c.get(url + PATH, headers=headers) for _ in range(BOMBS)))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
@pytest.mark.anyio
async def test_concurrent_compressed_bombs_are_refused_unread(
    service_url: str, sandbox: httpx.Client, credentials: CallerCredentials
) -> None:
    inject_fault(sandbox, "get", "compressed_bomb", BOMBS + 1, inflated_bytes=INFLATED_BYTES)
    headers = credentials.headers(READ_SCOPE)
    # The sandbox builds its bomb once, for the first: before measuring.
    warm = httpx.get(f"{service_url}{PATH}", headers=headers, timeout=30)
    assert warm.json()["code"] == "UPSTREAM_CONTRACT_VIOLATION"
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")  # resets the peak (VmHWM)
    before = memory_kib("VmRSS")

    responses = await concurrent_gets(service_url, headers)

    growth = (memory_kib("VmHWM") - before) * 1024
    codes = {(response.status_code, response.json()["code"]) for response in responses}
    assert codes == {(502, "UPSTREAM_CONTRACT_VIOLATION")}
    assert vendor_call_count(sandbox, "get") == BOMBS + 1  # one attempt each: not retried
    assert growth < MAX_PEAK_GROWTH_BYTES, f"peak memory grew by {growth / 2**20:.0f} MiB"
