"""The vendor port over HTTP: `VendorPort` (ports.py) on top of the httpx `VendorClient`.

This is where a vendor answer becomes canonical: list answers are read by the pagination
style, each record is validated against the vendor model, and normalize.py maps it.
"""

from __future__ import annotations

from ..errors import ServiceError
from ..idempotency import CreateOutcome
from ..models import Resource, ResourceCreate
from ..normalize import to_resource, to_vendor_create
from ..ports import ListedPage, QueryParams
from .client import VendorClient, parse_model
from .models import VendorRecord
from .pagination import PageShapeError, Paginator


class HttpVendor:
    """The vendor, reached over HTTP through the resilience pipeline."""

    def __init__(self, client: VendorClient, paginator: Paginator) -> None:
        self._client = client
        self._paginator = paginator

    async def get(self, resource_id: str) -> Resource:
        return to_resource(await self._client.get_record(resource_id))

    async def list(self, limit: int, page: QueryParams | None) -> ListedPage:
        params = page if page is not None else self._paginator.first_page_params(limit)
        answer = await self._client.list_page(params)
        try:
            vendor_page = self._paginator.read_page(answer.response, answer.payload, params)
        except PageShapeError as error:
            raise page_shape_error(error) from None
        records = [parse_model(VendorRecord, record) for record in vendor_page.records]
        return ListedPage([to_resource(record) for record in records], vendor_page.next_params)

    async def create(self, new: ResourceCreate, idempotency_key: str | None) -> CreateOutcome:
        record, replayed = await self._client.create_record(to_vendor_create(new), idempotency_key)
        return CreateOutcome(to_resource(record), replayed)


def page_shape_error(error: PageShapeError) -> ServiceError:
    return ServiceError(
        "UPSTREAM_CONTRACT_VIOLATION",
        "The vendor sent a list this service cannot read.",
        log_context={"problem": str(error)},
    )
