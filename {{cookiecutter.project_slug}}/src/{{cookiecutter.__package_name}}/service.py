"""What the service does with the resource: vendor calls in, canonical models out."""

from __future__ import annotations

from .cursors import CursorCodec
from .idempotency import CreateOutcome, IdempotencyRecords, fingerprint, scoped_key
from .models import Resource, ResourceCreate, ResourcePage
from .normalize import to_resource, to_vendor_create
from .upstream.client import VendorClient, page_shape_error, parse_model
from .upstream.models import VendorRecord
from .upstream.pagination._page import PageShapeError, Paginator


class ResourceService:
    def __init__(
        self,
        vendor: VendorClient,
        paginator: Paginator,
        cursors: CursorCodec,
        idempotency: IdempotencyRecords,
        vendor_honours_idempotency_keys: bool,
    ) -> None:
        self._vendor = vendor
        self._paginator = paginator
        self._cursors = cursors
        self._idempotency = idempotency
        self._vendor_honours_keys = vendor_honours_idempotency_keys

    async def get(self, resource_id: str) -> Resource:
        return to_resource(await self._vendor.get_record(resource_id))

    async def list(self, limit: int, cursor: str | None) -> ResourcePage:
        params = (
            self._cursors.decode(cursor) if cursor else self._paginator.first_page_params(limit)
        )
        answer = await self._vendor.list_page(params)
        try:
            page = self._paginator.read_page(answer.response, answer.payload, params)
        except PageShapeError as error:
            raise page_shape_error(error) from None
        records = [parse_model(VendorRecord, record) for record in page.records]
        next_cursor = self._cursors.encode(page.next_params) if page.next_params else None
        return ResourcePage(
            items=[to_resource(record) for record in records], next_cursor=next_cursor
        )

    async def create(
        self, new: ResourceCreate, caller: str, idempotency_key: str | None
    ) -> CreateOutcome:
        vendor_body = to_vendor_create(new)
        if idempotency_key is None:
            record, _ = await self._vendor.create_record(vendor_body, None)
            return CreateOutcome(to_resource(record), replayed=False)
        key = scoped_key(caller, idempotency_key)
        # Claimed here first in every mode, so concurrent duplicates never reach the vendor;
        # a vendor that honours keys gets it too and deduplicates retried attempts.
        forwarded_key = key if self._vendor_honours_keys else None
        vendor_replayed = False

        async def create_at_vendor() -> Resource:
            nonlocal vendor_replayed
            record, vendor_replayed = await self._vendor.create_record(vendor_body, forwarded_key)
            return to_resource(record)

        outcome = await self._idempotency.create_once(key, fingerprint(new), create_at_vendor)
        return CreateOutcome(outcome.resource, outcome.replayed or vendor_replayed)
