"""Idempotent creates when the state store fails: before the claim nothing is created and
the caller is told; after the create the record is returned anyway (only replays are lost);
after a failed create the caller gets the create's own error, not the store's."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from {{ cookiecutter.__package_name }}.errors import (
    CATALOG,
    ServiceError,
)
from {{ cookiecutter.__package_name }}.idempotency import (
    IdempotencyRecords,
    in_progress,
    key_reused,
)
from {{ cookiecutter.__package_name }}.models import (
    Resource,
    ResourceCreate,
)
from {{ cookiecutter.__package_name }}.state import (
    StateUnavailable,
)

from tests.support.records import NEW_RECORD
from tests.unit.fakes import DictStore, InMemoryVendor


class FailingStore(DictStore):
    """A state store that fails the operations named in `failing` (StateUnavailable)."""

    def __init__(self, *failing: str) -> None:
        super().__init__()
        self.failing = set(failing)

    async def put_if_absent(self, key: str, value: bytes, ttl_seconds: float) -> bool:
        self._check("put_if_absent")
        return await super().put_if_absent(key, value, ttl_seconds)

    async def put(self, key: str, value: bytes, ttl_seconds: float) -> None:
        self._check("put")
        await super().put(key, value, ttl_seconds)

    async def delete(self, key: str) -> None:
        self._check("delete")
        await super().delete(key)

    def _check(self, operation: str) -> None:
        if operation in self.failing:
            raise StateUnavailable(operation)


async def new_record() -> Resource:
    new = ResourceCreate.model_validate(NEW_RECORD)
    return (await InMemoryVendor().create(new, None)).resource


def records(store: FailingStore) -> IdempotencyRecords:
    return IdempotencyRecords(store, ttl_seconds=60, pending_ttl_seconds=5)


@pytest.mark.anyio
async def test_a_store_that_cannot_claim_the_key_creates_nothing_and_says_so() -> None:
    created: list[str] = []

    async def create() -> Resource:
        created.append("create")
        return await new_record()

    with pytest.raises(ServiceError) as caught:
        await records(FailingStore("put_if_absent")).create_once("k", "body", create)

    assert caught.value.code == "STATE_STORE_UNAVAILABLE"
    assert caught.value.detail
    assert caught.value.detail != CATALOG["STATE_STORE_UNAVAILABLE"].explanation
    assert created == []


@pytest.mark.anyio
async def test_a_store_that_fails_after_the_create_still_returns_the_record() -> None:
    record = await new_record()

    async def create() -> Resource:
        return record

    outcome = await records(FailingStore("put")).create_once("k", "body", create)

    assert (outcome.resource, outcome.replayed) == (record, False)


@pytest.mark.anyio
async def test_a_failed_create_is_reported_as_itself_when_the_store_cannot_release_the_key() -> (
    None
):
    async def create() -> Resource:
        raise ServiceError("UPSTREAM_UNAVAILABLE", "down")

    with pytest.raises(ServiceError) as caught:
        await records(FailingStore("delete")).create_once("k", "body", create)

    assert caught.value.code == "UPSTREAM_UNAVAILABLE"


@pytest.mark.parametrize("refusal", [key_reused, in_progress], ids=["reused", "in-progress"])
def test_an_idempotency_refusal_tells_the_caller_what_happened_to_the_key(
    refusal: Callable[[], ServiceError],
) -> None:
    error = refusal()

    assert error.detail
    assert error.detail != error.spec.explanation
    assert "Idempotency-Key" in error.detail
