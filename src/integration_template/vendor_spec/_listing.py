"""The names a spec's list answer uses for its records and its paging facts, for each
pagination style the service may page with (the project's own answer can be overridden, so
every style gets the spec's names).

`list_names` finds them in the list answer's schema (top-level fields and the fields of its
objects, as dotted paths: Slack's `response_metadata.next_cursor`), by the names vendors use
and the JSON type each must have; a fact the spec does not declare keeps the sandbox's own
name (an extra field the spec allows) or, where the paginator can do without it, none.
`query_names` finds the query parameters the list operation takes for each style's
requests (Linode's `page_size`, SendGrid's `page_token`), by the names `_proposal.py`
recognises a style by. `names_source` writes both as the project's
`upstream/pagination/names.py`; the sandbox reads the same names from sample_records.json.
"""

from __future__ import annotations

import json
from typing import Any

from ._mapping import merged, resolve, scalar_of, success_schema
from ._naming import collection_word, snake
from ._proposal import (
    CURSOR_PARAMETERS,
    OFFSET_PARAMETERS,
    PAGE_PARAMETERS,
    PAGE_SIZE_PARAMETERS,
    RECORDS_PROPERTIES,
)
from .project import vendor_models as tool

NAMES_FILE = "src/{package}/upstream/pagination/names.py"

# The names vendors give each paging fact (compared without case, `_` and `-`), best first.
NEXT_CURSOR = (
    "next_cursor",
    "cursor",
    "next_page_token",
    "page_token",
    "next_token",
    "next",
    "next_page",
    "next_page_uri",
    "next_page_url",
)
HAS_MORE = ("has_more", "has_next", "has_next_page", "more")
PAGE = ("page", "current_page", "page_number")
PAGE_COUNT = ("total_pages", "pages", "page_count", "num_pages")
OFFSET = ("offset", "start")
TOTAL = ("total", "total_items", "total_count", "total_results")


# The query parameters that ask for the page after a cursor, best first (`ending_before`
# pages backwards; a string `offset` is an opaque token, as Asana's): those of
# CURSOR_PARAMETERS.
AFTER_PARAMETERS = (
    "starting_after",
    "after",
    "cursor",
    "page_token",
    "next_page_token",
    "start_cursor",
    "page_cursor",
    "next_token",
    "continuation_token",
    "marker",
)
# The query parameters that size a page, best first: those of PAGE_SIZE_PARAMETERS.
SIZE_PARAMETERS = ("limit", "page_size", "per_page", "count", "max_results", "size", "top")
assert set(AFTER_PARAMETERS) == CURSOR_PARAMETERS - {"ending_before"}
assert set(SIZE_PARAMETERS) == PAGE_SIZE_PARAMETERS


