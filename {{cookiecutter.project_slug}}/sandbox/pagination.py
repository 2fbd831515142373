"""GET /{collection} in each of the four pagination styles the vendor may use."""

import base64
import binascii
import copy
import math
import re
from collections.abc import Sequence

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse

from sandbox.config import Pagination
from sandbox.errors import InvalidRequest
from sandbox.records import LIST_FIELDS, LIST_NAMES, QUERY_NAMES, Record

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100

_DIGITS = re.compile(r"^[0-9]{1,9}$")
_CURSOR_PREFIX = "after:"


# The names each style's answers use (dotted paths; "" for the records: the answer is the
# array itself; None: the answer leaves it out), and how the last cursor page ends its next
# cursor ("null", "empty" or "omit"). The sandbox answers in the vendor's names: these,
# or those sandbox/records.py's LIST_NAMES gives for a style (from the vendor's spec).
TEMPLATE_NAMES: dict[str, dict[str, str | None]] = {
    "cursor": {"records": "data", "has_more": "has_more", "next": "next_cursor", "last": "null"},
    "page_number": {
        "records": "results",
        "page": "page",
        "per_page": "per_page",
        "count": "total_pages",
        "total": "total",
    },
    "offset": {"records": "items", "start": "offset", "limit": "limit", "total": "total"},
    "link_header": {"records": ""},
}
# The query parameters each style's requests send (a page size None: the vendor takes
# none and sizes its pages): these, or those sandbox/records.py's QUERY_NAMES gives for a
# style (from the vendor's spec, as the paginators' upstream/pagination/names.py).
TEMPLATE_QUERY: dict[str, dict[str, str | None]] = {
    "cursor": {"limit": "limit", "after": "starting_after"},
    "page_number": {"page": "page", "size": "per_page"},
    "offset": {"offset": "offset", "limit": "limit"},
    "link_header": {"page": "page", "size": "per_page"},
}


def list_names(style: Pagination, vendor: bool = True) -> dict[str, str | None]:
    """The names `style`'s answers use: the vendor's (`vendor`) or the template's."""
    return {**TEMPLATE_NAMES[style], **(LIST_NAMES.get(style, {}) if vendor else {})}


def query_names(style: Pagination, vendor: bool = True) -> dict[str, str | None]:
    """The query parameters `style`'s requests send: the vendor's (`vendor`) or the
    template's."""
    return {**TEMPLATE_QUERY[style], **(QUERY_NAMES.get(style, {}) if vendor else {})}


def paginate(
    style: Pagination, records: Sequence[Record], request: Request, vendor_names: bool = True
) -> JSONResponse:
    """Raises InvalidRequest for bad query parameters."""
    names, query = list_names(style, vendor_names), query_names(style, vendor_names)
    match style:
        case "cursor":
            return _cursor_page(records, request.query_params, names, query)
        case "page_number":
            return _numbered_page(records, request.query_params, names, query)
        case "offset":
            return _offset_page(records, request.query_params, names, query)
        case "link_header":
            return _link_header_page(records, request, query)


def _answer(names: dict[str, str | None], values: dict[str, object]) -> object:
    """The list answer: the list's other fields, then each named value at its path (a
    value whose name is None left out); the records alone where their name is ""."""
    if names["records"] == "":
        return values["records"]
    answer: dict[str, object] = copy.deepcopy(LIST_FIELDS)
    for key, value in values.items():
        path = names[key]
        if path is None:
            continue
        *parents, leaf = path.split(".")
        target = answer
        for parent in parents:
            inner = target.get(parent)
            target[parent] = inner = inner if isinstance(inner, dict) else {}
            target = inner
        target[leaf] = value
    return answer


def _without(answer: object, path: str | None) -> object:
    """The answer without the field at `path` (the last page's cursor, where omitted)."""
    if path is not None and isinstance(answer, dict):
        *parents, leaf = path.split(".")
        target: object = answer
        for parent in parents:
            target = target.get(parent) if isinstance(target, dict) else None
        if isinstance(target, dict):
            target.pop(leaf, None)
    return answer


