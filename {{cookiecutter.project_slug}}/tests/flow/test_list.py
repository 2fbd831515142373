"""Listing walks every vendor page through one opaque, tamper-evident cursor."""

from __future__ import annotations

import httpx
import pytest

from {{ cookiecutter.__package_name }}.constants import (
    PROJECT_SLUG,
    READ_SCOPE,
    RESOURCE_PLURAL,
    VENDOR_PAGINATION_STYLE,
)
from {{ cookiecutter.__package_name }}.cursors import (
    CursorCodec,
)

from tests.conftest import CURSOR_SECRET
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import seeded_id

PATH = f"/v1/{RESOURCE_PLURAL}"
SEEDED_RECORDS = 25


def test_pages_cover_every_record_once(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    headers = credentials.headers(READ_SCOPE)
    seen: list[str] = []
    params: dict[str, str | int] = {"limit": 7}
    for _ in range(10):
        response = client.get(PATH, params=params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= 7
        seen += [item["id"] for item in page["items"]]
        if page["next_cursor"] is None:
            break
        params = {"cursor": page["next_cursor"]}

    assert seen == [seeded_id(number) for number in range(1, SEEDED_RECORDS + 1)]


def test_a_tampered_cursor_is_rejected(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    headers = credentials.headers(READ_SCOPE)
    first = client.get(PATH, params={"limit": 5}, headers=headers).json()
    cursor = first["next_cursor"]
    assert cursor
    tampered = ("A" if cursor[0] != "A" else "B") + cursor[1:]

    response = client.get(PATH, params={"cursor": tampered}, headers=headers)

    assert response.status_code == 422
    assert response.json()["code"] == "VALIDATION_FAILED"
    assert response.json()["errors"][0]["parameter"] == "cursor"


FOREIGN_CURSORS = {
    # Signed with this service's secret, as another service sharing it would.
    "another project": (f"{PROJECT_SLUG}-other", VENDOR_PAGINATION_STYLE, {"page": "2"}),
    "another pagination style": (PROJECT_SLUG, f"{VENDOR_PAGINATION_STYLE}-other", {"x": "1"}),
}


@pytest.mark.parametrize("origin", FOREIGN_CURSORS)
def test_an_authentic_cursor_from_elsewhere_is_a_validation_problem(
    client: httpx.Client, credentials: CallerCredentials, origin: str
) -> None:
    issuer, style, params = FOREIGN_CURSORS[origin]
    cursor = CursorCodec([CURSOR_SECRET.encode()], issuer, style).encode(params)

    response = client.get(PATH, params={"cursor": cursor}, headers=credentials.headers(READ_SCOPE))

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["parameter"] == "cursor"


def test_limit_out_of_range_is_rejected(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    response = client.get(PATH, params={"limit": 0}, headers=credentials.headers(READ_SCOPE))

    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "limit"
