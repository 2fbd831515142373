"""Link-header pagination: a bare JSON array, the next page in `Link: <url>; rel="next"`.

The next URL comes from the vendor, so only its query parameters are kept, and only when it
points at the same host and path we asked: a caller can never steer the service elsewhere.
"""

from __future__ import annotations

import httpx

from ...ports import QueryParams
from ._page import PageShapeError, VendorPage
from .names import LINK_PAGE_SIZE_PARAM


class LinkHeaderPaginator:
    def first_page_params(self, limit: int) -> QueryParams:
        return {} if LINK_PAGE_SIZE_PARAM is None else {LINK_PAGE_SIZE_PARAM: str(limit)}

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage:
        del params
        if not isinstance(payload, list):
            raise PageShapeError("list payload is not a JSON array")
        next_url = next_link(response)
        if next_url is None:
            return VendorPage(payload, None)
        asked = response.request.url
        if (next_url.scheme, next_url.host, next_url.port, next_url.path) != (
            asked.scheme,
            asked.host,
            asked.port,
            asked.path,
        ):
            raise PageShapeError("Link rel=next points away from the collection")
        return VendorPage(payload, dict(next_url.params.multi_items()))


def next_link(response: httpx.Response) -> httpx.URL | None:
    for link in response.links.values():
        if link.get("rel") == "next" and link.get("url"):
            return response.request.url.join(link["url"])
    return None