def encode_cursor(uid: str) -> str:
    return base64.urlsafe_b64encode((_CURSOR_PREFIX + uid).encode("utf-8")).decode("ascii")


def _position_after(cursor: str, records: Sequence[Record], name: str) -> int:
    try:
        decoded = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("utf-8")
    except (UnicodeError, binascii.Error):
        decoded = ""
    if decoded.startswith(_CURSOR_PREFIX):
        uid = decoded.removeprefix(_CURSOR_PREFIX)
        for index, record in enumerate(records):
            if record.uid == uid:
                return index + 1
    raise InvalidRequest(f"{name} is not a cursor issued by this API")


def _integer(query: QueryParams, name: str, default: int, minimum: int, maximum: int | None) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    value = int(raw) if _DIGITS.match(raw) else None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise InvalidRequest(f"{name} must be an integer of at least {minimum}{upper}")
    return value


def _page_size(query: QueryParams, name: str | None) -> int:
    """The page size asked for; the default where the vendor takes none (`name` None)."""
    if name is None:
        return DEFAULT_PAGE_SIZE
    return _integer(query, name, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)


def _param(query: dict[str, str | None], key: str) -> str:
    """The name of a query parameter the vendor always takes (a position, not a size)."""
    name = query[key]
    assert name is not None, key
    return name


def _cursor_page(
    records: Sequence[Record],
    query: QueryParams,
    names: dict[str, str | None],
    params: dict[str, str | None],
) -> JSONResponse:
    limit = _page_size(query, params["limit"])
    after = _param(params, "after")
    cursor = query.get(after)
    start = 0 if cursor is None else _position_after(cursor, records, after)
    page = records[start : start + limit]
    has_more = start + limit < len(records)
    last = "" if names["last"] == "empty" else None
    answer = _answer(
        names,
        {
            "records": [record.to_json() for record in page],
            "has_more": has_more,
            "next": encode_cursor(page[-1].uid) if has_more else last,
        },
    )
    return JSONResponse(
        answer if has_more or names["last"] != "omit" else _without(answer, names["next"])
    )


def _numbered_page(
    records: Sequence[Record],
    query: QueryParams,
    names: dict[str, str | None],
    params: dict[str, str | None],
) -> JSONResponse:
    page = _integer(query, _param(params, "page"), 1, 1, None)
    per_page = _page_size(query, params["size"])
    start = (page - 1) * per_page
    return JSONResponse(
        _answer(
            names,
            {
                "records": [record.to_json() for record in records[start : start + per_page]],
                "page": page,
                "per_page": per_page,
                "count": math.ceil(len(records) / per_page),
                "total": len(records),
            },
        )
    )


def _offset_page(
    records: Sequence[Record],
    query: QueryParams,
    names: dict[str, str | None],
    params: dict[str, str | None],
) -> JSONResponse:
    offset = _integer(query, _param(params, "offset"), 0, 0, None)
    limit = _page_size(query, params["limit"])
    return JSONResponse(
        _answer(
            names,
            {
                "records": [record.to_json() for record in records[offset : offset + limit]],
                "start": offset,
                "limit": limit,
                "total": len(records),
            },
        )
    )


def _link_header_page(
    records: Sequence[Record], request: Request, params: dict[str, str | None]
) -> JSONResponse:
    page_param, size_param = _param(params, "page"), params["size"]
    page = _integer(request.query_params, page_param, 1, 1, None)
    per_page = _page_size(request.query_params, size_param)
    start = (page - 1) * per_page
    headers = {}
    if start + per_page < len(records):
        sized = {} if size_param is None else {size_param: per_page}
        next_url = request.url.include_query_params(**{page_param: page + 1, **sized})
        headers["Link"] = f'<{next_url}>; rel="next"'
    return JSONResponse(
        [record.to_json() for record in records[start : start + per_page]], headers=headers
    )
