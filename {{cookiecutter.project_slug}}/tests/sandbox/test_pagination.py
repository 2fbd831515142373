from typing import Any

import pytest

from sandbox import pagination, records
from sandbox.config import Pagination
from tests.sandbox.harness import start_sandbox
from tests.support.records import VENDOR_ID_FIELD, seeded_id

ALL_UIDS = [seeded_id(number) for number in range(1, 26)]


def _uids(records: list[dict[str, Any]]) -> list[str]:
    return [str(record[VENDOR_ID_FIELD]) for record in records]


def test_cursor_pages_chain_through_next_cursor() -> None:
    sandbox = start_sandbox(pagination="cursor", vendor_list_names=False)
    seen: list[str] = []
    params: dict[str, str | int] = {"limit": 10}

    while True:
        body = sandbox.client.get("/contacts", params=params).json()
        seen += _uids(body["data"])
        if not body["has_more"]:
            assert body["next_cursor"] is None
            break
        params = {"limit": 10, "starting_after": body["next_cursor"]}

    assert seen == ALL_UIDS


def test_cursor_rejects_a_cursor_it_did_not_issue() -> None:
    sandbox = start_sandbox(pagination="cursor", vendor_list_names=False)

    for cursor in (seeded_id(3), "bm9wZQ==", "%%%"):
        response = sandbox.client.get("/contacts", params={"starting_after": cursor})
        assert response.status_code == 400, cursor
        assert response.json()["error"]["type"] == "invalid_request"


def test_page_number_reports_totals() -> None:
    sandbox = start_sandbox(pagination="page_number", vendor_list_names=False)

    body = sandbox.client.get("/contacts", params={"page": 3, "per_page": 10}).json()

    assert _uids(body["results"]) == ALL_UIDS[20:]
    assert (body["page"], body["per_page"], body["total_pages"], body["total"]) == (3, 10, 3, 25)


def test_page_number_past_the_end_is_empty() -> None:
    sandbox = start_sandbox(pagination="page_number", vendor_list_names=False)

    body = sandbox.client.get("/contacts", params={"page": 9}).json()

    assert body["results"] == []
    assert body["total"] == 25


def test_offset_pages_by_offset_and_limit() -> None:
    sandbox = start_sandbox(pagination="offset", vendor_list_names=False)

    body = sandbox.client.get("/contacts", params={"offset": 22, "limit": 5}).json()

    assert _uids(body["items"]) == ALL_UIDS[22:]
    assert (body["offset"], body["limit"], body["total"]) == (22, 5, 25)


def test_link_header_points_at_the_absolute_next_page_until_the_last() -> None:
    sandbox = start_sandbox(pagination="link_header", vendor_list_names=False)
    seen: list[str] = []
    url = "/contacts?per_page=10"
    next_links: list[str] = []

    while True:
        response = sandbox.client.get(url)
        assert isinstance(response.json(), list)
        seen += _uids(response.json())
        if "link" not in response.headers:
            break
        url = response.links["next"]["url"]
        next_links.append(url)

    assert seen == ALL_UIDS
    assert next_links == [
        "http://testserver/contacts?page=2&per_page=10",
        "http://testserver/contacts?page=3&per_page=10",
    ]


def test_link_header_format() -> None:
    sandbox = start_sandbox(pagination="link_header", vendor_list_names=False)

    response = sandbox.client.get("/contacts", params={"page": 1, "per_page": 20})

    assert response.headers["link"] == '<http://testserver/contacts?page=2&per_page=20>; rel="next"'


@pytest.mark.parametrize(
    ("pagination", "size_param", "container"),
    [
        ("cursor", "limit", "data"),
        ("page_number", "per_page", "results"),
        ("offset", "limit", "items"),
        ("link_header", "per_page", None),
    ],
)
def test_page_size_defaults_to_10_and_allows_up_to_100(
    pagination: Pagination, size_param: str, container: str | None
) -> None:
    sandbox = start_sandbox(pagination=pagination, seed_records=150, vendor_list_names=False)

    def records(params: dict[str, int]) -> list[dict[str, Any]]:
        body: Any = sandbox.client.get("/contacts", params=params).json()
        found: list[dict[str, Any]] = body if container is None else body[container]
        return found

    assert len(records({})) == 10
    assert len(records({size_param: 100})) == 100
    too_big = sandbox.client.get("/contacts", params={size_param: 101})
    assert too_big.status_code == 400
    assert too_big.json()["error"]["type"] == "invalid_request"


