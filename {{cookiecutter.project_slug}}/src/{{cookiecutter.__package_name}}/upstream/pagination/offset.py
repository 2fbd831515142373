"""Offset pagination: `?offset=&limit=`, answers {items, offset, limit, total} (or the names
of names.py; without a total, a short page is the last)."""

from __future__ import annotations

import httpx

from ...ports import QueryParams
from ._page import VendorPage, count_of, records_of
from .names import OFFSET_RECORDS, OFFSET_START, OFFSET_TOTAL


class OffsetPaginator:
    def first_page_params(self, limit: int) -> QueryParams:
        return {"offset": "0", "limit": str(limit)}

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage:
        records = records_of(payload, OFFSET_RECORDS)
        offset = count_of(payload, OFFSET_START)
        if offset is None:
            offset = int(params["offset"])
        next_offset = offset + len(records)
        total = count_of(payload, OFFSET_TOTAL)
        if total is None:
            # The answer does not say: a full page may have another after it.
            total = next_offset + int(len(records) >= int(params["limit"]))
        if next_offset >= total or not records:
            return VendorPage(records, None)
        return VendorPage(records, {"offset": str(next_offset), "limit": params["limit"]})
