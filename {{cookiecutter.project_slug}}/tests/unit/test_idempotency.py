"""Idempotency records in the state store: claim, replay, refuse, release."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from {{ cookiecutter.__package_name }}.choices import (
    StateSettings,
    build_state_store,
)
from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.idempotency import (
    IdempotencyRecords,
    fingerprint,
    scoped_key,
)
from {{ cookiecutter.__package_name }}.models import (
    Resource,
    ResourceCreate,
)

from tests.support.records import CHANGED_FIELDS, CREATE_BODY, FIRST_RECORD

RECORD = Resource.model_validate({**FIRST_RECORD, "id": "rec_0100"})


@asynccontextmanager
async def open_records(
    state_settings: StateSettings, wait_seconds: float = 0.0
) -> AsyncIterator[IdempotencyRecords]:
    """Idempotency records over a fresh state store, closed on exit."""
    store = build_state_store(state_settings)
    try:
        yield IdempotencyRecords(
            store, ttl_seconds=60, pending_ttl_seconds=5, wait_seconds=wait_seconds
        )
    finally:
        await store.close()


@pytest.fixture
async def records(state_settings: StateSettings) -> AsyncIterator[IdempotencyRecords]:
    async with open_records(state_settings) as opened:
        yield opened


@pytest.mark.anyio
async def test_second_call_replays_without_creating(records: IdempotencyRecords) -> None:
    calls: list[str] = []

    async def create() -> Resource:
        calls.append("create")
        return RECORD

    key = str(uuid.uuid4())
    first = await records.create_once(key, "body-a", create)
    second = await records.create_once(key, "body-a", create)
    assert (first.replayed, second.replayed) == (False, True)
    assert first.resource == second.resource == RECORD
    assert calls == ["create"]


@pytest.mark.anyio
async def test_another_body_and_a_running_create_are_refused(records: IdempotencyRecords) -> None:
    key = str(uuid.uuid4())
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow_create() -> Resource:
        started.set()
        await release.wait()
        return RECORD

    running = asyncio.create_task(records.create_once(key, "body-a", slow_create))
    await started.wait()
    with pytest.raises(ServiceError) as in_progress:
        await records.create_once(key, "body-a", slow_create)
    with pytest.raises(ServiceError) as reused:
        await records.create_once(key, "body-b", slow_create)
    release.set()
    await running
    assert in_progress.value.code == "IDEMPOTENCY_KEY_IN_PROGRESS"
    assert in_progress.value.retry_after == 1  # about how long a create takes
    assert reused.value.code == "IDEMPOTENCY_KEY_REUSED"


@pytest.mark.anyio
async def test_a_duplicate_waits_for_the_running_create(state_settings: StateSettings) -> None:
    calls: list[str] = []

    async def slow_create() -> Resource:
        calls.append("create")
        await asyncio.sleep(0.2)
        return RECORD

    key = str(uuid.uuid4())
    async with open_records(state_settings, wait_seconds=5) as records:
        first, second = await asyncio.gather(
            records.create_once(key, "body-a", slow_create),
            records.create_once(key, "body-a", slow_create),
        )
    assert sorted([first.replayed, second.replayed]) == [False, True]
    assert first.resource == second.resource == RECORD
    assert calls == ["create"]


@pytest.mark.anyio
async def test_a_duplicate_stops_waiting_after_the_bound(state_settings: StateSettings) -> None:
    claimed = asyncio.Event()

    async def endless_create() -> Resource:
        claimed.set()
        await asyncio.sleep(30)
        return RECORD

    key = str(uuid.uuid4())
    async with open_records(state_settings, wait_seconds=0.3) as records:
        running = asyncio.create_task(records.create_once(key, "body-a", endless_create))
        # The first create holds the key once it runs (a slow store makes that take a while).
        await asyncio.wait_for(claimed.wait(), timeout=10)
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(ServiceError) as refused:
            await records.create_once(key, "body-a", endless_create)
        assert 0.3 <= loop.time() - started < 2
        assert refused.value.code == "IDEMPOTENCY_KEY_IN_PROGRESS"
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running


@pytest.mark.anyio
async def test_different_keys_create_separately(records: IdempotencyRecords) -> None:
    calls: list[str] = []

    async def create() -> Resource:
        calls.append("create")
        return RECORD

    first = await records.create_once(str(uuid.uuid4()), "body-a", create)
    second = await records.create_once(str(uuid.uuid4()), "body-a", create)
    assert (first.replayed, second.replayed) == (False, False)
    assert calls == ["create", "create"]


@pytest.mark.anyio
async def test_a_failed_create_releases_the_key(records: IdempotencyRecords) -> None:
    async def failing() -> Resource:
        raise ServiceError("UPSTREAM_UNAVAILABLE")

    async def succeeding() -> Resource:
        return RECORD

    key = str(uuid.uuid4())
    with pytest.raises(ServiceError):
        await records.create_once(key, "body-a", failing)
    outcome = await records.create_once(key, "body-a", succeeding)
    assert outcome.replayed is False


def test_keys_are_scoped_to_the_caller() -> None:
    assert scoped_key("alice", "k1") != scoped_key("bob", "k1")
    assert scoped_key("alice", "k1") == scoped_key("alice", "k1")


def test_the_fingerprint_follows_the_body_not_its_key_order() -> None:
    original = fingerprint(ResourceCreate.model_validate(CREATE_BODY))
    reordered = ResourceCreate.model_validate(dict(reversed(CREATE_BODY.items())))

    assert fingerprint(reordered) == original
    changed = [
        fingerprint(ResourceCreate.model_validate({**CREATE_BODY, **change}))
        for change in CHANGED_FIELDS
    ]
    assert len({original, *changed}) == len(CHANGED_FIELDS) + 1
