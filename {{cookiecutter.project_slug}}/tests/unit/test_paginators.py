"""The query parameters the paginators send are names.py's: the template's by default, a
spec project's vendor's own (Linode's `page_size`, SendGrid's `page_token`), and none for a
page size the vendor does not take."""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import pytest

from {{ cookiecutter.__package_name }}.errors import (
    ServiceError,
)
from {{ cookiecutter.__package_name }}.upstream.adapter import (
    checked_next_params,
)
from {{ cookiecutter.__package_name }}.upstream.pagination import PageShapeError, VendorPage, names


def _style(module: str) -> Any:
    """The paginator module of a style; only the project's own style is generated."""
    try:
        return importlib.import_module(f"{names.__package__}.{module}")
    except ModuleNotFoundError:
        pytest.skip(f"the project pages in another style (no upstream/pagination/{module}.py)")


def _cursor_named(
    monkeypatch: pytest.MonkeyPatch, *, has_more: str | None, next_cursor: str
) -> Any:
    """The cursor style reading records at "data", with these names for the rest."""
    cursor = _style("cursor")
    monkeypatch.setattr(cursor, "CURSOR_RECORDS", "data")
    monkeypatch.setattr(cursor, "CURSOR_HAS_MORE", has_more)
    monkeypatch.setattr(cursor, "CURSOR_NEXT", next_cursor)
    return cursor


def _answer(payload: object) -> httpx.Response:
    return httpx.Response(200, json=payload, request=httpx.Request("GET", "http://vendor/x"))


@pytest.mark.parametrize(
    ("module", "paginator", "expected"),
    [
        ("cursor", "CursorPaginator", {names.CURSOR_LIMIT_PARAM: "5"}),
        (
            "page_number",
            "PageNumberPaginator",
            {names.PAGE_PARAM: "1", names.PAGE_SIZE_PARAM: "5"},
        ),
        ("offset", "OffsetPaginator", {names.OFFSET_PARAM: "0", names.OFFSET_LIMIT_PARAM: "5"}),
        ("link_header", "LinkHeaderPaginator", {names.LINK_PAGE_SIZE_PARAM: "5"}),
    ],
)
def test_the_requests_send_the_names_of_names_py(
    module: str, paginator: str, expected: dict[str | None, str]
) -> None:
    first = getattr(_style(module), paginator)().first_page_params(5)

    assert first == {name: value for name, value in expected.items() if name is not None}


def test_a_cursor_page_asks_for_the_next_in_the_vendors_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cursor = _cursor_named(monkeypatch, has_more=None, next_cursor="next")
    monkeypatch.setattr(cursor, "CURSOR_LIMIT_PARAM", "page_size")
    monkeypatch.setattr(cursor, "CURSOR_AFTER_PARAM", "page_token")
    paginator = cursor.CursorPaginator()
    params = paginator.first_page_params(2)
    payload = {"data": [{}, {}], "next": "t2"}

    page = paginator.read_page(_answer(payload), payload, params)

    assert params == {"page_size": "2"}
    assert page.next_params == {"page_size": "2", "page_token": "t2"}


@pytest.mark.parametrize("next_cursor", [{"a": 1}, 7, "", None])
def test_a_cursor_page_that_has_more_but_no_usable_cursor_is_refused(
    monkeypatch: pytest.MonkeyPatch, next_cursor: object
) -> None:
    # Read as the last page, it would tell the caller the list is complete.
    cursor = _cursor_named(monkeypatch, has_more="has_more", next_cursor="next_cursor")
    payload = {"data": [{}], "has_more": True, "next_cursor": next_cursor}

    with pytest.raises(PageShapeError):
        cursor.CursorPaginator().read_page(_answer(payload), payload, {})


def test_a_cursor_page_without_a_has_more_flag_ends_where_the_cursor_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cursor = _cursor_named(monkeypatch, has_more=None, next_cursor="next")
    last_pages: list[dict[str, object]] = [
        {"data": [{}], "next": None},
        {"data": [{}], "next": ""},
        {"data": [{}]},
    ]
    for payload in last_pages:
        assert cursor.CursorPaginator().read_page(_answer(payload), payload, {}).next_params is None


@pytest.mark.parametrize("size", ["PageSize", None])
def test_a_numbered_page_asks_for_the_next_in_the_vendors_names(
    monkeypatch: pytest.MonkeyPatch, size: str | None
) -> None:
    page_number = _style("page_number")
    monkeypatch.setattr(page_number, "PAGE_RECORDS", "")
    monkeypatch.setattr(page_number, "PAGE_NUMBER", None)
    monkeypatch.setattr(page_number, "PAGE_COUNT", None)
    monkeypatch.setattr(page_number, "PAGE_PARAM", "Page")
    monkeypatch.setattr(page_number, "PAGE_SIZE_PARAM", size)
    paginator = page_number.PageNumberPaginator()
    params = paginator.first_page_params(2)
    sized = {} if size is None else {size: "2"}

    full = paginator.read_page(_answer([{}, {}]), [{}, {}], params)
    short = paginator.read_page(_answer([{}]), [{}], {**params, "Page": "2"})
    empty = paginator.read_page(_answer([]), [], {**params, "Page": "2"})

    assert params == {"Page": "1", **sized}
    assert full.next_params == {"Page": "2", **sized}
    # Without a page size asked for, only an empty page is known to be the last.
    assert (short.next_params is None) is (size is not None)
    assert empty.next_params is None


@pytest.mark.parametrize("size", ["count", None])
def test_an_offset_page_asks_for_the_next_in_the_vendors_names(
    monkeypatch: pytest.MonkeyPatch, size: str | None
) -> None:
    offset = _style("offset")
    for constant in ("OFFSET_RECORDS", "OFFSET_START", "OFFSET_TOTAL"):
        monkeypatch.setattr(offset, constant, "" if constant == "OFFSET_RECORDS" else None)
    monkeypatch.setattr(offset, "OFFSET_PARAM", "skip")
    monkeypatch.setattr(offset, "OFFSET_LIMIT_PARAM", size)
    paginator = offset.OffsetPaginator()
    params = paginator.first_page_params(2)
    sized = {} if size is None else {size: "2"}

    full = paginator.read_page(_answer([{}, {}]), [{}, {}], params)
    short = paginator.read_page(_answer([{}]), [{}], {**params, "skip": "2"})

    assert params == {"skip": "0", **sized}
    assert full.next_params == {"skip": "2", **sized}
    assert (short.next_params is None) is (size is not None)


def test_a_link_header_page_without_a_page_size_sends_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    link_header = _style("link_header")
    monkeypatch.setattr(link_header, "LINK_PAGE_SIZE_PARAM", None)

    assert link_header.LinkHeaderPaginator().first_page_params(5) == {}


def test_a_next_page_that_is_the_page_just_read_is_a_contract_violation() -> None:
    asked = {"page_token": "t1", "page_size": "2"}

    with pytest.raises(ServiceError) as raised:
        checked_next_params(VendorPage([{}], dict(asked)), asked)

    assert raised.value.code == "UPSTREAM_CONTRACT_VIOLATION"
    moved_on = {**asked, "page_token": "t2"}
    assert checked_next_params(VendorPage([{}], moved_on), asked) == moved_on
    assert checked_next_params(VendorPage([], None), asked) is None
