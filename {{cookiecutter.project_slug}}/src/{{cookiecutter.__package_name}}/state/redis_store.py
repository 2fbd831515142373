"""State in Redis, shared by every replica of the service."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import cast
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from ..service_settings import ServiceSettings
from . import StateStore, StateUnavailable

# The package name keeps the keys of services sharing one Redis apart.
DEFAULT_KEY_PREFIX = __name__.partition(".")[0] + ":"


class StateSettings(ServiceSettings):
    redis_url: SecretStr
    state_key_prefix: str = DEFAULT_KEY_PREFIX
    redis_connect_timeout: float = Field(default=1.0, gt=0)
    redis_operation_timeout: float = Field(default=1.0, gt=0)

    @field_validator("redis_url")
    @classmethod
    def _redis_url_with_host(cls, value: SecretStr) -> SecretStr:
        parts = urlsplit(value.get_secret_value())
        if parts.scheme not in ("redis", "rediss") or not parts.hostname:
            raise ValueError("must be a redis:// or rediss:// URL with a host")
        return value


@asynccontextmanager
async def _unavailable_on_redis_errors(command: str) -> AsyncIterator[None]:
    try:
        yield
    except (RedisError, OSError) as error:
        # Only the error's type: redis messages can repeat parts of the connection URL.
        raise StateUnavailable(f"Redis {command} failed ({type(error).__name__})") from error


class RedisStateStore:
    def __init__(self, client: Redis, key_prefix: str = "") -> None:
        self._client = client
        self._key_prefix = key_prefix

    async def get(self, key: str) -> bytes | None:
        async with _unavailable_on_redis_errors("GET"):
            value: bytes | None = await self._client.get(self._key(key))
        return value

    async def put_if_absent(self, key: str, value: bytes, ttl_seconds: float) -> bool:
        async with _unavailable_on_redis_errors("SET NX"):
            stored = await self._client.set(
                self._key(key), value, px=_milliseconds(ttl_seconds), nx=True
            )
        return bool(stored)

    async def put(self, key: str, value: bytes, ttl_seconds: float) -> None:
        async with _unavailable_on_redis_errors("SET"):
            await self._client.set(self._key(key), value, px=_milliseconds(ttl_seconds))

    async def delete(self, key: str) -> None:
        async with _unavailable_on_redis_errors("DEL"):
            await self._client.delete(self._key(key))

    async def ping(self) -> bool:
        try:
            async with _unavailable_on_redis_errors("PING"):
                # ping()'s hints cover the sync client too: Awaitable[bool] | bool.
                return bool(await cast("Awaitable[bool]", self._client.ping()))
        except StateUnavailable:
            return False

    async def close(self) -> None:
        await self._client.aclose()

    def _key(self, key: str) -> str:
        return self._key_prefix + key


def _milliseconds(ttl_seconds: float) -> int:
    if ttl_seconds <= 0:
        raise ValueError("ttl_seconds must be positive")
    return max(1, math.ceil(ttl_seconds * 1000))


def build_state_store(settings: StateSettings) -> StateStore:
    client = Redis.from_url(
        settings.redis_url.get_secret_value(),
        socket_connect_timeout=settings.redis_connect_timeout,
        socket_timeout=settings.redis_operation_timeout,
        # No retries: a SET NX whose reply was lost would, retried, report our own claim as
        # someone else's. Callers see StateUnavailable and decide.
        retry=Retry(NoBackoff(), retries=0),
    )
    return RedisStateStore(client, settings.state_key_prefix)


def rate_limit_storage_uri(settings: StateSettings) -> str:
    """Storage for the `limits` library: the same Redis, so limits hold across replicas."""
    return settings.redis_url.get_secret_value()


def rate_limit_key(settings: StateSettings) -> str:
    """The vendor rate limit's counter name: shared by this service's replicas, apart from
    other services' counters in the same Redis (each vendor limits its own API key)."""
    return f"{settings.state_key_prefix}vendor"
