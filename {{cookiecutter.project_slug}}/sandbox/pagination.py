"""GET /{collection} in each of the four pagination styles the vendor may use."""

import base64
import binascii
import math
import re
from collections.abc import Sequence

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.config import Pagination
from sandbox.errors import InvalidRequest
from sandbox.records import LIST_FIELDS, Record

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100

_DIGITS = re.compile(r"^[0-9]{1,9}$")
_CURSOR_PREFIX = "after:"


def paginate(style: Pagination, records: Sequence[Record], request: Request) -> JSONResponse:
    """Raises InvalidRequest for bad query parameters."""
    match style:
        case "cursor":
            return _cursor_page(records, request.query_params)
        case "page_number":
            return _numbered_page(records, request.query_params)
        case "offset":
            return _offset_page(records, request.query_params)
        case "link_header":
            return _link_header_page(records, request)


def encode_cursor(uid: str) -> str:
    return base64.urlsafe_b64encode((_CURSOR_PREFIX + uid).encode("utf-8")).decode("ascii")


def _position_after(cursor: str, records: Sequence[Record]) -> int:
    try:
        decoded = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except (UnicodeError, binascii.Error):
        decoded = ""
    if decoded.startswith(_CURSOR_PREFIX):
        uid = decoded.removeprefix(_CURSOR_PREFIX)
        for index, record in enumerate(records):
            if record.uid == uid:
                return index + 1
    raise InvalidRequest("starting_after is not a cursor issued by this API")


def _integer(query: QueryParams, name: str, default: int, minimum: int, maximum: int | None) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    value = int(raw) if _DIGITS.match(raw) else None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise InvalidRequest(f"{name} must be an integer of at least {minimum}{upper}")
    return value


def _page_size(query: QueryParams, name: str) -> int:
    return _integer(query, name, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)


def _cursor_page(records: Sequence[Record], query: QueryParams) -> JSONResponse:
    limit = _page_size(query, "limit")
    cursor = query.get("starting_after")
    start = 0 if cursor is None else _position_after(cursor, records)
    page = records[start : start + limit]
    has_more = start + limit < len(records)
    return JSONResponse(
        {
            **LIST_FIELDS,
            "data": [record.to_json() for record in page],
            "has_more": has_more,
            "next_cursor": encode_cursor(page[-1].uid) if has_more else None,
        }
    )


def _numbered_page(records: Sequence[Record], query: QueryParams) -> JSONResponse:
    page = _integer(query, "page", 1, 1, None)
    per_page = _page_size(query, "per_page")
    start = (page - 1) * per_page
    return JSONResponse(
        {
            **LIST_FIELDS,
            "results": [record.to_json() for record in records[start : start + per_page]],
            "page": page,
            "per_page": per_page,
            "total_pages": math.ceil(len(records) / per_page),
            "total": len(records),
        }
    )


def _offset_page(records: Sequence[Record], query: QueryParams) -> JSONResponse:
    offset = _integer(query, "offset", 0, 0, None)
    limit = _page_size(query, "limit")
    return JSONResponse(
        {
            **LIST_FIELDS,
            "items": [record.to_json() for record in records[offset : offset + limit]],
            "offset": offset,
            "limit": limit,
            "total": len(records),
        }
    )


def _link_header_page(records: Sequence[Record], request: Request) -> JSONResponse:
    page = _integer(request.query_params, "page", 1, 1, None)
    per_page = _page_size(request.query_params, "per_page")
    start = (page - 1) * per_page
    headers = {}
    if start + per_page < len(records):
        next_url = request.url.include_query_params(page=page + 1, per_page=per_page)
        headers["Link"] = f'<{next_url}>; rel="next"'
    return JSONResponse(
        [record.to_json() for record in records[start : start + per_page]], headers=headers
    )
