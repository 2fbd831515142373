"""Cursor pagination: `?limit=&starting_after=`, answers {data, has_more, next_cursor}."""

from __future__ import annotations

import httpx

from ...ports import QueryParams
from ._page import VendorPage, field_of, records_of


class CursorPaginator:
    def first_page_params(self, limit: int) -> QueryParams:
        return {"limit": str(limit)}

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage:
        records = records_of(payload, "data")
        has_more = field_of(payload, "has_more", bool)
        next_cursor = payload.get("next_cursor") if isinstance(payload, dict) else None
        if not has_more:
            return VendorPage(records, None)
        if not isinstance(next_cursor, str) or not next_cursor:
            return VendorPage(records, None)
        return VendorPage(records, {"limit": params["limit"], "starting_after": next_cursor})
