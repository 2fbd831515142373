"""POST /{collection} in the vendor's shape: the create body's fields and types from the
vendor's spec (sample_records.json, `create_fields`), idempotency keys as vendors keep them."""

from typing import Any

import pytest

from sandbox.answers import record_in
from sandbox.new_record import FORM_MEDIA_TYPE, form_body
from sandbox.records import ID_FIELD, SHAPE
from tests.sandbox.harness import start_sandbox
from tests.support.records import VENDOR_NEW_RECORD, seeded_id, vendor_create

WRONG_TYPE: dict[str, object] = {"string": 12345, "integer": "x", "number": "x", "boolean": "x"}


def fields_of(body: dict[str, Any]) -> dict[str, Any]:
    envelope = SHAPE["create_envelope"]
    inner: dict[str, Any] = body if envelope is None else body[envelope]
    return inner


def wrapped(fields: dict[str, Any]) -> dict[str, Any]:
    envelope = SHAPE["create_envelope"]
    return fields if envelope is None else {envelope: fields}


def test_create_returns_the_new_record_under_the_next_id() -> None:
    sandbox = start_sandbox()

    response = sandbox.client.post("/contacts", **vendor_create(VENDOR_NEW_RECORD))

    assert response.status_code == 201
    record = record_in("create", response.json())
    assert str(record[ID_FIELD]) == seeded_id(26)
    given = {
        name: value for name, value in fields_of(VENDOR_NEW_RECORD).items() if name != ID_FIELD
    }
    assert given.items() <= record.items()
    fetched = sandbox.client.get(f"/contacts/{seeded_id(26)}").json()
    assert record_in("get", fetched) == record


@pytest.mark.parametrize("field", sorted(SHAPE["create_fields"]))
def test_a_field_of_the_wrong_type_is_a_validation_error(field: str) -> None:
    sandbox = start_sandbox()
    kind = SHAPE["create_fields"][field]["type"]
    if kind == "string" and SHAPE["create_media_type"] == FORM_MEDIA_TYPE:
        pytest.skip("a form carries any value of a text field as text")
    body = wrapped({**fields_of(VENDOR_NEW_RECORD), field: WRONG_TYPE[kind]})

    response = sandbox.client.post("/contacts", **vendor_create(body))

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["type"] == "validation_error"
    assert any(field in entry["field"] for entry in error["fields"])
    assert sandbox.client.get(f"/contacts/{seeded_id(26)}").status_code == 404


def test_unknown_and_missing_required_fields_are_validation_errors() -> None:
    sandbox = start_sandbox()
    required = [name for name, spec in SHAPE["create_fields"].items() if spec["required"]]

    unknown = sandbox.client.post(
        "/contacts", **vendor_create(wrapped({**fields_of(VENDOR_NEW_RECORD), "nickname": "x"}))
    )
    missing = sandbox.client.post("/contacts", **vendor_create(wrapped({})))

    assert unknown.status_code == 422
    assert missing.status_code == (422 if required else 201)


def test_a_body_that_is_not_json_is_a_validation_error() -> None:
    sandbox = start_sandbox()

    response = sandbox.client.post(
        "/contacts", content=b"{not json", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422


def test_same_idempotency_key_and_body_replays_the_original_response() -> None:
    sandbox = start_sandbox()
    headers = {"Idempotency-Key": "k-1"}

    first = sandbox.client.post("/contacts", **vendor_create(VENDOR_NEW_RECORD), headers=headers)
    second = sandbox.client.post("/contacts", **vendor_create(VENDOR_NEW_RECORD), headers=headers)

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert sandbox.client.get(f"/contacts/{seeded_id(27)}").status_code == 404


def test_same_idempotency_key_with_a_different_body_is_rejected() -> None:
    sandbox = start_sandbox()
    headers = {"Idempotency-Key": "k-1"}
    sandbox.client.post("/contacts", **vendor_create(VENDOR_NEW_RECORD), headers=headers)

    response = sandbox.client.post(
        "/contacts", json=wrapped({**fields_of(VENDOR_NEW_RECORD), "x": 1}), headers=headers
    )

    assert response.status_code == 422
    assert response.json()["error"]["type"] == "idempotency_key_reused"


def test_a_create_in_another_media_type_than_the_vendors_is_refused() -> None:
    sandbox = start_sandbox()
    form = SHAPE["create_media_type"] == FORM_MEDIA_TYPE
    other: dict[str, Any] = (
        {"json": VENDOR_NEW_RECORD} if form else {"content": form_body(VENDOR_NEW_RECORD)}
    )

    refused = sandbox.client.post("/contacts", **other)
    taken = sandbox.client.post("/contacts", **vendor_create(VENDOR_NEW_RECORD))

    assert refused.status_code == 422
    assert taken.status_code == 201
