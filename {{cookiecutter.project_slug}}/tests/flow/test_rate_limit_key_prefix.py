"""Services sharing one Redis keep their own vendor rate limit: the key prefix reaches the
limiter from the app's state settings, not only from the function that builds the key."""

from __future__ import annotations

import dataclasses
import uuid

import httpx
import pytest
from pydantic import SecretStr

from {{ cookiecutter.__package_name }}.app import (
    create_app,
)
from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
)
from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
)
from {{ cookiecutter.__package_name }}.resilience import (
    ResilienceSettings,
)

from tests.observability.harness import (
    PATH,
    FakeVendor,
    in_process,
    sentinel_config,
)
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)


@pytest.mark.anyio
async def test_two_services_on_one_redis_count_their_vendor_calls_apart(
    redis_url: str, credentials: CallerCredentials
) -> None:
    """Two replicas of one service (one prefix) share the limit; a service with another
    prefix on the same Redis has its own."""
    one_call_a_minute = ResilienceSettings(_env_file=None, rate_limit="1/minute")

    async def service(prefix: str) -> httpx.Response:
        state = StateSettings(
            _env_file=None, redis_url=SecretStr(redis_url), state_key_prefix=prefix
        )
        config = dataclasses.replace(
            sentinel_config(credentials, state), resilience=one_call_a_minute
        )
        app = create_app(config, FakeVendor().transport())

        async with in_process(app) as client:
            return await client.get(f"{PATH}/rec_ok", headers=credentials.headers(READ_SCOPE))

    this_prefix, other_prefix = f"this-{uuid.uuid4().hex}:", f"other-{uuid.uuid4().hex}:"

    first = await service(this_prefix)
    other = await service(other_prefix)
    second = await service(this_prefix)  # another replica of the first service

    assert (first.status_code, other.status_code) == (200, 200), other.text
    assert second.status_code == 429
    assert second.json()["code"] == "RATE_LIMITED"
