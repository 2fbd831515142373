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
from .pagination import PageShapeError, Paginator, VendorPage


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
        next_params = checked_next_params(vendor_page, params)
        return ListedPage([to_resource(record) for record in records], next_params)

    async def create(self, new: ResourceCreate, idempotency_key: str | None) -> CreateOutcome:
        record, replayed = await self._client.create_record(to_vendor_create(new), idempotency_key)
        return CreateOutcome(to_resource(record), replayed)


def checked_next_params(page: VendorPage, asked: QueryParams) -> QueryParams | None:
    """How to ask for the next page; asking again for the page just read would send a
    caller who follows the cursors round in circles for ever."""
    if page.next_params is not None and page.next_params == asked:
        raise page_shape_error(PageShapeError("the next page is the page just read"))
    return page.next_params


def page_shape_error(error: PageShapeError) -> ServiceError:
    return ServiceError(
        "UPSTREAM_CONTRACT_VIOLATION",
        "The vendor sent a list this service cannot read.",
        log_context={"problem": str(error)},
    )