@pytest.mark.parametrize(
    ("pagination", "params"),
    [
        ("cursor", {"limit": "0"}),
        ("cursor", {"limit": "ten"}),
        ("page_number", {"page": "0"}),
        ("page_number", {"per_page": "-1"}),
        ("offset", {"offset": "-1"}),
        ("offset", {"limit": "1.5"}),
        ("link_header", {"page": "x"}),
        ("link_header", {"page": "9" * 5000}),
    ],
)
def test_invalid_parameters_are_invalid_request(
    pagination: Pagination, params: dict[str, str]
) -> None:
    sandbox = start_sandbox(pagination=pagination, vendor_list_names=False)

    response = sandbox.client.get("/contacts", params=params)

    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request"


def test_the_vendors_list_names_are_answered_at_their_dotted_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vendor = {"records": "channels", "has_more": None, "next": "meta.next", "last": "omit"}
    monkeypatch.setitem(records.LIST_NAMES, "cursor", vendor)
    monkeypatch.setitem(records.QUERY_NAMES, "cursor", pagination.TEMPLATE_QUERY["cursor"])
    sandbox = start_sandbox(pagination="cursor")

    first = sandbox.client.get("/contacts", params={"limit": 20}).json()
    last = sandbox.client.get(
        "/contacts", params={"limit": 20, "starting_after": first["meta"]["next"]}
    ).json()

    assert _uids(first["channels"] + last["channels"]) == ALL_UIDS
    assert "has_more" not in first and "data" not in first
    assert "next" not in last.get("meta", {})


@pytest.mark.parametrize("pagination_style", ["page_number", "offset"])
def test_a_vendor_that_answers_a_bare_array_pages_until_a_short_page(
    monkeypatch: pytest.MonkeyPatch, pagination_style: Pagination
) -> None:
    names = dict.fromkeys(pagination.TEMPLATE_NAMES[pagination_style])
    monkeypatch.setitem(records.LIST_NAMES, pagination_style, {**names, "records": ""})
    query = pagination.TEMPLATE_QUERY[pagination_style]
    monkeypatch.setitem(records.QUERY_NAMES, pagination_style, query)
    sandbox = start_sandbox(pagination=pagination_style)
    first_page = {"page_number": {"page": 3, "per_page": 10}, "offset": {"offset": 20}}

    body = sandbox.client.get("/contacts", params=first_page[pagination_style]).json()

    assert _uids(body) == ALL_UIDS[20:]


def test_the_vendors_query_parameters_are_the_ones_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(records.LIST_NAMES, "page_number", {"records": ""})
    monkeypatch.setitem(records.QUERY_NAMES, "page_number", {"page": "Page", "size": "PageSize"})
    sandbox = start_sandbox(pagination="page_number")

    vendors = sandbox.client.get("/contacts", params={"Page": 2, "PageSize": 20}).json()
    # The template's names are not the vendor's: the first page, of the default size.
    templates = sandbox.client.get("/contacts", params={"page": 2, "per_page": 20}).json()

    assert _uids(vendors) == ALL_UIDS[20:]
    assert _uids(templates) == ALL_UIDS[: pagination.DEFAULT_PAGE_SIZE]


def test_a_vendor_without_a_page_size_parameter_sizes_its_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(records.LIST_NAMES, "cursor", pagination.TEMPLATE_NAMES["cursor"])
    monkeypatch.setitem(records.QUERY_NAMES, "cursor", {"limit": None, "after": "cursor"})
    sandbox = start_sandbox(pagination="cursor")
    size = pagination.DEFAULT_PAGE_SIZE

    first = sandbox.client.get("/contacts", params={"limit": 20}).json()
    second = sandbox.client.get("/contacts", params={"cursor": first["next_cursor"]}).json()

    assert _uids(first["data"]) == ALL_UIDS[:size]
    assert _uids(second["data"]) == ALL_UIDS[size : 2 * size]
