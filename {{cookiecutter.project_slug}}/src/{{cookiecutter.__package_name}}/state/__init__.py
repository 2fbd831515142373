"""Shared state of the service's replicas: idempotency records of creates, rate limits.

One module per backend (memory_store, redis_store), chosen when the project was generated;
each exposes StateSettings, build_state_store, rate_limit_storage_uri and rate_limit_key.
"""

from __future__ import annotations

from typing import Protocol


class StateUnavailable(Exception):
    """The state backend cannot be reached. The message never carries credentials."""


class StateStore(Protocol):
    """Bytes under string keys, each with a time to live (seconds, > 0)."""

    async def get(self, key: str) -> bytes | None:
        """The value, or None when the key is absent or expired."""
        ...

    async def put_if_absent(self, key: str, value: bytes, ttl_seconds: float) -> bool:
        """Atomically claim the key: True when stored, False when it already exists."""
        ...

    async def put(self, key: str, value: bytes, ttl_seconds: float) -> None:
        """Store the value, replacing any other and restarting the time to live."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the key; nothing happens when it is absent."""
        ...

    async def ping(self) -> bool:
        """Whether the backend answers; for readiness reports, so it never raises."""
        ...

    async def close(self) -> None:
        """Release connections; the store is not used afterwards."""
        ...


__all__ = ["StateStore", "StateUnavailable"]
