"""The names a spec's list answer uses for its records and its paging facts, for each
pagination style the service may page with (the project's own answer can be overridden, so
every style gets the spec's names).

`list_names` finds them in the list answer's schema (top-level fields and the fields of its
objects, as dotted paths: Slack's `response_metadata.next_cursor`), by the names vendors use
and the JSON type each must have; a fact the spec does not declare keeps the sandbox's own
name (an extra field the spec allows) or, where the paginator can do without it, none.
`names_source` writes them as the project's `upstream/pagination/names.py`; the sandbox reads
the same names from sample_records.json.
"""

from __future__ import annotations

import json
from typing import Any

from ._mapping import merged, scalar_of, success_schema
from ._naming import collection_word, snake
from ._proposal import RECORDS_PROPERTIES
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
OPTIONAL = frozenset(
    {"CURSOR_HAS_MORE", "PAGE_NUMBER", "PAGE_COUNT", "OFFSET_START", "OFFSET_TOTAL"}
)


def names_source(names: dict[str, dict[str, str | None]]) -> str:
    """src/<package>/upstream/pagination/names.py with the spec's names."""
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
    return "\n".join(lines) + "\n"


def _literal(value: str | None) -> str:
    return "None" if value is None else json.dumps(value)
