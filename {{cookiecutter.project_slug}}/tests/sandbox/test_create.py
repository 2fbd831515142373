from typing import Any

import pytest

from tests.sandbox.harness import start_sandbox


def test_create_returns_the_new_record_with_defaults() -> None:
    sandbox = start_sandbox()
    sandbox.clock.now = 1_750_000_000.9

    response = sandbox.client.post("/contacts", json={"attributes": {"title": "New"}})

    assert response.status_code == 201
    assert response.json() == {
        "uid": "rec_0026",
        "attributes": {
            "title": "New",
            "state": "ACTIVE",
            "amount": "0.00",
            "currency": "usd",
            "contact_email": None,
            "labels": "",
        },
        "created_ts": 1_750_000_000,
        "updated_ts": 1_750_000_000,
        "version": 1,
        "internal_score": 0.5,
    }
    assert sandbox.client.get("/contacts/rec_0026").json() == response.json()


def test_create_keeps_every_given_attribute() -> None:
    sandbox = start_sandbox()
    attributes = {
        "title": "Full",
        "state": "ARCHIVED",
        "amount": "-12.5",
        "currency": "eur",
        "contact_email": "someone@example.com",
        "labels": "a,b",
    }

    response = sandbox.client.post("/contacts", json={"attributes": attributes})

    assert response.json()["attributes"] == attributes


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"attributes": {}}, "attributes.title"),
        ({"attributes": {"title": ""}}, "attributes.title"),
        ({"attributes": {"title": "x" * 201}}, "attributes.title"),
        ({"attributes": {"title": 7}}, "attributes.title"),
        ({"attributes": {"title": "t", "state": "DELETED"}}, "attributes.state"),
        ({"attributes": {"title": "t", "amount": 12.5}}, "attributes.amount"),
        ({"attributes": {"title": "t", "amount": "12,50"}}, "attributes.amount"),
        ({"attributes": {"title": "t", "currency": "USD"}}, "attributes.currency"),
        ({"attributes": {"title": "t", "nickname": "x"}}, "attributes.nickname"),
        ({"title": "t"}, "attributes"),
    ],
)
def test_invalid_bodies_are_validation_errors(body: dict[str, Any], field: str) -> None:
    sandbox = start_sandbox()

    response = sandbox.client.post("/contacts", json=body)

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["type"] == "validation_error"
    assert field in [entry["field"] for entry in error["fields"]]
    assert sandbox.client.get("/contacts/rec_0026").status_code == 404


def test_a_body_that_is_not_json_is_a_validation_error() -> None:
    sandbox = start_sandbox()

    response = sandbox.client.post(
        "/contacts", content=b"{not json", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "body"


def test_same_idempotency_key_and_body_replays_the_original_response() -> None:
    sandbox = start_sandbox()
    headers = {"Idempotency-Key": "key-1"}

    first = sandbox.client.post(
        "/contacts",
        content=b'{"attributes": {"title": "Once", "state": "INACTIVE"}}',
        headers=headers,
    )
    sandbox.clock.advance(60)
    # Same JSON with different key order and spacing is the same request.
    again = sandbox.client.post(
        "/contacts", content=b'{"attributes":{"state":"INACTIVE","title":"Once"}}', headers=headers
    )

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert sandbox.client.get("/contacts/rec_0027").status_code == 404


def test_same_idempotency_key_with_a_different_body_is_rejected() -> None:
    sandbox = start_sandbox()
    headers = {"Idempotency-Key": "key-1"}
    sandbox.client.post("/contacts", json={"attributes": {"title": "One"}}, headers=headers)

    response = sandbox.client.post(
        "/contacts", json={"attributes": {"title": "Two"}}, headers=headers
    )

    assert response.status_code == 422
    assert response.json()["error"]["type"] == "idempotency_key_reused"


def test_idempotency_keys_are_kept_per_collection() -> None:
    sandbox = start_sandbox()
    headers = {"Idempotency-Key": "shared"}

    contact = sandbox.client.post("/contacts", json={"attributes": {"title": "A"}}, headers=headers)
    deal = sandbox.client.post("/deals", json={"attributes": {"title": "B"}}, headers=headers)

    assert contact.status_code == deal.status_code == 201
    assert "Idempotent-Replayed" not in deal.headers


def test_a_rejected_create_does_not_use_up_its_idempotency_key() -> None:
    sandbox = start_sandbox()
    headers = {"Idempotency-Key": "retry-me"}

    rejected = sandbox.client.post("/contacts", json={"attributes": {}}, headers=headers)
    accepted = sandbox.client.post(
        "/contacts", json={"attributes": {"title": "Fixed"}}, headers=headers
    )

    assert rejected.status_code == 422
    assert accepted.status_code == 201
    assert "Idempotent-Replayed" not in accepted.headers
