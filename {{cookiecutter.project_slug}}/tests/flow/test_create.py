"""POST /v1/<resources>: validated input, idempotent creates, one error standard."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from {{ cookiecutter.__package_name }}.constants import (
    READ_SCOPE,
    RESOURCE_PLURAL,
    WRITE_SCOPE,
)

from tests.support.faults import inject_fault, vendor_call_count
from tests.support.inbound_{{ cookiecutter.inbound_auth }} import (
    CallerCredentials,
)
from tests.support.records import (
    CREATE_BODY,
    FIRST_ID,
    INVALID_FIELD,
    OTHER_NEW_RECORD,
    TEXT_FIELD,
    record_number,
    seeded_id,
)

PATH = f"/v1/{RESOURCE_PLURAL}"
# A create body with every field the caller may give.
NEW_RECORD: dict[str, Any] = dict(CREATE_BODY)


def create(
    client: httpx.Client,
    credentials: CallerCredentials,
    body: object,
    key: str | None = None,
    **headers: str,
) -> httpx.Response:
    all_headers = {**credentials.headers(WRITE_SCOPE), **headers}
    if key is not None:
        all_headers["Idempotency-Key"] = key
    return client.post(PATH, json=body, headers=all_headers)


def test_create_returns_the_canonical_record(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    response = create(client, credentials, NEW_RECORD, key=str(uuid.uuid4()))

    assert response.status_code == 201, response.text
    record = response.json()
    # What the caller gave, wherever the canonical record has a field of that name.
    carried = {name: record[name] for name in NEW_RECORD if name in record}
    assert carried == {name: NEW_RECORD[name] for name in carried}
    assert response.headers["Location"] == f"{PATH}/{record['id']}"
    fetched = client.get(response.headers["Location"], headers=credentials.headers(READ_SCOPE))
    assert fetched.json() == record


def test_same_key_and_body_creates_once(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    key = str(uuid.uuid4())

    first = create(client, credentials, NEW_RECORD, key=key)
    second = create(client, credentials, NEW_RECORD, key=key)
    other = create(client, credentials, NEW_RECORD, key=str(uuid.uuid4()))

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    first_number = record_number(first.json()["id"])
    assert other.json()["id"] == seeded_id(first_number + 1)  # the vendor created once


def test_same_key_with_another_body_is_rejected(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    key = str(uuid.uuid4())
    create(client, credentials, NEW_RECORD, key=key)

    response = create(client, credentials, {**NEW_RECORD, **OTHER_NEW_RECORD}, key=key)

    assert response.status_code == 422
    assert response.json()["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_unknown_and_invalid_fields_are_named(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    invalid_field, invalid_value = INVALID_FIELD
    body = {**NEW_RECORD, invalid_field: invalid_value, "nickname": "x"}

    response = create(client, credentials, body)

    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "VALIDATION_FAILED"
    assert {error["pointer"] for error in problem["errors"]} == {f"/{invalid_field}", "/nickname"}
    for error in problem["errors"]:  # our field errors, never pydantic's raw output
        assert set(error) == {"pointer", "detail"}


def test_wrong_content_type_is_unsupported(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    response = client.post(
        PATH,
        content=b"name=x",
        headers={**credentials.headers(WRITE_SCOPE), "Content-Type": "text/plain"},
    )

    assert response.status_code == 415
    assert response.json()["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_oversized_body_is_refused_before_parsing(
    client: httpx.Client, credentials: CallerCredentials, sandbox: httpx.Client
) -> None:
    body = {**NEW_RECORD, TEXT_FIELD: "x" * (1024 * 1024 + 10)}

    response = create(client, credentials, body)

    assert response.status_code == 413
    assert response.json()["code"] == "PAYLOAD_TOO_LARGE"
    assert vendor_call_count(sandbox, "create") == 0


def test_an_oversized_chunked_body_is_refused_as_too_large(
    client: httpx.Client, credentials: CallerCredentials, sandbox: httpx.Client
) -> None:
    """No Content-Length: the body is counted as it arrives and cut off at the limit."""

    def chunks() -> Iterator[bytes]:
        yield b'{"' + TEXT_FIELD.encode() + b'": "'
        for _ in range(1100):
            yield b"x" * 1024
        yield b'"}'

    headers = {**credentials.headers(WRITE_SCOPE), "Content-Type": "application/json"}
    response = client.post(PATH, content=chunks(), headers=headers)

    assert "Content-Length" not in response.request.headers
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "PAYLOAD_TOO_LARGE"
    assert vendor_call_count(sandbox, "create") == 0


def test_malformed_json_points_at_the_body_and_names_the_character(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    headers = {**credentials.headers(WRITE_SCOPE), "Content-Type": "application/json"}

    response = client.post(PATH, content=b'{"a": @}', headers=headers)

    assert response.status_code == 422
    [error] = response.json()["errors"]
    # A JSON pointer to the whole body: FastAPI gives a character offset instead.
    assert error["pointer"] == "/"
    assert "at character 6" in error["detail"]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_methods_the_collection_does_not_allow_are_405_whatever_the_body(
    client: httpx.Client, credentials: CallerCredentials, method: str
) -> None:
    headers = {**credentials.headers(WRITE_SCOPE), "Content-Type": "text/plain"}

    response = client.request(method, PATH, content=b"not json", headers=headers)

    assert response.status_code == 405, response.text
    assert response.json()["status"] == 405
    # Every method the path takes, though GET and POST are two routes (RFC 9110 15.5.6).
    assert response.headers["Allow"] == "GET, POST"
    item = client.request(method, f"{PATH}/{FIRST_ID}", content=b"not json", headers=headers)
    assert item.headers["Allow"] == "GET"


def test_an_oversized_chunked_body_is_refused_by_counting(
    client: httpx.Client, credentials: CallerCredentials, sandbox: httpx.Client
) -> None:
    # A valid record padded with JSON whitespace past the 1 MiB limit, sent in chunks with no
    # Content-Length: only counting the bytes as they arrive can refuse it. Without that
    # count the body parses and the record is created.
    record = json.dumps(NEW_RECORD).encode()
    padding = b" " * (64 * 1024)
    chunks = [record[:-1], *([padding] * 17), record[-1:]]
    headers = {**credentials.headers(WRITE_SCOPE), "Content-Type": "application/json"}

    response = client.post(PATH, content=iter(chunks), headers=headers)

    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert vendor_call_count(sandbox, "create") == 0


def test_create_needs_the_write_scope(client: httpx.Client, credentials: CallerCredentials) -> None:
    response = client.post(PATH, json=NEW_RECORD, headers=credentials.headers(READ_SCOPE))

    assert response.status_code == 403
    assert response.json()["code"] == "FORBIDDEN"


def test_malformed_idempotency_key_is_rejected(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    key = "k" * 300
    response = create(client, credentials, NEW_RECORD, key=key)

    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "VALIDATION_FAILED"
    (error,) = problem["errors"]
    assert (error["parameter"], error["in"]) == ("Idempotency-Key", "header")
    assert error["detail"]
    assert key not in error["detail"]  # the detail explains; it does not echo the input


def test_vendor_rejection_is_summarised_safely(
    client: httpx.Client, credentials: CallerCredentials, sandbox: httpx.Client
) -> None:
    inject_fault(sandbox, "create", "status", status=400)

    response = create(client, credentials, NEW_RECORD)

    assert response.status_code == 502
    assert response.json()["code"] == "UPSTREAM_REJECTED"


def test_a_body_that_is_not_utf8_is_a_validation_problem(
    client: httpx.Client, credentials: CallerCredentials
) -> None:
    response = client.post(
        PATH,
        content=b"\x1f\xff\xfe",
        headers={**credentials.headers(WRITE_SCOPE), "Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert response.json()["code"] == "VALIDATION_FAILED"
