"""The in-memory state store: expiry, bound, atomic claims."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from {{ cookiecutter.__package_name }}.state.memory_store import (
    MemoryStateStore,
    StateSettings,
    build_state_store,
    rate_limit_storage_uri,
)

from tests.resilience.fakes import FakeClock


@pytest.mark.anyio
async def test_entries_expire_after_their_ttl() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        store = MemoryStateStore(clock=clock)
        await store.put("key", b"value", ttl_seconds=10)
        clock.now += 9.9
        assert await store.get("key") == b"value"
        clock.now += 0.1
        assert await store.get("key") is None
        assert await store.put_if_absent("key", b"again", ttl_seconds=10)

    await scenario()


@pytest.mark.anyio
async def test_put_replaces_the_value_and_restarts_the_ttl() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        store = MemoryStateStore(clock=clock)
        await store.put("key", b"first", ttl_seconds=10)
        clock.now += 8
        await store.put("key", b"second", ttl_seconds=10)
        clock.now += 8
        assert await store.get("key") == b"second"

    await scenario()


@pytest.mark.anyio
async def test_put_if_absent_keeps_the_first_value() -> None:
    async def scenario() -> None:
        store = MemoryStateStore()
        assert await store.put_if_absent("key", b"first", ttl_seconds=10)
        assert not await store.put_if_absent("key", b"second", ttl_seconds=10)
        assert await store.get("key") == b"first"

    await scenario()


@pytest.mark.anyio
async def test_exactly_one_of_many_concurrent_claims_wins() -> None:
    async def scenario() -> list[bool]:
        store = MemoryStateStore()

        async def claim(number: int) -> bool:
            await asyncio.sleep(0)
            return await store.put_if_absent("key", str(number).encode(), ttl_seconds=10)

        return await asyncio.gather(*(claim(number) for number in range(50)))

    assert sorted(await scenario()) == [False] * 49 + [True]


@pytest.mark.anyio
async def test_a_full_store_evicts_the_entry_closest_to_expiry() -> None:
    async def scenario() -> None:
        store = MemoryStateStore(max_entries=3, clock=FakeClock())
        await store.put("late", b"1", ttl_seconds=30)
        await store.put("soon", b"2", ttl_seconds=10)
        await store.put("middle", b"3", ttl_seconds=20)
        await store.put("new", b"4", ttl_seconds=5)
        assert await store.get("soon") is None
        assert [await store.get(key) for key in ("late", "middle", "new")] == [b"1", b"3", b"4"]

    await scenario()


@pytest.mark.anyio
async def test_on_equal_expiry_the_least_recently_written_goes_first() -> None:
    async def scenario() -> None:
        store = MemoryStateStore(max_entries=2, clock=FakeClock())
        await store.put("first", b"1", ttl_seconds=10)
        await store.put("second", b"2", ttl_seconds=10)
        await store.put("first", b"1 again", ttl_seconds=10)
        await store.put("third", b"3", ttl_seconds=10)
        assert await store.get("second") is None
        assert await store.get("first") == b"1 again"
        assert await store.get("third") == b"3"

    await scenario()


@pytest.mark.anyio
async def test_expired_entries_make_room_before_live_ones_are_evicted() -> None:
    async def scenario() -> None:
        clock = FakeClock()
        store = MemoryStateStore(max_entries=2, clock=clock)
        await store.put("short", b"1", ttl_seconds=1)
        await store.put("long", b"2", ttl_seconds=100)
        clock.now += 5
        await store.put("new", b"3", ttl_seconds=1)
        assert await store.get("long") == b"2"
        assert await store.get("new") == b"3"

    await scenario()


@pytest.mark.anyio
async def test_rewriting_one_key_many_times_keeps_every_other_entry() -> None:
    async def scenario() -> None:
        store = MemoryStateStore(max_entries=2, clock=FakeClock())
        await store.put("steady", b"s", ttl_seconds=100)
        for number in range(1000):
            await store.put("busy", str(number).encode(), ttl_seconds=10)
        assert await store.get("steady") == b"s"
        assert await store.get("busy") == b"999"

    await scenario()


@pytest.mark.anyio
async def test_delete_removes_the_key_and_ignores_absent_ones() -> None:
    async def scenario() -> None:
        store = MemoryStateStore()
        await store.put("key", b"value", ttl_seconds=10)
        await store.delete("key")
        await store.delete("never-stored")
        assert await store.get("key") is None
        assert await store.put_if_absent("key", b"claimed", ttl_seconds=10)

    await scenario()


@pytest.mark.anyio
async def test_ping_answers_and_close_forgets_everything() -> None:
    async def scenario() -> None:
        store = MemoryStateStore()
        await store.put("key", b"value", ttl_seconds=10)
        assert await store.ping()
        await store.close()
        assert await store.get("key") is None

    await scenario()


@pytest.mark.anyio
@pytest.mark.parametrize("ttl_seconds", [0, -1])
async def test_a_ttl_must_be_positive(ttl_seconds: float) -> None:
    with pytest.raises(ValueError, match="ttl_seconds"):
        await MemoryStateStore().put("key", b"value", ttl_seconds)


@pytest.mark.anyio
async def test_settings_bound_the_built_store() -> None:
    async def scenario() -> None:
        store = build_state_store(StateSettings(_env_file=None, state_max_entries=1))
        await store.put("first", b"1", ttl_seconds=10)
        await store.put("second", b"2", ttl_seconds=10)
        assert await store.get("first") is None
        assert await store.get("second") == b"2"

    await scenario()


def test_settings_refuse_an_empty_store() -> None:
    with pytest.raises(ValidationError, match="state_max_entries"):
        StateSettings(_env_file=None, state_max_entries=0)


def test_rate_limits_are_counted_in_memory() -> None:
    assert rate_limit_storage_uri(StateSettings(_env_file=None)) == "memory://"
