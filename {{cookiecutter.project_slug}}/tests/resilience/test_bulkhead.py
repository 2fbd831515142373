from __future__ import annotations

import asyncio

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.resilience.bulkhead import (
    Bulkhead,
)


async def hold(bulkhead: Bulkhead, release: asyncio.Event) -> None:
    async with bulkhead.slot():
        await release.wait()


@pytest.mark.anyio
async def test_callers_beyond_the_cap_wait_briefly_then_get_a_503() -> None:
    async def scenario() -> ServiceError:
        bulkhead = Bulkhead(max_concurrent=2, max_wait=0.02)
        release = asyncio.Event()
        holders = [asyncio.create_task(hold(bulkhead, release)) for _ in range(2)]
        await asyncio.sleep(0)
        assert bulkhead.in_use == 2
        with pytest.raises(ServiceError) as caught:
            async with bulkhead.slot():
                pass
        release.set()
        await asyncio.gather(*holders)
        assert bulkhead.in_use == 0
        return caught.value

    error = await scenario()
    assert error.code == "UPSTREAM_UNAVAILABLE"
    assert error.retry_after == 1.0
    assert "capacity" in error.detail
    assert error.log_context["rejected_by"] == "bulkhead"


@pytest.mark.anyio
async def test_a_waiting_caller_gets_a_slot_freed_within_the_wait() -> None:
    async def scenario() -> None:
        bulkhead = Bulkhead(max_concurrent=1, max_wait=1.0)
        release = asyncio.Event()
        holder = asyncio.create_task(hold(bulkhead, release))
        await asyncio.sleep(0)
        asyncio.get_running_loop().call_soon(release.set)
        async with bulkhead.slot():
            assert bulkhead.in_use == 1
        await holder

    await scenario()


@pytest.mark.anyio
async def test_a_slot_is_returned_when_the_call_fails() -> None:
    async def scenario() -> int:
        bulkhead = Bulkhead(max_concurrent=1, max_wait=0)
        for _ in range(3):
            with pytest.raises(RuntimeError):
                async with bulkhead.slot():
                    raise RuntimeError("vendor call failed")
        return bulkhead.in_use

    assert await scenario() == 0
