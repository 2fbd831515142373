"""The query parameters the paginators send are names.py's: the template's by default, a
spec project's vendor's own (Linode's `page_size`, SendGrid's `page_token`), and none for a
page size the vendor does not take."""

from __future__ import annotations

import httpx
import pytest

from {{ cookiecutter.__package_name }}.upstream.pagination import (
    cursor,
    link_header,
    names,
    offset,
    page_number,
)


def _answer(payload: object) -> httpx.Response:
    return httpx.Response(200, json=payload, request=httpx.Request("GET", "http://vendor/x"))


def test_the_requests_send_the_names_of_names_py() -> None:
    assert cursor.CursorPaginator().first_page_params(5) == {names.CURSOR_LIMIT_PARAM: "5"}
    assert page_number.PageNumberPaginator().first_page_params(5) == {
        names.PAGE_PARAM: "1",
        names.PAGE_SIZE_PARAM: "5",
    }
    assert offset.OffsetPaginator().first_page_params(5) == {
        names.OFFSET_PARAM: "0",
        names.OFFSET_LIMIT_PARAM: "5",
    }
    assert link_header.LinkHeaderPaginator().first_page_params(5) == {
        names.LINK_PAGE_SIZE_PARAM: "5"
    }


def test_a_cursor_page_asks_for_the_next_in_the_vendors_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cursor, "CURSOR_LIMIT_PARAM", "page_size")
    monkeypatch.setattr(cursor, "CURSOR_AFTER_PARAM", "page_token")
    monkeypatch.setattr(cursor, "CURSOR_RECORDS", "data")
    monkeypatch.setattr(cursor, "CURSOR_HAS_MORE", None)
    monkeypatch.setattr(cursor, "CURSOR_NEXT", "next")
    paginator = cursor.CursorPaginator()
    params = paginator.first_page_params(2)
    payload = {"data": [{}, {}], "next": "t2"}

    page = paginator.read_page(_answer(payload), payload, params)

    assert params == {"page_size": "2"}
    assert page.next_params == {"page_size": "2", "page_token": "t2"}


@pytest.mark.parametrize("size", ["PageSize", None])
def test_a_numbered_page_asks_for_the_next_in_the_vendors_names(
    monkeypatch: pytest.MonkeyPatch, size: str | None
) -> None:
    monkeypatch.setattr(page_number, "PAGE_PARAM", "Page")
    monkeypatch.setattr(page_number, "PAGE_SIZE_PARAM", size)
    monkeypatch.setattr(page_number, "PAGE_RECORDS", "")
    monkeypatch.setattr(page_number, "PAGE_NUMBER", None)
    monkeypatch.setattr(page_number, "PAGE_COUNT", None)
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
    monkeypatch.setattr(offset, "OFFSET_PARAM", "skip")
    monkeypatch.setattr(offset, "OFFSET_LIMIT_PARAM", size)
    monkeypatch.setattr(offset, "OFFSET_RECORDS", "")
    monkeypatch.setattr(offset, "OFFSET_START", None)
    monkeypatch.setattr(offset, "OFFSET_TOTAL", None)
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
    monkeypatch.setattr(link_header, "LINK_PAGE_SIZE_PARAM", None)

    assert link_header.LinkHeaderPaginator().first_page_params(5) == {}
