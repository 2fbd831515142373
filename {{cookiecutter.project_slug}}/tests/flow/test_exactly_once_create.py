"""50 concurrent creates with one Idempotency-Key: exactly one reaches the vendor, whether or
not the vendor honours keys, and every caller gets that record or 409 - never 429, even
with a vendor rate limit far below 50 calls."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from {{ cookiecutter.__package_name }}.app import (
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    RESOURCE_PLURAL,
    WRITE_SCOPE,
)
from {{ cookiecutter.__package_name }}.resilience import (
    ResilienceSettings,
)

from tests.conftest import TEST_BACKOFF_SECONDS, service_config
from tests.flow.test_create import NEW_RECORD
from tests.support.faults import vendor_call_count
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.servers import serve

PATH = f"/v1/{RESOURCE_PLURAL}"
CALLERS = 50
# Far below CALLERS: duplicates that reached the limiter would get 429.
RATE_LIMIT = "2/second"


async def concurrent_creates(urls: list[str], headers: dict[str, str]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=CALLERS)
    async with httpx.AsyncClient(timeout=30, limits=limits) as caller:
        return await asyncio.gather(
            *(
                caller.post(urls[number % len(urls)] + PATH, json=NEW_RECORD, headers=headers)
                for number in range(CALLERS)
            )
        )


def assert_created_once(responses: list[httpx.Response], vendor_creates: int) -> None:
    statuses = sorted({response.status_code for response in responses})
    created = [response for response in responses if response.status_code == 201]
    assert vendor_creates == 1, f"{vendor_creates} vendor creates; statuses {statuses}"
    assert set(statuses) <= {201, 409}, statuses
    assert created, statuses
    assert len({response.json()["id"] for response in created}) == 1
    conflicts = [response.json()["code"] for response in responses if response.status_code == 409]
    assert set(conflicts) <= {"IDEMPOTENCY_KEY_IN_PROGRESS"}


@pytest.mark.parametrize("vendor_honours_keys", [True, False], ids=["vendor-keys", "own-store"])
@pytest.mark.anyio
async def test_concurrent_duplicates_create_once(
    vendor_honours_keys: bool,
    sandbox_url: str,
    sandbox: httpx.Client,
    credentials: CallerCredentials,
    state_settings: StateSettings,
) -> None:
    resilience = ResilienceSettings(
        _env_file=None,
        rate_limit=RATE_LIMIT,
        rate_limit_max_wait=0,
        backoff_base=TEST_BACKOFF_SECONDS,
        backoff_base_after_throttle=TEST_BACKOFF_SECONDS,
        backoff_cap=TEST_BACKOFF_SECONDS,
    )
    config = service_config(
        sandbox_url,
        credentials,
        state_settings,
        resilience=resilience,
        vendor_honours_idempotency_keys=vendor_honours_keys,
    )
    headers = {**credentials.headers(WRITE_SCOPE), "Idempotency-Key": str(uuid.uuid4())}

    with serve(create_app(config)) as url:
        responses = await concurrent_creates([url], headers)

    assert_created_once(responses, vendor_call_count(sandbox, "create"))
