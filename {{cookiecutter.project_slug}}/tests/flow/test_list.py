"""Listing walks every vendor page through one opaque, tamper-evident cursor."""

from __future__ import annotations

import httpx

from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
)

from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)

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

    assert seen == [f"rec_{number:04d}" for number in range(1, SEEDED_RECORDS + 1)]


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


def test_limit_out_of_range_is_rejected(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    response = client.get(PATH, params={"limit": 0}, headers=credentials.headers(READ_SCOPE))

    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "limit"
