"""Two replicas, one Redis: 50 concurrent creates with one Idempotency-Key, split between
the replicas, reach the vendor exactly once, whether or not the vendor honours keys.

The same processes as tests/flow/test_shared_rate_limit.py (a real redis-server, the sandbox
and two `python -m <package>` processes configured through the environment).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from {{ cookiecutter.__package_name }}.constants import (
    WRITE_SCOPE,
)

from tests.flow.test_exactly_once_create import (
    RATE_LIMIT,
    assert_created_once,
    concurrent_creates,
)
from tests.flow.test_shared_rate_limit import (
    REQUEST_TIMEOUT_SECONDS,
    sandbox_and_two_replicas,
)
from tests.support.faults import vendor_call_count
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)

# Its own logical database on the session's redis-server.
REDIS_DATABASE = 14


@pytest.mark.parametrize("vendor_honours_keys", [True, False], ids=["vendor-keys", "own-store"])
@pytest.mark.anyio
async def test_two_replicas_create_once(
    vendor_honours_keys: bool, redis_url: str, tmp_path: Path
) -> None:
    shared_redis = urlsplit(redis_url)._replace(path=f"/{REDIS_DATABASE}").geturl()
    credentials = CallerCredentials(tmp_path)
    headers = {**credentials.headers(WRITE_SCOPE), "Idempotency-Key": str(uuid.uuid4())}
    overrides = {
        "VENDOR_RATE_LIMIT": RATE_LIMIT,
        "VENDOR_RATE_LIMIT_MAX_WAIT": "0",
        "VENDOR_HONOURS_IDEMPOTENCY_KEYS": str(vendor_honours_keys).lower(),
    }

    with sandbox_and_two_replicas(shared_redis, credentials, tmp_path, overrides) as (
        sandbox_url,
        replicas,
    ):
        responses = await concurrent_creates([replica.url for replica in replicas], headers)
        with httpx.Client(base_url=sandbox_url, timeout=REQUEST_TIMEOUT_SECONDS) as admin:
            vendor_creates = vendor_call_count(admin, "create")

    assert_created_once(responses, vendor_creates)
