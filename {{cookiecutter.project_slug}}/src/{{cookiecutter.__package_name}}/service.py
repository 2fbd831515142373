"""What the service does with the resource: canonical models in, canonical models out.

The vendor is a port (ports.py): this module never sees httpx, vendor models or the
pagination style, and its unit tests run against an in-memory vendor.
"""

from __future__ import annotations

from .cursors import CursorCodec
from .idempotency import CreateOutcome, IdempotencyRecords, fingerprint, scoped_key
from .models import Resource, ResourceCreate, ResourcePage
from .ports import VendorPort


class ResourceService:
    def __init__(
        self,
        vendor: VendorPort,
        cursors: CursorCodec,
        idempotency: IdempotencyRecords,
        vendor_honours_idempotency_keys: bool,
    ) -> None:
        self._vendor = vendor
        self._cursors = cursors
        self._idempotency = idempotency
        self._vendor_honours_keys = vendor_honours_idempotency_keys

    async def get(self, resource_id: str) -> Resource:
        return await self._vendor.get(resource_id)

    async def list(self, limit: int, cursor: str | None) -> ResourcePage:
        page = await self._vendor.list(limit, self._cursors.decode(cursor) if cursor else None)
        next_cursor = self._cursors.encode(page.next_params) if page.next_params else None
        return ResourcePage(items=page.items, next_cursor=next_cursor)

    async def create(
        self, new: ResourceCreate, caller: str, idempotency_key: str | None
    ) -> CreateOutcome:
        if idempotency_key is None:
            created = await self._vendor.create(new, None)
            return CreateOutcome(created.resource, replayed=False)
        key = scoped_key(caller, idempotency_key)
        # Claimed here first in every mode, so concurrent duplicates never reach the vendor;
        # a vendor that honours keys gets it too and deduplicates retried attempts.
        forwarded_key = key if self._vendor_honours_keys else None
        vendor_replayed = False

        async def create_at_vendor() -> Resource:
            nonlocal vendor_replayed
            created = await self._vendor.create(new, forwarded_key)
            vendor_replayed = created.replayed
            return created.resource

        outcome = await self._idempotency.create_once(key, fingerprint(new), create_at_vendor)
        return CreateOutcome(outcome.resource, outcome.replayed or vendor_replayed)
