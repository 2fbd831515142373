"""Page-number pagination: `?page=&per_page=`, answers {results, page, total_pages, ...} (or
the names of names.py; without a page count, a short page is the last)."""

from __future__ import annotations

import httpx

from ...ports import QueryParams
from ._page import VendorPage, count_of, records_of
from .names import PAGE_COUNT, PAGE_NUMBER, PAGE_RECORDS


class PageNumberPaginator:
    def first_page_params(self, limit: int) -> QueryParams:
        return {"page": "1", "per_page": str(limit)}

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage:
        records = records_of(payload, PAGE_RECORDS)
        page = count_of(payload, PAGE_NUMBER)
        if page is None:
            page = int(params["page"])
        total_pages = count_of(payload, PAGE_COUNT)
        if total_pages is None:
            # The answer does not say: a full page may have another after it.
            total_pages = page + int(len(records) >= int(params["per_page"]))
        if page >= total_pages or not records:
            return VendorPage(records, None)
        return VendorPage(records, {"page": str(page + 1), "per_page": params["per_page"]})
