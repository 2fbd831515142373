"""Offset pagination: `?offset=&limit=`, answers {items, offset, limit, total} (or the names
of names.py; without a total, a short page is the last, and without a limit parameter an
empty one)."""

from __future__ import annotations

import httpx

from ...ports import QueryParams
from ._page import VendorPage, count_of, records_of
from .names import OFFSET_LIMIT_PARAM, OFFSET_PARAM, OFFSET_RECORDS, OFFSET_START, OFFSET_TOTAL


class OffsetPaginator:
    def first_page_params(self, limit: int) -> QueryParams:
        sized = {} if OFFSET_LIMIT_PARAM is None else {OFFSET_LIMIT_PARAM: str(limit)}
        return {OFFSET_PARAM: "0", **sized}

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage:
        records = records_of(payload, OFFSET_RECORDS)
        offset = count_of(payload, OFFSET_START)
        if offset is None:
            offset = int(params[OFFSET_PARAM])
        next_offset = offset + len(records)
        total = count_of(payload, OFFSET_TOTAL)
        if total is None:
            # The answer does not say: a full page may have another after it.
            full = OFFSET_LIMIT_PARAM is None or len(records) >= int(params[OFFSET_LIMIT_PARAM])
            total = next_offset + int(full)
        if next_offset >= total or not records:
            return VendorPage(records, None)
        return VendorPage(records, {**params, OFFSET_PARAM: str(next_offset)})
