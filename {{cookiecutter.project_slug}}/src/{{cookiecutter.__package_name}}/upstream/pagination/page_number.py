"""Page-number pagination: `?page=&per_page=`, answers {results, page, total_pages, ...}."""

from __future__ import annotations

import httpx

from ...ports import QueryParams
from ._page import VendorPage, field_of, records_of


class PageNumberPaginator:
    def first_page_params(self, limit: int) -> QueryParams:
        return {"page": "1", "per_page": str(limit)}

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage:
        records = records_of(payload, "results")
        page = field_of(payload, "page", int)
        total_pages = field_of(payload, "total_pages", int)
        assert isinstance(page, int) and isinstance(total_pages, int)
        if page >= total_pages or not records:
            return VendorPage(records, None)
        return VendorPage(records, {"page": str(page + 1), "per_page": params["per_page"]})
