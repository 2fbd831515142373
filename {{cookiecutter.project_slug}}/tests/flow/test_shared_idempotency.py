"""Two replicas, one Redis: 50 concurrent creates with one Idempotency-Key, split between
the replicas, reach the vendor exactly once, whether or not the vendor honours keys.

The same processes as tests/flow/test_shared_rate_limit.py (a real redis-server, the sandbox
and two `python -m <package>` processes configured through the environment).
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from {{ cookiecutter.__package_name }}.constants import (
    VENDOR_AUTH_SCHEME,
    VENDOR_PAGINATION_STYLE,
    WRITE_SCOPE,
)

from tests.flow.test_exactly_once_create import (
    RATE_LIMIT,
    assert_created_once,
    concurrent_creates,
)
from tests.flow.test_shared_rate_limit import (
    REQUEST_TIMEOUT_SECONDS,
    base_env,
    free_ports,
    package_name,
    running,
    service_env,
)
from tests.support.faults import vendor_call_count
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)

# Its own logical database on the session's redis-server.
REDIS_DATABASE = 14


@pytest.mark.parametrize("vendor_honours_keys", [True, False], ids=["vendor-keys", "own-store"])
def test_two_replicas_create_once(
    vendor_honours_keys: bool, redis_url: str, tmp_path: Path
) -> None:
    shared_redis = urlsplit(redis_url)._replace(path=f"/{REDIS_DATABASE}").geturl()
    credentials = CallerCredentials(tmp_path)
    headers = {**credentials.headers(WRITE_SCOPE), "Idempotency-Key": str(uuid.uuid4())}
    sandbox_port, *service_ports = free_ports(3)
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    sandbox_command = [
        *(sys.executable, "-m", "sandbox", "--host", "127.0.0.1", "--port", str(sandbox_port)),
        *("--auth-scheme", VENDOR_AUTH_SCHEME, "--pagination", VENDOR_PAGINATION_STYLE),
    ]
    overrides = {
        "VENDOR_RATE_LIMIT": RATE_LIMIT,
        "VENDOR_RATE_LIMIT_MAX_WAIT": "0",
        "VENDOR_HONOURS_IDEMPOTENCY_KEYS": str(vendor_honours_keys).lower(),
    }

    with ExitStack() as stack:
        sandbox = stack.enter_context(
            running("sandbox", sandbox_port, sandbox_command, base_env(), tmp_path)
        )
        replicas = [
            stack.enter_context(
                running(
                    name,
                    port,
                    [sys.executable, "-m", package_name()],
                    service_env(port, sandbox_url, shared_redis, credentials) | overrides,
                    tmp_path,
                )
            )
            for name, port in zip(("a", "b"), service_ports, strict=True)
        ]
        sandbox.wait_until_healthy("/_sandbox/health")
        for replica in replicas:
            replica.wait_until_healthy("/healthz")
        responses = asyncio.run(concurrent_creates([replica.url for replica in replicas], headers))
        with httpx.Client(base_url=sandbox_url, timeout=REQUEST_TIMEOUT_SECONDS) as admin:
            vendor_creates = vendor_call_count(admin, "create")

    assert_created_once(responses, vendor_creates)
