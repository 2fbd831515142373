"""State in this process's memory: bounded, expiring, for a single replica.

Each replica keeps its own state, so idempotency and rate limits hold per replica only.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import Field

from ..service_settings import ServiceSettings
from . import StateStore


class StateSettings(ServiceSettings):
    state_max_entries: int = Field(default=10_000, ge=1)


@dataclass(frozen=True, slots=True)
class _Entry:
    value: bytes
    expires_at: float
    write_number: int


class MemoryStateStore:
    """When full, evicts the entries closest to expiry first, the oldest written on a tie.

    put_if_absent is atomic within the event loop: no method awaits between reading and
    writing. It is not thread-safe.
    """

    def __init__(
        self, max_entries: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._max_entries = max_entries
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        # (expires_at, write_number, key) of every stored entry, in eviction order. Entries
        # replaced or deleted since stay until they surface (or a rebuild), then are skipped.
        self._eviction_heap: list[tuple[float, int, str]] = []
        self._write_numbers = itertools.count()

    async def get(self, key: str) -> bytes | None:
        entry = self._live_entry(key)
        return None if entry is None else entry.value

    async def put_if_absent(self, key: str, value: bytes, ttl_seconds: float) -> bool:
        if self._live_entry(key) is not None:
            return False
        self._write(key, value, ttl_seconds)
        return True

    async def put(self, key: str, value: bytes, ttl_seconds: float) -> None:
        self._write(key, value, ttl_seconds)

    async def delete(self, key: str) -> None:
        self._entries.pop(key, None)

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._entries.clear()
        self._eviction_heap.clear()

    def _live_entry(self, key: str) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is not None and entry.expires_at <= self._clock():
            del self._entries[key]
            return None
        return entry

    def _write(self, key: str, value: bytes, ttl_seconds: float) -> None:
        if ttl_seconds <= 0:
            raise ValueError("ttl_seconds must be positive")
        now = self._clock()
        self._drop_expired(now)
        if key not in self._entries:
            while len(self._entries) >= self._max_entries:
                self._evict_first()
        entry = _Entry(value, now + ttl_seconds, next(self._write_numbers))
        self._entries[key] = entry
        heapq.heappush(self._eviction_heap, (entry.expires_at, entry.write_number, key))
        if len(self._eviction_heap) > 2 * len(self._entries) + 64:
            self._rebuild_eviction_heap()

    def _is_current(self, write_number: int, key: str) -> bool:
        entry = self._entries.get(key)
        return entry is not None and entry.write_number == write_number

    def _drop_expired(self, now: float) -> None:
        while self._eviction_heap and self._eviction_heap[0][0] <= now:
            _, write_number, key = heapq.heappop(self._eviction_heap)
            if self._is_current(write_number, key):
                del self._entries[key]

    def _evict_first(self) -> None:
        while self._eviction_heap:
            _, write_number, key = heapq.heappop(self._eviction_heap)
            if self._is_current(write_number, key):
                del self._entries[key]
                return

    def _rebuild_eviction_heap(self) -> None:
        self._eviction_heap = [
            (entry.expires_at, entry.write_number, key) for key, entry in self._entries.items()
        ]
        heapq.heapify(self._eviction_heap)


def build_state_store(settings: StateSettings) -> StateStore:
    return MemoryStateStore(max_entries=settings.state_max_entries)


def rate_limit_storage_uri(settings: StateSettings) -> str:
    """Storage for the `limits` library: this process's memory, so limits hold per replica."""
    return "memory://"


def rate_limit_key(settings: StateSettings) -> str:
    """The vendor rate limit's counter name (this process's own storage holds nothing else)."""
    return "vendor"
