"""The Redis state store against a real redis-server (started by conftest.py)."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager

import pytest
from pydantic import SecretStr, ValidationError

from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.resilience.deadline import (
    Deadline,
)
from {{ cookiecutter.__package_name }}.resilience.rate_limit import (
    VendorRateLimiter,
)
from {{ cookiecutter.__package_name }}.state import (
    StateStore,
    StateUnavailable,
)
from {{ cookiecutter.__package_name }}.state.redis_store import (
    RedisStateStore,
    StateSettings,
    build_state_store,
    rate_limit_key,
    rate_limit_storage_uri,
)

from tests.support.redis_server import free_port

SECRET = "s3cret-redis-password"
# Timeouts for a Redis that answers: wide, since fifty commands at once on a busy 2-core
# runner may wait well past 0.2 s. Short ones only where the server never answers.
TIMEOUT = 2.0
SHORT_TIMEOUT = 0.2
# "Fails fast": bounded by the short timeout, with room for a busy runner, and far below
# what a client without a timeout would wait.
FAIL_FAST_BOUND = 2.0
# Expiry tests: long enough that the commands right after a write still find the value.
TTL = 1.0


def settings_for(url: str, timeout: float = TIMEOUT) -> StateSettings:
    """Settings with a key prefix of their own (tests share one Redis)."""
    return StateSettings(
        _env_file=None,
        redis_url=SecretStr(url),
        state_key_prefix=f"test-{uuid.uuid4().hex}:",
        redis_connect_timeout=timeout,
        redis_operation_timeout=timeout,
    )


@asynccontextmanager
async def open_stores(*settings: StateSettings) -> AsyncIterator[list[StateStore]]:
    """One store per settings (each store a replica), closed on exit."""
    stores = [build_state_store(each) for each in settings]
    try:
        yield stores
    finally:
        for store in stores:
            await store.close()


@pytest.fixture
def settings(redis_url: str) -> StateSettings:
    return settings_for(redis_url)


@pytest.fixture
async def store(settings: StateSettings) -> AsyncIterator[StateStore]:
    async with open_stores(settings) as (opened,):
        yield opened


@pytest.mark.anyio
async def test_values_round_trip_and_expire(store: StateStore) -> None:
    assert isinstance(store, RedisStateStore)
    await store.put("key", b"\x00value", ttl_seconds=TTL)
    assert await store.get("key") == b"\x00value"
    await asyncio.sleep(TTL + 0.1)
    assert await store.get("key") is None


@pytest.mark.anyio
async def test_put_replaces_the_value_and_restarts_the_ttl(store: StateStore) -> None:
    await store.put("key", b"first", ttl_seconds=TTL)
    await store.put("key", b"second", ttl_seconds=10)
    await asyncio.sleep(TTL + 0.1)
    assert await store.get("key") == b"second"


@pytest.mark.anyio
async def test_put_if_absent_keeps_the_first_value_until_it_expires(store: StateStore) -> None:
    assert await store.put_if_absent("key", b"first", ttl_seconds=TTL)
    assert not await store.put_if_absent("key", b"second", ttl_seconds=10)
    assert await store.get("key") == b"first"
    await asyncio.sleep(TTL + 0.1)
    assert await store.put_if_absent("key", b"third", ttl_seconds=10)


@pytest.mark.anyio
async def test_exactly_one_of_many_concurrent_claims_wins(store: StateStore) -> None:
    claims = (store.put_if_absent("key", bytes([n]), ttl_seconds=10) for n in range(50))

    assert sorted(await asyncio.gather(*claims)) == [False] * 49 + [True]


@pytest.mark.anyio
async def test_replicas_see_each_others_claims(settings: StateSettings) -> None:
    async with open_stores(settings, settings) as (first, second):
        assert await first.put_if_absent("key", b"first", ttl_seconds=10)
        assert not await second.put_if_absent("key", b"second", ttl_seconds=10)
        assert await second.get("key") == b"first"
        await second.delete("key")
        assert await first.get("key") is None


@pytest.mark.anyio
async def test_key_prefixes_keep_services_apart(redis_url: str) -> None:
    async with open_stores(settings_for(redis_url), settings_for(redis_url)) as (
        store,
        other_service,
    ):
        assert await store.put_if_absent("key", b"mine", ttl_seconds=10)
        assert await other_service.put_if_absent("key", b"theirs", ttl_seconds=10)


@pytest.mark.anyio
async def test_delete_ignores_absent_keys_and_ping_answers(store: StateStore) -> None:
    await store.delete("never-stored")
    assert await store.ping()


@pytest.mark.anyio
@pytest.mark.parametrize("ttl_seconds", [0, -1])
async def test_a_ttl_must_be_positive(store: StateStore, ttl_seconds: float) -> None:
    with pytest.raises(ValueError, match="ttl_seconds"):
        await store.put("key", b"value", ttl_seconds)


@pytest.fixture
def silent_listener() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.anyio
@pytest.mark.parametrize("server", ["nothing listening", "never answering"])
async def test_an_unreachable_redis_fails_fast_without_leaking_the_password(
    server: str, silent_listener: int
) -> None:
    port = free_port() if server == "nothing listening" else silent_listener
    settings = settings_for(f"redis://:{SECRET}@127.0.0.1:{port}/0", SHORT_TIMEOUT)

    async with open_stores(settings) as (store,):
        operations: list[Callable[[], Awaitable[object]]] = [
            lambda: store.get("key"),
            lambda: store.put_if_absent("key", b"value", ttl_seconds=10),
            lambda: store.put("key", b"value", ttl_seconds=10),
            lambda: store.delete("key"),
        ]
        for operation in operations:
            started = time.monotonic()
            with pytest.raises(StateUnavailable) as caught:
                await operation()
            assert time.monotonic() - started < FAIL_FAST_BOUND
            assert SECRET not in str(caught.value)
            assert SECRET not in repr(caught.value)
        assert not await store.ping()


@pytest.mark.anyio
async def test_a_refused_password_becomes_state_unavailable(redis_url: str) -> None:
    settings = settings_for(redis_url.replace("redis://", f"redis://:{SECRET}@"))

    async with open_stores(settings) as (store,):
        with pytest.raises(StateUnavailable) as caught:
            await store.get("key")
        assert SECRET not in str(caught.value)
        assert not await store.ping()


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:6379", "unix:///tmp/redis.sock", "redis://", "127.0.0.1:6379"]
)
def test_settings_accept_only_redis_urls(url: str) -> None:
    with pytest.raises(ValidationError, match="redis_url"):
        settings_for(url)


def test_settings_errors_do_not_echo_the_url() -> None:
    with pytest.raises(ValidationError) as caught:
        settings_for(f"http://:{SECRET}@127.0.0.1:6379")
    assert SECRET not in str(caught.value)


def test_settings_read_the_url_from_redis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", f"rediss://:{SECRET}@redis.internal:6380/1")
    settings = StateSettings(_env_file=None)
    assert SECRET not in repr(settings)
    assert rate_limit_storage_uri(settings) == f"rediss://:{SECRET}@redis.internal:6380/1"


@pytest.mark.anyio
async def test_services_sharing_one_redis_keep_their_own_vendor_rate_limits(redis_url: str) -> None:
    """Replicas of one service (one key prefix) share the vendor's limit; another service
    in the same Redis, calling another vendor, counts apart."""
    this_service, other_service = settings_for(redis_url), settings_for(redis_url)

    def limiter(settings: StateSettings) -> VendorRateLimiter:
        storage = rate_limit_storage_uri(settings)
        return VendorRateLimiter("1/minute", storage, rate_limit_key(settings), max_wait=0)

    async def scenario() -> None:
        await limiter(this_service).acquire(Deadline(15.0))
        await limiter(other_service).acquire(Deadline(15.0))  # not refused: its own count
        with pytest.raises(ServiceError, match="RATE_LIMITED"):
            await limiter(this_service).acquire(Deadline(15.0))  # another replica: shared

    await scenario()


@pytest.mark.anyio
async def test_an_unreachable_redis_lets_calls_through() -> None:
    limiter = VendorRateLimiter("1/second", "redis://127.0.0.1:1/0", storage_timeout=0.5)
    waited = await limiter.acquire(Deadline(15.0))
    assert (waited, limiter.storage_failures) == (0.0, 1)
