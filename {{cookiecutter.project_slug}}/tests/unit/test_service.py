"""The service layer against an in-memory vendor: creates, cursors, failures; no sockets."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Awaitable, Callable

import pytest
from starlette.responses import Response

from {{ cookiecutter.__package_name }} import (
    service as service_module,
)
from {{ cookiecutter.__package_name }}.api.auth import (
    Principal,
)
from {{ cookiecutter.__package_name }}.api.routes import (
    create_resource,
)
from {{ cookiecutter.__package_name }}.constants import (
    RESOURCE_PLURAL,
)
from {{ cookiecutter.__package_name }}.cursors import (
    CursorCodec,
)
from {{ cookiecutter.__package_name }}.errors import (
    ErrorCode,
    ServiceError,
)
from {{ cookiecutter.__package_name }}.idempotency import (
    CreateOutcome,
    IdempotencyRecords,
    scoped_key,
)
from {{ cookiecutter.__package_name }}.models import (
    ResourceCreate,
)
from {{ cookiecutter.__package_name }}.service import (
    ResourceService,
)

from tests.support.records import NEW_RECORD, OTHER_NEW_RECORD
from tests.unit.fakes import DictStore, InMemoryVendor

pytestmark = pytest.mark.anyio

NEW = ResourceCreate.model_validate(NEW_RECORD)


def service_over(vendor: InMemoryVendor, *, vendor_honours_keys: bool) -> ResourceService:
    return ResourceService(
        vendor,
        CursorCodec([b"unit-test-cursor-secret"], "unit-tests", "cursor"),
        IdempotencyRecords(DictStore(), ttl_seconds=3600, pending_ttl_seconds=60),
        vendor_honours_idempotency_keys=vendor_honours_keys,
    )


def test_the_service_layer_imports_neither_httpx_nor_the_outbound_adapter() -> None:
    tree = ast.parse(inspect.getsource(service_module))
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not {name for name in imported if "httpx" in name or "upstream" in name}, imported


async def test_get_returns_the_vendors_record() -> None:
    vendor = InMemoryVendor(count=3)
    record = await service_over(vendor, vendor_honours_keys=True).get("rec_0002")
    assert record == vendor.records[1]


async def test_create_without_a_key_creates_every_time_and_never_replays() -> None:
    vendor = InMemoryVendor()
    service = service_over(vendor, vendor_honours_keys=True)
    first = await service.create(NEW, "caller", None)
    second = await service.create(NEW, "caller", None)
    assert (first.replayed, second.replayed) == (False, False)
    assert first.resource.id != second.resource.id
    assert vendor.creates == 2 and vendor.keys_seen == [None, None]


async def test_create_with_a_key_the_vendor_honours_forwards_the_scoped_key() -> None:
    vendor = InMemoryVendor()
    service = service_over(vendor, vendor_honours_keys=True)
    first = await service.create(NEW, "caller", "key-1")
    again = await service.create(NEW, "caller", "key-1")
    # Claimed by the service first, so the repeat is answered without the vendor; the one
    # create that reaches the vendor carries the scoped key.
    assert vendor.keys_seen == [scoped_key("caller", "key-1")]
    assert (first.replayed, again.replayed) == (False, True)
    assert again.resource == first.resource and vendor.creates == 1


async def test_create_with_a_key_the_vendor_ignores_is_kept_by_the_service() -> None:
    vendor = InMemoryVendor()
    service = service_over(vendor, vendor_honours_keys=False)
    first = await service.create(NEW, "caller", "key-1")
    again = await service.create(NEW, "caller", "key-1")
    other_caller = await service.create(NEW, "someone-else", "key-1")
    assert vendor.keys_seen == [None, None]  # the key never reaches the vendor
    assert (first.replayed, again.replayed, other_caller.replayed) == (False, True, False)
    assert again.resource == first.resource and vendor.creates == 2
    with pytest.raises(ServiceError) as reused:
        await service.create(ResourceCreate.model_validate(OTHER_NEW_RECORD), "caller", "key-1")
    assert reused.value.code == "IDEMPOTENCY_KEY_REUSED"


async def test_cursors_round_trip_the_vendors_next_page_parameters() -> None:
    vendor = InMemoryVendor(count=5)
    service = service_over(vendor, vendor_honours_keys=True)
    seen: list[str] = []
    page = await service.list(2, None)
    seen += [item.id for item in page.items]
    while page.next_cursor is not None:
        page = await service.list(2, page.next_cursor)
        seen += [item.id for item in page.items]
    assert seen == [record.id for record in vendor.records]
    assert vendor.pages_asked == [
        None,
        {"after": "2", "limit": "2"},
        {"after": "4", "limit": "2"},
    ]


async def test_an_edited_cursor_is_invalid_input_and_never_reaches_the_vendor() -> None:
    vendor = InMemoryVendor(count=5)
    service = service_over(vendor, vendor_honours_keys=True)
    cursor = (await service.list(2, None)).next_cursor
    assert cursor is not None
    with pytest.raises(ServiceError) as raised:
        await service.list(2, "x" + cursor)
    assert raised.value.code == "VALIDATION_FAILED"
    assert vendor.pages_asked == [None]


@pytest.mark.parametrize(
    "code", ["UPSTREAM_CONTRACT_VIOLATION", "UPSTREAM_UNAVAILABLE", "NOT_FOUND"]
)
async def test_vendor_failures_pass_through_unchanged(code: ErrorCode) -> None:
    vendor = InMemoryVendor(count=1)
    failure = ServiceError(code)
    vendor.failure = failure
    service = service_over(vendor, vendor_honours_keys=False)
    calls: list[Callable[[], Awaitable[object]]] = [
        lambda: service.get("rec_0001"),
        lambda: service.list(10, None),
        lambda: service.create(NEW, "caller", "key-1"),
    ]
    for call in calls:
        with pytest.raises(ServiceError) as raised:
            await call()
        assert raised.value is failure


async def test_a_failed_create_releases_the_key_for_a_retry() -> None:
    vendor = InMemoryVendor()
    service = service_over(vendor, vendor_honours_keys=False)
    vendor.failure = ServiceError("UPSTREAM_CONTRACT_VIOLATION")
    with pytest.raises(ServiceError):
        await service.create(NEW, "caller", "key-1")
    vendor.failure = None
    retried = await service.create(NEW, "caller", "key-1")
    assert retried.replayed is False and vendor.creates == 1


class VendorOfOddIds(InMemoryVendor):
    """A vendor whose ids hold what a header cannot: a line break, a slash, non-Latin-1."""

    ODD_ID = "a\r\nSet-Cookie: x=1/\u65e5\u672c"

    async def create(self, new: ResourceCreate, idempotency_key: str | None) -> CreateOutcome:
        created = await super().create(new, idempotency_key)
        return CreateOutcome(created.resource.model_copy(update={"id": self.ODD_ID}), False)


async def test_the_location_of_a_created_record_quotes_the_vendors_id() -> None:
    response = Response()
    service = service_over(VendorOfOddIds(), vendor_honours_keys=False)

    created = await create_resource(NEW, Principal("caller", frozenset()), service, response)

    assert created.id == VendorOfOddIds.ODD_ID
    quoted = "a%0D%0ASet-Cookie%3A%20x%3D1%2F%E6%97%A5%E6%9C%AC"
    assert response.headers["Location"] == f"/v1/{RESOURCE_PLURAL}/{quoted}"