def _fields(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    """The list answer's scalar fields by dotted path (top level, then one level into its
    objects): their JSON type and whether the answer requires them."""
    found: dict[str, tuple[str, bool]] = {}
    required = set(schema.get("required") or [])
    for name, value in (schema.get("properties") or {}).items():
        scalar = scalar_of(spec, value)
        if scalar is not None:
            found[name] = (scalar.json_type, name in required)
            continue
        inner = merged(spec, value)
        inner_required = set(inner.get("required") or [])
        for leaf, leaf_value in (inner.get("properties") or {}).items():
            scalar = scalar_of(spec, leaf_value)
            if scalar is not None:
                path = f"{name}.{leaf}"
                found[path] = (scalar.json_type, name in required and leaf in inner_required)
    return found


def _find(fields: dict[str, tuple[str, bool]], names: tuple[str, ...], kind: str) -> str | None:
    """The first field named like one of `names` (its last segment) of JSON type `kind`."""

    def key(name: str) -> str:
        return name.lower().replace("_", "").replace("-", "")

    for wanted in names:
        for path, (json_type, _) in fields.items():
            if key(path.rsplit(".", 1)[-1]) == key(wanted) and json_type == kind:
                return path
    return None


def records_at(spec: dict[str, Any]) -> str | None:
    """Where the list answer keeps its records: None for a top-level array, else the array
    property named as vendors name it (`data`, `items`...) or for the collection
    (Mailchimp's `members`, not its `_links`), else the only or first one not starting with
    `_`, `data` when the spec names none (as the proposal chooses it)."""
    _, _, collection = tool.resource_of(spec)
    listing = success_schema(spec, collection)
    if listing.get("type") == "array" or "items" in listing:
        return None
    arrays: list[str] = []
    for name, value in (listing.get("properties") or {}).items():
        found = merged(spec, value)
        if found.get("type") == "array" or "items" in found:
            arrays.append(str(name))
    plural = collection_word(collection.rstrip("/").rsplit("/", 1)[-1])
    for preferred in (*RECORDS_PROPERTIES, plural):
        for name in arrays:
            if snake(name) == preferred:
                return name
    plain = [name for name in arrays if not name.startswith("_")]
    return (plain or arrays or ["data"])[0]


def list_names(spec: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """By pagination style, the names the sandbox and the paginator use (the sandbox's
    keys: sandbox/pagination.py's TEMPLATE_NAMES)."""
    _, _, collection = tool.resource_of(spec)
    listing = success_schema(spec, collection)
    fields = _fields(spec, listing)
    records = records_at(spec)
    if records is None:
        # A bare array: pages end on a short page; a cursor has nowhere to go.
        empty: dict[str, str | None] = {"records": ""}
        nothing = {"page": None, "per_page": None, "count": None, "total": None}
        return {
            "page_number": {**empty, **nothing},
            "offset": {**empty, "start": None, "limit": None, "total": None},
        }
    next_cursor = _find(fields, NEXT_CURSOR, "string")
    cursor: dict[str, str | None] = {"records": records}
    if next_cursor is not None:
        required = fields[next_cursor][1]
        cursor |= {
            "has_more": _find(fields, HAS_MORE, "boolean"),
            "next": next_cursor,
            "last": "empty" if required else "omit",
        }
    return {
        "cursor": cursor,
        "page_number": {
            "records": records,
            "page": _find(fields, PAGE, "integer"),
            "per_page": None,
            "count": _find(fields, PAGE_COUNT, "integer"),
            "total": None,
        },
        "offset": {
            "records": records,
            "start": _find(fields, OFFSET, "integer"),
            "limit": None,
            "total": _find(fields, TOTAL, "integer"),
        },
    }


def _query_parameters(spec: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The list operation's query parameters by snake_case name: their own name and JSON
    type (path-level ones overridden by the operation's)."""
    _, _, collection = tool.resource_of(spec)
    path_item = resolve(spec, (spec.get("paths") or {}).get(collection)) or {}
    operation = path_item.get("get") if isinstance(path_item, dict) else None
    found: dict[str, tuple[str, str]] = {}
    for raw in [*(path_item.get("parameters") or []), *((operation or {}).get("parameters") or [])]:
        parameter = resolve(spec, raw)
        if not isinstance(parameter, dict) or parameter.get("in") != "query":
            continue
        name = parameter.get("name")
        if isinstance(name, str):
            schema = merged(spec, parameter.get("schema") or {})
            found[snake(name)] = (name, str(schema.get("type", "")))
    return found


def query_names(spec: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """By pagination style, the query parameters its requests send (the sandbox's keys:
    sandbox/pagination.py's TEMPLATE_QUERY): the list operation's own names. A position
    (cursor, page, offset) the spec does not declare keeps the sandbox's name; a page size
    it does not declare is None (the request sends none, the vendor sizes its pages). A
    spec that declares no paging parameter at all says nothing: every style keeps the
    sandbox's names (as the proposal keeps the default style)."""
    parameters = _query_parameters(spec)

    def first(names: tuple[str, ...], kind: str | None = None) -> str | None:
        for wanted in names:
            if wanted in parameters and kind in (None, parameters[wanted][1]):
                return parameters[wanted][0]
        return None

    # An 'offset' that is a string is an opaque token (Asana): a cursor, not a number.
    after = first(AFTER_PARAMETERS) or first(tuple(OFFSET_PARAMETERS), "string")
    offset = next(
        (
            parameters[name][0]
            for name in sorted(OFFSET_PARAMETERS)
            if name in parameters and parameters[name][1] != "string"
        ),
        None,
    )
    page = first(tuple(sorted(PAGE_PARAMETERS)))
    size = first(SIZE_PARAMETERS)
    if after is None and offset is None and page is None and size is None:
        return {}
    positions: dict[str, tuple[str, str | None]] = {
        "cursor": ("after", after),
        "page_number": ("page", page),
        "offset": ("offset", offset),
        "link_header": ("page", page),
    }
    found: dict[str, dict[str, str | None]] = {}
    for style, (key, name) in positions.items():
        sized = "limit" if style in ("cursor", "offset") else "size"
        found[style] = {sized: size} | ({key: name} if name is not None else {})
    return found


# The paginators' constants (upstream/pagination/names.py) by style and sandbox key, with the
# template's value of each.
CONSTANTS: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "cursor": (
        ("records", "CURSOR_RECORDS", "data"),
        ("has_more", "CURSOR_HAS_MORE", "has_more"),
        ("next", "CURSOR_NEXT", "next_cursor"),
    ),
    "page_number": (
        ("records", "PAGE_RECORDS", "results"),
        ("page", "PAGE_NUMBER", "page"),
        ("count", "PAGE_COUNT", "total_pages"),
    ),
    "offset": (
        ("records", "OFFSET_RECORDS", "items"),
        ("start", "OFFSET_START", "offset"),
        ("total", "OFFSET_TOTAL", "total"),
    ),
}
# The query parameters the paginators send, likewise (None: a page size the vendor does not
# take, which the paginator does not send).
QUERY_CONSTANTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "cursor": (
        ("limit", "CURSOR_LIMIT_PARAM", "limit"),
        ("after", "CURSOR_AFTER_PARAM", "starting_after"),
    ),
    "page_number": (
        ("page", "PAGE_PARAM", "page"),
        ("size", "PAGE_SIZE_PARAM", "per_page"),
    ),
    "offset": (
        ("offset", "OFFSET_PARAM", "offset"),
        ("limit", "OFFSET_LIMIT_PARAM", "limit"),
    ),
    "link_header": (("size", "LINK_PAGE_SIZE_PARAM", "per_page"),),
}
OPTIONAL = frozenset(
    {
        "CURSOR_HAS_MORE",
        "PAGE_NUMBER",
        "PAGE_COUNT",
        "OFFSET_START",
        "OFFSET_TOTAL",
        "CURSOR_LIMIT_PARAM",
        "PAGE_SIZE_PARAM",
        "OFFSET_LIMIT_PARAM",
        "LINK_PAGE_SIZE_PARAM",
    }
)
QUERY_COMMENT = (
    "# The query parameters each style's requests send (the list operation's own, from the\n"
    "# spec; a page size None: the vendor takes none, the request sends none and the vendor\n"
    "# sizes its pages)."
)


def names_source(
    names: dict[str, dict[str, str | None]], query: dict[str, dict[str, str | None]]
) -> str:
    """src/<package>/upstream/pagination/names.py with the spec's names (`query`: the
    request's, from `query_names`)."""
    comments = {
        "cursor": "# cursor: the records, whether more pages follow (None: while the answer\n"
        "# gives a next cursor), and the next page's cursor.",
        "page_number": '# page_number: the records ("": the answer is the array itself), the\n'
        "# page's number and how many pages there are.",
        "offset": '# offset: the records ("": the answer is the array itself), the offset of\n'
        "# the first one and how many there are in all.",
    }
    lines = [
        '"""Where the vendor\'s list answers keep their records and their paging facts: dotted',
        "paths into the answer, by pagination style (each paginator reads its own). None: the",
        "answer does not say, and the paginator goes by what it asked for, or ends on a short",
        "page.",
        "",
        "Written from the vendor's spec (spec/vendor-openapi.json, the list answer's schema); the",
        "sandbox answers in the same names (sandbox/sample_records.json, `list_names`).",
        '"""',
    ]
    for style, constants in CONSTANTS.items():
        given = names.get(style, {})
        lines += ["", comments[style]]
        for key, constant, template in constants:
            value = given.get(key, template)
            annotation = ": str | None" if constant in OPTIONAL else ""
            lines.append(f"{constant}{annotation} = {_literal(value)}")
    lines += ["", QUERY_COMMENT]
    for style, query_constants in QUERY_CONSTANTS.items():
        asked = query.get(style, {})
        for key, constant, template in query_constants:
            value = asked.get(key, template)
            annotation = ": str | None" if constant in OPTIONAL else ""
            lines.append(f"{constant}{annotation} = {_literal(value)}")
    return "\n".join(lines) + "\n"


def _literal(value: str | None) -> str:
    return "None" if value is None else json.dumps(value)
