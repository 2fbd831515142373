"""Idempotent creates: one Idempotency-Key, one record, however often the caller retries.

Keys are scoped to the caller, so two callers cannot collide. This module keeps a bounded,
expiring record per key in the state store (shared by every replica with Redis): the first
request claims the key, creates once and stores the result; a repeat with the same body gets
that result; a repeat with a different body gets IDEMPOTENCY_KEY_REUSED; a repeat while the
first is still running waits for its result up to `wait_seconds`, then gets
IDEMPOTENCY_KEY_IN_PROGRESS (409, retryable). The claim comes first in every mode: when the
vendor honours idempotency keys too, the scoped key is forwarded as well, so even a retried
attempt of the one create is deduplicated at the vendor; concurrent duplicates never reach it
(nor spend the shared vendor rate limit).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from pydantic import BaseModel

from .errors import ServiceError
from .models import Resource
from .state import StateStore, StateUnavailable

IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"
# A waiting duplicate looks at the record again after this long, doubling up to the cap.
FIRST_POLL_SECONDS = 0.02
MAX_POLL_SECONDS = 0.25


@dataclass(frozen=True)
class CreateOutcome:
    resource: Resource
    replayed: bool


def scoped_key(caller: str, key: str) -> str:
    """The key as the vendor or the state store sees it: unique per caller, fixed length."""
    return hashlib.sha256(f"{caller}\0{key}".encode()).hexdigest()


def fingerprint(body: BaseModel) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class IdempotencyRecords:
    def __init__(
        self,
        store: StateStore,
        ttl_seconds: float,
        pending_ttl_seconds: float,
        wait_seconds: float = 0.0,
    ) -> None:
        self._store = store
        self._ttl = ttl_seconds
        self._pending_ttl = pending_ttl_seconds
        self._wait = wait_seconds

    async def create_once(
        self, key: str, body_fingerprint: str, create: Callable[[], Awaitable[Resource]]
    ) -> CreateOutcome:
        record_key = f"idempotency:{key}"
        pending = encode({"state": "pending", "fingerprint": body_fingerprint})
        try:
            claimed = await self._store.put_if_absent(record_key, pending, self._pending_ttl)
            if not claimed:
                return await self._replay_when_done(record_key, body_fingerprint)
        except StateUnavailable:
            raise state_unavailable() from None
        try:
            resource = await create()
        except BaseException:
            await self._release(record_key)
            raise
        done = {
            "state": "done",
            "fingerprint": body_fingerprint,
            "resource": resource.model_dump(mode="json"),
        }
        # If the store fails now, the record still exists at the vendor; only replays are lost.
        with contextlib.suppress(StateUnavailable):
            await self._store.put(record_key, encode(done), self._ttl)
        return CreateOutcome(resource, replayed=False)

    async def _replay_when_done(self, record_key: str, body_fingerprint: str) -> CreateOutcome:
        """The stored result, once the create that claimed the key has finished (waiting up
        to `wait_seconds`); IDEMPOTENCY_KEY_IN_PROGRESS if it has not by then."""
        waited = 0.0
        pause = FIRST_POLL_SECONDS
        while True:
            outcome = self._replay(await self._store.get(record_key), body_fingerprint)
            if outcome is not None:
                return outcome
            if waited >= self._wait:
                raise in_progress()
            pause = min(pause, self._wait - waited)
            await asyncio.sleep(pause)
            waited += pause
            pause = min(pause * 2, MAX_POLL_SECONDS)

    def _replay(self, stored: bytes | None, body_fingerprint: str) -> CreateOutcome | None:
        """The stored result; None while the first create runs."""
        if stored is None:  # released after a failure, or expired: the caller may retry
            raise in_progress()
        record = json.loads(stored)
        if record["fingerprint"] != body_fingerprint:
            raise key_reused()
        if record["state"] != "done":
            return None
        return CreateOutcome(Resource.model_validate(record["resource"]), replayed=True)

    async def _release(self, record_key: str) -> None:
        # If the store fails now, the claim expires on its own after the pending TTL.
        with contextlib.suppress(StateUnavailable):
            await self._store.delete(record_key)


def encode(record: Mapping[str, object]) -> bytes:
    return json.dumps(record, sort_keys=True).encode()


def key_reused(log_context: dict[str, object] | None = None) -> ServiceError:
    return ServiceError(
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was already used with a different request body.",
        log_context={} if log_context is None else log_context,
    )


def in_progress() -> ServiceError:
    return ServiceError(
        "IDEMPOTENCY_KEY_IN_PROGRESS",
        "A request with this Idempotency-Key is still being processed; retry shortly.",
        retry_after=1,
    )


def state_unavailable() -> ServiceError:
    return ServiceError(
        "STATE_STORE_UNAVAILABLE", "Creates are paused until the state store is reachable."
    )
