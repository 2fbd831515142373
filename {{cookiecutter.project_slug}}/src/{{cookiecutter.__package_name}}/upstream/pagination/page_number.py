"""Page-number pagination: `?page=&per_page=`, answers {results, page, total_pages, ...} (or
the names of names.py; without a page count, a short page is the last, and without a page
size parameter an empty one)."""

from __future__ import annotations

import httpx

from ...ports import QueryParams
from ._page import VendorPage, count_of, records_of
from .names import PAGE_COUNT, PAGE_NUMBER, PAGE_PARAM, PAGE_RECORDS, PAGE_SIZE_PARAM


class PageNumberPaginator:
    def first_page_params(self, limit: int) -> QueryParams:
        sized = {} if PAGE_SIZE_PARAM is None else {PAGE_SIZE_PARAM: str(limit)}
        return {PAGE_PARAM: "1", **sized}

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage:
        records = records_of(payload, PAGE_RECORDS)
        page = count_of(payload, PAGE_NUMBER)
        if page is None:
            page = int(params[PAGE_PARAM])
        total_pages = count_of(payload, PAGE_COUNT)
        if total_pages is None:
            # The answer does not say: a full page may have another after it.
            full = PAGE_SIZE_PARAM is None or len(records) >= int(params[PAGE_SIZE_PARAM])
            total_pages = page + int(full)
        if page >= total_pages or not records:
            return VendorPage(records, None)
        return VendorPage(records, {**params, PAGE_PARAM: str(page + 1)})
