from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import httpx

from ...ports import QueryParams


@dataclass(frozen=True)
class VendorPage:
    """One vendor page: raw record payloads and how to ask for the next page, if any."""

    records: list[object]
    next_params: QueryParams | None


class PageShapeError(ValueError):
    """The vendor's list answer does not have the shape this pagination style expects."""


def field_of(payload: object, name: str, kind: type) -> object:
    if not isinstance(payload, dict) or name not in payload:
        raise PageShapeError(f"list payload lacks {name!r}")
    value = payload[name]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise PageShapeError(f"list payload field {name!r} is not a {kind.__name__}")
    return value


def records_of(payload: object, name: str) -> list[object]:
    records = field_of(payload, name, list)
    assert isinstance(records, list)
    return records


class Paginator(Protocol):
    """What every pagination style provides (CursorPaginator, PageNumberPaginator, ...)."""

    def first_page_params(self, limit: int) -> QueryParams: ...

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage: ...
