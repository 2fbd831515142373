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


def value_at(payload: object, path: str) -> object:
    """The value at a dotted `path` of the answer (None where a part is missing)."""
    for name in path.split("."):
        if not isinstance(payload, dict):
            return None
        payload = payload.get(name)
    return payload


def field_of(payload: object, name: str, kind: type) -> object:
    """The value at the dotted path `name`, which must be there and of type `kind`."""
    *parents, leaf = name.split(".")
    parent = value_at(payload, ".".join(parents)) if parents else payload
    if not isinstance(parent, dict) or leaf not in parent:
        raise PageShapeError(f"list payload lacks {name!r}")
    value = parent[leaf]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise PageShapeError(f"list payload field {name!r} is not a {kind.__name__}")
    return value


def records_of(payload: object, name: str) -> list[object]:
    """The records at `name`, or the answer itself where `name` is empty."""
    if not name:
        if not isinstance(payload, list):
            raise PageShapeError("list payload is not a JSON array")
        return payload
    records = field_of(payload, name, list)
    assert isinstance(records, list)
    return records


def count_of(payload: object, name: str | None) -> int | None:
    """The integer at `name`; None where the answer does not say (`name` None)."""
    if name is None:
        return None
    value = field_of(payload, name, int)
    assert isinstance(value, int)
    return value


class Paginator(Protocol):
    """What every pagination style provides (CursorPaginator, PageNumberPaginator, ...)."""

    def first_page_params(self, limit: int) -> QueryParams: ...

    def read_page(
        self, response: httpx.Response, payload: object, params: QueryParams
    ) -> VendorPage: ...
