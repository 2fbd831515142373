"""Offset pagination: `?offset=&limit=`, answers {items, offset, limit, total}."""

from __future__ import annotations

import httpx

from ...ports import QueryParams
from ._page import VendorPage, field_of, records_of


class OffsetPaginator:
    def first_page_params(self, limit: int) -> QueryParams:
        return {"offset": "0", "limit": str(limit)}

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage:
        records = records_of(payload, "items")
        offset = field_of(payload, "offset", int)
        total = field_of(payload, "total", int)
        assert isinstance(offset, int) and isinstance(total, int)
        next_offset = offset + len(records)
        if next_offset >= total or not records:
            return VendorPage(records, None)
        return VendorPage(records, {"offset": str(next_offset), "limit": params["limit"]})
