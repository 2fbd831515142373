"""Cursor pagination: `?limit=&starting_after=`, answers {data, has_more, next_cursor} (or
the names of names.py)."""

from __future__ import annotations

import httpx

from ...ports import QueryParams
from ._page import VendorPage, field_of, records_of, value_at
from .names import CURSOR_HAS_MORE, CURSOR_NEXT, CURSOR_RECORDS


class CursorPaginator:
    def first_page_params(self, limit: int) -> QueryParams:
        return {"limit": str(limit)}

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage:
        records = records_of(payload, CURSOR_RECORDS)
        has_more = True if CURSOR_HAS_MORE is None else field_of(payload, CURSOR_HAS_MORE, bool)
        next_cursor = value_at(payload, CURSOR_NEXT)
        if not has_more:
            return VendorPage(records, None)
        if not isinstance(next_cursor, str) or not next_cursor:
            return VendorPage(records, None)
        return VendorPage(records, {"limit": params["limit"], "starting_after": next_cursor})
