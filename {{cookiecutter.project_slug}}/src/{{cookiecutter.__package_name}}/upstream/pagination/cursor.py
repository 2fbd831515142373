"""Cursor pagination: `?limit=&starting_after=`, answers {data, has_more, next_cursor} (or
the names of names.py; without a limit parameter, the vendor sizes its pages)."""

from __future__ import annotations

import httpx

from ...ports import QueryParams
from ._page import PageShapeError, VendorPage, field_of, records_of, value_at
from .names import (
    CURSOR_AFTER_PARAM,
    CURSOR_HAS_MORE,
    CURSOR_LIMIT_PARAM,
    CURSOR_NEXT,
    CURSOR_RECORDS,
)


class CursorPaginator:
    def first_page_params(self, limit: int) -> QueryParams:
        return {} if CURSOR_LIMIT_PARAM is None else {CURSOR_LIMIT_PARAM: str(limit)}

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage:
        records = records_of(payload, CURSOR_RECORDS)
        has_more = True if CURSOR_HAS_MORE is None else field_of(payload, CURSOR_HAS_MORE, bool)
        next_cursor = value_at(payload, CURSOR_NEXT)
        if not has_more:
            return VendorPage(records, None)
        if next_cursor is not None and not isinstance(next_cursor, str):
            raise PageShapeError(f"list payload field {CURSOR_NEXT!r} is not a string")
        if not next_cursor:
            # Without a has-more flag, no cursor is the last page; with one, a page that says
            # there is more must say where, or the caller would take the list as complete.
            if CURSOR_HAS_MORE is None:
                return VendorPage(records, None)
            raise PageShapeError(f"list payload says it has more but gives no {CURSOR_NEXT!r}")
        # The same page size as asked, after the cursor.
        return VendorPage(records, {**params, CURSOR_AFTER_PARAM: next_cursor})
